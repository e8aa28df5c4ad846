"""Visiting links: does each URL answer, where does it redirect, is it gone?

Standard library only (urllib). Each request has a timeout; redirects are followed by hand (at most
``max_redirects``, loops detected) so every hop is checked; ``HEAD`` is tried first and ``GET`` when a
server refuses ``HEAD``; "429 Too Many Requests" and "503" with ``Retry-After`` are retried after the
wait the server asks for (capped); requests to one host are spaced by ``per_host_interval`` seconds,
different hosts are visited in parallel. Addresses in private, loopback, link-local or reserved ranges
are refused unless ``allow_private`` (links in an uploaded PDF must not make the server probe its own
network); tests use ``allow_private=True`` with a local server.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

STATUSES = (
    "ok", "redirected", "broken", "server-error", "timeout", "rate-limited", "unreachable",
    "too-many-redirects", "refused", "invalid",
)  # fmt: skip


@dataclass(frozen=True)
class LinkStatus:
    url: str
    status: str  # one of STATUSES
    code: int | None = None
    final_url: str = ""
    message: str = ""
    hops: int = 0
    elapsed: float = 0.0
    chain: tuple[str, ...] = ()  # every URL visited or redirected to, in order

    def to_dict(self) -> dict:
        return {
            "url": self.url,
            "status": self.status,
            "code": self.code,
            "final_url": self.final_url,
            "message": self.message,
            "hops": self.hops,
            "elapsed": round(self.elapsed, 3),
            "chain": list(self.chain),
        }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib hook
        return None  # redirects are followed by LinkChecker so that each hop is checked


class _Refused(Exception):
    pass


class LinkChecker:
    """``check(url)`` -> :class:`LinkStatus`; ``check_all(urls)`` -> {url: LinkStatus}."""

    def __init__(
        self,
        timeout: float = 10.0,
        max_redirects: int = 5,
        retries: int = 2,
        max_retry_after: float = 30.0,
        per_host_interval: float = 0.5,
        workers: int = 4,
        allow_private: bool = False,
        only_hosts: set[str] | None = None,
        user_agent: str = "Confero-link-checker/0.1 (open peer review; checks artifact links)",
    ):
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.per_host_interval = per_host_interval
        self.workers = workers
        self.allow_private = allow_private
        self.only_hosts = only_hosts
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------------------------------- helpers

    def _pace(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, 0.0) + self.per_host_interval - time.monotonic()
            self._last[host] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _guard(self, host: str, port: int) -> None:
        if self.only_hosts is not None and host not in self.only_hosts:
            raise _Refused(f"{host} is not among the hosts this checker may visit")
        if self.allow_private:
            return
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError):
            return  # the request itself will report the name as unreachable
        for info in infos:
            ip = ipaddress.ip_address(info[4][0])
            if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
                raise _Refused(f"{host} resolves to a private or local address ({ip})")

    def _request(self, url: str, method: str) -> tuple[int, dict, str]:
        """One request; returns (status code, headers, location). HTTP errors are returned, not raised."""
        parts = urlsplit(url)
        self._guard(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        self._pace(parts.hostname or "")
        req = urllib.request.Request(url, method=method, headers={"User-Agent": self.user_agent})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                if method == "GET":
                    resp.read(1024)
                return resp.status, dict(resp.headers), ""
        except urllib.error.HTTPError as err:
            headers = dict(err.headers or {})
            err.close()
            return err.code, headers, headers.get("Location") or headers.get("location") or ""

    def _retry_after(self, headers: dict) -> float | None:
        value = headers.get("Retry-After") or headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            return None  # an HTTP date: treat as "not now"

    # ------------------------------------------------------------------------------------------- public

    def check(self, url: str) -> LinkStatus:
        start = time.monotonic()
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            return LinkStatus(url, "invalid", message="not an http(s) URL")
        current, seen, hops = url, {url}, 0
        chain = [url]
        try:
            while True:
                code, headers, location = self._answer(current)
                if code == 429 or (code == 503 and self._retry_after(headers) is not None):
                    return self._done(
                        url, "rate-limited", code, current, hops, start, "the server asks to slow down", chain
                    )
                if 300 <= code < 400 and location:
                    nxt = urljoin(current, location)
                    if nxt in seen:
                        return self._done(
                            url, "too-many-redirects", code, nxt, hops, start, "redirect loop", chain
                        )
                    hops += 1
                    if hops > self.max_redirects:
                        return self._done(
                            url, "too-many-redirects", code, nxt, hops, start, "too many redirects", chain
                        )
                    seen.add(nxt)
                    chain.append(nxt)
                    current = nxt
                    continue
                if 200 <= code < 300 or 300 <= code < 400:
                    status = "redirected" if hops else "ok"
                    return self._done(url, status, code, current, hops, start, "", chain)
                status = "server-error" if code >= 500 else "broken"
                return self._done(url, status, code, current, hops, start, f"HTTP {code}", chain)
        except _Refused as exc:
            return self._done(url, "refused", None, current, hops, start, str(exc), chain)
        except TimeoutError:
            return self._done(
                url, "timeout", None, current, hops, start, f"no answer in {self.timeout:g} s", chain
            )
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                return self._done(
                    url, "timeout", None, current, hops, start, f"no answer in {self.timeout:g} s", chain
                )
            return self._done(url, "unreachable", None, current, hops, start, str(reason), chain)
        except (OSError, ValueError) as exc:  # connection reset, bad URL, ...
            return self._done(
                url, "unreachable", None, current, hops, start, f"{type(exc).__name__}: {exc}", chain
            )

    def _answer(self, url: str) -> tuple[int, dict, str]:
        """HEAD (GET when HEAD is refused), retrying rate limits that say how long to wait."""
        method = "HEAD"
        for attempt in range(self.retries + 1):
            code, headers, location = self._request(url, method)
            if method == "HEAD" and code in (400, 403, 404, 405, 501):
                method = "GET"
                code, headers, location = self._request(url, method)
            wait = self._retry_after(headers)
            if code in (429, 503) and attempt < self.retries:
                wait = min(self.max_retry_after, wait if wait is not None else 2.0**attempt)
                time.sleep(wait)
                continue
            return code, headers, location
        return code, headers, location

    @staticmethod
    def _done(url, status, code, final, hops, start, message, chain=()) -> LinkStatus:
        return LinkStatus(
            url, status, code, final, message, hops, time.monotonic() - start, tuple(chain) or (url,)
        )

    def check_all(self, urls: list[str]) -> dict[str, LinkStatus]:
        """Check every URL once; hosts in parallel, one host's URLs in order."""
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in dict.fromkeys(urls):
            by_host[(urlsplit(url).hostname or "").lower()].append(url)
        out: dict[str, LinkStatus] = {}

        def run(group: list[str]) -> None:
            for u in group:
                out[u] = self.check(u)

        if not by_host:
            return out
        with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(by_host)))) as pool:
            list(pool.map(run, by_host.values()))
        return out
