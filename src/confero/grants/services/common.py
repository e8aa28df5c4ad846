"""What every grant service shares: amounts (parsed and formatted) and the lock on the workshop's
:class:`GrantSettings` row that serialises every budget change (``SELECT … FOR UPDATE`` on PostgreSQL;
on SQLite every transaction is ``BEGIN IMMEDIATE``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from ..models import GrantApplication, GrantSettings

Status, Outcome = GrantApplication.Status, GrantApplication.Outcome
CENT = Decimal("0.01")


def money(value, *, field: str, what: str) -> Decimal:
    """A non-negative amount with at most two decimals, or a ValidationError naming the field."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{what}: enter an amount such as 450 or 450.50"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: f"{what} must be zero or more"})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{what}: at most two decimals"})
    if amount >= Decimal("1e10"):
        raise ValidationError({field: f"{what} is too large"})
    return amount.quantize(CENT)


def locked_settings(workshop) -> GrantSettings:
    """The workshop's settings row, locked until the transaction ends (one budget change at a time)."""
    row = GrantSettings.objects.select_for_update().filter(workshop=workshop).first()
    if row is None:
        row, _ = GrantSettings.objects.get_or_create(workshop=workshop)
        row = GrantSettings.objects.select_for_update().get(pk=row.pk)
    return row


def fmt(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else f"{amount:,.2f} {currency}"
