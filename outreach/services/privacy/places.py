"""Where a person lives: street addresses (any case, en/es/vi), intersections, coordinates in text.

A street alone is no PII ("Claiborne overpass flooded", "the 1200 block of
Flood": a visit belongs to a block), so a street counts only with a house
number, or as an intersection after "at" or "corner of". `usaddress` (a CRF
trained on US addresses) finds where a capitalised address ends; it is fed
only short windows that already hold a street word, at most
ADDRESS_LIBRARY_CALLS per note, and a plain reading of the same window takes
over after that, so a note of a thousand numbers costs no more than a normal one.
"""
import bisect
import re

import usaddress

from .lexicon import CAPITALISED, DIRECTIONS, NAMED_PLACES, NOLA_STREETS, NOT_NAMES, PLACE_WORDS, SUFFIXES, fold
from .spans import Span, at_numbers, cued, digit_count, group_spans

ADDRESS_START = re.compile(r"(?<![\w#/$.,'’-])\d{1,5}[A-Za-z]?"
                           r"(?=\s+(?:[NSEW]\.?\s+|[Nn]orth\s+|[Ss]outh\s+|[Ee]ast\s+|[Ww]est\s+)?[A-Z0-9])")
ADDRESS_WINDOW = re.compile(r"\S+")
ADDRESS_WORDS = 8
ADDRESS_LIBRARY_CALLS = 6
STREET_WORDS = SUFFIXES | NOLA_STREETS
STREET_LABELS = {"AddressNumber", "AddressNumberSuffix", "StreetNamePreDirectional", "StreetNamePreModifier",
                 "StreetNamePreType", "StreetName", "StreetNamePostType", "StreetNamePostDirectional",
                 "StreetNamePostModifier", "OccupancyType", "OccupancyIdentifier", "SubaddressType",
                 "SubaddressIdentifier", "BuildingName"}
UNIT = re.compile(r"\s*+(?:,\s*+)?(?:(?:apt|apartment|unit|ste|suite|rm|room|fl|floor|lot|trlr)\b\.?\s*#?|#)"
                  r"\s*[\w-]{1,5}\b"
                  r"|\s*+(?:,\s*+)?(?:upstairs|downstairs|rear|front)\s+(?:unit|apt|apartment)\b", re.IGNORECASE)
SUFFIX_WORDS = "|".join(sorted((re.escape(suffix) for suffix in SUFFIXES), key=len, reverse=True))
LOWER_ADDRESS = re.compile(rf"(?<![\w#/$.,-])\d{{1,5}}\s+(?:[nsew]\.?\s+)?"
                           rf"(?P<street>(?:[a-z][a-z'-]{{0,30}}\s+){{1,2}})"
                           rf"(?:{SUFFIX_WORDS})\b\.?", re.IGNORECASE)
# Known streets typed without a suffix and in lower case ("lives at 2417 galvez"); only after a place cue,
# because many of them are also plain words ("20 camp beds", "3 st bernard families").
NOT_STREET_ALONE = {"st", "st.", "saint", "north", "south"}
KNOWN_STREET = "|".join(sorted((re.escape(street) for street in NOLA_STREETS - NOT_STREET_ALONE),
                               key=len, reverse=True))
PLACE_CUE_STARTS = frozenset({"at", "to", "by", "on", "from", "address", "addr", "en", "ở", "tại"})
CUED_LOWER_ADDRESS = re.compile(rf"\b(?:at|to|by|on|from|address|addr\.?|en|ở|tại)\s+(?P<number>\d{{1,5}})\s+"
                                rf"(?:(?:[nsew]|north|south|east|west)\.?\s+)?(?:(?:st|saint)\.?\s+)?"
                                rf"(?:{KNOWN_STREET})\b"
                                rf"(?:\s+(?:{SUFFIX_WORDS})\b\.?)?", re.IGNORECASE)
# After the same cues, a house number and any capitalised word: streets typed with a slip ("at 2417 Galves").
CUED_ANY_ADDRESS = re.compile(rf"\b(?:at|to|by|on|from|address|addr\.?|en|ở|tại)\s+(?P<number>\d{{3,5}})\s+"
                              rf"(?:(?:[NSEW]|North|South|East|West)\.?\s+)?(?P<street>{CAPITALISED})"
                              rf"(?:\s+(?i:{SUFFIX_WORDS})\b\.?)?", re.IGNORECASE)
# Spanish and Vietnamese put the street type first, and Spanish may put the number last.
STREET_TYPE = r"(?i:calle|avenida|avda\.?|av\.|bulevar|camino|đường|phố|hẻm)"
# Text every street type holds, in lower case: a note without any of them has no foreign address.
STREET_TYPE_TEXTS = ("calle", "aven", "avda", "av.", "bulevar", "camino", "đường", "phố", "hẻm", "carr", "ruta", "pr-")
STREET_NAME = rf"{CAPITALISED}(?:\s+{CAPITALISED}){{0,2}}"
FOREIGN_ADDRESS = re.compile(rf"(?<![\w#/$.,-])\d{{1,5}}\s+{STREET_TYPE}\s+{STREET_NAME}"
                             # not a numbered street after its quadrant ("la calle SW 25" is SW 25th Street)
                             rf"|{STREET_TYPE}\s+(?![NS][EW]\s|[NSEW]\s){STREET_NAME}\s*,?\s*"
                             rf"(?:(?i:número|num\.?|no\.?|#|số)\s*)?\d{{2,5}}\b"
                             # Puerto Rico's rural addresses: a road and the kilometre a house stands at ("Carr. 845
                             # km 3.2", "PR-2 km 15.3", "carretera 152 kilómetro 4")
                             r"|(?i:carr(?:etera)?\.?|ruta|PR)\s?-?\s?\d{1,4}\s?,?\s?(?i:km|kil[oó]metro|k)\.?\s?"
                             r"\d{1,3}(?:[.,]\d{1,2})?\b")
# "at Tupelo and N Claiborne", "corner of Flood and N Roman", "esquina de X y Y", "góc đường X và Y".
INTERSECTION_CUE = (r"\b(?i:at|(?:on\s+|at\s+)?the\s+corner\s+of|corner\s+of|cnr\.?\s+of|intersection\s+of|"
                    r"(?:en\s+la\s+)?esquina\s+de|góc(?:\s+đường)?|ngã\s+tư)")
CROSS_STREET = (rf"(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:St\.?\s+|Saint\s+)?{CAPITALISED}"
                rf"(?:\s+{CAPITALISED}){{0,2}}(?:\s+(?i:{SUFFIX_WORDS})\b\.?)?")
INTERSECTION_STARTS = frozenset({"at", "on", "the", "corner", "cnr", "intersection", "en", "esquina", "góc", "ngã"})
INTERSECTION = re.compile(rf"{INTERSECTION_CUE}\s+(?P<first>{CROSS_STREET})\s*(?:&|\band\b|\by\b|\bvà\b|/|\bat\b)\s*"
                          rf"(?P<second>{CROSS_STREET})")
# Words that follow a count, not a house number ("3 people on the street").
ADDRESS_STOP = {"the", "a", "an", "on", "in", "of", "down", "up", "to", "each", "every", "this", "that", "our",
                "their", "his", "her", "my", "same", "next", "other", "whole", "people", "houses", "kids",
                "blocks", "doors", "more", "at", "across", "from", "by", "off", "along"}
# Numbers that count things, not houses: "the 1200 block", "3 HOUSES ON N DORGENOIS", "12 families on Desire".
COUNT_NOUNS = ("block", "blocks", "hundred", "houses", "homes", "people", "persons", "families", "households",
               "kids", "children", "adults", "doors", "units", "buildings", "apartments", "trailers", "cars", "trucks",
               "dogs", "cats", "casas", "personas", "familias", "niños", "ninos", "cuadras")
# Words before a road's own number, not a house's: "Hwy 23 South", "I-10 East", "exit 236 North".
ROAD_NUMBERED = re.compile(r"(?i)\b(?:hwy|highway|interstate|i|exit|carretera|quốc\s+lộ)[\s.-]{1,2}\Z")
NOT_HOUSE = re.compile(rf"\d+[A-Za-z]?\s+(?:{'|'.join(COUNT_NOUNS)})\b", re.IGNORECASE)

# Decimal degrees, with a point or (as Spanish writes them) a comma; a comma needs four decimals, so a count
# with a thousands comma ("1,500") is none.
DEGREES = r"-?\d{1,3}(?:\.\d{3,8}|,\d{4,8})"
DEGREE_DIGITS = 4  # the fewest digits of DEGREES: one before the point, three after
COORDINATE_CUE = r"(?i:lat(?:itude?)?\.?|gps|coords?|coordinates|location|loc|pin|ubicación|tọa\s+độ|vị\s+trí)"
LONGITUDE_CUE = r"(?i:lon(?:g(?:itude?)?)?\.?|lng\.?)"
# "29.9671, -90.0312", "lat 29.9671 lon -90.0312", "29.9671 N 90.0312 W".
COORDINATE_PAIR = re.compile(rf"(?<![\w.-])(?P<lat>{DEGREES})(?:\s*+°)?(?:\s*+[NS]\b)?\s*+(?:[,;/]\s*+)?"
                             rf"(?:{LONGITUDE_CUE}\s*+[:=]?\s*+)?(?P<lon>{DEGREES})(?:\s*+°)?(?:\s*+[EW]\b)?(?![\w.])")
COORDINATE_STARTS = frozenset({"lat", "latitude", "latitud", "gps", "coord", "coords", "coordinates", "location", "loc",
                               "pin", "ubicación", "tọa", "vị", "lon", "long", "lng", "longitude", "longitud"})
COORDINATE_CUED = re.compile(rf"\b(?:{COORDINATE_CUE}|{LONGITUDE_CUE})\s*[:=]?\s*({DEGREES})(?![\w.])")
# 29°57'41"N 90°03'12"W
DMS = re.compile(r"\d{1,3}\s?°\s?\d{1,2}(?:\.\d{1,4})?\s?['′]\s?(?:\d{1,2}(?:\.\d{1,3})?\s?[\"″]\s?)?[NSEW]\b"
                 r"(?:[\s,]{1,3}\d{1,3}\s?°\s?\d{1,2}(?:\.\d{1,4})?\s?['′]\s?(?:\d{1,2}(?:\.\d{1,3})?\s?[\"″]\s?)?"
                 r"[NSEW]\b)?")


def addresses(text: str) -> list[Span]:
    """Street addresses: house number, direction, street name, suffix and unit (usaddress finds the end)."""
    found, calls, covered = [], 0, 0
    words: list[re.Match] = []
    for start in at_numbers(ADDRESS_START, text):
        if start.start() < covered or NOT_HOUSE.match(text, start.start()):
            continue  # a count ("12 families")
        if not words:  # the note's words, read once a house number may stand (most notes have none)
            words = list(ADDRESS_WINDOW.finditer(text))
            starts = [word.start() for word in words]
        first = bisect.bisect_right(starts, start.start()) - 1
        window = words[first:first + ADDRESS_WORDS]
        if not street_in_reach(window):
            continue  # no street word in the capitalised words after the number: not worth a model call
        if ROAD_NUMBERED.search(text, max(0, start.start() - 12), start.start()):
            continue  # a highway's or an exit's number ("HWY 23 SOUTH")
        calls += 1
        end = address_end(text, start.start(), window[-1].end(), use_model=calls <= ADDRESS_LIBRARY_CALLS)
        if end is not None:
            found.append(with_unit(text, start.start(), end))
            covered = found[-1].end
    return found


def street_in_reach(window: list[re.Match]) -> bool:
    """Whether the capitalised words after a house number hold a suffix or a known street (else no address)."""
    for word in window[1:]:
        token = word.group()
        if not token[0].isupper() and not (token[0].isdigit() and not token.isdigit()):
            return False  # a street name is capitalised words, or an ordinal ("2nd"); not a lower-case word
        if token.strip(",.;:").lower() in STREET_WORDS:
            return True
        if token.endswith((",", ";", ":")):
            return False
    return False


def lower_case_addresses(text: str) -> list[Span]:
    """Addresses typed in lower case, with a suffix ("2417 n claiborne ave") or after a cue ("at 2417 galvez")."""
    found = []
    for match in at_numbers(LOWER_ADDRESS, text):
        if not any(word.lower() in ADDRESS_STOP for word in match.group("street").split()):
            found.append(with_unit(text, match.start(), match.end()))
    for match in cued(CUED_LOWER_ADDRESS, PLACE_CUE_STARTS, text):
        found.append(with_unit(text, match.start("number"), match.end()))
    return found


def cued_addresses(text: str) -> list[Span]:
    """A house number and a capitalised word after a place cue, even off the street list ("at 2417 Galves")."""
    found = []
    for match in cued(CUED_ANY_ADDRESS, PLACE_CUE_STARTS, text):
        street = match.group("street")
        if street[0].isupper() and street not in NOT_NAMES and not (street.isupper() and len(street) > 1):
            found.append(with_unit(text, match.start("number"), match.end()))
    return found


def foreign_addresses(text: str) -> list[Span]:
    """Spanish and Vietnamese addresses: "2810 calle Dumaine", "calle Piety 1420", "4720 đường Chef Menteur".

    Every match holds a street type, and the pattern walks its alternation at every character (40 µs a note),
    so text without one of their letters is not searched (the same spans: tests/services/test_privacy_gate.py).
    """
    lowered = text.lower()
    if not any(street_type in lowered for street_type in STREET_TYPE_TEXTS):
        return []
    return foreign_address_spans(text)


def foreign_address_spans(text: str) -> list[Span]:
    """foreign_addresses without the gate: the pattern searched."""
    return [with_unit(text, match.start(), match.end()) for match in FOREIGN_ADDRESS.finditer(text)]


# Streets whose names hold a place word ("Elysian Fields", "Lake Forest"): a street, not a public place.
NAMED_STREETS = {fold(place) for place in NAMED_PLACES if all(fold(word) in NOLA_STREETS for word in place.split()[:1])}


# Public spots a corner is named for: "the bus stop at Elysian Fields and Gentilly" is no one's home.
PUBLIC_SPOT = {"stop", "parada", "light", "lights", "signal", "station", "trạm", "shelter", "streetcar", "semáforo"}


def intersections(text: str) -> list[Span]:
    """Two streets after "at" or "corner of": "at Tupelo and N Claiborne", "esquina de Flood y Roman"."""
    found = []
    for match in cued(INTERSECTION, INTERSECTION_STARTS, text, capitalised=True):
        words = [fold(word.strip(".")) for word in (match.group("first") + " " + match.group("second")).split()]
        joined = " ".join(words)
        streets = {word for place in NAMED_STREETS if place in joined for word in place.split()}
        public = any(word in PLACE_WORDS and word not in streets for word in words) or any(
            word.capitalize() in NOT_NAMES for word in words if word not in DIRECTIONS)
        public = public or not PUBLIC_SPOT.isdisjoint(text[max(0, match.start() - 24):match.start()].lower().split())
        if not public and any(word in NOLA_STREETS or word in SUFFIXES for word in words):
            found.append(Span(match.start("first"), match.end("second"), "address"))
    return found


def degrees(value: str) -> float:
    """Decimal degrees written with a point or a comma."""
    return float(value.replace(",", "."))


def coordinates(text: str) -> list[Span]:
    """Latitude and longitude written in a note, as decimals (a pair, or one after a cue) or in degrees.

    A decimal degree holds four digits and DMS a degree sign: most notes with a digit have neither, and skip
    the patterns (tests/services/test_privacy_gate.py).
    """
    found = []
    if digit_count(text) >= DEGREE_DIGITS:
        found = [Span(m.start("lat"), m.end("lon"), "gps") for m in COORDINATE_PAIR.finditer(text)
                 if abs(degrees(m.group("lat"))) <= 90 and abs(degrees(m.group("lon"))) <= 180]
        found += group_spans([m for m in cued(COORDINATE_CUED, COORDINATE_STARTS, text)
                              if abs(degrees(m.group(1))) <= 180], "gps")
    return found + [Span(m.start(), m.end(), "gps") for m in DMS.finditer(text)] if "°" in text else found


def with_unit(text: str, start: int, end: int) -> Span:
    """An address span that takes in the unit written after it ("Apt 3", "#B")."""
    unit = UNIT.match(text, end)
    return Span(start, unit.end() if unit else end, "address")


def address_end(text: str, start: int, stop: int, use_model: bool) -> int | None:
    """Where the address starting at `start` ends, or None when it is no street address.

    usaddress labels the window's words (or, past the note's budget of model
    calls, every word is read as part of a street name); we keep the leading run
    of capitalised street words and require a suffix or a known New Orleans
    street name in it.
    """
    window = text[start:stop]
    labelled = None
    if use_model:
        try:
            labelled = usaddress.parse(window)
        except Exception:  # usaddress raises on odd token runs; such a candidate is simply no address
            return None
    else:
        labelled = [(token, "StreetName" if position else "AddressNumber")
                    for position, token in enumerate(window.split())]
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
