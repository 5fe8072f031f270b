"""Domain errors (raised by services) and how each maps to HTTP, as JSON or a page."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from .extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; `fields` names the offending inputs."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class Invalid(DomainError):
    """Well-formed input that breaks a rule (wrong slug, out of range, not a pair)."""

    status = 422
    code = "invalid"


class NotFound(DomainError):
    """The thing named does not exist."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (already assigned, replay differs)."""

    status = 409
    code = "conflict"


class Forbidden(DomainError):
    """The caller's role may not do this."""

    status = 403
    code = "forbidden"


class TooLarge(DomainError):
    """The request is over a size limit."""

    status = 413
    code = "too_large"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The JSON error envelope of DESIGN.md section 5."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    """A JSON error response."""
    return jsonify(error_body(code, message, fields)), status


def wants_json() -> bool:
    """API paths answer in JSON; pages answer in HTML."""
    return request.path.startswith("/api/")


HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests"}


def page_message(error: HTTPException) -> str:
    """What an error page says: the app's own words when it gave some, else ours for the status.

    Werkzeug's default descriptions are English only ("The requested URL was not found on the
    server..."); a page in Spanish or Vietnamese must not fall back to them.
    """
    if error.description and error.description != type(error).description:
        return error.description
    return {
        400: _("The request was not understood. Go back, reload and try again."),
        403: _("This account cannot open this page. Go back to your home page, or sign in with another account."),
        404: _("There is no page at this address. The link may be old or mistyped."),
        405: _("This address does not take that kind of request."),
        413: _("What you sent is too large."),
        429: _("Too many tries in a short time. Wait a minute, then try again."),
    }.get(error.code, _("That did not work. Go back and try again."))


def register(app) -> None:
    """Install the handlers that turn errors into JSON for the API and pages elsewhere."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if wants_json():
            return json_error(error.status, error.code, error.message, error.fields)
        return render_template("error.html", status=error.status, message=error.message), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if wants_json():
            return json_error(400, "csrf", error.description)
        message = _("This form expired or was sent from elsewhere. Go back, reload and try again.")
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        # Keep the error's own headers (Allow on a 405, Retry-After on a 429), as RFC 9110 asks.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        if wants_json():
            body, status = json_error(status, HTTP_CODES.get(status, "error"), error.description)
            return body, status, headers
        return render_template("error.html", status=status, message=page_message(error)), status, headers

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def out_of_range(error: Exception):
        # A value from the request too large for the database's columns: bad input, not our failure.
        db.session.rollback()
        message = "A number or text in the request is too large."
        if wants_json():
            return json_error(422, "invalid", message)
        return render_template("error.html", status=422, message=message), 422

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        message = _("Something went wrong on our side. Nothing you sent was half-saved.")
        if wants_json():
            return json_error(500, "server_error", message)
        return render_template("error.html", status=500, message=message), 500
