"""Privacy by construction: scrub PII from free text before it is stored.

A first pass with patterns for phones, emails, SSNs and street addresses; the
privacy work (issue 7) deepens it. Callers use scrub() and show the volunteer
what was redacted.
"""
import re
from dataclasses import dataclass, field

PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("phone", re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b")),
    ("address", re.compile(
        r"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+){1,3}"
        r"(?:St|Street|Ave|Avenue|Blvd|Boulevard|Rd|Road|Dr|Drive|Ct|Court|Pl|Place|Ln|Lane|Hwy|Highway|Way)\b\.?",
        re.IGNORECASE)),
]


@dataclass
class Scrubbed:
    """Scrubbed text and the kinds of PII taken out (e.g. {"phone": 1})."""

    text: str
    redactions: dict = field(default_factory=dict)


def scrub(text: str | None) -> Scrubbed:
    """Replace PII in `text` with markers such as [phone] and count what was replaced."""
    if not text:
        return Scrubbed(text or "")
    redactions = {}
    for kind, pattern in PATTERNS:
        text, count = pattern.subn(f"[{kind}]", text)
        if count:
            redactions[kind] = redactions.get(kind, 0) + count
    return Scrubbed(text, redactions)
