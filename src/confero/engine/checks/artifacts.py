"""Check 1, artifacts and openness: every link of the paper and of the form, classified; links that
can de-anonymise a double-blind submission; the openness profile; optionally the links' health."""

from __future__ import annotations

from .classify import (
    WELL_KNOWN_ACCOUNTS,
    LinkInfo,
    account_matches,
    account_variants,
    classify,
    owned,
)
from .context import CheckContext
from .core import CheckResult, Finding
from .document import PdfDocument
from .linkcheck import LinkChecker
from .links import FoundLink, document_links, normalize_url, with_scheme
from .openness import ITEM_LABELS, ITEMS, profile, sentences
from .sections import Sections, find_sections

CHECK = "artifacts"
_FORM_KINDS = {"code": "code", "data": "dataset", "checkpoint": "model"}


def _deanonymising(info: LinkInfo, own: bool, variants: set[str]) -> tuple[str, str] | None:
    """(severity, reason) when the link can reveal the authors, else None."""
    if info.anonymous:
        return None
    account = info.account
    if account and any(account_matches(account, v) for v in variants):
        return "error", f"the account '{account}' on {info.host} matches an author's name or e-mail"
    if info.personal_page:
        who = f" ('{account}')" if account else ""
        return "warning", f"a personal page or profile{who} on {info.host}"
    if own and account and account.lower() not in WELL_KNOWN_ACCOUNTS:
        return "warning", (
            f"the paper's own artifact is under the named account '{account}' on {info.host}; "
            "use an anonymised mirror (e.g. anonymous.4open.science) for double-blind review"
        )
    return None


def link_records(doc: PdfDocument | None, context: CheckContext, sections: Sections | None) -> list[dict]:
    """One dict per distinct link (paper and form), classified."""
    found = document_links(doc) if doc is not None else []
    keys = {normalize_url(ln.url) for ln in found}
    for fl in context.form_links:
        if normalize_url(fl.url) not in keys:
            found.append(FoundLink(with_scheme(fl.url), fl.url, None, "form", fl.description or fl.kind))
            keys.add(normalize_url(fl.url))
    form_kind = {normalize_url(fl.url): _FORM_KINDS.get(fl.kind, "") for fl in context.form_links}
    variants = [account_variants(a.name, a.email) for a in context.authors]
    records = []
    for link in found:
        info = classify(link.url, link.context)
        kind = form_kind.get(normalize_url(link.url)) or info.kind
        region = "body"
        if doc is not None and link.page is not None and sections is not None:
            region = sections.region(link.page, link.line)
        own = link.source == "form" or (region != "references" and owned(link.context))
        leak = _deanonymising(info, own, variants) if context.double_blind else None
        records.append(
            {
                "url": link.url,
                "written": link.written,
                "kind": kind,
                "host": info.host,
                "account": info.account,
                "anonymous": info.anonymous,
                "page": link.page,
                "pages": link.pages,
                "source": link.source if normalize_url(link.url) not in form_kind else _form_source(link),
                "context": link.context,
                "owned": own,
                "in_references": region == "references",
                "identifying": leak is not None,
                "leak": leak,
            }
        )
    return records


def _form_source(link: FoundLink) -> str:
    return "form" if link.source == "form" else link.source + "+form"


def _link_findings(records: list[dict]) -> list[Finding]:
    out = []
    for r in records:
        where = "in the form" if r["source"] == "form" else f"on page {r['page']}"
        refs = " (in the references)" if r["in_references"] else ""
        out.append(
            Finding(
                CHECK,
                f"{r['kind']}-link",
                "info",
                f"{r['kind']} link {where}{refs}: {r['url']}",
                page=r["page"],
                evidence=r["context"][:400],
                link=r["url"],
                identifying=r["identifying"],
                data={k: r[k] for k in ("kind", "host", "source", "owned", "in_references", "pages")},
            )
        )
        if r["leak"]:
            severity, reason = r["leak"]
            out.append(
                Finding(
                    CHECK,
                    "de-anonymising-link",
                    severity,
                    f"This link can reveal who the authors are: {reason}.",
                    page=r["page"],
                    evidence=r["context"][:400],
                    link=r["url"],
                    identifying=True,
                    data={"account": r["account"], "host": r["host"]},
                )
            )
    return out


def _openness_findings(prof: dict[str, dict]) -> list[Finding]:
    out = []
    for item in ITEMS:
        entry = prof[item]
        label = ITEM_LABELS[item]
        ev = entry["evidence"][0] if entry["evidence"] else {}
        if entry["state"] == "found":
            kind, severity, msg = "openness-found", "info", f"Openness: {label} found."
        elif entry["state"] == "promised":
            kind, severity = "promised-but-missing", "warning"
            msg = f"Openness: {label} promised but not provided (no link or file yet)."
        else:
            kind, severity, msg = (
                "openness-absent",
                "info",
                f"Openness: no {label} found in the paper or form.",
            )
        out.append(
            Finding(
                CHECK,
                kind,
                severity,
                msg,
                page=ev.get("page"),
                evidence=ev.get("text", ""),
                link=ev.get("link", ""),
                identifying=bool(ev.get("identifying")),
                data={"item": item, "state": entry["state"]},
            )
        )
    return out


def _health_findings(records: list[dict], statuses: dict, context: CheckContext) -> list[Finding]:
    out = []
    variants = [account_variants(a.name, a.email) for a in context.authors]
    for r in records:
        st = statuses.get(r["url"])
        if st is None:
            continue
        r["status"] = st.to_dict()
        if st.status == "ok":
            continue
        leak = None
        for hop in st.chain[1:] if context.double_blind and not r["leak"] else ():
            leak = _deanonymising(classify(hop, r["context"]), r["owned"], variants)
            if leak:
                out.append(
                    Finding(
                        CHECK,
                        "de-anonymising-link",
                        leak[0],
                        f"This link redirects to {hop}, which can reveal who the authors are: {leak[1]}.",
                        page=r["page"],
                        evidence=r["context"][:400],
                        link=r["url"],
                        identifying=True,
                        data={"redirects_to": hop},
                    )
                )
                r["identifying"] = True
                break
        if st.status == "redirected":
            continue
        severity = "info" if st.status in ("rate-limited", "refused") or r["in_references"] else "warning"
        out.append(
            Finding(
                CHECK,
                f"link-{st.status}",
                severity,
                f"Link check: {r['url']} is {st.status.replace('-', ' ')}"
                + (f" ({st.message})" if st.message else "")
                + ".",
                page=r["page"],
                evidence=r["context"][:400],
                link=r["url"],
                identifying=r["identifying"],
                data=st.to_dict(),
            )
        )
    return out


def check_artifacts(
    doc: PdfDocument,
    context: CheckContext,
    sections: Sections | None = None,
    checker: LinkChecker | None = None,
) -> CheckResult:
    sections = sections or find_sections(doc)
    records = link_records(doc, context, sections)
    findings = _link_findings(records)
    prof = profile(sentences(doc, sections), records)
    findings += _openness_findings(prof)
    summary: dict = {"openness": [{"item": k, **v} for k, v in prof.items()]}
    if context.check_links:
        # context.extra["link_checker"]: a configured LinkChecker (the web job passes its settings)
        checker = checker or context.extra.get("link_checker") or LinkChecker(timeout=context.link_timeout)
        to_check = [r["url"] for r in records if not r["in_references"]]
        statuses = checker.check_all(to_check)
        findings += _health_findings(records, statuses, context)
        summary["link_check"] = f"{len(statuses)} links visited (references not visited)"
    else:
        summary["link_check"] = "not run: link checking is off (no network access configured)"
    counts: dict[str, int] = {}
    for r in records:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    summary["counts"] = counts
    summary["links"] = [{k: v for k, v in r.items() if k != "leak"} for r in records]
    if doc.truncated:
        findings.append(_truncated(doc))
    return CheckResult.done(CHECK, findings, summary)


def _truncated(doc: PdfDocument) -> Finding:
    return Finding(
        CHECK,
        "not-all-pages-read",
        "info",
        f"Only the first {len(doc.pages)} of {doc.page_count} pages were read.",
    )
