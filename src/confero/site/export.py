"""``confero export-site``: the public site of one workshop as static files that any web server serves.

The pages are the live site's pages: each URL is resolved and its view called with an anonymous request
(``request.site_export`` set, so templates leave out the search form, log-in links and "now/next"),
starting from the workshop's home and following every link under ``/<slug>/`` and ``/static/``. Each page
is written as ``<path>/index.html``; published files (PDFs, posters, videos) and static assets are copied
as they are served. Links are then rewritten: relative (``../program/index.html``, which also works when
the files are opened from disk) or, with ``base_url``, absolute under it (``https://host/os-fms/program/``).

Paper search degrades to topic pages (``papers/topics/<key>/``), which the live site has as well.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

LINK = re.compile(r"""(?P<attr>\b(?:href|src|action|poster))=(?P<q>["'])(?P<url>[^"']*)(?P=q)""")
HTML = "text/html"


class ExportError(Exception):
    """The site cannot be exported (draft workshop, a page that fails, a link to nowhere)."""


@dataclass
class Result:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    outside: list[str] = field(default_factory=list)  # links left as they were (outside the public site)


@dataclass
class _Item:
    url: str  # the path on the live site
    out: str  # the file written, relative to the export root
    content_type: str
    body: bytes


def _static_prefix() -> str:
    url = settings.STATIC_URL or "/static/"
    return url if url.startswith("/") else "/" + url


class Exporter:
    def __init__(self, workshop, out_dir: Path, base_url: str | None = None):
        self.workshop = workshop
        self.root = Path(out_dir)
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.prefix = reverse("site:home", args=[workshop.slug])  # /<slug>/
        self.static = _static_prefix()
        self.factory = RequestFactory()
        self.items: dict[str, _Item] = {}
        self.result = Result()

    # --- what belongs to the export -------------------------------------------------------------------

    def _ours(self, path: str) -> bool:
        return path.startswith(self.prefix) or path.startswith(self.static)

    def _seeds(self) -> list[str]:
        from . import selectors

        urls = [self.prefix]
        published = selectors.papers(self.workshop)
        for p in published:
            urls.append(reverse("site:paper", args=[self.workshop.slug, p.number]))
        for t in selectors.topic_pages(self.workshop, published):
            if t.papers:
                urls.append(reverse("site:topic", args=[self.workshop.slug, t.key]))
        return urls

    # --- fetching -------------------------------------------------------------------------------------

    def _fetch(self, path: str) -> tuple[str, bytes, str]:
        """(content type, body, file name or "") of ``path`` as the public (anonymous) site serves it."""
        if path.startswith(self.static):
            found = finders.find(unquote(path[len(self.static) :]))
            if not found:
                raise ExportError(f"static file not found: {path}")
            ctype = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return ctype, Path(found).read_bytes(), ""
        try:
            match = resolve(path)
        except Resolver404 as exc:
            raise ExportError(f"no page at {path}") from exc
        request = self.factory.get(path)
        request.user = AnonymousUser()
        request.site_export = True
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if response.status_code != 200:
            raise ExportError(f"{path} answers {response.status_code} to an anonymous visitor")
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        name = ""
        disposition = response.get("Content-Disposition", "")
        m = re.search(r'filename="?([^";]+)"?', disposition)
        if m:
            name = posixpath.basename(m.group(1))
        return response.get("Content-Type", "").split(";")[0].strip(), body, name

    def _out_path(self, path: str, ctype: str, name: str) -> str:
        rel = path[len(self.prefix) :] if path.startswith(self.prefix) else path.lstrip("/")
        rel = unquote(rel)
        if ctype == HTML:
            return (rel if rel.endswith("/") or not rel else rel + "/") + "index.html"
        if rel.endswith("/") or not rel:
            ext = mimetypes.guess_extension(ctype) or ""
            return rel + (name or "file" + ext)
        return rel

    # --- crawl, rewrite, write ------------------------------------------------------------------------

    def crawl(self) -> None:
        queue = self._seeds()
        seen = set(queue)
        while queue:
            path = queue.pop(0)
            ctype, body, name = self._fetch(path)
            item = _Item(path, self._out_path(path, ctype, name), ctype, body)
            self.items[path] = item
            if ctype != HTML:
                continue
            for m in LINK.finditer(body.decode("utf-8")):
                target = self._internal(m.group("url"))
                if target is None:
                    continue
                if not self._ours(target):
                    if target not in self.result.outside:
                        self.result.outside.append(target)
                    continue
                if target not in seen:
                    seen.add(target)
                    queue.append(target)

    @staticmethod
    def _internal(url: str) -> str | None:
        """The path of a link to this server ("/…"), without query and fragment; None for others."""
        if not url.startswith("/") or url.startswith("//"):
            return None
        return urlsplit(url).path

    def _link(self, url: str, page: _Item) -> str:
        parts = urlsplit(url)
        item = self.items.get(parts.path)
        if item is None:
            return url
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if self.base_url:
            target = item.out[: -len("index.html")] if item.out.endswith("index.html") else item.out
            return self.base_url + target + fragment
        here = posixpath.dirname(page.out) or "."
        return posixpath.relpath(item.out, here) + fragment

    def _rewrite(self, page: _Item) -> bytes:
        text = page.body.decode("utf-8")

        def swap(m):
            url = m.group("url")
            if self._internal(url) is None:
                return m.group(0)
            return f"{m.group('attr')}={m.group('q')}{self._link(url, page)}{m.group('q')}"

        return LINK.sub(swap, text).encode("utf-8")

    def write(self) -> Result:
        start = time.perf_counter()
        if not self.workshop.is_published:
            raise ExportError(
                f"{self.workshop.slug} is a draft: publish the workshop before exporting its site"
            )
        self.crawl()
        for item in self.items.values():
            target = self.root / item.out
            target.parent.mkdir(parents=True, exist_ok=True)
            data = self._rewrite(item) if item.content_type == HTML else item.body
            target.write_bytes(data)
            self.result.bytes += len(data)
            if item.content_type == HTML:
                self.result.pages += 1
            else:
                self.result.files += 1
        self.result.seconds = time.perf_counter() - start
        return self.result


def export_site(workshop, out_dir, base_url: str | None = None) -> Result:
    return Exporter(workshop, Path(out_dir), base_url).write()
