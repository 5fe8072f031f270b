"""Configuration: safe defaults, then instance/config.py, then the environment."""
import json
import os
import secrets
from pathlib import Path


class Defaults:
    """Settings every deployment starts from; override in instance/config.py or OUTREACH_*."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # pool settings per dialect: outreach/database.py
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # GeoJSON uploads are the largest bodies we take
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600  # one long shift
    WTF_CSRF_TIME_LIMIT = None  # a coordinator's form may stay open all day
    ASSIGNMENT_TTL_HOURS = 72
    CLAIM_TTL_HOURS = 48
    # Drop-off hints cannot be harvested (services/mutual_aid/needs.py): claims an aid group holds at once, claims
    # it may give back unfulfilled in a day before claiming pauses, hours before it may reclaim a need,
    # needs it may call met in a day that no visit has confirmed yet before claiming pauses.
    CLAIM_MAX_HELD = 10
    CLAIM_RETURNS_PER_DAY = 3
    CLAIM_RECLAIM_HOURS = 24
    CLAIM_UNCONFIRMED_PER_DAY = 5
    PUBLIC_NEEDS_PAGE = False
    PUBLIC_GATHERINGS = False  # /public/gatherings and its iCalendar feed (OUTREACH_PUBLIC_GATHERINGS=1)
    PUBLIC_MIN_COUNT = 10
    CRISIS_LINE = "988"
    DEVICE_TOKEN_DAYS = 30
    SIGNIN_CODE_HOURS = 24  # a sign-in QR code printed in the morning still works at the end of the day
    PUBLIC_URL = ""  # the address phones use, for the links in sign-in QR codes; empty: the request's own
    NOTES_RETENTION_DAYS = 90
    GEOCODER = "gazetteer"
    TRAINING_VALID_DAYS = 365
    SUGGEST_BLOCKS_PER_PAIR = 8  # a day of door-knocking for one pair
    CHECKIN_MINUTES = 60  # a pair's "all OK" rhythm in the field (0 turns the rhythm off)
    MAX_BLOCKS_PER_SPLIT = 50_000  # a whole city is ~20,000; more is a typo in the block size
    BASEMAP_PMTILES = None  # an offline vector basemap for operations without their own (import-basemap)
    TILE_URL = None  # online raster tiles, e.g. https://tile.example.org/{z}/{x}/{y}.png
    TILE_ATTRIBUTION = None
    BASEMAP_OFFLINE_BUDGET_BYTES = 5 * 1024 * 1024  # tiles a phone keeps for its pair's blocks
    # Security (issue 7). Secure cookies are also set whenever a request arrives over HTTPS.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PROXY_FIX = 0  # number of trusted reverse proxies in front of the app (X-Forwarded-*)
    # Addresses whose X-Forwarded-* is believed (comma-separated, CIDR allowed); unset: gunicorn's
    # FORWARDED_ALLOW_IPS, else 127.0.0.1 and ::1. Anyone else is counted by their own address.
    PROXY_TRUSTED = None
    RATELIMIT_STORAGE_URI = "database://"  # counters in the app's database; or redis://, memcached://
    # Failed sign-ins. Tight per account and address; across accounts per address (password
    # spraying); high and slow per account, so guessing from many addresses is bounded but nobody
    # can lock the real user out with a few wrong tries from elsewhere.
    LOGIN_LIMIT_PER_ACCOUNT_ADDRESS = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "50 per hour"
    # SMS when data is down (DESIGN section 9).
    SMS_NUMBER = ""  # the staging area's gateway number phones offer to text when data is down
    SMS_REGION = "US"  # how a number typed without +country is read
    SMS_FALLBACK_SECONDS = 60  # a help call unsent over data this long offers "Send by text"
    SMS_MAX_ATTEMPTS = 3  # a text to a pair member that fails is tried again up to this many times in all
    SMS_GATEWAY_LIMIT = "10 per 15 minutes"  # wrong gateway passwords per address
    API_MAX_BODY_BYTES = 4 * 1024 * 1024  # a batch of 500 visits with long notes fits
    API_MAX_JSON_DEPTH = 32


def _parse(value: str):
    """Read an environment value as JSON when it is JSON (1, true, 72), else as text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def load(app, test_config=None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment and test_config."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, value in os.environ.items():
        if key.startswith("OUTREACH_") and not key.startswith("OUTREACH_TEST_"):
            app.config[key.removeprefix("OUTREACH_")] = _parse(value)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if test_config:
        app.config.update(test_config)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", f"sqlite:///{Path(app.instance_path) / 'outreach.sqlite'}"
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common postgres:// forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret(instance: Path) -> str:
    """The secret key kept in instance/secret_key, made once and atomically, so workers agree."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: the first worker's key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
