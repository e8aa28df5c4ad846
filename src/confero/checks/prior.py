"""Prior publication and dual submission in the web app: what a submission is compared with.

* **Other submissions of the installation**, in every workshop (withdrawn ones excepted), with their
  current title, abstract and authors: a small MinHash index built for each run.
* **Corpora the workshop's organizers imported** (:class:`~confero.checks.models.Corpus`): one index
  per workshop, saved under ``DATA_DIR/checks/prior/`` and kept in memory by the process that uses it;
  its file name carries a fingerprint of the corpora, so an import or a deletion makes a new one (the
  database stays the source of truth; the file is a cache and is rebuilt when missing).

The engine's ``check_prior`` runs on each index and the findings are merged into one ``prior`` result.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from confero.engine.checks.core import CheckResult as EngineResult
from confero.engine.checks.prior import CorpusPaper, PriorIndex, check_prior

from .models import Corpus
from .models import CorpusPaper as CorpusRow

CHECK = "prior"
_cache: dict[str, PriorIndex] = {}
_lock = threading.Lock()


def submission_key(pk: int) -> str:
    return f"sub:{pk}"


def submission_pk(key: str) -> int | None:
    if key.startswith("sub:") and key[4:].isdigit():
        return int(key[4:])
    return None


def index_dir() -> Path:
    return Path(settings.DATA_DIR) / "checks" / "prior"


def _fingerprint(workshop) -> str:
    rows = list(Corpus.objects.filter(workshop=workshop).order_by("pk").values_list("pk", "size"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16] if rows else ""


def _paper(row: CorpusRow) -> CorpusPaper:
    return CorpusPaper(
        id=f"corpus:{row.corpus_id}:{row.ext_id}",
        title=row.title,
        abstract=row.abstract,
        authors=tuple(row.authors or ()),
        venue=row.venue,
        year=row.year,
        url=row.url,
        source=row.source,
        status=row.status,
    )


def build_corpus_index(workshop) -> PriorIndex | None:
    """The index of the workshop's corpora (loaded from its file, built and saved when missing)."""
    key = _fingerprint(workshop)
    if not key:
        return None
    path = index_dir() / f"workshop-{workshop.pk}-{key}.npz"
    with _lock:
        if str(path) in _cache:
            return _cache[str(path)]
        if path.exists():
            index = PriorIndex.load(path)
        else:
            index = PriorIndex()
            rows = CorpusRow.objects.filter(corpus__workshop=workshop).order_by("pk")
            index.add(_paper(r) for r in rows.iterator(chunk_size=5000))
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"workshop-{workshop.pk}-*.npz"):
                old.unlink(missing_ok=True)
            index.save(path)
        for stale in [p for p in _cache if p.startswith(str(path.parent / f"workshop-{workshop.pk}-"))]:
            del _cache[stale]
        _cache[str(path)] = index
        return index


def submission_papers(exclude_pk: int | None = None) -> list[CorpusPaper]:
    """Every active submission of the installation (all workshops) but ``exclude_pk``, as papers to
    compare with (two queries; plain rows, no model instances)."""
    from confero.submissions.models import Submission, SubmissionAuthor

    subs = Submission.objects.exclude(status=Submission.Status.WITHDRAWN).exclude(pk=exclude_pk)
    names: dict[int, list[str]] = {}
    for sid, name in (
        SubmissionAuthor.objects.filter(submission__in=subs.values("pk"))
        .order_by("order")
        .values_list("submission", "name")
    ):
        names.setdefault(sid, []).append(name)
    rows = subs.order_by("pk").values_list("pk", "title", "abstract", "workshop__acronym", "created_at")
    return [
        CorpusPaper(
            id=submission_key(pk),
            title=title,
            abstract=abstract,
            authors=tuple(names.get(pk, ())),
            year=created.year if created else None,
            source="submission",
            workshop=acronym,
        )
        for pk, title, abstract, acronym, created in rows.iterator(chunk_size=2000)
    ]


@dataclass(frozen=True)
class PriorInputs:
    """What the ``prior`` check of one submission compares with, read from the database: the other
    submissions as rows, and the workshop's corpus index (cached in this process) or None."""

    submissions: list[CorpusPaper]
    corpus: PriorIndex | None


def inputs(submission) -> PriorInputs:
    """The database part of the check (cheap: reads only); :func:`compare` does the computing."""
    return PriorInputs(submission_papers(submission.pk), build_corpus_index(submission.workshop))


def compare(given: PriorInputs, title: str, abstract: str, authors: list[str]) -> EngineResult:
    """The ``prior`` result: matches among other submissions and imported corpora. Pure computing (the
    submissions' index is built here, MinHash over every one of them), so the check runner calls it in
    its low-priority child process, never in a web worker."""
    start = time.perf_counter()
    index = PriorIndex()
    index.add(given.submissions)
    results = [check_prior(index, title, abstract, authors, "")]
    if given.corpus is not None:
        results.append(check_prior(given.corpus, title, abstract, authors, ""))
    for r in results:
        if r.status == "could_not_check":
            return r
    findings = sorted(
        (f for r in results for f in r.findings),
        key=lambda f: -float(f.data.get("similarity", {}).get("score", 0.0)),
    )
    summary = {
        "compared_with": sum(int(r.summary.get("compared_with", 0)) for r in results),
        "submissions": int(results[0].summary.get("compared_with", 0)),
        "corpus_papers": int(results[1].summary.get("compared_with", 0)) if len(results) > 1 else 0,
        "matches": len(findings),
        "seconds": round(time.perf_counter() - start, 3),
    }
    return EngineResult.done(CHECK, findings, summary)
