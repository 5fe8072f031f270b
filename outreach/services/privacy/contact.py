"""Emails and phone numbers, also spelled out ("dee at proton dot me", "five oh four, five five five...").

Every pattern is linear on any input: a run may only start where the previous
character could not continue it (a lookbehind or a possessive run), and every
repetition is bounded, so no position is tried more than a constant number of
times. libphonenumber is fed only short candidate runs, at most
PHONE_LIBRARY_CALLS per note; the patterns cover the rest.
"""
import re

import phonenumbers

from .spans import Span, has_word, spans_of

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
# "a còng" (the "curled a") is how Vietnamese read out the "@".
AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|arroba)\s*[)\]}>]\s*|\s+(?:at|arroba|a\.?t\.?|a\s{1,2}còng)\s+)"
DOT = r"(?:\s*[(\[{<]\s*(?:dot|punto|chấm)\s*[)\]}>]\s*|\s+(?:dot|punto|chấm)\s+|\.)"
TLDS = r"(?:com|org|net|edu|gov|me|us|io|co|info|biz|mx|vn|hn|uk|ca|tv)"
PROVIDERS = (r"(?:gmail|yahoo|hotmail|outlook|icloud|aol|proton|protonmail|cox|bellsouth|att|comcast|"
             r"earthlink|live|msn|ymail|me)")
# Emails spelled out are found from their "at": the domain after it is checked first (cheap, and rare in
# notes), and only then the local part before it, so "at" in every sentence costs one short match each.
AT_SIGN = re.compile(AT, re.IGNORECASE)
# The words of AT as words_of reads them; "a.t" is two words, so emails() looks for it as text.
AT_WORDS = frozenset({"at", "arroba", "còng"})
DOMAIN = re.compile(rf"[\w-]{{1,63}}(?:{DOT}[\w-]{{1,63}}){{0,2}}{DOT}{TLDS}\b|{PROVIDERS}\b", re.IGNORECASE)
LOCAL_PART = re.compile(rf"(?<![\w.+-])[\w+-]{{1,64}}(?:{DOT}[\w+-]{{1,64}}){{0,3}}\Z", re.IGNORECASE)
LOCAL_REACH = 120
# Words that come before "at" in a sentence, not as the local part of an address ("look at me dot com").
NOT_LOCAL = {"me", "him", "her", "them", "us", "you", "meet", "met", "look", "looked", "call", "is", "was",
             "be", "staying", "stays", "lives", "live", "work", "works", "arrived", "back", "home", "here"}

PHONE_SHAPE = re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s./-])\d{3}[\s.-]?\d{4}(?![\w-])"
                         r"|(?<![\w/-])\d{3}-\d{4}(?![\w/-])|(?<![\w/-])\d{10}(?![\w/-])")
# A run of digits and the marks people put between them; possessive, so a run is read once.
PHONE_RUN = re.compile(r"[+(]?\d[\d\s().+/-]*+")
PHONE_RUN_MAX = 40
PHONE_LIBRARY_CALLS = 12

DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
    "siete": "7", "ocho": "8", "nueve": "9",
    "không": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "tư": "4", "năm": "5", "lăm": "5",
    "sáu": "6", "bảy": "7", "bẩy": "7", "tám": "8", "chín": "9",
}
# A group of digits or a word; between the tokens of one number only spaces and marks.
NUMBER_TOKEN = re.compile(r"[^\W_]++")
NUMBER_GAP = re.compile(r"[\s,.()/-]{0,4}")
SPELLED_DIGITS = (7, 10, 11)


def emails(text: str) -> list[Span]:
    """Email addresses, plain or spelled out with "at" and "dot" in English, Spanish or Vietnamese.

    Both patterns are tried at every character, so text that has neither an "@" nor a word that
    can be an "at" (most notes) is not searched (the same spans: tests/services/test_privacy_gate.py).
    """
    if "@" not in text and not has_word(AT_WORDS, text) and "a.t" not in text.lower():
        return []
    return email_spans(text)


def email_spans(text: str) -> list[Span]:
    """emails without the gate: both patterns searched."""
    return spans_of(EMAIL, text, "email") + spelled_emails(text)


def spelled_emails(text: str) -> list[Span]:
    """ "ann at gmail dot com", "tanya (at) cox (dot) net", "ana arroba gmail punto com", "dee at gmail"."""
    found = []
    for at in AT_SIGN.finditer(text):
        domain = DOMAIN.match(text, at.end())
        local = domain and LOCAL_PART.search(text, max(0, at.start() - LOCAL_REACH), at.start())
        if domain and local and local.group().split()[0].lower() not in NOT_LOCAL:
            found.append(Span(local.start(), domain.end(), "email"))
    return found


def digit_phones(text: str) -> list[Span]:
    """Phone numbers written with digits: libphonenumber on short digit runs, a pattern for the rest."""
    return library_phones(text) + spans_of(PHONE_SHAPE, text, "phone")


def library_phones(text: str) -> list[Span]:
    """US and international numbers that libphonenumber finds in short runs of digits (bounded work)."""
    found, calls = [], 0
    for run in PHONE_RUN.finditer(text):
        digits = sum(char.isdigit() for char in run.group())
        if digits < 7 or len(run.group()) > PHONE_RUN_MAX:
            continue
        calls += 1
        if calls > PHONE_LIBRARY_CALLS:
            break
        for match in phonenumbers.PhoneNumberMatcher(run.group(), "US", leniency=phonenumbers.Leniency.POSSIBLE):
            found.append(Span(run.start() + match.start, run.start() + match.end, "phone"))
    return found


def spelled_phones(text: str) -> list[Span]:
    """Numbers read out in words, alone or mixed with digits: "five oh four, 555, oh one nine nine".

    A run counts only when a word in it is a digit word, so text without one is skipped (most notes):
    a letters-only token is a word of words_of, so the two readings agree.
    """
    if not has_word(DIGIT_WORDS.keys(), text):
        return []
    return spelled_phone_runs(text)


def spelled_phone_runs(text: str) -> list[Span]:
    """spelled_phones without the digit-word gate: every run of number tokens, read."""
    found: list[Span] = []
    run: list[re.Match] = []
    for token in NUMBER_TOKEN.finditer(text):
        digits = token_digits(token.group())
        joined = run and NUMBER_GAP.fullmatch(text, run[-1].end(), token.start())
        if digits is None:
            found += spelled_phone(run)
            run = []
        elif joined:
            run.append(token)
        else:
            found += spelled_phone(run)
            run = [token]
    return found + spelled_phone(run)


def token_digits(token: str) -> str | None:
    """The digits a token stands for ("five" -> "5", "0199" -> "0199"), or None when it is no number."""
    if token.isascii() and token.isdigit():
        return token if len(token) <= 4 else None
    return DIGIT_WORDS.get(token.lower())


def spelled_phone(run: list[re.Match]) -> list[Span]:
    """The run as one phone number when it spells one and at least one digit is a word."""
    if not run or all(token.group().isdigit() for token in run):
        return []
    digits = "".join(token_digits(token.group()) or "" for token in run)
    if len(digits) not in SPELLED_DIGITS or (len(digits) == 11 and digits[0] != "1"):
        return []
    return [Span(run[0].start(), run[-1].end(), "phone")]
