"""``confero posters`` on real JSONL files: the split, the infeasibility message, bad lines named."""

from __future__ import annotations

import csv
import json

from confero.cli import main


def write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return str(path)


PAPERS = [
    {"id": 1, "topic": "data", "presenters": [{"id": "ana", "name": "Ana Lee"}, "bo@uni.edu"], "oral": True},
    {"id": 2, "topic": "data", "presenters": [{"id": "ana", "name": "Ana Lee"}]},
    {"id": 3, "topic": "eval", "presenters": ["Bo@uni.edu"]},
    {"id": 4, "topic": "eval", "presenters": ["cy@uni.edu"], "session": 2},
]


def test_writes_a_clash_free_split(tmp_path, capsys):
    out = tmp_path / "plan.csv"
    assert main(["posters", "--papers", write(tmp_path / "p.jsonl", PAPERS), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    session = {r["paper_id"]: int(r["session"]) for r in rows}
    assert session["1"] != session["2"] and session["1"] != session["3"]  # Ana; Bo (e-mail case folded)
    assert session["4"] == 2
    assert sorted(int(r["board"]) for r in rows if r["session"] == "1") == [1, 2]
    assert next(r for r in rows if r["paper_id"] == "1")["oral"] == "1"
    printed = capsys.readouterr().out
    assert "4 papers in 2 sessions" in printed and "data" in printed


def test_infeasible_names_the_person(tmp_path, capsys):
    rows = [*PAPERS, {"id": 5, "topic": "eval", "presenters": [{"id": "ana", "name": "Ana Lee"}]}]
    out = tmp_path / "plan.csv"
    assert main(["posters", "--papers", write(tmp_path / "p.jsonl", rows), "--out", str(out)]) == 1
    assert "Ana Lee presents #1, #2 and #5 but there are 2 sessions" in capsys.readouterr().err
    assert not out.exists()


def test_bad_lines_are_named(tmp_path, capsys):
    cases = [
        (['{"id": 1}', "{oops"], ":2: not valid JSON"),
        ([{"id": 1}, {"id": 1}], "p.jsonl:2, field 'id': duplicate paper id '1' (first on line 1)"),
        ([{"id": 1, "presenters": [7]}], "field 'presenters[0]': must be a name or an object"),
        ([{"id": 1, "session": 3}], "field 'session': pinned to session 3 but there are 2"),
        ([{"title": "no id"}], "field 'id': is required"),
    ]
    for rows, message in cases:
        path = write(tmp_path / "p.jsonl", rows)
        assert main(["posters", "--papers", path, "--out", str(tmp_path / "o.csv")]) == 2
        assert message in capsys.readouterr().err, message
