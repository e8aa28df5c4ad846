"""Demo library of the paper feed: ``seed(workshop)`` imports small invented listings shipped with the package
(see data/README.md) into the workshop's library, ranks them and publishes the reading list."""

from __future__ import annotations

from importlib import resources

FILES = ("demo_papers.jsonl", "demo_listing.txt", "demo.bib")


def files() -> list[tuple[str, bytes]]:
    base = resources.files("confero.feed") / "data"
    return [(name, (base / name).read_bytes()) for name in FILES]


def seed(workshop, *, publish: bool = True):
    """Import the demo listings (idempotent: a second run merges everything) and return the report."""
    from . import services

    report = services.import_papers(workshop, files())
    if publish:
        services.publish(workshop, True)
    return report
