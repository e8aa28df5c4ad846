"""The OS-FMs demo workshop: built from the shipped facts (data/os-fms-2025.json) and demo papers.

``load_demo(now=None)`` is idempotent: running it again updates the same workshop, people and submissions
instead of adding copies. The real OS-FMs dates stay the facts, but the submission window is set relative
to ``now`` (open since 14 days, deadline in 14 days at 23:59:59 AoE; notification and camera-ready keep the
real gaps after the deadline) so people can submit in the demo.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import demo_data as D
from . import services
from .models import AOE, Deadline, Workshop

DEMO_LOGINS = {  # role -> (e-mail, name, affiliation)
    "organizer": ("organizer@confero.example", "Demo Organizer", "Confero Demo"),
    "pc": ("pc@confero.example", "Demo Reviewer", "Confero Demo"),
    "author": ("author@confero.example", "Demo Author", "Confero Demo"),
}
N_SUBMISSIONS = 60
SEED = 2025


@dataclass
class DemoResult:
    workshop: Workshop
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, password)
    created_submissions: int = 0
    submissions: int = 0


def _description(f: dict) -> str:
    o = f["outcomes"]
    return (
        f"**{f['name']} ({f['acronym']})** is a workshop at {f['host']}. It brings together researchers who "
        "make foundation-model research open: open datasets, open models, open training protocols, open "
        "evaluation and open efficiency techniques, so that everyone can study, reproduce and build on them.\n\n"
        f"All accepted papers are presented as posters in {o['poster_sessions']} poster sessions; {o['orals']} "
        f"are selected for {o['oral_minutes']}-minute oral presentations and {o['outstanding_paper_awards']} "
        f"receive outstanding paper awards. Remote authors: {o['remote_authors']}.\n\n"
        f"Format: {f['submission_format']}. Expected attendance: {f['expected_attendance']}. "
        f"Travel grants: {f['travel_grants']}.\n\n"
        "*This is a Confero demo installation: the submission window is set relative to today so that you "
        f"can try submitting. The real {f['acronym']} 2025 call closed on {f['timeline']['submission_deadline']} "
        "AoE.*"
    )


def _policies(f: dict) -> str:
    p = f["policies"]
    items = [
        ("Novelty", p["novelty"]),
        ("Openness", p["openness"]),
        ("Publication", p["publication"]),
        ("Conflicts of interest", p["conflicts"]),
        ("Organizer submissions", p["organizer_submissions"]),
        (
            "Reviewing",
            f"{p['reviews_per_paper']} reviews per paper; {f['pc_policy']}; review guidelines are "
            f"{p['review_guidelines']}",
        ),
    ]
    return "\n".join(f"- **{k}**: {v}." for k, v in items)


def _workshop(f: dict) -> Workshop:
    o, p = f["outcomes"], f["policies"]
    fields = {
        "name": f["name"],
        "acronym": f["acronym"],
        "venue": f["host"].split(" (")[0],
        "description": _description(f),
        "policies": _policies(f),
        "anonymity": "double-blind",
        "reviewers_per_paper": p["reviews_per_paper"],
        "min_research_areas": p["reviewer_research_areas_per_paper_at_least"],
        "num_orals": o["orals"],
        "num_awards": o["outstanding_paper_awards"],
        "archival": p["archival"],
        "contact_email": "os-fms-organizers@confero.example",
        "is_published": True,
    }
    ws = Workshop.objects.filter(slug=D.DEMO_SLUG).first()
    if ws is None:
        return services.create_workshop(slug=D.DEMO_SLUG, **fields)
    return services.update_workshop(ws, **fields)


def _deadlines(ws: Workshop, f: dict, now: dt.datetime) -> None:
    t = f["timeline"]
    real = {
        k: dt.date.fromisoformat(t[k])
        for k in ("submission_deadline", "notification", "camera_ready_slides_recording")
    }
    today = timezone.localtime(now, zoneinfo.ZoneInfo(AOE)).date()
    due = today + dt.timedelta(days=14)
    end_of = dt.time(23, 59, 59)
    services.set_deadlines(
        ws,
        {
            Deadline.Kind.SUBMISSION_OPEN: (
                dt.datetime.combine(today - dt.timedelta(days=14), dt.time(0, 0)),
                AOE,
            ),
            Deadline.Kind.SUBMISSION: (dt.datetime.combine(due, end_of), AOE),
            Deadline.Kind.NOTIFICATION: (
                dt.datetime.combine(due + (real["notification"] - real["submission_deadline"]), end_of),
                AOE,
            ),
            Deadline.Kind.CAMERA_READY: (
                dt.datetime.combine(
                    due + (real["camera_ready_slides_recording"] - real["submission_deadline"]), end_of
                ),
                AOE,
            ),
        },
    )


def demo_person(email: str, name: str, affiliation: str, *, password: str | None = None):
    """The demo account of ``email`` (created verified when missing) with its affiliation."""
    from confero.people.models import User
    from confero.people.services import AffiliationData, set_affiliations

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name, email_verified=True)
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    wanted = [(inst.strip(), D.domain_for(inst.strip())) for inst in affiliation.split(" / ") if inst.strip()]
    if not user.affiliations.exists():  # the first spelling of an affiliation wins (organizers come first)
        set_affiliations(user, [AffiliationData(inst, dom) for inst, dom in wanted])
    return user


def _people(ws: Workshop, f: dict, passwords: dict[str, str]) -> dict:
    from confero.people.invitations import grant_role
    from confero.people.models import Role
    from confero.people.services import set_research_areas

    areas = {a.key: a for a in ws.research_areas.all()}
    users = {}
    for person in f["organizers"]:  # the real organizers first: the call for papers lists them in this order
        user = demo_person(
            D.email_for(person["name"], person["affiliation"]), person["name"], person["affiliation"]
        )
        grant_role(ws, user, Role.Kind.ORGANIZER)
    for role, (email, name, aff) in DEMO_LOGINS.items():
        users[role] = demo_person(email, name, aff, password=passwords[role])
    grant_role(ws, users["organizer"], Role.Kind.ORGANIZER)
    grant_role(ws, users["pc"], Role.Kind.PC)
    pc = [users["pc"]]
    for name, aff in f["program_committee"]:
        pc.append(demo_person(D.email_for(name, aff), name, aff))
    for user in pc:
        grant_role(ws, user, Role.Kind.PC)
        wanted = {areas[k] for k in D.areas_for(user.name)}
        if set(user.research_areas.filter(workshop=ws)) != wanted:
            set_research_areas(user, ws, wanted)
    users["pc_members"] = pc
    return users


def _pdf_pages(title: str, abstract: str, main_pages: int, appendix: bool) -> list[str]:
    import textwrap

    wrap = lambda s: "\n".join(textwrap.wrap(s, 90))  # noqa: E731
    pages = [f"{title}\n\nAnonymous authors\nPaper under double-blind review\n\nAbstract\n{wrap(abstract)}"]
    for n in range(2, main_pages + 1):
        pages.append(f"{n} Section {n}\n" + wrap("Demo placeholder text for the Confero demo. " * 12))
    pages.append("References\n[1] A. Author. A demo reference. Confero Demo Proceedings, 2025.")
    if appendix:
        pages.append("Appendix A: Additional results\n" + wrap("Demo appendix text. " * 10))
    return pages


def _submissions(ws: Workshop, users: dict, now: dt.datetime) -> tuple[int, int]:
    from django.core.files.base import ContentFile

    from confero.people.models import User
    from confero.submissions.data import AuthorData, SubmissionData
    from confero.submissions.models import Submission
    from confero.submissions.samplepdf import make_pdf
    from confero.submissions.services import create_submission

    rng = random.Random(SEED)
    papers = [p for p in D.read_papers() if p.get("title") and len(p.get("abstract") or "") >= 300]
    chosen = sorted(rng.sample(range(len(papers)), min(N_SUBMISSIONS, len(papers))))
    topics = {t.key: t for t in ws.topics.all()}
    order = list(topics)
    categories = list(ws.categories.all())
    existing = {
        " ".join(t.split()) for t in Submission.objects.filter(workshop=ws).values_list("title", flat=True)
    }
    demo_author = users["author"]
    created = 0
    for i, idx in enumerate(chosen):
        paper = papers[idx]
        title = " ".join(paper["title"].split())
        prng = random.Random(D.stable_int(paper["id"]))  # per paper: stable whatever else changes
        names, n_authors = [], prng.randint(1, 4)
        while len(names) < n_authors:
            name = f"{prng.choice(D.FIRST_NAMES)} {prng.choice(D.LAST_NAMES)}"
            if name not in names:
                names.append(name)
        inst, dom = D.AUTHOR_INSTITUTIONS[prng.randrange(len(D.AUTHOR_INSTITUTIONS))]
        authors = [AuthorData(n, f"{n.lower().replace(' ', '.')}@{dom}", inst) for n in names]
        if i < 3:  # the demo author's own papers
            authors.insert(0, AuthorData(demo_author.name, demo_author.email, "Confero Demo"))
        if i % 10 == 5:  # a PC member co-authors: a conflict of interest to detect
            member = users["pc_members"][1 + (i // 10) % (len(users["pc_members"]) - 1)]
            aff = member.affiliations.first()
            authors.append(AuthorData(member.name, member.email, aff.institution if aff else ""))
        if title in existing:
            continue
        submitter = User.objects.filter(email=authors[0].email).first()
        if submitter is None:
            submitter = User.objects.create_user(
                email=authors[0].email, password=None, name=authors[0].name, email_verified=True
            )
        primary, secondary = D.topics_for(title, paper["abstract"], order)
        category = categories[i % len(categories)]
        main = prng.randint(max(1, category.max_pages - 4), category.max_pages)
        pdf = make_pdf(_pdf_pages(title, paper["abstract"], main, appendix=i % 4 == 3), title=title)
        data = SubmissionData(
            title=title,
            abstract=paper["abstract"],
            category=category,
            primary_topic=topics[primary],
            secondary_topic=topics[secondary] if secondary else None,
            authors=authors,
            artifacts=[("code", f"https://code.confero.example/demo/paper-{i + 1}", "demo code")]
            if i % 3 == 0
            else [],
            previously_published=False,
            policies_agreed=True,
        )
        create_submission(
            workshop=ws, user=submitter, data=data, pdf=ContentFile(pdf, name="paper.pdf"), now=now
        )
        existing.add(title)
        created += 1
    return created, Submission.objects.filter(workshop=ws).count()


def load_demo(
    now: dt.datetime | None = None, *, password: str | None = None, submissions: bool = True
) -> DemoResult:
    """Create or refresh the OS-FMs demo workshop. Returns the workshop, demo logins and counts."""
    now = now or timezone.now()
    password = password or secrets.token_urlsafe(9)
    facts = D.read_facts()
    with transaction.atomic():
        ws = _workshop(facts)
        services.set_topics(
            ws, [{"key": t["key"], "title": t["title"], "scope": t["scope"]} for t in facts["topics"]]
        )
        services.set_categories(
            ws,
            [
                {"key": c["key"], "title": c["title"], "max_pages": c["max_pages"], "description": ""}
                for c in facts["submission_categories"]
            ],
        )
        services.set_research_areas(ws, [{"key": k, "name": n} for k, n in D.RESEARCH_AREAS])
        _deadlines(ws, facts, now)
        users = _people(ws, facts, {role: password for role in DEMO_LOGINS})
    result = DemoResult(workshop=ws, logins=[(role, DEMO_LOGINS[role][0], password) for role in DEMO_LOGINS])
    if submissions:
        result.created_submissions, result.submissions = _submissions(ws, users, now)
    _reading_list(ws)
    return result


def _reading_list(ws) -> None:
    """The field's papers (small invented listings shipped with the feed app), ranked and published — once:
    loading the demo again leaves the library (and the audit log) as it is."""
    from confero.feed import demo as feed_demo
    from confero.feed.models import LibraryPaper

    if not LibraryPaper.objects.filter(workshop=ws).exists():
        feed_demo.seed(ws)
