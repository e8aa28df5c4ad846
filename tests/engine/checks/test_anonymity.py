"""The anonymity check on real PDFs with planted leaks, and clean controls."""

from __future__ import annotations

import pytest
from paper_pdf import Section, Url, make_paper, xmp_packet

from confero.engine.checks import CheckContext, parse_authors, read_pdf
from confero.engine.checks.anonymity import check_anonymity

AUTHORS = parse_authors("Jane Q. Doe <jane.doe@uni-testing.edu> (University of Testing); Bo Li <bo@lab.org>")
BODY = "We study how open foundation models are trained and evaluated and what makes them reproducible."
REFS = [
    "[1] Jane Q. Doe and Bo Li. Merging models. In ICLR, 2024.",
    "[2] A. Smith. Scaling laws. arXiv, 2023.",
]


def paper(extra_paragraphs=(), **kw) -> bytes:
    paras = [BODY.split()] + [p.split() if isinstance(p, str) else p for p in extra_paragraphs]
    kw.setdefault("references", REFS)
    return make_paper(sections=[Section("1 Introduction", paras)], **kw)


def kinds(pdf, authors=AUTHORS, **ctx) -> dict[str, list]:
    r = check_anonymity(read_pdf(pdf), CheckContext(authors=authors, **ctx))
    out: dict[str, list] = {}
    for f in r.findings:
        assert f.check == "anonymity" and f.identifying == (f.kind != "not-checked")
        out.setdefault(f.kind, []).append(f)
    return out


def test_clean_paper_has_no_leak_and_names_in_references_are_fine():
    found = kinds(paper())
    assert found == {}


def test_author_block_with_names_emails_affiliation():
    pdf = paper(
        author_lines=["Jane Q. Doe, Bo Li", "University of Testing", "{jane.doe, bo}@uni-testing.edu"]
    )
    found = kinds(pdf)
    names = {f.message for f in found["name-in-text"]}
    assert any("Jane Q. Doe" in m for m in names) and any("Bo Li" in m for m in names)
    assert all(f.severity == "error" and f.page == 1 for f in found["name-in-text"])
    assert found["affiliation-in-text"][0].severity == "error"
    assert found["email-in-text"][0].evidence.endswith("@uni-testing.edu")
    assert found["affiliation-in-author-block"][0].severity == "warning"


def test_author_block_without_author_list_is_still_suspicious():
    pdf = paper(
        author_lines=["Jane Q. Doe", "Department of Computer Science, University of Testing", "jane@uni.edu"]
    )
    found = kinds(pdf, authors=())
    assert "affiliation-in-author-block" in found and "email-in-text" in found
    assert found["not-checked"][0].severity == "info"


@pytest.mark.parametrize(
    "info,xmp,kind,severity",
    [
        ({"Author": "Jane Doe"}, None, "name-in-metadata", "error"),
        ({"Author": "Someone Else"}, None, "author-in-metadata", "warning"),
        (
            {"Title": "Paper", "Keywords": "merging; jane.doe@uni-testing.edu"},
            None,
            "name-in-metadata",
            "error",
        ),
        ({"Title": "/Users/jqdoe/Documents/paper.tex"}, None, "path-in-metadata", "warning"),
        ({"Author": "Anonymous"}, xmp_packet(creator="Jane Q. Doe"), "name-in-metadata", "error"),
        ({"Author": "Anonymous"}, xmp_packet(author="Carla Diaz"), "author-in-metadata", "warning"),
    ],
)
def test_metadata(info, xmp, kind, severity):
    found = kinds(paper(info=info, xmp=xmp))
    assert kind in found, found
    assert found[kind][0].severity == severity
    assert found[kind][0].page is None and found[kind][0].evidence.startswith(("Info", "XMP"))


def test_anonymous_metadata_is_fine():
    assert kinds(paper(info={"Author": "Anonymous Author(s)"}, xmp=xmp_packet(creator="Anonymous"))) == {}


def test_acknowledgements():
    found = kinds(paper(acknowledgements="We thank Carla Diaz for comments. Funded by grant NSF-1234567."))
    (ack,) = found["acknowledgements"]
    assert ack.severity == "warning" and "funding" in ack.message and "Carla Diaz" in ack.evidence
    found = kinds(paper(acknowledgements="This work was done while Bo Li visited the lab."))
    assert found["acknowledgements"][0].severity == "error"
    assert kinds(paper(acknowledgements="Acknowledgements are omitted for double-blind review.")) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "In our previous work [12] we merged two models.",
        "This extends our ICLR 2023 paper on merging.",
        "As we showed in [4], merging works.",
        "We previously proposed task arithmetic [7].",
        "In [3], we introduced the benchmark.",
        "Our earlier study (Doe et al., 2023) found the same.",
        "We build on our method (Doe and Li, 2024).",
    ],
)
def test_self_citations(sentence):
    (f,) = kinds(paper([sentence]))["self-citation"]
    assert f.severity == "warning" and sentence.split()[0] in f.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Previous work [12] merged two models.",
        "Smith et al. (2023) showed that merging works.",
        "As shown in Section 3, our method is fast.",
        "Our results in Table 2 confirm this.",
        "In our experiments, we use three seeds.",
    ],
)
def test_not_self_citations(sentence):
    assert "self-citation" not in kinds(paper([sentence]))


def test_personal_urls_and_mailto():
    pdf = paper(
        [
            ["Our", "code:", Url("https://github.com/janedoe/merge"), "."],
            ["More", "at", Url("https://jqdoe.github.io/"), "."],
            ["Contact:", Url("mailto:jane.doe@uni-testing.edu", display="the first author"), "."],
        ]
    )
    found = kinds(pdf)
    urls = {f.link: f.severity for f in found["personal-url"]}
    assert urls == {"https://github.com/janedoe/merge": "error", "https://jqdoe.github.io/": "warning"}
    assert found["email-link"][0].severity == "error"


def test_name_in_body_text_and_split_across_lines():
    pdf = paper(["This work was presented by Jane Q. Doe at a seminar."])
    (f,) = kinds(pdf)["name-in-text"]
    assert f.page == 1 and "Jane Q. Doe" in f.evidence


def test_not_double_blind_is_skipped_with_a_reason():
    r = check_anonymity(
        read_pdf(paper(author_lines=["Jane Q. Doe"])), CheckContext(authors=AUTHORS, anonymity="single-blind")
    )
    assert r.status == "skipped" and "single-blind" in r.reason


def test_names_and_affiliations_inside_emails_and_urls_are_not_counted_twice():
    authors = parse_authors("Jian Wang <jian.wang@epfl.ch> (EPFL)")
    found = kinds(paper(author_lines=["Anonymous Authors", "jian.wang@epfl.ch"]), authors=authors)
    assert set(found) == {"email-in-text"}
    found = kinds(paper([["Code:", Url("https://github.com/jian-wang/x"), "."]]), authors=authors)
    assert "name-in-text" not in found and "personal-url" in found


def test_hyphenated_given_name_and_a_title_with_a_lab_name():
    authors = parse_authors("Qing-guo Ma <qm@uni.edu>")
    assert "name-in-text" in kinds(paper(author_lines=["Qing-guo Ma"]), authors=authors)
    found = kinds(
        make_paper(title="FAIR Data for Open Models", sections=[Section("1 Intro", [BODY.split()])]),
        authors=(),
    )
    assert "affiliation-in-author-block" not in found  # the title is not the author block
