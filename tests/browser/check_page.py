"""Opens a Quire HTML edition in the system's Chromium, as a reader would.

Driven by `tests/html.rs`. Prints one JSON object on standard output:

- `requests`: every request the page made that did not go to the page's
  own file (each is refused, and the test fails on any);
- `widths`: for 320, 768 and 1280 CSS pixels, the page's scroll width
  (more than the window's width means a horizontal scroll bar), with a
  screenshot of the top of the page and one of its first figure saved in
  the screenshot folder;
- `violations`: axe-core's violations of the WCAG 2.2 A and AA rules.

Nothing is downloaded: Chromium is Debian's, Playwright drives it through
`executable_path`, and axe-core's script is read from the file named.
"""

import argparse
import json
import pathlib
import tempfile

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page", type=pathlib.Path)
    parser.add_argument("--axe", type=pathlib.Path, required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--shots", type=pathlib.Path, required=True)
    parser.add_argument("--name", default="page")
    args = parser.parse_args()

    page_url = args.page.resolve().as_uri()
    axe_source = args.axe.read_text(encoding="utf-8")
    args.shots.mkdir(parents=True, exist_ok=True)
    requests = []
    widths = {}

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=args.chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )

        def route(r):
            if r.request.url.split("#")[0] == page_url:
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        for width in (320, 768, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(page_url, wait_until="load")
            page.wait_for_timeout(100)
            widths[str(width)] = page.evaluate(
                "() => ({scroll: document.documentElement.scrollWidth,"
                " window: window.innerWidth,"
                " fonts: [...document.fonts].filter(f => f.status === 'loaded').length})"
            )
            page.screenshot(path=str(args.shots / f"{args.name}-{width}.png"))
            # And the first figure, at the top of the window.
            if page.locator("main figure").count() > 0:
                page.locator("main figure").first.evaluate("f => f.scrollIntoView()")
                page.screenshot(
                    path=str(args.shots / f"{args.name}-{width}-figure.png")
                )

        # axe runs in the page through the DevTools protocol (the page's
        # own policy forbids every script it does not hold).
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        violations = [
            {
                "id": v["id"],
                "impact": v.get("impact"),
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
                "summary": [n.get("failureSummary", "") for n in v["nodes"]][:2],
            }
            for v in result["violations"]
        ]
        passes = len(result["passes"])
        context.close()

    print(
        json.dumps(
            {
                "requests": requests,
                "widths": widths,
                "violations": violations,
                "passes": passes,
            }
        )
    )


if __name__ == "__main__":
    main()
