"""Numbers that identify a person: SSNs, health and government ids, licence plates, dates of birth.

Bare dates and codes are common in clean notes ("back on 9/14", "FEMA form
90-69"), so most of these count only after a cue ("DOB", "Medicaid id",
"plate"); the shapes that cannot be anything else (an SSN's 3-2-4, a Medicare
MBI) count anywhere. Every repetition is bounded, so matching is linear.
"""
import bisect
import re

from .spans import Span, cued, group_spans, has_word, spans_of

SSN_STARTS = frozenset({"ssn", "ss", "social", "seguro", "số", "an"})
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b")
SSN_CUED = re.compile(r"\b(?:ssn|ss#|ss\s*no\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|seguro\s+social|"
                      r"(?:số\s+)?an\s+sinh(?:\s+xã\s+hội)?)\s*(?:is|es|là|:|#)?\s*"
                      r"(\d{3}[\s.-]?\d{2}[\s.-]?\d{4})\b", re.IGNORECASE)

# Medicare Beneficiary Identifier: 11 characters in a fixed digit/letter pattern, no S, L, O, I, B or Z.
MBI_LETTER = "AC-HJKMNP-RT-Y"
MBI = re.compile(rf"\b[1-9][{MBI_LETTER}][{MBI_LETTER}0-9]\d-?[{MBI_LETTER}][{MBI_LETTER}0-9]\d-?"
                 rf"[{MBI_LETTER}]{{2}}\d{{2}}\b", re.IGNORECASE)
# The MBI's shape with any letters (a letter misread off the card), read only after an id cue.
MBI_SHAPE = re.compile(r"[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}", re.IGNORECASE)
# The older Medicare claim number: an SSN with a letter (and maybe a digit) after it.
HICN = re.compile(r"\b\d{3}-?\d{2}-?\d{4}[A-Z]\d?\b")
STATES = r"(?:LA|La\.?|TX|MS|AL|FL|GA|AR|TN|CA|NY)"
# A driver's licence number after its state, with no cue: "LA 009876543".
STATE_LICENCE = re.compile(rf"\b{STATES}\s?#?\s?\d{{8,9}}\b")
ID_CUE = (r"(?i:medicaid|medicare|mbi|member|policy|insurance|d\.?l\.?|driver'?s?\s+licen[cs]e|licen[cs]e|"
          r"licencia(?:\s+de\s+conducir)?|fema(?:\s+(?:reg(?:istration)?|application|app|case|claim))?|"
          r"registration|reg|passport|pasaporte|green\s+card|alien|a-number|matr[ií]cula|case|claim|i\.?d\.?|"
          r"identification|tarjeta|căn\s+cước|cmnd|cccd|bằng\s+lái(?:\s+xe)?|hộ\s+chiếu|thẻ)")
ID_FILLER = r"(?:\s*(?i:no\.?|nbr|number|num|#|is|was|es|là|:|número|số|id|card))"
ID_VALUE = rf"((?:{STATES}\s?)?[A-Z0-9](?:[ -]?[A-Z0-9]){{5,17}})"
ID_CUED = re.compile(rf"\b{ID_CUE}{ID_FILLER}{{0,3}}\s*{ID_VALUE}(?![\w-])")
ID_MIN_DIGITS = 6
ID_STARTS = frozenset({"medicaid", "medicare", "mbi", "member", "policy", "insurance", "d", "dl", "driver", "drivers",
                       "license", "licence", "licencia", "fema", "registration", "reg", "passport", "pasaporte",
                       "green", "alien", "a", "matricula", "matrícula", "case", "claim", "i", "id", "identification",
                       "tarjeta", "căn", "cmnd", "cccd", "bằng", "hộ", "thẻ"})

PLATE_STARTS = frozenset({"license", "licence", "plate", "plates", "tag", "lic", "lp", "placa", "placas", "biển",
                          "bien"})
# A plate's state as written before it: a code in capitals ("TX", "OH"), or a word of its name in any case
# ("texas", "New York"). Any such word will do: the plate after it must hold a digit and a capital, so a word that is
# no state is given back to the plate or the match fails, as it did without it.
STATE = r"(?:[A-Z]{2}|(?:La|Tx|Ms)\.?|(?i:(?:new|north|south|west)\s+)?[^\W\d_]{4,14})"
# The cue, a verb or a mark ("plate was", "placas son"), the state's code or name ("TX", "texas", "de Texas"), then
# the plate.
PLATE = re.compile(r"\b(?i:licen[cs]e\s+plate|plate|plates|tag|lic(?:ense)?\.?|LP|placas?|bi[eể]n\s+s[oố](?:\s+xe)?)"
                   r"\s*(?i:no\.?|number|#|is|was|es|era|son|là|:)?\s*"
                   rf"(?:(?i:de\s+|from\s+)?{STATE}\s+)?"
                   r"((?=[A-Z0-9 -]{0,9}\d)(?=[A-Z0-9 -]{0,9}[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4})\b")

# A plate's cue, and the shape of a plate (two to four capitals and two to four digits, in either order) within
# PLATE_REACH characters after it; not a road's number ("I-35", "SR 9", "US 62", "FM 1960").
PLATE_WORD = re.compile(r"(?i:\b(?:licen[cs]e\s+plate|plates?|tags?|placas?|matr[ií]cula|bi[eể]n\s+s[oố]))\b")
PLATE_SHAPE = re.compile(r"(?<![\w-])(?:[A-Z]{2,4}[ -]?\d{2,4}|\d{2,4}[ -]?[A-Z]{2,4})(?![\w-])")
PLATE_REACH = 80
ROAD_CODES = {"SR", "US", "FM", "CR", "RR", "SH", "HW", "RT", "IH"}

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|"
          r"julio|agosto|se?tiembre|octubre|noviembre|diciembre)\.?")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|{MONTHS}\s+{DAY},?\s+{YEAR}|{DAY}\s+(?:of\s+|de\s+)?{MONTHS},?\s+(?:de\s+|of\s+)?{YEAR}"
        rf"|(?:the\s+)?{DAY}\s+of\s+{MONTHS}(?:,?\s+{YEAR})?"
        rf"|{DAY}\s+th[áa]ng\s+\d{{1,2}}(?:\s+n[ăa]m)?\s+{YEAR}"
        rf"|{YEAR},?\s+(?:on\s+)?{MONTHS}\s+{DAY}|{MONTHS}\s+{DAY}(?:st|nd|rd|th)?(?!\d)|{YEAR})")
# Vietnamese cues and dates are read with or without their marks ("sinh ngay 3 thang 8 nam 1950").
DOB_CUE = (r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday(?:\s+is)?|born(?:\s+on|\s+in)?|b\.|"
           r"naci[óo](?:\s+el|\s+en)?|fecha\s+de\s+nacimiento|nacimiento|cumpleaños(?:\s+es)?|"
           r"(?:ng[àa]y\s+)?sinh(?:\s+ng[àa]y|\s+n[ăa]m|\s+nh[ậa]t)?)")
DOB_STARTS = frozenset({"dob", "d", "date", "birth", "birthdate", "birthday", "born", "b", "nació", "nacio", "fecha",
                        "nacimiento", "cumpleaños", "ngày", "ngay", "sinh"})
DOB = re.compile(rf"{DOB_CUE}\s*(?:is|was|es|là|:)?\s*(?:the\s+)?({DATE})\b", re.IGNORECASE)


def ssns(text: str) -> list[Span]:
    """Social Security numbers: the 3-2-4 shape, or nine digits after a cue (en, es, vi)."""
    return spans_of(SSN, text, "ssn") + group_spans(cued(SSN_CUED, SSN_STARTS, text), "ssn")


def ids(text: str) -> list[Span]:
    """Health and government ids: Medicare MBI and HICN, state licences, numbers after an id cue."""
    found = spans_of(MBI, text, "id") + spans_of(HICN, text, "id") + spans_of(STATE_LICENCE, text, "id")
    for match in cued(ID_CUED, ID_STARTS, text):
        if sum(char.isdigit() for char in match.group(1)) >= ID_MIN_DIGITS or MBI_SHAPE.fullmatch(match.group(1)):
            found.append(Span(match.start(1), match.end(1), "id"))
    return found


def plates(text: str) -> list[Span]:
    """Licence plates after a cue ("plate ABC 123", "tag 123-XYZ", "placa", "biển số"), and a plate's shape a few
    words after its cue ("plate of the car that keeps driving by - HFR-271", "placas del carro: KPL 771")."""
    found = group_spans(cued(PLATE, PLATE_STARTS, text), "plate")
    if not has_word(PLATE_STARTS, text):
        return found  # most notes: no word of a plate
    cue_ends = [cue.end() for cue in PLATE_WORD.finditer(text)]
    if not cue_ends:
        return found
    for shape in PLATE_SHAPE.finditer(text, cue_ends[0], cue_ends[-1] + PLATE_REACH):  # one scan, not one a cue
        at = bisect.bisect_right(cue_ends, shape.start())  # the cues that end before the shape begins
        if at and shape.start() - cue_ends[at - 1] < PLATE_REACH and shape.group()[:2].upper() not in ROAD_CODES:
            found.append(Span(shape.start(), shape.end(), "plate"))
    return found


def dates_of_birth(text: str) -> list[Span]:
    """Dates after a birth cue, in the forms people write in en, es and vi (a bare date is no PII)."""
    return group_spans(cued(DOB, DOB_STARTS, text), "dob")
