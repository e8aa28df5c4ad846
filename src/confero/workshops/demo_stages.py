"""The demo workshop at a later stage of its review cycle (``confero demo --stage …``).

Each stage adds to the previous ones, through the same services the pages call (so the data is what
people would have made by hand: audited, mailed to the outbox, checked by the permission table):

- ``submission``: the call is open (the plain demo);
- ``bidding``: the call has closed; PC profiles (publications, load) confirmed, conflicts found and
  confirmed, the demo chair in conflict with the demo author's papers, and bids;
- ``reviewing``: a matching run published (three reviewers per paper), most reviews submitted, some drafts;
- ``decision``: a discussion on the papers whose reviewers disagree, decisions staged (not released);
- ``program``: decisions released (authors mailed), poster sessions and the day's program released; the
  accepted papers' camera-ready (final PDF, poster, slides for orals, a video for remote presenters when
  ffmpeg is installed) so the public site lists them; a travel-grant call with applications.

Running it again is safe: what exists is kept (``load_demo`` is idempotent; every step here skips what is
done). Content is seeded: the same stage gives the same data.
"""

from __future__ import annotations

import datetime as dt
import os
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from . import demo_data as D
from .demo import DEMO_LOGINS, demo_person
from .demo_reviews import discuss, review_answers

STAGES = ("submission", "bidding", "reviewing", "decision", "program")
PHASE_OF = {
    "submission": "submission",
    "bidding": "bidding",
    "reviewing": "reviewing",
    "decision": "decision",
    "program": "released",
}
# Stages after submission: the call closed two weeks ago (the demo's window moved back by this much).
CLOSED_SINCE = dt.timedelta(days=28)
CHAIR = ("chair@confero.example", "Demo Chair (conflicted)", "Confero Demo")
SEED = 7


def _switch(ws, kind: str, actor) -> None:
    from confero import permissions
    from confero.phases import services as phases

    if phases.current(ws).kind != kind:
        phases.switch_to(ws, kind, actor=actor)
        phases.forget(ws)
    permissions.forget()


def _chair(ws, password: str):
    from confero.people.invitations import grant_role
    from confero.people.models import Role

    user = demo_person(*CHAIR, password=password)
    grant_role(ws, user, Role.Kind.ORGANIZER)
    return user


def _people(ws):
    from confero.people.models import Role, User

    by_email = {u.email: u for u in User.objects.filter(email__in=[v[0] for v in DEMO_LOGINS.values()])}
    pc = list(User.objects.filter(roles__workshop=ws, roles__kind=Role.Kind.PC).order_by("pk").distinct())
    return {role: by_email[v[0]] for role, v in DEMO_LOGINS.items()} | {"pc_members": pc}


def _committee(ws, people, rng: random.Random) -> None:
    """Each PC member: three publications (corpus papers not submitted), a load, a confirmed profile."""
    from confero.committee import publications, services
    from confero.committee.models import Publication

    titles = set(ws.submissions.values_list("title", flat=True))
    pool = [p for p in D.read_papers() if p.get("title") and " ".join(p["title"].split()) not in titles]
    for member in people["pc_members"]:
        if not Publication.objects.filter(user=member).exists():
            for k, paper in enumerate(random.Random(D.stable_int(member.email)).sample(pool, 3)):
                publications.add_publication(
                    member, title=paper["title"], abstract=paper.get("abstract") or "", year=2022 + k,
                    authors=[member.name], workshop=ws,
                )  # fmt: skip
        services.set_own_load(ws, member, rng.choice([5, 6, 6, 8]))
        services.confirm_profile(ws, member)


def _conflicts(ws, people) -> None:
    """Confero's detection, its findings confirmed; the chair in conflict with the demo author's papers."""
    from confero.conflicts import detection, services
    from confero.conflicts.models import Conflict

    organizer = people["organizer"]
    detection.run_detection(ws, actor=organizer)
    potential = Conflict.objects.filter(workshop=ws, status=Conflict.Status.POTENTIAL)
    services.decide_many(ws, {c.pk: c.status for c in potential}, Conflict.Status.CONFIRMED, actor=organizer)
    chair = people["chair"]
    for sub in ws.submissions.filter(authors__email=people["author"].email).distinct():
        if not Conflict.objects.filter(submission=sub, person=chair, status="confirmed").exists():
            services.add_conflict(ws, sub, chair, "former advisor of the first author", actor=organizer)


def _bids(ws, people, rng: random.Random) -> None:
    from confero import permissions
    from confero.bidding import services
    from confero.bidding.models import Bid

    papers = list(ws.submissions.filter(status="submitted").order_by("number"))
    for member in people["pc_members"]:
        if member == people["pc"] or Bid.objects.filter(reviewer=member, workshop=ws).exists():
            continue  # the demo reviewer's bids are left to whoever tries the demo
        mine = random.Random(D.stable_int(member.email + "bids"))
        for sub in mine.sample(papers, min(12, len(papers))):
            sub.workshop = ws
            if permissions.can(member, "bid.place", sub):
                services.place_bid(member, sub, mine.choice([2, 1, 1, -1, -2]))


def _match(ws, people) -> None:
    """A matching run (the engine, TF-IDF affinity unless CONFERO_AFFINITY_MODEL says otherwise), published;
    the demo reviewer gets at least three papers."""
    from confero.matching import assignments, pipeline, publish, services
    from confero.matching.models import Assignment, MatchingRun
    from confero.matching.params import RunParams

    organizer = people["organizer"]
    if services.published_run(ws) is None:
        model = os.environ.get("CONFERO_AFFINITY_MODEL", "tfidf")
        with override_settings(CONFERO_AFFINITY_MODEL=model), transaction.atomic():
            run = services.start_run(organizer, ws, RunParams.defaults_for(ws))
            pipeline.execute(run.pk)  # here, not in the background: the demo waits for it
        run.refresh_from_db()
        if run.status != MatchingRun.Status.DONE:
            raise ValidationError(f"the demo's matching run did not finish: {run.status} {run.message}")
        publish.publish(organizer, run)
    reviewer = people["pc"]
    have = Assignment.objects.filter(workshop=ws, reviewer=reviewer).count()
    for sub in ws.submissions.filter(status="submitted").order_by("-number"):
        if have >= 3:
            break
        try:
            assignments.add_reviewer(organizer, sub, reviewer, origin="manual", over_load_ok=True)
            have += 1
        except ValidationError:
            continue  # a conflict or already assigned: the next paper


def _reviews(ws, people, now) -> None:
    """About 80 % of reviews submitted, 10 % drafts; the demo reviewer's: one submitted, one draft."""
    from confero.matching.models import Assignment
    from confero.reviews.models import Review
    from confero.reviews.services.questions import ensure_form
    from confero.reviews.services.writing import save_draft, submit_review
    from confero.workshops.models import AOE

    from . import services

    ensure_form(ws)
    due = timezone.localdate(now) + dt.timedelta(days=7)
    services.set_deadlines(ws, {"review": (dt.datetime.combine(due, dt.time(23, 59, 59)), AOE)})
    ws.refresh_from_db()
    rows = Assignment.objects.filter(workshop=ws).select_related("submission", "reviewer").order_by("pk")
    mine = 0
    for a in rows:
        if Review.objects.filter(assignment=a).exists():
            continue
        a.submission.workshop = ws
        draw = random.Random(D.stable_int(f"{a.submission.title}/{a.reviewer.email}")).random()
        if a.reviewer == people["pc"]:
            draw, mine = (0.5 if mine == 0 else 0.85 if mine == 1 else 0.95), mine + 1
        answers = review_answers(a.submission, a.reviewer)
        if draw < 0.8:
            submit_review(a.submission, user=a.reviewer, answers=answers, expected_version=0)
        elif draw < 0.9:
            save_draft(
                a.submission, user=a.reviewer, answers={"summary": answers["summary"]}, expected_version=0
            )


def _decisions(ws, people) -> None:
    """Accept papers whose submitted reviews average 6 or more; reject the others (staged)."""
    from django.db.models import Avg

    from confero import permissions
    from confero.decisions import services
    from confero.decisions.models import Decision

    scores = dict(
        ws.submissions.filter(status="submitted", reviews__status="submitted")
        .annotate(mean=Avg("reviews__overall"))
        .values_list("pk", "mean")
    )
    deciders = [people["organizer"], people["chair"], *_organizers(ws)]
    for sub in ws.submissions.filter(pk__in=scores).order_by("number"):
        sub.workshop = ws
        if Decision.objects.filter(submission=sub).exists():
            continue
        outcome = "accept" if scores[sub.pk] >= 6 else "reject"
        note = "Congratulations!" if outcome == "accept" else "Thank you for submitting to OS-FMs."
        # The demo organizer, unless in conflict with the paper (e.g. same institution): another one then.
        actor = next(u for u in deciders if permissions.can(u, "decision.set", sub))
        services.stage(sub, outcome=outcome, note=note, actor=actor, expected_version=0)


def _organizers(ws) -> list:
    from confero.people.models import Role, User

    return list(User.objects.filter(roles__workshop=ws, roles__kind=Role.Kind.ORGANIZER).order_by("pk"))


def _program(ws, people, now) -> None:
    """Decisions released, two poster sessions solved and published, the day's program released."""
    from confero.decisions import services as decisions
    from confero.program import posters, releases, services
    from confero.program.models import Slot

    organizer = people["organizer"]
    for actor in [organizer, *_organizers(ws)]:  # each releases the decisions of the papers they oversee
        if decisions.pending(ws, actor):
            decisions.release(ws, actor=actor)
    _switch(ws, "released", organizer)
    _orals_and_awards(ws, [organizer, *_organizers(ws)])
    if not Slot.objects.filter(workshop=ws).exists():
        # The demo author cannot stand at three posters in two sessions: co-authors present the others.
        mine = ws.submissions.filter(
            authors__email=people["author"].email, decision__released_outcome="accept"
        ).order_by("number")
        for sub in list(mine.distinct())[1:]:
            other = sub.authors.exclude(email=people["author"].email).order_by("order").first()
            if other is not None:
                posters.choose_presenter(organizer, sub, other)
        posters.solve(organizer, ws, time_limit=10.0)
        posters.publish(organizer, ws)
        day = timezone.localdate(now) + dt.timedelta(days=60)
        services.seed(organizer, ws, date=day, timezone="Asia/Singapore")
    if releases.latest(ws) is None:
        releases.release(organizer, ws, note="First version of the day's program.")


def _orals_and_awards(ws, organizers) -> None:
    """The best-ranked accepted papers become the orals and the awards, voted and chosen by organizers who
    may (an organizer never votes on a paper they wrote or are in conflict with)."""
    from confero import permissions
    from confero.awards import services as awards
    from confero.awards.models import Kind, Pick
    from confero.awards.ranking import ranking
    from confero.awards.selectors import limit

    for kind in (Kind.ORAL, Kind.AWARD):
        for actor in organizers:
            wanted = limit(ws, kind) - Pick.objects.filter(workshop=ws, kind=kind).count()
            if wanted <= 0:
                break
            taken = set(Pick.objects.filter(workshop=ws, kind=kind).values_list("submission_id", flat=True))
            for row in sorted(ranking(actor, ws), key=lambda r: r.sort_key):
                if wanted <= 0:
                    break
                if row.paper.pk in taken or not permissions.can(actor, "award.choose", row.paper):
                    continue
                awards.vote(actor, row.paper, kind)
                awards.pick(actor, row.paper, kind)
                wanted -= 1


def _after_decisions(ws) -> None:
    """Camera-ready for the accepted papers (published on the public site) and travel grants."""
    from confero.camera import demo as camera_demo
    from confero.grants import demo as grants_demo

    camera_demo.seed(ws)  # videos only when ffmpeg is installed
    grants_demo.seed(ws)


def advance(ws, stage: str, *, password: str, now: dt.datetime | None = None) -> list[tuple[str, str, str]]:
    """Bring the demo workshop ``ws`` (loaded by :func:`~confero.workshops.demo.load_demo`) to ``stage``.
    Returns the logins to print: (role, e-mail, password)."""
    if stage not in STAGES:
        raise ValidationError(f"unknown stage {stage!r}; stages are {', '.join(STAGES)}")
    now = now or timezone.now()
    rng = random.Random(SEED)
    step = STAGES.index(stage)
    people = _people(ws)
    people["chair"] = _chair(ws, password)
    organizer = people["organizer"]
    if step >= 1:
        _committee(ws, people, rng)
        _conflicts(ws, people)
        _switch(ws, "bidding", organizer)
        _bids(ws, people, rng)
    if step >= 2:
        _match(ws, people)
        _switch(ws, "reviewing", organizer)
        _reviews(ws, people, now)
    if step >= 3:
        _switch(ws, "discussion", organizer)
        discuss(ws, people)
        _switch(ws, "decision", organizer)
        _decisions(ws, people)
    if step >= 4:
        _program(ws, people, now)
        _after_decisions(ws)
    _switch(ws, PHASE_OF[stage], organizer)
    return [
        ("organizer", people["organizer"].email, password),
        ("organizer, conflicted", people["chair"].email, password),
        ("reviewer", people["pc"].email, password),
        ("author", people["author"].email, password),
    ]
