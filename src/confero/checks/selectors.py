"""What each person may see of a paper's checks, and the organizers' overview. Views and template tags
ask here; nothing here changes state except marking a dead run failed (:func:`runner.looked_at`).

Levels (from the permission table):

* ``all`` (``check.view_all``: organizers who oversee the paper): every result and finding;
* ``own`` (``check.view_own``: its authors): findings for authors and reviewers; no scope, no dual
  submission (see :mod:`.audience`); the prior result's counts are recomputed from what they see;
* ``openness`` (``check.view_openness``: assigned reviewers): the openness summary without identifying
  evidence, nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from confero import permissions
from confero.engine.checks.core import CheckResult as EngineResult

from . import prior
from .models import Audience, CheckResult, CheckRun, Finding
from .runner import looked_at

CHECK_LABELS = {
    "pages": "Pages",
    "artifacts": "Artifacts and openness",
    "anonymity": "Anonymity",
    "format": "Format",
    "scope": "Scope",
    "prior": "Prior publication and dual submission",
}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
AUDIENCES = {
    "all": {Audience.REVIEWERS, Audience.AUTHORS, Audience.ORGANIZERS},
    "own": {Audience.REVIEWERS, Audience.AUTHORS},
    "openness": set(),
}
HIDDEN_CHECKS = {"all": set(), "own": {"scope"}, "openness": set(CHECK_LABELS) - {"artifacts"}}


def level(user, submission) -> str | None:
    if permissions.can(user, "check.view_all", submission):
        return "all"
    if permissions.can(user, "check.view_own", submission):
        return "own"
    if permissions.can(user, "check.view_openness", submission):
        return "openness"
    return None


def latest_run(submission) -> CheckRun | None:
    return looked_at(CheckRun.objects.filter(submission=submission).select_related("version").first())


def latest_done(submission) -> CheckRun | None:
    return (
        CheckRun.objects.filter(submission=submission, status=CheckRun.Status.DONE)
        .select_related("version")
        .first()
    )


@dataclass
class ResultView:
    check: str
    label: str
    status: str
    reason: str
    findings: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def worst(self) -> str | None:
        found = [f.severity for f in self.findings]
        return max(found, key=SEVERITY_RANK.__getitem__) if found else None


@dataclass
class PaperChecks:
    level: str
    latest: CheckRun | None
    shown: CheckRun | None
    results: list[ResultView] = field(default_factory=list)
    openness: list[dict] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(f.severity for r in self.results for f in r.findings)

    @property
    def pending(self) -> bool:
        return self.latest is not None and not self.latest.finished


def _status_for(result: CheckResult, findings: list) -> str:
    if result.status in ("could_not_check", "skipped"):
        return result.status
    return "flagged" if any(SEVERITY_RANK[f.severity] >= 1 for f in findings) else "ok"


def openness_of(result: CheckResult | None) -> list[dict]:
    """The openness items (code, data, weights, ...) without evidence that may identify the authors."""
    if result is None:
        return []
    safe = EngineResult(result.check_name, result.status, [], result.summary, result.reason).visible(
        identifying=False
    )
    return list(safe.summary.get("openness", []))


def for_viewer(user, submission) -> PaperChecks | None:
    """The checks of ``submission`` as ``user`` may see them; None when they may see none."""
    lv = level(user, submission)
    if lv is None:
        return None
    latest = latest_run(submission)
    shown = (
        latest if latest is not None and latest.status == CheckRun.Status.DONE else latest_done(submission)
    )
    view = PaperChecks(level=lv, latest=latest, shown=shown)
    if shown is None:
        return view
    results = list(shown.results.all())
    artifacts = next((r for r in results if r.check_name == "artifacts"), None)
    view.openness = openness_of(artifacts)
    if lv == "openness":
        return view
    findings = list(shown.findings.filter(audience__in=AUDIENCES[lv]).order_by("id"))
    for f in findings:
        if f.check_name == "prior":
            f.sides = sides(user, f)
    for r in results:
        if r.check_name in HIDDEN_CHECKS[lv]:
            continue
        mine = [f for f in findings if f.check_name == r.check_name]
        mine.sort(key=lambda f: -SEVERITY_RANK[f.severity])
        summary = r.summary if lv == "all" else {k: v for k, v in r.summary.items() if k != "matches"}
        status = r.status if lv == "all" else _status_for(r, mine)
        view.results.append(
            ResultView(
                r.check_name, CHECK_LABELS.get(r.check_name, r.check_name), status, r.reason, mine, summary
            )
        )
    return view


def sides(user, finding: Finding) -> dict:
    """The two sides of a prior-publication match: this submission and the matched paper. A matched
    submission is described only to those who may see its checks (its own overseeing organizers)."""
    data = finding.data or {}
    paper = dict(data.get("paper") or {})
    sim = data.get("similarity") or {}
    other_pk = prior.submission_pk(paper.get("id", ""))
    other = None
    if other_pk is not None:
        from confero.submissions.models import Submission

        other = Submission.objects.select_related("workshop").filter(pk=other_pk).first()
        if other is None or not permissions.can(user, "check.view_all", other):
            paper = {
                "title": "",
                "abstract": "",
                "authors": [],
                "workshop": paper.get("workshop", ""),
                "hidden": True,
            }
            other = None
    return {
        "submission": data.get("submission") or {},
        "paper": paper,
        "other": other,
        "similarity": sim,
        "verdict": data.get("verdict", finding.kind),
    }


# --------------------------------------------------------------------------------------- overview


def overview(user, workshop, *, check: str = "", severity: str = "", limit: int = 500) -> dict:
    """Rows of the papers the organizer oversees with their latest run and finding counts; the findings
    matching the filters; totals per check and severity."""
    from confero.submissions.models import Submission

    latest_done_id = (
        CheckRun.objects.filter(submission=OuterRef("pk"), status=CheckRun.Status.DONE)
        .order_by("-id")
        .values("id")[:1]
    )
    latest_id = CheckRun.objects.filter(submission=OuterRef("pk")).order_by("-id").values("id")[:1]
    subs = (
        Submission.objects.filter(workshop=workshop)
        .exclude(status=Submission.Status.WITHDRAWN)
        .select_related("workshop")
        .annotate(done_run=Subquery(latest_done_id), last_run=Subquery(latest_id))
        .order_by("number")
    )
    papers = permissions.allowed(user, "check.view_all", subs)
    run_ids = [p.done_run for p in papers if p.done_run]
    runs = {r.pk: r for r in CheckRun.objects.filter(pk__in={p.last_run for p in papers if p.last_run})}
    findings = Finding.objects.filter(run_id__in=run_ids)
    per = Counter()
    totals: Counter = Counter()
    for row in findings.values("run_id", "check_name", "severity").annotate(n=Count("id")):
        per[(row["run_id"], row["severity"])] += row["n"]
        totals[(row["check_name"], row["severity"])] += row["n"]
    for p in papers:
        p.run = looked_at(runs.get(p.last_run))
        p.errors = per[(p.done_run, "error")]
        p.warnings = per[(p.done_run, "warning")]
        p.infos = per[(p.done_run, "info")]
    shown = findings.select_related("run__submission")
    if check:
        shown = shown.filter(check_name=check)
    shown = shown.filter(severity=severity) if severity else shown.exclude(severity="info")
    listed = list(shown.order_by("run__submission__number", "id")[:limit])
    table = [
        {
            "check": c,
            "label": label,
            "error": totals[(c, "error")],
            "warning": totals[(c, "warning")],
            "info": totals[(c, "info")],
        }
        for c, label in CHECK_LABELS.items()
    ]
    return {
        "papers": papers,
        "findings": listed,
        "truncated": len(listed) >= limit,
        "table": table,
        "unchecked": sum(1 for p in papers if not p.done_run),
    }
