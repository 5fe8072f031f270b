"""Geocoding offline first: our own neighborhoods, block codes and places, then (if configured) a remote geopy geocoder.

The offline gazetteer is a geopy Geocoder, so code written for geopy works with it. A
remote geocoder (Nominatim by default when configured) is only asked when the gazetteer
finds nothing; it always goes through geopy's RateLimiter (at most one request a second
per app process) and a cache table shared by every app server.
"""
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import timedelta

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from shapely.geometry import shape as geometry_from_json
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import scope
from ...errors import Invalid
from ...extensions import db
from ...models import Block, GeocodeCache, Neighborhood, Place, utcnow
from ..privacy.digests import keyed_hash
from . import areas

MAX_QUERY = 200
DEFAULT_LIMIT = 10
# Neighborhoods first, then named places, then blocks: the broader answer is usually meant.
KIND_ORDER = {"neighborhood": 0, "place": 1, "block": 2, "geocoder": 3}
# geopy asks every application to identify itself to public services.
USER_AGENT = "outreach-disaster-outreach/1"


@dataclass(frozen=True)
class Entry:
    """Something the gazetteer can find, with where it is in our areas."""

    name: str
    kind: str
    lat: float
    lon: float
    block_id: int | None
    neighborhood_id: int | None


def normalise(text: str) -> str:
    """Lower case, no accents or punctuation, numbers without leading zeros: 'LNW-014' -> 'lnw 14'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    words = re.findall(r"[a-z]+|[0-9]+", text)
    return " ".join(str(int(word)) if word.isdigit() else word for word in words)


class Gazetteer(Geocoder):
    """An offline geopy geocoder over a list of entries, tolerant of case, spacing and punctuation."""

    def __init__(self, entries: list[Entry]):
        super().__init__()
        self.entries = entries
        self.keys = []
        for entry in entries:
            key = normalise(entry.name)
            self.keys.append((key, key.replace(" ", ""), key.split()))

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int = DEFAULT_LIMIT):
        """Entries matching the query, best first (exact, then prefix, then every word); geopy Locations."""
        scored = self.search(query, limit)
        locations = [Location(e.name, (e.lat, e.lon), asdict(e)) for e in scored]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Entry]:
        """The matching entries, best first."""
        wanted = normalise(query)
        if not wanted:
            return []
        compact, words = wanted.replace(" ", ""), wanted.split()
        ranked = []
        for entry, (key, key_compact, key_words) in zip(self.entries, self.keys):
            # A cheap test first: any match has the first word inside, or starts like the query.
            if words[0] not in key and not key_compact.startswith(compact):
                continue
            score = _score(wanted, compact, words, key, key_compact, key_words)
            if score:
                ranked.append((-score, KIND_ORDER[entry.kind], entry.name, entry))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked[:limit]]


def _score(wanted, compact, words, key, key_compact, key_words) -> int:
    """3 for the same text, 2 when the name starts with it, 1 when each word starts a word of the name."""
    if key == wanted or key_compact == compact:
        return 3
    if key.startswith(wanted) or key_compact.startswith(compact):
        return 2
    if all(any(word_of_key.startswith(word) for word_of_key in key_words) for word in words):
        return 1
    return 0


# ---------------------------------------------------------------- building from the database

_gazetteers: dict = {}


def gazetteer() -> Gazetteer:
    """The gazetteer of the operation's areas, rebuilt only when they change; one kept per operation."""
    key = areas.areas_fingerprint()
    found = _gazetteers.get(key)
    if found is None:
        for old in [k for k in _gazetteers if k[:2] == key[:2]]:  # this database and operation's older one
            del _gazetteers[old]
        found = _gazetteers[key] = Gazetteer(_entries())
    return found


def _entries() -> list[Entry]:
    """The operation's neighborhoods (by name and code), blocks (by code and name) and places."""
    operation_id = scope.current_id()
    entries = []
    for hood in db.session.scalars(select(Neighborhood).where(Neighborhood.operation_id == operation_id)):
        point = geometry_from_json(hood.geometry).representative_point()
        for name in (hood.name, hood.code):
            entries.append(Entry(name, "neighborhood", point.y, point.x, None, hood.id))
    rows = db.session.execute(select(Block.id, Block.neighborhood_id, Block.code, Block.name,
                                     Block.centroid_lat, Block.centroid_lon).where(Block.operation_id == operation_id))
    for block_id, hood_id, code, name, lat, lon in rows:
        for label in (code, name) if name else (code,):
            entries.append(Entry(label, "block", lat, lon, block_id, hood_id))
    for place in db.session.scalars(select(Place).where(Place.operation_id == operation_id)):
        block_id, hood_id = areas.locate(place.lon, place.lat)
        entries.append(Entry(place.name, "place", place.lat, place.lon, block_id, hood_id))
    return entries


# ---------------------------------------------------------------- remote, rate-limited and cached

_limiters: dict = {}
# What the rate limiter answers when the service failed even after a retry.
UNAVAILABLE = object()


def remote_geocode(config) -> RateLimiter | None:
    """The configured remote geocoder's geocode, behind a RateLimiter of at most 1 request/s; None when offline."""
    service = config.get("GEOCODER", "gazetteer")
    if service in (None, "", "gazetteer"):
        return None
    options = dict(config.get("GEOCODER_OPTIONS") or {})
    key = (service, tuple(sorted(options.items())))
    if key not in _limiters:
        try:
            geocoder_class = get_geocoder_for_service(service)
        except Exception as error:  # geopy raises its own error for unknown names
            raise Invalid(f"Unknown geocoder '{service}' in the configuration.", {"GEOCODER": "unknown"}) from error
        options.setdefault("user_agent", USER_AGENT)
        delay = max(1.0, float(config.get("GEOCODER_MIN_DELAY_SECONDS", 1.0)))
        _limiters[key] = RateLimiter(geocoder_class(**options).geocode, min_delay_seconds=delay,
                                     max_retries=1, error_wait_seconds=delay, swallow_exceptions=True,
                                     return_value_on_exception=UNAVAILABLE)
    return _limiters[key]


def _cache_key(config, query: str) -> str:
    """The cache key of a query: a keyed hash, so a typed address can be neither read nor confirmed by guessing."""
    return keyed_hash(config["SECRET_KEY"], f"{config['GEOCODER']}\n{normalise(query)}")


def _remote(config, query: str, limit: int) -> list[Entry]:
    """Ask the remote geocoder (or its cache) and place each answer in our blocks."""
    geocode = remote_geocode(config)
    if geocode is None:
        return []
    key = _cache_key(config, query)
    query_cache = select(GeocodeCache.results).where(GeocodeCache.key == key)
    if config.get("NOTES_RETENTION_DAYS"):
        # Answers are kept as long as notes (purge erases older ones); an older one is not used meanwhile.
        query_cache = query_cache.where(
            GeocodeCache.created_at >= utcnow() - timedelta(days=config["NOTES_RETENTION_DAYS"]))
    answers = db.session.scalar(query_cache)
    if answers is None:
        found = geocode(query, exactly_one=False)
        if found is UNAVAILABLE:
            return []  # not cached: the service may answer next time
        answers = [{"name": loc.address, "lat": loc.latitude, "lon": loc.longitude} for loc in found or []]
        try:
            with db.session.begin_nested():
                db.session.add(GeocodeCache(key=key, results=answers))
        except IntegrityError:
            pass  # another app server cached the same query a moment ago
    entries = []
    for answer in answers[:limit]:
        block_id, hood_id = areas.locate(answer["lon"], answer["lat"])
        entries.append(Entry(answer["name"], "geocoder", answer["lat"], answer["lon"], block_id, hood_id))
    return entries


def search(config, query: str, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Places matching a query: the gazetteer's, else the remote geocoder's; dicts for the API."""
    query = (query or "").strip()
    if not query:
        raise Invalid("Type something to search for (a neighborhood, block code or place).", {"q": "required"})
    if len(query) > MAX_QUERY:
        raise Invalid(f"Search for at most {MAX_QUERY} characters.", {"q": "too_long"})
    found = gazetteer().search(query, limit) or _remote(config, query, limit)
    return [asdict(entry) for entry in found]
