"""Importing into a workshop's library, ranking it, curating it, and the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from confero.audit.models import AuditEvent
from confero.feed import services
from confero.feed.models import LibraryAuthor, LibraryPaper, TopicScore

from .conftest import shared_files

pytestmark = pytest.mark.django_db


def test_importing_the_shared_corpus_jsonl_and_pages(scoped, organizer):
    report = services.import_papers(scoped, shared_files(), by=organizer)
    assert (report.imported, report.merged, report.skipped) == (262, 271, [])
    assert LibraryPaper.objects.filter(workshop=scoped).count() == 262
    # ranked by the eight topics, with matching terms for the closest papers
    assert TopicScore.objects.filter(paper__workshop=scoped).count() == 262 * 8
    top = TopicScore.objects.filter(topic__key="open-compute-efficiency", rank=1).get()
    assert top.terms and top.score > 0
    assert AuditEvent.objects.filter(action="feed.imported", workshop=scoped).count() == 1
    # importing again merges everything: nothing new
    again = services.import_papers(scoped, shared_files()[:1], by=organizer)
    assert (again.imported, again.merged) == (0, 262)


def test_the_demo_library_merges_across_formats_and_reports_skips(demo_library, scoped):
    report = demo_library
    assert report.imported == 18 and report.merged == 2
    assert any("entry skipped" in s for s in report.skipped)
    assert any("no abstract" in n for n in report.notes)
    merged = LibraryPaper.objects.get(workshop=scoped, title__startswith="Merging Fine-Tuned Experts")
    assert merged.source == "jsonl" and merged.url.startswith("https://papers.example/")
    assert [a.author.name for a in merged.authorships.all()] == ["Tomas Lindqvist", "Sana Qureshi"]
    chen = LibraryAuthor.objects.get(workshop=scoped, name="Chen Wei-Lun")
    assert chen.email == "weilun.chen@efficient.example" and chen.papers.count() == 2
    # the BibTeX "Chen, Wei-Lun" is another spelling: it is one more author row (no guessing on names)
    from confero.feed.models import FeedSettings

    assert FeedSettings.objects.get(workshop=scoped).published


def test_a_later_record_fills_what_the_library_lacks(scoped):
    services.import_papers(scoped, [("a.txt", b"Open Data Curation at Scale\n\n" + b"word " * 5)])
    services.import_papers(
        scoped,
        [
            (
                "b.jsonl",
                b'{"id": "2401.00001", "title": "Open data curation at scale", "abstract": "Longer text."}',
            )
        ],
    )
    [paper] = LibraryPaper.objects.filter(workshop=scoped)
    assert (
        paper.arxiv == "2401.00001" and paper.abstract == "Longer text." and paper.link.endswith("2401.00001")
    )


def test_the_library_is_per_workshop(scoped, other_workshop):
    services.import_papers(scoped, shared_files()[:1])
    report = services.import_papers(other_workshop, shared_files()[:1])
    assert report.imported == 262  # same papers, another workshop: not merged with the first library


def test_only_organizers_of_the_workshop_import(scoped, pc_member, other_organizer):
    from confero.permissions import Denied

    for person in (pc_member, other_organizer):
        with pytest.raises(Denied):
            services.import_papers(scoped, shared_files()[:1], by=person)
    assert not LibraryPaper.objects.exists()


def test_pin_hide_and_settings_are_audited(demo_library, scoped, organizer):
    paper = LibraryPaper.objects.filter(workshop=scoped).first()
    services.set_flag(paper, "pinned", True, by=organizer)
    services.set_flag(paper, "hidden", True, by=organizer)
    paper.refresh_from_db()
    assert paper.pinned and paper.hidden
    assert set(AuditEvent.objects.filter(object_id=str(paper.pk)).values_list("action", flat=True)) == {
        "feed.pinned",
        "feed.hidden",
    }
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.update_settings(scoped, per_topic=0, expected_submissions=5, by=organizer)


def test_import_papers_command_prints_counts_and_each_skip(scoped, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "title": "Open Models at Scale"}\n{"id": 2,\n{"id": "3"}\n')
    out = io.StringIO()
    call_command(
        "import_papers", str(bad), *[name for name, _ in shared_files()[1:]], workshop="osfm", stdout=out
    )
    text = out.getvalue()
    assert "imported 263, merged 9, skipped 2" in text
    assert f"skipped {bad}:2: not valid JSON" in text and f"skipped {bad}:3: no title" in text
    assert "read as listing" in text


def test_import_papers_command_with_a_forced_format(scoped, tmp_path):
    f = tmp_path / "page.data"
    f.write_text('{"id": "1", "title": "Open Models at Scale"}\n')
    out = io.StringIO()
    call_command("import_papers", str(f), workshop="osfm", format="listing", stdout=out)
    assert "read as listing" in out.getvalue()


def test_the_cli_knows_the_commands():
    from confero.cli import SITE_COMMANDS

    assert SITE_COMMANDS["import-papers"][0] == "import_papers"
    assert SITE_COMMANDS["send-digests"][0] == "send_digests"
