"""Malformed input to every engine reader: never a traceback, always an InputError naming file and place.

Hypothesis feeds broken JSONL, CSV, BibTeX, DBLP XML, Parquet and .npz files to the readers of
``confero.engine.io``, ``importers`` and ``matrix_io``. A reader may accept the input (then it returns its
records) or raise :class:`InputError`; any other exception is a bug. The error must name the file, and
for text formats the line (or, where no line applies, the field); a Parquet error names the row or the
column, an .npz error the array. Run with ``--hypothesis-show-statistics`` to see how many cases ran;
``CONFERO_FUZZ_EXAMPLES=N`` sets the number of examples per reader family.
"""

from __future__ import annotations

import io as stdio
import os
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine import importers, io, matrix_io
from confero.engine.errors import InputError

# CONFERO_FUZZ_EXAMPLES=5000 for a longer campaign (the suite runs 300 / 200 per reader family)
N = int(os.environ.get("CONFERO_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BINARY = settings(
    max_examples=max(1, 2 * N // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PIDS = ["p1", "p2", "p 3"]
RIDS = ["r1", "r2"]

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
junk_bytes = st.binary(max_size=60)


def _write(data: bytes, suffix: str) -> str:
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def _check(reader, data: bytes, suffix: str, need_place: bool = True):
    """Run ``reader(path)``; accept a result or an InputError that names the file and a place."""
    path = _write(data, suffix)
    try:
        return reader(path)
    except InputError as exc:
        assert exc.path is not None and str(exc).startswith(str(exc.path)), str(exc)
        assert os.path.samefile(exc.path, path) or exc.path == path, str(exc)
        if need_place:
            assert exc.line is not None or exc.field is not None, f"no line or field: {exc}"
        return None
    finally:
        os.unlink(path)


# ----------------------------------------------------------------------------------------------- JSONL
json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
field_names = st.sampled_from(
    ["id", "title", "abstract", "authors", "keywords", "topic", "publications", "year", "max_load",
     "emails", "affiliations", "research_areas", "name", "start", "end", "domain", "email"]
)  # fmt: skip
record = st.dictionaries(field_names, json_value, max_size=6)
nested = st.fixed_dictionaries(
    {"id": text, "publications": st.lists(st.dictionaries(field_names, json_value, max_size=5), max_size=3)},
    optional={"affiliations": st.lists(st.dictionaries(field_names, json_value, max_size=4), max_size=2),
              "authors": st.lists(st.dictionaries(field_names, json_value, max_size=3) | json_value, max_size=2)},
)  # fmt: skip


@st.composite
def jsonl(draw) -> bytes:
    import json

    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["record", "nested", "value", "text", "bytes", "blank"]))
        if kind == "record":
            lines.append(json.dumps(draw(record), allow_nan=True).encode())
        elif kind == "nested":
            lines.append(json.dumps(draw(nested), allow_nan=True).encode())
        elif kind == "value":
            lines.append(json.dumps(draw(json_value), allow_nan=True).encode())
        elif kind == "text":
            lines.append(draw(text).replace("\n", " ").encode())
        elif kind == "bytes":
            lines.append(draw(junk_bytes).replace(b"\n", b" "))
        else:
            lines.append(b"   ")
    return b"\n".join(lines)


@SETTINGS
@given(jsonl())
def test_jsonl_readers(data):
    _check(io.read_submissions, data, ".jsonl")
    _check(io.read_reviewers, data, ".jsonl")


# ------------------------------------------------------------------------------------------------- CSV
cell = st.one_of(
    st.sampled_from(["r1", "r2", "p1", "p2", "p 3", " r1 ", "0.5", "-1", "1e3", "nan", "inf", "", "high",
                     "very-high", "conflict", "x,y", '"q"', "1,5", "0x10"]),
    text,
)  # fmt: skip
headers = st.one_of(
    st.just(["reviewer_id", "paper_id", "score"]),
    st.just(["reviewer_id", "paper_id", "bid"]),
    st.just(["reviewer_id", "paper_id", "reason"]),
    st.just(["paper_id", "reviewer_id", "score", "extra"]),
    st.lists(st.sampled_from(["reviewer_id", "paper_id", "score", "bid", "x", ""]), max_size=4),
)


@st.composite
def csv_bytes(draw) -> bytes:
    import csv

    buf = stdio.StringIO()
    writer = csv.writer(buf)
    header = draw(headers)
    if draw(st.booleans()):
        writer.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        writer.writerow(draw(st.lists(cell, min_size=0, max_size=len(header) + 1)))
    data = buf.getvalue().encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(junk_bytes) + data[cut:]
    return data


@SETTINGS
@given(csv_bytes())
def test_csv_readers(data):
    for reader in (io.read_scores, io.read_conflicts, io.read_bids):
        _check(reader, data, ".csv")
    _check(lambda p: matrix_io.read_score_matrix(p, PIDS, RIDS), data, ".csv")
    _check(lambda p: matrix_io.read_pair_indices(p, PIDS, RIDS, "conflicts"), data, ".csv")


# --------------------------------------------------------------------------------------------- BibTeX
bib_token = st.one_of(
    st.sampled_from(["@article{", "@inproceedings(", "@string{", "@comment{", "@preamble{", "@misc", "key1,",
                     "key2", "title = {", "title=", "author = ", "year = ", "{", "}", "(", ")", '"', "#", ",",
                     "=", "%", "\n", " ", "2021", "jan", "undefinedmacro", "\\'e", "{\\em x}", "abstract = {",
                     "editor = {A and B}", "and others", "date = {2020-01}", "@", "\\"]),
    text,
)  # fmt: skip


@SETTINGS
@given(st.lists(bib_token, max_size=30), st.booleans())
def test_bibtex_reader(tokens, broken_utf8):
    data = "".join(tokens).encode("utf-8")
    if broken_utf8:
        data += b"\xff\xfe"
    _check(importers.read_bibtex, data, ".bib")


# ----------------------------------------------------------------------------------------------- DBLP
xml_token = st.one_of(
    st.sampled_from(['<?xml version="1.0"?>', '<dblpperson name="A B">', "</dblpperson>", "<dblp>", "</dblp>",
                     "<r>", "</r>", '<article key="a/1">', "<article>", "</article>", '<inproceedings key="c/2">',
                     "</inproceedings>", "<title>", "</title>", "<year>", "</year>", "2020", "20x0", "<author>",
                     "</author>", "&amp;", "&foo;", "<!DOCTYPE d [<!ENTITY e 'x'>]>", "<!ENTITY e 'x'>",
                     "<![CDATA[x]]>", "<", ">", "\n", "<editor>", "</editor>", '<proceedings key="p/3">',
                     "</proceedings>"]),
    text,
)  # fmt: skip


@SETTINGS
@given(st.lists(xml_token, max_size=30), st.booleans())
def test_dblp_reader(tokens, broken_utf8):
    data = "".join(tokens).encode("utf-8")
    if broken_utf8:
        data = data + b"\xc3\x28"
    _check(importers.read_dblp, data, ".xml")


# -------------------------------------------------------------------------------------------- Parquet
column_values = st.one_of(
    st.lists(st.sampled_from(["r1", "r2", "p1", "p2", "p 3", "", "zz"]) | st.none(), min_size=0, max_size=5),
    st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.none(), max_size=5),
    st.lists(st.integers(-5, 5), max_size=5),
    st.lists(st.booleans(), max_size=5),
)


@st.composite
def parquet_bytes(draw) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if draw(st.integers(0, 5)) == 0:
        return draw(junk_bytes)
    names = draw(
        st.lists(st.sampled_from(["reviewer_id", "paper_id", "score", "x"]), max_size=4, unique=True)
    )
    n = draw(st.integers(0, 4))
    cols = {}
    for name in names:
        values = draw(column_values)
        values = (values * (n + 1))[:n] if values else [None] * n
        cols[name] = pa.array(values)
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table(cols) if cols else pa.table({"x": pa.array([], pa.int8())}), buf)
    data = buf.getvalue().to_pybytes()
    if draw(st.integers(0, 5)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
    return data


@BINARY
@given(parquet_bytes())
def test_parquet_scores_reader(data):
    _check(lambda p: matrix_io.read_score_matrix(p, PIDS, RIDS), data, ".parquet", need_place=False)


# ------------------------------------------------------------------------------------------------ npz
@st.composite
def npz_bytes(draw) -> bytes:
    if draw(st.integers(0, 6)) == 0:
        return draw(junk_bytes)
    arrays = {}
    for key in draw(st.lists(st.sampled_from(["scores", "paper_ids", "reviewer_ids", "x"]), unique=True)):
        kind = draw(st.sampled_from(["ok", "shape", "dtype", "nan", "object", "ids"]))
        if key == "scores":
            arr = np.random.default_rng(draw(st.integers(0, 9))).random((3, 2)).astype(np.float32)
            if kind == "shape":
                arr = arr.ravel()
            elif kind == "nan":
                arr[draw(st.integers(0, 2)), draw(st.integers(0, 1))] = np.nan
            elif kind == "dtype":
                arr = arr.astype(str)
        else:
            ids = list(PIDS if key == "paper_ids" else RIDS)
            if kind == "ids":
                ids = draw(st.lists(st.sampled_from(["p1", "p2", "p 3", "r1", "r2", "zz"]), max_size=4))
            arr = np.array(ids, dtype=object if kind == "object" else str)
            if kind == "dtype":
                arr = np.arange(len(ids))
        arrays[key] = arr
    buf = stdio.BytesIO()
    if draw(st.booleans()):
        np.savez(buf, **arrays)
    else:
        np.savez_compressed(buf, **arrays)
    data = buf.getvalue()
    if draw(st.integers(0, 5)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@BINARY
@given(npz_bytes())
def test_npz_scores_reader(data):
    _check(lambda p: matrix_io.read_score_matrix(p, PIDS, RIDS), data, ".npz", need_place=False)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".npz"])
def test_missing_score_file_is_named(suffix, tmp_path):
    with pytest.raises(InputError) as exc:
        matrix_io.read_score_matrix(tmp_path / f"none{suffix}", PIDS, RIDS)
    assert exc.value.path == str(tmp_path / f"none{suffix}")
