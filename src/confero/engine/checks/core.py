"""The records every check returns: :class:`Finding` and :class:`CheckResult`, both JSON-serialisable.

A check never passes silently: it ends ``ok`` (ran, nothing at warning level or above), ``flagged``
(at least one warning or error), ``could_not_check`` (e.g. the PDF cannot be read; ``reason`` says why)
or ``skipped`` (not applicable to this workshop, e.g. anonymity when reviewing is not double-blind;
``reason`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
STATUSES = ("ok", "flagged", "could_not_check", "skipped")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One observation of a check, with its evidence.

    ``kind`` is a short machine-readable label ("code-link", "promised-but-missing", "name-in-metadata",
    "margin", ...); ``message`` is a sentence for people. ``page`` is 1-based (None when the finding is
    not about a page, e.g. PDF metadata). ``evidence`` is the text that shows it (a line, a sentence, a
    metadata value) and ``link`` the URL concerned, if any. ``identifying`` marks findings whose
    evidence may reveal who the authors are: never show those to reviewers of a double-blind workshop.
    ``data`` holds structured details (scores, boxes, matched record) for the web views.
    """

    check: str
    kind: str
    severity: str
    message: str
    page: int | None = None
    evidence: str = ""
    link: str = ""
    identifying: bool = False
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.severity not in _RANK:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "page": self.page,
            "evidence": self.evidence,
            "link": self.link,
            "identifying": self.identifying,
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            check=d["check"],
            kind=d["kind"],
            severity=d["severity"],
            message=d["message"],
            page=d.get("page"),
            evidence=d.get("evidence", ""),
            link=d.get("link", ""),
            identifying=bool(d.get("identifying", False)),
            data=dict(d.get("data") or {}),
        )


@dataclass
class CheckResult:
    """What one check found on one submission.

    ``summary`` is a JSON-able dict specific to the check (the openness profile, the per-page format
    table, topic scores, ...). Build results with :meth:`done`, :meth:`could_not` or :meth:`skip`.
    """

    check: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    @classmethod
    def done(cls, check: str, findings: list[Finding], summary: dict[str, Any] | None = None) -> CheckResult:
        flagged = any(_RANK[f.severity] >= _RANK["warning"] for f in findings)
        return cls(check, "flagged" if flagged else "ok", list(findings), dict(summary or {}))

    @classmethod
    def could_not(cls, check: str, reason: str) -> CheckResult:
        return cls(check, "could_not_check", reason=reason)

    @classmethod
    def skip(cls, check: str, reason: str) -> CheckResult:
        return cls(check, "skipped", reason=reason)

    @property
    def severity(self) -> str | None:
        """The worst severity among the findings (None when there are none)."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=_RANK.__getitem__)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def visible(self, *, identifying: bool) -> CheckResult:
        """A copy without identifying findings (and without summary entries marked
        ``"identifying": true``) when ``identifying`` is False: what reviewers may see."""
        if identifying:
            return self
        kept = [f for f in self.findings if not f.identifying]
        return CheckResult(self.check, self.status, kept, _without_identifying(self.summary), self.reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "reason": self.reason,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CheckResult:
        return cls(
            check=d["check"],
            status=d["status"],
            findings=[Finding.from_dict(f) for f in d.get("findings") or []],
            summary=dict(d.get("summary") or {}),
            reason=d.get("reason", ""),
        )


def _without_identifying(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_identifying(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_identifying(v) for v in value if not (isinstance(v, dict) and v.get("identifying"))]
    return value
