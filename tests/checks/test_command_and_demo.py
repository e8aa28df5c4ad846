"""``confero manage load_corpus`` and the demo's ``seed``."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from confero.checks import demo
from confero.checks.models import CheckRun, Corpus

pytestmark = pytest.mark.django_db


def test_load_corpus_imports_for_an_organizer_only(workshop, organizer, author, tmp_path, capsys):
    path = tmp_path / "dblp.jsonl"
    path.write_text(json.dumps({"id": "x1", "title": "A paper", "venue": "NeurIPS", "year": 2023}) + "\n")
    call_command("load_corpus", workshop.slug, str(path), "--by", organizer.email, "--name", "DBLP")
    corpus = Corpus.objects.get()
    assert (corpus.name, corpus.size, corpus.statuses) == ("DBLP", 1, {"archival": 1})
    assert "imported 1 papers" in capsys.readouterr().out
    with pytest.raises(CommandError, match="may not import"):
        call_command("load_corpus", workshop.slug, str(path), "--by", author.email)
    with pytest.raises(CommandError, match="no workshop"):
        call_command("load_corpus", "nope", str(path), "--by", organizer.email)
    assert Corpus.objects.count() == 1


def test_demo_seed_checks_every_active_paper_once(workshop, author, submit, settings):
    settings.CONFERO_CHECKS_ON_UPLOAD = False
    first = submit(author, workshop)
    second = submit(author, workshop, title="A second paper about open data")
    assert demo.seed(workshop) == 2
    assert demo.seed(workshop) == 0
    for sub in (first, second):
        assert CheckRun.objects.get(submission=sub).status == "done"
