"""Who presents each accepted paper's poster.

In order: the presenter the camera-ready step designates (see :func:`designated`), else the author
organizers chose here (:class:`PresenterChoice`), else — nobody chosen yet — every author of the paper,
because any of them may be the one at the poster. A person is known by their account when the author
entry is linked to one, otherwise by e-mail address, so one person on several papers is one person.
"""

from __future__ import annotations

from dataclasses import dataclass

from confero.submissions.models import SubmissionAuthor

from .models import PresenterChoice


@dataclass(frozen=True)
class Person:
    key: str  # "user:12" or "email:ana@uni.edu"
    name: str


def person(author: SubmissionAuthor) -> Person:
    key = f"user:{author.user_id}" if author.user_id else f"email:{author.email.strip().lower()}"
    return Person(key, author.name)


def designated(submission_ids) -> dict[int, int]:
    """Submission id -> SubmissionAuthor id of the presenter designated at camera-ready (papers whose
    authors have not designated one are left out)."""
    from confero.camera.models import CameraReady

    return dict(
        CameraReady.objects.filter(
            submission_id__in=list(submission_ids), presenter__isnull=False
        ).values_list("submission_id", "presenter_id")
    )


def presenters(submission_ids) -> dict[int, tuple[list[Person], str]]:
    """Submission id -> (people who present it, where that comes from: "camera-ready", "organizers" or
    "all authors")."""
    ids = list(submission_ids)
    authors: dict[int, list[SubmissionAuthor]] = {pk: [] for pk in ids}
    for author in SubmissionAuthor.objects.filter(submission_id__in=ids).order_by("submission_id", "order"):
        authors[author.submission_id].append(author)
    chosen = dict(
        PresenterChoice.objects.filter(submission_id__in=ids).values_list("submission_id", "author_id")
    )
    fixed = designated(ids)
    out = {}
    for pk, rows in authors.items():
        by_id = {a.pk: a for a in rows}
        if fixed.get(pk) in by_id:
            out[pk] = ([person(by_id[fixed[pk]])], "camera-ready")
        elif chosen.get(pk) in by_id:
            out[pk] = ([person(by_id[chosen[pk]])], "organizers")
        else:
            out[pk] = ([person(a) for a in rows], "all authors")
    return out
