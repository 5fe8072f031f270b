"""What the phone's scripts say, translated on the server (the JS gets it as JSON in every field page)."""
from flask_babel import gettext as _

from ..vocab import labels_document


def messages() -> dict:
    """What the JavaScript says, so it speaks the volunteer's language too."""
    return {
        "waiting_one": _("1 visit waits to be sent"),
        "waiting_many": _("%(n)s visits wait to be sent", n="{n}"),
        "all_sent": _("All visits are sent."),
        "problems": _("%(n)s visits were refused by the server; save them to a file and show your coordinator.",
                      n="{n}"),
        "syncing": _("Sending…"),
        "offline": _("No signal. Your visits are safe on this phone and will be sent later."),
        "retry_in": _("Could not send. Trying again in %(s)s seconds.", s="{s}"),
        "sign_in_again": _("Please sign in again so your visits can be sent. They stay safe on this phone."),
        "not_in_pair": _("You are not in a pair yet. Your visits stay on this phone until your coordinator pairs you."),
        "saved_here": _("Saved on this phone."),
        "sent": _("Sent. Thank you."),
        "redacted": _("Before storing, we removed personal details from a note: %(what)s.", what="{what}"),
        "no_blocks": _("No blocks assigned yet. Your coordinator will add some."),
        "no_pair": _("You are not in a pair yet. Nobody goes out alone: ask your coordinator to pair you."),
        "pair_with": _("You walk with %(names)s, pair %(team)s.", names="{names}", team="{team}"),
        "visits_count": _("%(n)s visits", n="{n}"),
        "open_needs": _("%(n)s open needs", n="{n}"),
        "km": _("%(d)s km away", d="{d}"),
        "location_off": _("Location is off or not allowed. Pick the block from the list."),
        "in_block": _("You seem to be on block %(code)s.", code="{code}"),
        "outside_blocks": _("You seem to be outside your blocks. Pick the block from the list."),
        "checked_in_until": _("On shift until %(time)s.", time="{time}"),
        "not_checked_in": _("You are not checked in."),
        "overdue": _("Your shift was due to end at %(time)s. Check out, or tell your coordinator you are ok.",
                     time="{time}"),
        "stale_data": _("Showing what this phone saved earlier (no signal)."),
        "need_block": _("Pick the block first."),
        "need_outcome": _("Pick what happened at the door."),
        "remove": _("Remove"),
        "sign_out_waiting": _("Some visits have not been sent yet. They stay on this phone and are sent when "
                              "you sign in again. Sign out anyway?"),
        "file_saved": _("Saved to a file. Keep it until your visits are sent."),
    }


def labels() -> dict:
    """Everything the field templates and scripts need to say: every vocabulary's labels and the messages."""
    return {**labels_document(), "messages": messages()}
