"""Fixtures for the workshops tests: a second workshop and its organizer."""

from __future__ import annotations
