"""Export shapes (Confero CSV/JSON, OpenReview notes, HotCRP papers and reviews), what each leaves out,
and the command line with an explicit acting organizer."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from confero.decisions import exports, services
from confero.decisions.models import Decision

from .conftest import FOR_AUTHORS, FOR_ORGANIZERS, FOR_REVIEWERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", note="Poster.", actor=people["manager"])
    return people, paper


def _build(what, fmt, workshop, user):
    return exports.build(what, fmt, workshop=workshop, actor=user)


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_reviews_csv_and_json_for_an_organizer_who_oversees(decided, workshop):
    people, paper = decided
    review = paper.reviews.get(assignment__label="A")
    review.answers["summary"] = "=HYPERLINK(evil)"
    review.save(update_fields=["answers"])
    rows = _rows(_build("reviews", "csv", workshop, people["organizer"]).text)
    assert [r["reviewer"] for r in rows] == ["Reviewer A", "Reviewer B", "Reviewer C"]
    a = rows[0]
    assert (a["reviewer_name"], a["reviewer_email"], a["status"]) == (
        "Reviewer Done", "reviewer_done@reviewer-done.example.org", "submitted",
    )  # fmt: skip
    assert a["summary"] == "'=HYPERLINK(evil)"  # not run as a formula by a spreadsheet
    assert (a["to_reviewers"], a["confidential"], a["overall"]) == (FOR_REVIEWERS, FOR_ORGANIZERS, "7")
    doc = json.loads(_build("reviews", "json", workshop, people["organizer"]).text)
    assert doc["omitted"] == {"what": "reviews", "papers": [], "reason": ""}
    assert doc["reviews"][0]["answers"]["confidential"] == FOR_ORGANIZERS


def test_a_conflicted_organizer_gets_the_rows_left_out_and_is_told(decided, workshop):
    people, paper = decided
    for what, fmt in [("reviews", "csv"), ("scores", "csv"), ("decisions", "csv"), ("assignments", "csv")]:
        export = _build(what, fmt, workshop, people["org_conflicted"])
        assert _rows(export.text) == [], what
        assert f"the {what} of 1 paper(s) (#1) are left out" in export.omitted_text() or what == "scores"
    doc = json.loads(_build("decisions", "json", workshop, people["org_conflicted"]).text)
    assert doc["decisions"] == [] and doc["omitted"]["papers"] == [1]
    hot = json.loads(_build("reviews", "hotcrp", workshop, people["org_conflicted"]).text)
    assert hot["reviews"] == [] and hot["message_list"][0]["status"] == 1
    assert "#1" in hot["message_list"][0]["message"]


def test_openreview_notes(decided, workshop):
    people, paper = decided
    doc = json.loads(_build("submissions", "openreview", workshop, people["organizer"]).text)
    assert doc["count"] == len(doc["notes"]) == 3  # the paper, its one submitted review, its decision
    sub, review, decision = doc["notes"]
    assert sub["id"] == sub["forum"] == "osfm.1" and sub["replyto"] is None and sub["number"] == 1
    assert sub["invitations"] == ["osfm/-/Submission"]
    assert sub["content"]["title"] == {"value": "Open data for open models"}
    assert sub["content"]["authors"]["value"] == [a.name for a in paper.authors.order_by("order")]
    assert sub["content"]["authors"]["readers"] == ["osfm/Program_Chairs", "osfm/Submission1/Authors"]
    assert sub["content"]["venueid"] == {"value": "osfm/Submission"}  # not released yet
    assert review["replyto"] == review["forum"] == "osfm.1"
    assert review["invitations"] == ["osfm/Submission1/-/Official_Review"]
    assert review["signatures"] == ["osfm/Submission1/Reviewer_A"]
    assert review["content"]["rating"] == {"value": 7} and review["content"]["confidence"] == {"value": 4}
    assert review["content"]["summary"] == {"value": f"{FOR_AUTHORS} A"}
    assert review["content"]["confidential"]["readers"] == [
        "osfm/Program_Chairs",
        "osfm/Submission1/Reviewer_A",
    ]
    assert isinstance(review["cdate"], int) and review["cdate"] > 1_600_000_000_000
    assert decision["invitations"] == ["osfm/Submission1/-/Decision"]
    assert decision["content"]["decision"] == {"value": "Accept"}
    assert decision["readers"] == ["osfm/Program_Chairs"]  # staged, not released


def test_hotcrp_papers_and_reviews(decided, workshop):
    people, paper = decided
    doc = json.loads(_build("submissions", "hotcrp", workshop, people["organizer"]).text)
    (p,) = doc["papers"]
    assert (p["object"], p["pid"], p["status"], p["decision"]) == ("paper", 1, "accept", "Accepted")
    second = paper.authors.order_by("order")[1]
    given, family = second.name.rsplit(" ", 1) if " " in second.name else ("", second.name)
    assert p["authors"][1] == {
        "email": second.email, **({"given_name": given} if given else {}), "family_name": family,
        "affiliation": second.affiliation,
    }  # fmt: skip
    assert p["submission"]["hash"].startswith("sha2-") and p["submission"]["mimetype"] == "application/pdf"
    assert "org_conflicted@org-conflicted.example.org" in p["pc_conflicts"]
    assert doc["message_list"] == []
    reviews = json.loads(_build("reviews", "hotcrp", workshop, people["organizer"]).text)["reviews"]
    a, b = reviews[0], reviews[1]
    assert (a["object"], a["pid"], a["ordinal"], a["status"], a["reviewer"]) == (
        "review", 1, "A", "complete", "Reviewer Done",
    )  # fmt: skip
    assert a["summary"] == f"{FOR_AUTHORS} A" and a["confidential"] == FOR_ORGANIZERS
    assert b["status"] == "draft" and b["draft"] is True and "ordinal" not in b
    decisions = json.loads(_build("decisions", "hotcrp", workshop, people["organizer"]).text)["papers"]
    assert decisions == [{"object": "paper", "pid": 1, "decision": "Accepted", "status": "accept", "submitted": True, "submitted_at": decisions[0]["submitted_at"]}]  # fmt: skip


def test_desk_rejections_in_both_shapes(reviewed, workshop, phase):
    people, paper = reviewed
    phase("reviewing")
    services.stage(paper, outcome="desk_reject", note="Over length.", actor=people["manager"])
    notes = json.loads(_build("decisions", "openreview", workshop, people["manager"]).text)["notes"]
    assert notes[0]["invitations"] == ["osfm/Submission1/-/Desk_Rejection"]
    assert notes[0]["content"]["desk_reject_comments"] == {"value": "Over length."}
    papers = json.loads(_build("decisions", "hotcrp", workshop, people["manager"]).text)["papers"]
    assert (papers[0]["status"], papers[0]["decision"]) == ("desk_reject", "Desk rejected")


def test_scores_and_assignments(decided, workshop):
    people, paper = decided
    (s,) = _rows(_build("scores", "csv", workshop, people["manager"]).text)
    assert (s["reviews"], s["overall_mean"], s["overall_scores"], s["decision"], s["decision_state"]) == (
        "1", "7.0", "7", "accept", "staged",
    )  # fmt: skip
    rows = _rows(_build("assignments", "csv", workshop, people["manager"]).text)
    assert [(r["reviewer"], r["review_status"]) for r in rows] == [
        ("Reviewer A", "submitted"), ("Reviewer B", "draft"), ("Reviewer C", "draft"),
    ]  # fmt: skip


def test_unknown_exports_are_errors(decided, workshop):
    people, _ = decided
    with pytest.raises(ValueError, match="assignments can be exported as csv, json"):
        _build("assignments", "hotcrp", workshop, people["organizer"])


def _cli(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_exports_as_the_named_organizer(decided, workshop, tmp_path):
    people, paper = decided
    out, err = _cli("reviews", "--workshop", "osfm", "--format", "csv", "--as", people["organizer"].email)
    assert len(_rows(out)) == 3 and err == ""
    out, err = _cli(
        "reviews", "--workshop", "osfm", "--format", "json", "--as", people["org_conflicted"].email
    )
    assert json.loads(out)["reviews"] == [] and "left out: the reviews of 1 paper(s) (#1)" in err
    target = tmp_path / "or.json"
    _, err = _cli(
        "submissions",
        "--workshop",
        "osfm",
        "--format",
        "openreview",
        "--as",
        "MANAGER@manager.example.org",
        "--out",
        str(target),
    )
    assert json.loads(target.read_text())["count"] == 3 and "wrote osfm submissions (openreview)" in err
    # the plain submissions export is unchanged
    out, _ = _cli("submissions", "--workshop", "osfm", "--format", "csv")
    assert out.startswith("number,title,")


@pytest.mark.parametrize(
    "args, message",
    [
        (["reviews"], "give --as EMAIL"),
        (["reviews", "--as", "nobody@example.org"], "no account with this e-mail address"),
        (["reviews", "--as", "reviewer_done@reviewer-done.example.org"], "only the workshop's organizers"),
        (
            ["assignments", "--format", "openreview", "--as", "organizer@organizer.example.org"],
            "not 'openreview'",
        ),
        (["reviews", "--topic", "x", "--as", "organizer@organizer.example.org"], "filter the submissions"),
    ],
)
def test_the_command_refuses_clearly(decided, args, message):
    with pytest.raises(CommandError, match=message):
        _cli(*args[:1], "--workshop", "osfm", *args[1:])
    assert Decision.objects.count() == 1
