"""Score files at scale: CSV (pyarrow), Parquet and .npz round trips, orders, missing pairs, exact errors."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.errors import InputError
from confero.engine.matrix_io import read_pair_indices, read_score_matrix, write_scores

PIDS = ["p1", "p2", "p3"]
RIDS = ["r1", "r2"]


@pytest.mark.parametrize("ext", ["csv", "parquet", "npz"])
def test_round_trip_in_any_order(tmp_path, ext):
    m = np.array([[0.1, 0.25], [0.5, -0.75], [1.0, 0.0]], dtype=np.float32)
    path = tmp_path / f"s.{ext}"
    assert write_scores(path, m, PIDS, RIDS) == 6
    got = read_score_matrix(path, PIDS[::-1], RIDS[::-1])
    assert got.listed == 6 and got.missing == 0 and got.values.dtype == np.float32
    np.testing.assert_array_equal(got.values, m[::-1, ::-1])


def test_csv_missing_pairs_are_zero_and_counted(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("reviewer_id,paper_id,score\nr1,p1,0.5\n r2 , p3 ,0.25\n")
    got = read_score_matrix(path, PIDS, RIDS)
    assert got.listed == 2 and got.missing == 4
    assert got.values[0, 0] == 0.5 and got.values[2, 1] == 0.25 and got.values.sum() == 0.75


@pytest.mark.parametrize(
    "body, line, field, words",
    [
        ("reviewer_id,paper_id,score\nr1,p1,0.5\nr9,p1,0.1\n", 3, "reviewer_id", "unknown reviewer id"),
        ("reviewer_id,paper_id,score\nr1,p1,0.5\nr1,p1,0.1\n", 3, None, "duplicate"),
        ("reviewer_id,paper_id,score\nr1,p1,x\n", 2, "score", "number"),
        ("reviewer_id,paper_id,score\nr1,p1,inf\n", 2, "score", "finite"),
        ("reviewer_id,paper_id\nr1,p1\n", 1, None, "missing score"),
        ("reviewer_id,paper_id,score\n\nr1,p1,1,2\n", 3, None, "4 values"),
    ],
)
def test_csv_errors_name_the_line_and_field(tmp_path, body, line, field, words):
    path = tmp_path / "s.csv"
    path.write_text(body)
    with pytest.raises(InputError) as exc:
        read_score_matrix(path, PIDS, RIDS)
    assert exc.value.path == str(path) and exc.value.line == line and exc.value.field == field
    assert words in str(exc.value)


def test_parquet_errors_name_the_row_and_column(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "s.parquet"
    pq.write_table(
        pa.table(
            {"reviewer_id": ["r1", "r2", "zz"], "paper_id": ["p1", "p1", "p1"], "score": [1.0, 2.0, 3.0]}
        ),
        path,
    )
    with pytest.raises(InputError) as exc:
        read_score_matrix(path, PIDS, RIDS)
    assert exc.value.field == "reviewer_id" and "row 3" in str(exc.value)
    pq.write_table(pa.table({"reviewer_id": ["r1"], "paper_id": ["p1"]}), path)
    with pytest.raises(InputError, match="missing score"):
        read_score_matrix(path, PIDS, RIDS)


def test_npz_errors_name_the_array(tmp_path):
    path = tmp_path / "s.npz"
    np.savez(
        path,
        scores=np.ones((3, 2), np.float32),
        paper_ids=np.array(["p1", "p2", "nope"]),
        reviewer_ids=np.array(RIDS),
    )
    with pytest.raises(InputError) as exc:
        read_score_matrix(path, PIDS, RIDS)
    assert exc.value.field == "paper_ids" and "nope" in str(exc.value)
    bad = np.ones((3, 2), np.float32)
    bad[1, 1] = np.nan
    np.savez(path, scores=bad, paper_ids=np.array(PIDS), reviewer_ids=np.array(RIDS))
    with pytest.raises(InputError, match=r"scores\[1, 1\]"):
        read_score_matrix(path, PIDS, RIDS)


def test_uncompressed_npz_is_memory_mapped_compressed_is_loaded(tmp_path):
    m = np.arange(6, dtype=np.float32).reshape(3, 2)
    plain, packed = tmp_path / "a.npz", tmp_path / "b.npz"
    np.savez(plain, scores=m, paper_ids=np.array(PIDS), reviewer_ids=np.array(RIDS))
    np.savez_compressed(packed, scores=m, paper_ids=np.array(PIDS), reviewer_ids=np.array(RIDS))
    a, b = read_score_matrix(plain, PIDS, RIDS), read_score_matrix(packed, PIDS, RIDS)
    assert isinstance(a.values, np.memmap) and not isinstance(b.values, np.memmap)
    np.testing.assert_array_equal(a.values, b.values)


def test_pair_indices_fast_path_and_exact_errors(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("reviewer_id,paper_id,reason\nr2,p3,coauthor\nr1,p1,\n")
    p, r = read_pair_indices(path, PIDS, RIDS, "conflicts")
    assert p.tolist() == [2, 0] and r.tolist() == [1, 0]
    path.write_text("reviewer_id,paper_id\nr2,p3\nr1,p7\n")
    with pytest.raises(InputError) as exc:
        read_pair_indices(path, PIDS, RIDS, "conflicts")
    assert exc.value.line == 3 and exc.value.field == "paper_id"


def test_writing_no_pandas_import_on_the_read_path(tmp_path):
    """pyarrow's own converters import pandas (a third of a second); the read path must not."""
    import subprocess
    import sys

    path = tmp_path / "s.csv"
    write_scores(path, np.ones((3, 2), np.float32), PIDS, RIDS)
    code = (
        "import sys; from confero.engine.matrix_io import read_score_matrix as r; "
        f"r({str(path)!r}, {PIDS!r}, {RIDS!r}); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parquet_duplicate_pair_names_the_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "s.parquet"
    pq.write_table(
        pa.table(
            {"reviewer_id": ["r1", "r2", "r1"], "paper_id": ["p1", "p1", "p1"], "score": [1.0, 2.0, 3.0]}
        ),
        path,
    )
    with pytest.raises(InputError, match="row 3: duplicate"):
        read_score_matrix(path, PIDS, RIDS)
