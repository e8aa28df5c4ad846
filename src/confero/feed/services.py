"""Every change to a workshop's library: import listings, rank them by the call's topics, pin or hide a
paper, publish the reading list, settings. Each is audited. Parsing, merging and ranking are the
engine's (:mod:`confero.engine.feed`); this module stores the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.engine import feed as engine
from confero.engine.feed.merge import match_existing
from confero.engine.names import normalize_name

from .models import Authorship, FeedSettings, LibraryAuthor, LibraryPaper, TopicScore

MAX_FILE_BYTES = 20_000_000


def _check(by, workshop) -> None:
    if by is not None:
        permissions.require(by, "feed.manage", workshop)


def settings_of(workshop) -> FeedSettings:
    obj, _ = FeedSettings.objects.get_or_create(workshop=workshop)
    return obj


def model_name() -> str:
    return getattr(settings, "CONFERO_FEED_MODEL", "") or engine.DEFAULT_MODEL


# ---------------------------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    imported: int = 0
    merged: int = 0  # records that were another record of the same paper (in the files or the library)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return f"imported {self.imported}, merged {self.merged}, skipped {len(self.skipped)}"


def _existing_keys(workshop) -> dict[str, LibraryPaper]:
    keys: dict[str, LibraryPaper] = {}
    for paper in LibraryPaper.objects.filter(workshop=workshop):
        keys["title:" + paper.title_key] = paper
        if paper.arxiv:
            keys["arxiv:" + paper.arxiv] = paper
    return keys


def _author_rows(workshop, papers: Iterable[engine.FeedPaper]) -> dict[str, LibraryAuthor]:
    wanted: dict[str, engine.FeedAuthor] = {}
    for p in papers:
        for a in p.authors:
            key = normalize_name(a.name)[:200]
            if key and (key not in wanted or (a.email and not wanted[key].email)):
                wanted[key] = a
    rows = {a.key: a for a in LibraryAuthor.objects.filter(workshop=workshop, key__in=list(wanted))}
    new = [
        LibraryAuthor(workshop=workshop, name=a.name[:200], key=k, email=a.email[:254])
        for k, a in wanted.items()
        if k not in rows
    ]
    LibraryAuthor.objects.bulk_create(new)
    for a in new:
        rows[a.key] = a
    for k, a in wanted.items():
        if a.email and not rows[k].email:
            rows[k].email = a.email[:254]
            rows[k].save(update_fields=["email"])
    if new and new[0].pk is None:  # back-ends that do not return ids from bulk inserts
        rows = {a.key: a for a in LibraryAuthor.objects.filter(workshop=workshop, key__in=list(wanted))}
    return rows


def _link_authors(paper: LibraryPaper, feed_paper: engine.FeedPaper, authors: dict) -> None:
    if paper.authorships.exists():
        return
    seen, links = set(), []
    for a in feed_paper.authors:
        row = authors.get(normalize_name(a.name)[:200])
        if row is not None and row.pk not in seen:
            seen.add(row.pk)
            links.append(Authorship(paper=paper, author=row, position=len(links)))
    Authorship.objects.bulk_create(links)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def import_papers(workshop, files: list[tuple[str, bytes]], fmt: str = "auto", *, by=None, rank_after=True):
    """Parse ``files`` (``(name, bytes)``), merge duplicates (within the files and with the library) and
    store the new papers. Returns an :class:`ImportReport`; nothing is stored for skipped records."""
    _check(by, workshop)
    if fmt != "auto" and fmt not in engine.FORMATS:
        raise ValidationError({"format": f"unknown format {fmt!r}"})
    report = ImportReport()
    ok = []
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            report.skipped.append(f"{name}: larger than {MAX_FILE_BYTES // 1_000_000} MB; file skipped")
        else:
            ok.append((name, data))
    parsed = engine.parse_many(ok, fmt)
    report.formats = parsed.formats
    report.skipped += [str(s) for s in parsed.skipped]
    report.notes += [str(s) for s in parsed.notes]
    report.merged = len(parsed.merged)
    with transaction.atomic():
        settings_of(workshop)
        existing = _existing_keys(workshop)
        authors = _author_rows(workshop, parsed.papers)
        for fp, old in zip(parsed.papers, match_existing(parsed.papers, existing), strict=True):
            if old is not None:
                _enrich(old, fp)
                _link_authors(old, fp, authors)
                report.merged += 1
                continue
            paper = LibraryPaper.objects.create(
                workshop=workshop,
                source_id=fp.id[:300],
                title=fp.title[:500],
                title_key=fp.title_key[:500],
                arxiv=fp.arxiv[:40],
                abstract=fp.abstract,
                date=_date(fp.date),
                year=fp.year,
                url=fp.url[:500],
                venue=fp.venue[:300],
                source=fp.source,
            )
            for key in engine.keys_of(fp):
                existing[key] = paper
            _link_authors(paper, fp, authors)
            report.imported += 1
        record(
            "feed.imported",
            actor=by,
            workshop=workshop,
            obj=workshop,
            summary=f"papers imported: {report.summary()}",
            files=list(report.formats),
            imported=report.imported,
            merged=report.merged,
            skipped=len(report.skipped),
        )
    if rank_after and report.imported:
        rank_library(workshop)
    return report


def _enrich(paper: LibraryPaper, fp: engine.FeedPaper) -> None:
    """Fill what the library's copy of a paper lacks from another record of it."""
    changed = []
    if len(fp.abstract) > len(paper.abstract):
        paper.abstract = fp.abstract
        changed.append("abstract")
    for name, value in (("arxiv", fp.arxiv[:40]), ("url", fp.url[:500]), ("venue", fp.venue[:300])):
        if value and not getattr(paper, name):
            if (
                name == "arxiv"
                and LibraryPaper.objects.filter(workshop=paper.workshop_id, arxiv=value).exists()
            ):
                continue
            setattr(paper, name, value)
            changed.append(name)
    if fp.date and (paper.date is None or _date(fp.date) < paper.date):
        paper.date = _date(fp.date)
        changed.append("date")
    if changed:
        paper.save(update_fields=changed)


# ------------------------------------------------------------------------------------------------ rank


def rank_library(workshop, *, by=None) -> int:
    """Score every library paper against every topic of the call; store scores, ranks and matching terms
    (for the closest ``per_topic`` x 3 of each topic). Returns the number of papers ranked."""
    _check(by, workshop)
    topics = list(workshop.topics.all())
    papers = list(
        LibraryPaper.objects.filter(workshop=workshop).order_by("id").values_list("id", "title", "abstract")
    )
    feed = settings_of(workshop)
    queries = [engine.TopicQuery(str(t.pk), t.title, t.scope) for t in topics]
    ranking = engine.rank(queries, [(str(i), t, a) for i, t, a in papers], model=model_name())
    explain = max(feed.per_topic * 3, 30)
    rows = []
    for ti, topic in enumerate(topics):
        order = ranking.order(ti)
        for r, pi in enumerate(order, 1):
            terms = ranking.matching_terms(ti, int(pi)) if r <= explain else []
            rows.append(
                TopicScore(
                    paper_id=papers[pi][0],
                    topic=topic,
                    score=float(ranking.scores[ti, pi]),
                    rank=r,
                    terms=terms,
                )
            )
    with transaction.atomic():
        TopicScore.objects.filter(paper__workshop=workshop).delete()
        TopicScore.objects.bulk_create(rows, batch_size=2000)
        feed.ranked_at = timezone.now()
        feed.ranking_model = ranking.model[:40]
        feed.save(update_fields=["ranked_at", "ranking_model"])
        record(
            "feed.ranked",
            actor=by,
            workshop=workshop,
            obj=workshop,
            summary=f"{len(papers)} papers ranked by {len(topics)} topics ({ranking.model})",
            model=ranking.model,
        )
    return len(papers)


# ------------------------------------------------------------------------------------- curation, settings


def set_flag(paper: LibraryPaper, flag: str, value: bool, *, by=None) -> LibraryPaper:
    """Pin (listed first on the reading list) or hide (never listed nor mailed) a library paper."""
    if flag not in ("pinned", "hidden"):
        raise ValueError(flag)
    _check(by, paper.workshop)
    with transaction.atomic():
        setattr(paper, flag, bool(value))
        paper.save(update_fields=[flag])
        verb = {"pinned": ("pinned", "unpinned"), "hidden": ("hidden", "shown")}[flag][0 if value else 1]
        record(
            f"feed.{verb}",
            actor=by,
            workshop=paper.workshop,
            obj=paper,
            summary=f"{paper.title[:200]} {verb}",
        )
    return paper


def publish(workshop, published: bool, *, by=None) -> FeedSettings:
    _check(by, workshop)
    with transaction.atomic():
        feed = settings_of(workshop)
        feed.published = bool(published)
        feed.save(update_fields=["published"])
        verb = "published" if published else "unpublished"
        record(f"feed.{verb}", actor=by, workshop=workshop, obj=feed, summary=f"reading list {verb}")
    return feed


def update_settings(workshop, *, per_topic: int, expected_submissions: int, by=None) -> FeedSettings:
    _check(by, workshop)
    errors = {}
    if not 1 <= per_topic <= 200:
        errors["per_topic"] = "between 1 and 200"
    if not 0 <= expected_submissions <= 100_000:
        errors["expected_submissions"] = "between 0 and 100000"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        feed = settings_of(workshop)
        feed.per_topic, feed.expected_submissions = per_topic, expected_submissions
        feed.save(update_fields=["per_topic", "expected_submissions"])
        record(
            "feed.settings",
            actor=by,
            workshop=workshop,
            obj=feed,
            summary=f"{per_topic} papers per topic; {expected_submissions} expected submissions",
        )
    return feed


def delete_paper(paper: LibraryPaper, *, by=None) -> None:
    _check(by, paper.workshop)
    with transaction.atomic():
        record("feed.deleted", actor=by, workshop=paper.workshop, obj=paper, summary=paper.title[:200])
        paper.delete()
