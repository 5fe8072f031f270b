"""The controlled vocabularies of DESIGN.md section 3: the slugs are the contract."""

ROLES = ("coordinator", "volunteer", "aid")

BLOCK_STATUSES = ("unassigned", "assigned", "in_progress", "done", "revisit", "unsafe")

VISIT_OUTCOMES = ("contact", "no_answer", "declined", "vacant", "left_materials", "unsafe")

NEED_CATEGORIES = (
    "water", "food", "shelter", "medical", "medication", "power", "transport",
    "childcare", "eldercare", "pets", "cleanup", "paperwork", "communication",
    "emotional_support", "other",
)

NEED_URGENCIES = ("immediate", "soon", "routine")

NEED_STATUSES = ("open", "claimed", "fulfilled", "confirmed", "closed")

RISKS = (
    "loved_one_missing_or_dead", "home_damaged", "displaced", "lost_income",
    "injured", "life_threatened", "witnessed_death", "prior_trauma",
    "prior_mental_health", "prior_substance_use", "food_insecure",
    "medical_condition", "isolated",
)

REACTIONS = ("coping_well", "behavioral", "emotional", "physical", "cognitive")

ECPR = ("connecting", "empowering", "revitalizing")

REFERRALS = (
    "crisis_line", "mental_health", "substance_use", "medical", "shelter",
    "fema_or_insurance", "legal", "community_services", "aid_group",
)

# How a volunteer feels at check-out; anything but "ok" is shown to coordinators.
SELF_CARE = ("ok", "tired", "shaken", "need_to_talk")

AREA_LEVELS = ("neighborhood", "block", "place")
