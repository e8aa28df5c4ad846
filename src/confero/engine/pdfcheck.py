"""Checks of an uploaded paper PDF: readable, not encrypted, within the size and total-page limits, and
how many pages of main text it has.

The main text ends where the references or the appendix start, whichever comes first (see
:mod:`confero.engine.pdfheadings` for what counts as such a heading). If the heading is at the top of
its page, the main text ends on the page before; if it is further down, the main text ends on the
heading's page. When no heading is found, every page counts as main text and the report says so.

Cost is bounded, cheapest checks first: the size before anything is parsed; the total page count from
the page tree (``max_pages``) before any page's text is read; then the text is read page by page and
reading stops as soon as the verdict is known (``main_limit``: at the first heading, or once the pages
without a heading exceed the limit). :func:`inspect_pdf_limited` runs all of it in a child process
with a CPU-time and memory limit, for files from strangers. Pure Python + pypdf; no Django.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from .pdfheadings import find_heading, heading_on_page

__all__ = ["PdfProblem", "PdfReport", "find_heading", "inspect_pdf", "inspect_pdf_limited"]

CPU_SECONDS = 2  # CPU time one upload check may use (inspect_pdf_limited)
MEMORY_BYTES = 500_000_000  # memory it may allocate beyond what the server process already has


class PdfProblem(ValueError):
    """The file cannot be accepted; the message says why, in words an author understands."""


@dataclass(frozen=True)
class PdfReport:
    pages: int
    main_pages: int
    references_page: int | None  # 1-based page where the references heading is, or None
    appendix_page: int | None  # 1-based page where the appendix heading is, or None
    explanation: str
    size: int = 0
    # True when reading stopped because the main text was already longer than ``main_limit``:
    # ``main_pages`` is then a lower bound (the limit + 1), not the exact length.
    main_pages_lower_bound: bool = False
    pages_read: int = 0  # pages whose text was read

    def check_page_limit(self, max_pages: int, label: str = "") -> None:
        """Raise :class:`PdfProblem` when the main text is longer than ``max_pages``."""
        if self.main_pages > max_pages:
            what = f" for {label}" if label else ""
            raise PdfProblem(
                f"The main text is too long: {self.explanation}. The limit{what} is "
                f"{max_pages} pages of main text (references and appendix do not count). "
                f"The PDF was not accepted; please shorten the main text and upload again."
            )


# --- cheap checks on the bytes ------------------------------------------------------------------------


def _read_bytes(data: bytes | str | os.PathLike, max_bytes: int | None) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data if isinstance(data, bytes) else bytes(data)
    size = os.path.getsize(data)
    if max_bytes is not None and size > max_bytes:
        raise PdfProblem(_too_large(size, max_bytes))
    with open(data, "rb") as fh:
        return fh.read()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def _too_large(size: int, max_bytes: int) -> str:
    return f"The file is {_mb(size)}; the limit is {_mb(max_bytes)}. Please upload a smaller PDF."


def _not_pdf_message(raw: bytes) -> str:
    kinds = {
        b"PK\x03\x04": "a ZIP/Word/OpenDocument file",
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"{\\rtf": "an RTF document",
        b"\xd0\xcf\x11\xe0": "an old Word/Office document",
    }
    found = next((name for magic, name in kinds.items() if raw.startswith(magic)), None)
    what = f"it looks like {found}" if found else "it does not start with the %PDF header"
    return f"This is not a PDF file ({what}). Please upload your paper as a PDF."


def _check_bytes(raw: bytes, max_bytes: int | None) -> None:
    if not raw:
        raise PdfProblem("The file is empty (0 bytes). Please upload your paper as a PDF.")
    if max_bytes is not None and len(raw) > max_bytes:
        raise PdfProblem(_too_large(len(raw), max_bytes))
    if b"%PDF-" not in raw[:1024]:
        raise PdfProblem(_not_pdf_message(raw))
    if b"%%EOF" not in raw[-2048:]:
        raise PdfProblem(
            "The PDF is damaged or incomplete (its end-of-file marker is missing, as in a "
            "truncated upload). Please export it again and upload the new file."
        )


# --- the check ----------------------------------------------------------------------------------------


def inspect_pdf(
    data: bytes | str | os.PathLike,
    max_bytes: int | None = None,
    *,
    max_pages: int | None = None,
    main_limit: int | None = None,
) -> PdfReport:
    """Check a PDF and find its main-text length. Raises :class:`PdfProblem` for an empty, too large,
    non-PDF, encrypted or damaged file, and for one with more than ``max_pages`` pages in total (decided
    from the page tree, before any text is read). With ``main_limit`` (the page limit of the main text)
    reading stops once the verdict is known; without it every page is read."""
    raw = _read_bytes(data, max_bytes)
    _check_bytes(raw, max_bytes)
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = _open(raw)
        total = _count_pages(reader, max_pages)
        return _scan(reader, total, len(raw), main_limit)
    except PdfProblem:
        raise
    except MemoryError:
        raise PdfProblem(_TOO_MUCH_MEMORY) from None
    except Exception as exc:  # pypdf raises many types for damaged files; all mean "cannot read"
        raise PdfProblem(
            f"The PDF could not be read; it seems damaged ({type(exc).__name__}). "
            "Please export it again and upload the new file."
        ) from None


def inspect_pdf_limited(
    data: bytes | str | os.PathLike,
    max_bytes: int | None = None,
    *,
    max_pages: int | None = None,
    main_limit: int | None = None,
    cpu_seconds: int = CPU_SECONDS,
    memory_bytes: int | None = MEMORY_BYTES,
) -> PdfReport:
    """:func:`inspect_pdf` for untrusted files: the cheap checks here, the parsing in a child process
    that may use at most ``cpu_seconds`` of CPU time and ``memory_bytes`` of memory (see
    :mod:`confero.engine.sandbox`). A file that needs more is refused with a PdfProblem saying so."""
    import pypdf.filters  # noqa: F401 - imported here once, so that every forked child has it already

    from .sandbox import LimitExceeded, run_limited

    raw = _read_bytes(data, max_bytes)
    _check_bytes(raw, max_bytes)
    try:
        return run_limited(
            inspect_pdf,
            raw,
            max_bytes,
            max_pages=max_pages,
            main_limit=main_limit,
            cpu_seconds=cpu_seconds,
            memory_bytes=memory_bytes,
        )
    except LimitExceeded as exc:
        raise PdfProblem(_limit_message(exc.kind, cpu_seconds)) from None


_TOO_MUCH_MEMORY = (
    "The PDF needs too much memory to read (it contains data that expands to gigabytes). "
    "Please export it again (e.g. with \u201cprint to PDF\u201d) and upload the new file."
)


def _limit_message(kind: str, cpu_seconds: int) -> str:
    if kind == "memory":
        return _TOO_MUCH_MEMORY
    if kind == "cpu":
        return (
            f"The PDF is too complex to check: reading it took more than {cpu_seconds} s of computing "
            "time (papers take a fraction of a second; this file has extremely complex pages or a "
            "damaged structure). Please export it again (e.g. with \u201cprint to PDF\u201d or with "
            "simpler figures) and upload the new file."
        )
    if kind == "wall":
        return (
            "The server could not finish checking the PDF in time. Nothing was saved; please try "
            "again in a few minutes."
        )
    return (
        "The PDF could not be read (the reader stopped unexpectedly); it seems damaged. "
        "Please export it again and upload the new file."
    )


def _open(raw: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw), strict=False)
    if reader.is_encrypted:
        raise PdfProblem(
            "The PDF is encrypted or password-protected. Please upload a PDF without "
            "a password or restrictions (e.g. print it to a new PDF)."
        )
    return reader


def _declared_pages(reader) -> int | None:
    """The page count the PDF declares (``/Count`` of its page tree); None when absent or odd."""
    try:
        count = reader.root_object["/Pages"].get_object()["/Count"]
        return int(count) if int(count) >= 0 else None
    except Exception:
        return None


def _too_many_pages(pages: int | None, max_pages: int) -> str:
    # Without a count: the walk of the page tree stopped, so there are more pages or the list is damaged.
    has = (
        f"has {pages:,} pages"
        if pages is not None
        else f"has more than {max_pages} pages or a damaged list of pages"
    )
    return (
        f"The PDF {has}; this workshop accepts at most {max_pages} pages in total (main text, "
        "references and appendix together). Please upload a shorter PDF."
    )


def _count_pages(reader, max_pages: int | None) -> int:
    """The number of pages, found by walking the page tree; with ``max_pages`` the walk stops as soon as
    the tree is larger than a PDF of ``max_pages`` pages can have."""
    if max_pages is None:
        total = len(reader.pages)
    else:
        from pypdf import apply_configuration
        from pypdf.errors import LimitReachedError

        try:
            # A tree of n pages has fewer than 2n nodes, plus a few for a lopsided layout.
            with apply_configuration(page_tree_maximum_entries=2 * max_pages + 128):
                total = len(reader.pages)
        except LimitReachedError:
            declared = _declared_pages(reader)
            raise PdfProblem(
                _too_many_pages(declared if declared and declared > max_pages else None, max_pages)
            ) from None
        if total > max_pages:
            raise PdfProblem(_too_many_pages(total, max_pages))
    if total == 0:
        raise PdfProblem(
            "The PDF has no pages that can be read (its list of pages is empty or damaged). "
            "Please export it again and upload the new file."
        )
    return total


def _page_text(page) -> str:
    """The text of the page itself, without the text inside its form XObjects (vector figures: axis
    labels are noise for finding headings, and parsing them was most of the cost of a typical paper).
    A page with no text of its own, such as a page included from another PDF (LaTeX pdfpages), is read
    again with its forms."""
    from pypdf import apply_configuration

    try:
        with apply_configuration(xform_maximum_invocations_per_extraction=0):
            text = page.extract_text() or ""
        if not text.strip() and _draws_forms(page):
            text = page.extract_text() or ""
        return text
    except MemoryError:
        raise
    except Exception:  # one odd page (e.g. unusual fonts) does not make the PDF unreadable
        return ""


def _draws_forms(page) -> bool:
    try:
        xobjects = page["/Resources"]["/XObject"]
        return any(x.get_object().get("/Subtype") == "/Form" for x in xobjects.values())
    except Exception:  # no resources, no XObjects, or odd ones: nothing more to read
        return False


def _scan(reader, total: int, size: int, main_limit: int | None) -> PdfReport:
    """Read page texts in order until the verdict is known (with ``main_limit``) or the last page."""
    refs = app = None  # (page, at_top) of the first heading of each kind
    any_text = lower_bound = False
    read = 0
    for page in reader.pages:
        read += 1
        text = _page_text(page)
        any_text = any_text or bool(text.strip())
        if refs is None and (at_top := heading_on_page(text, "references")) is not None:
            refs = (read, at_top)
        if app is None and (at_top := heading_on_page(text, "appendix")) is not None:
            app = (read, at_top)
        if main_limit is not None and read < total:
            if refs or app:
                break  # the main text ends here or before: nothing later changes the verdict
            if read > main_limit:
                lower_bound = True  # pages 1..limit+1 are all main text: too long, whatever follows
                break
    return _report(total, refs, app, size, any_text=any_text, lower_bound=lower_bound, read=read)


def _pages(n: int) -> str:
    return f"{n:,} page" if n == 1 else f"{n:,} pages"


def _report(total, refs, app, size, *, any_text: bool, lower_bound: bool, read: int) -> PdfReport:
    if refs is None and app is None:
        if lower_bound:
            why = (
                f"no text could be read from pages 1\u2013{read} (scanned images?)"
                if not any_text
                else f"no References, Bibliography or Appendix heading on pages 1\u2013{read}"
            )
            return PdfReport(
                total,
                read,
                None,
                None,
                f"more than {_pages(read - 1)} of main text ({why}); {_pages(total)} in total",
                size,
                main_pages_lower_bound=True,
                pages_read=read,
            )
        if not any_text:
            why = "no text could be read from the PDF (scanned images?)"
        else:
            why = "no References, Bibliography or Appendix heading was found"
        return PdfReport(
            total,
            total,
            None,
            None,
            f"{_pages(total)} of main text ({why}, so all pages count)",
            size,
            pages_read=read,
        )
    # The main text ends at whichever starts first.
    candidates = []
    if refs:
        candidates.append((refs[0], refs[1], "the references start"))
    if app:
        candidates.append((app[0], app[1], "the appendix starts"))
    page, at_top, what = min(candidates, key=lambda c: (c[0], not c[1]))
    main = page - 1 if at_top else page
    parts = [f"{_pages(main)} of main text"]
    if not at_top:
        parts[0] += f" (the main text continues on page {page}, where {what})"
    if refs:
        parts.append(f"references from page {refs[0]}")
    if app:
        parts.append(f"appendix from page {app[0]}")
    return PdfReport(
        total,
        main,
        refs[0] if refs else None,
        app[0] if app else None,
        ", ".join(parts) + f"; {_pages(total)} in total",
        size,
        pages_read=read,
    )
