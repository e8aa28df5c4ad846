"""``confero export submissions`` via call_command and via the confero CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from confero.submissions.exports import CSV_COLUMNS


@pytest.fixture
def subs(make_submission):
    return [
        make_submission("First, with comma"),
        make_submission('Second "quoted"'),
        make_submission("Third", status="withdrawn"),
    ]


def test_csv_to_stdout(subs):
    out = io.StringIO()
    call_command("export", "submissions", "--workshop", "osfm", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["title"] for r in rows] == ["First, with comma", 'Second "quoted"', "Third"]
    assert list(rows[0]) == CSV_COLUMNS


def test_json_to_file_with_status_filter(subs, tmp_path):
    target = tmp_path / "active.json"
    call_command(
        "export",
        "submissions",
        "--workshop",
        "osfm",
        "--format",
        "json",
        "--status",
        "active",
        "--out",
        str(target),
        stderr=io.StringIO(),
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [d["number"] for d in data] == [1, 2]
    assert not [p for p in tmp_path.iterdir() if p.name != "active.json"]  # no temporary file left


def test_only_workshop_is_the_default(subs):
    out = io.StringIO()
    call_command("export", "submissions", "--format", "jsonl", stdout=out)
    assert len(out.getvalue().splitlines()) == 3


def test_unknown_workshop_lists_the_slugs(subs, other_workshop):
    with pytest.raises(CommandError, match=r"no workshop 'nope'; workshops: osfm, other"):
        call_command("export", "submissions", "--workshop", "nope")
    with pytest.raises(CommandError, match="give --workshop SLUG; workshops: osfm, other"):
        call_command("export", "submissions")


def test_unknown_topic_lists_the_keys(subs):
    with pytest.raises(CommandError, match="no topic 'x'.*open-datasets"):
        call_command("export", "submissions", "--workshop", "osfm", "--topic", "x")


def test_unknown_exports_are_refused(subs):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export", "bids", "--workshop", "osfm")
    # reviews, decisions… are exported for a named organizer (tests/decisions/test_exports.py)
    with pytest.raises(CommandError, match="give --as EMAIL"):
        call_command("export", "reviews", "--workshop", "osfm")


def test_failed_export_leaves_existing_file_untouched(subs, tmp_path, monkeypatch):
    from confero.submissions import exports

    target = tmp_path / "out.csv"
    target.write_text("old content")

    def broken(fmt, rows):
        yield "partial"
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(exports, "iter_export", broken)
    with pytest.raises(RuntimeError):
        call_command("export", "submissions", "--workshop", "osfm", "--out", str(target))
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_output_directory_is_a_clear_error(subs, tmp_path):
    with pytest.raises(CommandError, match="output directory does not exist"):
        call_command("export", "submissions", "--workshop", "osfm", "--out", str(tmp_path / "no" / "x.csv"))


@pytest.mark.django_db(transaction=True)
def test_through_the_confero_cli(workshop, make_submission, capsys, tmp_path):
    from confero.cli import main

    make_submission("Via the CLI, really")
    assert main(["export", "submissions", "--workshop", "osfm", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["title"] for d in data] == ["Via the CLI, really"]
    target = tmp_path / "s.csv"
    assert main(["export", "submissions", "--workshop", "osfm", "--out", str(target)]) == 0
    assert "Via the CLI, really" in target.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["export", "submissions", "--workshop", "nope"])
    assert exc.value.code == 1
    assert "no workshop 'nope'; workshops: osfm" in capsys.readouterr().err
