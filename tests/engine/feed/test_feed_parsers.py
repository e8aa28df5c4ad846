"""The feed's parsers on messy input: every format, skips with reasons, merging, format detection."""

from __future__ import annotations

import json

import pytest

from confero.engine.feed import arxiv_id, detect_format, parse, parse_date, parse_many, read_files, title_key
from confero.engine.feed.merge import merge
from confero.engine.feed.records import FeedAuthor, FeedPaper

ABSTRACT = (
    "We study how open models can be merged after fine-tuning on different tasks, and show that aligning "
    "their hidden units first makes the merged model keep most of the accuracy of each of the experts."
)


def test_jsonl_reads_fields_and_skips_bad_lines_with_their_reason():
    text = "\n".join(
        [
            json.dumps(
                {
                    "id": "2401.00001",
                    "title": "Merging {Experts}",
                    "abstract": ABSTRACT,
                    "authors": [{"name": "Ada Lovelace", "email": "ADA@x.example"}, "Alan Turing"],
                    "date": "2024-01-03",
                    "url": "https://arxiv.org/abs/2401.00001v2",
                    "venue": "OS-FMs",
                }
            ),
            '{"id": "x", "title": ',  # truncated line
            json.dumps({"id": "y", "abstract": "no title here"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "z", "title": "Authors as a string", "authors": "A. One; B. Two"}),
            json.dumps({"id": "w", "title": "Bad authors", "authors": [3]}),
            "",
        ]
    )
    r = parse(text.encode(), "f.jsonl")
    assert r.format == "jsonl"
    first = r.papers[0]
    assert first.title == "Merging Experts" and first.arxiv == "2401.00001" and first.date == "2024-01-03"
    assert first.authors == (FeedAuthor("Ada Lovelace", "ada@x.example"), FeedAuthor("Alan Turing"))
    assert first.year == 2024 and first.venue == "OS-FMs" and first.url.startswith("https://arxiv.org/")
    assert [p.author_names for p in r.papers[1:]] == [("A. One", "B. Two")]
    reasons = {s.where: s.reason for s in r.skipped}
    assert set(reasons) == {"f.jsonl:2", "f.jsonl:3", "f.jsonl:4", "f.jsonl:6"}
    assert "not valid JSON" in reasons["f.jsonl:2"]
    assert reasons["f.jsonl:3"] == "no title"
    assert reasons["f.jsonl:4"] == "not a JSON object"
    assert "authors[0]" in reasons["f.jsonl:6"]


def test_a_javascript_url_is_not_kept():
    r = parse(json.dumps({"id": "a", "title": "T one two", "url": "javascript:alert(1)"}).encode(), "x.jsonl")
    assert r.papers[0].url == ""


def test_arxiv_metadata_json_reuses_the_corpus_reader():
    rows = [
        {
            "id": "2403.01234",
            "title": "Open  Replication\n of a Model",
            "abstract": ABSTRACT,
            "authors_parsed": [["Curie", "Marie", ""], ["Noether", "Emmy", ""]],
            "versions": [{"version": "v1", "created": "Mon, 4 Mar 2024 10:00:00 GMT"}],
        },
        {"title": "No id"},
        {"id": "2403.09999", "title": ""},
    ]
    r = parse("\n".join(json.dumps(x) for x in rows).encode(), "a.json")
    assert r.format == "arxiv"
    [p] = r.papers
    assert (p.id, p.arxiv, p.date, p.title) == (
        "arXiv:2403.01234",
        "2403.01234",
        "2024-03-04",
        "Open Replication of a Model",
    )
    assert p.author_names == ("Marie Curie", "Emmy Noether")
    assert [s.reason for s in r.skipped] == ["id is required", "no title"]


OAI = b"""<?xml version="1.0"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
<record><header><identifier>oai:arXiv.org:2402.00002</identifier><datestamp>2024-02-05</datestamp></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2402.00002</id><created>2024-02-01</created>
<authors><author><keyname>Hopper</keyname><forenames>Grace</forenames></author></authors>
<title>Scaling Laws of Open Models</title><abstract>  An abstract.  </abstract></arXiv></metadata></record>
<record><header status="deleted"><identifier>oai:arXiv.org:2402.00003</identifier></header></record>
<record><header><identifier>oai:x:1</identifier></header><metadata><oai_dc:dc
 xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Open Evaluation Protocols</dc:title><dc:creator>Lovelace, Ada</dc:creator>
<dc:description>Benchmarks.</dc:description><dc:date>2024-02-07</dc:date>
<dc:identifier>http://arxiv.org/abs/2402.00004v1</dc:identifier></oai_dc:dc></metadata></record>
<record><header><identifier>oai:x:2</identifier></header><metadata><other/></metadata></record>
</ListRecords></OAI-PMH>"""


def test_oai_records_arxiv_and_dublin_core():
    r = parse(OAI, "o.xml")
    assert r.format == "oai"
    assert [(p.arxiv, p.title, p.date, p.author_names) for p in r.papers] == [
        ("2402.00002", "Scaling Laws of Open Models", "2024-02-01", ("Grace Hopper",)),
        ("2402.00004", "Open Evaluation Protocols", "2024-02-07", ("Ada Lovelace",)),
    ]
    assert [s.reason for s in r.skipped] == ["deleted record", "unknown metadata format <other>"]


def test_atom_feed_of_the_arxiv_api():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2405.11111v2</id>
    <published>2024-05-17T17:59:59Z</published><title>Tool Use by Agents</title><summary>Agents.</summary>
    <author><name>Ada Lovelace</name></author><link href="http://arxiv.org/abs/2405.11111v2" rel="alternate"/></entry></feed>"""
    [p] = parse(atom, "feed.atom").papers
    assert (p.arxiv, p.date, p.author_names) == ("2405.11111", "2024-05-17", ("Ada Lovelace",))


def test_xml_with_a_dtd_or_broken_xml_is_skipped_as_a_whole():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    r = parse(evil, "evil.xml")
    assert r.papers == [] and "DTD" in r.skipped[0].reason
    r = parse(b"<feed><entry>", "broken.xml")
    assert r.papers == [] and "not well-formed" in r.skipped[0].reason


BIB = r"""
@string{ws = "Workshop on Open Models"}
@inproceedings{a, title={{M}erging without {S}hared {I}nit}, author={Lindqvist, Tomas and Qureshi, Sana},
  booktitle=ws, year=2024, month=mar, day={5}, eprint={2403.00005}, archivePrefix={arXiv}}
@misc{broken, title={Never closed, year={2024}}

@article{b, title="Open Data", author={Okonkwo, Mira and others}, journal={J. Open}, year={2023},
  doi={10.48550/arXiv.2301.00007}}
@misc{c, author={No Title}}
@misc{a, title={Duplicate key}}
"""


def test_bibtex_skips_a_broken_entry_and_keeps_the_rest_with_macros():
    r = parse(BIB.encode(), "refs.bib")
    assert r.format == "bibtex"
    a, b = r.papers
    assert (a.title, a.venue, a.date, a.arxiv) == (
        "Merging without Shared Init",
        "Workshop on Open Models",
        "2024-03-05",
        "2403.00005",
    )
    assert a.author_names == ("Tomas Lindqvist", "Sana Qureshi")
    assert (b.author_names, b.year, b.date, b.arxiv) == (("Mira Okonkwo",), 2023, "", "2301.00007")
    reasons = [s.reason for s in r.skipped]
    assert len(reasons) == 3
    assert reasons[0].startswith("entry skipped:") and r.skipped[0].where == "refs.bib:5"
    assert "has no title" in reasons[1] and reasons[2] == "duplicate citation key 'a'"


def test_listing_page_chrome_repeats_and_a_title_without_abstract():
    page = "\n\n".join(
        [
            "new",
            "Get trending papers in your email inbox!",
            "Subscribe",
            "Daily Papers",
            "byAK and the research community",
            "Mar 4, 2024",
            "Merging Open Experts",
            ABSTRACT,
            "42 upvotes",
            "A Title Whose Abstract Is Missing",
            "Scaling Open Data",
            ABSTRACT.replace("merged", "scaled"),
            "Merging Open Experts",
            ABSTRACT,
            ABSTRACT + " An orphan paragraph.",
        ]
    )
    r = parse(page.encode(), "page.txt")
    assert r.format == "listing"
    assert [p.title for p in r.papers] == [
        "Merging Open Experts",
        "A Title Whose Abstract Is Missing",
        "Scaling Open Data",
        "Merging Open Experts",
    ]
    assert all(p.date == "2024-03-04" for p in r.papers)
    assert [n.where for n in r.notes] == ["page.txt:19"]
    assert [s.where for s in r.skipped] == ["page.txt:29"]  # the orphan paragraph (chrome is ignored)
    assert "without a title" in r.skipped[0].reason
    merged = merge(r.papers)
    assert len(merged.papers) == 3 and len(merged.merged) == 1


def test_listing_with_wrapped_abstract_and_title_on_the_line_above():
    words = ABSTRACT.split()
    page = "Merging Open Experts\n" + "\n".join(" ".join(words[i : i + 8]) for i in range(0, len(words), 8))
    [p] = parse(page.encode(), "wrapped.txt").papers
    assert p.title == "Merging Open Experts" and p.abstract == ABSTRACT


@pytest.mark.parametrize(
    "data,fmt",
    [
        (b'{"id": "1", "title": "x"}\n', "jsonl"),
        (b'[{"id": "1", "title": "x"}]', "jsonl"),
        (b'{"id": "1", "title": "x", "authors_parsed": []}', "arxiv"),
        (b"\xef\xbb\xbf  <?xml version='1.0'?><feed/>", "oai"),
        (b"% refs\n@misc{a, title={x}}\n", "bibtex"),
        (b"Some listing\n\nTitle here\n", "listing"),
    ],
)
def test_format_detection(data, fmt):
    assert detect_format(data) == fmt


def test_forced_format_and_bad_encoding():
    r = parse(b"\xff\xfe\x00garbage", "latin.txt", "listing")
    assert r.papers == [] and "not UTF-8" in r.skipped[0].reason
    with pytest.raises(ValueError, match="unknown format"):
        parse(b"", "x", "csv")


def test_arxiv_ids_and_dates():
    assert arxiv_id("https://arxiv.org/abs/2401.12345v3") == "2401.12345"
    assert arxiv_id("10.48550/arXiv.2401.12345") == "2401.12345"
    assert arxiv_id("arXiv:hep-th/9901001v1") == "hep-th/9901001"
    assert arxiv_id("hf-90ec6246fe", "https://example.org/2401.12345") == ""
    assert parse_date("24 Apr 2024") == ("2024-04-24", 2024)
    assert parse_date("Apr 24, 2024") == ("2024-04-24", 2024)
    assert parse_date("2024-02-30") == ("", 2024)
    assert parse_date("Apr 24") == ("", None)


def test_merge_is_transitive_and_keeps_the_most_informative_fields():
    a = FeedPaper("t-1", "Open Models!", "", (FeedAuthor("Ada"),), source="listing")
    b = FeedPaper("arXiv:2401.1", "Open models", "long abstract", (), arxiv="2401.00001", date="2024-01-05")
    c = FeedPaper("x", "Another title of it", "", (FeedAuthor("Ada", "ada@x.example"),), arxiv="2401.00001")
    d = FeedPaper("y", "Unrelated", "")
    result = merge([a, d, b, c])
    assert [p.title for p in result.papers] == ["Open Models!", "Unrelated"]
    kept = result.papers[0]
    assert (kept.id, kept.abstract, kept.arxiv, kept.date) == (
        "arXiv:2401.1",
        "long abstract",
        "2401.00001",
        "2024-01-05",
    )
    assert kept.authors == (FeedAuthor("Ada", "ada@x.example"),)
    assert kept.url == "https://arxiv.org/abs/2401.00001"
    assert len(result.merged) == 2
    assert title_key("Éclair: Open—Models") == title_key("eclair open models")


def test_read_files_reports_unreadable_files(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "1", "title": "Open Data Sets"}) + "\n")
    r = read_files([good, tmp_path / "missing.txt"])
    assert len(r.papers) == 1 and "cannot read file" in r.skipped[0].reason


def test_parse_many_merges_across_files():
    one = json.dumps({"id": "2401.00001", "title": "Open Data"}).encode()
    two = b"Open data\n\n" + ABSTRACT.encode()
    r = parse_many([("a.jsonl", one), ("b.txt", two)])
    assert r.read == 2 and len(r.papers) == 1 and r.papers[0].abstract == ABSTRACT
    assert r.papers[0].id == "2401.00001"
