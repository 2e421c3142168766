"""Real-browser helpers: Debian's chromium driven by Playwright, with a network guard.

Never downloads a browser: Playwright is pointed at ``/usr/bin/chromium``.
Every request is recorded; a request to anything but 127.0.0.1 or
``file://`` is aborted and reported, so a test fails if a page reaches out.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
         "--disable-dev-shm-usage"]


def allowed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


@contextmanager
def serve(root: Path, prefix: str = "") -> Iterator[str]:
    """Serve *root* on 127.0.0.1 (optionally under a sub-path); yields the base URL."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if prefix and path.startswith(prefix):
                path = path[len(prefix) - 1:]
            elif prefix:
                return str(root / "__missing__")
            return super().translate_path(path)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    finally:
        server.shutdown()
        server.server_close()


class Guard:
    """Records every request of a context and blocks those leaving the machine."""

    def __init__(self, context) -> None:  # type: ignore[no-untyped-def]
        self.blocked: list[str] = []
        self.seen: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda r: self.seen.append(r.url))

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if allowed(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def search(page, query: str, timeout: float = 15.0) -> list[str]:  # type: ignore[no-untyped-def]
    """Type *query* into Material's search box as a person does; return result titles."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)
    # Characters from an input method arrive without key events; Material
    # searches on keyup, so finish with a key press as a person's IME does.
    page.keyboard.press("End")
    meta = page.locator(".md-search-result__meta")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = meta.inner_text() if meta.count() else ""
        if text and "正在" not in text and "初始化" not in text and "键入" not in text:
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(150)
    titles = page.locator(".md-search-result__list > li > a > article h1").all_inner_texts()
    return [t.replace("\u200b", "").strip() for t in titles]


def wait_until(page, expression: str, timeout: float = 30.0, every: float = 0.02) -> None:  # type: ignore[no-untyped-def]
    """Poll *expression* in the page until it is truthy.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval``,
    which the handbook's Content-Security-Policy forbids (no 'unsafe-eval');
    ``page.evaluate`` is not affected, so poll with it.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error:   # the page reloaded under us (a preview's live reload): ask again
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression}")
        time.sleep(every)
