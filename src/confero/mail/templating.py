"""Mail templates organizers edit: plain text with ``{placeholders}``.

``{title}`` is replaced by the value of ``title``; ``{{`` and ``}}`` stand for literal braces. A template
may only use the placeholders its kind of mail offers: saving one with an unknown name (or a lone brace)
is refused with the field, line and name. Rendering is plain substitution — no code runs, no attribute
lookups — so a template cannot reach anything but the values it is given.

The app that sends a kind of mail owns its built-in wording and placeholders (a :class:`Kind`); a
workshop's :class:`~confero.mail.models.MailTemplate` row, when there is one, replaces the wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record

from .models import MailTemplate

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|\{|\}")


@dataclass(frozen=True)
class Kind:
    """One kind of mail: its key, a label for organizers, its placeholders (name -> what it holds) and
    its built-in subject and body."""

    key: str
    label: str
    placeholders: dict[str, str]
    subject: str
    body: str


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    customized: bool = False


def problems(text: str, allowed, *, field: str) -> list[str]:
    """What is wrong with ``text`` (unknown placeholders, lone braces), each naming its line."""
    found = []
    for number, line in enumerate(text.splitlines() or [""], start=1):
        for match in _TOKEN.finditer(line):
            token, name = match.group(0), match.group(1)
            if token in ("{{", "}}"):
                continue
            if name is None:
                found.append(
                    f"{field}, line {number}: a lone '{token}' (write {{{{ or }}}} for a literal brace)"
                )
            elif name not in allowed:
                found.append(
                    f"{field}, line {number}: unknown placeholder {{{name}}}; "
                    f"this mail offers {', '.join('{' + p + '}' for p in allowed)}"
                )
    return found


def render(text: str, values: dict[str, str]) -> str:
    """Replace each ``{name}`` by ``values[name]`` (``{{``/``}}`` become braces). Unknown names stay as
    written (templates are checked when saved)."""

    def substitute(match):
        token, name = match.group(0), match.group(1)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if name is not None and name in values:
            return str(values[name])
        return token

    return _TOKEN.sub(substitute, text)


def current(workshop, kind: Kind) -> Text:
    """The wording a workshop uses for ``kind``: its own template, or the built-in one."""
    row = MailTemplate.objects.filter(workshop=workshop, key=kind.key).first()
    if row is None:
        return Text(kind.subject, kind.body)
    return Text(row.subject, row.body, customized=True)


@transaction.atomic
def save(workshop, kind: Kind, *, subject: str, body: str, actor) -> MailTemplate:
    """Store a workshop's wording for ``kind`` (organizers with ``mail.manage``). Audited."""
    permissions.require(actor, "mail.manage", workshop)
    subject, body = subject.strip(), body.strip() + "\n"
    errors = {}
    if not subject:
        errors["subject"] = ["the subject is empty"]
    elif "\n" in subject:
        errors["subject"] = ["the subject must be one line"]
    else:
        errors["subject"] = problems(subject, kind.placeholders, field="subject")
    errors["body"] = (
        problems(body, kind.placeholders, field="body") if body.strip() else ["the body is empty"]
    )
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise ValidationError(errors)
    row, created = MailTemplate.objects.update_or_create(
        workshop=workshop, key=kind.key, defaults={"subject": subject, "body": body, "updated_by": actor}
    )
    record(
        "mail.template_saved",
        actor=actor,
        workshop=workshop,
        obj=row,
        summary=f"mail template {kind.key} {'created' if created else 'changed'}",
        key=kind.key,
    )
    return row


@transaction.atomic
def reset(workshop, kind: Kind, *, actor) -> bool:
    """Go back to the built-in wording. Audited; False when there was nothing to reset."""
    permissions.require(actor, "mail.manage", workshop)
    deleted, _ = MailTemplate.objects.filter(workshop=workshop, key=kind.key).delete()
    if deleted:
        record(
            "mail.template_reset",
            actor=actor,
            workshop=workshop,
            summary=f"mail template {kind.key} back to the built-in wording",
            key=kind.key,
        )
    return bool(deleted)
