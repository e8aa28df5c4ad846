"""The submit form as the rush and crash benches post it, and a plain blocking client for bench/crash.py.

``multipart()`` and ``form_fields()`` are shared with the Locust users (bench/rush_locustfile.py)."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import uuid

PLACEHOLDER = b"RUSHTOKEN-0000000000000000"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL = re.compile(r"/submissions/(\d+)/$")


def token_for(i: int) -> bytes:
    return f"RUSHTOKEN-{i:016d}".encode()


def pdf_for(base_pdf: bytes, i: int) -> bytes:
    """The base PDF with author i's token written into it (same length: the file stays valid)."""
    return base_pdf.replace(PLACEHOLDER, token_for(i))


def form_fields(config: dict, i: int, csrf: str) -> dict[str, str]:
    email = config["email"].format(i)
    return {
        "csrfmiddlewaretoken": csrf,
        "title": f"Rush paper {token_for(i).decode()}",
        "abstract": "A paper submitted in the deadline-rush benchmark. " * 5,
        "category": str(config["category"]),
        "primary_topic": str(config["primary_topic"]),
        "secondary_topic": str(config["secondary_topic"]),
        "authors": f"Rush Author {i} <{email}>, Bench University",
        "artifacts": "",
        "previously_published": "no",
        "policies_agreed": "on",
        "version": "",
    }


def multipart(fields: dict[str, str], pdf: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="paper.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + pdf
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _server_times(pid: int) -> tuple[float, float]:
    """(own, children) CPU seconds of gunicorn's master and its current workers, from /proc: their own
    time, and the time of the child processes they have waited for (each upload's PDF check, the
    background checks)."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            pids += [int(p) for p in fh.read().split()]
    except OSError:
        return float("nan"), float("nan")
    own = children = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
            own += int(fields[11]) + int(fields[12])  # utime, stime
            children += int(fields[13]) + int(fields[14])  # cutime, cstime
        except OSError:
            pass
    tick = os.sysconf("SC_CLK_TCK")
    return own / tick, children / tick


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn's master and its current workers themselves."""
    return _server_times(pid)[0]


def server_children_cpu(pid: int) -> float:
    """CPU seconds used so far by the child processes of the master and workers (PDF checks, checks)."""
    return _server_times(pid)[1]


class Author:
    """One author's browser: cookies, CSRF token, a fresh connection per request."""

    def __init__(self, port: int, config: dict, i: int, base_pdf: bytes):
        self.port, self.config, self.i = port, config, i
        self.email = config["email"].format(i)
        self.pdf = pdf_for(base_pdf, i)
        self.sha256 = hashlib.sha256(self.pdf).hexdigest()
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: bytes | None = None, ctype: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if ctype:
            headers["Content-Type"] = ctype
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.getheader("Location", ""), data

    def _csrf(self, body: bytes) -> str:
        m = CSRF.search(body)
        return m.group(1).decode() if m else ""

    def log_in(self) -> bool:
        _, _, body = self._request("GET", "/accounts/login/")
        data = (
            f"csrfmiddlewaretoken={self._csrf(body)}&username={self.email}&password={self.config['password']}"
        )
        status, _, _ = self._request(
            "POST", "/accounts/login/", data.encode(), "application/x-www-form-urlencoded"
        )
        return status == 302

    def open_form(self) -> str:
        status, _, body = self._request("GET", f"/{self.config['slug']}/submit/")
        return self._csrf(body) if status == 200 else ""

    def submit(self, csrf: str) -> tuple[int, int | None]:
        """(HTTP status, the acknowledged submission number or None)."""
        body, ctype = multipart(form_fields(self.config, self.i, csrf), self.pdf)
        status, location, _ = self._request("POST", f"/{self.config['slug']}/submit/", body, ctype)
        m = DETAIL.search(location or "") if status == 302 else None
        return status, int(m.group(1)) if m else None
