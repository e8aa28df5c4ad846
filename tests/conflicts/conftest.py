"""A small OS-FMs committee whose profiles and submissions give every kind of conflict evidence.

Reference year 2025 (pass ``reference_year=2025`` to detection):
- Rita (PC, uni-b.edu, co-author of Carl Coauthor in 2024) — #1 has an author at uni-b.edu (certain, same
  institution), #2 is written by Carl (certain, co-author naming their 2024 paper);
- Paul (PC, at uni-d.edu until 2023) — #3 has an author at uni-d.edu (potential, former institution);
- Gina (PC, a gmail.com address) — #4 is written by someone else at gmail.com (no conflict: webmail);
- Olga (organizer, uni-a.edu) — #5 has an author at uni-a.edu (certain: Olga stops overseeing #5).
"""

from __future__ import annotations

import pytest

from tests.cast import ROLES  # noqa: F401  (the roles of the permission matrix's cast)

YEAR = 2025


@pytest.fixture
def make_paper(workshop, organizer):
    """make_paper(title, [(name, email, affiliation), ...]) -> a submission (database rows only, no PDF)."""
    from confero.submissions.models import Submission, SubmissionAuthor

    def make(title, authors, number=None):
        number = number or (Submission.objects.filter(workshop=workshop).count() + 1)
        sub = Submission.objects.create(
            workshop=workshop,
            number=number,
            title=title,
            abstract="Abstract.",
            category=workshop.categories.first(),
            primary_topic=workshop.topics.first(),
            previously_published=False,
            policies_agreed=True,
            created_by=organizer,
        )
        for i, (name, email, affiliation) in enumerate(authors):
            SubmissionAuthor.objects.create(
                submission=sub, order=i, name=name, email=email, affiliation=affiliation
            )
        return sub

    return make


@pytest.fixture
def committee(workshop, organizer, make_user, make_paper):
    from confero.committee.models import Publication
    from confero.people.models import Affiliation, Role

    def pc(email, name):
        user = make_user(email=email, name=name)
        Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
        return user

    rita = pc("rita@uni-b.edu", "Rita Reviewer")
    Affiliation.objects.create(
        user=rita, institution="University B", email_domain="uni-b.edu", start_year=2019
    )
    Publication.objects.create(
        user=rita, title="Open weights at scale", year=2024, authors=["Rita Reviewer", "Carl Coauthor"]
    )
    paul = pc("paul@paul-home.example", "Paul Past")
    Affiliation.objects.create(
        user=paul, institution="University D", email_domain="uni-d.edu", start_year=2015, end_year=2023
    )
    gina = pc("gina@gmail.com", "Gina Gmail")
    Affiliation.objects.create(user=organizer, institution="University A", email_domain="uni-a.edu")
    papers = [
        make_paper(
            "Open data", [("Ada Author", "ada@uni-c.edu", "Uni C"), ("Bob Bee", "bob@uni-b.edu", "Uni B")]
        ),
        make_paper("Open evaluation", [("Carl Coauthor", "carl@carl.example", "Carl Lab")]),
        make_paper("Open training", [("Dora Dee", "dora@uni-d.edu", "University D")]),
        make_paper("Open agents", [("Wendy Web", "wendy@gmail.com", "")]),
        make_paper("Open compute", [("Ann Ay", "ann@uni-a.edu", "University A")]),
    ]
    return {"rita": rita, "paul": paul, "gina": gina, "olga": organizer, "papers": papers}


def pairs(workshop):
    """{(number, person e-mail): status} of the workshop's conflicts."""
    from confero.conflicts.models import Conflict

    return {
        (c.submission.number, c.person.email): c.status
        for c in Conflict.objects.filter(workshop=workshop).select_related("submission", "person")
    }
