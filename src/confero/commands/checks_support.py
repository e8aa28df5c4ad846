"""Shared by the check commands: the check context from command-line options, and text output."""

from __future__ import annotations

import argparse
import json
import sys

from confero.engine.errors import InputError

_MARK = {"error": "ERROR", "warning": "warning", "info": "info"}


def load_topics(path: str) -> tuple:
    """Topics from a JSON file: a list of {key, title, scope|description} or an object with "topics"."""
    from confero.engine.checks import Topic

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", path=path) from None
    items = data.get("topics") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise InputError("expected a list of topics or an object with a 'topics' list", path=path)
    topics = []
    for i, t in enumerate(items):
        if not isinstance(t, dict) or not str(t.get("key") or t.get("title") or "").strip():
            raise InputError("each topic needs a key or a title", path=path, field=f"topics[{i}]")
        title = str(t.get("title") or t.get("key")).strip()
        topics.append(
            Topic(
                str(t.get("key") or title).strip(), title, str(t.get("scope") or t.get("description") or "")
            )
        )
    return tuple(topics)


def build_context(args: argparse.Namespace):
    """A CheckContext from check-pdf's options."""
    from confero.engine.checks import CheckContext, parse_authors
    from confero.engine.checks.format import get_format

    get_format(args.format)  # an unknown name is an input error now, not a failed check later
    index = None
    if args.index:
        from confero.engine.checks.prior import PriorIndex

        index = PriorIndex.load(args.index)
    return CheckContext(
        authors=parse_authors(args.authors) if args.authors else (),
        form_links=tuple(args.link),
        anonymity=args.anonymity,
        topics=load_topics(args.topics) if args.topics else (),
        chosen_topic=args.topic,
        max_pages=args.max_pages,
        format=args.format,
        check_links=args.check_links,
        link_timeout=args.link_timeout,
        scope_model=args.scope_model,
        prior_index=index,
    )


def run_file(path: str, checks: tuple[str, ...], context):
    from confero.engine.checks import run_checks

    with open(path, "rb") as fh:
        data = fh.read()
    return run_checks(data, checks=checks, context=context)


def print_results(results, verbose: bool = False, out=None) -> None:
    out = out or sys.stdout
    for r in results:
        counts = ", ".join(
            f"{r.count(s)} {s}{'s' if r.count(s) != 1 else ''}" for s in ("error", "warning") if r.count(s)
        )
        status = r.status.replace("_", " ")
        extra = f": {r.reason}" if r.reason else (f" ({counts})" if counts else "")
        print(f"  {r.check}: {status}{extra}", file=out)
        for f in r.findings:
            if f.severity == "info" and not verbose:
                continue
            where = f"p.{f.page} " if f.page else ""
            print(f"    [{_MARK[f.severity]}] {where}{f.kind}: {f.message}", file=out)
            if f.evidence and f.evidence not in f.message:
                print(f"        evidence: {f.evidence[:160]}", file=out)
