"""CSV / JSON / JSON Lines exports: content, quoting, filters, streaming download."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from confero.submissions import exports
from confero.submissions.selectors import SubmissionFilter, filter_submissions

NASTY_TITLES = [
    'Commas, "quotes" and more',
    "Line one\nline two\r\nline three",
    "Ünïcødé — 基础模型 🚀",
    '=HYPERLINK("http://evil")',
]


@pytest.fixture
def subs(make_submission):
    out = [
        make_submission(
            t,
            authors=[("Ana, Jr.", f"ana{i}@x.org", "Uni; A"), ("Bo", f"bo{i}@y.org", "")],
            artifacts=[("code", f"https://github.com/x/{i}")],
        )
        for i, t in enumerate(NASTY_TITLES)
    ]
    out.append(
        make_submission("Gone", status="withdrawn", secondary="open-agents", previously_published=True)
    )
    return out


def _text(workshop, fmt, **filters) -> str:
    return "".join(
        exports.iter_export(fmt, exports.iterate(filter_submissions(workshop, SubmissionFilter(**filters))))
    )


def test_csv_parses_back_one_row_per_submission(workshop, subs):
    rows = list(csv.DictReader(io.StringIO(_text(workshop, "csv"), newline="")))
    assert list(rows[0].keys()) == exports.CSV_COLUMNS
    assert len(rows) == len(subs)
    titles = [r["title"] for r in rows]
    assert titles[:3] == NASTY_TITLES[:3]
    assert titles[3] == "'" + NASTY_TITLES[3]  # a formula is neutralised for spreadsheets
    first = rows[0]
    assert first["number"] == "1" and first["status"] == "submitted" and first["category"] == "short"
    assert first["author_names"] == "Ana, Jr.; Bo"
    assert first["author_emails"] == "ana0@x.org; bo0@y.org"
    assert first["artifacts"] == "code: https://github.com/x/0"
    assert first["pdf_main_pages"] == "4" and first["over_page_limit"] == "no"
    assert first["created_at"].endswith("Z") and "T" in first["created_at"]
    gone = rows[-1]
    assert (gone["status"], gone["previously_published"], gone["secondary_topic"]) == (
        "withdrawn",
        "yes",
        "open-agents",
    )
    assert gone["withdrawn_at"].endswith("Z")


def test_json_is_a_list_of_objects_with_nested_authors(workshop, subs):
    data = json.loads(_text(workshop, "json"))
    assert isinstance(data, list) and len(data) == len(subs)
    assert [d["title"] for d in data[:4]] == NASTY_TITLES  # JSON keeps titles exactly
    assert data[0]["authors"] == [
        {"name": "Ana, Jr.", "email": "ana0@x.org", "affiliation": "Uni; A"},
        {"name": "Bo", "email": "bo0@y.org", "affiliation": ""},
    ]
    assert data[0]["artifacts"][0]["url"] == "https://github.com/x/0"
    assert data[-1]["previously_published"] is True
    assert data[0]["secondary_topic"] is None


def test_empty_json_export_is_an_empty_list(workshop):
    assert json.loads(_text(workshop, "json")) == []
    assert list(csv.reader(io.StringIO(_text(workshop, "csv")))) == [exports.CSV_COLUMNS]


def test_jsonl_is_valid_engine_input(workshop, subs, tmp_path):
    from confero.engine.io import read_submissions

    path = tmp_path / "subs.jsonl"
    path.write_text(_text(workshop, "jsonl"), encoding="utf-8")
    records = read_submissions(path)
    assert [r.id for r in records] == [str(s.number) for s in subs]
    assert records[2].title == NASTY_TITLES[2]
    assert records[0].authors[0].email == "ana0@x.org"
    assert records[0].topic == "open-datasets"


def test_export_respects_filters(workshop, subs):
    data = json.loads(_text(workshop, "json", status="withdrawn"))
    assert [d["title"] for d in data] == ["Gone"]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="csv"):
        exports.iter_export("xlsx", [])


def test_download_streams_with_filters_and_is_audited(client, organizer, workshop, subs):
    from confero.audit.models import AuditEvent

    client.force_login(organizer)
    response = client.get(reverse("dashboard:export", args=["osfm", "csv"]), {"q": "Ünïcødé"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="osfm-submissions-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert [r["title"] for r in rows] == [NASTY_TITLES[2]]
    response = client.get(reverse("dashboard:export", args=["osfm", "json"]), {"status": "active"})
    assert len(json.loads(b"".join(response.streaming_content))) == 4
    event = AuditEvent.objects.filter(action="submissions.exported").first()
    assert event.actor == organizer and event.data["format"] == "json"
    assert event.data["filters"] == {"status": "active"}


def test_dashboard_export_links_carry_the_filters(client, organizer, subs):
    client.force_login(organizer)
    html = client.get(reverse("dashboard:index", args=["osfm"]), {"status": "withdrawn", "q": "Gone"}).content
    assert b"/osfm/manage/export/csv/?q=Gone&amp;status=withdrawn" in html
