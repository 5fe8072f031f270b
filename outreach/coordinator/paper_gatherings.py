"""Typing in a paper gathering log from a pair's packet (issue 27 item 6)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..services.gatherings import gatherings, paper_log
from ..services.people import accounts
from . import bp

TEXT_FIELDS = ("gathering", "held", "attendance", "under_18", "over_64", "minutes", "topics", "would_do_differently",
               *(f"referral_{slug}" for slug in paper_log.REFERRALS),
               *(f"need_{row}_{part}" for row in range(1, paper_log.NEED_ROWS + 1)
                 for part in ("category", "urgency", "people")))


@bp.route("/paper/gathering", methods=["GET", "POST"])
def paper_gathering():
    """One paper gathering log at a time: all or nothing, through the phone's report service, safe to repeat."""
    typed = {name: request.form.get(name, "") for name in TEXT_FIELDS}
    typed["practised"] = request.form.getlist("practised")
    if request.method == "GET":
        typed["gathering"] = request.args.get("gathering_id", "")
    result = None
    if request.method == "POST":
        result = paper_log.enter(typed, current_user)
        if not result.errors:
            db.session.commit()
            message = (_("Gathering log stored.") if result.status == 201
                       else _("This gathering log was already stored; nothing was changed."))
            flash(message, "info")
            return redirect(url_for(".paper_gathering"))
        db.session.rollback()
    page = render_template("coordinator/paper_gathering.html", typed=typed, result=result,
                           choices=paper_log.enterable(), place_name=gatherings.place_name,
                           volunteers=accounts.list_users(role="volunteer"), printed=paper_log.PRINTED,
                           need_rows=range(1, paper_log.NEED_ROWS + 1))
    return page, (result.status if result else 200)
