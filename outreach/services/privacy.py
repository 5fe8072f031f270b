"""Privacy by construction: scrub PII from free text before it is stored.

Every note a volunteer types passes through scrub(), which finds spans of
personal data, replaces each with a marker such as [phone] or [name], and
counts what it took out so the volunteer can be shown what was redacted.

Detectors (each returns spans on the original text; overlaps are settled by
detector order, so an SSN is never half-read as a phone):
- email, SSN, date of birth, licence plate: patterns, the last two only after a
  cue ("DOB", "born", "plate", "tag"), because bare dates and codes are common
  in clean notes ("back on 9/14", "FEMA form 90-69").
- phone: Google's libphonenumber (the `phonenumbers` package) finds US and
  international numbers in free text; a pattern adds 7-digit local numbers and
  odd separators it does not accept.
- street address: a candidate (house number + capitalised words) is labelled by
  `usaddress` (a CRF trained on US addresses) to find where the address ends
  (suffix, unit); it counts only with a street suffix or a known New Orleans
  street name, so "2 adults" or "3 Red Cross boxes" stay.
- names: only after cues ("her name is", "Mr.", "Miss", "my son", "called").
"""
import itertools
import re
from dataclasses import dataclass, field

import phonenumbers
import usaddress

# Detector order is priority on overlap.
KINDS = ("email", "ssn", "dob", "phone", "plate", "address", "name")


@dataclass
class Scrubbed:
    """Scrubbed text and the kinds of PII taken out (e.g. {"phone": 1})."""

    text: str
    redactions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A stretch of the original text that holds PII of one kind."""

    start: int
    end: int
    kind: str


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_SPELLED = re.compile(r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*(?:com|org|net|edu|gov)\b",
                           re.IGNORECASE)

SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b")
SSN_CUED = re.compile(r"\b(?:ssn|ss#|ss\s*no\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?)\s*(?:is|:|#)?\s*"
                      r"(\d{3}[\s.-]?\d{2}[\s.-]?\d{4})\b", re.IGNORECASE)

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}\s+{MONTHS}\s+\d{{4}})")
DOB = re.compile(rf"\b(?:dob|d\.o\.b\.|date\s+of\s+birth|birth\s*date|birthday(?:\s+is)?|born(?:\s+on)?|b\.)"
                 rf"\s*(?:is|was|:)?\s*({DATE})", re.IGNORECASE)

PLATE = re.compile(r"\b(?i:licen[cs]e\s+plate|plate|plates|tag|lic(?:ense)?\.?|LP)\s*(?i:no\.?|number|#|is|:)?\s*"
                   r"(?:(?:LA|La\.?|Louisiana|TX|MS)\s+)?"
                   r"((?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4})\b")

PHONE_SHAPE = re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s./-])\d{3}[\s.-]?\d{4}(?![\w-])"
                         r"|(?<![\w/-])\d{3}-\d{4}(?![\w/-])|(?<![\w/-])\d{10}(?![\w/-])")

# Street suffixes (USPS abbreviations and the forms people write).
SUFFIXES = {"st", "street", "ave", "av", "avenue", "blvd", "boulevard", "rd", "road", "dr", "drive", "ct",
            "court", "pl", "place", "ln", "lane", "hwy", "highway", "way", "pkwy", "parkway", "ter", "terrace",
            "cir", "circle", "sq", "square", "aly", "alley", "row", "walk", "trl", "trail", "expy", "hwy."}
# New Orleans streets people name without a suffix ("lives at 2200 Claiborne").
NOLA_STREETS = {
    "claiborne", "tchoupitoulas", "magazine", "broad", "carrollton", "esplanade", "rampart", "galvez",
    "gentilly", "franklin", "louisa", "desire", "piety", "chartres", "royal", "decatur", "dauphine",
    "burgundy", "bourbon", "frenchmen", "almonaster", "forstall", "caffin", "lamanche", "reynes",
    "deslonde", "egania", "flood", "dumaine", "mirabeau", "elysian", "claude", "bernard", "poydras",
    "napoleon", "tulane", "canal", "freret", "dryades", "oretha", "simon", "bolivar", "lasalle",
    "annunciation", "constance", "laurel", "prytania", "coliseum", "camp", "baronne", "dorgenois",
    "tonti", "miro", "johnson", "roman", "prieur", "derbigny", "robertson", "villere", "marais",
    "urquhart", "law", "feliciana", "music", "arts", "pauline", "congress", "independence", "alvar",
    "bartholomew", "mazant", "clouet", "montegut", "kentucky", "tennessee", "florida", "jourdan",
    "chef", "morrison", "read", "crowder", "bullard", "hayne", "lake", "forest", "downman", "dwyer",
    "paris", "filmore", "harrison", "elysian", "banks", "palmyra", "gravier", "perdido", "orleans",
    "ursulines", "governor", "barracks", "hospital", "kerlerec", "columbus", "laharpe", "lapeyrouse",
    "pleasure", "humanity", "abundance", "treasure", "agriculture", "industry", "st", "saint",
}
ADDRESS_START = re.compile(r"(?<![\w#/$.,-])\d{1,5}[A-Za-z]?(?=\s+(?:[NSEW]\.?\s+|[Nn]orth\s+|[Ss]outh\s+|[Ee]ast\s+|[Ww]est\s+)?[A-Z0-9])")
ADDRESS_WINDOW = re.compile(r"\S+")
STREET_LABELS = {"AddressNumber", "AddressNumberSuffix", "StreetNamePreDirectional", "StreetNamePreModifier",
                 "StreetNamePreType", "StreetName", "StreetNamePostType", "StreetNamePostDirectional",
                 "StreetNamePostModifier", "OccupancyType", "OccupancyIdentifier", "SubaddressType",
                 "SubaddressIdentifier", "BuildingName"}
UNIT = re.compile(r"\s*,?\s*(?:(?:apt|apartment|unit|ste|suite|rm|room|fl|floor|lot|trlr)\b\.?\s*#?|#)\s*[\w-]{1,5}\b"
                  r"|\s*,?\s*(?:upstairs|downstairs|rear|front)\s+(?:unit|apt|apartment)\b", re.IGNORECASE)
SUFFIX_WORDS = "|".join(sorted((re.escape(suffix) for suffix in SUFFIXES), key=len, reverse=True))
LOWER_ADDRESS = re.compile(rf"(?<![\w#/$.,-])\d{{1,5}}\s+(?:[nsew]\.?\s+)?(?P<street>(?:[a-z][a-z'-]*\s+){{1,2}})"
                           rf"(?:{SUFFIX_WORDS})\b\.?", re.IGNORECASE)
# Words that follow a count, not a house number ("3 people on the street").
ADDRESS_STOP = {"the", "a", "an", "on", "in", "of", "down", "up", "to", "each", "every", "this", "that", "our",
                "their", "his", "her", "my", "same", "next", "other", "whole", "people", "houses", "kids",
                "blocks", "doors", "more", "at", "across", "from", "by", "off", "along"}
# Numbers that count things, not houses.
NOT_HOUSE = re.compile(r"\d+[A-Za-z]?\s+(?:block|blocks|hundred)\b", re.IGNORECASE)

NAME_WORD = r"[A-Z][a-zA-Z'’-]+"
NAME = rf"{NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{NAME_WORD}){{0,2}}"
TITLE_CUE = r"\b(?:(?i:mr|mrs|ms)|Mr|Mrs|Ms|Mz|Miss|Mister|Dr|Rev|Sister|Brother|Mama|Nana|Uncle|Aunt|Auntie|Mother|Father|Mme)\b\.?"
PHRASE_CUE = (r"\b(?i:(?:his|her|their|my|the)\s+(?:first\s+|last\s+)?name(?:'s|\s+is|\s+was)|name(?:'s|\s+is)|named|called|"
              r"goes\s+by|introduced\s+(?:himself|herself)\s+as|asked\s+for|ask\s+for|"
              r"(?:my|his|her|their|our)\s+(?:son|daughter|husband|wife|grandson|granddaughter|grandmother|grandma|"
              r"grandfather|grandpa|mother|mom|mama|father|dad|brother|sister|nephew|niece|cousin|neighbor|neighbour|"
              r"boyfriend|girlfriend|partner|uncle|aunt|baby|kid|child|friend|caregiver))\b,?")
NAME_WORDS = re.compile(NAME_WORD)
NAME_CUED = re.compile(rf"(?:{TITLE_CUE}|{PHRASE_CUE})\s+({NAME})")
# Capitalised words after a cue that are not people ("called FEMA", "my son Is fine", "called Red Cross").
NOT_NAMES = {
    "FEMA", "Red", "Cross", "Salvation", "Army", "Catholic", "Charities", "Entergy", "Sewerage", "Water",
    "Board", "Coast", "Guard", "National", "Police", "NOPD", "EMS", "The", "A", "An", "He", "She", "They",
    "It", "His", "Her", "Their", "Is", "Was", "Has", "Had", "Will", "Would", "And", "But", "Said", "Says",
    "Back", "Today", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Charity", "Hospital", "Church", "Shelter", "Convention", "Center", "Superdome", "Dome",
    "Team", "Pair", "United", "Way", "Second", "Harvest", "Ochsner", "Tulane", "Baptist", "Mercy",
    "Common", "Ground", "Crisis", "Line", "I", "We", "You", "Not", "No", "Yes", "Ok", "OK", "Also",
    "Okay", "Needs", "Needed", "Wants", "Asked", "Again", "Later", "Here", "There", "Home", "Insurance",
    "Medicaid", "Medicare", "SNAP", "WIC", "Walgreens", "CVS", "Winn-Dixie", "Rouses", "Schwegmann",
}


def scrub(text: str | None) -> Scrubbed:
    """Replace PII in `text` with markers such as [phone] and count what was replaced."""
    if not text:
        return Scrubbed(text or "")
    spans = settle(find_spans(text))
    redactions: dict = {}
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor:span.start])
        pieces.append(f"[{span.kind}]")
        redactions[span.kind] = redactions.get(span.kind, 0) + 1
        cursor = span.end
    pieces.append(text[cursor:])
    return Scrubbed("".join(pieces), redactions)


def find_spans(text: str) -> list[Span]:
    """Every detector's spans, in priority order."""
    return [*emails(text), *ssns(text), *dates_of_birth(text), *phones(text), *plates(text),
            *addresses(text), *lower_case_addresses(text), *names(text)]


def settle(spans: list[Span]) -> list[Span]:
    """Keep spans in priority order, dropping any that overlap one kept before; return them by position."""
    kept: list[Span] = []
    for span in spans:
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda span: span.start)


def _spans(pattern: re.Pattern, text: str, kind: str, group: int = 0) -> list[Span]:
    return [Span(m.start(group), m.end(group), kind) for m in pattern.finditer(text)]


def emails(text: str) -> list[Span]:
    """Email addresses, also spelled out ("ann at gmail dot com")."""
    return _spans(EMAIL, text, "email") + _spans(EMAIL_SPELLED, text, "email")


def ssns(text: str) -> list[Span]:
    """Social Security numbers: the 3-2-4 shape, or nine digits after a cue."""
    return _spans(SSN, text, "ssn") + _spans(SSN_CUED, text, "ssn", group=1)


def dates_of_birth(text: str) -> list[Span]:
    """Dates after a birth cue (a bare date is usually when something happened, not PII)."""
    return _spans(DOB, text, "dob", group=1)


def plates(text: str) -> list[Span]:
    """Licence plates after a cue ("plate ABC 123", "tag 123-XYZ")."""
    return _spans(PLATE, text, "plate", group=1)


def phones(text: str) -> list[Span]:
    """Phone numbers: libphonenumber for US and international forms, plus local 7-digit forms."""
    found = [Span(m.start, m.end, "phone")
             for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE)]
    return found + _spans(PHONE_SHAPE, text, "phone")


def addresses(text: str) -> list[Span]:
    """Street addresses: house number, direction, street name, suffix and unit."""
    found = []
    for start in ADDRESS_START.finditer(text):
        if NOT_HOUSE.match(text, start.start()):
            continue
        end = address_end(text, start.start())
        if end is not None:
            unit = UNIT.match(text, end)
            found.append(Span(start.start(), unit.end() if unit else end, "address"))
    return found


def lower_case_addresses(text: str) -> list[Span]:
    """Addresses typed all in lower case ("2417 n claiborne ave"), which usaddress reads poorly."""
    found = []
    for match in LOWER_ADDRESS.finditer(text):
        if not any(word.lower() in ADDRESS_STOP for word in match.group("street").split()):
            unit = UNIT.match(text, match.end())
            found.append(Span(match.start(), unit.end() if unit else match.end(), "address"))
    return found


def address_end(text: str, start: int) -> int | None:
    """Where the address starting at `start` ends, or None when it is no street address.

    usaddress labels the next few words; we keep the leading run of capitalised
    street words and require a suffix or a known New Orleans street name in it.
    """
    words = list(ADDRESS_WINDOW.finditer(text, start))[:8]
    window = text[start:words[-1].end()]
    try:
        labelled = usaddress.parse(window)
    except Exception:  # usaddress raises on odd token runs; such a candidate is simply no address
        return None
    if len(labelled) < 2 or labelled[0][1] != "AddressNumber":
        return None
    end, cursor, has_suffix, known = None, 0, False, False
    for position, (token, label) in enumerate(labelled):
        found = window.find(token, cursor)
        word = token.strip(",.;:").lower()
        street_word = label in STREET_LABELS or word in NOLA_STREETS
        if position and (not street_word or label.startswith("Occupancy") or not token[0].isupper()):
            break  # units are read by UNIT; a lower-case word ends the street name in free text
        cursor = found + len(token)
        end = start + found + len(token.rstrip(",;:"))
        known = known or word in NOLA_STREETS
        if position > 1 and word in SUFFIXES and label in ("StreetNamePostType", "StreetName"):
            has_suffix = True
            break
        if token.endswith((",", ";", ":")):
            break
    return end if has_suffix or known else None


def names(text: str) -> list[Span]:
    """Personal names after cues such as "her name is", "Mr.", "Miss", "my son", "called"."""
    found = []
    for match in NAME_CUED.finditer(text):
        words = NAME_WORDS.findall(match.group(1))
        if not_a_name(words[0]):
            continue
        # Further words count only while they look like more of the name, not the next sentence.
        kept = list(itertools.takewhile(lambda word: not not_a_name(word), words))
        end = text.index(kept[-1], match.start(1)) + len(kept[-1])
        found.append(Span(match.start(1), end, "name"))
    return found


def not_a_name(word: str) -> bool:
    """Capitalised words after a cue that are not people: acronyms ("called FEMA") and common words."""
    return word in NOT_NAMES or (word.isupper() and len(word) > 1)
