"""Privacy by construction: scrub PII from free text before it is stored.

Every note a volunteer types passes through scrub(), which normalises the text
(NFKC, invisible characters removed, so "ann\u200b@x.com" and full-width
letters read as what they show), finds spans of personal data, replaces each
with a marker such as [phone] or [name], and counts what it took out so the
volunteer can be shown what was redacted.

Detectors, one module per family (overlaps are settled by the order of KINDS,
so an SSN is never half-read as a phone and coordinates never as one):
- contact: emails (also "dee at proton dot me", "arroba ... punto"), phones
  (libphonenumber on short digit runs, patterns, numbers spelled in en/es/vi).
- identifiers: SSNs, health and government ids (Medicare MBI, Medicaid,
  driver's licences, FEMA registration), plates, dates of birth after a cue.
- places: street addresses (usaddress on bounded windows, lower case, Spanish
  and Vietnamese forms), intersections after "at"/"corner of", coordinates.
- people: names after cues (titles, relatives, "se llama", "tên là") and
  without them (Census first name + surname, Vietnamese family names, initials).

Then deny by default (deny.py, vocabulary.py): every word and number the
detectors left is kept only when it is known to be safe (a frequent en/es/vi
word that is no name where it stands, the operation's streets and places, a
small count, a time, money, a dose); anything else becomes [name] or [number]
(or [phone], [ssn], [dob], [gps], [id], [address] by its shape). Public names
(a school named after a person, a bus route, a .gov site) are never redacted.

Work is linear in the length of the note: no pattern can backtrack
catastrophically and the two CRF/parser libraries see only short windows, a
bounded number of times per note. Text longer than MAX_LENGTH is refused.
"""
import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field

from . import native  # noqa: F401 (first, for its effect: the compiled scrubber while it matches the sources)
from .contact import digit_phones, emails, spelled_phones
from .deny import joined_names, public_line, public_number, repeated_names, unsafe_spans
from .geography import learn_from_database
from .identifiers import dates_of_birth, ids, plates, ssns
from .people import names
from .places import addresses, coordinates, cued_addresses, foreign_addresses, intersections, lower_case_addresses
from .spans import Span, digit_count, settle

# Detector order is priority on overlap; "number" is the deny pass's placeholder for a number of no known shape.
KINDS = ("email", "ssn", "id", "gps", "dob", "phone", "plate", "address", "name", "number")
# Every detector in that order, and the fewest digits a text must hold for it to find anything (every one of
# its patterns needs that many): most notes have no digit, and those skip ten of the fourteen; most others hold a
# count or a time, too few digits for an SSN (9), a phone (7), an id (5: a Medicare MBI) or a decimal degree
# (coordinates, which also reads 29°57'N). tests/services/test_privacy_gate.py proves the answers are the same.
DETECTORS = ((emails, 0), (ssns, 9), (ids, 5), (coordinates, 2), (dates_of_birth, 1), (digit_phones, 7),
             (spelled_phones, 0), (plates, 1), (addresses, 1), (lower_case_addresses, 1), (cued_addresses, 1),
             (foreign_addresses, 1), (intersections, 0), (names, 0))
# The longest free text anyone may store (visit notes, services/visits.py MAX_NOTES); callers refuse longer
# text with a form or API error before scrubbing, and scrub() refuses it too, so its cost stays bounded.
MAX_LENGTH = 2000
# Characters that draw nothing but can split a word so no pattern sees it: format characters (zero-width
# spaces and joiners, bidi marks, soft hyphens) and other invisible controls.
INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]")
# A run of more than two spaces or line breaks is cut to its first two: with every run that short, no
# pattern's optional spaces (`\s*,?\s*`) can try a long run in many ways, which made one note take minutes.
LONG_SPACE = re.compile(r"\s{3,}")


# What may stand between two redacted pieces of one name or number for them to read as one: "[name]".
JOINABLE = re.compile(r"[ .'’-]{0,3}")
# What each kind of public name takes back from the detectors: a school or a street named after a person and a
# .gov site are no person; a bus route's number is no house number.
PUBLIC_KINDS = {"public": {"name"}, "route": {"name", "address"}, "site": {"name", "email"}}
NUMBER_KINDS = {"number", "phone", "ssn", "id", "dob", "gps"}


class TextTooLong(ValueError):
    """Text longer than MAX_LENGTH: callers must refuse it before scrubbing."""


@dataclass
class Scrubbed:
    """Scrubbed text and the kinds of PII taken out (e.g. {"phone": 1})."""

    text: str
    redactions: dict = field(default_factory=dict)


def scrub(text: str | None) -> Scrubbed:
    """Replace PII in `text` with markers such as [phone] and count what was replaced."""
    if not text:
        return Scrubbed(text or "")
    if len(text) > MAX_LENGTH:
        raise TextTooLong(f"text of {len(text)} characters is longer than {MAX_LENGTH}")
    text = normalise(text)
    learn_from_database()
    redactions: dict = {}
    pieces, cursor = [], 0
    for span in merged(text, spans_to_redact(text)):
        pieces.append(text[cursor:span.start])
        pieces.append(f"[{span.kind}]")
        redactions[span.kind] = redactions.get(span.kind, 0) + 1
        cursor = span.end
    pieces.append(text[cursor:])
    return Scrubbed("".join(pieces), redactions)


def normalise(text: str) -> str:
    """NFKC without invisible characters, so look-alike and split forms read as what they show.

    A few compatibility characters expand to many (one ligature is 18
    letters); when NFKC would grow the text past MAX_LENGTH, NFC is used.
    Runs of whitespace are cut to two characters (see LONG_SPACE).
    """
    if text.isascii():  # nothing invisible, and NFKC leaves ASCII as it is
        if text.isprintable() and "   " not in text:
            return text  # no whitespace but the space, and no three spaces in a row: no run to cut (no regex scan)
        return LONG_SPACE.sub(_first_two, text)
    text = LONG_SPACE.sub(_first_two, INVISIBLE.sub("", text))
    compatible = unicodedata.normalize("NFKC", text)
    return compatible if len(compatible) <= MAX_LENGTH else unicodedata.normalize("NFC", text)


def _first_two(run: re.Match) -> str:
    """A run of whitespace, cut to its first two characters."""
    return run.group()[:2]


def spans_to_redact(text: str) -> list[Span]:
    """The detectors' spans and every unsafe token they left (deny.py), none inside a public name; then the words
    joined to a name by "and" (deny.joined_names) and every other place the note writes a name it redacted
    (deny.repeated_names)."""
    return repeated_names(text, joined_names(text, unsafe_and_found(text)))


def unsafe_and_found(text: str) -> list[Span]:
    """The detectors' spans, then every unsafe token they left (deny.py), none inside a public name."""
    found = [span for span in settle(find_spans(text)) if not is_public_line(span, text)]
    unsafe, public = unsafe_spans(text, detected=bool(found))
    if not unsafe:  # most notes: nothing the deny pass adds, so the detectors' spans stand as settled
        return [span for span in found if not taken_back(span, public)] if public else found
    if public:
        found = [span for span in found if not taken_back(span, public)]
        unsafe = [span for span in unsafe if not taken_back(span, public)]
    # A number the deny pass read whole ("two oh two 555 0147") replaces the detectors' parts of it, keeping
    # their kind. `found` is settled (sorted, no overlaps), so the spans a wide one meets are found by bisection.
    starts, ends = [span.start for span in found], [span.end for span in found]
    for wide in [span for span in unsafe if span.kind in NUMBER_KINDS]:
        first, last = bisect.bisect_left(ends, wide.start + 1), bisect.bisect_left(starts, wide.end)
        met = found[first:last]
        if met and wide.start <= met[0].start and met[-1].end <= wide.end and (met[0].start, met[-1].end) != (
                wide.start, wide.end):
            found = found[:first] + [Span(wide.start, wide.end, met[0].kind)] + found[last:]
            starts, ends = [span.start for span in found], [span.end for span in found]
    kept = settle(found + unsafe)
    chosen, ends = set(kept), [span.end for span in kept]
    return settle(kept + [piece for span in unsafe if span not in chosen for piece in outside(span, kept, ends)])


def is_public_line(span: Span, text: str) -> bool:
    """Whether a detector's phone or id is a public line: FEMA's line is no one's, whatever cue stands before it."""
    value = text[span.start:span.end]
    return (span.kind == "phone" and public_number(value)) or (span.kind == "id" and public_line(value))


def outside(span: Span, kept: list[Span], ends: list[int]) -> list[Span]:
    """The parts of a span that no kept span covers: a number the deny pass read across a detector's date keeps
    its own part. `kept` is settled (sorted, no overlaps) and `ends` its ends, so bisection finds the spans met."""
    pieces, cursor = [], span.start
    for other in kept[bisect.bisect_right(ends, span.start):]:
        if other.start >= span.end:
            break
        if other.start > cursor:
            pieces.append(Span(cursor, other.start, span.kind))
        cursor = max(cursor, other.end)
    if cursor < span.end:
        pieces.append(Span(cursor, span.end, span.kind))
    return pieces


def taken_back(span: Span, public: list[Span]) -> bool:
    """Whether a public name that `span` overlaps takes it back (PUBLIC_KINDS)."""
    return any(other.start < span.end and span.start < other.end and span.kind in PUBLIC_KINDS[other.kind]
               for other in public)


def merged(text: str, spans: list[Span]) -> list[Span]:
    """Spans by position, with neighbours of one kind joined across a space or a hyphen ("[name] said")."""
    joined: list[Span] = []
    for span in spans:
        if joined and joined[-1].kind == span.kind and JOINABLE.fullmatch(text, joined[-1].end, span.start):
            joined[-1] = Span(joined[-1].start, span.end, span.kind)
        else:
            joined.append(span)
    return joined


def find_spans(text: str, every_detector: bool = False) -> list[Span]:
    """Every detector's spans, in priority order; those that need digits only when the text has enough."""
    digits = math.inf if every_detector else digit_count(text)
    return [span for detect, fewest in DETECTORS if digits >= fewest for span in detect(text)]
