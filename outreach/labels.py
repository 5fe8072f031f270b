"""Plain-language, translatable names for the slugs of DESIGN.md section 3.

The slugs stay the contract; these are what a person reads on a page, a phone
or a printed sheet. Every vocabulary of outreach.vocab has an entry here, and
tests check that none is missing.
"""
from flask_babel import lazy_gettext as _l

OUTCOMES = {
    "contact": _l("Spoke with someone"),
    "no_answer": _l("No answer"),
    "declined": _l("Did not want to talk"),
    "vacant": _l("Empty or vacant"),
    "left_materials": _l("Left materials"),
    "unsafe": _l("Unsafe, did not approach"),
}

BLOCK_STATUSES = {
    "unassigned": _l("Not assigned"),
    "assigned": _l("Assigned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "revisit": _l("Go back"),
    "unsafe": _l("Unsafe"),
}

NEED_CATEGORIES = {
    "water": _l("Water"),
    "food": _l("Food"),
    "shelter": _l("Shelter"),
    "medical": _l("Medical care"),
    "medication": _l("Medication"),
    "power": _l("Power"),
    "transport": _l("Transport"),
    "childcare": _l("Childcare"),
    "eldercare": _l("Care for an older person"),
    "pets": _l("Pets"),
    "cleanup": _l("Clean-up"),
    "paperwork": _l("Paperwork (FEMA, insurance, legal)"),
    "communication": _l("Phone or charging"),
    "emotional_support": _l("Someone to talk to"),
    "other": _l("Something else"),
}

NEED_URGENCIES = {
    "immediate": _l("Now (within hours)"),
    "soon": _l("Soon (1–2 days)"),
    "routine": _l("When possible"),
}

NEED_STATUSES = {
    "open": _l("Open"),
    "claimed": _l("Claimed"),
    "fulfilled": _l("Met"),
    "confirmed": _l("Confirmed"),
    "closed": _l("Closed"),
}

RISKS = {
    "loved_one_missing_or_dead": _l("Loved one missing or died"),
    "home_damaged": _l("Home damaged"),
    "displaced": _l("Had to leave home"),
    "lost_income": _l("Lost work or income"),
    "injured": _l("Injured"),
    "life_threatened": _l("Life was in danger"),
    "witnessed_death": _l("Saw someone die"),
    "prior_trauma": _l("Earlier trauma"),
    "prior_mental_health": _l("Earlier mental health needs"),
    "prior_substance_use": _l("Earlier alcohol or drug use"),
    "food_insecure": _l("Not enough food"),
    "medical_condition": _l("Ongoing health condition"),
    "isolated": _l("Alone, cut off"),
}

REACTIONS = {
    "coping_well": _l("Coping well"),
    "behavioral": _l("Changes in behaviour"),
    "emotional": _l("Strong feelings"),
    "physical": _l("Body (sleep, pain, tiredness)"),
    "cognitive": _l("Thinking (confusion, memory)"),
}

ECPR = {
    "connecting": _l("Connecting"),
    "empowering": _l("emPowering"),
    "revitalizing": _l("Revitalizing"),
}

REFERRALS = {
    "crisis_line": _l("Crisis line"),
    "mental_health": _l("Mental health"),
    "substance_use": _l("Alcohol or drugs"),
    "medical": _l("Medical"),
    "shelter": _l("Shelter"),
    "fema_or_insurance": _l("FEMA or insurance"),
    "legal": _l("Legal help"),
    "community_services": _l("Community services"),
    "aid_group": _l("Mutual-aid group"),
}

SELF_CARE = {
    "ok": _l("I'm okay"),
    "tired": _l("Tired"),
    "shaken": _l("Shaken"),
    "need_to_talk": _l("I'd like to talk"),
}

ROLES = {
    "coordinator": _l("Coordinator"),
    "volunteer": _l("Outreach volunteer"),
    "aid": _l("Mutual-aid group"),
}

# Vocabulary name (as in outreach.vocab) to its labels; templates use the `label` filter.
VOCABULARIES = {
    "outcome": OUTCOMES, "block_status": BLOCK_STATUSES, "need_category": NEED_CATEGORIES,
    "need_urgency": NEED_URGENCIES, "need_status": NEED_STATUSES, "risk": RISKS,
    "reaction": REACTIONS, "ecpr": ECPR, "referral": REFERRALS, "self_care": SELF_CARE,
    "role": ROLES,
}


def label(slug: str, vocabulary: str) -> str:
    """The translated name of `slug`, or the slug itself when it is not in the vocabulary."""
    return VOCABULARIES[vocabulary].get(slug, slug)
