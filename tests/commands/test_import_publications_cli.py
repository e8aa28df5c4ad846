"""``confero import-publications``: BibTeX / DBLP -> reviewers JSONL, append, errors."""

from __future__ import annotations

import json
import os

from confero.cli import main
from confero.engine.io import read_reviewers

BIB = r"""@article{doe23, title = {Model {M}erging}, author = {Doe, Jane and M\"uller, Hans}, year = 2023}
@inproceedings{doe21, title = {Old}, author = {Jane Doe}, year = {2021}}
"""
DBLP = b"""<?xml version="1.0"?>
<dblpperson name="Bob Lee"><r><article key="journals/a/Lee24"><author>Bob Lee</author><author>Jane Doe</author>
<title>Joint Work.</title><year>2024</year></article></r></dblpperson>
"""


def _import_bibtex(reviewer_id, bib, out, *extra) -> int:
    """``confero import-publications --reviewer-id ID --bibtex BIB --out OUT [extra...]``."""
    return main(
        ["import-publications", "--reviewer-id", reviewer_id, "--bibtex", str(bib), "--out", str(out), *extra]
    )


def test_bibtex_then_dblp_appended_gives_valid_reviewers_file(tmp_path, capsys):
    bib = tmp_path / "jane.bib"
    bib.write_text(BIB, encoding="utf-8")
    xml = tmp_path / "bob.xml"
    xml.write_bytes(DBLP)
    out = tmp_path / "reviewers.jsonl"
    assert (
        main(
            [
                "import-publications",
                "--reviewer-id",
                "r1",
                "--email",
                "Jane@X.edu",
                "--bibtex",
                str(bib),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert (
        main(
            ["import-publications", "--reviewer-id", "r2", "--dblp", str(xml), "--out", str(out), "--append"]
        )
        == 0
    )
    jane, bob = read_reviewers(out)
    assert (jane.id, jane.name, jane.emails) == ("r1", "Jane Doe", ("jane@x.edu",))  # name inferred
    assert [(p.id, p.year, p.authors) for p in jane.publications] == [
        ("doe23", 2023, ("Jane Doe", "Hans Müller")),
        ("doe21", 2021, ("Jane Doe",)),
    ]
    assert (bob.id, bob.name, bob.publications[0].title) == ("r2", "Bob Lee", "Joint Work")
    err = capsys.readouterr().err
    assert "2 publications written to" in err and "1 publications appended to" in err


def test_without_append_the_file_is_replaced_and_duplicate_ids_are_refused(tmp_path, capsys):
    bib = tmp_path / "jane.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = tmp_path / "reviewers.jsonl"
    for _ in range(2):
        assert _import_bibtex("r1", bib, out) == 0
    assert len(read_reviewers(out)) == 1
    before = out.read_bytes()
    assert _import_bibtex("r1", bib, out, "--append") == 2
    assert f"{out}:1, field 'id': reviewer 'r1' is already in this file" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_name_not_in_author_lists_is_warned(tmp_path, capsys):
    bib = tmp_path / "jane.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    assert (
        main(
            [
                "import-publications",
                "--reviewer-id",
                "r1",
                "--name",
                "Zed Q",
                "--bibtex",
                str(bib),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "'Zed Q' is not an author" in capsys.readouterr().err


def test_malformed_sources_exit_2_and_write_nothing(tmp_path, capsys):
    bad_bib = tmp_path / "bad.bib"
    bad_bib.write_text("@article{a,\n  title = {T},\n  year = {next year}\n}\n", encoding="utf-8")
    bad_xml = tmp_path / "bad.xml"
    bad_xml.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "e">]>\n<dblpperson/>')
    out = tmp_path / "r.jsonl"
    cases = [
        (["--bibtex", str(bad_bib)], f"{bad_bib}:3, field 'year'"),
        (["--dblp", str(bad_xml)], f"{bad_xml}:2: DTDs"),
        (["--bibtex", str(tmp_path / "missing.bib")], "cannot read file"),
    ]
    for source, where in cases:
        assert main(["import-publications", "--reviewer-id", "r1", *source, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert where in err and "Traceback" not in err
    assert (
        main(["import-publications", "--reviewer-id", " ", "--bibtex", str(bad_bib), "--out", str(out)]) == 2
    )
    assert "--reviewer-id" in capsys.readouterr().err
    assert (
        main(
            [
                "import-publications",
                "--reviewer-id",
                "r",
                "--email",
                "nope",
                "--bibtex",
                str(bad_bib),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "not an e-mail address" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["bad.bib", "bad.xml"]


def test_append_to_malformed_file_is_refused(tmp_path, capsys):
    bib = tmp_path / "jane.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps({"id": "r0"}) + "\n", encoding="utf-8")
    assert _import_bibtex("r1", bib, out, "--append") == 2
    assert f"{out}:1, field 'publications'" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == json.dumps({"id": "r0"}) + "\n"
