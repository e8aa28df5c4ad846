"""Publication-list importers: BibTeX files and DBLP person pages (XML) -> :class:`Publication` records.

Both parsers are small and self-contained. Problems raise :class:`InputError` naming the file and line.
Entries that are valid but unusable (no title) are skipped and reported in ``ImportResult.warnings``.
"""

from __future__ import annotations

import bisect
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from .errors import InputError
from .latex import latex_to_text, split_authors
from .names import display_name, most_common_author, normalize_name
from .records import Publication


@dataclass
class ImportResult:
    publications: list[Publication]
    warnings: list[str] = field(default_factory=list)
    person_name: str | None = None  # the profile owner, if the source says (DBLP) or it can be inferred


_MONTHS = {
    m: m.capitalize()
    for m in ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}
_ENTRY_TYPES = frozenset(
    [
        "article",
        "inproceedings",
        "conference",
        "incollection",
        "inbook",
        "book",
        "booklet",
        "proceedings",
        "phdthesis",
        "mastersthesis",
        "techreport",
        "manual",
        "misc",
        "unpublished",
        "online",
        "report",
        "thesis",
    ]
)
_IDENT = re.compile(r"[A-Za-z_][\w:.+/'-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


class BibTeXParser:
    """A tolerant BibTeX reader: ``entries()`` yields (kind, key, fields, line); string macros and month
    names are expanded; an error names the file and line."""

    def __init__(self, text: str, path: str):
        self.text, self.path, self.pos = text, path, 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.macros: dict[str, str] = dict(_MONTHS)

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.newlines, pos - 1) + 1

    def error(self, msg: str, pos: int | None = None, field: str | None = None) -> InputError:
        return InputError(msg, path=self.path, line=self.line(self.pos if pos is None else pos), field=field)

    def skip_ws(self) -> None:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch.isspace():
                self.pos += 1
            elif ch == "%":  # line comment (common in hand-written files)
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end + 1
            else:
                return

    def ident(self) -> str:
        m = _IDENT.match(self.text, self.pos)
        if not m:
            return ""
        self.pos = m.end()
        return m.group(0)

    def expect(self, chars: str, what: str, field: str | None = None) -> str:
        self.skip_ws()
        if self.pos >= len(self.text):
            raise self.error(f"unexpected end of file, expected {what}", field=field)
        ch = self.text[self.pos]
        if ch not in chars:
            raise self.error(f"expected {what}, found {ch!r}", field=field)
        self.pos += 1
        return ch

    def balanced(self, open_pos: int, closer: str = "}") -> str:
        """Text up to the brace matching the one at ``open_pos`` (or an unbraced closing quote)."""
        depth, i = 0, open_pos + 1
        while i < len(self.text):
            ch = self.text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}" and depth > 0:
                depth -= 1
            elif ch == closer and depth == 0:
                self.pos = i + 1
                return self.text[open_pos + 1 : i]
            i += 1
        what = "'{'" if closer == "}" else "'\"'"
        raise self.error(f"unterminated {what} (opened here, never closed)", open_pos)

    def value(self, field: str) -> str:
        parts = []
        while True:
            self.skip_ws()
            start = self.pos
            ch = self.text[self.pos] if self.pos < len(self.text) else ""
            if ch == "{":
                parts.append(self.balanced(start, "}"))
            elif ch == '"':
                parts.append(self.balanced(start, '"'))
            elif ch.isascii() and ch.isdigit():  # "²" is a digit to str.isdigit, not to \d
                m = re.compile(r"\d+").match(self.text, self.pos)
                self.pos = m.end()
                parts.append(m.group(0))
            else:
                name = self.ident()
                if not name:
                    found = repr(ch) if ch else "end of file"
                    raise self.error(f"expected a value, found {found}", start, field)
                if name.lower() not in self.macros:
                    raise self.error(f"undefined @string macro {name!r}", start, field)
                parts.append(self.macros[name.lower()])
            self.skip_ws()
            if self.text.startswith("#", self.pos):  # concatenation
                self.pos += 1
                continue
            return "".join(parts)

    def fields(self, closer: str, kind: str, at: int) -> dict[str, tuple[str, int]]:
        out: dict[str, tuple[str, int]] = {}
        while True:
            self.skip_ws()
            if self.pos >= len(self.text):
                raise self.error(
                    f"the @{kind} entry opened here is never closed (a '{{' or '\"' inside it may be unbalanced)",
                    at,
                )
            if self.text.startswith(closer, self.pos):
                self.pos += 1
                return out
            start = self.pos
            name = self.ident().lower()
            if not name:
                found = repr(self.text[self.pos]) if self.pos < len(self.text) else "end of file"
                raise self.error(f"expected a field name or {closer!r}, found {found}")
            self.expect("=", "'=' after the field name", field=name)
            out.setdefault(name, (self.value(name), self.line(start)))
            if self.pos >= len(self.text):
                continue  # reported as an unclosed entry above
            if self.expect("," + closer, f"',' or {closer!r}", field=name) == closer:
                return out

    def entries(self):
        """Yield (entry_type, key, fields, line) for every entry; @string/@comment/@preamble handled."""
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return
            self.pos = at + 1
            kind = self.ident().lower()
            self.skip_ws()
            opener = self.text[self.pos] if self.pos < len(self.text) else ""
            if opener not in "{(" or not opener:
                if kind in _ENTRY_TYPES or kind in ("string", "preamble"):
                    raise self.error(f"expected '{{' after @{kind}", at)
                continue  # an '@' in free text (e-mail address, comment)
            closer = "}" if opener == "{" else ")"
            if kind == "comment":
                self.balanced(self.pos, closer)
                continue
            self.pos += 1
            if kind == "preamble":
                self.value("preamble")
                self.expect(closer, repr(closer))
            elif kind == "string":
                for name, (val, _) in self.fields(closer, kind, at).items():
                    self.macros[name] = val
            else:
                self.skip_ws()
                m = re.compile(r"[^,\s{}()]+").match(self.text, self.pos)
                if not m:
                    raise self.error(f"@{kind} entry has no citation key", at, "key")
                self.pos = m.end()
                if self.expect("," + closer, f"',' after the key {m.group(0)!r}") == closer:
                    yield kind, m.group(0), {}, self.line(at)
                else:
                    yield kind, m.group(0), self.fields(closer, kind, at), self.line(at)


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    m = _YEAR.search(raw)
    return int(m.group(1)) if m else None


def parse_bibtex(text: str, path: str = "<bibtex>") -> ImportResult:
    """Parse BibTeX ``text`` into publications (id = citation key)."""
    result = ImportResult([])
    seen: dict[str, int] = {}
    titles: dict[str, str] = {}
    for kind, key, fields, line in BibTeXParser(text, path).entries():
        where = f"{path}:{line}"
        if key in seen:
            result.warnings.append(f"{where}: duplicate key {key!r} (first on line {seen[key]}); skipped")
            continue
        seen[key] = line
        title = latex_to_text(fields.get("title", ("", 0))[0])
        if not title:
            result.warnings.append(f"{where}: @{kind}{{{key}}} has no title; skipped")
            continue
        norm_title = " ".join(re.sub(r"[^\w]+", " ", title.lower()).split())
        if norm_title in titles:
            result.warnings.append(f"{where}: {key!r} repeats the title of {titles[norm_title]!r}; skipped")
            continue
        titles[norm_title] = key
        raw_year = fields.get("year") or fields.get("date")
        year = _year(raw_year[0]) if raw_year else None
        if raw_year and year is None:
            raise InputError(f"not a year: {raw_year[0]!r}", path=path, line=raw_year[1], field="year")
        people = fields.get("author") or fields.get("editor") or ("", 0)
        authors = [display_name(latex_to_text(n)) for n in split_authors(people[0])]
        authors = [a for a in authors if a and a.lower() != "others"]
        result.publications.append(
            Publication(
                id=key,
                title=title,
                abstract=latex_to_text(fields.get("abstract", ("", 0))[0]),
                year=year,
                authors=tuple(authors),
            )
        )
    result.person_name = most_common_author(p.authors for p in result.publications)
    return result


def read_bibtex(path: str | os.PathLike) -> ImportResult:
    path = str(path)
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (convert the file to UTF-8)", path=path, line=line) from None
    return parse_bibtex(text, path)


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None


# ------------------------------------------------------------------------------------------------- DBLP

_DBLP_RECORDS = frozenset(
    [
        "article",
        "inproceedings",
        "proceedings",
        "incollection",
        "book",
        "phdthesis",
        "mastersthesis",
        "data",
        "informal",
    ]
)
_LINE_ATTR = "{confero}line"


def safe_xml(data: bytes, path: str) -> ET.Element:
    """Parse XML with expat into an ElementTree, refusing any DTD or entity declaration."""
    parser = expat.ParserCreate()
    builder = ET.TreeBuilder()

    def refuse(*_args) -> None:
        raise InputError(
            "DTDs and entity declarations are not accepted (save the DBLP person page as plain XML)",
            path=path,
            line=parser.CurrentLineNumber,
        )

    def start(tag: str, attrs: dict) -> None:
        attrs[_LINE_ATTR] = str(parser.CurrentLineNumber)
        builder.start(tag, attrs)

    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        msg = expat.ErrorString(exc.code)
        raise InputError(
            f"not well-formed XML ({msg}, column {exc.offset + 1})", path=path, line=exc.lineno
        ) from None
    return builder.close()


def _text(elem: ET.Element | None) -> str:
    return " ".join("".join(elem.itertext()).split()) if elem is not None else ""


def parse_dblp(data: bytes, path: str = "<dblp>") -> ImportResult:
    """Parse a DBLP person page (``https://dblp.org/pid/....xml``): ``<dblpperson><r><article key=...>``."""
    root = safe_xml(data, path)
    if root.tag not in ("dblpperson", "dblp"):
        raise InputError(f"expected a <dblpperson> document, found <{root.tag}>", path=path, line=1)
    result = ImportResult([], person_name=(root.get("name") or "").strip() or None)
    records = [rec for r in root.iter("r") for rec in r] if root.tag == "dblpperson" else list(root)
    seen: set[str] = set()
    for rec in records:
        line = int(rec.get(_LINE_ATTR, "0")) or None
        if rec.tag not in _DBLP_RECORDS:
            continue
        key = (rec.get("key") or "").strip()
        if not key:
            raise InputError(f"<{rec.tag}> has no key attribute", path=path, line=line, field="key")
        if key in seen:
            continue
        seen.add(key)
        title = _text(rec.find("title")).rstrip(".").strip()
        if not title:
            result.warnings.append(f"{path}:{line}: {key} has no title; skipped")
            continue
        year_text = _text(rec.find("year"))
        if year_text and not year_text.isdigit():
            year_line = int(rec.find("year").get(_LINE_ATTR, "0")) or line
            raise InputError(f"not a year: {year_text!r}", path=path, line=year_line, field="year")
        people = rec.findall("author") or rec.findall("editor")
        authors = tuple(a for a in (_text(p) for p in people) if a)
        result.publications.append(
            Publication(id=key, title=title, year=int(year_text) if year_text else None, authors=authors)
        )
    if result.person_name is None:
        result.person_name = most_common_author(p.authors for p in result.publications)
    return result


def read_dblp(path: str | os.PathLike) -> ImportResult:
    path = str(path)
    return parse_dblp(_read_bytes(path), path)


def owner_in_authors(result: ImportResult, name: str) -> int:
    """How many imported publications list ``name`` (normalised) among their authors."""
    key = normalize_name(name)
    return sum(1 for p in result.publications if key and key in {normalize_name(a) for a in p.authors})
