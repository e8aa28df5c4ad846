"""``run_checks``: one reading of the PDF, "could not check" instead of a silent pass, JSON results."""

from __future__ import annotations

import io
import json

import pytest
from paper_pdf import Section, make_paper
from pypdf import PdfReader, PdfWriter

from confero.engine.checks import CHECKS, CheckContext, CheckResult, run_checks
from confero.engine.checks.prior import CorpusPaper, PriorIndex
from confero.engine.errors import InputError

PDF = make_paper(
    title="Merging Fine-Tuned Foundation Models",
    abstract="Model merging combines the weights of fine-tuned language models into one model without training. "
    "We study task arithmetic and weight averaging for merging foundation models.",
    sections=[Section("1 Introduction", [["Code", "will", "be", "released", "upon", "acceptance."]])],
    references=["[1] A. Author. Title. 2024."],
)


def test_all_checks_on_a_good_pdf_are_json_serialisable():
    index = PriorIndex()
    index.add(
        [
            CorpusPaper(
                "x1",
                "Merging Fine-Tuned Foundation Models",
                "Model merging combines the weights of fine-tuned language models into one model without training. We study task arithmetic and weight averaging for merging foundation models.",
                venue="ICLR 2024",
            )
        ]
    )
    ctx = CheckContext(scope_model="tfidf", prior_index=index, max_pages=1)
    results = run_checks(PDF, checks="all", context=ctx)
    assert [r.check for r in results] == list(CHECKS)
    status = {r.check: r.status for r in results}
    assert status["scope"] == "skipped"  # no topics given: said, not passed
    assert status["prior"] == "flagged"
    (match,) = results[-1].findings
    assert match.kind == "published" and match.severity == "error" and match.identifying
    back = [CheckResult.from_dict(d) for d in json.loads(json.dumps([r.to_dict() for r in results]))]
    assert back == results


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "empty"),
        (b"PK\x03\x04 not a pdf", "not a PDF"),
        (PDF[: len(PDF) // 2], "damaged"),
    ],
)
def test_unreadable_pdf_gives_could_not_check_for_every_pdf_check(data, needle):
    results = run_checks(data, checks="pages,artifacts,anonymity,format")
    assert [r.status for r in results] == ["could_not_check"] * 4
    assert all(r.reason for r in results)
    assert any(needle.lower() in r.reason.lower() for r in results)


def test_encrypted_pdf_cannot_be_checked():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    results = run_checks(buf.getvalue(), checks="artifacts,format")
    assert {r.status for r in results} == {"could_not_check"}
    assert "encrypted" in results[0].reason


def test_no_pdf_yet_still_runs_form_based_checks():
    index = PriorIndex()
    results = run_checks(
        None, checks="artifacts,prior", context=CheckContext(title="T", abstract="A", prior_index=index)
    )
    assert results[0].status == "could_not_check" and "no PDF" in results[0].reason
    assert results[1].status == "ok"


def test_unknown_check_name_is_an_input_error():
    with pytest.raises(InputError, match="unknown check 'spelling'"):
        run_checks(PDF, checks="pages,spelling")


def test_a_failing_check_is_reported_not_raised(monkeypatch):
    import confero.engine.checks.format as fmt

    def boom(*a, **k):
        raise RuntimeError("odd font")

    monkeypatch.setattr(fmt, "check_format", boom)
    (r,) = run_checks(PDF, checks=["format"])
    assert r.status == "could_not_check" and "odd font" in r.reason
