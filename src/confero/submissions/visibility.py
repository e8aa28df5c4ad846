"""Who may see a submission and its authors. Review features build on these helpers."""

from __future__ import annotations

from confero.people.permissions import is_organizer, is_pc_member


def is_author(user, submission) -> bool:
    """A logged-in user linked to one of the submission's author rows."""
    if not getattr(user, "is_authenticated", False):
        return False
    return submission.authors.filter(user=user).exists()


def can_view(user, submission) -> bool:
    """The submission's own authors and the workshop's organizers (PC access comes with assignments)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_author(user, submission) or is_organizer(user, submission.workshop) or user.is_superuser


def can_edit(user, submission) -> bool:
    return can_view(user, submission)


def visible_authors(submission, viewer) -> list:
    """The author rows ``viewer`` may see: all for the submission's authors and the organizers; none for a
    PC member of a double-blind workshop; all for PC members of single-blind/open workshops; none for
    anybody else."""
    from confero.workshops.models import Workshop

    authors = list(submission.authors.all())
    if not getattr(viewer, "is_authenticated", False):
        return []
    if any(a.user_id == viewer.pk for a in authors) or is_organizer(viewer, submission.workshop):
        return authors
    if is_pc_member(viewer, submission.workshop):
        return [] if submission.workshop.anonymity == Workshop.Anonymity.DOUBLE_BLIND else authors
    return []
