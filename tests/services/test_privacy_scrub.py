"""What the scrubber takes out of a note, and what it leaves for the coordinator to read."""
import pytest

from outreach.services.privacy import scrub


@pytest.mark.parametrize("note, marker", [
    ("call 504-555-0134", "[phone]"), ("call (504) 555-0134", "[phone]"), ("call 5045550134", "[phone]"),
    ("call +1 504 555 0134", "[phone]"), ("call 949-1234 after 5", "[phone]"), ("in Mexico +52 55 1234 5678", "[phone]"),
    ("mail ann.b@example.org", "[email]"), ("SSN 123 45 6789", "[ssn]"), ("social is 123456789", "[ssn]"),
    ("lives at 1234 N. Claiborne Ave", "[address]"), ("at 2218 St. Claude Ave Apt 3", "[address]"),
    ("at 900 Tchoupitoulas St", "[address]"), ("born March 4, 1931", "[dob]"), ("DOB 3/4/31", "[dob]"),
    ("plate ABC 123", "[plate]"), ("her name is Maria", "[name]"), ("Miss Ella said", "[name]"),
    ("my son Tyrell left", "[name]"), ("a man called Joseph", "[name]"), ("Ms. O'Neal needs meds", "[name]"),
])
def test_each_kind_of_pii_is_replaced_by_its_marker(note, marker):
    result = scrub(note)
    assert marker in result.text
    assert result.redactions == {marker.strip("[]"): 1}


def test_cues_stay_and_only_the_value_goes():
    assert scrub("Her name is Maria Lopez, lost her house.").text == "Her name is [name], lost her house."
    assert scrub("Mr. Batiste at 1813 Reynes St. wants ice").text == "Mr. [name] at [address] wants ice"


def test_unit_is_part_of_the_address():
    assert scrub("moved to 3020 Gentilly Blvd #B with cousin").text == "moved to [address] with cousin"


def test_an_ssn_is_never_read_as_a_phone():
    assert scrub("SSN 437-88-1290").redactions == {"ssn": 1}


@pytest.mark.parametrize("note", [
    "The 1200 block of Claiborne is flooded.", "2 adults, 3 kids, back on 9/14 at 3 pm.", "Called FEMA and 911.",
    "Near St. Claude and Elysian Fields.", "3 people on the street.", "Route 39 bus on St. Claude Ave.",
    "Her son is 12.", "Storm came 8/29/2005; water 9 ft.", "Zip 70117 has no mail.", "Called the Red Cross.",
])
def test_clean_notes_are_left_as_written(note):
    assert scrub(note).text == note


def test_empty_and_missing_notes_give_empty_text():
    assert scrub(None).text == "" and scrub("").redactions == {}
