"""Check 3, anonymity for double-blind review: author names, e-mails, affiliations and personal URLs
in the text (references excepted: citing one's own work in the third person is allowed), in the PDF
metadata (Info and XMP), acknowledgements, and self-citations such as "our previous work [12]".

Every finding is ``identifying`` (it shows who the authors are) and goes to authors and organizers
only. Without an author list, names, e-mails and affiliations cannot be matched; the check then looks
for the generic signs only and says so.
"""

from __future__ import annotations

import re

from ..names import fold, parse_name
from ..records import Author
from .artifacts import link_records
from .context import CheckContext
from .core import CheckResult, Finding
from .document import PdfDocument
from .metadata import PEOPLE_PROPERTIES, is_anonymous_value, metadata_values, user_paths
from .openness import sentences
from .sections import Sections, find_sections, section_lines

CHECK = "anonymity"
EMAIL = re.compile(r"(?<![\w.+-])(?:\{[^{}]{1,200}\}|[\w.+-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_INSTITUTION = re.compile(
    r"\b(?:University|Universit[àäé]t?|Universidad|Institute|Institut|Laboratory|Labs?|College|School of|"
    r"Department|Dept\.|Academy|Inc\.|Corporation|Corp\.|GmbH|Ltd\.?|Research Center|Centre|Center for|"
    r"Google|DeepMind|Microsoft|Meta AI|FAIR|OpenAI|NVIDIA|Amazon|Apple|IBM|Alibaba|Tencent|Baidu|ETH|"
    r"EPFL|MIT|CMU)\b"
)
_ANON_BLOCK = re.compile(r"\banonymous\b", re.IGNORECASE)
_VERBS = r"(?:showed|shown|proposed|introduced|presented|demonstrated|developed|described|studied|released|argued|found)"
_CITE = r"(?:\[[\d,\s–-]+\]|\(\s*[A-Z][^()]{0,60}?\d{4}[a-z]?\s*\))"
SELF_CITATION = [
    re.compile(  # "in our previous work", with or without a citation
        r"\b(?:in\s+)?our\s+(?:own\s+)?(?:previous|prior|earlier|past|former)\s+(?:work|works|paper|papers|"
        r"study|studies|publications?|versions?|articles?|research)\b",
        re.IGNORECASE,
    ),
    re.compile(  # "our recent paper [12]": these adjectives also describe the present work, so a citation must follow
        rf"\bour\s+(?:own\s+)?(?:recent|preliminary|concurrent|companion|follow-up|original)\s+(?:work|works|paper|"
        rf"papers|study|studies|publications?|versions?|articles?)\s*{_CITE}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:our|my)\s+(?:\w+\s+){{0,2}}(?:work|paper|study|method|approach|system|model|benchmark|"
        rf"dataset|framework|analysis|results?)\s*{_CITE}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bwe\s+(?:have\s+)?(?:previously|earlier|recently|already|originally|first)\s+{_VERBS}\b"
        rf"[^.]{{0,60}}(?:{_CITE}|\bin\s+(?:prior|previous|earlier)\s+work)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:as|which|that)\s+we\s+{_VERBS}\s+(?:in|at)\s+(?:\[\d|\(?[A-Z][A-Za-z-]+(?: et al\.?)?,? \(?\d{{4}})",
        re.IGNORECASE,
    ),
    re.compile(rf"\bin\s+\[\d+(?:[,–-]\s*\d+)*\],?\s+we\s+{_VERBS}\b", re.IGNORECASE),
    re.compile(
        r"\b(?:extends?|extending|builds?\s+(?:up)?on|building\s+(?:up)?on)\s+our\s+(?:\w+\s+){0,3}"
        r"(?:work|paper|study|version|method|approach)\b",
        re.IGNORECASE,
    ),
]
_ACK_REDACTED = re.compile(r"anonymi[sz]ed|omitted|removed|hidden|withheld|redacted", re.IGNORECASE)
_GRANT = re.compile(
    r"\b(?:grant|award|project|contract)s?\b[^.]{0,30}?\b[A-Z0-9][A-Z0-9/-]{4,}\b", re.IGNORECASE
)


def _name_pattern(name: str) -> re.Pattern | None:
    """Regex for an author's full name in folded text: "Jane Q. Doe", "J. Doe", "Doe, Jane"."""
    parsed = parse_name(name)
    if parsed is None or not parsed.given or not parsed.family:
        return None
    family = r"[\s-]+".join(re.escape(w) for w in parsed.family)  # "van der Berg", "Smith-Jones"
    given = re.escape(parsed.given[0])
    initial = re.escape(parsed.given[0][0])
    others = "|".join(re.escape(w) for w in parsed.given[1:] if len(w) > 1)
    middle = rf"(?:[\s-]+(?:{others}|[a-z]\.?))*" if others else r"(?:\s+[a-z]\.?){0,2}"
    forms = [  # words separated by spaces only: "jane.doe" in an e-mail or "jane-doe" in a URL is not a name
        rf"{given}{middle}\s+{family}",
        rf"{initial}\.(?:\s*[a-z]\.)*\s*{family}" if len(parsed.family[-1]) >= 3 else None,
        rf"{family},\s*{given}",
    ]
    return re.compile(r"\b(?:" + "|".join(f for f in forms if f) + r")\b", re.IGNORECASE)


def _lines(doc: PdfDocument, sections: Sections, region: tuple[str, ...] = ("body", "appendix")):
    """(page, line index, text, folded text) of lines in the given regions; consecutive lines are also
    given joined, so that a name broken across two lines is found."""
    for page in doc.pages:
        kept = [(i, ln.text) for i, ln in enumerate(page.lines) if sections.region(page.number, i) in region]
        for k, (i, text) in enumerate(kept):
            yield page.number, i, text, fold(text)
            if k + 1 < len(kept) and kept[k + 1][0] == i + 1:
                joined = f"{text} {kept[k + 1][1]}"
                yield page.number, i, joined, fold(joined)


def _author_block(doc: PdfDocument, sections: Sections) -> list[tuple[int, str]]:
    """Lines of page 1 above the abstract (or its first 12 lines)."""
    first = doc.pages[0]
    end = (
        sections.abstract[1] if sections.abstract and sections.abstract[0] == 1 else min(12, len(first.lines))
    )
    top = [ln for ln in first.lines[:end] if ln.upright]
    title_size = (
        max((ln.size for ln in top), default=0) - 0.5
    )  # the title is the largest text, not the author block
    block = [(i, ln.text) for i, ln in enumerate(first.lines[:end]) if ln.upright and ln.size < title_size]
    if not block and len(top) > 1:  # all lines of one size: take the first line as the title
        block = [(i, ln.text) for i, ln in enumerate(first.lines[:end]) if ln.upright][1:]
    return block


def _f(kind: str, severity: str, message: str, page=None, evidence="", link="", **data) -> Finding:
    return Finding(CHECK, kind, severity, message, page, evidence[:400], link, True, data)


def _text_findings(doc: PdfDocument, sections: Sections, authors: tuple[Author, ...]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple] = set()
    block = {i for i, _ in _author_block(doc, sections)}
    patterns = [(a, _name_pattern(a.name)) for a in authors]
    emails = {a.email.lower() for a in authors if a.email}
    affiliations = [
        (
            a.affiliation,
            re.compile(rf"(?<![\w@.-]){re.escape(fold(a.affiliation))}(?![\w-]|\.\w)", re.IGNORECASE),
        )
        for a in authors
        if len(a.affiliation) >= 4
    ]  # not inside an e-mail address or a host name ("epfl.ch")
    for page, i, text, folded in _lines(doc, sections):
        top = page == 1 and i in block
        for author, rx in patterns:
            if rx is not None and rx.search(folded) and ("name", author.name, page) not in seen:
                seen.add(("name", author.name, page))
                where = "in the author block" if top else f"on page {page}"
                out.append(
                    _f(
                        "name-in-text",
                        "error",
                        f"The author name '{author.name}' appears {where}.",
                        page,
                        text,
                    )
                )
        for m in EMAIL.finditer(text):
            addr = m.group(0)
            if ("email", addr.lower()) in seen:
                continue
            seen.add(("email", addr.lower()))
            mine = addr.lower() in emails or any(e.split("@")[0] in addr.lower() for e in emails)
            severity = "error" if mine or top else "warning"
            who = "an author's e-mail address" if mine else "an e-mail address"
            out.append(
                _f(
                    "email-in-text",
                    severity,
                    f"{who[0].upper()}{who[1:]} appears on page {page}: {addr}.",
                    page,
                    text,
                )
            )
        for aff, rx in affiliations:
            if rx.search(folded) and ("aff", aff, page) not in seen:
                seen.add(("aff", aff, page))
                severity = "error" if top else "warning"
                out.append(
                    _f(
                        "affiliation-in-text",
                        severity,
                        f"The affiliation '{aff}' appears on page {page}.",
                        page,
                        text,
                    )
                )
    return out


def _block_findings(doc: PdfDocument, sections: Sections, have_authors: bool) -> list[Finding]:
    block = _author_block(doc, sections)
    if any(_ANON_BLOCK.search(t) for _, t in block):
        return []
    out = []
    for _i, text in block:
        m = _INSTITUTION.search(text)
        if m and len(text) < 160:
            out.append(
                _f(
                    "affiliation-in-author-block",
                    "warning",
                    "The lines under the title look like an affiliation; a double-blind paper shows "
                    "'Anonymous Authors' there.",
                    1,
                    text,
                )
            )
            break
    return out


def _metadata_findings(doc: PdfDocument, authors: tuple[Author, ...]) -> list[Finding]:
    out = []
    patterns = [(a, _name_pattern(a.name)) for a in authors]
    emails = [a.email.lower() for a in authors if a.email]
    for where, prop, value in metadata_values(doc):
        folded = fold(value)
        hit = next((a for a, rx in patterns if rx is not None and rx.search(folded)), None)
        hit_email = next((e for e in emails if e in value.lower()), None)
        evidence = f"{where} {prop}: {value}"
        if hit is not None or hit_email:
            who = hit.name if hit is not None else hit_email
            out.append(
                _f(
                    "name-in-metadata",
                    "error",
                    f"The PDF metadata ({where} {prop}) names an author: {who}.",
                    None,
                    evidence,
                )
            )
        elif prop in PEOPLE_PROPERTIES and not is_anonymous_value(value):
            out.append(
                _f(
                    "author-in-metadata",
                    "warning",
                    f"The PDF metadata ({where} {prop}) names a person: '{value[:80]}'.",
                    None,
                    evidence,
                )
            )
        for user in user_paths(value):
            out.append(
                _f(
                    "path-in-metadata",
                    "warning",
                    f"A file path in the PDF metadata ({where} {prop}) contains the user name '{user}'.",
                    None,
                    evidence,
                )
            )
    return out


def _acknowledgement_findings(
    doc: PdfDocument, sections: Sections, authors: tuple[Author, ...]
) -> list[Finding]:
    if sections.acknowledgements is None:
        return []
    lines = section_lines(doc, sections.acknowledgements, max_lines=12)
    body = " ".join(t for _, t in lines[1:]) or lines[0][1]
    if _ACK_REDACTED.search(body[:200]):
        return []
    page = sections.acknowledgements[0]
    patterns = [_name_pattern(a.name) for a in authors]
    named = any(rx is not None and rx.search(fold(body)) for rx in patterns)
    grant = _GRANT.search(body)
    detail = "; it names an author" if named else ("; it lists funding" if grant else "")
    return [
        _f(
            "acknowledgements",
            "error" if named else "warning",
            f"The paper has acknowledgements{detail}: remove them for double-blind review (add them to the final version).",
            page,
            body,
        )
    ]


def _self_citation_findings(doc: PdfDocument, sections: Sections) -> list[Finding]:
    out = []
    for s in sentences(doc, sections):
        for rx in SELF_CITATION:
            m = rx.search(s.text)
            if m:
                out.append(
                    _f(
                        "self-citation",
                        "warning",
                        f"Self-citation in the first person ('{m.group(0)}'): cite your own work in the third person.",
                        s.page,
                        s.text,
                    )
                )
                break
    return out


def _link_findings(doc: PdfDocument, context: CheckContext, sections: Sections) -> list[Finding]:
    out = []
    for r in link_records(doc, context, sections):
        if r["leak"] and r["source"] != "form":
            severity, reason = r["leak"]
            out.append(
                _f(
                    "personal-url",
                    severity,
                    f"A link can reveal the authors: {reason}.",
                    r["page"],
                    r["context"],
                    r["url"],
                )
            )
    emails = {a.email.lower() for a in context.authors if a.email}
    for a in doc.annotations:
        if a.uri.lower().startswith("mailto:"):
            addr = a.uri[7:].split("?")[0]
            severity = "error" if addr.lower() in emails else "warning"
            out.append(
                _f("email-link", severity, f"A mailto link on page {a.page}: {addr}.", a.page, a.uri, a.uri)
            )
    return out


def check_anonymity(doc: PdfDocument, context: CheckContext, sections: Sections | None = None) -> CheckResult:
    if not context.double_blind:
        return CheckResult.skip(CHECK, f"reviewing is {context.anonymity}: papers need not be anonymous")
    sections = sections or find_sections(doc)
    authors = context.authors
    findings = _text_findings(doc, sections, authors)
    findings += _block_findings(doc, sections, bool(authors))
    findings += _metadata_findings(doc, authors)
    findings += _acknowledgement_findings(doc, sections, authors)
    findings += _self_citation_findings(doc, sections)
    findings += _link_findings(doc, context, sections)
    if not authors:
        findings.append(
            Finding(
                CHECK,
                "not-checked",
                "info",
                "No author list was given: author names, e-mails and affiliations were not matched; only "
                "general signs (e-mail addresses, metadata, acknowledgements, self-citations, author block, "
                "personal pages) were checked.",
            )
        )
    checked = ["text", "metadata", "acknowledgements", "self-citations", "links"]
    return CheckResult.done(CHECK, findings, {"checked": checked, "authors_given": len(authors)})
