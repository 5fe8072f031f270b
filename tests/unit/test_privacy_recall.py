"""The scrubber judged strictly: a planted value counts as caught only when none of its identifying content survives.

Caught means (caught() below):
- no word of a name survives (any case, two letters or more: a surname left
  behind is a leak, whatever placeholder stands beside it);
- no run of three digits of a number survives, with digits read however they
  are written (dots, slashes, dashes, spaces between digits, a letter O for a
  zero, number words in English and Spanish) anywhere in the scrubbed note;
- no code-like token of an id or plate survives ("JKR", "3RW7");
- for an email, no word of three letters or more of the part before the "at";
- for an address without a number (an intersection), no street word survives.
The placeholder's kind does not matter: "[number]" for an SSN read off a card
with odd separators still catches it. Clean notes must come out unchanged.

Training figures: every corpus below has been looked at while tuning. Part C
(tests/services/privacy_heldout_c.py) was the frozen held-out corpus of issue 24
until its second round, part D (tests/services/privacy_heldout_d.py) until its
third, part E (tests/services/privacy_heldout_e.py) until its fourth, part F
(tests/services/privacy_heldout_f.py) until its fifth, part G
(tests/services/privacy_heldout_g.py) until its sixth, part H
(tests/services/privacy_heldout_h.py) until its seventh and part I
(tests/services/privacy_heldout_i.py) until its eighth: the misses of each were
read to find the classes behind them (tests/unit/test_privacy_round3.py holds
D's, test_privacy_round4.py E's, test_privacy_round5.py F's,
test_privacy_round6.py G's, test_privacy_round7.py H's, test_privacy_round8.py
I's), so all seven are training sets now, like parts A and B, the corpus in
privacy_corpus.py and the families in privacy_families.py. Their figures are tuned figures, not held-out
ones: the held-out figure of issue 24 comes only from corpora never read while
tuning, judged once on what lands.
"""
import re
from collections import Counter

import pytest

from outreach.services.privacy import normalise, scrub
from outreach.services.privacy.vocabulary import SOUTH_TOWNS, SOUTH_TOWNS_NAMED
from tests.services.privacy_corpus import corpus, tuning
from tests.services.privacy_heldout import HELD_OUT
from tests.services.privacy_heldout_b import HELD_OUT_B
from tests.services.privacy_heldout_c import HELD_OUT_C
from tests.services.privacy_heldout_d import HELD_OUT_D
from tests.services.privacy_heldout_e import HELD_OUT_E
from tests.services.privacy_heldout_f import HELD_OUT_F
from tests.services.privacy_heldout_g import HELD_OUT_G
from tests.services.privacy_heldout_h import HELD_OUT_H
from tests.services.privacy_heldout_i import HELD_OUT_I

# The goals of issue 24 on a held-out set, per kind; clean notes altered at most one in 30.
GOALS = {"name": 0.85, "phone": 0.95, "email": 0.95, "ssn": 0.95, "id": 0.95, "gps": 0.95, "address": 0.90,
         "dob": 0.90}
CLEAN_ALTERED_GOAL = 1 / 30
NUMBER_WORDS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
                "six": "6", "seven": "7", "eight": "8", "nine": "9", "cero": "0", "uno": "1", "dos": "2",
                "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9"}
PIECE = re.compile(r"[^\W_]+")
CONNECTORS = {"and", "y", "và", "at", "of", "de", "the", "corner", "esquina", "góc", "n", "s", "e", "w", "st",
              "north", "south", "east", "west", "ave", "street", "blvd", "rd", "dr", "calle", "đường"}


def digit_runs(text: str) -> list[str]:
    """Every run of digits in `text`, however written: pieces joined by marks or spaces, O for 0, number words."""
    runs, current, last_end = [], "", -10
    for piece in PIECE.finditer(text):
        word = piece.group().lower()
        digits = NUMBER_WORDS.get(word)
        if digits is None and re.fullmatch(r"[\do]*\d[\do]*", word):
            digits = word.replace("o", "0")
        joined = re.fullmatch(r"[\s.,/()+#*:–—-]{0,4}", text[last_end:piece.start()]) is not None
        if digits is None:
            runs.append(current)
            current = ""
        elif joined and current:
            current += digits
        else:
            runs.append(current)
            current = digits
        last_end = piece.end()
    return [run for run in runs + [current] if run]


def digit_leak(value: str, scrubbed: str, elsewhere: str) -> bool:
    """Whether three digits in a row of the value's number stand in a run of digits of the scrubbed note.

    Three digits that the note also holds outside the value ("back at 10:30")
    prove nothing and are not counted.
    """
    value_digits = "".join(digit_runs(value))
    grams = {value_digits[i:i + 3] for i in range(len(value_digits) - 2)}
    grams = {gram for gram in grams if not any(gram in run for run in digit_runs(elsewhere))}
    return any(gram in run for run in digit_runs(scrubbed) for gram in grams)


def words_left(words: list[str], scrubbed: str, elsewhere: str = "") -> bool:
    """Whether any of `words` stands in the scrubbed note as a word (any case), not counting words the note
    also holds outside the value ("FEMA" in "joseph+fema@aol.com ... the FEMA form")."""
    return any(stands(word, scrubbed) and not stands(word, elsewhere) for word in words)


def stands(word: str, text: str) -> bool:
    """Whether `word` stands in `text` as a whole word, in any case."""
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, re.IGNORECASE) is not None


def caught(kind: str, value: str, scrubbed: str, original: str = "") -> bool:
    """Whether none of the planted value's identifying content survives in the scrubbed note (module docstring)."""
    value = normalise(value)
    elsewhere = normalise(original).replace(value, " ")
    if digit_leak(value, scrubbed, elsewhere):
        return False
    pieces = [piece for piece in PIECE.findall(value) if not piece.isdigit()]
    if kind == "name":
        return not words_left([piece for piece in pieces if len(piece) >= 2], scrubbed, elsewhere)
    if kind == "email":
        local = re.split(r"@|\s(?:at|arroba)\s|\((?:at|arroba)\)|\[at\]", value, flags=re.IGNORECASE)[0]
        return not words_left([piece for piece in PIECE.findall(local) if len(piece) >= 3], scrubbed, elsewhere)
    if kind in {"id", "plate"}:
        codes = [piece for piece in PIECE.findall(value) if len(piece) >= 2 and (piece.isupper() or any(
            char.isdigit() for char in piece)) and not piece.isdigit() and piece.upper() not in {"LA", "TX", "MS"}]
        return not words_left(codes, scrubbed, elsewhere)
    if kind == "address" and not any(char.isdigit() for char in value):
        return not words_left([piece for piece in pieces if piece.lower() not in CONNECTORS and len(piece) >= 3],
                              scrubbed, elsewhere)
    return True


def cases(families: dict) -> list:
    """Every case of every family (a round's test file), with its family's name and number as the id."""
    return [pytest.param(family, case, id=f"{family}-{number}")
            for family, notes in families.items() for number, case in enumerate(notes)]


def assert_caught(note: str, pii: list) -> None:
    """Every value planted in `note` is gone from what the scrubber stores (as caught() judges)."""
    result = scrub(note).text
    assert all(caught(kind, value, result, note) for kind, value in pii), result


def measure(notes) -> tuple[Counter, Counter, int, int, list]:
    """Caught and planted per kind, clean notes altered and clean notes in all, and the misses."""
    found, planted, clean, altered, misses = Counter(), Counter(), 0, 0, []
    for note in notes:
        result = scrub(note.text).text
        if not note.pii:
            clean += 1
            if result != normalise(note.text).strip() and result != note.text:
                altered += 1
                misses.append(("clean note altered", note.text, result))
        for kind, value in note.pii:
            planted[kind] += 1
            if caught(kind, value, result, note.text):
                found[kind] += 1
            else:
                misses.append((kind, value, result))
    return found, planted, clean, altered, misses


def table(title: str, notes) -> tuple[dict, int, int, list]:
    """Print recall per kind and the clean notes altered; return the recall, the altered and clean counts, misses."""
    found, planted, clean, altered, misses = measure(notes)
    recall = {kind: found[kind] / planted[kind] for kind in planted}
    print(f"\n{title}: {len(notes)} notes, {clean} clean")
    for kind in sorted(planted):
        print(f"  {kind:8s} {recall[kind]:6.1%}  ({found[kind]} of {planted[kind]})")
    print(f"  clean notes altered: {altered} of {clean}")
    return recall, altered, clean, misses


TRAINING_SETS = ["first corpus", "issue-15 tuning notes", "held-out A (now training)", "held-out B (now training)",
                 "issue-24 leak families", "corpus C (held out until issue 24's second round)",
                 "issue-24 second-round classes", "corpus D (held out until issue 24's third round)",
                 "corpus E (held out until issue 24's fourth round)",
                 "corpus F (held out until issue 24's fifth round)",
                 "corpus G (held out until issue 24's sixth round)",
                 "corpus H (held out until issue 24's seventh round)",
                 "corpus I (held out until issue 24's eighth round)"]


def training_sets() -> dict:
    """The notes the scrubber was tuned on, by name (TRAINING_SETS)."""
    from tests.services.privacy_families import FAMILIES, SECOND_ROUND
    notes = (corpus(), tuning(), HELD_OUT, HELD_OUT_B, FAMILIES, HELD_OUT_C, SECOND_ROUND, HELD_OUT_D,
             HELD_OUT_E, HELD_OUT_F, HELD_OUT_G, HELD_OUT_H, HELD_OUT_I)
    return dict(zip(TRAINING_SETS, notes, strict=True))


def test_caught_is_strict():
    assert not caught("ssn", "523-41-7789", "ssn [number]-7789 ok 523")
    assert not caught("ssn", "523-41-7789", "ssn five two three [number]")
    assert caught("ssn", "523-41-7789", "ssn [number], back at 10:30")
    assert not caught("phone", "five oh four 555 0134", "[number] 5 5 5 [number]")
    assert not caught("name", "Hope Guidry", "[name] guidry said")
    assert caught("name", "Hope Guidry", "[name] said")
    assert not caught("id", "7FW2-QJ4-TX60", "medicare # [id]-QJ4-[id]")
    assert not caught("email", "precious.jacques at gmail dot com", "[name].jacques at gmail dot com")
    assert not caught("address", "Music and N Robertson", "at Music and [name]")


@pytest.mark.parametrize("name", TRAINING_SETS)
def test_training_sets_at_goal(name):
    notes = training_sets()[name]
    recall, altered, clean, misses = table(f"training: {name}", notes)
    below = {kind: rate for kind, rate in recall.items() if rate < GOALS.get(kind, 0.9)}
    assert not below and altered <= clean * CLEAN_ALTERED_GOAL, (below, altered, misses[:30])



# H is set on the Texas and Louisiana coast; rounds 5 and 6 added the US South's towns (privacy/south_towns*.txt)
# without knowing that, from earlier corpora set in the region. H's clean notes naming one of those towns are
# judged apart too, so the figure on the others owes nothing to the lists.
TOWNS = sorted(map(re.escape, SOUTH_TOWNS | SOUTH_TOWNS_NAMED), key=len, reverse=True)
TOWN = re.compile(r"\b(" + "|".join(TOWNS) + r")\b", re.I)


# Held out, H was judged once on what landed, 2026-12-07 (d980ade, after round 6): name 93.9%, phone 100%, email
# 100%, ssn 92.0%, id 93.8%, gps 100%, address 100%, dob 100%; 27 of 214 clean notes altered (19 of the 136 naming
# no listed town). Round 7 read its misses and tuned on them (test_privacy_round7.py): the figures below are
# training figures now (every kind 100%, no clean note altered), no evidence of what unseen notes will show.
def test_every_kind_and_clean_notes_reach_their_goals_on_corpus_h_now_training():
    """Each kind at its goal and at most one clean note in 30 altered on H, also among the notes naming no town."""
    recall, altered, clean, misses = table("corpus H (training since round 7)", HELD_OUT_H)
    townless = [note for note in HELD_OUT_H if not note.pii and not TOWN.search(note.text)]
    _, townless_altered, townless_clean, _ = table("corpus H, clean notes naming no town of the lists", townless)
    below = {kind: round(rate, 3) for kind, rate in recall.items() if kind in GOALS and rate < GOALS[kind]}
    assert not below and altered <= clean * CLEAN_ALTERED_GOAL, (below, altered, misses[:30])
    assert townless_altered <= townless_clean * CLEAN_ALTERED_GOAL, f"{townless_altered} of {townless_clean}"


# Held out, I (central Oklahoma and Tulsa, written apart and frozen before round 7) was judged once on what round 7
# landed, 2026-12-07 (4a179d8): name 94.4%, phone 96.3%, email 100%, ssn 96.2%, id 86.1%, gps 100%, address 81.8%,
# dob 100%; 31 of 208 clean notes altered. Round 8 read its misses and tuned on them (test_privacy_round8.py): it is
# a training set now (TRAINING_SETS), and its figures are training figures, no evidence of what unseen notes show.


# Held out: J (wildfires and floods in the US West, the Midwest and Puerto Rico; en, es, vi, Haitian Creole; written
# apart and frozen before round 8) was judged once on what round 8 landed, 2026-12-08 (6186cf1, compiled scrubber):
# name 96.1%, phone 97.6%, email 100%, ssn 100%, id 100%, gps 100%, address 85.3%, dob 91.3%; 57 of 232 clean notes
# altered. Nobody who tuned has read its notes; the round-8 tuner knew its regions from the lead's closing note
# and said some rules aim there, which may have helped recall. Goals missed: address, and clean notes by far.
@pytest.mark.xfail(strict=True, reason="issue 24 not done: on held-out J address is 85.3% (goal 90%) and 57 of 232 "
                   "clean notes are altered (goal at most 1 in 30: 7)")
def test_every_kind_and_clean_notes_reach_their_goals_on_the_held_out_corpus_j():
    """Each kind at its goal and at most one clean note in 30 altered on J, never tuned on."""
    # Imported here, not with the module: a tuner runs this file's training tests without loading J.
    from tests.services.privacy_heldout_j import HELD_OUT_J

    recall, altered, clean, _ = table("held-out J (never tuned on)", HELD_OUT_J)
    below = {kind: round(rate, 3) for kind, rate in recall.items() if kind in GOALS and rate < GOALS[kind]}
    assert not below and altered <= clean * CLEAN_ALTERED_GOAL, (below, altered)


# The number families of issue 24 in every form it lists, in every context: each form x context is a note.
FORMS = {
    "ssn": (["438.22.9107", "438/22/9107", "438–22–9107", "4 3 8 2 2 9 1 0 7", "43822 9107", "438-22-91-07",
             "438-2-2-9107", "438 229 107", "43O-22-91O7", "four three eight two two nine one zero seven",
             "cuatro tres ocho dos dos nueve uno cero siete", "four three eight, two two, nine one oh seven",
             "four thirty-eight, twenty-two, ninety-one oh seven"],
            ["ssn {}", "her SS# {} keep private", "{} is his social", "SEGURO SOCIAL {}", "số an sinh {}",
             "SSN: {}, DOB: 03/14/1952"]),
    "dob": (["3/14/52", "03/14/1952", "031452", "03141952", "14-Mar-52", "Mar 14 1952", "14 march 1952",
             "1952-03-14", "3.14.52", "14 de marzo de 1952"],
            ["dob {}", "born {}", "bday {}", "f. nac. {}", "ngày sinh {}", "{} is her birthday"]),
    "id": (["A204331876", "A-204-331-876", "5077 1100 2233 4455", "28 441 906", "00-41-88-2", "H8832019",
            "JKL-88-1234", "1EG4-TE5-MK72", "941.223.876"],
           ["medicaid {}", "a-number {}", "EBT {}", "VA file {}", "hospital record {}", "{} on the card"]),
    "phone": (["504.555.0134", "5O4-555-O134", "five oh four five five five oh one three four", "504/555/0134",
               "cinco cero cuatro cinco cinco cinco cero uno tres cuatro", "5 0 4 5 5 5 0 1 3 4"],
              ["call {}", "{} daughter", "llamar al {}", "sđt {}", "CALL HER AT {}"]),
    "gps": (["29.9712 -90.0489", "-90.0489, 29.9712", "N29.9712 W90.0489", "29 58.27 N 90 02.93 W",
             "29.97121,-90.04893"], ["{}", "boat at {}", "latitud y longitud {}", "tọa độ {}"]),
}


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_every_form_of_the_issue_24_number_families_is_caught(kind):
    forms, contexts = FORMS[kind]
    missed = [(context.format(form), scrub(context.format(form)).text) for form in forms for context in contexts
              if not caught(kind, form, scrub(context.format(form)).text, context.format(form))]
    assert not missed, missed
