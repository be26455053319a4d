"""Open the built documentation in headless Chromium and check what a reader would see.

``make docs-check`` runs this after ``make docs``. Every page of the site is loaded from a
local HTTP server on 127.0.0.1; the check fails if a page does not load, if an image on it
does not render (not found, or zero-sized after loading), or if an internal link points to a
page or anchor that does not exist. The front page and every gallery page must have been
built. A screenshot of the front page is written to ``docs/_build/front-page.png``.

Uses Debian's Chromium (``apt-get install chromium``) through Playwright's Python client,
which drives a browser it did not download: ``executable_path`` below.
"""

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}))"""
LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
IDS_JS = "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without a log line per request."""

    def log_message(self, *args):
        pass


def _serve(root):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check(site, chromium, screenshot):
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    required = ["index.html", "auto_examples/index.html"]
    gallery = [
        p
        for p in pages
        if p.startswith("auto_examples/")
        and p != "auto_examples/index.html"
        and not p.endswith("sg_execution_times.html")
    ]
    problems = [f"missing page {p}" for p in required if p not in pages]
    if not gallery:
        problems.append("the gallery has no example pages")
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ids = {}
    links = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name in pages:
            if name.startswith(("_static/", "_sources/", "_modules/")):
                continue
            response = page.goto(base + name, wait_until="load")
            if response is None or not response.ok:
                problems.append(f"{name}: did not load")
                continue
            images = page.evaluate(IMAGES_JS)
            problems += [f"{name}: image {i['src']} does not render" for i in images if not i["ok"]]
            if name in gallery and not any(i["ok"] for i in images):
                problems.append(f"{name}: gallery page without a rendered figure")
            ids[name] = set(page.evaluate(IDS_JS))
            links += [(name, href) for href in page.evaluate(LINKS_JS)]
            if name == "index.html":
                page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    server.shutdown()

    for name, href in links:
        if not href.startswith(base):
            continue  # external links are not followed: this machine has no network
        url, anchor = urldefrag(href)
        target = urlparse(url).path.lstrip("/") or "index.html"
        if target.endswith("/"):
            target += "index.html"
        if not (site / target).exists():
            problems.append(f"{name}: broken link to {href.replace(base, '')}")
        elif anchor and target in ids and anchor not in ids[target]:
            problems.append(f"{name}: link to missing anchor {target}#{anchor}")
    return pages, gallery, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=Path(__file__).parent / "_build" / "html", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"no built site at {args.site}: run `make docs` first")
    screenshot = args.site.parent / "front-page.png"
    pages, gallery, problems = check(args.site, args.chromium, screenshot)
    print(
        f"checked {len(pages)} pages ({len(gallery)} gallery pages) in headless Chromium; "
        f"front page screenshot: {screenshot}"
    )
    for problem in problems:
        print(f"  PROBLEM {problem}")
    if problems:
        sys.exit(f"{len(problems)} problems")
    print("all pages render with their images; no broken internal links")


if __name__ == "__main__":
    main()
