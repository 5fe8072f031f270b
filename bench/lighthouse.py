"""Lighthouse accessibility scores of the field pages, as a volunteer's phone opens them (issue 23: 100 on each).

Google's Lighthouse (npm, pinned in bench/lighthouse/package.json, installed there on first use with `npm ci`, kept
out of `make run`: it is 200 packages) drives Debian's Chromium (CHROME_PATH) against a running app, with its default
mobile emulation, signed in as a volunteer (the session cookie is sent as an extra header, so no page is changed).
Nothing leaves the machine: the app is local and Lighthouse needs no network for the accessibility category.

    .venv/bin/python bench/lighthouse.py [--url http://127.0.0.1:5000] [--email volunteer1@example.org]
        [--lang en,es,vi]

Prints each page's score and the audits that failed; writes bench/results/lighthouse.json; exits 1 under 100.
"""
import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import write_result  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ["/field/", "/field/visit", "/field/shift", "/field/blocks/{block}", "/field/offline"]


def install() -> None:
    """Lighthouse from its lockfile, once."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], cwd=HERE,
                       check=True)


def sign_in(base: str, email: str, password: str) -> tuple[str, int]:
    """The session cookie of a volunteer signed in through the login form, and the first of the pair's blocks."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form)
    body = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email, "password": password}).encode()
    opener.open(f"{base}/login", data=body)
    session = next((c.value for c in jar if c.name == "session"), None)
    if session is None:
        sys.exit(f"could not sign in as {email}")
    data = json.loads(opener.open(f"{base}/field/data.json").read())
    return session, data["blocks"]["features"][0]["properties"]["id"]


def audit(url: str, cookie: str, folder: str) -> dict:
    """One Lighthouse run, accessibility only: the score and the audits that did not pass."""
    out = Path(folder) / "report.json"
    subprocess.run([str(LIGHTHOUSE), url, "--only-categories=accessibility", "--output=json", f"--output-path={out}",
                    "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    f"--extra-headers={json.dumps({'Cookie': cookie})}"],
                   check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)})
    report = json.loads(out.read_text())
    if report["finalDisplayedUrl"] != url:  # sent to the login page: the score would be the login page's
        sys.exit(f"{url} ended at {report['finalDisplayedUrl']}")
    failed = [f"{key}: {found['title']}" for key, found in report["audits"].items()
              if found.get("scoreDisplayMode") == "binary" and found.get("score") == 0]
    return {"score": round(report["categories"]["accessibility"]["score"] * 100), "failed": failed,
            "lighthouse": report["lighthouseVersion"], "chromium": report["environment"]["hostUserAgent"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--email", default="volunteer1@example.org")
    parser.add_argument("--password", default="outreach-demo")
    parser.add_argument("--lang", default="en", help="languages, comma-separated")
    args = parser.parse_args()
    install()
    session, block = sign_in(args.url, args.email, args.password)
    scores = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        for lang in args.lang.split(","):
            for page in PAGES:
                url = args.url + page.format(block=block)
                found = audit(url, f"session={session}; lang={lang}", folder)
                scores.append({"page": page, "lang": lang, **found})
                print(f"{found['score']:>4}  {lang}  {page}  {'; '.join(found['failed'])}")
    path = write_result("lighthouse", {"url": args.url, "pages": scores})
    print(f"written to {path}")
    return 0 if all(row["score"] == 100 for row in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
