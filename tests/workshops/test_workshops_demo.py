"""The OS-FMs demo loader: contents, reserved e-mail domains, relative deadlines, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from confero.audit.models import AuditEvent
from confero.people.models import Affiliation, Role, User
from confero.submissions.models import Submission, SubmissionAuthor
from confero.workshops.demo import load_demo
from confero.workshops.demo_data import areas_for, email_for, read_facts, topics_for
from confero.workshops.models import Deadline, Workshop
from tests.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=False)

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def _snapshot():
    return (
        Workshop.objects.count(),
        User.objects.count(),
        Role.objects.count(),
        Submission.objects.count(),
        SubmissionAuthor.objects.count(),
        list(Deadline.objects.values_list("kind", "at")),
        sorted(Affiliation.objects.values_list("user__email", "institution", "email_domain")),
    )


def test_load_demo_contents_and_idempotency(client):
    result = load_demo(now=NOW, password="demo-pass-123")
    ws = result.workshop
    assert ws.slug == "os-fms-2025" and ws.acronym == "OS-FMs"
    assert ws.topics.count() == 8 and ws.categories.count() == 2
    assert list(ws.categories.values_list("key", "max_pages")) == [("short", 6), ("regular", 9)]
    assert (ws.reviewers_per_paper, ws.min_research_areas, ws.num_orals, ws.num_awards) == (3, 2, 3, 2)
    assert ws.anonymity == "double-blind"
    assert result.submissions >= 55 and result.created_submissions == result.submissions
    facts = read_facts()
    organizers = Role.objects.filter(workshop=ws, kind="organizer")
    assert organizers.count() == len(facts["organizers"]) + 1  # plus the demo organizer login
    pc_names = {n for n, _ in facts["program_committee"]}
    assert pc_names <= set(Role.objects.filter(workshop=ws, kind="pc").values_list("user__name", flat=True))
    # Nobody real can be e-mailed: every address in the database is under the reserved .example TLD.
    emails = list(User.objects.values_list("email", flat=True)) + list(
        SubmissionAuthor.objects.values_list("email", flat=True)
    )
    assert emails and all(e.endswith(".example") for e in emails)
    # Every PC member has one or two research areas of this workshop.
    for user in User.objects.filter(roles__workshop=ws, roles__kind="pc"):
        assert 1 <= user.research_areas.filter(workshop=ws).count() <= 2
    assert {a.institution for a in User.objects.get(name="Riza Batista-Navarro").affiliations.all()} == {
        "University of Manchester"
    }
    assert {a.institution for a in User.objects.get(name="Jiaheng Liu").affiliations.all()} == {
        "Alibaba Group",
        "Nanjing University",
    }
    # Submission window relative to now: open for 14 days already, deadline in 14 days at 23:59:59 AoE.
    sub = ws.deadline("submission")
    assert sub.at == dt.datetime(2026, 3, 25, 11, 59, 59, tzinfo=dt.UTC)
    assert ws.deadline("submission_open").at < NOW < sub.at
    assert ws.deadline("notification").at - sub.at == dt.timedelta(days=30)
    # The demo logins work.
    for _role, email, password in result.logins:
        assert log_in(client, email, password), email
    author = User.objects.get(email="author@confero.example")
    assert Submission.objects.filter(created_by=author).count() == 3
    assert SubmissionAuthor.objects.filter(email=author.email).count() == 3

    before = _snapshot()
    events = AuditEvent.objects.count()
    again = load_demo(now=NOW, password="demo-pass-123")
    assert again.created_submissions == 0 and again.workshop.pk == ws.pk
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events  # nothing changed, so nothing was recorded


def test_demo_cfp_is_the_home_page(client):
    load_demo(now=dt.datetime.now(dt.UTC), password="demo-pass-123", submissions=False)
    html = client.get("/").content.decode()
    assert "Open Science for Foundation Models" in html and "Open Compute Efficiency Techniques" in html
    assert "Submit a paper" in html and "AoE" in html and "Riza Batista-Navarro" in html


def test_demo_command_no_serve(capsys):
    call_command("demo", "--no-serve", "--password", "another-pass-9")
    out = capsys.readouterr().out
    assert "organizer@confero.example" in out and "another-pass-9" in out
    assert Workshop.objects.get(slug="os-fms-2025").submissions.count() >= 55


def test_demo_helpers_are_deterministic():
    assert (
        email_for("Riza Batista-Navarro", "University of Manchester")
        == "riza.batista.navarro@manchester.ac.uk.example"
    )
    assert email_for("Some One", "Unknown Institute / Other").endswith("@unknown-institute.example")
    assert areas_for("Wei Fan") == areas_for("Wei Fan") and 1 <= len(areas_for("Wei Fan")) <= 2
    order = ["open-datasets", "open-evaluation", "open-compute-efficiency", "open-foundation-models"]
    assert topics_for("A benchmark for quantization", "We evaluate quantization and a benchmark.", order) == (
        "open-evaluation",
        "open-compute-efficiency",
    )
    assert topics_for("Nothing", "matches here", order) == ("open-foundation-models", None)
