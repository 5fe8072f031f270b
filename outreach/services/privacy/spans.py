"""Spans of PII found in a note, and how overlapping finds are settled."""
import bisect
import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from .lexicon import UPPER


class Span:
    """A stretch of the (normalised) text that holds PII of one kind; never changed, compared and hashed by value.

    A plain class, not a frozen dataclass: compiled (native.py), its constructor
    is C, where a dataclass's generated __init__ stays Python (a scrub builds
    dozens of spans).
    """

    __slots__ = ("start", "end", "kind")

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self.start == other.start and self.end == other.end \
            and self.kind == other.kind

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.kind))

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end}, {self.kind!r})"


def spans_of(pattern: re.Pattern, text: str, kind: str, group: int = 0) -> list[Span]:
    """One span per match of `pattern` (or of its `group`) in `text`."""
    return [Span(m.start(group), m.end(group), kind) for m in pattern.finditer(text) if m.start(group) >= 0]


def group_spans(matches: list[re.Match], kind: str, group: int = 1) -> list[Span]:
    """One span per match's `group` (the value after its cue)."""
    return [Span(m.start(group), m.end(group), kind) for m in matches]


def settle(spans: list[Span]) -> list[Span]:
    """Keep spans in priority order, dropping any that overlap one kept before; return them by position.

    Kept spans never overlap, so they are sorted by start and by end at once and
    one bisection finds the only neighbours a new span could touch: O(k log k),
    not O(k²), for a note made of thousands of finds.
    """
    starts: list[int] = []
    kept: list[Span] = []
    for span in spans:
        if span.end <= span.start:
            continue
        at = bisect.bisect_left(starts, span.start)
        if at < len(kept) and kept[at].start < span.end:
            continue
        if at and kept[at - 1].end > span.start:
            continue
        starts.insert(at, span.start)
        kept.insert(at, span)
    return kept


NOT_DIGITS = re.compile(r"\D+")


@lru_cache(maxsize=4)
def digit_count(text: str) -> int:
    """How many digits (`\\d`, any script's) `text` holds: a detector whose patterns need more finds nothing."""
    return len(NOT_DIGITS.sub("", text))


DIGIT_RUN = re.compile(r"\d+")


def at_numbers(pattern: re.Pattern, text: str) -> list[re.Match]:
    """pattern.finditer(text) for a pattern whose every match begins with the first digit of a run of digits.

    `re` tries such a pattern (it opens with a look-behind) at every character;
    trying it only where a run of digits begins (found by a scan for a digit in
    C) gives the same matches, left to right and not overlapping, in a few of
    the tries.
    """
    found, covered = [], 0
    for run in DIGIT_RUN.finditer(text):
        if run.start() >= covered:
            match = pattern.match(text, run.start())
            if match:
                found.append(match)
                covered = match.end()
    return found


WORD = re.compile(r"[^\W\d_]++")
ASCII_WORD = re.compile(r"[a-z]+")  # WORD's words in lower-case ASCII text
CAPITAL = re.compile(f"[{UPPER}]")


@lru_cache(maxsize=4)
def words_of(text: str) -> tuple[tuple[int, str], ...]:
    """Where each word of `text` starts, and the word in lower case (shared by the cued detectors)."""
    if text.isascii():  # most notes: ASCII's lower case keeps every place, and its letters are found by a C scan
        return tuple([(word.start(), word.group()) for word in ASCII_WORD.finditer(text.lower())])
    return tuple([(word.start(), word.group().lower()) for word in WORD.finditer(text)])


# In ASCII text WORD's words are the runs of letters: every other byte made a space, split() cuts the same runs in C.
ASCII_LETTERS_ONLY = bytes(code if chr(code).isascii() and chr(code).isalpha() else 32 for code in range(256))


@lru_cache(maxsize=4)
def word_set(text: str) -> frozenset[str]:
    """The distinct words of `text`, as words_of reads them, without their places (a third of the work)."""
    if text.isascii():  # most notes: a third of the regex's instructions
        return frozenset(text.lower().encode().translate(ASCII_LETTERS_ONLY).decode().split())
    return frozenset(map(str.lower, WORD.findall(text)))


def has_word(words: AbstractSet[str], text: str) -> bool:
    """Whether any word of `text` (lower case, as words_of reads it) is one of `words`."""
    return not words.isdisjoint(word_set(text))


@lru_cache(maxsize=4)
def capitals(text: str) -> tuple[int, ...]:
    """Where each upper-case letter of `text` stands."""
    return tuple([capital.start() for capital in CAPITAL.finditer(text)])


def cued(pattern: re.Pattern, starts: frozenset[str], text: str, capitalised: bool = False) -> list[re.Match]:
    """Matches of `pattern` tried only where a word from `starts` begins, left to right, not overlapping.

    `re` walks a long alternation of cue words at every character; trying it
    only at the few words that can begin a cue is ten times cheaper and keeps
    the same answers when every alternative of the cue begins with such a word.
    When `capitalised`, every match holds a capital after its cue word begins (a
    name, a street), so no word at or after the note's last capital is tried.
    """
    found: list[re.Match] = []
    covered = 0
    if not has_word(starts, text):  # most notes have none of a detector's cue words: no walk
        return found
    until = (capitals(text) or (-1,))[-1] if capitalised else len(text)
    if until <= 0:  # no capital after the note's first letter
        return found
    for start, word in words_of(text):
        if start >= until:
            break
        if start >= covered and word in starts:
            match = pattern.match(text, start)
            if match:
                found.append(match)
                covered = match.end()
    return found


# "MS" for Mississippi, not a title: after a town's capitalised name, before a word in lower case or the end of
# its clause ("Greenville MS flood levee watch", "Long Beach MS harbor", "Jackson MS:").
TOWN_BEFORE_STATE = re.compile(r"[A-Z][a-z]+,? $")
STATE_THEN = re.compile(r"MS(?:$|[^\w\s]|\s+[a-z])")


def state_code(text: str, start: int) -> bool:
    """Whether the "MS" at `start` is Mississippi's state code (TOWN_BEFORE_STATE, STATE_THEN), not Ms."""
    return STATE_THEN.match(text, start) is not None and TOWN_BEFORE_STATE.search(text, max(0, start - 40), start) \
        is not None
