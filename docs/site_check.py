"""Open pages of the built site in headless Chromium and list what is wrong with each.

Used by ``docs/tests/test_site.py``. A page is wrong when it has

- a math-rendering error (MathJax ``merror`` / ``mjx-merror``, KaTeX ``katex-error``) or math
  left unrendered (a ``\\(`` delimiter still in the visible text once MathJax has finished);
- an image that did not load (``naturalWidth == 0``);
- a console error or an uncaught script error (a missing file shows as one);
- an internal link to a page or file that does not exist.

The browser is the system's Chromium (``/usr/bin/chromium``, Debian's ``chromium`` package),
driven by Playwright without downloading a browser of its own.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

__all__ = [
    "CHROMIUM_ARGS",
    "browser",
    "check_page",
    "find_chromium",
    "search",
    "serve",
    "site_pages",
]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WAIT_FOR_MATH = """async () => {
  if (!document.querySelector('script[src*="tex-chtml"], script[src*="MathJax.js"]')) return true;
  const ready = () => window.MathJax && ((window.MathJax.startup && window.MathJax.startup.promise)
                                         || window.MathJax.Hub);
  for (let i = 0; i < 300 && !ready(); i++) await new Promise(r => setTimeout(r, 50));
  if (!ready()) return false;
  if (window.MathJax.Hub) {
    await new Promise(resolve => window.MathJax.Hub.Queue(() => resolve(true)));
  } else {
    await window.MathJax.startup.promise;
  }
  return true;
}"""

PAGE_FACTS = """() => {
  const errors = document.querySelectorAll('.merror, mjx-merror, .katex-error, .MathJax_Error');
  const images = Array.from(document.images)
      .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src);
  const unrendered = Array.from(document.querySelectorAll('.math'))
      .filter(el => /\\\\\\(|\\\\\\[/.test(el.innerText)).length;
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  return {mathErrors: Array.from(errors).map(e => e.textContent.slice(0, 80)),
          brokenImages: images, unrendered: unrendered, links: links};
}"""


def find_chromium() -> str | None:
    """The system Chromium, or ``None``."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    return None


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def browser():
    """A headless Chromium page context from Playwright, using the system browser."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found: install Debian's chromium package")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium.new_context()
        finally:
            chromium.close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative paths (generated source views excluded)."""
    skip = {"_modules", "_sources", "_static"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
    )


def _exists(site: Path, base: str, href: str) -> bool:
    path = unquote(urlsplit(href).path)[len(urlsplit(base).path) :]
    target = site / path
    return target.is_file() or (target.is_dir() and (target / "index.html").is_file())


def check_page(context, base: str, site: Path, page_path: str) -> list[str]:
    """What is wrong with one page (an empty list when nothing is)."""
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    url = urljoin(base, page_path)
    try:
        page.goto(url, wait_until="load")
        math_loaded = page.evaluate(WAIT_FOR_MATH)
        facts = page.evaluate(PAGE_FACTS)
    finally:
        page.close()
    if not math_loaded:
        problems.append("math error: MathJax did not start")
    problems += [f"math error: {text}" for text in facts["mathErrors"]]
    if facts["unrendered"]:
        problems.append(f"{facts['unrendered']} math element(s) left unrendered")
    problems += [f"image not loaded: {src}" for src in facts["brokenImages"]]
    for href in facts["links"]:
        if href.startswith(base) and not _exists(site, base, href.split("#")[0]):
            problems.append(f"broken link: {href}")
    return problems


def search(context, base: str, query: str) -> list[str]:
    """The result links that the site's own search page gives for ``query``."""
    page = context.new_page()
    try:
        page.goto(urljoin(base, f"search.html?q={query}"), wait_until="load")
        page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        return page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.href)"
        )
    finally:
        page.close()
