"""The join page of `make lan`: the local CA's root certificate and how to trust it, with QR codes.

The page is written once per language (en, es, vi), and Caddy serves the phone's own.

scripts/lan.sh runs `python -m outreach.lan ...` once Caddy has made its CA; Caddy then
serves the files written here over plain HTTP (a phone cannot reach HTTPS it does not trust yet).
"""
import argparse
import hashlib
import ssl
from pathlib import Path

from flask import render_template

from . import create_app
from .i18n import LANGUAGES
from .services.people.qr import qr_svg, qr_terminal


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint as phones show it (AB:CD:...), to check the certificate by eye."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def page_name(language: str) -> str:
    """The join page's file in one language; scripts/lan.Caddyfile picks one by ?lang= or Accept-Language."""
    return "index.html" if language == "en" else f"index.{language}.html"


def write_join_page(folder: Path, root_pem: str, app_url: str, join_url: str) -> str:
    """Write ca.crt (DER, what Android and iOS install) and the join page in every language; return the fingerprint."""
    folder.mkdir(parents=True, exist_ok=True)
    der = ssl.PEM_cert_to_DER_cert(root_pem)
    ca_url = join_url.rstrip("/") + "/ca.crt"
    app = create_app()
    (folder / "ca.crt").write_bytes(der)
    for language in LANGUAGES:
        with app.test_request_context(f"/?lang={language}"):  # the app's own locale choice reads ?lang=
            html = render_template("lan/join.html", app_url=app_url, ca_url=ca_url, fingerprint=fingerprint(der),
                                   ca_qr=qr_svg(ca_url), app_qr=qr_svg(app_url))
        (folder / page_name(language)).write_text(html, encoding="utf-8")
    return fingerprint(der)


def main(argv: list[str] | None = None) -> None:
    """Command line of scripts/lan.sh."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder Caddy serves the join page from")
    parser.add_argument("--ca", type=Path, required=True, help="the CA's root certificate (PEM)")
    parser.add_argument("--app-url", required=True)
    parser.add_argument("--join-url", required=True)
    args = parser.parse_args(argv)
    print_banner(args.join_url, args.app_url, write_join_page(args.out, args.ca.read_text(), args.app_url,
                                                              args.join_url))


def print_banner(join_url: str, app_url: str, ca_fingerprint: str) -> None:
    """What the laptop's screen shows: the join page as a QR code for phones, and the addresses."""
    print(qr_terminal(join_url))
    print(f"""
  Outreach is on the local network. Phones scan the code above (or open {join_url}),
  trust the certificate as that page shows, then open the app at {app_url}
  Certificate fingerprint (SHA-256), as phones show it:
    {ca_fingerprint}
  Press Ctrl-C to stop.
""", flush=True)


if __name__ == "__main__":
    main()
