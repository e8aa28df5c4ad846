"""BibTeX and DBLP XML publication importers, and LaTeX decoding."""

from __future__ import annotations

import pytest

from confero.engine.errors import InputError
from confero.engine.importers import parse_bibtex, parse_dblp, read_bibtex, read_dblp
from confero.engine.latex import latex_to_text, split_authors

BIB = r"""
% Jane's publications (a line comment with an @ sign: jane@example.org)
@string{neurips = "Advances in Neural " # "Information Processing Systems"}
@STRING{ yr = {2023} }
@comment{ @article{ignored, title = {Not imported}} }
@preamble{ "\newcommand{\noop}[1]{}" }

@Article{doe2023,
  title     = {On {M}odel {M}erging: the {\"U}ber {{Nested}} Case},
  author    = {Doe, Jane and M\"{u}ller, Hans and {\O}stergaard, S{\o}ren and others},
  year      = yr,
  journal   = neurips,
  abstract  = "Quoted {with {nested}} braces, a {"}quote{"} and 50\% \& more.",
}

Free text between entries is ignored, even with user@host addresses.

@inproceedings(lee22,
  title = "A " # {Short} # " Title",
  author = {Jane Doe AND {Barnes and Noble} and Fran\c{c}ois Chollet},
  year = {2022}, month = jul
)
@misc{keyonly}
@misc{notitle, author = {Jane Doe}}
@book{withdate, title = {Dated}, author = {Jane Doe}, date = {2019-05-01}}
"""


def test_bibtex_parses_entries_macros_concatenation_and_latex():
    result = parse_bibtex(BIB, "jane.bib")
    pubs = {p.id: p for p in result.publications}
    assert list(pubs) == ["doe2023", "lee22", "withdate"]
    doe = pubs["doe2023"]
    assert doe.title == "On Model Merging: the Über Nested Case"
    assert doe.authors == ("Jane Doe", "Hans Müller", "Søren Østergaard")  # 'others' dropped
    assert doe.year == 2023
    assert doe.abstract == 'Quoted with nested braces, a "quote" and 50% & more.'
    lee = pubs["lee22"]
    assert lee.title == "A Short Title"
    assert lee.authors == ("Jane Doe", "Barnes and Noble", "François Chollet")
    assert lee.year == 2022
    assert pubs["withdate"].year == 2019
    assert result.person_name == "Jane Doe"
    assert any("notitle" in w for w in result.warnings) and any("keyonly" in w for w in result.warnings)


def test_bibtex_duplicates_are_skipped_with_a_warning():
    text = "@article{a, title={T}, year=2020}\n@article{a, title={U}}\n@article{b, title={t.}}\n"
    result = parse_bibtex(text, "x.bib")
    assert [p.id for p in result.publications] == ["a"]
    assert len(result.warnings) == 2 and "x.bib:2" in result.warnings[0] and "x.bib:3" in result.warnings[1]


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        ("@article{a,\n  title = {Unclosed,\n  year = 2020}\n", 1, None, "never closed"),
        ("@article{a,\n  title = {T}", 1, None, "never closed"),
        ("@article{a,\n  title = {T},\n  journal = nosuchmacro,\n}", 3, "journal", "undefined @string"),
        ("@article{a,\n  title {T}\n}", 2, "title", "'='"),
        ("@article{a,\n  title = {T}\n  year = 2020\n}", 3, "title", "','"),
        ("\n\n@article{a,\n title = {T}, year = {to appear}}", 4, "year", "not a year"),
        ("@article{a, title = }", 1, "title", "expected a value"),
        ("@article{, title = {T}}", 1, "key", "no citation key"),
        ("@article no brace", 1, None, "expected '{'"),
        ('@article{a, title = "open', 1, None, "unterminated"),
    ],
)
def test_bibtex_errors_name_line_and_field(text, line, field, words):
    with pytest.raises(InputError) as err:
        parse_bibtex(text, "bad.bib")
    assert err.value.path == "bad.bib"
    assert err.value.line == line
    assert err.value.field == field
    assert words in str(err.value)


def test_read_bibtex_rejects_non_utf8_with_line(tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes(b"@article{a, title={ok}}\n@article{b, title={M\xfcller}}\n")
    with pytest.raises(InputError) as err:
        read_bibtex(path)
    assert err.value.line == 2 and "UTF-8" in str(err.value)
    with pytest.raises(InputError, match="cannot read"):
        read_bibtex(tmp_path / "missing.bib")


@pytest.mark.parametrize(
    "raw, text",
    [
        (r"{\"U}ber", "Über"),
        (r"M\"{u}ller", "Müller"),
        (r"Fran\c{c}ois", "François"),
        (r"Fran\c cois", "François"),
        (r"\v{S}koda", "Škoda"),
        (r"Erd{\H{o}}s", "Erdős"),
        (r"{\'E}cole", "École"),
        (r"Ga\"{\i}a", "Gaïa"),
        (r"Stra\ss e", "Straße"),
        (r"{\o}re", "øre"),
        (r"\{x\} and 5\%", "{x} and 5%"),
        (r"Proc.~of pages 1--2 --- yes", "Proc. of pages 1–2 — yes"),
        (r"$\alpha$-nets \emph{rock}", "α-nets rock"),
    ],
)
def test_latex_to_text(raw, text):
    assert latex_to_text(raw) == text


def test_split_authors_respects_braces_and_case():
    assert split_authors("A and {B and C} AND D, E") == ["A", "{B and C}", "D, E"]
    assert split_authors("Anderson, Sandy") == ["Anderson, Sandy"]


DBLP = b"""<?xml version="1.0" encoding="UTF-8"?>
<dblpperson name="Jane Doe" pid="12/345" n="3">
<person key="homepages/12/345" mdate="2024-01-01"><author pid="12/345">Jane Doe</author></person>
<r><article key="journals/x/Doe23" mdate="2024-01-01">
<author pid="12/345">Jane Doe</author><author pid="1/2">Wei Wang 0001</author>
<title>Merging <i>Models</i> with H<sub>2</sub>O.</title><year>2023</year><journal>X</journal>
</article></r>
<r><inproceedings key="conf/y/Doe21"><author>Jane Doe</author><author>J\xc3\xb6rg M\xc3\xbcller</author>
<title>Old Stuff.</title><year>2021</year></inproceedings></r>
<r><proceedings key="conf/y/2020"><editor>Jane Doe</editor><title>Proceedings Y</title><year>2020</year></proceedings></r>
<r><www key="homepages/x"><title>Home Page</title></www></r>
<coauthors n="1"><co><na pid="1/2">Wei Wang 0001</na></co></coauthors>
</dblpperson>
"""


def test_dblp_person_page():
    result = parse_dblp(DBLP, "jane.xml")
    assert result.person_name == "Jane Doe"
    assert [p.id for p in result.publications] == ["journals/x/Doe23", "conf/y/Doe21", "conf/y/2020"]
    first, second, third = result.publications
    assert first.title == "Merging Models with H2O" and first.year == 2023
    assert first.authors == ("Jane Doe", "Wei Wang 0001")
    assert second.authors == ("Jane Doe", "Jörg Müller")
    assert third.authors == ("Jane Doe",)  # editors when there are no authors


@pytest.mark.parametrize(
    "data, line, field, words",
    [
        (b"<dblpperson>\n<r><article key='a'>\n<title>T</title></r>\n</dblpperson>", 3, None, "not well-formed"),
        (b"<dblpperson>\n<r><article><title>T</title></article></r></dblpperson>", 2, "key", "no key"),
        (b"<dblpperson>\n<r><article key='a'><title>T</title>\n<year>soon</year></article></r></dblpperson>", 3, "year", "not a year"),
        (b"<other/>", 1, None, "dblpperson"),
        (b"<dblpperson>\n<r><article key='a'><title>&uuml;</title></article></r></dblpperson>", 2, None, "undefined entity"),
    ],
)  # fmt: skip
def test_dblp_errors_name_line(data, line, field, words):
    with pytest.raises(InputError) as err:
        parse_dblp(data, "bad.xml")
    assert (err.value.path, err.value.line, err.value.field) == ("bad.xml", line, field)
    assert words in str(err.value)


def test_dblp_refuses_dtd_and_entity_expansion(tmp_path):
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<dblpperson><r><article key="a"><title>&lol2;</title></article></r></dblpperson>"""
    path = tmp_path / "bomb.xml"
    path.write_bytes(bomb)
    with pytest.raises(InputError, match="DTD") as err:
        read_dblp(path)
    assert err.value.line == 2
    external = b'<?xml version="1.0"?>\n<!DOCTYPE d SYSTEM "file:///etc/passwd">\n<dblpperson/>'
    with pytest.raises(InputError, match="DTD"):
        parse_dblp(external, "ext.xml")


def test_bibtex_non_ascii_digit_value_is_an_error_with_a_line():
    """Found by the fuzz tests: '²' passed str.isdigit() but not the number pattern (a traceback)."""
    with pytest.raises(InputError) as exc:
        parse_bibtex("@preamble{\n²", "x.bib")
    assert exc.value.line == 2
