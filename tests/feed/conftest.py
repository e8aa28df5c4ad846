from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.mail.test_smtp_delivery import smtp_server  # noqa: F401  (a local SMTP server fixture)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
# The OS-FMs facts from the package's own copy (a bare CI machine has no ../shared).
FACTS = Path(__file__).resolve().parents[2] / "src" / "confero" / "workshops" / "data" / "os-fms-2025.json"


@pytest.fixture
def scoped(workshop):
    """The OS-FMs topics with their scopes (the queries of the ranking)."""
    facts = json.loads(FACTS.read_text())
    for t in facts["topics"]:
        workshop.topics.filter(key=t["key"]).update(scope=t["scope"])
    return workshop


@pytest.fixture
def demo_library(scoped):
    from confero.feed import demo

    return demo.seed(scoped)


def shared_files():
    """The shared corpus's JSONL and listing pages (the test is skipped where ../shared is missing)."""
    if not (SHARED / "corpus" / "daily_papers.jsonl").exists():
        pytest.skip("../shared/corpus is not on this machine")
    names = [
        SHARED / "corpus" / "daily_papers.jsonl",
        *sorted((SHARED / "corpus" / "listings").glob("*.txt")),
    ]
    return [(str(p), p.read_bytes()) for p in names]
