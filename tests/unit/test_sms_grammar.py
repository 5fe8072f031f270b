"""The text grammar of DESIGN section 9, with no app and no database: its letters come from the vocabulary."""
import pytest

from outreach.services.sms import grammar
from outreach.vocab import NeedCategory, NeedUrgency, VisitOutcome


def test_every_outcome_need_and_urgency_has_its_letter():
    assert set(grammar.SMS_OUTCOME_LETTERS.values()) == set(VisitOutcome)
    assert set(grammar.SMS_NEED_LETTERS.values()) == set(NeedCategory)
    assert set(grammar.SMS_URGENCY_DIGITS.values()) == set(NeedUrgency)


def test_design_example_parses():
    command = grammar.parse("V LNW-014 C W1 R2 #7a2b3c")
    assert (command.kind, command.block, command.outcome, command.ref) == ("visit", ["LNW-014"], "contact", "7a2b3c")
    assert command.needs == [("water", "immediate"), ("medication", "soon")]


@pytest.mark.parametrize("text", ["v lnw-014 c w1 r2 #7A2B3C", "V  LNW 014  C  W1R2  #7a2b3c",
                                  "V lnw014 c W1 r2 #7a2b3c"])
def test_case_spaces_and_hyphens_do_not_matter(text):
    command = grammar.parse(text)
    assert command.outcome == "contact" and command.ref == "7a2b3c"
    assert grammar.block_keys(" ".join(command.block)) & grammar.block_keys("LNW-014")


def test_block_codes_match_however_typed():
    for typed in ("lnw-014", "LNW014", "lnw 14", "Lnw-14"):
        assert grammar.block_keys(typed) & grammar.block_keys("LNW-014"), typed
    assert grammar.block_keys("N162002") & grammar.block_keys("N162-002")
    assert not grammar.block_keys("LNW-015") & grammar.block_keys("LNW-014")


def test_help_ok_and_codes():
    assert grammar.parse("help LNW-014 leg hurt").rest == ["LNW-014", "leg", "hurt"]
    assert grammar.parse("Ok #abcdef").ref == "abcdef"
    assert grammar.parse("CODES").kind == "codes"


@pytest.mark.parametrize("text", ["", "   ", "hello", "V", "V LNW-014", "V LNW-014 Q", "V LNW-014 C W", "OK now",
                                  "V LNW-014 C #12345", "V LNW-014 C #abcdef W1", "x" * 1601, "OK\x07"])
def test_what_is_not_in_the_grammar_is_refused_with_a_reply_of_one_text(text):
    with pytest.raises(grammar.Refused) as refused:
        grammar.parse(text)
    assert len(refused.value.reply) < 160 and set(refused.value.reply) <= grammar.GSM7


def test_the_code_card_is_one_gsm7_text():
    card = grammar.codes_card()
    assert len(card) < 160 and set(card) <= grammar.GSM7
