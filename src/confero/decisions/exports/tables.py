"""A table of export records and its two renderings, CSV and Confero's JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils import timezone

from confero.submissions.exports import iso_utc

from .scope import Omitted

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A CSV cell: empty for None, yes/no, lists joined with "; ", and a leading apostrophe for text a
    spreadsheet would run as a formula (numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass
class Table:
    what: str
    columns: list[str]
    records: list[dict]
    omitted: Omitted
    json_records: list[dict] | None = field(default=None)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for rec in self.records:
            writer.writerow([cell(rec.get(c)) for c in self.columns])
        return out.getvalue()

    def json(self, workshop, actor) -> str:
        doc = {
            "workshop": workshop.slug,
            "exported_at": iso_utc(timezone.now()),
            "exported_by": actor.email,
            "omitted": self.omitted.as_json(),
            self.what: self.json_records if self.json_records is not None else self.records,
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
