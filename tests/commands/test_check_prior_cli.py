"""``confero check-prior`` and ``confero import-corpus`` on real files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from confero.cli import main

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "daily_papers.jsonl"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not on this machine")


@pytest.fixture(scope="module")
def papers():
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("abstract")]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_matches_with_verdicts_and_dual_submissions(tmp_path, papers, capsys):
    corpus = [dict(p, venue="ICLR 2024" if i == 0 else "arXiv") for i, p in enumerate(papers[:100])]
    subs = [
        {
            "id": "s1",
            "title": papers[0]["title"],
            "abstract": papers[0]["abstract"],
            "authors": [{"name": "A B"}],
        },
        {"id": "s2", "title": papers[1]["title"] + " (extended)", "abstract": papers[1]["abstract"]},
        {"id": "s3", "title": papers[150]["title"], "abstract": papers[150]["abstract"]},
        {"id": "s4", "title": papers[150]["title"], "abstract": papers[150]["abstract"]},
        {"id": "s5", "title": papers[160]["title"], "abstract": papers[160]["abstract"]},
    ]
    out = tmp_path / "matches.csv"
    code = main(["check-prior", "--corpus", write_jsonl(tmp_path / "c.jsonl", corpus), "--submissions",
                 write_jsonl(tmp_path / "s.jsonl", subs), "--out", str(out)])  # fmt: skip
    assert code == 0
    rows = read_csv(out)
    got = sorted((r["submission_id"], r["match_id"], r["verdict"], r["severity"]) for r in rows)
    assert got == [
        ("s1", papers[0]["id"], "published", "error"),
        ("s2", papers[1]["id"], "preprint", "info"),
        ("s3", "s4", "dual-submission", "warning"),
        ("s4", "s3", "dual-submission", "warning"),
    ]
    assert float(rows[0]["score"]) > 0.9 and rows[0]["match_title"]
    err = capsys.readouterr().err
    assert "5 submissions checked" in err and "1 published" in err


def test_saved_index_is_reused_and_usable_by_check_pdf(tmp_path, papers):
    corpus = write_jsonl(tmp_path / "c.jsonl", [dict(p, venue="NeurIPS 2023") for p in papers[:50]])
    idx = tmp_path / "idx.npz"
    assert main(["check-prior", "--corpus", corpus, "--save-index", str(idx)]) == 0
    subs = write_jsonl(
        tmp_path / "s.jsonl", [{"id": "x", "title": papers[3]["title"], "abstract": papers[3]["abstract"]}]
    )
    out = tmp_path / "m.csv"
    assert (
        main(["check-prior", "--index", str(idx), "--submissions", subs, "--out", str(out), "--no-dual"]) == 0
    )
    assert [r["verdict"] for r in read_csv(out)] == ["published"]


def test_import_corpus_converts_formats(tmp_path, capsys):
    arxiv = write_jsonl(
        tmp_path / "a.json",
        [{"id": "2401.00001", "title": "T", "abstract": "A", "authors": "X Y and Z W", "journal-ref": None}],
    )
    dblp = tmp_path / "d.xml"
    dblp.write_text(
        '<dblp><inproceedings key="conf/x/1"><author>P Q</author><title>U.</title><booktitle>ICML</booktitle><year>2023</year></inproceedings></dblp>'
    )
    out = tmp_path / "corpus.jsonl"
    assert main(["import-corpus", arxiv, str(dblp), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["status"]) for r in rows] == [
        ("arXiv:2401.00001", "preprint"),
        ("dblp:conf/x/1", "archival"),
    ]
    assert "wrote 2 papers" in capsys.readouterr().err
    # the converted corpus is read back by check-prior as JSONL, statuses kept
    assert main(["check-prior", "--corpus", str(out), "--save-index", str(tmp_path / "i.npz")]) == 0


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--submissions", "s.jsonl"], "--out"),
        ([], "--submissions"),
        (["--corpus", "missing.jsonl", "--save-index", "i.npz"], "cannot read"),
    ],
)
def test_input_errors(tmp_path, monkeypatch, capsys, argv, needle):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "s.jsonl", [{"id": "x", "title": "t", "abstract": "a"}])
    assert main(["check-prior", *argv]) == 2
    assert needle in capsys.readouterr().err
