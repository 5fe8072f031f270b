"""The first-pass scrubber keeps obvious PII out of stored notes."""
from outreach.services.areas.maps import escape_for_map
from outreach.services.privacy import scrub


def test_scrub_replaces_phone_email_ssn_and_address():
    result = scrub("Call 504-555-0134 or mail ann@example.com; SSN 123-45-6789; lives at 1234 N. Claiborne Ave")
    assert "504-555-0134" not in result.text and "[phone]" in result.text
    assert "ann@example.com" not in result.text and "[email]" in result.text
    assert "123-45-6789" not in result.text and "[ssn]" in result.text
    assert "Claiborne" not in result.text and "[address]" in result.text
    assert result.redactions == {"email": 1, "ssn": 1, "phone": 1, "address": 1}


def test_scrub_leaves_clean_notes_alone():
    note = "Talked for twenty minutes; roof tarp needed; 3 kids staying with an aunt."
    assert scrub(note).text == note and scrub(note).redactions == {}


def test_escape_for_map_neutralises_html_and_template_literals():
    escaped = escape_for_map("<img src=x onerror=alert(1)>`${alert(2)}`\\")
    assert "<" not in escaped and "`" not in escaped and "${" not in escaped and "\\" not in escaped
