"""Mails to a submission's authors: a receipt on creation and every change, and extension notices."""

from __future__ import annotations

from django.urls import reverse

from confero.mail.services import queue_template

from .deadlines import deadline_info
from .snapshot import describe


def detail_path(sub) -> str:
    return reverse("submissions:detail", kwargs={"slug": sub.workshop.slug, "number": sub.number})


def claim_path(sub, author) -> str:
    return reverse("submissions:claim", kwargs={"slug": sub.workshop.slug, "token": author.claim_token})


def recipient(author) -> str:
    """Where an author's mail goes: the linked account's address (the one its owner verified or claimed
    the authorship with), else the address listed on the submission."""
    return author.user.email if author.user_id else author.email


def send_receipts(sub, version, *, action: str, changes: list[str], pdf_explanation: str = "") -> None:
    """One receipt per author; authors without a linked account also get their personal claim link."""
    info = deadline_info(sub)
    for author in sub.authors.select_related("user"):
        queue_template(
            recipient(author),
            "submissions/mail/receipt.txt",
            {
                "submission": sub,
                "workshop": sub.workshop,
                "author": author,
                "version": version,
                "action": action,
                "changes": describe(changes),
                "pdf_explanation": pdf_explanation,
                "detail_path": detail_path(sub),
                "claim_path": claim_path(sub, author) if author.user_id is None else "",
                "deadline": info.display() if info else "",
                "authors": ", ".join(a.name for a in sub.authors.all()),
            },
            kind=f"submission.{action}",
            workshop=sub.workshop,
        )


def send_extension_notice(sub, *, reason: str) -> None:
    info = deadline_info(sub)
    for author in sub.authors.select_related("user"):
        queue_template(
            recipient(author),
            "submissions/mail/extension.txt",
            {
                "submission": sub,
                "workshop": sub.workshop,
                "author": author,
                "reason": reason,
                "deadline": info.display() if info else "",
                "extended": bool(info and info.extended),
                "detail_path": detail_path(sub),
            },
            kind="submission.extension",
            workshop=sub.workshop,
        )
