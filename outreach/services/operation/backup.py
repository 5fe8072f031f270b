"""Backups that stay consistent while the app keeps writing."""
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from ...errors import Invalid

PAGES_PER_STEP = 256  # copy in steps so writers are never blocked for long


def backup(database_url: str, target: str) -> str:
    """Copy the database to `target`: SQLite's online backup API, or pg_dump for PostgreSQL."""
    url = make_url(database_url)
    path = Path(target)
    if path.exists():
        raise Invalid(f"{target} exists already; choose a new file.", {"path": "exists"})
    if url.get_backend_name() == "sqlite":
        return backup_sqlite(url.database, path)
    if url.get_backend_name() == "postgresql":
        return backup_postgresql(url, path)
    raise Invalid(f"No backup method for {url.get_backend_name()}.", {"database": "unsupported"})


def backup_sqlite(source: str, target: Path) -> str:
    """A consistent snapshot through sqlite3's backup API (restarts if a writer changes a copied page)."""
    if not source or source == ":memory:":
        raise Invalid("An in-memory database has nothing to back up.", {"database": "in memory"})
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=PAGES_PER_STEP)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    src.close()
    dst.close()
    if check != "ok":
        target.unlink()
        raise Invalid(f"The copy failed its integrity check: {check}", {"path": "corrupt copy"})
    return f"SQLite backup written to {target} ({target.stat().st_size} bytes)."


def backup_postgresql(url, target: Path) -> str:
    """pg_dump in its custom format (one consistent snapshot; restore with pg_restore)."""
    if shutil.which("pg_dump") is None:
        raise Invalid("pg_dump is not installed; install the PostgreSQL client tools.", {"pg_dump": "missing"})
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", plain],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise Invalid(f"pg_dump failed: {done.stderr.strip()}", {"pg_dump": "failed"})
    return f"PostgreSQL dump written to {target} ({target.stat().st_size} bytes); restore with pg_restore."
