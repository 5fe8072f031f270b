"""The text grammar of DESIGN section 9, declared once: what a pair may text, and the words we text back.

    HELP [BLOCK] [a few words] [#REF]   a help call for the sender's pair
    OK [#REF]                           an all-OK check-in
    V BLOCK OUTCOME [NEED...] [#REF]    a visit: OUTCOME a letter, each NEED a letter and an urgency digit
    CODES                               the code card, short

Keywords, letters and block codes are case-insensitive; a block code may lose its hyphen or gain spaces
("lnw 14" is LNW-014). The letters come from outreach/vocab.py (SMS_*), never from a second table here.
Pure functions: no database, no request. Replies are plain GSM-7 under 160 characters, so each stays
one text on any phone (and so they are English only: Vietnamese letters are not GSM-7 and would cut
a text to 70 characters).
"""
import re
import unicodedata
from dataclasses import dataclass, field

from ...vocab import SMS_NEED_LETTERS, SMS_OUTCOME_LETTERS, SMS_URGENCY_DIGITS

MAX_TEXT = 1600  # ten concatenated texts: more is not a pair typing
MAX_REPLY = 159  # under 160: one text
REF_LENGTH = 6  # the first six characters of the phone's client_id
REF = re.compile(rf"#([0-9a-f]{{{REF_LENGTH}}})", re.IGNORECASE)
NEED = re.compile(r"(?:[A-Z][0-9])+")  # one or more needs written together: W1 or W1R2
MAX_BLOCK_TOKENS = 3  # "LNW 014" or "L N W-014" at most

# The GSM 03.38 basic character set (the escape table aside): what one 160-character text can carry.
GSM7 = frozenset("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")


@dataclass(frozen=True)
class Form:
    """One command of the grammar: its keyword, the kind of record it makes, and its right form (for replies)."""

    keyword: str
    kind: str
    usage: str


FORMS = {form.keyword: form for form in (
    Form("HELP", "help", "HELP BLOCK few words"),
    Form("OK", "ok", "OK"),
    Form("V", "visit", "V BLOCK OUTCOME NEEDS #REF, e.g. V LNW-014 C W1 R2"),
    Form("CODES", "codes", "CODES"),
)}

FORMS_BY_KIND = {form.kind: form for form in FORMS.values()}


@dataclass
class Command:
    """A parsed text: its kind and its parts (the words of HELP still raw: the caller scrubs them)."""

    kind: str
    ref: str | None = None
    block: list[str] = field(default_factory=list)  # V: the block code's tokens
    rest: list[str] = field(default_factory=list)  # HELP: the tokens after HELP (a block, then words)
    outcome: str | None = None
    needs: list[tuple[str, str]] = field(default_factory=list)  # (category, urgency) slugs


class Refused(ValueError):
    """A text that is not in the grammar; `reply` says what was wrong and the right form."""

    def __init__(self, kind: str, reply: str):
        super().__init__(reply)
        self.kind = kind
        self.reply = reply


def check_text(text: str) -> None:
    """Refuse a text too long to be a pair's, or one carrying control characters."""
    if len(text) > MAX_TEXT:
        raise Refused("invalid", f"Text too long ({len(text)} characters). Send a short code; CODES lists them.")
    if any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\r\t" for char in text):
        raise Refused("invalid", "Text has broken or control characters. Send a short code; CODES lists them.")


def parse(text: str) -> Command:
    """The command a text carries, or Refused with the reply that explains the right form."""
    check_text(text)
    tokens = text.split()
    if not tokens:
        raise Refused("invalid", not_understood())
    form = FORMS.get(tokens[0].upper())
    if form is None:
        raise Refused("invalid", not_understood())
    ref, tokens = _take_ref(tokens[1:], form)
    if form.kind == "help":
        return Command("help", ref=ref, rest=tokens)
    if form.kind in ("ok", "codes"):
        if tokens:
            raise Refused("invalid", f"Send {form.keyword} alone. {not_understood()}")
        return Command(form.kind, ref=ref)
    return _visit(tokens, ref, form)


def _take_ref(tokens: list[str], form: Form) -> tuple[str | None, list[str]]:
    """The #REF among the tokens (lower-cased, as client_ids are) and the tokens without it."""
    marked = [token for token in tokens if token.startswith("#")]
    if not marked:
        return None, tokens
    found = REF.fullmatch(marked[-1])
    if len(marked) > 1 or found is None or marked[-1] is not tokens[-1]:
        raise Refused("invalid", f"#REF goes last: # and the {REF_LENGTH} characters your phone shows. "
                                 f"Send: {form.usage}")
    return found.group(1).lower(), tokens[:-1]


def _visit(tokens: list[str], ref: str | None, form: Form) -> Command:
    """V BLOCK OUTCOME [NEED...]: the block is every token before the first outcome letter that the needs follow."""
    for split in range(1, min(len(tokens), MAX_BLOCK_TOKENS + 1)):
        letter, needs = tokens[split].upper(), tokens[split + 1:]
        if letter in SMS_OUTCOME_LETTERS and all(NEED.fullmatch(token.upper()) for token in needs):
            return Command("visit", ref=ref, block=tokens[:split], outcome=SMS_OUTCOME_LETTERS[letter],
                           needs=_needs("".join(needs).upper(), form))
    raise Refused("invalid", f"Visit not understood. Send: {form.usage}")


def _needs(written: str, form: Form) -> list[tuple[str, str]]:
    """Each need letter with its urgency digit, as slugs; Refused naming a letter or digit that is not a code."""
    needs = []
    for letter, digit in zip(written[::2], written[1::2], strict=True):
        if letter not in SMS_NEED_LETTERS or digit not in SMS_URGENCY_DIGITS:
            raise Refused("invalid", f"No need code {letter}{digit}. Need: letter + 1 now/2 soon/3 later. "
                                     f"CODES lists them.")
        needs.append((SMS_NEED_LETTERS[letter], SMS_URGENCY_DIGITS[digit]))
    return needs


def block_keys(code: str) -> set[str]:
    """A block code as a pair might type it, reduced two ways to compare: its letters and digits
    ("N162002" is N162-002), and with each number's leading zeros dropped ("lnw 14" is LNW-014)."""
    pieces = re.findall(r"[A-Z]+|[0-9]+", code.upper())
    return {"".join(pieces), "".join(str(int(piece)) if piece.isdigit() else piece for piece in pieces)} - {""}


def codes_card() -> str:
    """The CODES reply: the whole table in one text."""
    outcomes = " ".join(SMS_OUTCOME_LETTERS)
    needs = "".join(SMS_NEED_LETTERS)
    return (f"V BLOCK OUTCOME NEEDS #REF. Outcome {outcomes}. Need letter {needs} + 1 now 2 soon 3 later. "
            f"HELP BLOCK words. OK. Card in your packet.")


# The printed code card (the pair packet): each vocabulary's letters with their slugs, for the label filter.
CARD = {"outcome": list(SMS_OUTCOME_LETTERS.items()), "need_category": list(SMS_NEED_LETTERS.items()),
        "need_urgency": list(SMS_URGENCY_DIGITS.items())}


def not_understood() -> str:
    """The reply to a text that is no command."""
    return "Not understood. Send HELP, OK, V BLOCK OUTCOME NEEDS #REF, or CODES for the card."


def gsm7(text: str) -> str:
    """`text` with every character one text cannot carry replaced by "?", cut to one text."""
    return "".join(char if char in GSM7 else "?" for char in text)[:MAX_REPLY]
