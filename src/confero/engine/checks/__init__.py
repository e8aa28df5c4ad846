"""Open-science and integrity checks of a submission (pure engine code, no Django).

Public API::

    from confero.engine.checks import CheckContext, run_checks
    results = run_checks(pdf_bytes, checks="all", context=CheckContext(authors=..., topics=...))
    [r.to_dict() for r in results]            # JSON-serialisable; CheckResult.from_dict reads it back
    [r.visible(identifying=False) for r in results]   # what reviewers of a double-blind workshop may see

Checks: ``pages`` (main-text length), ``artifacts`` (links, openness profile, link health),
``anonymity`` (double-blind leaks), ``format`` (paper size, margins, font size), ``scope`` (fit to
the CFP topics), ``prior`` (prior publication and dual submission, needs ``context.prior_index``).
See docs/checks.md.
"""

from __future__ import annotations

from ..records import Author
from .context import ANONYMITY_POLICIES, CheckContext, FormLink, Topic, parse_authors
from .core import SEVERITIES, STATUSES, CheckResult, Finding
from .document import PdfDocument, UnreadablePdf, read_pdf
from .runner import CHECKS, parse_checks, run_checks

__all__ = [
    "ANONYMITY_POLICIES",
    "CHECKS",
    "SEVERITIES",
    "STATUSES",
    "Author",
    "CheckContext",
    "CheckResult",
    "Finding",
    "FormLink",
    "PdfDocument",
    "Topic",
    "UnreadablePdf",
    "parse_authors",
    "parse_checks",
    "read_pdf",
    "run_checks",
]
