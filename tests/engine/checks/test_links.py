"""The link extractor: URLs broken across lines, trailing punctuation, bare hosts, Unicode (unit and
property tests), and links from a real PDF's text and annotations."""

from __future__ import annotations

import string

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from paper_pdf import Section, Url, make_paper

from confero.engine.checks import read_pdf
from confero.engine.checks.links import (
    document_links,
    extract_urls,
    join_broken_lines,
    normalize_url,
    trim_url,
)


def urls_in(text: str) -> list[str]:
    joined, _ = join_broken_lines(text.split("\n"))
    return [u for u, _, _ in extract_urls(joined)]


def test_trailing_punctuation_and_brackets():
    assert urls_in("See https://github.com/org/repo.") == ["https://github.com/org/repo"]
    assert urls_in("(code: https://github.com/org/repo), and") == ["https://github.com/org/repo"]
    assert urls_in("at https://en.wikipedia.org/wiki/Foo_(bar).") == [
        "https://en.wikipedia.org/wiki/Foo_(bar)"
    ]
    assert urls_in("“https://x.org/a?b=1&c=2”;") == ["https://x.org/a?b=1&c=2"]
    assert urls_in("see <https://x.org/path/>!") == ["https://x.org/path/"]
    assert trim_url("https://x.org/a.b.") == "https://x.org/a.b"


def test_bare_hosts_and_www():
    assert urls_in("code at github.com/org/repo and huggingface.co/datasets/org/d.") == [
        "github.com/org/repo",
        "huggingface.co/datasets/org/d",
    ]
    assert urls_in("visit www.example.org/page for more") == ["www.example.org/page"]
    assert urls_in("mail jane@github.com or GitHub.com") == []  # an e-mail and a bare host name


def test_broken_after_slash_dot_and_hyphen():
    assert urls_in("Code: https://github.com/anon-\nymous-org/repo.") == [
        "https://github.com/anon-ymous-org/repo"
    ]
    assert urls_in("at https://anonymous.4open.\nscience/r/abc-123 and") == [
        "https://anonymous.4open.science/r/abc-123"
    ]
    assert urls_in("at https://github.com/org/\nrepo/tree/main now") == [
        "https://github.com/org/repo/tree/main"
    ]
    assert urls_in("see https://github.com/org/repo/blob/main/README.\nmd for") == [
        "https://github.com/org/repo/blob/main/README.md"
    ]


def test_not_joined_with_the_next_sentence():
    assert urls_in("see https://github.com/org/repo.\nWe then train") == ["https://github.com/org/repo"]
    assert urls_in("see https://example.org/\nfor details") == ["https://example.org/"]
    assert urls_in("see https://github.com/org/repo,\ne.g. the") == ["https://github.com/org/repo"]
    assert urls_in("https://a.org/x\nhttps://b.org/y") == ["https://a.org/x", "https://b.org/y"]
    assert urls_in("see https://example.org/\nResults show") == ["https://example.org/"]


def test_blank_lines_and_empty_text():
    assert urls_in("") == []
    assert urls_in("\n\nsee https://x.org/a/\n\nb/c\n") == ["https://x.org/a/"]


def test_ligatures_and_invisible_characters():
    assert urls_in("https://github.com/org/ﬁne\u00ad-tuning\u200b") == ["https://github.com/org/fine-tuning"]


def test_normalize_url():
    assert normalize_url("HTTPS://WWW.GitHub.com/Org/Repo/") == "github.com/Org/Repo"
    assert normalize_url("github.com/Org/Repo#readme") == "github.com/Org/Repo"


# ------------------------------------------------------------------------------------------ properties

_SEG = st.text(alphabet=string.ascii_lowercase + string.digits + "éßçøλжü", min_size=3, max_size=10)
_HOST = st.lists(
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=2, max_size=8), min_size=1, max_size=3
)


@st.composite
def urls(draw):
    scheme = draw(st.sampled_from(["https://", "http://"]))
    host = ".".join(draw(_HOST)) + "." + draw(st.sampled_from(["org", "com", "io", "science"]))
    segs = draw(st.lists(_SEG, min_size=1, max_size=4))
    seps = [draw(st.sampled_from(["/", "-", "_", "/"])) for _ in segs]
    path = "".join(s + seg for s, seg in zip(seps, segs, strict=True))
    query = draw(st.sampled_from(["", "?q=1", "?a=b&c=d", "#sec-2"]))
    return scheme + host + "/" + path.lstrip("/-_") + query


@settings(max_examples=300, deadline=None)
@given(
    url=urls(),
    before=st.sampled_from(["", "See ", "code (", "at: ", "«"]),
    after=st.sampled_from(["", ".", ",", ")", ").", ";", "!", "?", "»", ":", "'"]),
)
@example(url="https://a.org/x_y", before="(", after=").")
def test_url_with_surrounding_punctuation_is_recovered(url, before, after):
    assume(not (before == "code (" and after in (")", ").")) or "(" not in url)
    text = f"We release it {before}{url}{after} and more text."
    assert urls_in(text) == [url]


@settings(max_examples=300, deadline=None)
@given(url=urls(), data=st.data(), after=st.sampled_from(["", ".", ",", ")"]))
def test_url_broken_after_punctuation_is_recovered(url, data, after):
    """A break right after a "/", "-", "_", "=", "&" or "?" (as LaTeX's url package breaks) is joined,
    unless the rest is an ordinary English word (then it is ambiguous and not joined)."""
    scheme_end = url.index("://") + 3
    points = [i + 1 for i, ch in enumerate(url) if i > scheme_end and ch in "/-_=&?" and i + 1 < len(url)]
    assume(points)
    cut = data.draw(st.sampled_from(points))
    rest = url[cut:]
    head = rest.split()[0]
    assume(head.lower() not in {"for", "and", "the", "in", "of", "to", "a", "an", "or", "on", "at", "by"})
    assume(not (head[0].isupper() and head[1:].islower()))
    text = f"Our code is at {url[:cut]}\n{rest}{after} We train it."
    assert urls_in(text) == [url]


@settings(max_examples=200, deadline=None)
@given(url=urls())
def test_url_broken_after_a_dot_before_a_host_ending(url):
    host_end = url.index("/", url.index("://") + 3)
    dot = url.rindex(".", 0, host_end)
    text = f"Data at {url[: dot + 1]}\n{url[dot + 1 :]} and more."
    assert urls_in(text) == [url]


# ------------------------------------------------------------------------------------------ real PDFs


def test_links_from_a_pdf_with_annotations_and_broken_lines():
    long_url = "https://github.com/anonymous-org/a-rather-long-repository-name/tree/main/experiments/configs"
    body = [
        "Our",
        "code",
        "is",
        "at",
        Url(long_url),
        "and",
        "the",
        "model",
        "is",
        "at",
        Url("https://huggingface.co/anon/model-7b", annotate=False),
        ".",
    ]
    body += [
        "The",
        "demo",
        "is",
        "here:",
        Url("https://huggingface.co/spaces/anon/demo", display="[demo]"),
        ".",
    ]
    pdf = make_paper(
        sections=[Section("1 Introduction", [body])],
        references=["[1] A. B. Title. https://arxiv.org/abs/2401.00001."],
    )
    doc = read_pdf(pdf)
    links = {ln.url: ln for ln in document_links(doc)}
    assert set(links) == {
        long_url,
        "https://huggingface.co/anon/model-7b",
        "https://huggingface.co/spaces/anon/demo",
        "https://arxiv.org/abs/2401.00001",
    }
    assert links[long_url].source == "text+annotation"
    assert links["https://huggingface.co/anon/model-7b"].source == "text"
    assert links["https://huggingface.co/spaces/anon/demo"].source == "annotation"
    assert "demo" in links["https://huggingface.co/spaces/anon/demo"].context
    assert all(ln.page == 1 for ln in links.values())


def test_annotation_completes_a_url_broken_after_a_letter():
    """The text shows the URL broken inside a word (no punctuation): ambiguous in the text, the
    annotation's URI decides."""
    url = "https://github.com/anonymous/projectname"
    body = [
        "Code:",
        Url(url, display="https://github.com/anonymous/project"),
        Url(url, display="name"),
        "here.",
    ]
    doc = read_pdf(make_paper(sections=[Section("1 Intro", [body])]))
    found = [ln.url for ln in document_links(doc)]
    assert found == [url]
