"""Every change to travel grants: one function per change, each checking the permission table, running
in one transaction and recorded in the audit log. Audit entries name the application (G-n) and amounts,
never the motivation or the under-represented-group answer; the audit page shows grant events only to
handlers who may see that application.

By concern:
- :mod:`.setup` — handlers (appoint, dismiss) and the call's settings (configure);
- :mod:`.applications` — the applicant: apply, edit, withdraw;
- :mod:`.decisions` — the handlers: score, stage, unstage, release;
- :mod:`.common` — amounts and the settings-row lock every budget change queues on.

Budget: staging an award locks the workshop's :class:`GrantSettings` row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``), sums the committed awards on the locked
state and refuses a total above the budget — so two handlers awarding at once cannot overspend.

Callers keep importing from ``confero.grants.services``; the names below are the public interface.
"""

from .applications import ApplicationData, apply, edit, withdraw
from .common import CENT, Outcome, Status, fmt, money
from .decisions import release, score, stage, unstage
from .setup import SettingsData, appoint, configure, dismiss

__all__ = [
    "CENT",
    "ApplicationData",
    "Outcome",
    "SettingsData",
    "Status",
    "apply",
    "appoint",
    "configure",
    "dismiss",
    "edit",
    "fmt",
    "money",
    "release",
    "score",
    "stage",
    "unstage",
    "withdraw",
]
