"""``confero assign`` on real small files, including malformed and infeasible ones."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from confero.cli import main

TOPICS = ["graph neural networks", "model merging", "reinforcement learning", "language model pretraining"]
AREAS = ["graphs", "llm", "rl", "llm"]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def files(tmp_path):
    rng = np.random.default_rng(0)
    subs = [
        {"id": f"p{i}", "title": f"On {TOPICS[i % 4]} {i}", "abstract": f"We study {TOPICS[i % 4]}."}
        for i in range(8)
    ]
    revs = []
    for j in range(6):
        pubs = [
            {"id": f"r{j}-{k}", "title": f"{TOPICS[(j + k) % 4].capitalize()} at scale", "year": 2020 + k}
            for k in range(2)
        ]
        rec = {"id": f"r{j}", "publications": pubs, "research_areas": [AREAS[j % 4]]}
        if j == 0:
            rec["max_load"] = 2
        revs.append(rec)
    scores = [(f"r{j}", f"p{i}", round(float(rng.random()), 4)) for j in range(6) for i in range(8)]
    return {
        "subs": write_jsonl(tmp_path / "S.jsonl", subs),
        "revs": write_jsonl(tmp_path / "R.jsonl", revs),
        "scores": write_csv(tmp_path / "scores.csv", ("reviewer_id", "paper_id", "score"), scores),
        "out": str(tmp_path / "assignment.csv"),
        "dir": tmp_path,
        "score_map": {(r, p): s for r, p, s in scores},
    }


def base(f, *extra):
    return [
        "assign",
        "--scores",
        f["scores"],
        "--submissions",
        f["subs"],
        "--reviewers",
        f["revs"],
        "--out",
        f["out"],
        "--per-paper",
        "3",
        "--max-load",
        "5",
        "--quiet",
        *extra,
    ]


def test_optimal_with_explanations_bids_conflicts_alternates_report_and_plot(files, capsys):
    d = files["dir"]
    bids = write_csv(
        d / "bids.csv",
        ("reviewer_id", "paper_id", "bid"),
        [("r1", "p0", "very-high"), ("r2", "p0", "conflict")],
    )
    conf = write_csv(d / "c.csv", ("reviewer_id", "paper_id", "reason"), [("r3", "p1", "coauthor")])
    rc = main(
        base(
            files,
            "--bids",
            bids,
            "--conflicts",
            conf,
            "--min-areas",
            "2",
            "--alternates",
            "2",
            "--plot",
            str(d / "q.png"),
            "--report",
            str(d / "rep.json"),
        )
    )
    assert rc == 0
    rows = read_csv(files["out"])
    assert list(rows[0]) == ["reviewer_id", "paper_id", "score", "explanation"]
    assert len(rows) == 24
    pairs = {(r["reviewer_id"], r["paper_id"]) for r in rows}
    assert ("r2", "p0") not in pairs and ("r3", "p1") not in pairs
    assert all(
        float(r["score"]) == pytest.approx(files["score_map"][(r["reviewer_id"], r["paper_id"])])
        for r in rows
    )
    assert all("area: " in r["explanation"] for r in rows)
    assert any(r["explanation"].startswith("closest: '") for r in rows)
    loads = {}
    for r in rows:
        loads[r["reviewer_id"]] = loads.get(r["reviewer_id"], 0) + 1
    assert loads.get("r0", 0) <= 2 and max(loads.values()) <= 5
    alt = read_csv(d / "assignment.alternates.csv")
    assert list(alt[0]) == ["paper_id", "rank", "reviewer_id", "score", "spare_capacity", "explanation"]
    assert not {(a["reviewer_id"], a["paper_id"]) for a in alt} & pairs
    assert ("r2", "p0") not in {(a["reviewer_id"], a["paper_id"]) for a in alt}
    rep = json.loads((d / "rep.json").read_text())
    assert rep["assignments"] == 24 and rep["papers_below_min_areas"] == 0
    assert (d / "q.png").read_bytes().startswith(b"\x89PNG")
    assert capsys.readouterr().out == ""  # the report went to the file


@pytest.mark.parametrize(
    "objective,extra", [("fair", ["--max-loss", "0.1"]), ("randomized", ["--max-probability", "0.6"])]
)
def test_fair_and_randomized_write_valid_assignments(files, capsys, objective, extra):
    rc = main(base(files, "--objective", objective, "--explain", "0", *extra))
    assert rc == 0
    rows = read_csv(files["out"])
    assert len(rows) == 24
    per_paper = {}
    for r in rows:
        per_paper.setdefault(r["paper_id"], set()).add(r["reviewer_id"])
    assert all(len(v) == 3 for v in per_paper.values()) and len(per_paper) == 8
    out = capsys.readouterr().out
    assert f"Assignment quality ({objective})" in out
    assert ("expected total" in out) == (objective == "randomized")


def test_randomized_same_seed_same_file(files):
    outs = []
    for seed in ("7", "7", "8"):
        assert (
            main(
                base(
                    files,
                    "--objective",
                    "randomized",
                    "--max-probability",
                    "0.6",
                    "--seed",
                    seed,
                    "--explain",
                    "0",
                )
            )
            == 0
        )
        outs.append(open(files["out"], encoding="utf-8").read())
    assert outs[0] == outs[1]


def test_unknown_id_in_scores_exit_2_names_file_line_field(files, capsys):
    with open(files["scores"], "a", encoding="utf-8") as fh:
        fh.write("r99,p1,0.5\n")
    rc = main(base(files))
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{files['scores']}:50" in err and "reviewer_id" in err and "r99" in err
    assert "Traceback" not in err
    assert not (files["dir"] / "assignment.csv").exists()


@pytest.mark.parametrize(
    "name,content,where",
    [
        ("scores.csv", "reviewer_id,paper_id,score\nr0,p0,high\n", ":2, field 'score'"),
        ("bids.csv", "reviewer_id,paper_id,bid\nr0,p0,maybe\n", ":2, field 'bid'"),
        ("c.csv", "reviewer_id,paper_id\nr0,p77\n", ":2, field 'paper_id'"),
        ("pp.csv", "paper_id,reviewers\np0,two\n", ":2, field 'reviewers'"),
        ("pp.csv", "paper_id,reviewers\np0,2\n\npX,2\n", ":4, field 'paper_id'"),
    ],
)
def test_malformed_inputs_exit_2_without_output(files, capsys, name, content, where):
    path = files["dir"] / name
    path.write_text(content, encoding="utf-8")
    opt = {
        "scores.csv": "--scores",
        "bids.csv": "--bids",
        "c.csv": "--conflicts",
        "pp.csv": "--per-paper-file",
    }[name]
    argv = base(files)
    if opt == "--scores":
        argv[argv.index("--scores") + 1] = str(path)
    else:
        argv += [opt, str(path)]
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{path}{where}" in err
    assert not (files["dir"] / "assignment.csv").exists()


def test_malformed_reviewers_jsonl(files, capsys):
    with open(files["revs"], "a", encoding="utf-8") as fh:
        fh.write('{"id": "r9", "publications": [], "max_load": "lots"}\n')
    assert main(base(files)) == 2
    err = capsys.readouterr().err
    assert f"{files['revs']}:7, field 'max_load'" in err
    assert not (files["dir"] / "assignment.csv").exists()


def test_infeasible_exit_3_with_diagnosis_and_no_output(files, capsys):
    argv = base(files)
    argv[argv.index("--per-paper") + 1] = "7"  # 8 papers x 7 > 6 reviewers' capacity, and > 6 reviewers
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 3
    assert "no feasible assignment" in err and "demand" in err
    assert not (files["dir"] / "assignment.csv").exists()


def test_missing_scores_warn_and_count_as_zero(files, capsys):
    lines = open(files["scores"], encoding="utf-8").read().splitlines()
    (files["dir"] / "scores.csv").write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")
    assert main(base(files, "--explain", "0")) == 0
    err = capsys.readouterr().err
    assert "warning: 3 (reviewer, paper) pair(s) have no score" in err


def test_bad_plot_extension_fails_before_solving(files, capsys):
    assert main(base(files, "--plot", str(files["dir"] / "q.gif"))) == 2
    assert "plot file must end in" in capsys.readouterr().err
    assert not (files["dir"] / "assignment.csv").exists()


def test_randomized_cap_too_tight_exit_3(files, capsys):
    # 8 papers x 3 reviewers among 6 with p <= 0.5 needs every reviewer at load 4; r0 takes only 2
    rc = main(base(files, "--objective", "randomized", "--max-probability", "0.5"))
    assert rc == 3
    assert "raise --max-probability" in capsys.readouterr().err
    assert not (files["dir"] / "assignment.csv").exists()


def test_per_paper_overrides_forced_and_forbidden(files):
    d = files["dir"]
    pp = write_csv(d / "pp.csv", ("paper_id", "reviewers"), [("p0", "1"), ("p1", "4")])
    forced = write_csv(d / "f.csv", ("reviewer_id", "paper_id"), [("r5", "p2")])
    forbidden = write_csv(d / "x.csv", ("reviewer_id", "paper_id"), [("r4", "p3")])
    argv = base(files, "--per-paper-file", pp, "--forced", forced, "--forbidden", forbidden, "--explain", "0")
    assert main(argv) == 0
    rows = read_csv(files["out"])
    count = {}
    for r in rows:
        count[r["paper_id"]] = count.get(r["paper_id"], 0) + 1
    assert count["p0"] == 1 and count["p1"] == 4 and count["p2"] == 3
    pairs = {(r["reviewer_id"], r["paper_id"]) for r in rows}
    assert ("r5", "p2") in pairs and ("r4", "p3") not in pairs


def test_several_areas_per_reviewer(files, capsys):
    revs = [json.loads(line) for line in open(files["revs"], encoding="utf-8")]
    for j, rec in enumerate(revs):
        rec["research_areas"] = [AREAS[j % 4], AREAS[(j + 1) % 4]] if j % 2 else [AREAS[j % 4]]
    write_jsonl(files["dir"] / "R.jsonl", revs)
    assert (
        main(
            base(
                files,
                "--min-areas",
                "2",
                "--objective",
                "fair",
                "--explain",
                "0",
                "--report",
                str(files["dir"] / "r.json"),
            )
        )
        == 0
    )
    rep = json.loads((files["dir"] / "r.json").read_text())
    assert rep["papers_below_min_areas"] == 0 and rep["assignments"] == 24
    before = open(files["out"], encoding="utf-8").read()
    rc = main(base(files, "--min-areas", "2", "--objective", "randomized", "--max-probability", "0.6"))
    assert rc == 2
    assert "one research area per reviewer" in capsys.readouterr().err
    assert open(files["out"], encoding="utf-8").read() == before  # the earlier output is untouched


@pytest.mark.parametrize("ext", ["parquet", "npz"])
def test_parquet_and_npz_scores_give_the_csv_result(files, ext):
    from confero.engine.matrix_io import read_score_matrix, write_scores

    pids = [f"p{i}" for i in range(8)]
    rids = [f"r{j}" for j in range(6)]
    matrix = read_score_matrix(files["scores"], pids, rids).values
    other = files["dir"] / f"scores.{ext}"
    write_scores(other, matrix[::-1, ::-1], pids[::-1], rids[::-1])  # another row/column order
    assert main(base(files)) == 0
    from_csv = read_csv(files["out"])
    args = base(files)
    args[args.index("--scores") + 1] = str(other)
    assert main(args) == 0
    assert read_csv(files["out"]) == from_csv


def test_objective_flags_of_another_objective_are_refused(files, capsys):
    assert main(base(files, "--objective", "optimal", "--max-probability", "0.5")) == 2
    assert "--max-probability" in capsys.readouterr().err


@pytest.mark.parametrize(
    "objective, flags",
    [("perturbed", ["--perturbation", "0.3"]), ("randomized", ["--max-probability", "0.75"]), ("fair", [])],
)
def test_every_registered_objective_runs_from_the_command_line(files, objective, flags):
    assert main(base(files, "--objective", objective, "--seed", "3", *flags)) == 0
    rows = read_csv(files["out"])
    assert len(rows) == 8 * 3


def test_unknown_score_extension_is_an_error(files, capsys):
    args = base(files)
    args[args.index("--scores") + 1] = str(files["dir"] / "scores.txt")
    assert main(args) == 2
    assert "unknown score file type" in capsys.readouterr().err
