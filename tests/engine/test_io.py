"""Interchange readers and the atomic writer: good input parses, bad input names file, line and field."""

from __future__ import annotations

import json
import os

import pytest

from confero.engine import io
from confero.engine.errors import InputError
from confero.engine.records import Affiliation, Author, Publication


def write(tmp_path, name, text, mode="w"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def jsonl(*objs):
    return "".join(json.dumps(o) + "\n" for o in objs)


def test_read_submissions_minimal_and_full(tmp_path):
    path = write(
        tmp_path,
        "s.jsonl",
        jsonl(
            {"id": "p1", "title": "T1", "abstract": "A1"},
            {
                "id": 2,
                "title": " T2 ",
                "abstract": "A2",
                "authors": [{"name": "Jane", "email": "Jane@X.EDU", "affiliation": "X"}],
                "topic": "merging",
                "keywords": ["a", " ", "b"],
            },
        )
        + "\n",
    )
    subs = io.read_submissions(path)
    assert [s.id for s in subs] == ["p1", "2"]
    assert subs[1].title == "T2" and subs[1].authors == (Author("Jane", "jane@x.edu", "X"),)
    assert subs[1].keywords == ("a", "b") and subs[1].topic == "merging"


def test_read_reviewers_minimal_and_full(tmp_path):
    line = {
        "id": "r1",
        "name": "Jane Doe",
        "emails": ["JD@x.edu"],
        "affiliations": [{"name": "X", "domain": "@X.edu", "start": 2019, "end": None}],
        "research_areas": ["nlp"],
        "max_load": 4,
        "publications": [{"id": "a", "title": "P", "year": 2023, "authors": ["Jane Doe", {"name": "B"}]}],
    }
    path = write(tmp_path, "r.jsonl", jsonl({"id": "r0", "publications": []}, line))
    r0, r1 = io.read_reviewers(path)
    assert r0.publications == () and r0.max_load is None
    assert r1.emails == ("jd@x.edu",) and r1.affiliations == (Affiliation("X", "x.edu", 2019, None),)
    assert r1.publications == (Publication("a", "P", "", 2023, ("Jane Doe", "B")),)


@pytest.mark.parametrize(
    "content, line, field, words",
    [
        ('{"id": "p1", "title": "T", "abstract": "A"}\n{"id": "p1", "title": "T", "abstract": "A"}\n', 2, "id", "duplicate"),
        ('{"id": "p1", "title": "T"}\n', 1, "abstract", "required"),
        ('\n{"id": "", "title": "T", "abstract": "A"}\n', 2, "id", "empty"),
        ('{"id": "p1", "title": "T", "abstract": "A",}\n', 1, None, "not valid JSON"),
        ('["p1"]\n', 1, None, "JSON object"),
        ('{"id": "p1", "title": ["T"], "abstract": "A"}\n', 1, "title", "string"),
        ('{"id": "p1", "title": "T", "abstract": "A", "authors": ["Jane"]}\n', 1, "authors[0]", "object"),
        ('{"id": "p1", "title": "T", "abstract": "A", "authors": [{"name": 5.5}]}\n', 1, "authors[0].name", "string"),
        ('{"id": "p1", "title": "T", "abstract": "A", "keywords": [1]}\n', 1, "keywords[0]", "string"),
    ],
)  # fmt: skip
def test_submission_errors(tmp_path, content, line, field, words):
    path = write(tmp_path, "s.jsonl", content)
    with pytest.raises(InputError) as err:
        io.read_submissions(path)
    assert (err.value.path, err.value.line, err.value.field) == (path, line, field)
    assert words in str(err.value) and path in str(err.value)


@pytest.mark.parametrize(
    "obj, field, words",
    [
        ({"id": "r1"}, "publications", "required"),
        ({"id": "r1", "publications": {}}, "publications", "list"),
        ({"id": "r1", "publications": [{"id": "a"}]}, "publications[0].title", "required"),
        ({"id": "r1", "publications": [{"id": "a", "title": "T", "year": "soon"}]}, "publications[0].year", "integer"),
        ({"id": "r1", "publications": [{"id": "a", "title": "T", "year": 2020.5}]}, "publications[0].year", "integer"),
        ({"id": "r1", "publications": [{"id": "a", "title": "T", "authors": [3]}]}, "publications[0].authors[0]", "name"),
        ({"id": "r1", "publications": [], "max_load": -1}, "max_load", ">= 0"),
        ({"id": "r1", "publications": [], "max_load": True}, "max_load", "integer"),
        ({"id": "r1", "publications": [], "affiliations": [{"start": "x"}]}, "affiliations[0].start", "integer"),
        ({"id": "r1", "publications": [], "emails": "a@b.c"}, "emails", "list"),
    ],
)  # fmt: skip
def test_reviewer_errors(tmp_path, obj, field, words):
    path = write(tmp_path, "r.jsonl", jsonl({"id": "r0", "publications": []}, obj))
    with pytest.raises(InputError) as err:
        io.read_reviewers(path)
    assert (err.value.line, err.value.field) == (2, field)
    assert words in str(err.value)


def test_jsonl_encoding_problems_name_the_line(tmp_path):
    path = write(
        tmp_path, "s.jsonl", b'{"id": "p1", "title": "T", "abstract": "A"}\n{"id": "p2", "title": "\xff"}\n'
    )
    with pytest.raises(InputError) as err:
        io.read_submissions(path)
    assert err.value.line == 2 and "UTF-8" in str(err.value)
    # a byte-order mark (some editors add one) is not an error
    bom = write(tmp_path, "bom.jsonl", b'\xef\xbb\xbf{"id": "p1", "title": "T", "abstract": "A"}\n')
    assert [s.id for s in io.read_submissions(bom)] == ["p1"]


def test_non_finite_integer_is_an_input_error_not_a_crash(tmp_path):
    path = write(tmp_path, "r.jsonl", '{"id": "r1", "publications": [], "max_load": Infinity}\n')
    with pytest.raises(InputError) as err:
        io.read_reviewers(path)
    assert err.value.field == "max_load"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        io.read_submissions(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="cannot read"):
        io.read_scores(tmp_path / "nope.csv")


def test_read_scores_conflicts_bids(tmp_path):
    scores = write(tmp_path, "s.csv", "reviewer_id,paper_id,score\nr1,p1,0.5\n,,\nr2,p1,-1e-3\n")
    assert io.read_scores(scores) == [("r1", "p1", 0.5), ("r2", "p1", -0.001)]
    conflicts = write(tmp_path, "c.csv", "reviewer_id,paper_id,reason\nr1,p1,advisor\nr2,p1,\n")
    assert io.read_conflicts(conflicts) == [("r1", "p1", "advisor"), ("r2", "p1", "declared")]
    no_reason = write(tmp_path, "c2.csv", "reviewer_id,paper_id\nr1,p1\n")
    assert io.read_conflicts(no_reason) == [("r1", "p1", "declared")]
    bids = write(
        tmp_path, "b.csv", "reviewer_id,paper_id,bid\nr1,p1,Very High\nr1,p2,very_low\nr1,p3,conflict\n"
    )
    assert io.read_bids(bids) == [
        ("r1", "p1", "very-high"),
        ("r1", "p2", "very-low"),
        ("r1", "p3", "conflict"),
    ]


def test_csv_encoding_error_names_the_line(tmp_path):
    path = write(tmp_path, "s.csv", b"reviewer_id,paper_id,score\nr1,p1,1\nr\xe9,p2,1\n")
    with pytest.raises(InputError) as err:
        io.read_scores(path)
    assert (err.value.path, err.value.line) == (path, 3) and "UTF-8" in str(err.value)


def test_csv_with_byte_order_mark(tmp_path):
    path = write(tmp_path, "s.csv", b"\xef\xbb\xbfreviewer_id,paper_id,score\r\nr1,p1,1\r\n")
    assert io.read_scores(path) == [("r1", "p1", 1.0)]


@pytest.mark.parametrize(
    "reader, content, line, field, words",
    [
        (io.read_scores, "reviewer,paper,score\nr1,p1,1\n", 1, None, "missing reviewer_id"),
        (io.read_scores, "reviewer_id,paper_id,score\nr1,p1,high\n", 2, "score", "number"),
        (io.read_scores, "reviewer_id,paper_id,score\nr1,p1,1\nr1,p2,nan\n", 3, "score", "finite"),
        (io.read_scores, "reviewer_id,paper_id,score\nr1,p1,1,extra\n", 2, None, "4 values"),
        (io.read_scores, "reviewer_id,paper_id,score\n,p1,1\n", 2, "reviewer_id", "empty"),
        (io.read_bids, "reviewer_id,paper_id,bid\nr1,p1,maybe\n", 2, "bid", "very-high"),
        (io.read_conflicts, "", 1, None, "found: nothing"),
    ],
)  # fmt: skip
def test_csv_errors(tmp_path, reader, content, line, field, words):
    path = write(tmp_path, "x.csv", content)
    with pytest.raises(InputError) as err:
        reader(path)
    assert (err.value.path, err.value.line, err.value.field) == (path, line, field)
    assert words in str(err.value)


def test_write_csv_and_atomic_output_leave_no_partial_file(tmp_path):
    out = tmp_path / "out.csv"
    assert io.write_csv(out, ["a", "b"], [(1, "x,y"), (2, "z")]) == 2
    assert out.read_text() == 'a,b\n1,"x,y"\n2,z\n'

    def rows():
        yield (3, "w")
        raise InputError("bad row", path="in.csv", line=9)

    with pytest.raises(InputError):
        io.write_csv(out, ["a", "b"], rows())
    assert out.read_text() == 'a,b\n1,"x,y"\n2,z\n'  # the old file is untouched
    fresh = tmp_path / "fresh.csv"
    with pytest.raises(InputError):
        io.write_csv(fresh, ["a"], rows())
    assert not fresh.exists()
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]  # no temporary files left behind
    with pytest.raises(InputError, match="does not exist"):
        io.write_csv(tmp_path / "no" / "dir.csv", ["a"], [])


def test_atomic_output_uses_normal_file_permissions(tmp_path):
    import os

    from confero.engine.io import write_csv

    old = os.umask(0o022)
    try:
        write_csv(tmp_path / "out.csv", ["a"], [[1]])
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644
