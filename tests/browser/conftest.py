"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (``apt-get install chromium``), never from ``playwright install``. Outside CI a
missing browser skips these tests with the reason; in CI (``CI=true``) it is an error.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CONFERO_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install it (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context on the live server. Uncaught JavaScript errors fail the test; when the test
    fails, a screenshot ``FAILED-<test name>.png`` goes to $CONFERO_SCREENSHOTS (if set)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    js_errors: list[str] = []
    pg.on("pageerror", lambda exc: js_errors.append(f"{pg.url}: {exc}"))
    yield pg
    target = os.environ.get("CONFERO_SCREENSHOTS")
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed and target:
        Path(target).mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(Path(target) / f"FAILED-{request.node.name}.png"), full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"no failure screenshot: {exc}")
    context.close()
    if js_errors and not failed:
        pytest.fail("JavaScript errors in the browser:\n" + "\n".join(js_errors))


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves a full-page PNG when CONFERO_SCREENSHOTS names a directory."""
    target = os.environ.get("CONFERO_SCREENSHOTS")

    def take(name: str) -> None:
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)

    return take


def _axe_path() -> str | None:
    named = os.environ.get("CONFERO_AXE_JS")
    if named and os.path.exists(named):
        return named
    found = sorted(glob.glob(str(ROOT / ".test-deps" / "axe-core-*" / "axe.min.js")))
    return found[-1] if found else None


@pytest.fixture(scope="session")
def axe_js():
    """axe-core's axe.min.js, fetched from the npm registry by scripts/test.sh into .test-deps/ (never
    vendored) or named by CONFERO_AXE_JS. Missing: skip loudly outside CI, fail in CI."""
    path = _axe_path()
    if path is None:
        reason = (
            "axe-core is not available: run scripts/test.sh (it fetches axe-core from the npm registry into "
            ".test-deps/) or set CONFERO_AXE_JS to axe.min.js"
        )
        if os.environ.get("CI"):
            pytest.fail("ACCESSIBILITY TESTS CANNOT RUN IN CI: " + reason)
        pytest.skip("ACCESSIBILITY NOT CHECKED: " + reason)
    return path


@pytest.fixture
def axe(page, axe_js):
    """``axe()`` runs axe-core on ``page`` as it is now and fails on serious or critical violations.

    axe-core is served from the live server's own origin by a Playwright route, so the site's strict CSP
    stays in force during the test (no bypass_csp): a page that only works without CSP still fails."""
    from .a11y import AXE_URL, violations

    page.route("**" + AXE_URL, lambda route: route.fulfill(path=axe_js, content_type="text/javascript"))

    def check(target=None, *, where: str = "") -> None:
        target = target or page
        problems = violations(target)
        assert not problems, f"axe-core on {where or target.url}:\n" + "\n".join(problems)

    return check
