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
from .services.operation import replica
from .services.people.qr import qr_svg, qr_terminal


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint as phones show it (AB:CD:...), to check the certificate by eye."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def page_name(language: str) -> str:
    """The join page's file in one language; scripts/lan.Caddyfile picks one by ?lang= or Accept-Language."""
    return "index.html" if language == "en" else f"index.{language}.html"


def write_join_page(folder: Path, root_pem: str, app_url: str, join_url: str, app=None) -> str:
    """Write ca.crt (DER, what Android and iOS install) and the join page in every language; return the fingerprint."""
    folder.mkdir(parents=True, exist_ok=True)
    der = ssl.PEM_cert_to_DER_cert(root_pem)
    ca_url = join_url.rstrip("/") + "/ca.crt"
    app = app or create_app()
    (folder / "ca.crt").write_bytes(der)
    for language in LANGUAGES:
        with app.test_request_context(f"/?lang={language}"):  # the app's own locale choice reads ?lang=
            html = render_template("lan/join.html", app_url=app_url, ca_url=ca_url, fingerprint=fingerprint(der),
                                   ca_qr=qr_svg(ca_url), app_qr=qr_svg(app_url), copy=copy_of_database(app.config))
        (folder / page_name(language)).write_text(html, encoding="utf-8")
    return fingerprint(der)


def copy_of_database(config) -> str:
    """Which copy of the database this laptop keeps: "litestream" (OUTREACH_REPLICA), "none", or "postgresql"."""
    if replica.sqlite_path(config["SQLALCHEMY_DATABASE_URI"]) is None:
        return "postgresql"
    return "litestream" if config.get("REPLICA") else "none"


def replica_banner(config) -> str:
    """The start-up lines about the copy of the database: where it goes, or what is at stake and how to keep one."""
    kept = copy_of_database(config)
    if kept == "postgresql":
        return "  The database is PostgreSQL: its copy is PostgreSQL's streaming replication (README)."
    if kept == "litestream":
        return (f"  Continuous copy of the database (Litestream) to {replica.target(str(config['REPLICA'])).where}\n"
                "  The coordinator dashboard shows whether it is up to date.")
    return ("  NO continuous copy of the database: if this laptop is lost, everything since the last backup is lost.\n"
            "  To keep one, stop with Ctrl-C and start again with a folder on a USB stick or another laptop:\n"
            "    OUTREACH_REPLICA=/media/usb/outreach make lan")


def main(argv: list[str] | None = None) -> None:
    """Command line of scripts/lan.sh."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder Caddy serves the join page from")
    parser.add_argument("--ca", type=Path, required=True, help="the CA's root certificate (PEM)")
    parser.add_argument("--app-url", required=True)
    parser.add_argument("--join-url", required=True)
    args = parser.parse_args(argv)
    app = create_app()
    ca_fingerprint = write_join_page(args.out, args.ca.read_text(), args.app_url, args.join_url, app)
    print_banner(args.join_url, args.app_url, ca_fingerprint, replica_banner(app.config))


def print_banner(join_url: str, app_url: str, ca_fingerprint: str, copy_lines: str) -> None:
    """What the laptop's screen shows: the join page as a QR code for phones, the addresses, the database's copy."""
    print(qr_terminal(join_url))
    print(f"""
  Outreach is on the local network. Phones scan the code above (or open {join_url}),
  trust the certificate as that page shows, then open the app at {app_url}
  Certificate fingerprint (SHA-256), as phones show it:
    {ca_fingerprint}
{copy_lines}
  Press Ctrl-C to stop.
""", flush=True)


if __name__ == "__main__":
    main()
