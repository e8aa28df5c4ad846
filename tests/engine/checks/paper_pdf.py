"""Real paper-like PDFs for the check tests and benchmarks, made with reportlab (a dev dependency).

``make_paper`` lays out a title, an author block, an abstract, sections, acknowledgements and references
on pages of a chosen size, with chosen margins and fonts, and plants what a test needs:

* links (``Url``) wrapped the way LaTeX's url package does: broken after "/", ".", "-", ... without
  a hyphen, optionally with a link annotation over each piece (as hyperref makes);
* PDF metadata in the Info dictionary and an XMP packet;
* extra lines at given positions (text in a margin) and a different font size for the body.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

__all__ = ["A4", "Url", "letter", "make_paper", "xmp_packet"]

_BREAKS = "/.-_=&?#"


@dataclass(frozen=True)
class Url:
    """A URL in running text; ``annotate`` adds a link annotation (hyperref) over each visible piece."""

    url: str
    annotate: bool = True
    display: str | None = None  # what the text shows (default: the URL)


@dataclass
class Section:
    heading: str
    paragraphs: list[list] = field(default_factory=list)  # each paragraph: list of str words / Url


def xmp_packet(creator: str = "", author: str = "", tool: str = "LaTeX with hyperref") -> bytes:
    creators = f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>" if creator else ""
    pdf_author = f"<pdf:Author>{author}</pdf:Author>" if author else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"{creators}{pdf_author}<xmp:CreatorTool>{tool}</xmp:CreatorTool>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _words(item) -> list:
    if isinstance(item, str):
        return item.split()
    return list(item)


class _Writer:
    def __init__(self, c, size, margins, font, font_size, leading, header, page_numbers):
        self.c, self.size = c, size
        self.left, self.right, self.top, self.bottom = margins
        self.font, self.font_size, self.leading = font, font_size, leading
        self.header, self.page_numbers = header, page_numbers
        self.page = 1
        self.y = None
        self._start_page()

    @property
    def width(self) -> float:
        return self.size[0] - self.left - self.right

    def _start_page(self) -> None:
        w, h = self.size
        if self.header:
            self.c.setFont("Times-Roman", 9)
            self.c.drawString(self.left, h - self.top + 18, self.header)
        if self.page_numbers:
            self.c.setFont("Times-Roman", 10)
            self.c.drawCentredString(w / 2, self.bottom - 30, str(self.page))
        self.y = h - self.top - self.font_size

    def newline(self, leading: float | None = None) -> None:
        self.y -= leading or self.leading
        if self.y < self.bottom:
            self.c.showPage()
            self.page += 1
            self._start_page()

    def line(
        self, text: str, font: str | None = None, size: float | None = None, centred: bool = False
    ) -> None:
        font, size = font or self.font, size or self.font_size
        self.c.setFont(font, size)
        if centred:
            self.c.drawCentredString(self.size[0] / 2, self.y, text)
        else:
            self.c.drawString(self.left, self.y, text)
        self.newline(size * 1.2)

    def paragraph(self, items: list, font: str | None = None, size: float | None = None) -> None:
        font, size = font or self.font, size or self.font_size
        space = stringWidth(" ", font, size)
        x = 0.0
        self.c.setFont(font, size)

        def put(text: str, url: Url | None) -> None:
            nonlocal x
            self.c.setFont(font, size)
            self.c.drawString(self.left + x, self.y, text)
            w = stringWidth(text, font, size)
            if url is not None and url.annotate:
                x0 = self.left + x
                self.c.linkURL(url.url, (x0, self.y - 2, x0 + w, self.y + size), relative=0, thickness=0)
            x += w

        for item in items:
            if isinstance(item, Url):
                rest = item.display or item.url
                if x > 0 and x + space < self.width:
                    x += space
                while rest:
                    room = self.width - x
                    if stringWidth(rest, font, size) <= room:
                        put(rest, item)
                        break
                    cut = max((i + 1 for i, ch in enumerate(rest) if ch in _BREAKS
                               and stringWidth(rest[: i + 1], font, size) <= room), default=0)  # fmt: skip
                    if cut == 0 and x > 0:
                        self.newline()
                        x = 0.0
                        continue
                    if cut == 0:  # no break point fits on an empty line: break anywhere
                        cut = max(1, int(len(rest) * room / max(stringWidth(rest, font, size), 1)))
                    put(rest[:cut], item)
                    rest = rest[cut:]
                    self.newline()
                    x = 0.0
                continue
            w = stringWidth(item, font, size)
            if x > 0 and x + space + w > self.width:
                self.newline()
                x = 0.0
            if x > 0:
                x += space
            put(item, None)
        self.newline()


def make_paper(
    *,
    title: str = "A Study of Open Foundation Models",
    author_lines: list[str] | None = None,
    abstract: str = "We study open foundation models and report what we find.",
    sections: list[Section] | None = None,
    acknowledgements: str | None = None,
    references: list[str] | None = None,
    page_size: tuple[float, float] = letter,
    margins: tuple[float, float, float, float] = (108, 108, 72, 72),
    font: str = "Times-Roman",
    font_size: float = 10,
    header: str = "Under review as a workshop paper at ICLR 2025",
    page_numbers: bool = True,
    info: dict[str, str] | None = None,
    xmp: bytes | None = None,
    extra: list[tuple[int, float, float, str, float]] = (),
) -> bytes:
    """A paper-like PDF. ``margins`` = (left, right, top, bottom) in points. ``extra`` lines are
    (page, x, y, text, size), drawn on that page (e.g. text in a margin)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=page_size, pageCompression=0)
    info = {"Title": title} if info is None else info
    setters = {"Author": c.setAuthor, "Title": c.setTitle, "Subject": c.setSubject,
               "Keywords": c.setKeywords, "Creator": c.setCreator, "Producer": c.setProducer}  # fmt: skip
    for key, value in info.items():
        setters[key](value)
    extra_by_page: dict[int, list] = {}
    for page, x, y, text, size in extra:
        extra_by_page.setdefault(page, []).append((x, y, text, size))

    w = _Writer(c, page_size, margins, font, font_size, font_size * 1.2, header, page_numbers)
    orig_show = c.showPage

    def show_page() -> None:
        for x, y, text, size in extra_by_page.get(w.page, []):
            c.setFont(font, size)
            c.drawString(x, y, text)
        orig_show()

    c.showPage = show_page
    w.line(title, "Times-Bold", 17, centred=True)
    w.newline(6)
    for line in (
        author_lines if author_lines is not None else ["Anonymous Authors", "Paper under double-blind review"]
    ):
        w.line(line, size=font_size, centred=True)
    w.newline(6)
    w.line("Abstract", "Times-Bold", 12, centred=True)
    w.paragraph(_words(abstract))
    for sec in sections or []:
        w.newline(4)
        w.line(sec.heading, "Times-Bold", 12)
        for para in sec.paragraphs:
            w.paragraph(_words(para))
    if acknowledgements is not None:
        w.newline(4)
        w.line("Acknowledgments", "Times-Bold", 12)
        w.paragraph(_words(acknowledgements))
    if references:
        w.newline(4)
        w.line("References", "Times-Bold", 12)
        for ref in references:
            w.paragraph(_words(ref), size=font_size - 1)
    show_page()
    c.save()
    data = buf.getvalue()
    if xmp is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.xmp_metadata = xmp
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data
