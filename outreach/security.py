"""Browser-facing hardening: security headers with a nonce-based CSP, cookie flags, proxies, request limits.

The Content-Security-Policy names no outside origin: every script, style, font
and image comes from this server; the one exception is the tile server of
TILE_URL, added to img-src only when an operation with internet configures it. Inline scripts
run only with the request's nonce: templates write `<script nonce="{{ csp_nonce() }}">`, and folium's
rendered map goes through `with_nonce()` (its HTML is built from strings
escaped with services.areas.maps.escape_for_map, so every <script> in it is ours).
"""
import ipaddress
import os
import re
import secrets
from urllib.parse import urlsplit

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .errors import TooLarge
from .parsers import MAX_ID, bearer_token, check_request_depth, wants_depth_check

# style-src keeps 'unsafe-inline': folium and Leaflet write style attributes; styles cannot run code.
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:{tiles}; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
       "manifest-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    # The phone may use its own GPS to suggest a block (never sent); nothing else is needed.
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
}
SCRIPT_TAG = re.compile(r"<script(?![^>]*\bnonce=)", re.IGNORECASE)


class SessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions whose cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app, request):
        """A bearer-token API request has no session: it proves who it is with its token alone
        (so its cookie is neither read, verified nor sent back: work a phone's sync is spared)."""
        if request.path.startswith("/api/") and bearer_token():
            return self.make_null_session(app)
        return super().open_session(app, request)

    def should_set_cookie(self, app, session) -> bool:
        # A static file never refreshes the session: 400 bytes of Set-Cookie on each of a phone's ~25 assets.
        return request.endpoint != "static" and super().should_set_cookie(app, session)


def csp_nonce() -> str:
    """This request's script nonce (made on first use; kept in the request, as g may outlive it)."""
    return request.environ.setdefault("outreach.csp_nonce", secrets.token_urlsafe(18))


def with_nonce(trusted_html: str) -> Markup:
    """Give every <script> of HTML we generated (folium's map) this request's nonce. Never for user HTML."""
    return Markup(SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', str(trusted_html)))


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in URLs stops at the databases' integer range: a larger id is a 404, not an overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    """Install the headers, the session interface, ProxyFix and the API request limits."""
    app.url_map.converters["int"] = BoundedIntConverter  # before any blueprint adds its rules
    app.session_interface = SessionInterface()
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        # Behind N trusted proxies: the client's address (rate limits) and scheme (Secure cookies).
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, proxies, trusted_proxies(app.config))
    app.before_request(limit_api_request)
    app.after_request(add_security_headers)


def trusted_proxies(config) -> list:
    """The proxy addresses (or networks) whose X-Forwarded-* headers are believed.

    PROXY_TRUSTED, else gunicorn's FORWARDED_ALLOW_IPS, else this machine only
    (a proxy such as Caddy on the same host). "*" trusts every address: only for a
    port that nothing but the proxy can reach.
    """
    text = config.get("PROXY_TRUSTED") or os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
    entries = [entry.strip() for entry in str(text).split(",") if entry.strip()]
    return ["*"] if "*" in entries else [ipaddress.ip_network(entry, strict=False) for entry in entries]


class TrustedProxyFix:
    """ProxyFix for requests from a trusted proxy; anyone else reaching the port directly keeps their own
    address, so a forged X-Forwarded-For cannot change the address the login limits count."""

    def __init__(self, app, proxies: int, trusted: list):
        self.direct = app
        self.fixed = ProxyFix(app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
        self.trusted = trusted

    def is_trusted(self, address: str | None) -> bool:
        """Is this peer one of the configured proxies?"""
        if self.trusted == ["*"]:
            return True
        try:
            peer = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(peer in network for network in self.trusted)

    def __call__(self, environ, start_response):
        app = self.fixed if self.is_trusted(environ.get("REMOTE_ADDR")) else self.direct
        return app(environ, start_response)


def add_security_headers(response):
    """Every page carries the CSP and the other hardening headers; a static script, style or image only
    nosniff (browsers apply a CSP to documents and workers, not to the files a page loads)."""
    headers = response.headers
    if request.endpoint == "static" and response.mimetype != "text/html":
        headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
    wanted = {"Content-Security-Policy": CSP.format(nonce=csp_nonce(), tiles=tile_origin()), **HEADERS}
    if request.is_secure:
        wanted["Strict-Transport-Security"] = "max-age=31536000"
    if request.path.startswith("/api/"):
        wanted["Cache-Control"] = "no-store"
    # One pass over what the view set (Headers.setdefault scans the list once per header).
    present = {name.lower() for name in headers.keys()}
    headers.extend([(name, value) for name, value in wanted.items() if name.lower() not in present])
    return response


def tile_origin() -> str:
    """' https://tiles.example.org' when online raster tiles are configured (TILE_URL), else nothing."""
    url = current_app.config.get("TILE_URL")
    if not url:
        return ""
    parts = urlsplit(url)
    return f" {parts.scheme}://{parts.netloc}"


def limit_api_request():
    """API bodies have a size limit (413) and JSON a nesting limit (422), before any view parses them."""
    if not request.path.startswith("/api/"):
        return
    limit = current_app.config["API_MAX_BODY_BYTES"]
    if request.content_length is None:
        # A chunked body says no length: Werkzeug reads it up to max_content_length and stops there
        # without a word, so a body over the limit would arrive cut off (and read as broken JSON, a 400).
        # Read one byte more than the limit allows: having it means the body is too large.
        request.max_content_length = limit + 1
        too_large = len(request.get_data(cache=True)) > limit
    else:
        too_large = request.content_length > limit
    if too_large:
        raise TooLarge(f"The request body is over {limit // 1024} KB; send fewer items at a time.",
                       {"body": f"at most {limit} bytes"})
    if wants_depth_check():
        check_request_depth()  # application/json and every application/*+json
