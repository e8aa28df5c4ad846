"""``confero check-pdf --checks`` on real PDFs: text and JSON output, exit status, bad options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confero.cli import main
from confero.submissions.samplepdf import make_pdf

# The package's own copy of the OS-FMs facts (a bare CI machine has no ../shared).
WORKSHOP = Path(__file__).resolve().parents[2] / "src" / "confero" / "workshops" / "data" / "os-fms-2025.json"

LEAKY = [
    "Merging Fine-Tuned Foundation Models\nJane Doe\nUniversity of Testing\njane@uni.edu\nAbstract\n"
    "Model merging combines the weights of fine-tuned language models into one model.\n"
    "Our code is at https://github.com/janedoe/merging-\nmodels/tree/main and more.\n"
    "In our previous work [3] we merged two models.",
    "References\n[1] A. Author. Title. 2024.",
]
CLEAN = [
    "Merging Fine-Tuned Foundation Models\nAnonymous Authors\nAbstract\n"
    "Model merging combines the weights of fine-tuned language models into one model.\n"
    "Code will be released upon acceptance.",
    "References\n[1] A. Author. Title. 2024.",
]


@pytest.fixture
def pdfs(tmp_path):
    leaky, clean = tmp_path / "leaky.pdf", tmp_path / "clean.pdf"
    leaky.write_bytes(make_pdf(LEAKY))
    clean.write_bytes(make_pdf(CLEAN))
    return str(leaky), str(clean)


def test_json_has_every_finding_with_check_kind_severity_page_evidence(pdfs, capsys):
    leaky, clean = pdfs
    code = main(
        ["check-pdf", leaky, clean, "--checks", "pages,artifacts,anonymity,format", "--authors",
         "Jane Doe <jane@uni.edu> (University of Testing)", "--json"]
    )  # fmt: skip
    assert code == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["file"] for r in rows] == [leaky, clean]
    assert rows[0]["ok"] is True and rows[0]["main_pages"] == 1  # the legacy keys stay
    leaky_checks = {c["check"]: c for c in rows[0]["checks"]}
    assert list(leaky_checks) == ["pages", "artifacts", "anonymity", "format"]
    kinds = {f["kind"] for f in leaky_checks["anonymity"]["findings"]}
    assert {"name-in-text", "email-in-text", "affiliation-in-text", "self-citation", "personal-url"} <= kinds
    for f in leaky_checks["anonymity"]["findings"]:
        assert set(f) >= {"check", "kind", "severity", "page", "evidence"} and f["evidence"]
    links = [f["link"] for f in leaky_checks["artifacts"]["findings"] if f["kind"] == "code-link"]
    assert links == ["https://github.com/janedoe/merging-models/tree/main"]
    clean_checks = {c["check"]: c for c in rows[1]["checks"]}
    assert clean_checks["anonymity"]["status"] == "ok"
    promised = [f for f in clean_checks["artifacts"]["findings"] if f["kind"] == "promised-but-missing"]
    assert promised and promised[0]["page"] == 1


def test_text_output_and_exit_status(pdfs, capsys):
    leaky, clean = pdfs
    assert (
        main(["check-pdf", clean, "--checks", "anonymity,format", "--authors", "Jane Doe <jane@uni.edu>"])
        == 0
    )
    out = capsys.readouterr().out
    assert "anonymity: ok" in out and "format: ok" in out
    assert (
        main(
            [
                "check-pdf",
                leaky,
                "--checks",
                "all",
                "--authors",
                "Jane Doe <jane@uni.edu>",
                "--topics",
                str(WORKSHOP),
                "--scope-model",
                "tfidf",
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "[ERROR] p.1 name-in-text" in out and "evidence:" in out
    assert "scope:" in out and "prior: skipped: no corpus" in out


def test_without_checks_the_old_output_is_unchanged(pdfs, capsys):
    _, clean = pdfs
    assert main(["check-pdf", clean, "--max-pages", "1"]) == 0
    assert (
        capsys.readouterr().out.strip()
        == f"{clean}: ok: 1 page of main text, references from page 2; 2 pages in total"
    )


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--checks", "pages,spelling"], "unknown check 'spelling'"),
        (["--checks", "anonymity", "--authors", "Jane <not-an-email>"], "not an e-mail"),
        (["--checks", "format", "--format", "a5-tight"], "unknown format"),
        (["--checks", "scope", "--topics", "/no/such/topics.json"], "cannot read"),
    ],
)
def test_bad_options_are_input_errors(pdfs, capsys, argv, needle):
    assert main(["check-pdf", pdfs[1], *argv]) == 2
    assert needle in capsys.readouterr().err


def test_unreadable_pdf_is_refused_and_could_not_be_checked(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    assert main(["check-pdf", str(bad), "--checks", "artifacts", "--json"]) == 1
    row = json.loads(capsys.readouterr().out)
    assert (
        row["ok"] is False and row["checks"][0]["status"] == "could_not_check" and row["checks"][0]["reason"]
    )
