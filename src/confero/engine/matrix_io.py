"""Score matrices and id pairs on disk at scale: CSV (pyarrow), Parquet and dense NumPy ``.npz``.

The format is chosen by the file extension:

* ``.csv``      ``reviewer_id,paper_id,score`` rows, parsed by pyarrow's multithreaded CSV reader;
* ``.parquet``  the same three columns, read in record batches (memory: the matrix + one batch);
* ``.npz``      dense arrays ``scores`` (P x R float32), ``paper_ids`` (P,) and ``reviewer_ids`` (R,)
                (``numpy.savez``; loaded without pickle).

The matrix is float32 (half the memory of float64; affinities need no more precision) in the row order
of the submissions file and the column order of the reviewers file; pairs a file does not list get
0 and are counted (``ScoreMatrix.missing``) so the caller can warn. Bad input raises
:class:`~confero.engine.errors.InputError` naming the file and the line (CSV), the row (Parquet) or the
array and index (``.npz``). The fast CSV path validates in bulk; when anything is wrong it re-reads the
file with the line-by-line reader of :mod:`confero.engine.io`, whose error names the exact line and
field (the slow path runs only for bad files). pyarrow is imported inside the functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import io
from .arrow_columns import as_numpy, positions, valid_mask
from .errors import InputError
from .idmap import index_of, line_of, pairs_of

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".npz": "npz"}
SCORE_COLUMNS = ("reviewer_id", "paper_id", "score")
_BATCH_ROWS = 1 << 20


def score_format(path: str | os.PathLike) -> str:
    """``csv``, ``parquet`` or ``npz`` from the extension; anything else is an InputError."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise InputError(
            f"unknown score file type {ext or '(none)'!r}; use .csv, .parquet or .npz", path=str(path)
        )
    return FORMATS[ext]


@dataclass
class ScoreMatrix:
    values: np.ndarray  # (P, R) float32; pairs that the file does not list are 0
    listed: int  # number of (paper, reviewer) pairs the file gives a score for

    @property
    def missing(self) -> int:
        return int(self.values.size) - self.listed


class _Rejected(Exception):
    """The fast path found a problem; the exact reader says where."""


def _scatter(out: np.ndarray, table, pids, rids, first_row: int, where) -> int:
    """Write one batch of (reviewer_id, paper_id, score) into ``out`` (NaN = not yet listed)."""
    import pyarrow as pa

    score = table.column("score")
    if score.null_count:
        raise _Rejected(where(first_row + _first(~valid_mask(score.combine_chunks())), "score", "is empty"))
    if not pa.types.is_floating(score.type) and not pa.types.is_integer(score.type):
        raise _Rejected(where(None, "score", f"must be numbers, got {score.type}"))
    vals = as_numpy(score.cast(pa.float64()), np.float64)
    bad = ~np.isfinite(vals)
    if bad.any():
        raise _Rejected(where(first_row + _first(bad), "score", f"must be finite, got {vals[bad][0]!r}"))
    r = positions(table.column("reviewer_id"), rids)
    p = positions(table.column("paper_id"), pids)
    for arr, col, kind, file in (
        (r, "reviewer_id", "reviewer", "reviewers"),
        (p, "paper_id", "paper", "submissions"),
    ):
        if (arr < 0).any():
            i = _first(arr < 0)
            value = table.column(col)[i].as_py()
            raise _Rejected(
                where(first_row + i, col, f"unknown {kind} id {value!r} (not in the {file} file)")
            )
    out.ravel()[p * out.shape[1] + r] = vals  # a duplicate pair is caught by _finish (fewer cells set)
    return int(vals.size)


def _first(mask) -> int:
    return int(np.flatnonzero(mask)[0])


def _finish(out: np.ndarray, listed: int) -> ScoreMatrix:
    """NaN (never set) -> 0; raises _Rejected when fewer cells were set than rows read (a duplicate)."""
    step = max(1, (1 << 24) // max(out.shape[1], 1))
    unset = 0
    for s in range(0, out.shape[0], step):  # chunked: no P x R boolean temporary
        block = out[s : s + step]
        nan = np.isnan(block)
        unset += int(np.count_nonzero(nan))
        block[nan] = 0.0
    if out.size - unset != listed:
        raise _Rejected("duplicate (reviewer_id, paper_id) pair")
    return ScoreMatrix(out, listed)


def _empty(pids, rids) -> np.ndarray:
    return np.full((len(pids), len(rids)), np.nan, dtype=np.float32)


def _read_csv_exact(path: str, pids, rids) -> ScoreMatrix:
    """Line-by-line reader (io.read_scores): slow, but its errors name the exact line and field."""
    rows = io.read_scores(path)
    p, r = pairs_of(rows, pids, rids, path, "scores")
    out = _empty(pids, rids)
    flat = p * len(rids) + r
    uniq, first, counts = np.unique(flat, return_index=True, return_counts=True)
    if (counts > 1).any():
        key = uniq[np.flatnonzero(counts > 1)[0]]
        second = int(np.flatnonzero(flat == key)[1])
        raise InputError(
            f"duplicate score for reviewer {rids[key % len(rids)]!r} and paper {pids[key // len(rids)]!r}",
            path=path,
            line=line_of(path, second),
        )
    out.ravel()[flat] = np.fromiter((row[2] for row in rows), dtype=np.float64, count=len(rows))
    return _finish(out, len(rows))


def _read_csv(path: str, pids, rids) -> ScoreMatrix:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    ids = pa.dictionary(pa.int32(), pa.string())  # each distinct id is looked up once
    types = {"reviewer_id": ids, "paper_id": ids, "score": pa.float64()}
    try:
        table = pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(column_types=types, include_columns=list(SCORE_COLUMNS)),
        )
        out = _empty(pids, rids)
        listed = _scatter(out, table, pids, rids, 0, lambda *_: "")  # an empty id is an unknown id
        return _finish(out, listed)
    except (pa.ArrowException, _Rejected, OSError, UnicodeDecodeError):
        return _read_csv_exact(path, pids, rids)  # raises the precise InputError (or succeeds)


def _read_parquet(path: str, pids, rids) -> ScoreMatrix:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = pq.ParquetFile(path).schema_arrow.names
        missing = [c for c in SCORE_COLUMNS if c not in names]
        if missing:
            raise InputError(
                f"columns {', '.join(SCORE_COLUMNS)} are needed; missing {', '.join(missing)} "
                f"(found: {', '.join(names) or 'nothing'})",
                path=path,
            )
        pf = pq.ParquetFile(path, read_dictionary=["reviewer_id", "paper_id"])  # each id looked up once
    except (pa.ArrowException, OSError, KeyError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", path=path) from None

    def where(row, field, msg):
        return InputError(msg if row is None else f"row {row + 1}: {msg}", path=path, field=field)

    out = _empty(pids, rids)
    listed, row = 0, 0
    try:
        for batch in pf.iter_batches(batch_size=_BATCH_ROWS, columns=list(SCORE_COLUMNS)):
            listed += _scatter(out, pa.Table.from_batches([batch]), pids, rids, row, where)
            row += batch.num_rows
        return _finish(out, listed)
    except _Rejected as exc:
        if isinstance(exc.args[0], InputError):
            raise exc.args[0] from None
        raise _duplicate_row(pf, pids, rids, path) from None
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"cannot read the Parquet data ({exc})", path=path) from None


def _duplicate_row(pf, pids, rids, path: str) -> InputError:
    """The error for a Parquet file that gives a pair twice, naming the second row (error path only)."""
    table = pf.read(columns=["reviewer_id", "paper_id"])
    flat = positions(table.column("paper_id"), pids) * len(rids) + positions(
        table.column("reviewer_id"), rids
    )
    order = np.argsort(flat, kind="stable")
    same = np.flatnonzero(flat[order][1:] == flat[order][:-1])
    row = int(order[same[0] + 1]) if same.size else 0
    key = int(flat[row])
    return InputError(
        f"row {row + 1}: duplicate score for reviewer {rids[key % len(rids)]!r} and paper {pids[key // len(rids)]!r}",
        path=path,
    )


def _mapped_member(path: str, name: str):
    """The array ``name`` of an uncompressed .npz as a read-only memory map (no copy: the solvers read
    it in row chunks through the page cache), or None if it is compressed."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        if info.compress_type != zipfile.ZIP_STORED:
            return None
        with open(path, "rb") as fh:
            fh.seek(info.header_offset)
            local = fh.read(30)
            n_name, n_extra = int.from_bytes(local[26:28], "little"), int.from_bytes(local[28:30], "little")
            start = info.header_offset + 30 + n_name + n_extra
            fh.seek(start)
            version = np.lib.format.read_magic(fh)
            if version not in ((1, 0), (2, 0)):
                return None
            read_header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, fortran, dtype = read_header(fh)
            offset = fh.tell()
    if dtype.hasobject or len(shape) != 2:
        return None
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape, order="F" if fortran else "C")


def _read_npz(path: str, pids, rids) -> ScoreMatrix:
    import zipfile

    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("a single .npy array, not an .npz archive")
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError(f"not a readable .npz file ({exc})", path=path) from None
    with data:
        missing = [k for k in ("scores", "paper_ids", "reviewer_ids") if k not in data.files]
        if missing:
            raise InputError(
                f"arrays scores, paper_ids, reviewer_ids are needed; missing {', '.join(missing)}", path=path
            )
        try:
            file_pids, file_rids = data["paper_ids"], data["reviewer_ids"]
            try:
                scores = _mapped_member(path, "scores.npy")
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                scores = None
            if scores is None:
                scores = data["scores"]
        except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile) as exc:  # e.g. an object array
            raise InputError(f"cannot load the arrays ({exc})", path=path) from None
    if scores.ndim != 2 or scores.dtype.kind not in "fiu":
        raise InputError(
            f"must be a 2-D numeric array, got {scores.dtype} {scores.shape}", path=path, field="scores"
        )
    for name, ids, n in (
        ("paper_ids", file_pids, scores.shape[0]),
        ("reviewer_ids", file_rids, scores.shape[1]),
    ):
        if ids.ndim != 1 or ids.shape[0] != n or ids.dtype.kind not in "US":
            raise InputError(
                f"must be {n} strings (one per {'row' if name == 'paper_ids' else 'column'} of scores), "
                f"got {ids.dtype} {ids.shape}",
                path=path,
                field=name,
            )
    step = max(1, (1 << 24) // max(scores.shape[1], 1))
    for s in range(0, scores.shape[0], step):
        bad = ~np.isfinite(scores[s : s + step])
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise InputError(f"scores[{s + i}, {j}] is not finite", path=path, field="scores")
    file_pids, file_rids = file_pids.astype(str), file_rids.astype(str)
    rows, cols = index_of(pids, file_pids), index_of(rids, file_rids)
    for name, pos, ids, other in (
        ("paper_ids", rows, file_pids, "submissions"),
        ("reviewer_ids", cols, file_rids, "reviewers"),
    ):
        if (pos < 0).any():
            i = _first(pos < 0)
            raise InputError(f"[{i}] = {ids[i]!r} is not in the {other} file", path=path, field=name)
        if np.unique(pos).size != pos.size:
            raise InputError("has duplicate ids", path=path, field=name)
    if np.array_equal(rows, np.arange(len(pids))) and np.array_equal(cols, np.arange(len(rids))):
        values = scores.astype(np.float32, copy=False)
        return ScoreMatrix(values, int(values.size))
    out = np.zeros((len(pids), len(rids)), dtype=np.float32)
    for s in range(0, scores.shape[0], step):  # chunked reorder into the files' order
        block = scores[s : s + step].astype(np.float32, copy=False)
        out[np.ix_(rows[s : s + step], cols)] = block
    return ScoreMatrix(out, int(scores.size))


def read_score_matrix(
    path: str | os.PathLike, paper_ids: Sequence[str], reviewer_ids: Sequence[str]
) -> ScoreMatrix:
    """The (P, R) float32 score matrix of a ``.csv``, ``.parquet`` or ``.npz`` file (see module docstring)."""
    path = str(path)
    kind = score_format(path)
    if not os.path.isfile(path):
        raise InputError("cannot read file (No such file or directory)", path=path)
    pids, rids = list(paper_ids), list(reviewer_ids)
    if kind == "csv":
        return _read_csv(path, pids, rids)
    if kind == "parquet":
        return _read_parquet(path, pids, rids)
    return _read_npz(path, pids, rids)


def read_pair_indices(
    path: str | os.PathLike, paper_ids: Sequence[str], reviewer_ids: Sequence[str], what: str
) -> tuple[np.ndarray, np.ndarray]:
    """``(paper_idx, reviewer_idx)`` of a ``reviewer_id,paper_id[,...]`` CSV (conflicts, forced or
    forbidden pairs): pyarrow fast path, exact line-by-line errors (unknown ids, empty cells, ...)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    path = str(path)
    pids, rids = list(paper_ids), list(reviewer_ids)
    ids = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                column_types={"reviewer_id": ids, "paper_id": ids},
                include_columns=["reviewer_id", "paper_id"],
            ),
        )
        r = positions(table.column("reviewer_id"), rids)
        p = positions(table.column("paper_id"), pids)
        if (r < 0).any() or (p < 0).any():
            raise _Rejected("")
        return p, r
    except (pa.ArrowException, _Rejected, OSError, UnicodeDecodeError):
        return pairs_of(io.read_conflicts(path), pids, rids, path, what)


def write_scores(
    path: str | os.PathLike, scores: np.ndarray, paper_ids: Sequence[str], reviewer_ids: Sequence[str]
) -> int:
    """Write a (P, R) matrix as ``.csv``/``.parquet`` rows ``reviewer_id,paper_id,score`` (reviewer by
    reviewer, scores rounded to 6 decimals) or as a dense ``.npz``; atomically. Returns the pair count."""
    kind = score_format(path)
    scores = np.asarray(scores)
    P, R = scores.shape
    if kind == "npz":
        with io.atomic_output(path, "wb") as fh:
            np.savez(
                fh,
                scores=scores.astype(np.float32, copy=False),
                paper_ids=np.asarray(list(paper_ids), dtype=str),
                reviewer_ids=np.asarray(list(reviewer_ids), dtype=str),
            )
        return P * R
    import pyarrow as pa

    pid_dict = pa.array(list(paper_ids), type=pa.string())
    rid_dict = pa.array(list(reviewer_ids), type=pa.string())
    schema = pa.schema([("reviewer_id", pa.string()), ("paper_id", pa.string()), ("score", pa.float64())])
    per_batch = max(1, _BATCH_ROWS // max(P, 1))  # reviewers per batch

    def batches():
        for j0 in range(0, R, per_batch):
            j1 = min(R, j0 + per_batch)
            rid = pa.DictionaryArray.from_arrays(np.repeat(np.arange(j0, j1, dtype=np.int32), P), rid_dict)
            pid = pa.DictionaryArray.from_arrays(np.tile(np.arange(P, dtype=np.int32), j1 - j0), pid_dict)
            vals = np.round(scores[:, j0:j1].T.astype(np.float64).ravel(), 6)
            yield pa.record_batch(
                [rid.cast(pa.string()), pid.cast(pa.string()), pa.array(vals, type=pa.float64())],
                schema=schema,
            )

    with io.atomic_output(path, "wb") as fh:
        if kind == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetWriter(fh, schema, compression="zstd", use_dictionary=True) as writer:
                for b in batches():
                    writer.write_batch(b)
        else:
            import pyarrow.csv as pcsv

            special = any(set(x) & set(',"\r\n') for x in (*paper_ids, *reviewer_ids))
            options = pcsv.WriteOptions(include_header=False, quoting_style="needed" if special else "none")
            fh.write(b"reviewer_id,paper_id,score\n")
            with pcsv.CSVWriter(fh, schema, write_options=options) as writer:
                for b in batches():
                    writer.write_batch(b)
    return P * R
