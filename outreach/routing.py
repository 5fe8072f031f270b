"""Which operation a request works in (DESIGN section 7): the address names it, or the person's current one.

Pages live under /o/SLUG/...; the same pages without the prefix redirect to the
person's current operation (the one last chosen, else the only one). The API
lives under /api/v1/operations/SLUG/... and, without the prefix, acts on the
token's operation (outreach/api/__init__.py). An operation a person is not a
member of answers 404, exactly like one that does not exist.
"""
from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user

from . import scope
from .models import role_in
from .services.operation import operations

# The page blueprints that belong to an operation (registered twice: under /o/<op> and, flat, redirecting).
SCOPED_PAGES = ("coordinator", "field", "aid", "export", "public", "maps")
FLAT = "flat_"  # the name prefix of the unprefixed registrations
SESSION_KEY = "operation"  # the slug of the operation this browser last worked in


def register(app: Flask, blueprints: dict) -> None:
    """Register the scoped page blueprints twice and the API twice, and choose each request's operation."""
    for name in SCOPED_PAGES:
        bp = blueprints[name]
        app.register_blueprint(bp, url_prefix=f"/o/<op>{bp.url_prefix}")
        app.register_blueprint(bp, name=FLAT + name)
    api = blueprints["api"]
    app.register_blueprint(api, url_prefix="/api/v1/operations/<op>")
    app.register_blueprint(api, name=FLAT + "api")
    app.url_value_preprocessor(take_slug)
    app.url_defaults(add_slug)
    app.before_request(choose_page_operation)
    app.teardown_request(restore_operation)


def take_slug(endpoint: str | None, values: dict | None) -> None:
    """Views never see the slug: it becomes the request's operation (chosen below, or by the API)."""
    g.operation_before = g.get("operation")  # a test's own, given back after the request (restore_operation)
    scope.choose(None)
    g.operation_slug = values.pop("op", None) if values else None


def add_slug(endpoint: str, values: dict) -> None:
    """url_for of a scoped page or API path fills in the operation being worked in (or the one last chosen)."""
    if "op" in values or not current_app.url_map.is_endpoint_expecting(endpoint, "op"):
        return
    operation = g.get("operation")
    slug = operation.slug if operation is not None else session.get(SESSION_KEY)
    if slug:
        values["op"] = slug


def restore_operation(error=None) -> None:
    """A request inside a test's own app context leaves the test's operation as it found it."""
    if "operation_before" in g:
        scope.choose(g.pop("operation_before"))


def choose_page_operation():
    """Pages: a scoped address must name an operation of the signed-in person; a flat one redirects there."""
    blueprint = request.blueprint or ""
    if blueprint in SCOPED_PAGES:
        return enter(g.pop("operation_slug", None), public=blueprint == "public")
    if blueprint.startswith(FLAT) and blueprint != FLAT + "api":
        return redirect_to_current()
    return None


def enter(slug: str, public: bool):
    """Work in `slug` if the person is a member (the public page needs no one); 404 otherwise."""
    if public:
        operation = operations.by_slug(slug)
        if operation is None:
            abort(404)
        scope.choose(scope.ref(operation))
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    found = operations.member_operation(slug, current_user.id)
    if found is None:
        abort(404)
    scope.choose(scope.ref(found[0]))
    session[SESSION_KEY] = slug
    return None


def redirect_to_current():
    """A flat page address: the same page in the person's current operation, or the picker when there is none."""
    if request.blueprint == FLAT + "public" and not current_user.is_authenticated:
        operation = operations.only_public()
    elif not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    else:
        operation = remembered(current_user.id)
    if operation is None:
        if request.blueprint == FLAT + "public":
            abort(404)
        return redirect(url_for("auth.choose_operation", next=request.full_path.rstrip("?")))
    prefixed = f"/o/{operation.slug}{request.full_path.rstrip('?')}"
    return redirect(prefixed, code=302 if request.method in ("GET", "HEAD") else 307)


def remembered(user_id: int):
    """The operation a person works in when the address does not say: the last chosen, else their only one."""
    slug = session.get(SESSION_KEY)
    if slug:
        found = operations.member_operation(slug, user_id)
        if found is not None and found[0].status != "archived":
            return found[0]
    choices = operations.memberships(user_id, include_archived=False)
    return choices[0][0] if len(choices) == 1 else None


def home_url(user) -> str:
    """Where a person lands: their role's home in their current operation, or the picker."""
    from .auth import HOMES
    operation = g.get("operation") or remembered(user.id)
    if operation is None:
        return url_for("auth.choose_operation")
    role = role_in(user.id, operation.id)
    if role is None:
        return url_for("auth.choose_operation")
    return url_for(HOMES[role], op=operation.slug)
