"""Visit intake under hostile or broken input (issue 15 items 3, 6, 7): structure before scrubbing, a text
budget per request, half an emoji refused for its item only, and keyed hashes that forget erased text."""
import hashlib
import json
import unicodedata
import uuid
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from outreach.extensions import db
from outreach.models import Need, Visit, utcnow
from outreach.services import privacy
from outreach.services.fieldwork import visits as service
from outreach.services.mutual_aid import needs as needs_service
from outreach.services.operation import retention
from tests.conftest import make_app

LONE_SURROGATE = "\ud83d"  # the first half of 😀, as json.dumps escapes it: "\ud83d"


def a_visit(block, **fields) -> dict:
    visit = {"client_id": str(uuid.uuid4()), "block_id": block.id,
             "visited_at": (utcnow() - timedelta(minutes=30)).isoformat(), "outcome": "contact", "adults": 1}
    visit.update(fields)
    return visit


def post_batch(client, headers, items):
    """POST a batch as a phone would send it (json.dumps escapes a lone surrogate as \\udXXX)."""
    return client.post("/api/v1/visits/batch", data=json.dumps({"visits": items}),
                       headers={**headers, "Content-Type": "application/json"})


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Visit))


# ------------------------------------------------------------------ half an emoji (item 7)

def test_a_lone_surrogate_in_a_note_is_a_422_for_that_item_and_the_rest_is_stored(client, field):
    block = field["blocks"][0]
    items = [a_visit(block), a_visit(block, notes=f"Roof {LONE_SURROGATE} tarp"), a_visit(block)]
    response = post_batch(client, field["headers"], items)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == [201, 422, 201]
    assert set(results[1]["error"]["fields"]) == {"notes"}
    assert stored_count() == 2


def test_a_lone_surrogate_in_a_hint_or_a_single_post_is_a_422_not_a_500(client, field):
    block = field["blocks"][0]
    need = {"category": "water", "urgency": "soon", "consented_hint": f"side door {LONE_SURROGATE}"}
    single = client.post("/api/v1/visits", data=json.dumps(a_visit(block, needs=[need])),
                         headers={**field["headers"], "Content-Type": "application/json"})
    assert single.status_code == 422
    assert set(single.json["error"]["fields"]) == {"needs[0].consented_hint"}
    surrogate_slug = post_batch(client, field["headers"], [a_visit(block, outcome=LONE_SURROGATE)])
    assert surrogate_slug.json["results"][0]["status"] == 422
    assert stored_count() == 0


text_with_surrogates = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                                      blacklist_categories=()), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.one_of(st.none(), text_with_surrogates), min_size=1, max_size=6))
def test_any_text_in_notes_is_stored_or_refused_per_item_never_a_500(client, field, notes):
    db.session.execute(delete(Need))
    db.session.execute(delete(Visit))
    db.session.commit()
    block = field["blocks"][0]
    response = post_batch(client, field["headers"], [a_visit(block, notes=note) for note in notes])
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json["results"]]
    for note, status in zip(notes, statuses):
        broken = note is not None and any(unicodedata.category(c) == "Cs" or (unicodedata.category(c) == "Cc"
                                                                              and c not in "\t\n\r") for c in note)
        assert status == (422 if broken else 201), (note, status)
    assert stored_count() == statuses.count(201)


# --------------------------------------------------- structure first, bounded scrubbing (item 6)

def test_items_with_a_bad_structure_or_an_unknown_block_are_never_scrubbed(client, field, monkeypatch):
    scrubbed = []
    real = privacy.scrub
    monkeypatch.setattr(privacy, "scrub", lambda text: scrubbed.append(text) or real(text))
    block = field["blocks"][0]
    adversarial = "1-" * 999
    items = [a_visit(block, notes=adversarial, outcome="spoke"), {"notes": adversarial},
             {**a_visit(block, notes=adversarial), "block_id": 2**31 - 1}, a_visit(block, notes="Kids doing ok.")]
    results = post_batch(client, field["headers"], items).json["results"]
    assert [r["status"] for r in results] == [422, 422, 422, 201]
    assert scrubbed == ["Kids doing ok."]


def test_text_over_the_request_budget_is_413_per_item_and_the_rest_is_stored(app, field, make_user):
    block = field["blocks"][0]
    author = service.author_for(field["team"].members[0])
    items = [a_visit(block, notes="n" * 400) for _ in range(5)]
    with app.test_request_context():
        results = service.record_batch(items, author, text_budget=1000)
    db.session.commit()
    assert [r.status for r in results] == [201, 201, 413, 413, 413]
    assert results[2].error.code == "too_large"
    assert stored_count() == 2


def test_a_full_batch_within_the_budget_is_scrubbed_and_stored(client, field):
    block = field["blocks"][0]
    items = [a_visit(block, notes="Water in the ground floor, call 504-555-0199. " * 8) for _ in range(500)]
    assert sum(len(item["notes"]) for item in items) <= service.TEXT_BUDGET
    results = post_batch(client, field["headers"], items).json["results"]
    assert {r["status"] for r in results} == {201}
    assert all(r["redactions"] == {"notes": {"phone": 8}} for r in results)


# ---------------------------------------------------------------- keyed hashes (item 3)

def test_hashes_are_keyed_by_the_secret_and_the_structure_hash_holds_no_text(field):
    clean = service.validate(a_visit(field["blocks"][0], notes="Roof tarp needed."))
    other_notes = service.validate({**a_visit(field["blocks"][0], notes="Something else."),
                                    "client_id": clean.client_id, "visited_at": clean.values["visited_at"].isoformat()})
    assert clean.content_hash == other_notes.content_hash and clean.text_hash != other_notes.text_hash
    unsalted = hashlib.sha256(json.dumps([clean.values["notes"], []]).encode()).hexdigest()
    assert clean.text_hash != unsalted
    elsewhere = make_app("sqlite://", SECRET_KEY="another server's secret")
    with elsewhere.test_request_context():
        assert service.validate(a_visit(field["blocks"][0])).content_hash != clean.content_hash


def test_other_notes_under_a_stored_client_id_are_still_a_409(client, field):
    visit = a_visit(field["blocks"][0], notes="Roof tarp needed.")
    assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 201
    assert client.post("/api/v1/visits", json={**visit, "notes": "Other words."},
                       headers=field["headers"]).status_code == 409


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.binary(max_size=400))
def test_the_keyed_hash_is_keyed_blake2b_of_the_message(key, message):
    """keyed_hash copies a state that has absorbed the key: the digest is BLAKE2b's own, keyed, in one call."""
    assert service.keyed_hash(key, message) == hashlib.blake2b(message, key=key, digest_size=32).hexdigest()


def test_closing_a_need_erases_the_hint_and_its_hash_and_a_replay_is_still_recognised(
        client, field, make_user):
    hint = "Side door, blue shutters"
    visit = a_visit(field["blocks"][0], needs=[{"category": "water", "urgency": "soon", "consented_hint": hint}])
    assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 201
    stored = db.session.scalar(select(Visit).where(Visit.client_id == visit["client_id"]))
    assert stored.text_hash is not None
    needs_service.close(stored.needs[0], make_user("coordinator"), "withdrawn")
    db.session.commit()
    db.session.refresh(stored)
    assert stored.needs[0].hint is None and stored.text_hash is None
    assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 200
    assert client.post("/api/v1/visits", json={**visit, "adults": 4}, headers=field["headers"]).status_code == 409


def test_purge_clears_the_text_hash_of_purged_notes_and_hints(client, field, make_user):
    noted = a_visit(field["blocks"][0], notes="He lost his brother in the storm.")
    hinted = a_visit(field["blocks"][1], needs=[{"category": "food", "urgency": "soon", "consented_hint": "Back gate"}])
    for visit in (noted, hinted):
        assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 201
    need = db.session.scalar(select(Need).where(Need.hint.is_not(None)))
    db.session.execute(Need.__table__.update().where(Need.id == need.id)
                       .values(status="fulfilled", fulfilled_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    retention.purge(0, make_user("coordinator"))
    db.session.commit()
    rows = db.session.execute(select(Visit.client_id, Visit.notes, Visit.text_hash)).all()
    assert all(notes is None and text is None for _, notes, text in rows)
    for visit in (noted, hinted):
        assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 200


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     text_with_surrogates),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text_with_surrogates, inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.lists(st.dictionaries(text_with_surrogates, json_values, max_size=5) | json_values, max_size=4),
       key=st.sampled_from(["outcome", "client_id", "risks", "needs", "visited_at", "notes"]))
def test_junk_items_and_fields_are_refused_one_by_one_never_a_500(client, field, junk, key):
    block = field["blocks"][0]
    spoiled = [a_visit(block, **{key: value}) for value in junk if isinstance(value, (str, list, dict))]
    response = post_batch(client, field["headers"], [*junk, *spoiled, a_visit(block)])
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json["results"]]
    assert statuses[-1] == 201 and all(status in (201, 422) for status in statuses)
    assert all(status == 422 for status in statuses[:len(junk)])


def stored_with_hmac_sha256(visit_id: int) -> None:
    """Give a stored visit the hashes it would have had before keyed BLAKE2b: HMAC-SHA256 of the same messages."""
    visit = db.session.get(Visit, visit_id)
    values = {"visited_at": visit.visited_at, "outcome": visit.outcome,
              **{name: getattr(visit, name) for name in (*service.COUNTS, *service.SLUG_LISTS, *service.FLAGS)}}
    needs = [{"category": need.category, "urgency": need.urgency, "people": need.people} for need in visit.needs]
    key = service.hash_key()
    visit.content_hash = service.structure_hash(key, visit.client_id, visit.block_id, values, needs,
                                                service.hmac_sha256)
    if visit.text_hash is not None:
        visit.text_hash = service.text_hash(key, visit.notes, [need.hint for need in visit.needs], service.hmac_sha256)
    db.session.commit()


def test_a_visit_stored_with_hmac_sha256_hashes_is_still_recognised_when_replayed(client, field):
    visit = a_visit(field["blocks"][0], notes="Roof tarp needed.", risks=["home_damaged"],
                    needs=[{"category": "water", "urgency": "soon", "people": 2, "consented_hint": "blue tarp"}])
    first = client.post("/api/v1/visits", json=visit, headers=field["headers"])
    assert first.status_code == 201
    before = db.session.get(Visit, first.json["id"]).content_hash
    stored_with_hmac_sha256(first.json["id"])
    assert db.session.get(Visit, first.json["id"]).content_hash != before  # the hashes really are the old kind
    assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 200
    assert client.post("/api/v1/visits", json={**visit, "notes": "Other words."},
                       headers=field["headers"]).status_code == 409
    assert client.post("/api/v1/visits", json={**visit, "adults": 3}, headers=field["headers"]).status_code == 409
    batch = post_batch(client, field["headers"], [visit, {**visit, "risks": []}]).json["results"]
    assert [item["status"] for item in batch] == [200, 409]


# ------------------------------------- text is measured as it will be stored (issue 25 item 8)

QA = "\u0958"  # DEVANAGARI LETTER QA: one character typed, two once normalised (NFC and NFKC split it)


def test_a_note_or_hint_that_normalising_grows_past_its_limit_is_a_422_naming_it(client, field):
    block = field["blocks"][0]
    note = a_visit(block, notes=QA * 1500)  # 1,500 typed, 3,000 stored
    hint = a_visit(block, needs=[{"category": "food", "urgency": "soon", "consented_hint": QA * 150}])
    results = post_batch(client, field["headers"], [note, hint]).json["results"]
    assert [r["status"] for r in results] == [422, 422]
    assert "notes" in results[0]["error"]["fields"] and "needs[0].consented_hint" in results[1]["error"]["fields"]
    single = client.post("/api/v1/visits", json=a_visit(block, notes=QA * 1001), headers=field["headers"])
    assert single.status_code == 422 and "notes" in single.json["error"]["fields"]
    assert stored_count() == 0
    fits = client.post("/api/v1/visits", json=a_visit(block, notes=QA * 1000), headers=field["headers"])
    assert fits.status_code == 201 and len(db.session.scalar(select(Visit.notes))) == 2000


def test_a_hazard_note_that_normalising_grows_past_its_limit_is_a_422(client, field):
    block = field["blocks"][0]
    response = client.post(f"/api/v1/blocks/{block.id}/hazard", headers=field["headers"],
                           json={"client_id": str(uuid.uuid4()), "note": QA * 300})
    assert response.status_code == 422 and "hazard_note" in response.json["error"]["fields"]
