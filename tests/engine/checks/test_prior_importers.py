"""Corpus readers: JSONL, arXiv metadata, DBLP XML (streamed, with DTD entities), OpenReview notes."""

from __future__ import annotations

import json

import pytest

from confero.engine.checks.prior import guess_format, read_corpus, venue_status
from confero.engine.errors import InputError


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def jsonl(tmp_path, rows, name="c.jsonl"):
    return write(tmp_path, name, "".join(json.dumps(r) + "\n" for r in rows))


@pytest.mark.parametrize(
    "venue,source,status",
    [
        ("ICLR 2024", "jsonl", "archival"),
        ("Trans. Mach. Learn. Res.", "dblp", "archival"),
        ("CoRR", "dblp", "preprint"),
        ("arXiv", "jsonl", "preprint"),
        ("Submitted to ICLR 2025", "openreview", "preprint"),
        ("ICLR 2024 Conference Withdrawn Submission", "openreview", "preprint"),
        ("ICLR 2024 Workshop ME-FoMo", "openreview", "workshop"),
        ("", "jsonl", "unknown"),
        ("", "arxiv", "preprint"),
        ("anything", "submission", "submission"),
    ],
)
def test_venue_status(venue, source, status):
    assert venue_status(venue, source) == status


def test_jsonl(tmp_path):
    path = jsonl(
        tmp_path,
        [
            {
                "id": "a",
                "title": "T1",
                "abstract": "A",
                "authors": ["X Y", {"name": "Z W"}],
                "venue": "NeurIPS",
                "year": 2023,
            },
            {"id": "b", "title": "T2", "authors": "P Q; R S", "status": "preprint"},
            {"id": "c", "title": ""},
        ],
    )
    papers = list(read_corpus(path))
    assert [(p.id, p.status, p.authors) for p in papers] == [
        ("a", "archival", ("X Y", "Z W")),
        ("b", "preprint", ("P Q", "R S")),
    ]
    assert papers[0].year == 2023


@pytest.mark.parametrize(
    "row,field",
    [
        ({"title": "x"}, "id"),
        ({"id": "a", "title": "x", "year": "soon"}, "year"),
        ({"id": "a", "title": "x", "status": "great"}, "status"),
        ({"id": "a", "title": "x", "authors": [3]}, "authors[0]"),
    ],
)
def test_jsonl_errors_name_line_and_field(tmp_path, row, field):
    path = jsonl(tmp_path, [{"id": "ok", "title": "fine"}, row])
    with pytest.raises(InputError) as exc:
        list(read_corpus(path, "jsonl"))
    assert exc.value.line == 2 and exc.value.field == field


def test_arxiv_snapshot_lines_and_array(tmp_path):
    rows = [
        {"id": "2401.00001", "submitter": "X", "authors": "A. One and B. Two", "title": "Merging\n  models", "comments": "12 pages",
         "journal-ref": None, "abstract": "  We merge. ", "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
         "authors_parsed": [["One", "A.", ""], ["Two", "B.", ""]]},
        {"id": "2305.00002", "authors": "C. Three", "title": "Scaling", "comments": "Accepted at NeurIPS 2023", "abstract": "x"},
        {"id": "2306.00003", "authors": "D. Four", "title": "Data", "journal-ref": "Proceedings of ICML 2023, PMLR 202", "abstract": "y"},
        {"id": "2307.00004", "authors": "E. Five", "title": "Eval", "comments": "Accepted at the ICLR 2024 Workshop on X", "abstract": "z"},
    ]  # fmt: skip
    path = jsonl(tmp_path, rows, "arxiv.json")
    assert guess_format(path) == "arxiv"
    papers = list(read_corpus(path))
    assert [(p.id, p.status) for p in papers] == [
        ("arXiv:2401.00001", "preprint"),
        ("arXiv:2305.00002", "archival"),
        ("arXiv:2306.00003", "archival"),
        ("arXiv:2307.00004", "workshop"),
    ]
    first = papers[0]
    assert (first.title, first.abstract, first.authors, first.year) == (
        "Merging models",
        "We merge.",
        ("A. One", "B. Two"),
        2024,
    )
    assert papers[1].year == 2023 and papers[1].url == "https://arxiv.org/abs/2305.00002"
    array = write(tmp_path, "arr.json", json.dumps(rows))
    assert [p.id for p in read_corpus(array, "arxiv")] == [p.id for p in papers]


DBLP = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE dblp SYSTEM "dblp.dtd">
<dblp>
<inproceedings key="conf/iclr/MullerS24" mdate="2024-05-01">
<author>J&ouml;rg M&uuml;ller</author><author>Wei Wang 0003</author>
<title>Merging <i>Models</i> Well.</title><booktitle>ICLR</booktitle><year>2024</year><ee>https://openreview.net/forum?id=x</ee>
</inproceedings>
<article key="journals/corr/abs-2401-00001" publtype="informal"><author>A B</author><title>A preprint</title><journal>CoRR</journal><year>2024</year></article>
<inproceedings key="conf/iclr/W24"><author>C D</author><title>Workshop thing</title><booktitle>ICLR Workshop ME-FoMo</booktitle><year>2024</year></inproceedings>
<www key="homepages/1"><author>X</author><title>Home Page</title></www>
<proceedings key="conf/iclr/2024"><title>ICLR 2024 proceedings</title></proceedings>
</dblp>
"""


def test_dblp_dump_with_entities(tmp_path):
    p = tmp_path / "dblp.xml"
    p.write_bytes(DBLP.encode("latin-1"))
    assert guess_format(str(p)) == "dblp"
    papers = list(read_corpus(str(p)))
    assert [(x.id, x.status) for x in papers] == [
        ("dblp:conf/iclr/MullerS24", "archival"),
        ("dblp:journals/corr/abs-2401-00001", "preprint"),
        ("dblp:conf/iclr/W24", "workshop"),
    ]
    assert papers[0].authors == ("Jörg Müller", "Wei Wang")
    assert papers[0].title == "Merging Models Well" and papers[0].year == 2024 and papers[0].abstract == ""


def test_dblp_refuses_entity_declarations_and_reports_bad_xml(tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><dblp><article key="k"><title>&b;</title></article></dblp>'
    with pytest.raises(InputError, match="entity declarations"):
        list(read_corpus(write(tmp_path, "b.xml", bomb), "dblp"))
    with pytest.raises(InputError, match="not well-formed") as exc:
        list(
            read_corpus(
                write(tmp_path, "c.xml", "<dblp>\n<article key='k'>\n<title>x</titel></article></dblp>"),
                "dblp",
            )
        )
    assert exc.value.line == 3


def test_openreview_v1_and_v2(tmp_path):
    notes = {
        "notes": [
            {"id": "n1", "forum": "n1", "pdate": 1714000000000, "content": {"title": {"value": "Merging"}, "abstract": {"value": "We merge."},
             "authors": {"value": ["A B", "C D"]}, "venue": {"value": "ICLR 2024 poster"}, "venueid": {"value": "ICLR.cc/2024/Conference"}}},
            {"id": "n2", "forum": "n2", "content": {"title": {"value": "Rejected idea"}, "venue": {"value": "Submitted to ICLR 2024"},
             "venueid": {"value": "ICLR.cc/2024/Conference/Rejected_Submission"}}},
            {"id": "n3", "forum": "n3", "invitation": "ICLR.cc/2023/Conference/-/Blind_Submission", "cdate": 1663000000000,
             "content": {"title": "Old style", "abstract": "v1 note", "authors": ["E F"]}},
        ]
    }  # fmt: skip
    path = write(tmp_path, "or.json", json.dumps(notes))
    assert guess_format(path) == "openreview"
    papers = list(read_corpus(path))
    assert [(p.id, p.status, p.year) for p in papers] == [
        ("openreview:n1", "archival", 2024),
        ("openreview:n2", "preprint", None),
        ("openreview:n3", "preprint", 2022),
    ]
    assert papers[0].authors == ("A B", "C D") and papers[0].url == "https://openreview.net/forum?id=n1"
    with pytest.raises(InputError, match="content"):
        list(read_corpus(write(tmp_path, "bad.json", json.dumps([{"id": "x"}])), "openreview"))


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="unknown corpus format"):
        read_corpus(jsonl(tmp_path, []), "bibtex")
    with pytest.raises(InputError, match="cannot read"):
        list(read_corpus(str(tmp_path / "nope.jsonl"), "jsonl"))
