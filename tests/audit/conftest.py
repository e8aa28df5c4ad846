"""Fixtures for the audit-log page."""

from __future__ import annotations
