"""Which build of the scrubber runs: the C extensions of scripts/build_scrubber.py, while they match the sources.

The compiled modules sit in compiled/ beside a stamp (the digest of the
sources they were built from). Imported first by the package, this module
puts that folder first on the package's __path__ only while the stamp matches
today's sources, so a rule edited since the last `make native` runs as Python
rather than as the old build.
OUTREACH_INTERPRETED_SCRUBBER=1 runs Python always (the comparison test).
"""
import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
COMPILED = PACKAGE / "compiled"
STAMP = COMPILED / "SOURCES"
# The modules on every note's path (the detectors and the deny pass); the rest run once per process.
MODULES = ("contact", "deny", "identifiers", "people", "places", "spans")


def source_digest() -> str:
    """SHA-256 of the compiled modules' sources, in MODULES order."""
    digest = hashlib.sha256()
    for module in MODULES:
        digest.update((PACKAGE / f"{module}.py").read_bytes())
    return digest.hexdigest()


def compiled_folder() -> str | None:
    """The folder of C extensions to load first, or None to run the sources."""
    if os.environ.get("OUTREACH_INTERPRETED_SCRUBBER") == "1" or not STAMP.exists():
        return None
    return str(COMPILED) if STAMP.read_text().strip() == source_digest() else None


def running_compiled() -> bool:
    """Whether the deny pass in use is the C extension."""
    from . import deny
    return Path(deny.__file__).parent == COMPILED


def choose_build() -> None:
    """Put the compiled folder first on the package's path when it is current (before any module is imported)."""
    folder = compiled_folder()
    package_path = sys.modules[__package__].__path__
    if folder is not None and folder not in package_path:
        package_path.insert(0, folder)


choose_build()
