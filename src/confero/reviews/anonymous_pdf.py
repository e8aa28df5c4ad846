"""The PDF as reviewers get it: the same pages without the metadata that names people.

Removed: the document information dictionary (Author, Creator, Producer, Title, …), the document's XMP
metadata stream, each page's own XMP metadata and application data (/PieceInfo), and the author field of
annotations (/T, a PDF comment's author; the comment itself stays). The pages, outline and links are
copied into a new file, so nothing detached is left behind in it. What the authors typed on the pages
themselves is theirs to anonymise (the workshop's double-blind policy).
"""

from __future__ import annotations

import io

PAGE_KEYS = ("/Metadata", "/PieceInfo")
ANNOTATION_KEYS = ("/T",)


def strip_metadata(data: bytes) -> bytes:
    """``data`` (a PDF) without author metadata; raises ValueError when it cannot be read."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:  # cleaned before copying: the copy never holds what is removed
            for key in PAGE_KEYS:
                page.pop(NameObject(key), None)
            for ref in page.get("/Annots", None) or []:
                annotation = ref.get_object()
                for key in ANNOTATION_KEYS:
                    annotation.pop(NameObject(key), None)
        writer = PdfWriter()
        # Pages, outline and named destinations only: the document catalog (with its XMP) stays behind.
        writer.append(reader, import_outline=True)
    except (PdfReadError, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"the PDF could not be read: {exc}") from exc
    writer.metadata = None  # no information dictionary at all (not even a Producer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
