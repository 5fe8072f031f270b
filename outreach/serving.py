"""How responses travel: compressed, and static files cached for a year under versioned URLs.

`url_for('static', filename=...)` adds `?v=<hash of the file>`; a request carrying the
current hash may be cached for a year (a phone on 3G fetches Leaflet once), and a changed
file gets a new URL, so updates still reach every phone. Other static requests revalidate.
"""
import hashlib
import os

from flask import Flask, request

from .extensions import compress

ONE_YEAR = 365 * 24 * 3600

COMPRESSION = {
    # Static files are streamed; flask-compress leaves gzip out of streams by default, but
    # over plain HTTP (a staging-area LAN) browsers offer only gzip and deflate.
    "COMPRESS_ALGORITHM_STREAMING": ["zstd", "br", "gzip", "deflate"],
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/plain", "text/csv", "text/javascript",
                           "application/javascript", "application/json", "application/geo+json",
                           "application/manifest+json", "image/svg+xml"],
}


def init_app(app: Flask) -> None:
    """Compress responses; version static URLs and cache versioned files for a year."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    versions = AssetVersions(app.static_folder)

    @app.url_defaults
    def version_static_urls(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = versions.of(values.get("filename", ""))
            if version:
                values["v"] = version

    def static_max_age(filename):
        version = request.args.get("v")
        return ONE_YEAR if version and version == versions.of(filename) else None

    app.get_send_file_max_age = static_max_age


class AssetVersions:
    """Short content hashes of static files, recomputed only when a file changes."""

    def __init__(self, folder: str):
        self.folder = os.path.realpath(folder)
        self.known: dict[str, tuple[int, int, str]] = {}

    def of(self, filename: str) -> str | None:
        """The file's version (12 hex digits of its SHA-256), or None when there is no such file."""
        path = os.path.realpath(os.path.join(self.folder, filename))
        if not path.startswith(self.folder + os.sep):
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        cached = self.known.get(filename)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        self.known[filename] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest
