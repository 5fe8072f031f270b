"""The join page of `make lan`: the local CA's root certificate and how to trust it, with QR codes.

scripts/lan.sh runs `python -m outreach.lan ...` once Caddy has made its CA; Caddy then
serves the files written here over plain HTTP (a phone cannot reach HTTPS it does not trust yet).
"""
import argparse
import hashlib
import ssl
from pathlib import Path

from flask import render_template

from . import create_app
from .services.qr import qr_svg, qr_terminal


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint as phones show it (AB:CD:...), to check the certificate by eye."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def write_join_page(folder: Path, root_pem: str, app_url: str, join_url: str) -> str:
    """Write ca.crt (DER, what Android and iOS install) and index.html into `folder`; return the fingerprint."""
    folder.mkdir(parents=True, exist_ok=True)
    der = ssl.PEM_cert_to_DER_cert(root_pem)
    ca_url = join_url.rstrip("/") + "/ca.crt"
    app = create_app()
    with app.test_request_context():
        html = render_template("lan/join.html", app_url=app_url, ca_url=ca_url, fingerprint=fingerprint(der),
                               ca_qr=qr_svg(ca_url), app_qr=qr_svg(app_url))
    (folder / "ca.crt").write_bytes(der)
    (folder / "index.html").write_text(html, encoding="utf-8")
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
