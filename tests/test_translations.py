"""The Spanish and Vietnamese catalogs cover every message a volunteer can meet on the field pages.

Messages are extracted afresh from the sources (templates, JS, Python) with the
same extractors as `make messages`, so a new untranslated string fails here.
"""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from outreach import labels, vocab

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "outreach" / "translations"
LANGUAGES = ("es", "vi")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
METHODS = {".py": "python", ".html": "jinja2", ".js": "javascript", ".webmanifest": "jinja2"}
# Everything a volunteer's phone shows: the field pages and what they share with every page.
FIELD_SOURCES = ("templates/field/**/*", "templates/base.html", "templates/error.html",
                 "templates/auth/*.html", "outreach/field/**/*.py", "outreach/labels.py",
                 "outreach/errors.py", "outreach/auth.py", "static/js/outbox.js",
                 "static/js/home.js", "static/js/visit.js", "static/js/block.js", "static/js/geo.js",
                 "outreach/services/visits.py", "outreach/services/shifts.py")


def field_sources() -> list[Path]:
    """The files of FIELD_SOURCES that exist, with a known extractor."""
    found = {path for pattern in FIELD_SOURCES for path in ROOT.glob(pattern)}
    return sorted(path for path in found if path.suffix in METHODS and path.is_file())


def method_for(path: Path) -> str:
    """The extractor of a file: everything under templates/ is Jinja (sw.js there is a template)."""
    return "jinja2" if "templates" in path.relative_to(ROOT).parts else METHODS[path.suffix]


def extracted_messages(paths) -> dict[str, str]:
    """Message id -> where it was found, for every translatable string in `paths`."""
    messages = {}
    for path in paths:
        for lineno, message, _comments, _context in extract_from_file(
                method_for(path), str(path), keywords=KEYWORDS):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    messages.setdefault(msgid, f"{path.relative_to(ROOT)}:{lineno}")
    return messages


def catalog(language: str):
    """The committed .po catalog of a language."""
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def translated(message) -> bool:
    """True when every form of a catalog entry has a translation that is not fuzzy."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def test_field_sources_are_found():
    names = {str(path.relative_to(ROOT)) for path in field_sources()}
    assert "templates/field/home.html" in names and "outreach/labels.py" in names
    assert len(extracted_messages(field_sources())) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_page_message_is_translated(language):
    entries = {}
    for message in catalog(language):
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            entries[msgid] = message
    missing = [f"{where}: {msgid!r}" for msgid, where in extracted_messages(field_sources()).items()
               if msgid not in entries or not translated(entries[msgid])]
    assert not missing, f"untranslated in {language} (run `make messages` and translate):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    problems = [f"{message.id!r}: {errors}" for message, errors in catalog(language).check()]
    assert not problems, "\n".join(problems)


def test_every_vocabulary_slug_has_a_label():
    pairs = {"outcome": vocab.VISIT_OUTCOMES, "block_status": vocab.BLOCK_STATUSES,
             "need_category": vocab.NEED_CATEGORIES, "need_urgency": vocab.NEED_URGENCIES,
             "need_status": vocab.NEED_STATUSES, "risk": vocab.RISKS, "reaction": vocab.REACTIONS,
             "ecpr": vocab.ECPR, "referral": vocab.REFERRALS, "self_care": vocab.SELF_CARE,
             "role": vocab.ROLES}
    for name, slugs in pairs.items():
        assert set(labels.VOCABULARIES[name]) == set(slugs), name

