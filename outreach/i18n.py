"""Languages: English, Spanish and Vietnamese (New Orleans East), chosen per person.

The choice comes from `?lang=`, then the `lang` cookie the language switcher
sets, then the browser's Accept-Language. Dates and numbers on pages go through
the `datetime`/`date`/`number` filters so they read the way each language writes them.
"""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from babel import dates as babel_dates
from flask import Blueprint, has_request_context, redirect, request, url_for
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
    to_user_timezone,
)
from markupsafe import Markup

from . import vocab
from .auth import is_local_url

LANGUAGES = ("en", "es", "vi")
# Each language named in itself, so a person finds their own whatever the page is in.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "vi": "Tiếng Việt"}
COOKIE_AGE = timedelta(days=365)
# The vocabularies' colours, inlined in every page's <head> (about 1 KB): no extra request on 3G,
# and the field app's cached pages carry them offline. Built from our own constants, never user text.
VOCABULARY_CSS = Markup(vocab.stylesheet())
babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """`?lang=` first, then the `lang` cookie, then the browser's preference."""
    if not has_request_context():
        return "en"  # the CLI and services called outside a request speak English
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


@bp.get("/language/<code>")
def choose(code: str):
    """Remember a language in the `lang` cookie and go back to the page it was chosen on."""
    target = request.args.get("next")
    target = target if is_local_url(target) else url_for("auth.index")
    if code not in LANGUAGES:
        return redirect(target)
    # ?lang= on the way back also tells the field app's service worker to refill its cached pages.
    response = redirect(target + ("&" if "?" in target else "?") + urlencode({"lang": code}))
    response.set_cookie("lang", code, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def language_url(code: str) -> str:
    """The switcher's link to `code`, coming back to this page (without its own `?lang=`)."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    here = request.path + ("?" + urlencode(query) if query else "")
    return url_for("i18n.choose", code=code, next=here)


def zone_abbreviation(value: datetime | None = None) -> str:
    """The operation's time zone as people write it at that moment ("CDT", "CST"); now by default."""
    return to_user_timezone(value or datetime.now(UTC)).strftime("%Z")


def _moment(value: datetime | str | None) -> datetime | None:
    """A datetime, or one read from ISO 8601 text (the JSON-ready dicts the care board is made of)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def zoned(value: datetime | str | None, fmt: str = "short") -> str:
    """Date and time in the operation's zone, labelled: "12/7/26, 2:05 PM CST" (the `zoned` filter)."""
    value = _moment(value)
    if value is None:
        return ""
    return f"{format_datetime(value, fmt)} {zone_abbreviation(value)}"


def zoned_time(value: datetime | str | None) -> str:
    """Time of day in the operation's zone, labelled: "2:05 PM CDT" (the `zoned_time` filter)."""
    value = _moment(value)
    if value is None:
        return ""
    return f"{format_time(value, 'short')} {zone_abbreviation(value)}"


def age(value: datetime | str | None) -> str:
    """How long ago, short, in the reader's language: "5 min", "3 hr", "2 days" (the `age` filter)."""
    value = _moment(value)
    if value is None:
        return ""
    # Babel's own: Flask-Babel's wrapper has no short format, and "3 hours" crowds a table cell.
    return babel_dates.format_timedelta(datetime.now(UTC) - value, format="short", threshold=1.5,
                                        locale=get_locale() or "en")


def zone_name() -> str:
    """The operation's IANA time zone ("America/Chicago"), for scripts that format times themselves."""
    return str(get_timezone())


def zone_label() -> str:
    """The operation's time zone as a page names it: "CST (America/Chicago)"."""
    return f"{zone_abbreviation()} ({zone_name()})"


def template_globals() -> dict:
    """What every template needs to show the language switcher and set `<html lang>`."""
    return {"current_language": str(get_locale() or "en"), "language_names": LANGUAGE_NAMES,
            "language_url": language_url, "vocabulary_css": VOCABULARY_CSS, "time_zone": zone_label}


def init_app(app) -> None:
    """Attach Flask-Babel; translations live in outreach/translations."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    # Times are shown and read (paper logs) in the operation's own zone; New Orleans by default.
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "America/Chicago")
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(template_globals)
    app.add_template_filter(lambda value, fmt="medium": format_datetime(value, fmt), "datetime")
    app.add_template_filter(lambda value, fmt="medium": format_date(value, fmt), "date")
    app.add_template_filter(format_decimal, "number")
    # Every time a coordinator reads is in the operation's zone and says which (popups and pages alike).
    app.add_template_filter(zoned, "zoned")
    app.add_template_filter(zoned_time, "zoned_time")
    app.add_template_filter(age, "age")
    app.add_template_filter(vocab.label, "label")
