"""A person's publications: imported from a BibTeX file, a DBLP person page (XML) or a reviewers JSONL
line (the engine's parsers read them), or typed in one by one.

Publications belong to the person, not to one workshop (the same list serves every committee they are
on). Each person changes only their own list. A file with a problem changes nothing and the error names
the file, the line and the field. Re-importing skips what is already there (same citation key / DBLP key /
id, or the same title).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction

from confero.audit.services import record
from confero.engine.errors import InputError
from confero.engine.importers import ImportResult, owner_in_authors, parse_bibtex, parse_dblp
from confero.engine.io import read_reviewers

from .models import Publication

FORMATS = {
    Publication.Source.BIBTEX: "BibTeX (.bib)",
    Publication.Source.DBLP: "DBLP person page (XML)",
    Publication.Source.JSONL: "Reviewers JSONL (one line, as written by confero import-publications)",
}
MAX_BYTES = 5 * 1024 * 1024
MAX_PUBLICATIONS = 2000  # per person


@dataclass
class ImportReport:
    added: list[Publication] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    owner_missing: bool = False  # the person's name is on none of the imported publications


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


def _require_person(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ValidationError("log in to change your publications")


def _jsonl(data: bytes, name: str, user) -> ImportResult:
    """The publications of the one reviewer in a reviewers JSONL file (or of the line with ``user``'s
    e-mail address when there are several)."""
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            reviewers = read_reviewers(path)
        except InputError as exc:  # name the uploaded file, not the temporary copy
            raise InputError(exc.reason, path=name, line=exc.line, field=exc.field) from None
    finally:
        os.unlink(path)
    if not reviewers:
        raise InputError("the file has no reviewer line", path=name)
    if len(reviewers) > 1:
        mine = [r for r in reviewers if user.email.lower() in {e.lower() for e in r.emails}]
        if len(mine) != 1:
            raise InputError(
                f"the file has {len(reviewers)} reviewers and {len(mine)} of them list your e-mail address "
                f"{user.email}; upload a file with only your line",
                path=name,
            )
        reviewers = mine
    return ImportResult(list(reviewers[0].publications), person_name=reviewers[0].name or None)


def _parse(fmt: str, data: bytes, name: str, user) -> ImportResult:
    if fmt == Publication.Source.BIBTEX:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError("not UTF-8 text (convert the file to UTF-8)", path=name, line=line) from None
        return parse_bibtex(text, name)
    if fmt == Publication.Source.DBLP:
        return parse_dblp(data, name)
    if fmt == Publication.Source.JSONL:
        return _jsonl(data, name, user)
    raise ValidationError({"format": f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"})


def _check_year(year: int | None, where: str, key: str = "year") -> int | None:
    if year is None:
        return None
    if not 1900 <= year <= dt.date.today().year + 1:
        raise ValidationError({key: f"{where}: {year} is not a plausible publication year"})
    return year


def import_publications(user, fmt: str, data: bytes, filename: str, *, workshop=None) -> ImportReport:
    """Add the publications in an uploaded file to ``user``'s list; returns what was added and skipped."""
    _require_person(user)
    name = PurePath(filename or "upload").name
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB"})
    if not data.strip():
        raise ValidationError({"file": f"{name} is empty"})
    try:
        result = _parse(fmt, data, name, user)
    except InputError as exc:
        raise ValidationError({"file": str(exc)}) from None
    report = ImportReport(warnings=list(result.warnings))
    with transaction.atomic():
        have = list(
            Publication.objects.select_for_update().filter(user=user).values_list("external_id", "title")
        )
        ids = {external_id for external_id, _ in have if external_id}
        titles = {_title_key(title) for _, title in have}
        new = []
        for pub in result.publications:
            key = _title_key(pub.title)
            if pub.id in ids or key in titles:
                report.already_there.append(pub.title)
                continue
            ids.add(pub.id)
            titles.add(key)
            new.append(
                Publication(
                    user=user,
                    title=pub.title[:500],
                    abstract=pub.abstract,
                    year=_check_year(pub.year, f"{name}, entry {pub.id!r}", "file"),
                    authors=list(pub.authors),
                    external_id=pub.id[:300],
                    source=fmt,
                )
            )
        if len(have) + len(new) > MAX_PUBLICATIONS:
            raise ValidationError(
                {
                    "file": f"{name}: your list would hold {len(have) + len(new)} publications; at most "
                    f"{MAX_PUBLICATIONS} are kept (the most recent ones are what matters)"
                }  # fmt: skip
            )
        report.added = Publication.objects.bulk_create(new)
        record(
            "publications.imported",
            actor=user,
            workshop=workshop,
            obj=user,
            summary=f"{user.email} imported {len(new)} publications from {name}",
            file=name,
            format=fmt,
            added=len(new),
            skipped=len(report.already_there),
        )
    report.owner_missing = bool(result.publications) and not owner_in_authors(result, user.name)
    return report


def split_authors_typed(text: str) -> list[str]:
    """Authors as typed in a form: one per line, or separated by ';' or ' and '."""
    parts = re.split(r"\n|;|\s+and\s+", text or "")
    return [" ".join(p.split()) for p in parts if p.strip()]


def add_publication(
    user, *, title: str, year=None, authors=(), venue: str = "", abstract: str = "", external_id: str = "",
    workshop=None,
) -> Publication:  # fmt: skip
    """Add one publication typed in by its author."""
    _require_person(user)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "a publication needs a title"})
    if len(title) > 500:
        raise ValidationError({"title": f"the title has {len(title)} characters; at most 500"})
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        raise ValidationError({"year": f"{year!r} is not a year"}) from None
    year = _check_year(year, "year")
    authors = [" ".join(a.split()) for a in authors if a and a.strip()]
    external_id = (external_id or "").strip()
    with transaction.atomic():
        mine = Publication.objects.select_for_update().filter(user=user)
        if external_id and mine.filter(external_id=external_id).exists():
            raise ValidationError(
                {"external_id": f"you already have a publication with the id {external_id}"}
            )
        if any(_title_key(t) == _title_key(title) for t in mine.values_list("title", flat=True)):
            raise ValidationError({"title": f"you already have a publication titled {title!r}"})
        if mine.count() >= MAX_PUBLICATIONS:
            raise ValidationError(f"your list holds {MAX_PUBLICATIONS} publications already")
        pub = Publication.objects.create(
            user=user,
            title=title,
            year=year,
            authors=authors,
            venue=(venue or "").strip()[:300],
            abstract=(abstract or "").strip(),
            external_id=external_id[:300],
            source=Publication.Source.MANUAL,
        )
        record(
            "publications.added",
            actor=user,
            workshop=workshop,
            obj=pub,
            summary=f"{user.email} added the publication {title[:120]!r}",
        )
    return pub


def delete_publications(user, ids, *, workshop=None) -> int:
    """Remove some of ``user``'s own publications (ids of other people's are ignored). Returns how many."""
    _require_person(user)
    ids = [int(i) for i in ids if str(i).strip().isdigit()]
    with transaction.atomic():
        doomed = Publication.objects.filter(user=user, pk__in=ids)
        titles = list(doomed.values_list("title", flat=True))
        count, _ = doomed.delete()
        if count:
            record(
                "publications.deleted",
                actor=user,
                workshop=workshop,
                obj=user,
                summary=f"{user.email} removed {count} publication(s)",
                titles=[t[:120] for t in titles[:50]],
            )
    return count
