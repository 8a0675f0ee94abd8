"""Screenshots of `dclit serve` for the docs, taken in headless Debian Chromium.

    .venv/bin/python docs/screenshots/take_screenshots.py --store STORE [--out docs/screenshots]

Starts the app on 127.0.0.1 (free port) in a thread and saves one PNG per page:
a word search, a concept search with a filter, the document view it links to,
the usage page of the concept, and the concept browser.
"""
from __future__ import annotations

import argparse
import socket
import threading
from pathlib import Path
from urllib.parse import urlencode

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--query", default='"local authorities" OR decentralisation')
    ap.add_argument("--concept", default="diaspora")
    ap.add_argument("--prefix", default="", help="prepended to each file name")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from dclit.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = make_server("127.0.0.1", port, create_app(args.store), threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    shots = [("search_word.png", "/?" + urlencode({"q": args.query})),
             ("search_concept.png", "/?" + urlencode({"concept": args.concept})),
             ("usage.png", f"/usage/{args.concept}"),
             ("concepts.png", "/concepts")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        for name, url in shots:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(args.out / (args.prefix + name)), full_page=name != "concepts.png")
        page.goto(base + shots[1][1])
        page.locator("#kwic td.doc a").first.click()
        page.wait_for_selector("li.passage.focus")
        page.screenshot(path=str(args.out / (args.prefix + "document.png")))
        browser.close()
    srv.shutdown()


if __name__ == "__main__":
    main()
