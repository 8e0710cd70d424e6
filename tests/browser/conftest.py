"""Playwright with the system Chromium, and axe-core for accessibility.

Browser tests are skipped, with a message, when no Chromium is found;
REQUIRE_BROWSER_TESTS=1 (set by CI) turns that skip into a failure.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so Django's async guard is moot here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def find_chromium():
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    candidates += [shutil.which("chromium-browser"), shutil.which("google-chrome")]
    return next((path for path in candidates if path and os.path.exists(path)), None)


@pytest.fixture(autouse=True)
def _database(transactional_db):
    """The live server reads from its own thread: what a test writes must be committed."""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = find_chromium()
        if executable is None and os.path.exists(playwright.chromium.executable_path):
            # Playwright's own download, where `playwright install` could fetch it.
            executable = playwright.chromium.executable_path
        if executable is None:
            message = "no Chromium found (install Debian's chromium or set CHROMIUM_PATH)"
            if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
                pytest.fail(f"Browser tests are required but {message}.")
            pytest.skip(f"Browser tests skipped: {message}.")
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class ConsoleLog:
    """Collects console errors and page errors, CSP violations included."""

    def __init__(self, page):
        self.errors = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _on_console(self, message):
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.console_log = ConsoleLog(page)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    instance = Axe()

    def check(page):
        results = instance.run(page)
        assert results.response["passes"], "axe-core ran no checks"
        violations = results.response["violations"]
        report = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        ]
        assert not violations, "axe-core violations:\n" + "\n".join(report)

    return check


@pytest.fixture
def axe_in_dark_scheme(page, axe):
    """Checks each address with axe-core in the dark colour scheme."""

    def check(*urls):
        page.emulate_media(color_scheme="dark")
        for url in urls:
            page.goto(url)
            axe(page)

    return check


@pytest.fixture
def serve_media(settings):
    """Serve uploaded media from the live server (see tests/browser/media_urls.py)."""
    settings.ROOT_URLCONF = "tests.browser.media_urls"
