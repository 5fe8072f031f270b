"""A visit is checked field by field as DESIGN.md section 5 says, before anything is stored."""
from datetime import UTC, timedelta

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.errors import Invalid
from outreach.models import utcnow
from outreach.services.fieldwork.visits import (
    COUNTS,
    FLAGS,
    SLUG_LISTS,
    hash_key,
    hmac_sha256,
    keyed_hash,
    structure_hash,
    validate,
)

GOOD = {
    "client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "block_id": 42,
    "visited_at": "2005-09-14T15:30:00-05:00", "outcome": "contact",
    "adults": 2, "children": 1, "older_adults": 0,
    "risks": ["home_damaged", "displaced"], "reactions": ["emotional"], "ecpr": ["connecting", "empowering"],
    "referrals": ["fema_or_insurance"], "safety_concern": False, "follow_up": True,
    "notes": "Roof tarp needed; grandmother worried about meds.",
    "needs": [{"category": "medication", "urgency": "soon", "people": 1, "consented_hint": None}],
}


def fields_of(visit: dict) -> dict:
    with pytest.raises(Invalid) as caught:
        validate(visit)
    return caught.value.fields


def test_the_design_example_is_valid():
    clean = validate(GOOD)
    assert clean.block_id == 42
    assert clean.values["visited_at"].utcoffset() == timedelta(0)
    assert clean.values["visited_at"].hour == 20
    assert clean.needs == [{"category": "medication", "urgency": "soon", "people": 1, "consented_hint": None}]


def test_only_the_four_key_fields_are_required():
    clean = validate({k: GOOD[k] for k in ("client_id", "block_id", "visited_at", "outcome")})
    assert clean.values["adults"] == 0 and clean.values["risks"] == () and clean.needs == []
    assert fields_of({}) == {name: "required" for name in ("client_id", "block_id", "visited_at", "outcome")}


@pytest.mark.parametrize("name,value", [
    ("client_id", "not-a-uuid"), ("client_id", 12), ("client_id", "0b7c7c1e5d2e4f7a9a0e2c1d4c0f8b11"),
    ("block_id", "42"), ("block_id", 0), ("block_id", True),
    ("visited_at", "2005-09-14T15:30:00"), ("visited_at", "yesterday"), ("visited_at", 1126729800),
    ("outcome", "spoke"), ("adults", -1), ("children", 2.5), ("older_adults", 100000), ("adults", "2"),
    ("risks", ["flood"]), ("reactions", "emotional"), ("ecpr", [1]), ("referrals", None),
    ("safety_concern", "yes"), ("follow_up", 1), ("notes", 5), ("notes", "x" * 2001), ("needs", {}),
])
def test_a_bad_field_is_named(name, value):
    assert set(fields_of({**GOOD, name: value})) == {name}


def test_a_visit_in_the_future_is_refused_beyond_clock_skew():
    soon = (utcnow() + timedelta(minutes=5)).isoformat()
    later = (utcnow() + timedelta(hours=2)).isoformat()
    assert validate({**GOOD, "visited_at": soon})
    assert "future" in fields_of({**GOOD, "visited_at": later})["visited_at"]


@pytest.mark.parametrize("key", ["lat", "lon", "address", "name", "phone", "Latitude", "date_of_birth"])
def test_fields_for_identity_or_position_are_refused_with_a_reason(key):
    message = fields_of({**GOOD, key: "anything"})[key]
    assert "never carry names, addresses" in message


def test_unknown_fields_are_refused():
    assert fields_of({**GOOD, "colour": "blue"}) == {"colour": "unknown field"}


def test_needs_are_checked_item_by_item():
    needs = [{"category": "water", "urgency": "soon"}, {"category": "gold", "urgency": "now", "people": 0},
             {"urgency": "soon", "street": "Elm"}, "water"]
    fields = fields_of({**GOOD, "needs": needs})
    assert set(fields) == {"needs[1].category", "needs[1].urgency", "needs[1].people",
                           "needs[2].category", "needs[2].street", "needs[3]"}
    assert "never carry" in fields["needs[2].street"]


def test_too_many_needs_are_refused():
    assert "needs" in fields_of({**GOOD, "needs": [{"category": "water", "urgency": "soon"}] * 21})


def test_notes_and_hints_are_scrubbed_and_the_redactions_reported():
    clean = validate({**GOOD, "notes": "Call her at 504-555-0199 or jane@example.org",
                      "needs": [{"category": "water", "urgency": "soon",
                                 "consented_hint": "1234 Elm Street, side door"}]})
    assert "555" not in clean.values["notes"] and "example.org" not in clean.values["notes"]
    assert clean.redactions["notes"] == {"phone": 1, "email": 1}
    assert "1234" not in clean.needs[0]["consented_hint"]
    assert clean.redactions["needs[0].consented_hint"] == {"address": 1}


def test_slug_lists_are_deduplicated_into_vocabulary_order():
    clean = validate({**GOOD, "ecpr": ["revitalizing", "connecting", "connecting"]})
    assert clean.values["ecpr"] == ("connecting", "revitalizing")


def test_the_hash_ignores_list_order_and_offset_but_not_content():
    same = validate({**GOOD, "risks": ["displaced", "home_damaged"], "visited_at": "2005-09-14T20:30:00+00:00"})
    other = validate({**GOOD, "adults": 3})
    assert same.content_hash == validate(GOOD).content_hash != other.content_hash


def test_the_hash_is_of_scrubbed_text_so_no_phone_number_leaves_a_trace():
    first = validate({**GOOD, "notes": "number 504-555-0199"})
    second = validate({**GOOD, "notes": "number 504-555-0142"})
    assert first.content_hash == second.content_hash


def test_a_non_object_is_refused():
    with pytest.raises(Invalid):
        validate(["not", "a", "visit"])


# The structure hash's message, written out as it was first defined: stored hashes depend on every byte of it.
def reference_structure_hash(key, client_id, block_id, values, needs, mac):
    canonical = [client_id, block_id, values["visited_at"].astimezone(UTC).isoformat(), values["outcome"],
                 *(values[name] for name in (*COUNTS, *SLUG_LISTS, *FLAGS)),
                 [[need["category"], need["urgency"], need["people"]] for need in needs]]
    return mac(key, msgspec.json.encode(canonical))


@settings(max_examples=300, deadline=None)
@given(client_id=st.text(), block_id=st.integers(1, 2**40), moment=st.datetimes(timezones=st.timezones()),
       outcome=st.text(), counts=st.lists(st.integers(0, 500), min_size=3, max_size=3),
       slugs=st.lists(st.lists(st.text(max_size=12), max_size=3).map(tuple), min_size=4, max_size=4),
       flags=st.lists(st.booleans(), min_size=2, max_size=2),
       needs=st.lists(st.fixed_dictionaries({"category": st.text(), "urgency": st.text(),
                                              "people": st.integers(1, 500)}), max_size=3),
       mac=st.sampled_from([keyed_hash, hmac_sha256]))
def test_the_structure_hash_is_the_same_for_every_visit_as_first_defined(client_id, block_id, moment, outcome, counts,
                                                                         slugs, flags, needs, mac):
    """Any text in the strings (a client_id ending in "Z" too), any time in any zone, both kinds of hash."""
    values = {"visited_at": moment, "outcome": outcome, **dict(zip(COUNTS, counts)), **dict(zip(SLUG_LISTS, slugs)),
              **dict(zip(FLAGS, flags))}
    key = hash_key("a secret")
    assert structure_hash(key, client_id, block_id, values, needs, mac) == reference_structure_hash(
        key, client_id, block_id, values, needs, mac)
