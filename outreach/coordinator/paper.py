"""Paper for when phones fail: a pair's printable packet, and entering its logs afterwards."""
from datetime import datetime

from flask import current_app, render_template, request
from flask_babel import get_timezone

from ..services import packets
from . import bp


@bp.get("/teams/<int:team_id>/packet")
def packet(team_id: int):
    """The printable packet of one pair (`?date=`, `?first=` and `?sheets=` number its log sheets)."""
    today = datetime.now(get_timezone()).date()
    day = packets.parse_day(request.args.get("date"), today)
    built = packets.build_packet(team_id, day, first_sheet=request.args.get("first", 1, type=int),
                                 sheet_count=request.args.get("sheets", 5, type=int))
    return render_template("coordinator/packet.html", packet=built,
                           crisis_line=current_app.config["CRISIS_LINE"])
