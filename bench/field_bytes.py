"""Bytes a volunteer's phone downloads for the field app, measured in Chromium (DESIGN.md section 6:
under 150 KB gzipped on first load, nothing on later loads).

gunicorn serves a fresh operation (one pair, 20 blocks). Chromium at 360x640 signs in, then:
  1. first load of /field/ (home, with Leaflet) until the service worker has cached the shell,
  2. first load of /field/visit in a fresh browser (no cache, no service worker),
  3. later loads of /field/ and /field/visit in the first browser (service worker in control).
Every response is counted from Chromium's network events as Playwright reports them (the page's and
the service worker's own fetches): bytes on the wire (compressed bodies plus headers), and the
bodies gzipped at level 6 as a cross-check. Responses the service worker serves cost nothing.

    .venv/bin/python bench/field_bytes.py [--db sqlite|postgresql]
"""
import argparse
import gzip
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import database_url, gunicorn, make_operation, write_result  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 640}
PASSWORD = "bench-password-1"  # the harness gives every account this password
BUDGET_KB = 150


class Meter:
    """Counts what Chromium fetched from the network: Playwright's request events, which in Chromium
    include the service worker's own fetches, with sizes from the CDP Network events behind them."""

    def __init__(self, context):
        self.context = context
        self.rows: list[dict] = []
        context.on("requestfinished", self.finished)

    def finished(self, request) -> None:
        """Note one request that brought a body over the network.

        Answers from the service worker's cache are skipped, and so are HTTP-cache hits (Chromium
        reports their headers but no body bytes: versioned static files are cached for a year).
        """
        response = request.response()
        sizes = request.sizes()
        if response is None or response.from_service_worker or sizes["responseBodySize"] <= 0:
            return
        self.rows.append({"url": request.url.split("?")[0], "full_url": request.url,
                          "by": "service worker" if request.service_worker else "page",
                          "status": response.status, "encoding": response.headers.get("content-encoding"),
                          "wire_bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                          "body_wire_bytes": sizes["responseBodySize"]})

    def summary(self) -> dict:
        """Totals and the list of what came over the network, largest first (gzip -6 of each body too)."""
        gzipped: dict[str, int] = {}
        for row in self.rows:
            if row["full_url"] not in gzipped and row["status"] == 200:
                body = self.context.request.get(row["full_url"]).body()  # the same bytes, decoded
                gzipped[row["full_url"]] = len(gzip.compress(body, 6))
            row["gzip6_bytes"] = gzipped.get(row["full_url"], 0)
        rows = sorted(self.rows, key=lambda row: -row["wire_bytes"])
        return {"requests": len(rows), "wire_bytes": sum(r["wire_bytes"] for r in rows),
                "body_wire_bytes": sum(r["body_wire_bytes"] for r in rows),
                "gzip6_bytes": sum(r["gzip6_bytes"] for r in rows),
                "files": [{k: v for k, v in row.items() if k != "full_url"} for row in rows]}


def sign_in(context, email: str) -> None:
    """Sign in through the login form over HTTP (the browser's cookie jar), so no page is loaded yet."""
    form = context.request.get("/login").text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    context.request.post("/login", form={"csrf_token": token, "email": email, "password": PASSWORD},
                         max_redirects=0)


CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller) { await new Promise((done) => setTimeout(done, 50)); }
}"""


def settle(page) -> None:
    """Wait until the page and its service worker are done fetching."""
    page.wait_for_load_state("networkidle")
    page.evaluate(CONTROLLED)
    time.sleep(1.0)
    page.wait_for_load_state("networkidle")


def first_load(browser, options: dict, email: str, path: str):
    """A fresh browser signs in and opens `path`; answers (context, page, meter) for later loads."""
    context = browser.new_context(**options)
    sign_in(context, email)
    meter = Meter(context)
    page = context.new_page()
    page.goto(path)
    settle(page)
    return context, page, meter


def measure(base: str, email: str) -> dict:
    """The three figures of the module docstring."""
    from playwright.sync_api import sync_playwright

    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        options = {"base_url": base, "viewport": PHONE, "is_mobile": True, "has_touch": True}
        context, page, meter = first_load(browser, options, email, "/field/")
        result["home_first_load"] = meter.summary()
        meter.rows.clear()
        for path in ("/field/", "/field/visit"):
            page.goto(path)
            settle(page)
        result["later_loads_home_and_visit"] = meter.summary()
        context.close()
        context, _page, meter = first_load(browser, options, email, "/field/visit")
        result["visit_form_first_load"] = meter.summary()
        context.close()
        browser.close()
    return result


def main() -> None:
    """Run and print the figures; write bench/results/field_bytes.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    url = database_url(args.db, "field_bytes")
    make_operation(url, phones=2, blocks_per_pair=20, spare_blocks=0)
    with gunicorn(url) as (base, _server):
        result = measure(base, "phone0@bench.org")
    for name, figures in result.items():
        print(f"{name}: {figures['requests']} responses over the network, {figures['wire_bytes'] / 1024:.1f} KB "
              f"on the wire with headers ({figures['body_wire_bytes'] / 1024:.1f} KB of compressed bodies); "
              f"{figures['gzip6_bytes'] / 1024:.1f} KB if every body were gzip -6")
        for row in figures["files"]:
            print(f"    {row['wire_bytes']:>7} B  {row['encoding'] or 'identity':<8} {row['by']:<14} "
                  f"{row['url'].replace(base, '')}")
    first = max(result["home_first_load"]["wire_bytes"], result["visit_form_first_load"]["wire_bytes"])
    result["budget_kb"] = BUDGET_KB
    result["within_budget"] = first <= BUDGET_KB * 1024
    print(f"first load within {BUDGET_KB} KB: {result['within_budget']}")
    print(f"wrote {write_result('field_bytes', {'db': args.db, **result})}")


if __name__ == "__main__":
    main()
