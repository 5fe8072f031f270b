"""Words the phone shows for each slug and message, translated on the server (the JS gets them as JSON)."""
from flask_babel import gettext as _


def vocabulary() -> dict:
    """Plain words for the slugs of DESIGN.md section 3."""
    return {
        "outcome": {"contact": _("Spoke with someone"), "no_answer": _("No answer"), "declined": _("Declined"),
                    "vacant": _("Vacant"), "left_materials": _("Left materials"),
                    "unsafe": _("Unsafe, did not approach")},
        "risk": {"loved_one_missing_or_dead": _("Loved one missing or dead"), "home_damaged": _("Home damaged"),
                 "displaced": _("Displaced"), "lost_income": _("Lost income"), "injured": _("Injured"),
                 "life_threatened": _("Life was threatened"), "witnessed_death": _("Witnessed death"),
                 "prior_trauma": _("Earlier trauma"), "prior_mental_health": _("Earlier mental health needs"),
                 "prior_substance_use": _("Earlier substance use"), "food_insecure": _("Not enough food"),
                 "medical_condition": _("Medical condition"), "isolated": _("Isolated, alone")},
        "reaction": {"coping_well": _("Coping well"), "behavioral": _("Behaviour"), "emotional": _("Emotions"),
                     "physical": _("Body"), "cognitive": _("Thinking, memory")},
        "ecpr": {"connecting": _("Connecting"), "empowering": _("emPowering"), "revitalizing": _("Revitalizing")},
        "referral": {"crisis_line": _("Crisis line"), "mental_health": _("Mental health"),
                     "substance_use": _("Substance use"), "medical": _("Medical"), "shelter": _("Shelter"),
                     "fema_or_insurance": _("FEMA or insurance"), "legal": _("Legal"),
                     "community_services": _("Community services"), "aid_group": _("Mutual-aid group")},
        "category": {"water": _("Water"), "food": _("Food"), "shelter": _("Shelter"), "medical": _("Medical care"),
                     "medication": _("Medication"), "power": _("Power"), "transport": _("Transport"),
                     "childcare": _("Childcare"), "eldercare": _("Eldercare"), "pets": _("Pets"),
                     "cleanup": _("Clean-up"), "paperwork": _("Paperwork (FEMA, insurance, legal)"),
                     "communication": _("Phone, charging"), "emotional_support": _("Someone to talk to"),
                     "other": _("Other")},
        "urgency": {"immediate": _("Now (hours)"), "soon": _("Soon (1-2 days)"), "routine": _("Routine")},
        "status": {"unassigned": _("not assigned"), "assigned": _("to visit"), "in_progress": _("in progress"),
                   "done": _("done"), "revisit": _("revisit"), "unsafe": _("unsafe")},
        "need_status": {"open": _("open"), "claimed": _("a group is on it"), "fulfilled": _("group says met"),
                        "confirmed": _("confirmed"), "closed": _("closed")},
        "self_care": {"ok": _("I am ok"), "tired": _("Tired"), "shaken": _("Shaken"),
                      "need_to_talk": _("I need to talk")},
    }


def messages() -> dict:
    """What the JavaScript says, so it speaks the volunteer's language too."""
    return {
        "waiting_one": _("1 thing is saved on this phone, not yet sent"),
        "waiting_many": _("%(n)s things are saved on this phone, not yet sent", n="{n}"),
        "all_sent": _("Everything is sent."),
        "problems": _("The server refused %(n)s things; save them to a file and show your coordinator.",
                      n="{n}"),
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
        "help_saved_offline": _("No signal: your help call is saved on this phone and goes out the moment there is "
                                "signal. Stay together; call 911 if you can."),
        "help_received": _("The staging area received your help call at %(time)s. Stay together; a coordinator "
                           "is on it.", time="{time}"),
        "help_acknowledged": _("A coordinator acknowledged your help call at %(time)s. Help is coming; stay "
                               "together.", time="{time}"),
        "ok_sending": _("Check-in saved on this phone and being sent."),
        "ok_saved_offline": _("Check-in saved on this phone, not sent yet: it goes out when there is signal."),
        "ok_sent": _("Check-in sent. Thank you, take care of each other."),
        "block_code": _("Block %(code)s", code="{code}"),
        "earlier_visits": _("%(n)s earlier visits", n="{n}"),
        "people_count": _("%(n)s people", n="{n}"),
        "no_needs": _("No open needs on this block."),
        "message_sent_at": _("From the staging area, %(time)s", time="{time}"),
        "saved_here": _("Visit saved on this phone, not sent yet."),
        "visit_sent": _("Visit sent. Thank you."),
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
        "sign_out_waiting": _("Some of your work has not been sent yet. It stays on this phone and is sent when "
                              "you sign in again. Sign out anyway?"),
        "file_saved": _("Saved to a file. Keep it until everything is sent."),
    }


def outbox_kinds() -> dict:
    """What each kind of thing waiting in the outbox is called."""
    return {"visit": _("visit"), "check_in": _("check-in"), "check_out": _("check-out"),
            "block_done": _("block done"), "hazard": _("hazard flag"), "need_confirm": _("need confirmed"),
            "need_reopen": _("need reopened"), "alert": _("safety alert"), "message_ack": _("message read")}


def labels() -> dict:
    """Everything the field templates and scripts need to say."""
    return {**vocabulary(), "outbox_kind": outbox_kinds(), "messages": messages()}
