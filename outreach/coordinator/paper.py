"""Paper for when phones fail: a pair's printable packet, and entering its logs afterwards."""
from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..services.areas import osm_basemap
from ..services.areas.blocks import list_blocks
from ..services.fieldwork import packets, paper
from ..services.gatherings import paper_log
from ..services.people import teams
from ..services.sms import grammar
from . import bp
from .forms import ActionForm


@bp.get("/teams/<int:team_id>/packet")
def packet(team_id: int):
    """The printable packet of one pair (`?date=`, `?first=` and `?sheets=` number its log sheets)."""
    return render_packet(team_id)


def render_packet(team_id: int, signin: list | None = None):
    """The packet page; `signin` holds the members' fresh sign-in QR codes when they were just made."""
    today = datetime.now(get_timezone()).date()
    day = packets.parse_day(request.args.get("date"), today)
    built = packets.build_packet(team_id, day, first_sheet=request.args.get("first", 1, type=int),
                                 sheet_count=request.args.get("sheets", 5, type=int))
    return render_template("coordinator/packet.html", packet=built, signin=signin, signin_form=ActionForm(),
                           crisis_line=current_app.config["CRISIS_LINE"], sms_number=current_app.config["SMS_NUMBER"],
                           sms_card=grammar.CARD,
                           credit_osm=osm_basemap.openstreetmap_imported(),
                           gatherings=paper_log.sheet_gatherings(built.team, day), gathering_lists=paper_log.PRINTED,
                           need_rows=range(1, paper_log.NEED_ROWS + 1))


@bp.route("/paper", methods=["GET", "POST"])
def paper_entry():
    """Type in paper visit logs a sheet at a time: keyboard first, all or nothing, safe to repeat."""
    team = packets.find_pair(request.values.get("team_id", type=int) or 0)
    if team is None:
        return render_template("coordinator/paper_entry.html", team=None, teams=teams.active_teams_by_name())
    rows = {number: {column: request.form.get(f"r{number}-{column}", "") for column in paper.COLUMNS}
            for number in range(1, packets.ROWS_PER_SHEET + 1)}
    code = paper.sheet_code(request.values.get("sheet"))
    day = request.values.get("date", "")
    result, status = None, 200
    if request.method == "POST":
        result = paper.enter_sheet(team, code, day, rows, current_user, get_timezone())
        if result.ok:
            db.session.commit()
            flash(_("Sheet %(sheet)s: %(stored)d new visits stored, %(already)d already stored before.",
                    sheet=code, stored=result.stored, already=result.already), "info")
            return redirect(url_for(".paper_entry", team_id=team.id, sheet=paper.next_sheet(code),
                                    date=paper.sheet_day(code, day).isoformat()))
        db.session.rollback()
        status = 409 if result.conflict else 422
    blocks = list_blocks(team_id=team.id)
    return render_template("coordinator/paper_entry.html", team=team, rows=rows, sheet=code, day=day,
                           result=result, blocks=blocks, columns=paper.COLUMNS,
                           vocabularies=packets.printed_vocabularies()), status
