"""The gazetteer and GET /api/v1/geocode: offline first, a remote geocoder only behind a rate limiter and a cache."""
import pytest
from geopy.exc import GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Block, GeocodeCache, Neighborhood
from outreach.services.areas import areas, gazetteer


@pytest.fixture
def nola_split(runner, shared_data):
    """New Orleans neighborhoods split at 150 m, with the evacuation pickup spots as places."""
    for name, level in (("nola_neighborhoods.geojson", "neighborhood"), ("nola_places.geojson", "place")):
        result = runner.invoke(args=["import-areas", shared_data(name), "--level", level])
        assert result.exit_code == 0, result.output
    hood = areas.find_neighborhood("LOWER NINTH WARD")
    areas.split_neighborhoods([hood], block_size_m=150)
    db.session.commit()
    return hood


@pytest.fixture
def remote(monkeypatch, app):
    """Nominatim configured, with its network call replaced; yields the list of queries it was asked."""
    asked = []

    def fake_geocode(self, query, exactly_one=True, **kwargs):
        asked.append(query)
        return [Location("Jackson Barracks, Chalmette", (29.9704, -90.0128), {})]

    clock = [1000.0]  # the limiter's time stands still unless it sleeps

    def fake_sleep(self, seconds):
        asked.append(("slept", seconds))
        clock[0] += seconds

    monkeypatch.setattr(Nominatim, "geocode", fake_geocode)
    monkeypatch.setattr(RateLimiter, "_clock", lambda self: clock[0])
    monkeypatch.setattr(RateLimiter, "_sleep", fake_sleep)
    monkeypatch.setitem(app.config, "GEOCODER", "nominatim")
    gazetteer._limiters.clear()
    yield asked
    gazetteer._limiters.clear()


@pytest.mark.parametrize("query", ["lower ninth ward", "Lower  Ninth-Ward", "LNW"])
def test_gazetteer_finds_a_neighborhood_by_name_or_code_in_any_case(nola_split, query):
    first = gazetteer.gazetteer().geocode(query)
    assert first.address in ("LOWER NINTH WARD", "LNW")
    assert first.raw["kind"] == "neighborhood" and first.raw["neighborhood_id"] == nola_split.id


@pytest.mark.parametrize("query", ["LNW-014", "lnw 14", "LNW014"])
def test_gazetteer_finds_a_block_by_code_with_or_without_punctuation(nola_split, query):
    block = db.session.scalar(select(Block).where(Block.code == "LNW-014"))
    [first] = gazetteer.gazetteer().geocode(query, exactly_one=False, limit=1)
    assert first.raw == {"name": "LNW-014", "kind": "block", "lat": block.centroid_lat, "lon": block.centroid_lon,
                         "block_id": block.id, "neighborhood_id": nola_split.id}


def test_gazetteer_finds_a_place_and_the_block_it_stands_in(nola_split):
    [spot] = gazetteer.gazetteer().search("sanchez center")
    assert spot.name == "Sanchez Center" and spot.kind == "place"
    block = db.session.get(Block, spot.block_id)
    assert block.neighborhood_id == spot.neighborhood_id == nola_split.id


def test_gazetteer_ranks_exact_before_prefix_before_words(make_neighborhood):
    for name in ("GENTILLY WOODS", "GENTILLY", "WOODS OF GENTILLY"):
        make_neighborhood(name, block_size_m=2000)
    names = [e.name for e in gazetteer.gazetteer().search("gentilly") if e.kind == "neighborhood"]
    assert names[:3] == ["GENTILLY", "GENTILLY WOODS", "WOODS OF GENTILLY"]


def test_geocode_api_answers_the_contract_fields(nola_split, client, make_user, token_for):
    response = client.get("/api/v1/geocode?q=lower+ninth+ward", headers=token_for(make_user("volunteer")))
    assert response.status_code == 200
    first = response.get_json()[0]
    assert set(first) == {"name", "kind", "lat", "lon", "block_id", "neighborhood_id"}
    assert first["name"] == "LOWER NINTH WARD" and first["block_id"] is None


@pytest.mark.parametrize("query, status", [("", 422), ("x" * 201, 422)])
def test_geocode_api_refuses_empty_or_long_queries(client, make_user, token_for, query, status):
    response = client.get(f"/api/v1/geocode?q={query}", headers=token_for(make_user("coordinator")))
    assert response.status_code == status
    assert response.get_json()["error"]["fields"]["q"]


@pytest.mark.parametrize("role, status", [("coordinator", 200), ("volunteer", 200), ("aid", 403)])
def test_geocode_api_is_for_coordinators_and_volunteers(client, make_user, token_for, role, status):
    assert client.get("/api/v1/geocode?q=x", headers=token_for(make_user(role))).status_code == status


def test_geocode_is_documented_in_openapi(client):
    assert "/geocode" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_offline_answers_never_ask_the_remote_geocoder(nola_split, remote, client, make_user, token_for):
    client.get("/api/v1/geocode?q=bywater", headers=token_for(make_user("coordinator")))
    assert remote == []


def test_remote_answers_are_rate_limited_cached_and_placed_in_blocks(nola_split, remote, client, make_user,
                                                                     token_for):
    headers = token_for(make_user("coordinator"))
    first = client.get("/api/v1/geocode?q=Jackson Barracks", headers=headers).get_json()
    again = client.get("/api/v1/geocode?q=jackson  barracks!", headers=headers).get_json()
    assert first == again and remote == ["Jackson Barracks"]
    assert first[0]["kind"] == "geocoder" and first[0]["neighborhood_id"] == nola_split.id
    client.get("/api/v1/geocode?q=Holy Cross School", headers=headers)
    assert remote[1:] == [("slept", 1.0), "Holy Cross School"]
    keys = db.session.scalars(select(GeocodeCache.key)).all()
    assert len(keys) == 2 and all("barracks" not in key.lower() for key in keys)


def test_remote_failures_answer_an_empty_list(nola_split, remote, monkeypatch, client, make_user, token_for):
    def down(self, query, **kwargs):
        raise GeocoderUnavailable("no network")

    monkeypatch.setattr(Nominatim, "geocode", down)
    response = client.get("/api/v1/geocode?q=nowhere", headers=token_for(make_user("coordinator")))
    assert response.status_code == 200 and response.get_json() == []
    assert db.session.scalar(select(func.count()).select_from(GeocodeCache)) == 0


def test_gazetteer_is_rebuilt_when_areas_change(make_neighborhood):
    assert gazetteer.gazetteer().search("treme") == []
    make_neighborhood("TREME")
    areas.areas_changed()
    db.session.commit()
    assert [e.name for e in gazetteer.gazetteer().search("treme")] == ["TREME"]
    assert db.session.scalar(select(func.count()).select_from(Neighborhood)) == 1


def test_the_cache_key_is_keyed_so_a_guessed_address_cannot_be_confirmed(nola_split, remote, client, make_user,
                                                                        token_for):
    import hashlib

    client.get("/api/v1/geocode?q=2417 Galvez St", headers=token_for(make_user("coordinator")))
    [key] = db.session.scalars(select(GeocodeCache.key)).all()
    guess = hashlib.sha256(f"nominatim\n{gazetteer.normalise('2417 Galvez St')}".encode()).hexdigest()
    assert key != guess and len(key) == 64


def test_cached_geocoder_answers_are_purged_like_notes(nola_split, remote, app, client, make_user, token_for,
                                                       runner):
    from datetime import timedelta

    from outreach.models import utcnow

    headers = token_for(make_user("coordinator"))
    client.get("/api/v1/geocode?q=2417 Galvez St", headers=headers)
    client.get("/api/v1/geocode?q=Holy Cross School", headers=headers)
    old = db.session.scalars(select(GeocodeCache)).first()
    old.created_at = utcnow() - timedelta(days=app.config["NOTES_RETENTION_DAYS"] + 1)
    db.session.commit()
    asked = len(remote)
    client.get("/api/v1/geocode?q=2417 Galvez St", headers=headers)  # too old to use: asked again
    assert len([q for q in remote[asked:] if isinstance(q, str)]) == 1
    result = runner.invoke(args=["purge"])
    assert "1 cached geocoder answers" in result.output
    assert db.session.scalar(select(func.count()).select_from(GeocodeCache)) == 1
