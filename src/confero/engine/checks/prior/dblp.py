"""Streaming reader of DBLP XML (the dblp.xml dump or a person page) -> :class:`CorpusPaper`.

The dump declares its character entities (``&uuml;`` ...) in an external DTD; the DTD is never read
(expat reports the entities as skipped and they are mapped with the HTML entity table), and entity
declarations inside the file are refused, so no entity expansion attack is possible. No abstracts.
``journals/corr/...`` and ``publtype="informal"`` records are preprints.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from xml.parsers import expat

from ...errors import InputError
from .records import CorpusPaper, venue_status


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


_DBLP_RECORDS = frozenset(["article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"])
_DBLP_FIELDS = frozenset(["author", "title", "year", "journal", "booktitle", "ee", "url"])


class _DblpReader:
    """Streaming DBLP XML: records at any depth (dump or person page)."""

    def __init__(self, path: str):
        self.path = path
        self.parser = expat.ParserCreate()
        p = self.parser
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.UseForeignDTD(False)
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.data
        p.SkippedEntityHandler = self.skipped
        p.EntityDeclHandler = self.refuse
        p.UnparsedEntityDeclHandler = self.refuse
        p.buffer_text = True
        self.record: dict | None = None
        self.field: str | None = None
        self.text: list[str] = []
        self.ready: list[CorpusPaper] = []

    def refuse(self, *_args) -> None:
        raise InputError(
            "entity declarations are not accepted", path=self.path, line=self.parser.CurrentLineNumber
        )

    def start(self, tag: str, attrs: dict) -> None:
        if tag in _DBLP_RECORDS and self.record is None:
            self.record = {"tag": tag, "key": attrs.get("key", ""), "publtype": attrs.get("publtype", ""),
                           "author": [], "line": self.parser.CurrentLineNumber}  # fmt: skip
        elif self.record is not None and tag in _DBLP_FIELDS and self.field is None:
            self.field, self.text = tag, []

    def data(self, text: str) -> None:
        if self.field is not None:
            self.text.append(text)

    def skipped(self, name: str, is_param: bool) -> None:
        if self.field is not None and not is_param:
            cp = html.entities.name2codepoint.get(name)
            self.text.append(chr(cp) if cp else f"&{name};")

    def end(self, tag: str) -> None:
        rec = self.record
        if rec is None:
            return
        if tag == self.field:
            value = _clean("".join(self.text))
            if tag == "author":
                rec["author"].append(re.sub(r"\s+\d{4}$", "", value))
            elif tag not in rec:
                rec[tag] = value
            self.field = None
        elif tag == rec["tag"]:
            self.record = None
            self._emit(rec)

    def _emit(self, rec: dict) -> None:
        title = rec.get("title", "").rstrip(".")
        if not title or not rec["key"]:
            return
        venue = rec.get("journal") or rec.get("booktitle") or ""
        preprint = rec["key"].startswith("journals/corr/") or rec["publtype"] == "informal"
        status = "preprint" if preprint else venue_status(venue, "dblp")
        year = rec.get("year", "")
        self.ready.append(
            CorpusPaper(
                id=f"dblp:{rec['key']}",
                title=title,
                authors=tuple(rec["author"]),
                venue=venue,
                year=int(year) if year.isdigit() else None,
                url=rec.get("ee") or f"https://dblp.org/rec/{rec['key']}",
                source="dblp",
                status=status,
            )
        )

    def __iter__(self) -> Iterator[CorpusPaper]:
        try:
            fh = open(self.path, "rb")
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=self.path) from None
        with fh:
            while True:
                chunk = fh.read(1 << 20)
                try:
                    self.parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    raise InputError(
                        f"not well-formed XML ({expat.ErrorString(exc.code)}, column {exc.offset + 1})",
                        path=self.path,
                        line=exc.lineno,
                    ) from None
                yield from self.ready
                self.ready.clear()
                if not chunk:
                    break


def read_dblp(path: str) -> Iterator[CorpusPaper]:
    return iter(_DblpReader(path))
