"""``confero conflicts`` on real files, including malformed ones."""

from __future__ import annotations

import csv
import json
import os

import pytest

from confero.cli import main

SUBMISSIONS = [
    {
        "id": "p1",
        "title": "T1",
        "abstract": "A",
        "authors": [{"name": "Bob Lee", "email": "bob@cs.stanford.edu"}],
    },
    {
        "id": "p2",
        "title": "T2",
        "abstract": "A",
        "authors": [{"name": "Carl Zhu", "email": "carl@gmail.com"}],
    },
    {"id": "p3", "title": "T3", "abstract": "A", "authors": [{"name": "Dana Ito", "affiliation": "MIT"}]},
]
REVIEWERS = [
    {
        "id": "r1",
        "name": "Ann Zed",
        "emails": ["ann@stanford.edu"],
        "affiliations": [{"name": "Massachusetts Institute of Technology"}],
        "publications": [
            {"id": "x", "title": "Paper X", "year": 2024, "authors": ["Ann Zed", "Carl Zhu"]},
        ],
    },
    {"id": "r2", "publications": []},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def inputs(tmp_path):
    return write_jsonl(tmp_path / "s.jsonl", SUBMISSIONS), write_jsonl(tmp_path / "r.jsonl", REVIEWERS)


def test_writes_certain_and_potential_files_and_summary(tmp_path, inputs, capsys):
    subs, revs = inputs
    declared = tmp_path / "declared.csv"
    declared.write_text("reviewer_id,paper_id,reason\nr2,p3,former student\n", encoding="utf-8")
    out = tmp_path / "conflicts.csv"
    code = main(
        ["conflicts", "--submissions", subs, "--reviewers", revs, "--out", str(out), "--declared", str(declared),
         "--reference-year", "2025"]
    )  # fmt: skip
    assert code == 0
    certain = read_csv(out)
    assert [(r["reviewer_id"], r["paper_id"], r["certainty"]) for r in certain] == [
        ("r1", "p1", "certain"),
        ("r1", "p2", "certain"),
        ("r2", "p3", "certain"),
    ]
    assert certain[0]["reason"] == "same institution: stanford.edu"
    assert certain[1]["reason"] == "co-author: Carl Zhu on 'Paper X' (2024)"
    assert certain[2]["reason"] == "declared: former student"
    potential = read_csv(tmp_path / "conflicts.potential.csv")
    assert [(r["reviewer_id"], r["paper_id"], r["certainty"]) for r in potential] == [
        ("r1", "p3", "potential")
    ]
    assert "same affiliation name" in potential[0]["reason"]
    err = capsys.readouterr().err
    assert "certain:   3" in err and "potential: 1" in err and "co-author 1" in err and "declared 1" in err


def test_single_file_and_coauthor_window(tmp_path, inputs):
    subs, revs = inputs
    out = tmp_path / "all.csv"
    args = [
        "conflicts",
        "--submissions",
        subs,
        "--reviewers",
        revs,
        "--out",
        str(out),
        "--potential-out",
        str(out),
    ]
    assert main([*args, "--reference-year", "2030", "--coauthor-years", "3"]) == 0
    rows = {(r["reviewer_id"], r["paper_id"]): r["certainty"] for r in read_csv(out)}
    assert rows == {("r1", "p1"): "certain", ("r1", "p2"): "potential", ("r1", "p3"): "potential"}
    assert not (tmp_path / "all.potential.csv").exists()


def test_bids_with_conflict_are_declared(tmp_path, inputs):
    subs, revs = inputs
    bids = tmp_path / "bids.csv"
    bids.write_text("reviewer_id,paper_id,bid\nr2,p2,conflict\nr2,p1,high\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    assert (
        main(
            ["conflicts", "--submissions", subs, "--reviewers", revs, "--out", str(out), "--bids", str(bids)]
        )
        == 0
    )
    r2 = [r for r in read_csv(out) if r["reviewer_id"] == "r2"]
    assert [(r["paper_id"], r["reason"]) for r in r2] == [("p2", "declared by reviewer (bid)")]


@pytest.mark.parametrize(
    "which, content, where",
    [
        ("submissions", '{"id": "p1", "title": "T", "abstract": "A"}\n{"id": "p2", "abstract": "A"}\n', ":2, field 'title'"),
        ("submissions", '{"id": "p1", "title": "T", "abstract": "A", "authors": [{"email": 3.5}]}\n', ":1, field 'authors[0].email'"),
        ("reviewers", '{"id": "r1", "publications": []}\n{"id": "r1", "publications": []}\n', ":2, field 'id'"),
        ("reviewers", '{"id": "r1", "publications": [{"id": "a", "title": "T", "year": "x"}]}\n', ":1, field 'publications[0].year'"),
        ("reviewers", '{"id": "r1", "publications": [}\n', ":1: not valid JSON"),
        ("declared", "reviewer_id,paper\nr1,p1\n", ":1: header must have columns"),
        ("declared", "reviewer_id,paper_id\nr1,p1\n,p2\n", ":3, field 'reviewer_id'"),
        ("bids", "reviewer_id,paper_id,bid\nr1,p1,maybe\n", ":2, field 'bid'"),
    ],
)  # fmt: skip
def test_malformed_input_exit_2_names_file_line_field_and_leaves_no_output(
    tmp_path, inputs, capsys, which, content, where
):
    subs, revs = inputs
    bad = tmp_path / f"bad-{which}.txt"
    bad.write_text(content, encoding="utf-8")
    files = {"submissions": subs, "reviewers": revs}
    extra = []
    if which in files:
        files[which] = str(bad)
    else:
        extra = [f"--{which}", str(bad)]
    out = tmp_path / "conflicts.csv"
    code = main(
        [
            "conflicts",
            "--submissions",
            files["submissions"],
            "--reviewers",
            files["reviewers"],
            "--out",
            str(out),
            *extra,
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("confero conflicts: error: ") and f"{bad}{where}" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert sorted(os.listdir(tmp_path)) == sorted(["s.jsonl", "r.jsonl", bad.name])


def test_missing_output_directory_and_input_overwrite(tmp_path, inputs, capsys):
    subs, revs = inputs
    assert (
        main(["conflicts", "--submissions", subs, "--reviewers", revs, "--out", str(tmp_path / "no/c.csv")])
        == 2
    )
    assert "does not exist" in capsys.readouterr().err
    assert main(["conflicts", "--submissions", subs, "--reviewers", revs, "--out", revs]) == 2
    assert "overwrite an input" in capsys.readouterr().err
    assert open(revs, encoding="utf-8").read().startswith('{"id": "r1"')


@pytest.mark.parametrize("option", [["--coauthor-years", "-1"], ["--reference-year", "20x5"]])
def test_bad_options_are_usage_errors(inputs, option, capsys):
    subs, revs = inputs
    with pytest.raises(SystemExit) as exc:
        main(["conflicts", "--submissions", subs, "--reviewers", revs, "--out", "c.csv", *option])
    assert exc.value.code == 2
    assert option[0] in capsys.readouterr().err


def test_declared_conflicts_with_unknown_ids_are_kept_with_a_warning(tmp_path, inputs, capsys):
    subs, revs = inputs
    declared = tmp_path / "declared.csv"
    declared.write_text("reviewer_id,paper_id\nr404,p1\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    args = [
        "conflicts",
        "--submissions",
        subs,
        "--reviewers",
        revs,
        "--out",
        str(out),
        "--declared",
        str(declared),
    ]
    assert main(args) == 0
    assert (
        "1 declared conflict(s) name an unknown reviewer or submission (first: r404,p1)"
        in capsys.readouterr().err
    )
    assert ("r404", "p1", "declared") in {
        (r["reviewer_id"], r["paper_id"], r["reason"]) for r in read_csv(out)
    }
