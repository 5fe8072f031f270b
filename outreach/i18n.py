"""Languages: English, Spanish and Vietnamese (New Orleans East), chosen per person."""
from flask import has_request_context, request
from flask_babel import Babel

LANGUAGES = ("en", "es", "vi")
babel = Babel()


def select_locale() -> str:
    """`?lang=` first, then the `lang` cookie, then the browser's preference."""
    if not has_request_context():
        return "en"  # the CLI and services called outside a request speak English
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def init_app(app) -> None:
    """Attach Flask-Babel; translations live in outreach/translations."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
