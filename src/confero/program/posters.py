"""Poster sessions in the web app: solve with the engine, move papers by hand (with clash warnings),
choose presenters, publish. Every change is audited; only organizers (``poster.manage``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.awards.selectors import accepted, marks
from confero.engine import posters as engine
from confero.submissions.models import SubmissionAuthor

from .models import PosterPlan, PosterSpot, PresenterChoice
from .presenters import presenters

MAX_SESSIONS = 6


def plan_of(workshop) -> PosterPlan:
    return PosterPlan.objects.get_or_create(workshop=workshop)[0]


def engine_input(workshop, *, keep_pins: bool = True):
    """(accepted papers as engine records, {person key: name}, {submission id: submission})."""
    papers = list(accepted(workshop).select_related("primary_topic"))
    people = presenters(p.pk for p in papers)
    pins = {}
    if keep_pins:
        pins = dict(
            PosterSpot.objects.filter(workshop=workshop, pinned=True).values_list("submission_id", "session")
        )
    oral = marks(workshop)
    names, records = {}, []
    for paper in papers:
        who, _ = people[paper.pk]
        for p in who:
            names.setdefault(p.key, p.name)
        records.append(
            engine.PosterPaper(
                id=str(paper.number),
                topic=paper.primary_topic.key,
                presenters=tuple(p.key for p in who),
                session=pins.get(paper.pk),
                oral="oral" in oral.get(paper.pk, set()),
            )
        )
    return records, names, {str(p.number): p for p in papers}


def _topic_order(workshop) -> list[str]:
    return list(workshop.topics.order_by("order", "id").values_list("key", flat=True))


def _renumber(workshop, plan) -> None:
    """Boards 1, 2, … per session grouped by topic, after any change."""
    records, _, by_number = engine_input(workshop, keep_pins=False)
    spots = {s.submission_id: s for s in PosterSpot.objects.filter(workshop=workshop)}
    session_of = {r.id: spots[by_number[r.id].pk].session for r in records if by_number[r.id].pk in spots}
    placed = [r for r in records if r.id in session_of]
    boards = engine.board_numbers(placed, session_of, _topic_order(workshop))
    for number, board in boards.items():
        spots[by_number[number].pk].board = board
    PosterSpot.objects.bulk_update(list(spots.values()), ["board"])


@transaction.atomic
def solve(user, workshop, *, sessions: int | None = None, keep_pins: bool = True, time_limit: float = 30.0):
    """Split every accepted paper into sessions (the engine); papers an organizer pinned stay. Raises
    :class:`confero.engine.posters.PosterInfeasible` (reasons in words) and changes nothing then."""
    permissions.require(user, "poster.manage", workshop)
    plan = PosterPlan.objects.select_for_update().get(pk=plan_of(workshop).pk)
    sessions = plan.sessions if sessions is None else sessions
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValidationError({"sessions": f"between 1 and {MAX_SESSIONS} sessions, got {sessions}"})
    records, names, by_number = engine_input(workshop, keep_pins=keep_pins)
    if not records:
        raise ValidationError("there are no accepted papers yet (decisions must be released first)")
    labels = {r.id: r.name for r in records}
    for r in records:
        if r.session is not None and r.session > sessions:
            raise ValidationError(f"{labels[r.id]} is pinned to session {r.session} but there are {sessions}")
    result = engine.solve(
        records, sessions, names=names, topic_order=_topic_order(workshop), time_limit=time_limit
    )
    pinned = {r.id for r in records if r.session is not None}
    PosterSpot.objects.filter(workshop=workshop).exclude(submission__in=by_number.values()).delete()
    for number, session in result.session_of.items():
        PosterSpot.objects.update_or_create(
            submission=by_number[number],
            defaults={
                "workshop": workshop,
                "session": session,
                "board": result.board_of[number],
                "pinned": number in pinned,
            },
        )
    plan.sessions, plan.solver_status = sessions, result.status
    plan.objective, plan.bound, plan.seconds = result.objective, result.bound, result.seconds
    plan.solved_at, plan.changed_since_publish = timezone.now(), plan.published_at is not None
    plan.save()
    record(
        "posters.solved",
        actor=user,
        workshop=workshop,
        obj=plan,
        summary=f"{len(records)} papers in {sessions} poster sessions (sizes {result.sizes}, {result.status})",
        sizes=result.sizes,
        status=result.status,
        pinned=sorted(pinned),
    )
    return result


@transaction.atomic
def move(user, submission, session: int) -> list[str]:
    """Put a paper's poster in ``session`` by hand (it stays there when solving again). Returns the
    presenter clashes the move leaves, in words (a warning, not a refusal)."""
    workshop = submission.workshop
    permissions.require(user, "poster.manage", workshop)
    plan = PosterPlan.objects.select_for_update().get(pk=plan_of(workshop).pk)
    if not 1 <= session <= plan.sessions:
        raise ValidationError({"session": f"choose a session from 1 to {plan.sessions}"})
    if not accepted(workshop).filter(pk=submission.pk).exists():
        raise ValidationError(f"#{submission.number} is not an accepted paper")
    spot = PosterSpot.objects.filter(submission=submission).first()
    before = spot.session if spot else None
    PosterSpot.objects.update_or_create(
        submission=submission, defaults={"workshop": workshop, "session": session, "board": 0, "pinned": True}
    )
    _renumber(workshop, plan)
    plan.solver_status, plan.changed_since_publish = "manual", plan.published_at is not None
    plan.save(update_fields=["solver_status", "changed_since_publish"])
    record(
        "posters.moved",
        actor=user,
        workshop=workshop,
        obj=submission,
        summary=f"#{submission.number} poster moved to session {session}"
        + (f" (was {before})" if before else ""),
        number=submission.number,
        session=session,
        previous=before,
    )
    return warnings(workshop)


@transaction.atomic
def unpin(user, submission) -> None:
    permissions.require(user, "poster.manage", submission.workshop)
    if PosterSpot.objects.filter(submission=submission, pinned=True).update(pinned=False):
        record(
            "posters.unpinned",
            actor=user,
            workshop=submission.workshop,
            obj=submission,
            summary=f"#{submission.number} poster free to move when solving again",
            number=submission.number,
        )


@transaction.atomic
def choose_presenter(user, submission, author: SubmissionAuthor | None) -> None:
    """The author who presents the poster (None: any author, as before)."""
    permissions.require(user, "poster.manage", submission.workshop)
    if author is not None and author.submission_id != submission.pk:
        raise ValidationError({"author": f"not an author of #{submission.number}"})
    if author is None:
        PresenterChoice.objects.filter(submission=submission).delete()
    else:
        PresenterChoice.objects.update_or_create(
            submission=submission, defaults={"author": author, "chosen_by": user}
        )
    record(
        "posters.presenter_chosen",
        actor=user,
        workshop=submission.workshop,
        obj=submission,
        summary=f"#{submission.number} presented by {author.name if author else 'any author'}",
        number=submission.number,
        author=author.name if author else None,
    )


@transaction.atomic
def publish(user, workshop) -> PosterPlan:
    """Mark the sessions final (the program's poster slots and the public site show them). Refused while
    a presenter clash or an unplaced accepted paper remains."""
    permissions.require(user, "poster.manage", workshop)
    plan = PosterPlan.objects.select_for_update().get(pk=plan_of(workshop).pk)
    problems = warnings(workshop)
    if problems:
        raise ValidationError(["Fix these first:", *problems])
    plan.published_at, plan.published_by, plan.changed_since_publish = timezone.now(), user, False
    plan.save(update_fields=["published_at", "published_by", "changed_since_publish"])
    record("posters.published", actor=user, workshop=workshop, obj=plan, summary="poster sessions published")
    return plan


def warnings(workshop) -> list[str]:
    """Presenter clashes and accepted papers without a session, in words."""
    records, names, by_number = engine_input(workshop, keep_pins=False)
    spots = dict(PosterSpot.objects.filter(workshop=workshop).values_list("submission_id", "session"))
    session_of = {r.id: spots[by_number[r.id].pk] for r in records if by_number[r.id].pk in spots}
    labels = {r.id: r.name for r in records}
    out = [c.describe(names, labels) + " at once" for c in engine.clashes(records, session_of)]
    missing = [r.name for r in records if r.id not in session_of]
    if missing and session_of:
        out.append(f"{engine.words(missing)} {'has' if len(missing) == 1 else 'have'} no poster session yet")
    return out
