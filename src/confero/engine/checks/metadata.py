"""Who the PDF says wrote it: the Info dictionary and the XMP packet."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from .document import PdfDocument

# XMP properties that name people (local names, any namespace).
PEOPLE_PROPERTIES = (
    "creator",
    "Author",
    "Authors",
    "Owner",
    "AuthorsPosition",
    "CaptionWriter",
    "Contributor",
)
_ANONYMOUS = re.compile(
    r"^(?:anonymous|anon\.?|author|authors|anonymous authors?|anonymous submission|submission\s*#?\s*\d*|"
    r"paper\s*(?:id)?\s*#?\s*\d*|unknown|none|n/a|-|\s*)\s*(?:\(s\))?$",
    re.IGNORECASE,
)
_USER_PATH = re.compile(r"(?:/Users/|/home/|[A-Za-z]:\\Users\\|\\\\Users\\\\|C:/Users/)([^/\\\s:]+)")


def is_anonymous_value(value: str) -> bool:
    return bool(_ANONYMOUS.match(value.strip()))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def xmp_values(xmp: str) -> list[tuple[str, str]]:
    """(property, text) for each XMP property with text (rdf:li items joined), DTDs refused."""
    if not xmp or "<!DOCTYPE" in xmp or "<!ENTITY" in xmp:
        return []
    start = xmp.find("<x:xmpmeta")
    if start < 0:
        start = xmp.find("<rdf:RDF")
    end_tag = "</x:xmpmeta>" if xmp.find("</x:xmpmeta>") >= 0 else "</rdf:RDF>"
    end = xmp.find(end_tag)
    if start < 0 or end < 0:
        return []
    try:
        root = ET.fromstring(xmp[start : end + len(end_tag)])
    except (ET.ParseError, expat.ExpatError):
        return []
    out: list[tuple[str, str]] = []
    for elem in root.iter():
        name = _local(elem.tag)
        if name in ("RDF", "Description", "xmpmeta", "Seq", "Bag", "Alt", "li"):
            for attr, value in elem.attrib.items():  # <rdf:Description pdf:Author="...">
                if value.strip() and _local(attr) not in ("about", "parseType", "lang"):
                    out.append((_local(attr), value.strip()))
            continue
        items = [
            li.text.strip() for li in elem.iter() if _local(li.tag) == "li" and li.text and li.text.strip()
        ]
        text = "; ".join(items) if items else (elem.text or "").strip()
        if text:
            out.append((name, text))
    return out


def metadata_values(doc: PdfDocument) -> list[tuple[str, str, str]]:
    """(where, property, value): where is "Info" or "XMP"."""
    out = [("Info", key, value) for key, value in doc.info.items()]
    out += [("XMP", key, value) for key, value in xmp_values(doc.xmp)]
    return out


def user_paths(value: str) -> list[str]:
    """User names in file paths such as /Users/jdoe/paper.tex or C:\\Users\\jdoe\\paper.docx."""
    return [m.group(1) for m in _USER_PATH.finditer(value)]
