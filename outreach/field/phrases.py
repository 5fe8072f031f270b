"""What the phone's scripts say, translated on the server (the JS gets it as JSON in every field page)."""
from flask_babel import gettext as _
from flask_babel import ngettext

from ..vocab import SMS_NEED_LETTERS, SMS_OUTCOME_LETTERS, SMS_URGENCY_DIGITS, labels_document


def counted(form_for) -> dict:
    """Both forms of a phrase with a count {n}, for core.js `counted`: "one" is said when n is 1.

    Two forms are enough for our languages: English and Spanish say "one" for 1 only, and
    Vietnamese has a single form (its catalog gives the same text for both).
    """
    return {"one": form_for(1), "other": form_for(2)}


def messages() -> dict:
    """What the JavaScript says, so it speaks the volunteer's language too."""
    return {
        "waiting_one": _("1 thing is saved on this phone, not yet sent"),
        "waiting_many": _("%(n)s things are saved on this phone, not yet sent", n="{n}"),
        "all_sent": _("Everything is sent."),
        "all_else_sent": _("Everything else is sent."),
        "problems": _("Set aside, not sent: %(n)s. Save them to a file and show your coordinator.", n="{n}"),
        "set_aside_made": _("made at %(time)s", time="{time}"),
        "set_aside_failed": _("The server failed on it %(n)s times while it took other things.", n="{n}"),
        "syncing": _("Sending…"),
        "offline": _("No signal. Your work is safe on this phone and will be sent later."),
        "retry_in": _("Could not send. Trying again in %(s)s seconds.", s="{s}"),
        "sign_in_again": _("Please sign in again so your work can be sent. It stays safe on this phone."),
        "not_in_pair": _("You are not in a pair yet. Your work stays on this phone until your coordinator pairs you."),
        "saved_not_sent": _("Saved on this phone, not sent yet."),
        "sent_now": _("Sent."),
        "refused": _("Not accepted: %(why)s", why="{why}"),
        "checked_in": _("Checked in. Stay with your partner, and check out when you are back."),
        "checked_in_sent": _("Checked in, and the staging area knows. Stay with your partner."),
        "checked_out": _("Checked out. Thank you for today; rest, drink water, and be gentle with yourself."),
        "checked_out_sent": _("Checked out, and the staging area knows. Thank you for today; rest, and be gentle "
                              "with yourself."),
        "debrief_coming": _("A coordinator will reach out for your debrief."),
        "pick_one": _("Pick one answer."),
        "need_confirmed": _("Confirmed: the need was met."),
        "need_reopened": _("Reopened: still needed."),
        "block_done": _("Block marked done. Well walked."),
        "block_stays": _("Sent. The block stays on the list: a need is open or a follow-up was asked."),
        "hazard_flagged": _("Thank you: the block is flagged unsafe. Keep your distance."),
        "hazard_required": _("Say briefly what the hazard is, so other pairs stay safe."),
        "help_hold": _("Keep pressing for 2 seconds to call the staging area for help."),
        "help_confirm": _("Call the staging area for help now?"),
        "help_sending": _("Help call saved on this phone and being sent now."),
        "help_no_signal": _("Not sent yet, no signal. Call 911 if you can."),
        "help_sign_in": _("Not sent yet: sign in again so it can be sent. Call 911 if you can."),
        "help_not_taken_yet": _("Not sent yet: the server did not take it. Trying again. Call 911 if you can."),
        "help_set_aside": _("Your help call could not be sent: the server refused it. Call 911 if you can, and "
                            "show this phone to your coordinator."),
        "help_received": _("Received at %(time)s, waiting for a coordinator. Stay together.", time="{time}"),
        "help_acknowledged": _("A coordinator has it: %(name)s, at %(time)s. Help is coming; stay together.",
                               name="{name}", time="{time}"),
        "ok_sending": _("Check-in saved on this phone and being sent."),
        "ok_saved_offline": _("Check-in saved on this phone, not sent yet: it goes out when there is signal."),
        "ok_sent": _("Check-in sent. Thank you, take care of each other."),
        "block_code": _("Block %(code)s", code="{code}"),
        "earlier_visits": counted(lambda k: ngettext("%(n)s earlier visit", "%(n)s earlier visits", k, n="{n}")),
        "people_count": counted(lambda k: ngettext("%(n)s person", "%(n)s people", k, n="{n}")),
        "no_needs": _("No open needs on this block."),
        "message_sent_at": _("From the staging area, %(time)s", time="{time}"),
        "saved_here": _("Visit saved on this phone, not sent yet."),
        "visit_sent": _("Visit sent. Thank you."),
        "sent": _("Sent. Thank you."),
        "redacted": _("Before storing, we removed personal details from a note: %(what)s.", what="{what}"),
        "you_typed": _("You typed:"),
        "stored_as": _("Stored as:"),
        "no_blocks": _("No blocks assigned yet. Your coordinator will add some."),
        "no_pair": _("You are not in a pair yet. Nobody goes out alone: ask your coordinator to pair you."),
        "pair_with": _("You walk with %(names)s, pair %(team)s.", names="{names}", team="{team}"),
        "visits_count": counted(lambda k: ngettext("%(n)s visit", "%(n)s visits", k, n="{n}")),
        "open_needs": counted(lambda k: ngettext("%(n)s open need", "%(n)s open needs", k, n="{n}")),
        "km": _("%(d)s km away", d="{d}"),
        "location_off": _("Location is off or not allowed. Pick the block from the list."),
        "in_block": _("You seem to be on block %(code)s.", code="{code}"),
        "locating": _("Finding where you are…"),
        "on_block_within": _("Your position (accurate to about %(m)s m) is on block %(code)s. Is that where you are?",
                             m="{m}", code="{code}"),
        "yes_block": _("Yes, %(code)s", code="{code}"),
        "outside_blocks_within": _("Your position (accurate to about %(m)s m) is outside your blocks. Pick the block "
                                   "from the list.", m="{m}"),
        "pick_from_list": _("Pick the block from the list."),
        "checked_in_until": _("On shift until %(time)s.", time="{time}"),
        "not_checked_in": _("You are not checked in."),
        "overdue": _("Your shift was due to end at %(time)s. Check out, or tell your coordinator you are ok.",
                     time="{time}"),
        "stale_data": _("Showing what this phone saved earlier (no signal)."),
        "need_block": _("Pick the block first."),
        "need_outcome": _("Pick what happened at the door."),
        "remove": _("Remove"),
        "file_saved": _("Saved to a file. Keep it until everything is sent."),
        "gathering_with": _("With %(names)s", names="{names}"),
        "gathering_checked_in": _("Checked in for this gathering. Check out when it is over."),
        "gathering_reported": _("Report saved."),
        "gathering_report_sent": _("Report sent. Thank you."),
        "gathering_already_reported": _("This gathering is reported. Thank you."),
        "gathering_missing": _("This gathering is not one you facilitate, or this phone has not seen it yet."),
        "need_attendance": _("Say about how many came (0 if it did not take place)."),
    }


def outbox_kinds() -> dict:
    """What each kind of thing waiting in the outbox is called."""
    return {"visit": _("visit"), "check_in": _("check-in"), "check_out": _("check-out"),
            "block_done": _("block done"), "hazard": _("hazard flag"), "need_confirm": _("need confirmed"),
            "need_reopen": _("need reopened"), "alert": _("safety alert"), "message_ack": _("message read"),
            "gathering_check_in": _("gathering check-in"), "gathering_check_out": _("gathering check-out"),
            "gathering_report": _("gathering report")}


def sms_codes() -> dict:
    """The letters and digits a pair texts (DESIGN section 9) by slug, the server's own, for the phone's coded texts."""
    return {"outcome": {slug: letter for letter, slug in SMS_OUTCOME_LETTERS.items()},
            "need_category": {slug: letter for letter, slug in SMS_NEED_LETTERS.items()},
            "need_urgency": {slug: digit for digit, slug in SMS_URGENCY_DIGITS.items()}}


def labels() -> dict:
    """Everything the field templates and scripts need to say: every vocabulary's labels, the messages, the SMS
    codes."""
    return {**labels_document(), "outbox_kind": outbox_kinds(), "messages": messages(), "sms_codes": sms_codes()}
