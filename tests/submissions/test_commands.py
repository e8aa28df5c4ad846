"""The command-line paths use the same services: ``confero manage submission`` and ``confero check-pdf``."""

from __future__ import annotations

import argparse
import json

import pytest
from django.core.management import CommandError, call_command

from confero.audit.models import AuditEvent
from confero.submissions.samplepdf import make_pdf


def test_extend_and_withdraw(submission, organizer, author, capsys):
    call_command(
        "submission",
        "extend",
        "--workshop",
        "osfm",
        "--number",
        "1",
        "--by",
        organizer.email,
        "--until",
        "2099-02-05 23:59:59",
        "--tz",
        "AoE",
        "--reason",
        "visa",
    )
    submission.refresh_from_db()
    assert submission.deadline_extension.isoformat() == "2099-02-06T11:59:59+00:00"
    assert "5 Feb 2099, 23:59:59 AoE" in capsys.readouterr().out
    call_command(
        "submission", "remove-extension", "--workshop", "osfm", "--number", "1", "--by", organizer.email
    )
    submission.refresh_from_db()
    assert submission.deadline_extension is None
    assert AuditEvent.objects.filter(action="submission.extension").count() == 2
    call_command("submission", "withdraw", "--workshop", "osfm", "--number", "1", "--by", organizer.email)
    submission.refresh_from_db()
    assert submission.status == "withdrawn"


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["withdraw", "--number", "7", "--by", "organizer@uni-a.edu"], "no submission #7"),
        (["withdraw", "--number", "1", "--by", "nobody@x.org"], "no account"),
        (
            [
                "extend",
                "--number",
                "1",
                "--by",
                "reviewer@uni-b.edu",
                "--until",
                "2099-01-01 00:00",
                "--reason",
                "x",
            ],
            "only the workshop's organizers",
        ),
        (
            ["extend", "--number", "1", "--by", "organizer@uni-a.edu", "--until", "soon", "--reason", "x"],
            "not a date and time",
        ),
        (["extend", "--number", "1", "--by", "organizer@uni-a.edu", "--until", "2099-01-01 00:00"], "reason"),
    ],
)
def test_command_errors(submission, organizer, pc_member, argv, needle):
    with pytest.raises(CommandError, match=needle):
        call_command("submission", *argv[:1], "--workshop", "osfm", *argv[1:])


def _run_check(argv):
    from confero.commands import check_pdf

    parser = argparse.ArgumentParser()
    check_pdf.configure(parser)
    return check_pdf.run(parser.parse_args(argv))


def test_check_pdf_command(tmp_path, capsys):
    ok = tmp_path / "ok.pdf"
    ok.write_bytes(make_pdf(["a"] * 4 + ["References\n[1] x"]))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    assert _run_check([str(ok), "--max-pages", "4"]) == 0
    assert "ok: 4 pages of main text, references from page 5" in capsys.readouterr().out
    assert _run_check([str(ok), str(bad), "--max-pages", "3", "--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["ok"] for r in rows] == [False, False]
    assert (
        rows[0]["main_pages"] == 4 and "too long" in rows[0]["message"] and "not a PDF" in rows[1]["message"]
    )


def test_check_pdf_input_errors(tmp_path):
    from confero.engine.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        _run_check([str(tmp_path / "missing.pdf")])
    with pytest.raises(InputError, match="--max-pages"):
        _run_check([str(tmp_path / "x.pdf"), "--max-pages", "0"])
