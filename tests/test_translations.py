"""The Spanish and Vietnamese catalogs cover every message of every page, and every vocabulary label.

Messages are extracted afresh from the sources (templates, JS, Python) with
babel.cfg, as `make messages` does, so a new untranslated string fails here.
"""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from outreach import create_app, vocab

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "outreach" / "translations"
LANGUAGES = ("es", "vi")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
METHODS = {".py": "python", ".html": "jinja2", ".js": "javascript", ".webmanifest": "jinja2"}
# Everything a volunteer's phone shows: the field pages and what they share with every page.
FIELD_SOURCES = ("templates/field/**/*", "templates/base.html", "templates/error.html",
                 "templates/auth/*.html", "outreach/field/**/*.py", "outreach/vocab.py",
                 "outreach/errors.py", "outreach/auth.py", "static/js/outbox.js",
                 "static/js/home.js", "static/js/visit.js", "static/js/block.js", "static/js/geo.js",
                 "outreach/services/fieldwork/visits.py", "outreach/services/safety/shifts.py")


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


def all_messages() -> dict[str, str]:
    """Message id -> where it was found, for every source babel.cfg names (what `make messages` extracts)."""
    with open(ROOT / "babel.cfg") as handle:
        method_map = [(line[1:].split("]")[0].split(": ")[1], line[1:].split(":")[0])
                      for line in handle if line.startswith("[")]
    messages = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=KEYWORDS):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                messages.setdefault(msgid, f"{filename}:{lineno}")
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
    assert "templates/field/home.html" in names and "outreach/vocab.py" in names
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


def catalog_entries(language: str) -> dict:
    """Message id (singular and plural) -> its catalog entry."""
    entries = {}
    for message in catalog(language):
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            entries[msgid] = message
    return entries


def test_all_sources_are_found():
    found = all_messages()
    assert any(where.startswith("templates/aid/") for where in found.values())
    assert any(where.startswith("templates/public/") for where in found.values())
    assert any(where.startswith("outreach/vocab.py") for where in found.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_every_page_is_translated(language):
    entries = catalog_entries(language)
    missing = [f"{where}: {msgid!r}" for msgid, where in all_messages().items()
               if msgid not in entries or not translated(entries[msgid])]
    assert not missing, f"untranslated in {language} (run `make messages` and translate):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entry(language):
    left = [repr(message.id) for message in catalog(language) if message.id and not translated(message)]
    assert not left, f"{len(left)} untranslated or fuzzy in {language}:\n" + "\n".join(left)


@pytest.mark.parametrize("language", ("en", *LANGUAGES))
def test_every_vocabulary_slug_has_a_label_in_every_language(language):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    entries = catalog_entries(language) if language != "en" else {}
    with app.test_request_context(f"/?lang={language}"):
        for key, vocabulary in vocab.VOCABULARIES.items():
            for slug, term in vocabulary.terms.items():
                msgid = term.label._args[0]
                assert msgid and msgid != slug, (key, slug)
                if language != "en":
                    assert msgid in entries and translated(entries[msgid]), (language, key, slug, msgid)
                    assert str(vocabulary.label(slug)) == entries[msgid].string, (language, key, slug)


# Where a label or colour table could be spelled out again.
FRONT_END = ("templates/**/*.html", "templates/**/*.js", "static/js/**/*.js", "static/css/**/*.css")
# A slug given a label or colour (`done: "#16a34a"`, `"open": _("open")`) or a CSS rule of its own.
TABLE_ENTRY = r"""(?:["']?\b{slug}\b["']?\s*:\s*["'#_(]|\.{css}-{slug}\b)"""


def front_end_files() -> list[Path]:
    """Our templates, scripts and stylesheets (vendored files aside)."""
    return sorted({path for pattern in FRONT_END for path in ROOT.glob(pattern) if "vendor" not in path.parts})


def test_no_template_or_script_spells_a_vocabulary_out_again():
    problems = []
    for path in front_end_files():
        text = path.read_text(encoding="utf-8")
        if re.search(r"""replace\(\s*["']_["']""", text):
            problems.append(f"{path.relative_to(ROOT)}: turns a slug into words; use the label filter")
        for key, vocabulary in vocab.VOCABULARIES.items():
            named = [slug for slug in vocabulary
                     if re.search(TABLE_ENTRY.format(slug=slug, css=vocabulary.css_prefix or "-"), text)]
            if len(vocabulary) >= 3 and len(named) >= 3:
                problems.append(f"{path.relative_to(ROOT)}: spells out {key} ({', '.join(named)})")
    assert not problems, "\n".join(problems)


def test_no_python_module_repeats_a_colour_table():
    problems = []
    for path in (path for folder in ("outreach", "bench") for path in (ROOT / folder).rglob("*.py")):
        if path.name == "vocab.py":
            continue
        text = path.read_text(encoding="utf-8").lower()
        for key, vocabulary in vocab.VOCABULARIES.items():
            # `"done": "#16a34a"`: a slug given its colour again.
            repeated = [slug for slug, colour in vocabulary.colours().items()
                        if re.search(rf"""\b{slug}["']?\s*[:=]\s*["']{colour.lower()}""", text)]
            if len(repeated) >= 2:
                problems.append(f"{path.relative_to(ROOT)}: repeats the colours of {key} ({', '.join(repeated)})")
    assert not problems, "\n".join(problems)


def test_no_python_module_labels_a_slug_again():
    labels = {term.label._args[0] for vocabulary in vocab.VOCABULARIES.values() for term in vocabulary.terms.values()}
    again = [f"{where}: {msgid!r}" for msgid, where in all_messages().items()
             if msgid in labels and not where.startswith("outreach/vocab.py")]
    assert not again, "label written outside outreach/vocab.py:\n" + "\n".join(again)
