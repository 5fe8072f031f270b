"""Personal names: after cues (titles, "her name is", "my son", "se llama", "tên là"), and without cues.

A name with no cue ("Odile Fontenot") counts when a first name from the
Census lists is followed by a surname, when a Vietnamese family name leads a
run of capitalised words ("Trần Văn Minh"), or when an initial precedes a
surname ("T. Landry"). Runs that are public places ("Grace Church", "Xavier
University"), streets ("Oretha Castle Haley Blvd") or everyday words at the
start of a sentence ("Will bring ice") are left alone.
"""
import itertools
import re

from .lexicon import (
    CAPITALISED,
    NAMED_PLACES,
    NOLA_STREETS,
    NOT_NAMES,
    PLACE_WORDS,
    SUFFIXES,
    TITLES,
    UPPER,
    VIETNAMESE_SURNAMES,
    WORDLIKE_FIRST_NAMES,
    first_names,
    fold,
    surnames,
)
from .spans import Span, capitals, cued, state_code
from .vocabulary import PUBLIC_TERMS

NAME = rf"{CAPITALISED}(?:\s+(?:[{UPPER}]\.\s*)?{CAPITALISED}){{0,2}}"
# English titles are capitalised when they are titles ("Sister Celestine", not "her sister"); mr/mrs/ms
# and the Spanish and Vietnamese ones are cues in any case.
CASED_TITLES = "|".join(title for title in TITLES if title.lower() not in {"mr", "mrs", "ms", "mz"})
TITLE_CUE = (rf"\b(?:(?i:mr|mrs|ms|mz)|{CASED_TITLES}|(?i:se[ñn]ora?|se[ñn]orita|sra|srta|don|doña|bà|ông|cô|chú|"
             rf"bác|anh|chị|cụ|em|thầy))(?:\.\s*|\s+)")
RELATIVES = (r"son|daughter|husband|wife|grandson|granddaughter|grandmother|grandma|grandfather|grandpa|mother|"
             r"mom|mama|father|dad|brother|sister|nephew|niece|cousin|neighbor|neighbour|boyfriend|girlfriend|"
             r"partner|uncle|aunt|baby|kid|child|friend|caregiver|fiancé|fiance|stepson|stepdaughter")
RELATIVES_ES = (r"esposo|esposa|marido|hijo|hija|hermano|hermana|madre|padre|mamá|papá|abuela|abuelo|nieto|"
                r"nieta|tío|tía|vecino|vecina|primo|prima|novio|novia|amigo|amiga")
RELATIVES_VI = r"chồng|vợ|con\s+trai|con\s+gái|con|cháu|anh\s+trai|chị\s+gái|em\s+trai|em\s+gái|mẹ|cha|bố|ông|bà"
PHRASE_CUE = (rf"\b(?i:(?:his|her|their|my|the)\s+(?:first\s+|last\s+)?name(?:'s|\s+is|\s+was)|name(?:'s|\s+is|\s+was)|"
              rf"name\s*[:=-]|named|called|goes\s+by|introduced\s+(?:himself|herself)\s+as|asked\s+for|ask\s+for|"
              rf"(?:(?:my|his|her|their|our)\s+)?(?:{RELATIVES})|"
              rf"se\s+llama|me\s+llamo|su\s+nombre\s+es|nombre\s*[:=-]|llamad[oa]|"
              rf"(?:(?:su|mi)\s+)?(?:{RELATIVES_ES})|"
              rf"tên(?:\s+(?:của\s+)?(?:bà|ông|anh|chị|cô|em|chú|bác)(?:\s+ấy)?)?(?:\s+là)?\s*:?|"
              rf"(?:{RELATIVES_VI})(?:\s+(?:bà|ông|anh|chị|cô)(?:\s+ấy)?)?(?:\s+tên)?(?:\s+là)?)(?:\b|(?<=[:=-])),?\s*")
NAME_CUED = re.compile(rf"(?:{TITLE_CUE}|{PHRASE_CUE})({NAME})")
# The words a cue can begin with: NAME_CUED is tried only where one stands, not at every character, because
# `re` would otherwise walk its long alternation at each position (3 ms on a 2,000-character note).
CUE_STARTS = frozenset({word.lower() for word in TITLES} | {
    "mr", "mrs", "ms", "mz", "señor", "senor", "señora", "senora", "señorita", "senorita", "sra", "srta", "don",
    "doña", "em"} | {
    "his", "her", "their", "my", "the", "name", "named", "called", "goes", "introduced", "asked", "ask", "our",
    "se", "me", "su", "mi", "nombre", "llamado", "llamada", "tên"} | {
    alternative.split("\\")[0] for alternative in f"{RELATIVES}|{RELATIVES_ES}|{RELATIVES_VI}".split("|")})
# Names typed in lower case count after a title ("mrs boudreaux", "ms.tran": a Census surname) or after a
# cue that can only introduce a name ("her name is keisha", "se llama rosa": a Census first name).
LOWER_TITLED = re.compile(r"(?i:mr|mrs|ms|mz)(?:\.\s*|\s+)([a-z][a-z'-]{1,30})\b")
LOWER_NAMED = re.compile(r"(?i:(?:(?:his|her|their|my)\s+)?name(?:'s|\s+is|\s+was|\s*[:=-])|named|se\s+llama|"
                         r"me\s+llamo|su\s+nombre\s+es|tên(?:\s+là)?)\s+([a-z][a-z'-]{1,30})(?:\s+([a-z][a-z'-]{1,30}))?\b")
LOWER_TITLE_STARTS = frozenset({"mr", "mrs", "ms", "mz"})
LOWER_NAME_STARTS = frozenset({"his", "her", "their", "my", "name", "named", "se", "me", "su", "tên"})
NAME_WORDS = re.compile(CAPITALISED)
# A capitalised word or an initial, for the scan for names without cues.
NAME_TOKEN = re.compile(rf"(?<![\w'’.-])(?:[{UPPER}]\.|{CAPITALISED})(?![\w'’-])")
# A capitalised word or an initial, then a space or two and a capital: where a run of NAME_TOKENs can begin.
# Tried only where a NAME_TOKEN can start (its lookbehind), so a long word of capitals is read once, not once per
# letter.
CAPITAL_PAIR = re.compile(rf"(?<![\w'’.-])(?:[{UPPER}]\.|{CAPITALISED})\s{{1,2}}[{UPPER}]")
PLACE_NAMES = {place.replace(".", "") for place in NAMED_PLACES}
SENTENCE_END = ".!?:;\n\"“(-–—"
LONGEST_NAME = 4


def names(text: str) -> list[Span]:
    """Personal names after cues, lower-case surnames after a title, and names without cues."""
    return cued_names(text) + lower_case_names(text) + uncued_names(text)


def cued_names(text: str) -> list[Span]:
    """Names after cues such as "her name is", "Pastor", "Ms.", "my son", "se llama", "tên là"."""
    found = []
    for match in cued(NAME_CUED, CUE_STARTS, text, capitalised=True):
        words = NAME_WORDS.findall(match.group(1))
        if not words or not_a_name(words[0]):
            continue
        # Further words count only while they look like more of the name, not the next sentence.
        kept = list(itertools.takewhile(lambda word: not not_a_name(word), words))
        end = text.index(kept[-1], match.start(1)) + len(kept[-1])
        found.append(Span(match.start(1), end, "name"))
    return found


def lower_case_names(text: str) -> list[Span]:
    """Names in lower case: a Census surname after mr/mrs/ms, a first name (and surname) after "name is"."""
    found = [Span(m.start(1), m.end(1), "name") for m in cued(LOWER_TITLED, LOWER_TITLE_STARTS, text)
             if m.group(1) in surnames() and m.group(1).capitalize() not in NOT_NAMES
             and not state_code(text, m.start())]
    for match in cued(LOWER_NAMED, LOWER_NAME_STARTS, text):
        first, last = match.group(1), match.group(2)
        if fold(first) in first_names() and first not in WORDLIKE_FIRST_NAMES:
            end = match.end(2) if last and fold(last) in surnames() else match.end(1)
            found.append(Span(match.start(1), end, "name"))
    return found


def uncued_names(text: str) -> list[Span]:
    """Names with no cue: first name + surname, Vietnamese family name first, or initial + surname.

    Such a name is two capitalised tokens at least with only a space or two between them, so text
    with fewer than two capitals (a note whose only capital starts it), or with no capitalised word
    right before another, is not read token by token.
    """
    if len(capitals(text)) < 2 or not CAPITAL_PAIR.search(text):
        return []
    return uncued_name_runs(text)


def uncued_name_runs(text: str) -> list[Span]:
    """uncued_names without the two-capitals gate: every run of capitalised tokens, read."""
    tokens = list(NAME_TOKEN.finditer(text))
    words = [token.group() for token in tokens]
    folded = [fold(word.rstrip(".")) for word in words]
    # Whether token i and token i + 1 are one run: only a space or two between them.
    joined = [0 < len(gap) <= 2 and gap.isspace()
              for gap in (text[left.end():right.start()] for left, right in zip(tokens, tokens[1:]))] + [False]
    found, index = [], 0
    while index < len(tokens):
        stop = index + 1
        while stop < len(tokens) and stop - index <= LONGEST_NAME and joined[stop - 1]:
            stop += 1
        length = name_length(text, tokens[index].start(), words[index:stop], folded[index:stop])
        if length:
            found.append(Span(tokens[index].start(), tokens[index + length - 1].end(), "name"))
        index += length or 1
    return found


def name_length(text: str, start: int, words: list[str], folded: list[str]) -> int:
    """How many of the run's words (starting at `start`) form a person's name without a cue (0: none)."""
    if len(words) < 2:
        return 0
    initial = is_initial(words[0])
    vietnamese = folded[0] in VIETNAMESE_SURNAMES and not initial
    if not (vietnamese or folded[0] in first_names()) and not (initial and folded[1] in surnames()):
        return 0  # cheap checks first: most capitalised words start no name
    if not_a_name(words[0]) or not_a_name(words[1]) or not name_can_start(text, start, folded, initial):
        return 0
    if vietnamese:
        # Vietnamese names lead with the family name and end with the given name: "Trần Văn Minh".
        return len(list(itertools.takewhile(lambda word: not not_a_name(word), words[:LONGEST_NAME])))
    if not initial and is_initial(words[1]) and folded[0] not in WORDLIKE_FIRST_NAMES:
        return 2  # "Terrence F."
    length = 1
    while length < len(words) and length < LONGEST_NAME and not not_a_name(words[length]) \
            and folded[length] not in SUFFIXES and (folded[length] in surnames() or folded[length] in first_names()):
        length += 1
    # A surname must end the name, and no place or street word may follow it.
    while length > 1 and folded[length - 1] not in surnames():
        length -= 1
    if length < 2 or (length < len(words) and place_follows(folded[length])):
        return 0
    return length


def is_initial(word: str) -> bool:
    """Whether the token is an initial ("T.")."""
    return len(word) == 2 and word.endswith(".")


def name_can_start(text: str, start: int, folded: list[str], initial: bool) -> bool:
    """Whether a name may begin here: not an everyday word opening a sentence, a saint, a street or a place."""
    if folded[0] in WORDLIKE_FIRST_NAMES and starts_sentence(text, start):
        return False  # "Will bring ice", "May need insulin", "Grace period ends"
    if initial and folded[0] in {"n", "s", "e", "w"} and folded[1] in NOLA_STREETS:
        return False  # "N. Claiborne" is a street
    return not after_saint(text, start) and not is_named_place(folded)


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the note or a sentence."""
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in SENTENCE_END


def after_saint(text: str, start: int) -> bool:
    """Whether the word at `start` follows "St." or "Saint" ("St. Claude", "Saint Bernard")."""
    before = text[max(0, start - 7):start].rstrip().lower()
    return before.endswith(("st.", "st", "saint", "san", "santa", "ste."))


def is_named_place(folded: list[str]) -> bool:
    """Whether the run begins with a street or place named like a person ("Oretha Castle Haley", "Mary Queen")."""
    return any(" ".join(folded[:length]) in PLACE_NAMES for length in range(2, min(len(folded), LONGEST_NAME) + 1))


def place_follows(word: str) -> bool:
    """Whether the word after a run makes it a place ("Carver High", "Grace Church") or a street."""
    return word in PLACE_WORDS or word in SUFFIXES


# Words after a Vietnamese title that make it a kinship term, not a person: "Bà Ngoại" is a grandmother.
VIETNAMESE_NOT_NAMES = {"ngoại", "nội", "giáo", "ấy", "ta", "già", "cả", "lớn", "nhỏ", "hàng", "xóm", "con", "cháu"}


def not_a_name(word: str) -> bool:
    """Capitalised words that are not people: acronyms ("called FEMA"), places, common words, and the agencies,
    firms and brands a note names ("called Apria", "asked for Allstate")."""
    bare = word.rstrip(".")
    return bare in NOT_NAMES or bare.lower() in VIETNAMESE_NOT_NAMES or (bare.isupper() and len(bare) > 1) \
        or fold(bare) in PLACE_WORDS or bare.lower() in PUBLIC_TERMS
