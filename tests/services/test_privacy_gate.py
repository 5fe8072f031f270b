"""The scrubber's gates (digits, digit words, "at" words, capitals): skipping work they rule out changes nothing."""
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from outreach.services.privacy import DETECTORS, LONG_SPACE, find_spans, normalise
from outreach.services.privacy.contact import email_spans, emails, spelled_phone_runs, spelled_phones
from outreach.services.privacy.people import CUE_STARTS, NAME_CUED, uncued_name_runs, uncued_names
from outreach.services.privacy.places import DEGREE_DIGITS, INTERSECTION, INTERSECTION_STARTS
from outreach.services.privacy.spans import cued, digit_count
from tests.services.privacy_corpus import corpus, tuning
from tests.services.privacy_families import FAMILIES, SECOND_ROUND
from tests.services.privacy_heldout import HELD_OUT
from tests.services.privacy_heldout_b import HELD_OUT_B
from tests.services.privacy_heldout_c import HELD_OUT_C
from tests.services.privacy_heldout_d import HELD_OUT_D

DIGITS = re.compile(r"\d")


def every_note() -> list[str]:
    """Every note of the corpora, as written and with its digits taken out (so most PII kinds lose theirs)."""
    texts = [note.text for notes in (corpus(), tuning(), HELD_OUT, HELD_OUT_B) for note in notes]
    return [normalise(text) for text in texts + [DIGITS.sub("", text) for text in texts]]


def test_the_gate_gives_the_same_spans_as_every_detector_on_every_corpus_note():
    notes = every_note()
    assert sum(1 for text in notes if not DIGITS.search(text)) > 500
    differ = sum(1 for text in notes if find_spans(text) != find_spans(text, every_detector=True))
    assert differ == 0  # a count, not the notes: held-out notes are never printed


def test_detectors_marked_as_needing_a_digit_find_nothing_in_digit_free_corpus_notes():
    gated = [detect for detect, fewest in DETECTORS if fewest]
    assert len(gated) == 10
    digit_free = [text for text in every_note() if not DIGITS.search(text)]
    assert sum(len(detect(text)) for text in digit_free for detect in gated) == 0


# Letters of the three languages, the marks notes use, and look-alikes NFKC folds (but no digit of any script).
ALPHABET = st.characters(codec="utf-8", categories=["L", "P", "Zs", "S"], exclude_characters="\x00")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_no_digit_detector_fires_on_random_text_without_digits(text):
    text = normalise(text)
    assume(not DIGITS.search(text))  # NFKC can make a digit out of a symbol
    assert find_spans(text) == find_spans(text, every_detector=True)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["5", "04", "555", "0147", "29.97", "-90.0489", "29°57'41\"N", "°", "1", "SSN", "ssn",
                                 "dob", "Medicaid", "1EG4-TE5-MK73", "LA", "plate", "lat", "lon", "-", ".", "/", ",",
                                 "(", ")", " ", "  ", "at", "St", "Desire", "apt", "x", "#", "ĐT", "٣"]),
                max_size=20).map("".join))
def test_the_digit_count_gates_change_nothing_on_number_like_text(text):
    """A detector skipped for too few digits (an SSN needs 9, a phone 7, an id 5) would have found nothing."""
    from outreach.services.privacy.places import COORDINATE_CUED, COORDINATE_PAIR, DMS
    text = normalise(text)
    assert find_spans(text) == find_spans(text, every_detector=True)
    if digit_count(text) < DEGREE_DIGITS:
        assert not COORDINATE_PAIR.search(text) and not COORDINATE_CUED.search(text)
    if "°" not in text:
        assert not DMS.search(text)


def test_the_digit_word_gate_of_spelled_phones_changes_nothing_on_the_corpus():
    notes = every_note()
    assert sum(1 for text in notes if spelled_phone_runs(text)) > 20  # the corpus has spelled numbers
    assert sum(1 for text in notes if spelled_phones(text) != spelled_phone_runs(text)) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["five", "Oh", "O", "nueve", "không", "555", "0199", "one1", "x", "-", ", ", " ",
                                 "(", ")", "tres.", "ÑUEVE", "seven"]), max_size=30).map("".join))
def test_the_digit_word_gate_of_spelled_phones_changes_nothing_on_number_like_text(text):
    text = normalise(text)
    assert spelled_phones(text) == spelled_phone_runs(text)


def test_the_at_gate_of_emails_changes_nothing_on_the_corpus():
    notes = every_note()
    assert sum(1 for text in notes if email_spans(text)) > 20  # the corpus has addresses, plain and spelled
    assert sum(1 for text in notes if emails(text) != email_spans(text)) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ann", "Dee.", "at", "AT", "At", "a.t.", "A.T", "a.t", "arroba", "ARROBA", "@",
                                 "＠", "(at)", "[at]", "gmail", "cox", "dot", "(dot)", "punto", "chấm", "com", "net",
                                 ".", " ", "  ", "-", "_", "+", "x"]), max_size=30).map("".join))
def test_the_at_gate_of_emails_changes_nothing_on_address_like_text(text):
    text = normalise(text)
    assert emails(text) == email_spans(text)


def test_the_two_capitals_gate_of_uncued_names_changes_nothing_on_the_corpus():
    notes = every_note()
    assert sum(1 for text in notes if uncued_name_runs(text)) > 20  # the corpus has names without cues
    assert sum(1 for text in notes if uncued_names(text) != uncued_name_runs(text)) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ann", "Marie", "Trần", "Văn", "Minh", "J.", "Smith", "O'Neal", "Jean-Pierre", "the",
                                 "saw", "Nguyen", "É", "ÉLODIE", " ", "  ", ", ", ". ", "'", "-"]), max_size=20)
       .map("".join))
def test_the_two_capitals_gate_of_uncued_names_changes_nothing_on_name_like_text(text):
    text = normalise(text)
    assert uncued_names(text) == uncued_name_runs(text)


CAPITALISED_CUES = [(NAME_CUED, CUE_STARTS), (INTERSECTION, INTERSECTION_STARTS)]


def spans_tried_everywhere_and_before_the_last_capital(text: str) -> tuple[list, list]:
    """Each capitalised cue's match spans, tried at every cue word and only before the note's last capital."""
    return ([[match.span() for match in cued(pattern, starts, text)] for pattern, starts in CAPITALISED_CUES],
            [[match.span() for match in cued(pattern, starts, text, capitalised=True)]
             for pattern, starts in CAPITALISED_CUES])


def test_the_last_capital_gate_of_names_and_intersections_changes_nothing_on_the_corpus():
    notes = every_note()
    assert sum(1 for text in notes if cued(NAME_CUED, CUE_STARTS, text)) > 20  # the corpus has cued names
    assert sum(1 for text in notes if cued(INTERSECTION, INTERSECTION_STARTS, text)) > 5  # and intersections
    tried = [spans_tried_everywhere_and_before_the_last_capital(text) for text in notes]
    assert sum(1 for everywhere, gated in tried if everywhere != gated) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["my son", "his brother", "Mr.", "mr", "named", "the corner of", "at", "At", "and",
                                 "Tupelo", "N", "Claiborne", "ann", "Ann", "Trần", "É", "se llama", "tên là", " ",
                                 ", ", ". ", "-", "St."]), max_size=20).map(" ".join))
def test_the_last_capital_gate_changes_nothing_on_cue_like_text(text):
    everywhere, gated = spans_tried_everywhere_and_before_the_last_capital(normalise(text))
    assert everywhere == gated


def test_a_street_from_the_database_is_safe_alone_and_an_address_beside_a_house_number():
    """The operation's own streets (geography.py): "Wickfield" is no safe word until the database has it (after
    "by", which puts no street after it as "on" does)."""
    from outreach.extensions import db
    from outreach.models import Street
    from outreach.services.privacy import geography, scrub
    assert scrub("tree down by Wickfield, blocking the road").text == "tree down by [name], blocking the road"
    db.session.add(Street(name="Wickfield Dr", geometry={"type": "LineString", "coordinates": [[-90.0, 30.0],
                                                                                              [-90.001, 30.0]]},
                          min_lon=-90.001, min_lat=30.0, max_lon=-90.0, max_lat=30.0))
    db.session.commit()
    geography.forget()
    assert scrub("tree down by Wickfield, blocking the road").text == "tree down by Wickfield, blocking the road"
    assert scrub("lives at 4410 Wickfield, blue house").text == "lives at [address], blue house"


def test_public_places_tried_at_their_first_words_are_the_places_the_whole_pattern_finds():
    from outreach.services.privacy.deny import PUBLIC_PLACE, public_places, tokens_of
    from outreach.services.privacy.spans import Span
    notes = every_note() + [normalise(note.text) for note in HELD_OUT_C + FAMILIES + SECOND_ROUND] + [
        "went to the Red Cross then St. Jude, la Cruz Roja y el Ejército de Salvación", "our lady of the Lake"]
    searched = [[Span(m.start(), m.end(), "public") for m in PUBLIC_PLACE.finditer(text)] for text in notes]
    assert sum(map(len, searched)) > 20
    assert sum(1 for text, found in zip(notes, searched) if public_places(text, tokens_of(text)) != found) == 0


def test_the_street_type_gate_of_foreign_addresses_changes_nothing():
    from outreach.services.privacy.places import foreign_address_spans, foreign_addresses
    notes = every_note() + [normalise(note.text) for note in HELD_OUT_C + FAMILIES + SECOND_ROUND] + [
        "vive en 2810 Calle Dumaine", "AVENIDA Canal 1200", "4720 Đường Chef Menteur", "av. Carrollton 88"]
    assert sum(1 for text in notes if foreign_address_spans(text)) >= 4
    assert sum(1 for text in notes if foreign_addresses(text) != foreign_address_spans(text)) == 0


def deny_pass_answers(text: str) -> tuple[list, list, bool]:
    """The deny pass's names with its quiet fast path and without it, and whether all_plain called the note plain."""
    from outreach.services.privacy.deny import all_plain, number_spans, tokens_of, word_spans
    tokens = tokens_of(text)
    _, used = number_spans(text, tokens)
    cased = any(char.isupper() for char in text) and any(char.islower() for char in text)
    return word_spans(text, tokens, used, cased), word_spans(text, tokens, used, cased, quiet_path=False), \
        all_plain(text)


def test_the_quiet_path_and_all_plain_of_the_deny_pass_change_nothing_on_the_corpus():
    """A safe word decided without is_name where no cue stands beside it ("a long while") gets the answer is_name
    gives; a note all_plain calls plain has no word the full reading redacts."""
    from outreach.services.privacy.deny import all_plain, unsafe_spans
    notes = every_note() + [normalise(note.text) for note in HELD_OUT_C + FAMILIES + SECOND_ROUND + HELD_OUT_D]
    answers = [deny_pass_answers(text) for text in notes]
    assert sum(1 for _, full, _ in answers if full) > 200  # the corpus has names the pass finds
    assert sum(1 for quick, full, _ in answers if quick != full) == 0
    assert sum(1 for _, _, plain in answers if plain) > 300  # and most clean notes are plain
    assert sum(1 for text, (_, full, plain) in zip(notes, answers) if plain and (full or unsafe_spans(
        text, detected=False)[0])) == 0
    assert all_plain("Talked a long while on the porch with an old friend of my mom.")  # no cue beside "long", "an"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["long", "Long", "my", "an", "son", "hope", "Hope", "will", "Will", "rose", "may",
                                 "said", "needs", "came", "is", "and", "her", "his", "the", "family", "fam", "named",
                                 "call", "him", "Mr", "ms", "pastor", "Pastor", "daughter", "grandson", "chị", "co",
                                 "anh", "tran", "van", "thi", "Nguyen", "la", "familia", "St", "Tee", "tee", "-",
                                 "jaylen", "Jaylen", "Grace", "faith", "roof", "leaks", "said.", ". ", ", ", " ",
                                 "spoke", "with", "of", "aka", "visited", "Lan", "lan", "bac", "le", "dicen",
                                 "tremaine", "Tremaine"]),
                max_size=12).map(" ".join))
def test_the_quiet_path_and_all_plain_change_nothing_on_cue_like_text(text):
    from outreach.services.privacy.deny import unsafe_spans
    text = normalise(text)
    quick, full, plain = deny_pass_answers(text)
    assert quick == full
    assert not (plain and (full or unsafe_spans(text, detected=False)[0]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", " ", "  ", "   ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f",
                                 "\x00", "\x7f", ".", "7"]), max_size=30).map("".join))
def test_ascii_text_skips_the_whitespace_scan_only_when_it_has_no_run_to_cut(text):
    """normalise() returns printable ASCII without three spaces in a row as it is: exactly what the scan gives."""
    assert normalise(text) == LONG_SPACE.sub(lambda run: run.group()[:2], text)


ASCII_PIECES = ["a", "Ab", "z", "7", "'", "''", "’", " ", "  ", "\t", "\n", ".", "-", "_", "@", "é", "don't", "x'7"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ASCII_PIECES), max_size=30).map("".join))
def test_ascii_words_cut_in_c_are_the_patterns_words(text):
    """word_set and all_plain's tokens of ASCII text, cut by bytes.translate, are those the patterns find."""
    from outreach.services.privacy.deny import ASCII_TOKEN, ascii_tokens
    from outreach.services.privacy.spans import WORD, word_set, words_of
    assert word_set(text) == frozenset(word.lower() for word in WORD.findall(text))
    assert words_of(text) == tuple((word.start(), word.group().lower()) for word in WORD.finditer(text))
    if text.isascii():
        assert ascii_tokens(text.lower()) == ASCII_TOKEN.findall(text.lower())


def test_ascii_words_cut_in_c_are_the_patterns_words_on_every_corpus_note():
    from outreach.services.privacy.deny import ASCII_TOKEN, ascii_tokens
    from outreach.services.privacy.spans import WORD, word_set, words_of
    notes = [text for text in every_note() if text.isascii()]
    assert len(notes) > 500
    assert sum(1 for text in notes if word_set(text) != frozenset(word.lower() for word in WORD.findall(text))) == 0
    assert sum(1 for text in notes
               if words_of(text) != tuple((word.start(), word.group().lower()) for word in WORD.finditer(text))) == 0
    assert sum(1 for text in notes if ascii_tokens(text.lower()) != ASCII_TOKEN.findall(text.lower())) == 0


def ungated_shaped_spans(text: str) -> list:
    """shaped_spans without its gates: both long patterns run on every note."""
    from outreach.services.privacy.deny import LETTERED_GPS, NAMED_DATE, Span
    return [Span(m.start(), m.end(), "dob") for m in NAMED_DATE.finditer(text)] + [
        Span(m.start(), m.end(), "gps") for m in LETTERED_GPS.finditer(text)
        if sum(char.isdigit() for char in m.group()) >= 6]


def test_the_month_and_decimal_gates_of_shaped_spans_change_nothing_on_the_corpus():
    from outreach.services.privacy.deny import shaped_spans
    notes = every_note() + [normalise(note.text) for note in HELD_OUT_C + FAMILIES + SECOND_ROUND + HELD_OUT_D]
    assert sum(1 for text in notes if ungated_shaped_spans(text)) > 20  # the corpus has such dates and coordinates
    assert sum(1 for text in notes if shaped_spans(text) != ungated_shaped_spans(text)) == 0
    # the shapes the gates must let through: minutes with one decimal, a Spanish month's number, an abbreviation
    for text in ("boat at N29 58.2 W90 02.9", "f. nac. 3 de 4 del 1950", "born 14-Sept-52", "nació 2 stiembre 48"):
        assert shaped_spans(text) == ungated_shaped_spans(text) != [], text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["14", "3", "1952", "52", "'52", "Mar", "MARZO", "de", "DE", "del", "Sept", "sept.",
                                 "setiembre", "stiembre", "Ene.", "abr", "N", "W", "29", "58.27", "90", "02.9", "°",
                                 "-90.0489", "29.97", ",", "-", "/", ".", " ", "  ", "x", "may", "th"]),
                max_size=14).map("".join))
def test_the_month_and_decimal_gates_of_shaped_spans_change_nothing_on_date_like_text(text):
    from outreach.services.privacy.deny import shaped_spans
    text = normalise(text)
    assert shaped_spans(text) == ungated_shaped_spans(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Jan", "MAR", "mAy", "sept", "dic", "Sti", "de", "DE", "De 4", "d", "e", "14", "3",
                                 "52", "'", "-", "/", ".", " ", "\t", "  ", "x", "K", "é", "ſept"]),
                max_size=14).map("".join))
def test_the_month_letters_found_by_substring_are_the_patterns(text):
    """month_or_de's substring search of ASCII text answers as MONTH_OR_DE's case-blind search does."""
    from outreach.services.privacy.deny import MONTH_OR_DE, month_or_de
    assert month_or_de(text) == (MONTH_OR_DE.search(text) is not None)


def number_led_matches(text: str) -> list:
    """ADDRESS_START's and LOWER_ADDRESS's matches (spans) found at runs of digits and by the patterns' own search."""
    from outreach.services.privacy.places import ADDRESS_START, LOWER_ADDRESS
    from outreach.services.privacy.spans import at_numbers
    return [([match.span() for match in at_numbers(pattern, text)], [match.span() for match in pattern.finditer(text)])
            for pattern in (ADDRESS_START, LOWER_ADDRESS)]


def test_house_numbers_tried_at_runs_of_digits_are_those_the_patterns_find_on_the_corpus():
    notes = every_note() + [normalise(note.text) for note in HELD_OUT_C + FAMILIES + SECOND_ROUND + HELD_OUT_D]
    answers = [number_led_matches(text) for text in notes]
    assert sum(1 for pairs in answers for _, searched in pairs if searched) > 100  # the corpus has addresses
    assert sum(1 for pairs in answers for at_runs, searched in pairs if at_runs != searched) == 0


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["2417", "12", "1", "123456", "4B", "#", "$", "-", ".", ",", "'", " ", "  ", "N ", "n.",
                                 "north ", "Galvez", "galvez", "St", "st", "ave", "Apt", "12 families", "x", "٣"]),
                max_size=16).map("".join))
def test_house_numbers_tried_at_runs_of_digits_are_those_the_patterns_find_on_address_like_text(text):
    for at_runs, searched in number_led_matches(normalise(text)):
        assert at_runs == searched
