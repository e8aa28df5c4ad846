"""Who may read each finding (its *audience*), decided once when the finding is stored.

* ``reviewers`` (reviewers-safe): only the openness items (code, data, weights, training details,
  licence, evaluation details: found / promised / absent) whose evidence does not identify the authors.
  Reviewers see nothing else: no anonymity finding, no link owner, no prior-publication match.
* ``authors``: the authors' own flags, to fix before the deadline (links, anonymity leaks, format,
  pages, matches with published papers of imported corpora).
* ``organizers``: only the organizers who oversee the paper: scope (out of scope, chosen topic
  mismatched) and matches with other submissions of the installation (dual submission), which would
  tell the authors about somebody else's confidential submission.

Organizers who oversee a paper read every finding of every audience. Identifying findings never get
the ``reviewers`` audience (a database constraint says so too).
"""

from __future__ import annotations

import dataclasses

from confero.engine.checks.core import Finding as EngineFinding

from .models import Audience

OPENNESS_KINDS = frozenset(["openness-found", "promised-but-missing", "openness-absent"])
ORGANIZER_CHECKS = frozenset(["scope"])
ORGANIZER_KINDS = frozenset([("prior", "dual-submission")])


def audience_of(finding: EngineFinding) -> str:
    if finding.check in ORGANIZER_CHECKS or (finding.check, finding.kind) in ORGANIZER_KINDS:
        return Audience.ORGANIZERS
    if finding.check == "artifacts" and finding.kind in OPENNESS_KINDS and not finding.identifying:
        return Audience.REVIEWERS
    return Audience.AUTHORS


def redact(finding: EngineFinding) -> EngineFinding:
    """A dual-submission finding names the other submission in its message and evidence; keep its
    details only in ``data`` (shown side by side to those who may see that submission)."""
    if (finding.check, finding.kind) != ("prior", "dual-submission"):
        return finding
    paper = finding.data.get("paper", {})
    score = finding.data.get("similarity", {}).get("score")
    where = f" to {paper['workshop']}" if paper.get("workshop") else ""
    how = f" (similarity {score:.2f})" if isinstance(score, (int, float)) else ""
    return dataclasses.replace(
        finding,
        message=f"Overlaps another submission{where} in this installation{how}.",
        evidence="",
        link="",
        identifying=True,
    )
