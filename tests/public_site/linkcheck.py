"""A small link checker for a static site served over HTTP: crawl from a start URL, fetch every page and
every file it links to on the same host, and report links that do not answer 200."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value and (name in ("href", "src", "poster") or (tag == "form" and name == "action")):
                self.links.append(value)


def check(start: str) -> tuple[dict[str, bytes], list[str]]:
    """({url: body} of every page and file reached, [problems]). Fragments must name an id on the page."""
    host = urlsplit(start).netloc
    bodies: dict[str, bytes] = {}
    pending, problems, anchors = [start], [], []
    ids: dict[str, set[str]] = {}
    while pending:
        url = pending.pop()
        if url in bodies:
            continue
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, ctype = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            problems.append(f"{url}: HTTP {exc.code}")
            bodies[url] = b""
            continue
        bodies[url] = body
        if not ctype.startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[url] = parser.ids
        for link in parser.links:
            if link.startswith(("mailto:", "tel:")):
                continue
            target, fragment = urldefrag(urljoin(url, link))
            if urlsplit(target).netloc != host:
                continue
            if fragment:
                anchors.append((url, target, fragment))
            if target not in bodies:
                pending.append(target)
    for page, target, fragment in anchors:
        if target in ids and fragment not in ids[target]:
            problems.append(f"{page}: #{fragment} is not an id on {target}")
    return bodies, problems
