"""``run_checks``: run the requested checks on one submission, reading the PDF once."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..errors import InputError
from .context import CheckContext
from .core import CheckResult
from .document import PdfDocument, UnreadablePdf, read_pdf
from .sections import Sections, find_sections, title_and_abstract

log = logging.getLogger(__name__)

CHECKS = ("pages", "artifacts", "anonymity", "format", "scope", "prior")
PDF_CHECKS = frozenset(["pages", "artifacts", "anonymity", "format"])


def parse_checks(spec: str | Iterable[str], field: str = "checks") -> tuple[str, ...]:
    """ "all" or a comma-separated list / iterable of check names -> names in canonical order."""
    names = [s.strip() for s in spec.split(",")] if isinstance(spec, str) else [str(s).strip() for s in spec]
    names = [n for n in names if n]
    if "all" in names:
        return CHECKS
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise InputError(
            f"unknown check {unknown[0]!r}; use 'all' or some of: {', '.join(CHECKS)}", field=field
        )
    if not names:
        raise InputError("no check given", field=field)
    return tuple(c for c in CHECKS if c in names)


def _run_one(
    name: str, pdf_bytes: bytes | None, doc: PdfDocument | None, sections: Sections | None, ctx: CheckContext
) -> CheckResult:
    from .anonymity import check_anonymity
    from .artifacts import check_artifacts
    from .format import check_format
    from .pages import check_pages
    from .prior import check_prior
    from .scope import check_scope

    if name == "pages":
        return check_pages(pdf_bytes, ctx)
    if name == "artifacts":
        return check_artifacts(doc, ctx, sections)
    if name == "anonymity":
        return check_anonymity(doc, ctx, sections)
    if name == "format":
        return check_format(doc, ctx.format, sections)
    if name == "scope":
        return check_scope(doc, ctx)
    title, abstract = ctx.title, ctx.abstract
    if not (title and abstract) and doc is not None:
        pdf_title, pdf_abstract = title_and_abstract(doc, sections)
        title, abstract = title or pdf_title, abstract or pdf_abstract
    authors = [a.name for a in ctx.authors if a.name]
    return check_prior(ctx.prior_index, title, abstract, authors, ctx.submission_id)


def run_checks(
    pdf_bytes: bytes | None,
    *,
    checks: str | Iterable[str] = "all",
    context: CheckContext | None = None,
) -> list[CheckResult]:
    """Run ``checks`` ("all" or names from CHECKS) on a submission's PDF (``None`` when there is no
    PDF yet: PDF checks then say "could not check") and return one :class:`CheckResult` per check,
    in the order of CHECKS. Never raises for a bad PDF; a check that fails unexpectedly is reported
    as "could not check" with the error (and logged)."""
    names = parse_checks(checks)
    ctx = context or CheckContext()
    doc: PdfDocument | None = None
    sections: Sections | None = None
    unreadable = ""
    if pdf_bytes is None:
        unreadable = "no PDF was uploaded"
    elif any(n != "pages" for n in names):
        try:
            doc = read_pdf(pdf_bytes, max_pages=ctx.parse_max_pages)
            sections = find_sections(doc)
        except UnreadablePdf as exc:
            unreadable = str(exc)
    results = []
    for name in names:
        if name in PDF_CHECKS and (pdf_bytes is None or (name != "pages" and doc is None)):
            results.append(CheckResult.could_not(name, unreadable or "the PDF could not be read"))
            continue
        try:
            results.append(_run_one(name, pdf_bytes, doc, sections, ctx))
        except InputError:
            raise
        except Exception as exc:  # a bug or an odd file must not pass silently nor stop the other checks
            log.exception("check %s failed", name)
            results.append(
                CheckResult.could_not(name, f"the check failed unexpectedly ({type(exc).__name__}: {exc})")
            )
    return results
