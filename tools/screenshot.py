"""Phone-size screenshots of pages, as an officer or a clinician would see them.

    python tools/screenshot.py http://127.0.0.1:5000/ /staf/masuk --out screenshots/

Uses Debian's Chromium through Playwright at 360×800 (a common low-end Android size).
"""

import argparse
import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base")
    parser.add_argument("paths", nargs="*", default=["/"])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--lang", default="id-ID")
    parser.add_argument("--full", action="store_true", help="whole page, not just the first screen")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 800}, locale=args.lang)
        for path in args.paths:
            page.goto(urljoin(args.base, path))
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=args.full)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
