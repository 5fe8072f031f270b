"""The aid group's board: a map and a list of open needs at block level, with claim buttons."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError, Forbidden
from ..extensions import db
from ..maps import basemap_options
from ..security import with_nonce
from ..services.areas import areas, maps
from ..services.mutual_aid import needs
from ..vocab import NEED_CATEGORIES, NEED_URGENCIES, NeedCategory, NeedStatus, NeedUrgency
from . import bp

BOARD_LIMIT = 1000
FILTER_KEYS = ("category", "urgency", "neighborhood_id", "status")
# The category filter's choice "the categories my group handles", which is also where the board opens.
OUR_CATEGORIES = "ours"


def own_categories() -> tuple[str, ...]:
    """The categories the signed-in member's group says it handles (none for coordinators)."""
    group = current_user.aid_group if current_user.role == "aid" else None
    return tuple(slug for slug in (group.categories if group else None) or () if slug in NEED_CATEGORIES)


def board_filter_from_args() -> needs.NeedFilter:
    """The board's filters from the query string; unknown values are a 422 page.

    Without a category chosen the board opens on the group's own categories: what it can bring.
    """
    args = request.args.to_dict()
    chosen = args.get("category")
    if chosen == OUR_CATEGORIES or (chosen is None and own_categories()):
        args.pop("category", None)
        wanted = needs.NeedFilter.from_args(args)
        wanted.categories = own_categories() or None
        return wanted
    return needs.NeedFilter.from_args(args)


def filter_args() -> dict:
    """The board's filter arguments of this request, to keep them across a button press."""
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}


def with_labels(summary: dict) -> dict:
    """A need summary with what the page shows: readable names (its age comes from the `age` filter)."""
    return {**summary, "category_label": NeedCategory.label(summary["category"]),
            "urgency_label": NeedUrgency.label(summary["urgency"]), "status_label": NeedStatus.label(summary["status"])}


def map_labels() -> dict:
    """The words inside map popups, in the reader's language."""
    return {"people": _("people"), "block": _("Block"), "claimed_by": _("Claimed by"), "see": _("See in the list")}


@bp.get("/")
def home():
    """Open and claimed needs on a map and in a list, most urgent and oldest first."""
    wanted = board_filter_from_args()
    needs.expire_claims()  # committed with the page's audit in render_board
    return render_board(wanted)


def render_board(wanted: needs.NeedFilter, error: str | None = None, status: int = 200):
    """The board page, with an error from the last button press if there was one."""
    group = current_user.aid_group if current_user.role == "aid" else None
    claims = [with_labels(s) for s in needs.list_needs(
        needs.NeedFilter(statuses=(NeedStatus.claimed.slug,), claimed_by_group_id=group.id), current_user,
        limit=BOARD_LIMIT)] if group else []
    # The group's own claims lead the page whatever the filters; the list below holds the rest.
    mine = {need["id"] for need in claims}
    listed = [with_labels(s) for s in needs.list_needs(wanted, current_user, limit=BOARD_LIMIT)
              if s["id"] not in mine]
    db.session.commit()  # the audit of every hint shown
    block_ids = {n["block_id"] for n in claims + listed}
    map_parts = maps.render_needs_map(
        claims + listed, needs.block_centroids(block_ids), needs.neighborhood_outlines(block_ids),
        needs.operation_bounds(),
        lambda path: url_for("static", filename=path), map_labels(), basemap_options())
    # Folium's header and our map HTML have inline <script>s; they are ours, so they get the CSP nonce.
    map_parts.header = with_nonce(map_parts.header)
    map_parts.html = with_nonce(map_parts.html)  # the basemap and streets module script (services.areas.maps)
    return render_template(
        "aid/home.html", needs=listed, claims=claims, map=map_parts, group=group, wanted=wanted, error=error,
        own_categories=own_categories(), our_categories=OUR_CATEGORIES,
        limit=BOARD_LIMIT, filter_args=filter_args(), categories=NEED_CATEGORIES, urgencies=NEED_URGENCIES,
        neighborhoods=areas.neighborhood_names(),
    ), status


PAGE_STEPS = ("claim", "release", "fulfill")


@bp.post("/needs/<int:need_id>/<step>")
def change_need(need_id: int, step: str):
    """The board's buttons: claim, release or fulfil (the CSRF token is checked before this runs)."""
    if step not in PAGE_STEPS:
        abort(404)
    try:
        need = needs.get_need(need_id)
        if step == "claim":
            needs.claim(need, own_group(), current_user, ttl_hours=current_app.config["CLAIM_TTL_HOURS"],
                        limits=needs.ClaimLimits.from_config(current_app.config))
        else:
            {"release": needs.release, "fulfill": needs.fulfill}[step](need, current_user)
    except DomainError as error:
        db.session.rollback()
        return render_board(board_filter_from_args(), error.message, error.status)
    db.session.commit()
    flash({"claim": _("Claimed. The need is yours for the next %(hours)s hours.",
                      hours=current_app.config["CLAIM_TTL_HOURS"]),
           "release": _("Released. Another group can take it now."),
           "fulfill": _("Marked as met. Thank you. The next visit to the block will confirm it.")}[step], "info")
    return redirect(url_for("aid.home", **filter_args()) + f"#need-{need_id}")


def own_group():
    """The aid member's group; coordinators claim for a group through the API."""
    if current_user.role != "aid" or current_user.aid_group is None:
        raise Forbidden(_("Only members of an aid group can claim needs here."), {"group": "none"})
    return current_user.aid_group

