"""Interchange formats: submissions/reviewers JSONL, scores/conflicts/bids CSV.

Every reader raises :class:`~confero.engine.errors.InputError` naming the file, the line and the field
of the first problem. Writers write to a temporary file beside the target and rename it into place, so a
failed run never leaves a partial output file. The formats are documented in docs/formats.md.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError
from .records import BID_LEVELS, Affiliation, Author, Publication, Reviewer, Submission


def _iter_jsonl(path: str | os.PathLike) -> Iterator[tuple[int, dict]]:
    path = str(path)
    try:
        fh = open(path, "rb")  # decoded line by line so that an encoding error names its line
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        for lineno, raw_bytes in enumerate(fh, start=1):
            try:
                raw = raw_bytes.decode("utf-8-sig" if lineno == 1 else "utf-8")
                if not raw.strip():
                    continue
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON ({exc.msg}, column {exc.colno})", path=path, line=lineno
                ) from None
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", path=path, line=lineno) from None
            if not isinstance(obj, dict):
                raise InputError("each line must be a JSON object", path=path, line=lineno)
            yield lineno, obj


class _Fields:
    """Typed access to one JSON object, with errors that name file, line and field."""

    def __init__(self, obj: dict, path: str, line: int, prefix: str = ""):
        self.obj, self.path, self.line, self.prefix = obj, path, line, prefix

    def err(self, name: str, msg: str) -> InputError:
        return InputError(msg, path=self.path, line=self.line, field=self.prefix + name)

    def str(self, name: str, required: bool = False, default: str = "") -> str:
        value = self.obj.get(name)
        if value is None:
            if required:
                raise self.err(name, "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.err(name, f"must be a string, got {type(value).__name__}")
        value = str(value).strip()
        if required and not value:
            raise self.err(name, "must not be empty")
        return value

    def int(self, name: str) -> int | None:
        value = self.obj.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.err(name, "must be an integer")
        try:
            as_int = int(value)
        except (TypeError, ValueError, OverflowError):
            raise self.err(name, f"must be an integer, got {value!r}") from None
        if isinstance(value, float) and value != as_int:
            raise self.err(name, f"must be an integer, got {value!r}")
        return as_int

    def list(self, name: str) -> list:
        value = self.obj.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.err(name, f"must be a list, got {type(value).__name__}")
        return value

    def str_list(self, name: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.list(name)):
            if not isinstance(item, str):
                raise self.err(f"{name}[{i}]", "must be a string")
            if item.strip():
                out.append(item.strip())
        return tuple(out)

    def objects(self, name: str) -> Iterator[_Fields]:
        for i, item in enumerate(self.list(name)):
            if not isinstance(item, dict):
                raise self.err(f"{name}[{i}]", "must be an object")
            yield _Fields(item, self.path, self.line, f"{self.prefix}{name}[{i}].")


def _check_unique(ids: dict[str, int], value: str, fields: _Fields, what: str) -> None:
    if value in ids:
        raise fields.err("id", f"duplicate {what} id {value!r} (first on line {ids[value]})")
    ids[value] = fields.line


def read_submissions(path: str | os.PathLike) -> list[Submission]:
    """Read submissions JSONL: ``{"id","title","abstract", "authors", "topic", "keywords"}``."""
    out, seen = [], {}
    for lineno, obj in _iter_jsonl(path):
        f = _Fields(obj, str(path), lineno)
        sid = f.str("id", required=True)
        _check_unique(seen, sid, f, "submission")
        authors = tuple(
            Author(name=a.str("name"), email=a.str("email").lower(), affiliation=a.str("affiliation"))
            for a in f.objects("authors")
        )
        out.append(
            Submission(
                id=sid,
                title=f.str("title", required=True),
                abstract=f.str("abstract", required=True),
                authors=authors,
                topic=f.str("topic"),
                keywords=f.str_list("keywords"),
            )
        )
    return out


def _publication(f: _Fields) -> Publication:
    authors = []
    for i, a in enumerate(f.list("authors")):
        if isinstance(a, str):
            authors.append(a.strip())
        elif isinstance(a, dict) and isinstance(a.get("name"), str):
            authors.append(a["name"].strip())
        else:
            raise f.err(f"authors[{i}]", "must be a name or an object with a 'name'")
    return Publication(
        id=f.str("id", required=True),
        title=f.str("title", required=True),
        abstract=f.str("abstract"),
        year=f.int("year"),
        authors=tuple(authors),
    )


def read_reviewers(path: str | os.PathLike) -> list[Reviewer]:
    """Read reviewers JSONL (see docs/formats.md). Only ``id`` and ``publications`` are required."""
    out, seen = [], {}
    for lineno, obj in _iter_jsonl(path):
        f = _Fields(obj, str(path), lineno)
        rid = f.str("id", required=True)
        _check_unique(seen, rid, f, "reviewer")
        if "publications" not in obj:
            raise f.err("publications", "is required (may be an empty list)")
        pubs = tuple(_publication(p) for p in f.objects("publications"))
        affs = tuple(
            Affiliation(
                name=a.str("name"),
                domain=a.str("domain").lower().lstrip("@"),
                start=a.int("start"),
                end=a.int("end"),
            )
            for a in f.objects("affiliations")
        )
        max_load = f.int("max_load")
        if max_load is not None and max_load < 0:
            raise f.err("max_load", f"must be >= 0, got {max_load}")
        out.append(
            Reviewer(
                id=rid,
                publications=pubs,
                name=f.str("name"),
                emails=tuple(e.lower() for e in f.str_list("emails")),
                affiliations=affs,
                research_areas=f.str_list("research_areas"),
                max_load=max_load,
            )
        )
    return out


def _iter_csv(path: str | os.PathLike, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    path = str(path)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # -sig: spreadsheet exports start with a BOM
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(
                    f"header must have columns {', '.join(required)}; missing "
                    f"{', '.join(missing)} (found: {', '.join(header) or 'nothing'})",
                    path=path,
                    line=1,
                )
            for row in reader:
                if None in row:
                    raise InputError(
                        f"has {len(header) + len(row[None])} values, header has {len(header)}",
                        path=path,
                        line=reader.line_num,
                    )
                if all(not (v or "").strip() for v in row.values()):
                    continue
                for col in required:
                    if row.get(col) is None or not row[col].strip():
                        raise InputError("is empty", path=path, line=reader.line_num, field=col)
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=path, line=_first_bad_utf8_line(path)) from None
        except csv.Error as exc:
            raise InputError(f"malformed CSV ({exc})", path=path) from None


def _first_bad_utf8_line(path: str) -> int | None:
    try:
        with open(path, "rb") as fh:
            fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.object[: exc.start].count(b"\n") + 1
    except OSError:
        pass
    return None


def read_scores(path: str | os.PathLike) -> list[tuple[str, str, float]]:
    """``reviewer_id,paper_id,score`` rows; scores must be finite numbers."""
    out = []
    for lineno, row in _iter_csv(path, ("reviewer_id", "paper_id", "score")):
        try:
            value = float(row["score"])
        except ValueError:
            raise InputError(
                f"must be a number, got {row['score']!r}", path=str(path), line=lineno, field="score"
            ) from None
        if not math.isfinite(value):
            raise InputError(
                f"must be finite, got {row['score']!r}", path=str(path), line=lineno, field="score"
            )
        out.append((row["reviewer_id"], row["paper_id"], value))
    return out


def read_conflicts(path: str | os.PathLike) -> list[tuple[str, str, str]]:
    """``reviewer_id,paper_id,reason`` rows (reason may be empty: then 'declared')."""
    out = []
    for _, row in _iter_csv(path, ("reviewer_id", "paper_id")):
        out.append((row["reviewer_id"], row["paper_id"], row.get("reason") or "declared"))
    return out


def read_bids(path: str | os.PathLike) -> list[tuple[str, str, str]]:
    """``reviewer_id,paper_id,bid`` rows with bid in very-high, high, neutral, low, very-low, conflict."""
    out = []
    for lineno, row in _iter_csv(path, ("reviewer_id", "paper_id", "bid")):
        bid = row["bid"].lower().replace("_", "-").replace(" ", "-")
        if bid not in BID_LEVELS:
            raise InputError(
                f"must be one of {', '.join(BID_LEVELS)}, got {row['bid']!r}",
                path=str(path),
                line=lineno,
                field="bid",
            )
        out.append((row["reviewer_id"], row["paper_id"], bid))
    return out


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "w", **kwargs: Any):
    """Open a temporary file beside ``path``; rename it to ``path`` only if the block succeeds."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("output directory does not exist", path=str(directory))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp creates the file 0600; give the result the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_csv(path: str | os.PathLike, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write a CSV atomically; returns the number of data rows."""
    n = 0
    with atomic_output(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(header))
        for row in rows:
            writer.writerow(list(row))
            n += 1
    return n
