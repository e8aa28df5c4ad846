"""A workshop with one paper and a person in every role towards it — the cast of the permission matrix.

Registered for every test directory by tests/conftest.py (``cast`` fixture; ``ROLES`` here).

Paper #1 is double-blind, written by ``author`` and ``coauthor`` and by the organizer ``org_author``; the
organizer ``org_conflicted`` and the PC member ``pc_conflicted`` have conflicts with it (declared by the
authors, and confirmed by an organizer, respectively); ``manager`` is the organizer who manages it;
``reviewer_done`` and ``reviewer_draft`` are assigned (one review submitted, one draft); ``pc_conflicted``
was assigned before its conflict was confirmed; ``pc_unassigned`` is on the PC; ``other_org`` organizes
another workshop; ``superuser`` is the installation's operator.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

ROLES = [
    "anonymous",
    "author",
    "coauthor",
    "organizer",
    "org_conflicted",
    "org_author",
    "manager",
    "reviewer_done",
    "reviewer_draft",
    "pc_unassigned",
    "pc_conflicted",
    "superuser",
    "other_org",
]


@pytest.fixture
def cast(db, workshop, other_workshop, make_user, make_data, upload):
    from confero.conflicts.models import Conflict
    from confero.matching.models import Assignment
    from confero.people.models import Role
    from confero.reviews.models import Review
    from confero.submissions import services
    from confero.submissions.services import AuthorData

    people = {"anonymous": AnonymousUser()}
    for name in ROLES[1:]:
        domain = name.replace("_", "-")
        people[name] = make_user(email=f"{name}@{domain}.example.org", name=name.replace("_", " ").title())
    people["superuser"].is_superuser = True
    people["superuser"].save(update_fields=["is_superuser"])
    for name in ("organizer", "org_conflicted", "org_author", "manager"):
        Role.objects.create(workshop=workshop, user=people[name], kind=Role.Kind.ORGANIZER)
    for name in ("reviewer_done", "reviewer_draft", "pc_unassigned", "pc_conflicted"):
        Role.objects.create(workshop=workshop, user=people[name], kind=Role.Kind.PC)
    Role.objects.create(workshop=other_workshop, user=people["other_org"], kind=Role.Kind.ORGANIZER)

    author = people["author"]
    data = make_data(
        author,
        authors=[
            AuthorData("Alice Quillfeather", author.email, "Uni A"),
            AuthorData("Bruno Inkwright", people["coauthor"].email, "Uni B"),
            AuthorData("Carla Penhallow", people["org_author"].email, "Uni C"),
        ],
        conflicts=[(people["org_conflicted"], "former advisor")],
    )
    paper = services.create_submission(workshop=workshop, user=author, data=data, pdf=upload())
    paper.manager = people["manager"]
    paper.save(update_fields=["manager"])
    for label, name in (("A", "reviewer_done"), ("B", "reviewer_draft"), ("C", "pc_conflicted")):
        a = Assignment.objects.create(
            workshop=workshop, submission=paper, reviewer=people[name], label=label, origin="manual"
        )
        status = "submitted" if name == "reviewer_done" else "draft"
        Review.objects.create(
            assignment=a,
            submission=paper,
            reviewer=people[name],
            status=status,
            submitted_at=timezone.now() if status == "submitted" else None,
            answers={"summary": "ok"},
            overall=6,
            confidence=3,
        )
    Conflict.objects.create(
        workshop=workshop,
        submission=paper,
        person=people["pc_conflicted"],
        origin=Conflict.Origin.REVIEWER,
        status=Conflict.Status.CONFIRMED,
        reason="same lab",
    )
    return people, paper
