"""Submission exports: one record per submission, written as CSV, JSON or JSON Lines in one pass.

The same generators feed the dashboard's download (streamed) and ``confero export submissions``.

* JSON: a list of objects; authors and artifact links are nested lists of objects.
* JSON Lines: one object per line, the same objects; the file is also valid input for the engine
  commands (``confero affinity --submissions``), which read ``id``, ``title``, ``abstract``, ``authors``
  and ``topic``.
* CSV: one row per submission, columns in :data:`CSV_COLUMNS` order; lists are joined with "; " (authors'
  names, e-mails and affiliations in three aligned columns). Text cells that a spreadsheet would run as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
}

CSV_COLUMNS = [
    "number",
    "title",
    "status",
    "category",
    "category_title",
    "max_pages",
    "primary_topic",
    "primary_topic_title",
    "secondary_topic",
    "secondary_topic_title",
    "author_names",
    "author_emails",
    "author_affiliations",
    "abstract",
    "artifacts",
    "previously_published",
    "pdf_pages",
    "pdf_main_pages",
    "pdf_references_page",
    "over_page_limit",
    "version",
    "deadline_extension",
    "created_at",
    "updated_at",
    "withdrawn_at",
]
LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def iso_utc(value: dt.datetime | None) -> str | None:
    """``2026-11-22T02:23:50Z`` (seconds precision, UTC), or None."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def submission_record(sub) -> dict:
    """Everything exported about one submission (expects :func:`selectors.base_queryset` prefetches)."""
    authors = [{"name": a.name, "email": a.email, "affiliation": a.affiliation} for a in sub.authors.all()]
    artifacts = [{"kind": a.kind, "url": a.url, "description": a.description} for a in sub.artifacts.all()]
    secondary = sub.secondary_topic
    return {
        "id": str(sub.number),
        "number": sub.number,
        "title": sub.title,
        "status": sub.status,
        "category": sub.category.key,
        "category_title": sub.category.title,
        "max_pages": sub.category.max_pages,
        "topic": sub.primary_topic.key,
        "primary_topic": sub.primary_topic.key,
        "primary_topic_title": sub.primary_topic.title,
        "secondary_topic": secondary.key if secondary else None,
        "secondary_topic_title": secondary.title if secondary else None,
        "authors": authors,
        "abstract": sub.abstract,
        "artifacts": artifacts,
        "previously_published": sub.previously_published,
        "pdf_pages": sub.pdf_pages,
        "pdf_main_pages": sub.pdf_main_pages,
        "pdf_references_page": sub.pdf_references_page,
        "over_page_limit": sub.pdf_main_pages > sub.category.max_pages,
        "version": sub.version,
        "deadline_extension": iso_utc(sub.deadline_extension),
        "created_at": iso_utc(sub.created_at),
        "updated_at": iso_utc(sub.updated_at),
        "withdrawn_at": iso_utc(sub.withdrawn_at),
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(record: dict) -> list[str]:
    flat = dict(record)
    authors = record["authors"]
    flat["author_names"] = LIST_SEPARATOR.join(a["name"] for a in authors)
    flat["author_emails"] = LIST_SEPARATOR.join(a["email"] for a in authors)
    flat["author_affiliations"] = LIST_SEPARATOR.join(a["affiliation"] for a in authors)
    flat["artifacts"] = LIST_SEPARATOR.join(f"{a['kind']}: {a['url']}" for a in record["artifacts"])
    return [_cell(flat[c]) for c in CSV_COLUMNS]


class _Line:
    """A file-like object whose ``write`` returns the text, so csv.writer can feed a generator."""

    def write(self, text: str) -> str:
        return text


def iter_csv(submissions: Iterable) -> Iterator[str]:
    writer = csv.writer(_Line(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield writer.writerow(CSV_COLUMNS)
    for sub in submissions:
        yield writer.writerow(csv_row(submission_record(sub)))


def iter_json(submissions: Iterable) -> Iterator[str]:
    yield "["
    first = True
    for sub in submissions:
        yield ("\n  " if first else ",\n  ") + json.dumps(submission_record(sub), ensure_ascii=False)
        first = False
    yield "\n]\n" if not first else "]\n"


def iter_jsonl(submissions: Iterable) -> Iterator[str]:
    for sub in submissions:
        yield json.dumps(submission_record(sub), ensure_ascii=False) + "\n"


def iter_export(fmt: str, submissions: Iterable) -> Iterator[str]:
    """Chunks of text for ``fmt`` (csv, json or jsonl)."""
    if fmt == "csv":
        return iter_csv(submissions)
    if fmt == "json":
        return iter_json(submissions)
    if fmt == "jsonl":
        return iter_jsonl(submissions)
    raise ValueError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")


def iterate(queryset, chunk_size: int = 500):
    """Iterate a queryset in chunks (prefetches are kept per chunk) without caching every row."""
    return queryset.iterator(chunk_size=chunk_size)
