"""Importing decisions from CSV: a dry run that says what would change, all-or-nothing application through
the staging service (same permission rules), clear errors naming file, line and field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.decisions import exports, imports, services
from confero.decisions.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_papers(workshop, organizer, author, make_data, upload, phase):
    from confero.submissions.services import create_submission

    papers = [
        create_submission(
            workshop=workshop, user=author, data=make_data(author, title=f"Paper {i}"), pdf=upload()
        )
        for i in range(1, 4)
    ]
    phase("decision")
    return papers


def test_dry_run_then_apply(workshop, organizer, three_papers):
    services.stage(three_papers[0], outcome="accept", note="Keep me.", actor=organizer)
    services.stage(three_papers[1], outcome="reject", actor=organizer)
    data = b"number,decision,comment,title\n1,Accept (Poster),Keep me.,x\n2,accepted,,x\n3,Desk Reject,Too long,x\n"
    plan = imports.plan(workshop, organizer, data, "chairs.csv")
    assert plan.ok
    assert [(x.number, x.outcome, x.change, x.before) for x in plan.lines] == [
        (1, "accept", "same", "accept"), (2, "accept", "change", "reject"), (3, "desk_reject", "new", ""),
    ]  # fmt: skip
    assert Decision.objects.get(submission=three_papers[1]).outcome == "reject"  # a dry run stores nothing
    imports.apply(workshop, organizer, data, "chairs.csv")
    got = dict(Decision.objects.values_list("submission__number", "outcome"))
    assert got == {1: "accept", 2: "accept", 3: "desk_reject"}
    assert Decision.objects.get(submission__number=3).note == "Too long"
    event = AuditEvent.objects.get(action="decisions.imported")
    assert event.data == {"filename": "chairs.csv", "numbers": [2, 3]}


def test_openreview_style_lines_without_header_keep_notes_when_no_note_is_given(
    workshop, organizer, three_papers
):
    services.stage(three_papers[0], outcome="reject", note="Kept", actor=organizer)
    imports.apply(workshop, organizer, b"1,Accept (Oral)\n2,Reject,\n", "or.csv")
    d1, d2 = Decision.objects.order_by("submission__number")
    assert (d1.outcome, d1.note, d2.outcome, d2.note) == ("accept", "Kept", "reject", "")


@pytest.mark.parametrize(
    "data, error",
    [
        (b"number,outcome\n1,maybe\n", "x.csv, line 2, outcome: 'maybe' is not an outcome"),
        (b"1,accept\nfoo,reject\n", "x.csv, line 2, number: 'foo' is not a paper number"),
        (b"1,accept\n1,reject\n", "x.csv, line 2, number: #1 is already on line 1"),
        (b"1,accept\n7,reject\n", "x.csv, line 2, #7: there is no paper #7"),
        (b"paper;verdict\n1;accept\n", "x.csv, line 1: a header row needs a 'number' and an 'outcome'"),
        (b"\xff\xfe1,accept", "x.csv: not UTF-8 text"),
        (b"\n\n", "x.csv: no decisions found"),
    ],
)
def test_bad_files_stage_nothing(workshop, organizer, three_papers, data, error):
    plan = imports.plan(workshop, organizer, data, "x.csv")
    assert any(error in e for e in plan.errors), plan.errors
    with pytest.raises(ValidationError):
        imports.apply(workshop, organizer, data, "x.csv")
    assert not Decision.objects.exists()


def test_the_import_follows_the_permission_table(reviewed, workshop, phase):
    people, paper = reviewed
    phase("decision")
    for role, reason in [
        ("org_conflicted", "conflict of interest"),
        ("org_author", "you are an author"),
        ("organizer", "another organizer manages"),
    ]:
        plan = imports.plan(workshop, people[role], b"1,accept\n", "x.csv")
        assert reason in plan.errors[0]
        with pytest.raises(ValidationError):
            imports.apply(workshop, people[role], b"1,accept\n", "x.csv")
    with pytest.raises(permissions.Denied):
        imports.plan(workshop, people["reviewer_done"], b"1,accept\n", "x.csv")
    assert not Decision.objects.exists()
    imports.apply(workshop, people["manager"], b"1,accept\n", "x.csv")
    assert Decision.objects.get().outcome == "accept"


def test_an_edited_decisions_export_imports_again(workshop, organizer, three_papers):
    for p in three_papers:
        services.stage(p, outcome="reject", note=f"Note {p.number}", actor=organizer)
    text = exports.build("decisions", "csv", workshop=workshop, actor=organizer).text
    edited = text.replace("2,reject,Note 2", "2,accept,Note 2")
    plan = imports.plan(workshop, organizer, edited.encode(), "decisions.csv")
    assert [(x.number, x.change) for x in plan.lines] == [(1, "same"), (2, "change"), (3, "same")]


def test_the_import_page_dry_runs_then_applies(client, workshop, organizer, three_papers):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organizer)
    upload = SimpleUploadedFile("chairs.csv", b"1,accept\n2,reject\n", content_type="text/csv")
    response = client.post("/osfm/manage/decisions/exports/", {"action": "dry_run", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Stage 2 decisions" in html and not Decision.objects.exists()
    response = client.post(
        "/osfm/manage/decisions/exports/",
        {"action": "apply", "filename": "chairs.csv", "content": "1,accept\n2,reject\n"},
    )
    assert response.status_code == 302 and Decision.objects.count() == 2
    # papers without a manager, decisions staged by an import: the pages show them
    for url in ("/osfm/manage/decisions/", "/osfm/manage/decisions/1/", "/osfm/manage/decisions/release/"):
        assert client.get(url).status_code == 200, url
