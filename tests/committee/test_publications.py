"""Publications: imported with the engine's parsers (BibTeX, DBLP XML, reviewers JSONL) or typed in; bad
files change nothing and say where the problem is."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from confero.audit.models import AuditEvent
from confero.committee import publications
from confero.committee.models import Publication

pytestmark = pytest.mark.django_db

BIB = rb"""
@inproceedings{reviewer2024,
  title = {Open {W}eights at Scale},
  author = {Reviewer, Rita and Coauthor, Carl},
  year = {2024},
  abstract = {We release everything.},
}
@article{reviewer2019, title = {Older Work}, author = {Rita Reviewer}, year = 2019}
@misc{notitle, author = {Rita Reviewer}}
"""

DBLP = b"""<?xml version="1.0"?>
<dblpperson name="Rita Reviewer" pid="12/345" n="2">
<r><article key="journals/x/Reviewer23"><author>Rita Reviewer</author><author>Wei Wang</author>
<title>Merging Models.</title><year>2023</year></article></r>
<r><inproceedings key="conf/y/Reviewer24"><author>Rita Reviewer</author><title>Open weights at scale.</title><year>2024</year></inproceedings></r>
</dblpperson>
"""


def titles(user):
    return sorted(Publication.objects.filter(user=user).values_list("title", flat=True))


def test_bibtex_import_and_reimport(pc_member):
    report = publications.import_publications(pc_member, "bibtex", BIB, "/tmp/../rita.bib")
    assert [p.title for p in report.added] == ["Open Weights at Scale", "Older Work"]
    assert any("notitle" in w and "rita.bib" in w for w in report.warnings)
    assert not report.owner_missing
    pub = Publication.objects.get(external_id="reviewer2024")
    assert (pub.year, pub.authors, pub.source) == (2024, ["Rita Reviewer", "Carl Coauthor"], "bibtex")
    assert pub.abstract == "We release everything."
    again = publications.import_publications(pc_member, "bibtex", BIB, "rita.bib")
    assert again.added == [] and len(again.already_there) == 2
    event = AuditEvent.objects.filter(action="publications.imported").first()
    assert event.data["file"] == "rita.bib"


def test_dblp_import_skips_titles_already_there(pc_member):
    publications.import_publications(pc_member, "bibtex", BIB, "rita.bib")
    report = publications.import_publications(pc_member, "dblp", DBLP, "rita.xml")
    assert [p.title for p in report.added] == ["Merging Models"]
    assert report.already_there == ["Open weights at scale"]  # same title as the BibTeX entry
    assert Publication.objects.get(title="Merging Models").external_id == "journals/x/Reviewer23"


def test_jsonl_import(pc_member):
    line = {
        "id": "r1",
        "name": "Rita Reviewer",
        "emails": [pc_member.email],
        "publications": [
            {"id": "p1", "title": "From JSONL", "year": 2022, "authors": ["Rita Reviewer", "X Y"]}
        ],
    }
    other = {**line, "id": "r2", "emails": ["someone@else.org"], "publications": []}
    data = (json.dumps(other) + "\n" + json.dumps(line) + "\n").encode()
    report = publications.import_publications(pc_member, "jsonl", data, "reviewers.jsonl")
    assert [p.title for p in report.added] == ["From JSONL"]
    assert Publication.objects.get(title="From JSONL").source == "jsonl"
    two_unknown = (json.dumps(other) + "\n" + json.dumps({**other, "id": "r3"}) + "\n").encode()
    with pytest.raises(ValidationError, match=r"reviewers.jsonl: the file has 2 reviewers and 0 of them"):
        publications.import_publications(pc_member, "jsonl", two_unknown, "reviewers.jsonl")


@pytest.mark.parametrize(
    ("fmt", "data", "message"),
    [
        ("bibtex", b"@article{a, title={T}, year={soon}}\n", r"bad.bib:1, field 'year': not a year"),
        ("bibtex", b"\n\n@article{a, title={T\xff}}", r"bad.bib:3: not UTF-8"),
        ("bibtex", b"@article{a, title={T}\n", r"bad.bib:1: the @article entry opened here is never closed"),
        ("dblp", b"<dblpperson>\n<r><article key='a'>\n<title>T</title></r>\n</dblpperson>", r"bad.bib:3: not well-formed"),
        ("jsonl", b'{"id": "r1", "publications": []}\n{"id": "r2", "publications": [{"title": "x"}]}\n',
         r"bad.bib:2, field 'publications\[0\].id': is required"),
        ("jsonl", b"not json\n", r"bad.bib:1: not valid JSON"),
        ("bibtex", b"   ", r"bad.bib is empty"),
        ("bibtex", b"@article{a, title={T}, year={2999}}", r"bad.bib, entry 'a': 2999 is not a plausible publication year"),
    ],
)  # fmt: skip
def test_bad_files_change_nothing(pc_member, fmt, data, message):
    publications.import_publications(pc_member, "bibtex", BIB, "rita.bib")
    before = titles(pc_member)
    with pytest.raises(ValidationError, match=message):
        publications.import_publications(pc_member, fmt, data, "bad.bib")
    assert titles(pc_member) == before


def test_unknown_format_and_size(pc_member, monkeypatch):
    with pytest.raises(ValidationError, match="unknown format"):
        publications.import_publications(pc_member, "ris", BIB, "x.ris")
    monkeypatch.setattr(publications, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="larger than"):
        publications.import_publications(pc_member, "bibtex", BIB, "rita.bib")


def test_owner_missing_is_reported(make_user):
    someone = make_user(name="Somebody Else")
    report = publications.import_publications(someone, "bibtex", BIB, "rita.bib")
    assert report.owner_missing


def test_typed_in_and_deleted(pc_member, make_user):
    pub = publications.add_publication(
        pc_member, title="  A  typed   paper ", year="2021", authors=["Rita Reviewer", "Bo Bee"], venue="ICLR"
    )
    assert (pub.title, pub.year, pub.authors, pub.source) == (
        "A typed paper",
        2021,
        ["Rita Reviewer", "Bo Bee"],
        "manual",
    )
    with pytest.raises(ValidationError, match="already have a publication titled"):
        publications.add_publication(pc_member, title="a typed paper.")
    with pytest.raises(ValidationError, match="not a plausible"):
        publications.add_publication(pc_member, title="Future", year=2999)
    with pytest.raises(ValidationError, match="needs a title"):
        publications.add_publication(pc_member, title=" ")
    stranger = make_user()
    assert publications.delete_publications(stranger, [pub.pk]) == 0  # not theirs
    assert publications.delete_publications(pc_member, [pub.pk]) == 1
    assert not Publication.objects.exists()


def test_typed_authors_are_split():
    assert publications.split_authors_typed(
        "Ada Lovelace and Charles Babbage\nAlan Turing; Grace Hopper"
    ) == [
        "Ada Lovelace",
        "Charles Babbage",
        "Alan Turing",
        "Grace Hopper",
    ]
