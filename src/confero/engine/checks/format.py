"""Check 4, format beyond the page count: paper size, text-block margins and body font size, measured
from the positions and sizes of the characters (pdfminer.six), with tolerances and a per-page report,
in the spirit of HotCRP's format checker.

The text block of a page is the box around its text lines, without

* a running header or a page number: one short line above or below the allowed block, separated from
  the rest by a gap (ICLR's "Under review as a conference paper at ICLR 2025", "7");
* line numbers: lines of at most four digits in the side margins;
* rotated text, such as arXiv's identifier stamp in the left margin.

Bottom margins are measured from the last baseline (descenders may reach into the margin, as in LaTeX).
Text inside figures (vector graphics) is not measured.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass

from ..errors import InputError
from .core import CheckResult, Finding
from .document import Line, Page, PdfDocument
from .sections import Sections, find_sections

CHECK = "format"
INCH = 72.0
PAPER_SIZES = {
    "letter": (612.0, 792.0),
    "a4": (595.28, 841.89),
    "legal": (612.0, 1008.0),
    "a3": (841.89, 1190.55),
    "a5": (419.53, 595.28),
}


@dataclass(frozen=True)
class FormatSpec:
    """A paper format: accepted paper sizes, minimum margins (points) and body font size (points)."""

    name: str
    papers: tuple[str, ...]
    left: float
    right: float
    top: float
    bottom: float
    min_font: float
    size_tol: float = 3.0
    margin_tol: float = 4.0
    font_tol: float = 0.3

    def to_dict(self) -> dict:
        return {**asdict(self), "papers": list(self.papers)}


FORMATS = {
    s.name: s
    for s in (
        # ICLR / NeurIPS: US Letter, 5.5 in x 9 in text block centred (1.5 in sides, 1 in top/bottom), 10 pt.
        FormatSpec("iclr", ("letter",), 1.5 * INCH, 1.5 * INCH, 1.0 * INCH, 1.0 * INCH, 10.0),
        FormatSpec("neurips", ("letter",), 1.5 * INCH, 1.5 * INCH, 1.0 * INCH, 1.0 * INCH, 10.0),
        # ICML: US Letter, 6.75 in x 9 in, two columns, 10 pt.
        FormatSpec("icml", ("letter",), 0.875 * INCH, 0.875 * INCH, 1.0 * INCH, 1.0 * INCH, 10.0),
        # ACL: A4, 2.5 cm margins, 11 pt.
        FormatSpec("acl", ("a4",), 70.87, 70.87, 70.87, 70.87, 11.0),
        # Anything reasonable: Letter or A4, at least 0.5 in margins, at least 9 pt.
        FormatSpec("generic", ("letter", "a4"), 0.5 * INCH, 0.5 * INCH, 0.5 * INCH, 0.5 * INCH, 9.0),
    )
}


def get_format(spec: str | FormatSpec) -> FormatSpec:
    if isinstance(spec, FormatSpec):
        return spec
    try:
        return FORMATS[spec]
    except KeyError:
        raise InputError(f"unknown format {spec!r}; known: {', '.join(FORMATS)}", field="format") from None


def paper_name(width: float, height: float, tol: float = 3.0) -> str:
    for name, (w, h) in PAPER_SIZES.items():
        if abs(width - w) <= tol and abs(height - h) <= tol:
            return name
        if abs(width - h) <= tol and abs(height - w) <= tol:
            return f"{name} landscape"
    return f"{width / INCH:.2f} x {height / INCH:.2f} in"


def _inches(pt: float) -> float:
    return round(pt / INCH, 2)


def _furniture(page: Page, lines: list[Line], spec: FormatSpec) -> set[int]:
    """Indices (into ``lines``) of a running header, a page number and line numbers."""
    out: set[int] = set()
    top_limit = page.height - spec.top + spec.margin_tol
    for i, ln in enumerate(lines):
        in_side = ln.x1 < spec.left - spec.margin_tol or ln.x0 > page.width - spec.right + spec.margin_tol
        if re.fullmatch(r"\d{1,4}", ln.text.strip()) and in_side:
            out.add(i)
    rest = [i for i in range(len(lines)) if i not in out]
    if len(rest) < 2:
        return out
    sizes = Counter()
    for i in rest:
        sizes[lines[i].size] += lines[i].chars
    small = sizes.most_common(1)[0][0] + 0.5  # headers and page numbers are not larger than the text
    by_top = sorted(rest, key=lambda i: -lines[i].y1)
    first = by_top[0]
    head = [i for i in by_top if abs(lines[i].baseline - lines[first].baseline) < 2.0]
    below = [i for i in by_top if i not in head]
    if (
        below
        and lines[first].y1 > top_limit
        and all(lines[i].size <= small for i in head)
        and sum(len(lines[i].text) for i in head) <= 120
        and min(lines[i].y0 for i in head) - max(lines[i].y1 for i in below[:1]) >= 4.0
    ):
        out.update(head)
    by_bottom = sorted(rest, key=lambda i: lines[i].baseline)
    last = by_bottom[0]
    foot = [i for i in by_bottom if abs(lines[i].baseline - lines[last].baseline) < 2.0]
    above = [i for i in by_bottom if i not in foot and i not in out]
    if (
        above
        and lines[last].baseline < spec.bottom - spec.margin_tol
        and all(lines[i].size <= small for i in foot)
        and sum(len(lines[i].text) for i in foot) <= 40
        and min(lines[i].y0 for i in above) - max(lines[i].y1 for i in foot) >= 4.0
    ):
        out.update(foot)
    return out


def _page_report(page: Page, spec: FormatSpec) -> tuple[dict, list[Finding]]:
    findings: list[Finding] = []
    paper = paper_name(page.width, page.height, spec.size_tol)
    row: dict = {
        "page": page.number,
        "paper": paper,
        "width_in": _inches(page.width),
        "height_in": _inches(page.height),
    }
    lines = [ln for ln in page.lines if ln.upright and ln.text.strip()]
    skip = _furniture(page, lines, spec)
    body = [ln for i, ln in enumerate(lines) if i not in skip]
    if not body:
        row.update(text_block=None, margins_in=None, body_size=None, chars=0, ok=None)
        return row, findings
    x0 = min(ln.x0 for ln in body)
    x1 = max(ln.x1 for ln in body)
    top = max(ln.y1 for ln in body)
    bottom = min(ln.baseline for ln in body)
    sizes = Counter()
    for ln in body:
        sizes[ln.size] += ln.chars
    row.update(
        text_block=[round(x0, 1), round(bottom, 1), round(x1, 1), round(top, 1)],
        margins_in={
            "left": _inches(x0),
            "right": _inches(page.width - x1),
            "top": _inches(page.height - top),
            "bottom": _inches(bottom),
        },
        body_size=sizes.most_common(1)[0][0],
        chars=sum(sizes.values()),
    )
    limits = {
        "left": lambda ln: spec.left - ln.x0,
        "right": lambda ln: ln.x1 - (page.width - spec.right),
        "top": lambda ln: ln.y1 - (page.height - spec.top),
        "bottom": lambda ln: spec.bottom - ln.baseline,
    }
    problems = []
    for side, excess in limits.items():
        over = [(excess(ln), ln) for ln in body if excess(ln) > spec.margin_tol]
        if not over:
            continue
        worst, line = max(over, key=lambda t: t[0])
        severity = "error" if worst > 0.25 * INCH or len(over) >= 3 else "warning"
        problems.append(side)
        findings.append(
            Finding(
                CHECK,
                "margin",
                severity,
                f"Page {page.number}: text extends {worst / INCH:.2f} in ({worst:.0f} pt) into the {side} "
                f"margin on {len(over)} line{'s' if len(over) > 1 else ''} (minimum {side} margin "
                f"{getattr(spec, side) / INCH:.2f} in).",
                page=page.number,
                evidence=line.text[:200],
                data={"side": side, "excess_pt": round(worst, 1), "lines": len(over)},
            )
        )
    row["ok"] = not problems and paper.split()[0] in spec.papers
    row["problems"] = problems
    return row, findings


def _size_findings(doc: PdfDocument, rows: list[dict], spec: FormatSpec) -> list[Finding]:
    out = []
    wrong: dict[str, list[int]] = {}
    for row in rows:
        if row["paper"] not in spec.papers:
            wrong.setdefault(row["paper"], []).append(row["page"])
    allowed = " or ".join(p if len(p) > 2 else p.upper() for p in spec.papers)
    for paper, pages in wrong.items():
        shown = ", ".join(map(str, pages[:10])) + (" ..." if len(pages) > 10 else "")
        out.append(
            Finding(
                CHECK,
                "paper-size",
                "error",
                f"Paper size is {paper} on page{'s' if len(pages) > 1 else ''} {shown}; expected {allowed}.",
                page=pages[0],
                evidence=f"{rows[pages[0] - 1]['width_in']} x {rows[pages[0] - 1]['height_in']} in",
                data={"paper": paper, "pages": pages},
            )
        )
    return out


def _font_findings(
    doc: PdfDocument, rows: list[dict], spec: FormatSpec, last_body_page: int
) -> tuple[list[Finding], float | None]:
    total: Counter = Counter()
    for page in doc.pages:
        total.update(page.size_counts)
    if not total:
        return [], None
    body = total.most_common(1)[0][0]
    out = []
    floor = spec.min_font - spec.font_tol
    if body < floor:
        for row in rows:
            row["ok"] = False
        sample = next(
            (ln.text for p in doc.pages for ln in p.lines if ln.size == body and len(ln.text) > 40), ""
        )
        out.append(
            Finding(
                CHECK,
                "font-size",
                "error",
                f"The body text is set in {body:g} pt; at least {spec.min_font:g} pt is required.",
                evidence=sample[:200],
                data={"body_size": body, "min_font": spec.min_font},
            )
        )
    else:
        for row, page in zip(rows, doc.pages, strict=True):
            size = row.get("body_size")
            if size is not None and row["chars"] >= 400 and size < floor and page.number <= last_body_page:
                row["ok"] = False
                sample = next((ln.text for ln in page.lines if ln.size == size and len(ln.text) > 30), "")
                out.append(
                    Finding(
                        CHECK,
                        "font-size",
                        "warning",
                        f"Page {page.number}: most text is {size:g} pt, smaller than the {spec.min_font:g} pt body size.",
                        page=page.number,
                        evidence=sample[:200],
                        data={"page_size": size, "min_font": spec.min_font},
                    )
                )
    return out, body


def check_format(
    doc: PdfDocument, spec: str | FormatSpec = "generic", sections: Sections | None = None
) -> CheckResult:
    """Measure every page against ``spec``. Page-level font warnings only concern pages before the
    references (references and appendices are often set smaller)."""
    spec = get_format(spec)
    sections = sections or find_sections(doc)
    last_body_page = sections.references[0] - 1 if sections.references else len(doc.pages)
    rows, findings = [], []
    for page in doc.pages:
        row, page_findings = _page_report(page, spec)
        rows.append(row)
        findings += page_findings
    findings = _size_findings(doc, rows, spec) + findings
    font_findings, body = _font_findings(doc, rows, spec, last_body_page)
    findings += font_findings
    if not any(r.get("chars") for r in rows):
        return CheckResult.could_not(CHECK, "no text could be read from the PDF (scanned images?)")
    summary = {
        "format": spec.to_dict(),
        "body_size": body,
        "pages": rows,
        "pages_without_text": [r["page"] for r in rows if not r.get("chars")],
    }
    return CheckResult.done(CHECK, findings, summary)
