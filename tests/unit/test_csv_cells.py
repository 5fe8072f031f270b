"""CSV cells never start like a formula, not even after a separator a spreadsheet may split them at."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.services.operation.exports import FORMULA_CHARACTERS, safe_cell

SEPARATORS = ";,\t\r\n"
# Text made of the characters that matter (separators, spaces, formula starts) and a few ordinary ones.
risky_text = st.text(alphabet=st.sampled_from(list(SEPARATORS + FORMULA_CHARACTERS + " \u00a0'xA1|!(")), max_size=30)


def parts_a_spreadsheet_may_read(cell: str) -> list[str]:
    """The whole cell and every piece it splits into at any separator, leading spaces dropped."""
    return [part.lstrip() for part in [cell, *re.split(f"[{re.escape(SEPARATORS)}]", cell)]]


@settings(max_examples=500, deadline=None)
@given(st.one_of(risky_text, st.text(max_size=30)))
def test_no_part_of_a_cell_starts_like_a_formula(text):
    cell = safe_cell(text)
    assert not [part for part in parts_a_spreadsheet_may_read(cell) if part[:1] in set(FORMULA_CHARACTERS)]
    assert cell.replace("'", "") == text.replace("'", "")  # only quotes are added


def test_the_audit_examples_are_neutralised():
    assert safe_cell("Kitchen;=cmd|' /C calc'!A0") == "Kitchen;'=cmd|' /C calc'!A0"
    assert safe_cell("a,  +1") == "a,  '+1"
    assert safe_cell("  @SUM(A1)") == "  '@SUM(A1)"
    assert safe_cell("ok\r\n-1+1") == "ok\r\n'-1+1"
    assert safe_cell("tab\t=1") == "tab\t'=1"
    assert safe_cell("Mid-City") == "Mid-City" and safe_cell(-5) == "-5"
