"""The controlled vocabularies of DESIGN.md section 3, each declared once.

The slugs are the contract. Each vocabulary is a class of `Term`s, in the
spirit of indico's rich enums: a term carries what every screen needs (its
translatable label, its colour where it has one, the groups it belongs to).
Templates (the `label` filter), the phone (a JSON document made by
`labels_document`), the maps and the generated stylesheet (`stylesheet`) all
read from here; nothing else spells a label or a colour out.

To add a slug, add one `Term` line to its vocabulary: the API, the forms, the
phone, the maps and the tests follow (its translations come with `make messages`).
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    """One slug's label, colour (CSS, optional) and the groups it belongs to."""

    label: object  # a lazy string: translated when it is shown
    colour: str | None = None
    groups: frozenset = frozenset()
    slug: str = ""


def term(label, colour: str | None = None, *groups: str) -> Term:
    """A term of a vocabulary; its slug is the name it is assigned to."""
    return Term(label, colour, frozenset(groups))


class VocabularyType(type):
    """Collects a vocabulary's terms in declaration order; iterating it gives the slugs."""

    def __new__(mcs, name, bases, namespace, key: str = "", css: str = ""):
        cls = super().__new__(mcs, name, bases, namespace)
        cls.key, cls.css_prefix = key, css
        cls.terms = {slug: Term(value.label, value.colour, value.groups, slug)
                     for slug, value in namespace.items() if isinstance(value, Term)}
        for slug, found in cls.terms.items():
            setattr(cls, slug, found)  # NeedStatus.open is the term, slug included
        return cls

    def __iter__(cls):
        return iter(cls.terms)

    def __len__(cls):
        return len(cls.terms)

    def __contains__(cls, slug) -> bool:
        return slug in cls.terms


class Vocabulary(metaclass=VocabularyType):
    """Base of every vocabulary: `key` names it in templates and JSON, `css` prefixes its classes."""

    @classmethod
    def label(cls, slug: str):
        """The translated label of `slug`, or the slug itself when it is not one of ours (old data)."""
        found = cls.terms.get(slug)
        return found.label if found else slug

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Slug to label in the current language, in declaration order (JSON for scripts)."""
        return {slug: str(found.label) for slug, found in cls.terms.items()}

    @classmethod
    def group(cls, name: str) -> tuple[str, ...]:
        """The slugs in a group, in declaration order."""
        return tuple(slug for slug, found in cls.terms.items() if name in found.groups)

    @classmethod
    def colours(cls) -> dict[str, str]:
        """Slug to CSS colour, for the terms that have one."""
        return {slug: found.colour for slug, found in cls.terms.items() if found.colour}


class Role(Vocabulary, key="role"):
    coordinator = term(_l("Coordinator"))
    volunteer = term(_l("Outreach volunteer"))
    aid = term(_l("Mutual-aid group"))


class OperationStatus(Vocabulary, key="operation_status"):
    active = term(_l("Active"))
    closed = term(_l("Closed"))  # late syncs of work made before the close are still taken
    archived = term(_l("Archived"))  # as closed, and hidden from pickers


class BlockStatus(Vocabulary, key="block_status", css="status"):
    # Okabe-Ito colours, apart under protanopia and deuteranopia (tests/unit/test_palette.py);
    # the maps add a second cue: done is outlined, unsafe hatched.
    unassigned = term(_l("Not assigned"), "#d9d9d9")
    assigned = term(_l("To visit"), "#56b4e9")  # assigned to a pair, not visited yet
    in_progress = term(_l("In progress"), "#f0e442")
    done = term(_l("Done"), "#009e73")
    revisit = term(_l("Go back"), "#cc79a7")  # a follow-up was asked or a need is still open
    unsafe = term(_l("Unsafe"), "#d55e00")  # a hazard was flagged


class VisitOutcome(Vocabulary, key="outcome"):
    contact = term(_l("Spoke with someone"))
    no_answer = term(_l("No answer"))
    declined = term(_l("Did not want to talk"))
    vacant = term(_l("Empty or vacant"))
    left_materials = term(_l("Left materials"))
    unsafe = term(_l("Unsafe, did not approach"))


class NeedCategory(Vocabulary, key="need_category"):
    water = term(_l("Water"))
    food = term(_l("Food"))
    shelter = term(_l("Shelter"))
    medical = term(_l("Medical care"))
    medication = term(_l("Medication"))
    power = term(_l("Power"))
    transport = term(_l("Transport"))
    childcare = term(_l("Childcare"))
    eldercare = term(_l("Care for an older person"))
    pets = term(_l("Pets"))
    cleanup = term(_l("Clean-up"))
    paperwork = term(_l("Paperwork (FEMA, insurance, legal)"))
    communication = term(_l("Phone or charging"))
    emotional_support = term(_l("Someone to talk to"))
    other = term(_l("Other"))


class NeedUrgency(Vocabulary, key="need_urgency", css="urgency"):
    # Most urgent first: the needs map colours a cluster by its most urgent need in this order.
    # Okabe-Ito, apart under protanopia and deuteranopia; the maps also mark "now" with "!".
    immediate = term(_l("Now (within hours)"), "#d55e00")
    soon = term(_l("Soon (1–2 days)"), "#f0e442")
    routine = term(_l("When possible"), "#0072b2")


class NeedStatus(Vocabulary, key="need_status"):
    """live: a group may still claim or act on it; unconfirmed: a visit may still see it; met; finished."""

    open = term(_l("Open"), None, "live", "unconfirmed")
    claimed = term(_l("A group is on it"), None, "live", "unconfirmed")
    fulfilled = term(_l("Group says met"), None, "unconfirmed", "met", "finished")
    confirmed = term(_l("Confirmed"), None, "met", "finished")
    closed = term(_l("Closed"), None, "finished")


class Risk(Vocabulary, key="risk"):
    loved_one_missing_or_dead = term(_l("Loved one missing or dead"))
    home_damaged = term(_l("Home damaged"))
    displaced = term(_l("Had to leave home"))
    lost_income = term(_l("Lost work or income"))
    injured = term(_l("Injured"))
    life_threatened = term(_l("Life was in danger"))
    witnessed_death = term(_l("Saw someone die"))
    prior_trauma = term(_l("Earlier trauma"))
    prior_mental_health = term(_l("Earlier mental health needs"))
    prior_substance_use = term(_l("Earlier alcohol or drug use"))
    food_insecure = term(_l("Not enough food"))
    medical_condition = term(_l("Ongoing health condition"))
    isolated = term(_l("Alone, cut off"))


class Reaction(Vocabulary, key="reaction"):
    coping_well = term(_l("Coping well"))
    behavioral = term(_l("Changes in behaviour"))
    emotional = term(_l("Strong feelings"))
    physical = term(_l("Body (sleep, pain, tiredness)"))
    cognitive = term(_l("Thinking (confusion, memory)"))


class Ecpr(Vocabulary, key="ecpr"):
    connecting = term(_l("Connecting"))
    empowering = term(_l("emPowering"))
    revitalizing = term(_l("Revitalizing"))


class Referral(Vocabulary, key="referral"):
    crisis_line = term(_l("Crisis line"))
    mental_health = term(_l("Mental health"))
    substance_use = term(_l("Alcohol or drugs"))
    medical = term(_l("Medical"))
    shelter = term(_l("Shelter"))
    fema_or_insurance = term(_l("FEMA or insurance"))
    legal = term(_l("Legal help"))
    community_services = term(_l("Community services"))
    aid_group = term(_l("Mutual-aid group"))


class SelfCare(Vocabulary, key="self_care"):
    """How a volunteer feels at check-out; anything but "ok" is shown to coordinators."""

    ok = term(_l("I'm okay"))
    tired = term(_l("Tired"))
    shaken = term(_l("Shaken"))
    need_to_talk = term(_l("I need to talk"))


class GatheringKind(Vocabulary, key="gathering_kind", css="gathering"):
    """What a gathering is (DESIGN.md section 8); Okabe-Ito colours for its layer on the coordinator map."""

    listening_circle = term(_l("Listening circle"), "#e69f00")  # neighbours talk and listen together
    community_meeting = term(_l("Community meeting"), "#0072b2")  # information, planning
    ecpr_practice = term(_l("eCPR practice"), "#009e73")  # volunteers practise eCPR together
    volunteer_debrief = term(_l("Volunteer debrief"), "#cc79a7")  # care for the carers


class GatheringTopic(Vocabulary, key="gathering_topic"):
    coping = term(_l("Coping"))
    grief_and_loss = term(_l("Grief and loss"))
    safety = term(_l("Safety"))
    practical_aid = term(_l("Practical aid"))
    housing_and_paperwork = term(_l("Housing and paperwork"))
    children_and_families = term(_l("Children and families"))
    health = term(_l("Health"))
    ecpr = term(_l("eCPR"))


class GatheringStatus(Vocabulary, key="gathering_status"):
    """Where a gathering stands: planned until a facilitator reports it held or not held."""

    planned = term(_l("Planned"))
    held = term(_l("Held"))
    not_held = term(_l("Did not take place"))


class AreaLevel(Vocabulary, key="area_level"):
    """What an imported GeoJSON file holds."""

    neighborhood = term(_l("Neighborhoods (polygons)"))
    block = term(_l("Blocks (polygons)"))
    place = term(_l("Places such as shelters (points)"))
    street = term(_l("Streets (centre lines)"))


class AlertKind(Vocabulary, key="alert_kind"):
    """A pair's safety signal (DESIGN.md section 5)."""

    help = term(_l("Help needed now"))
    ok = term(_l("Check-in: we are okay"))


class CloseReason(Vocabulary, key="close_reason"):
    """Why a coordinator closes a need."""

    duplicate = term(_l("Duplicate"))
    withdrawn = term(_l("Withdrawn"))


class AuditAction(Vocabulary, key="audit_action"):
    """What an audit event records (services/audit.record's `action`); coordinators read it in the audit log."""

    sign_in = term(_l("Signed in"))
    sign_in_failed = term(_l("Sign-in failed"))
    sign_out = term(_l("Signed out"))
    signed_out_everywhere = term(_l("Signed out everywhere"))
    password_changed = term(_l("Password changed"))
    signin_code_issued = term(_l("Sign-in code made"))
    signin_code_used = term(_l("Sign-in code used"))
    signin_code_refused = term(_l("Sign-in code refused"))
    signin_code_revoked = term(_l("Sign-in code revoked"))
    token_issued = term(_l("Phone or API token issued"))
    token_revoked = term(_l("Phone or API token revoked"))
    volunteer_added = term(_l("Volunteer added"))
    volunteer_updated = term(_l("Volunteer changed"))
    volunteer_deactivated = term(_l("Volunteer deactivated"))
    volunteer_reactivated = term(_l("Volunteer reactivated"))
    roster_imported = term(_l("Roster imported"))
    pair_formed = term(_l("Pair formed"))
    pair_updated = term(_l("Pair changed"))
    pair_dissolved = term(_l("Pair dissolved"))
    areas_imported = term(_l("Areas imported"))
    blocks_split = term(_l("Blocks split"))
    priority_set = term(_l("Priority set"))
    assignment_made = term(_l("Blocks assigned"))
    assignment_renewed = term(_l("Assignment renewed"))
    assignment_released = term(_l("Assignment released"))
    assignment_expired = term(_l("Assignment expired"))
    shift_checked_in = term(_l("Checked in for a shift"))
    shift_checked_out = term(_l("Checked out of a shift"))
    overdue_shift_extended = term(_l("Overdue shift: reached, extended"))
    overdue_shift_closed = term(_l("Overdue shift: checked out for them"))
    debrief_done = term(_l("Debrief recorded"))
    gathering_planned = term(_l("Gathering planned"))
    gathering_reported = term(_l("Gathering reported"))
    help_alert_received = term(_l("Help call received"))
    alert_acknowledged = term(_l("Help call acknowledged"))
    safety_concern_resolved = term(_l("Safety concern handled"))
    block_flagged_unsafe = term(_l("Block flagged unsafe"))
    hazard_resolved = term(_l("Hazard cleared on a block"))
    block_marked_done = term(_l("Block marked done"))
    paper_entry = term(_l("Paper log entered"))
    message_sent = term(_l("Message sent to pairs"))
    message_acknowledged = term(_l("Message read by a pair"))
    need_claimed = term(_l("Need claimed"))
    need_claim_renewed = term(_l("Need claim kept longer"))
    need_claim_expired = term(_l("Need claim expired"))
    need_released = term(_l("Need released"))
    need_fulfilled = term(_l("Need met"))
    need_confirmed = term(_l("Need confirmed"))
    need_reopened = term(_l("Need reopened"))
    need_closed = term(_l("Need closed"))
    fulfils_reopened = term(_l("A group's burst of met needs reopened"))
    hint_read = term(_l("Drop-off hint read"))
    aid_group_created = term(_l("Aid group created"))
    aid_group_updated = term(_l("Aid group changed"))
    aid_member_added = term(_l("Aid group member added"))
    export = term(_l("Data exported"))
    purge = term(_l("Old notes and hints erased"))
    operation_closed = term(_l("Operation closed"))
    operation_archived = term(_l("Operation archived"))
    operation_active = term(_l("Operation reopened"))



class SmsKind(Vocabulary, key="sms_kind"):
    """What a text from the field was (DESIGN section 9)."""

    help = term(_l("Help call by text"))
    ok = term(_l("Check-in by text"))
    visit = term(_l("Visit by text"))
    codes = term(_l("Asked for the codes"))
    invalid = term(_l("Text not understood"))


class SmsStatus(Vocabulary, key="sms_status"):
    """How far a text to a pair member has come (the gateway's statuses, and ours before it)."""

    queued = term(_l("waiting for the gateway"))
    offered = term(_l("with the gateway"))
    pending = term(_l("leaving the gateway"))
    sent = term(_l("sent to their network"))
    delivered = term(_l("delivered to their phone"))
    failed = term(_l("could not be sent"))

VOCABULARIES = {vocabulary.key: vocabulary for vocabulary in (
    Role, OperationStatus, BlockStatus, VisitOutcome, NeedCategory, NeedUrgency, NeedStatus, Risk, Reaction, Ecpr,
    Referral, SelfCare, GatheringKind, GatheringTopic, GatheringStatus, AreaLevel, AlertKind, CloseReason, AuditAction,
    SmsKind, SmsStatus)}
# Read by coordinators only: left out of the phone's labels document (field/phrases.py) to keep it small.
STAFF_VOCABULARIES = {AuditAction.key, SmsKind.key, SmsStatus.key}

# The slugs as tuples, for validation, queries and print order.
ROLES = tuple(Role)
BLOCK_STATUSES = tuple(BlockStatus)
VISIT_OUTCOMES = tuple(VisitOutcome)
NEED_CATEGORIES = tuple(NeedCategory)
NEED_URGENCIES = tuple(NeedUrgency)
NEED_STATUSES = tuple(NeedStatus)
RISKS = tuple(Risk)
REACTIONS = tuple(Reaction)
ECPR = tuple(Ecpr)
REFERRALS = tuple(Referral)
SELF_CARE = tuple(SelfCare)
GATHERING_KINDS = tuple(GatheringKind)
GATHERING_TOPICS = tuple(GatheringTopic)
GATHERING_STATUSES = tuple(GatheringStatus)
AREA_LEVELS = tuple(AreaLevel)
ALERT_KINDS = tuple(AlertKind)
CLOSE_REASONS = tuple(CloseReason)

# Need-status groupings, named once.
LIVE_NEED_STATUSES = NeedStatus.group("live")  # on the aid board; a group may claim or act on it
UNCONFIRMED_NEED_STATUSES = NeedStatus.group("unconfirmed")  # shown to pairs and triage until confirmed
MET_NEED_STATUSES = NeedStatus.group("met")
FINISHED_NEED_STATUSES = NeedStatus.group("finished")  # its drop-off hint may go

# The one-letter codes a pair texts when data is down (DESIGN section 9), printed on the packet's code card.
# Each vocabulary's letters are its own: E is "vacant" as an outcome and "eldercare" as a need.
SMS_OUTCOME_LETTERS = {"C": VisitOutcome.contact.slug, "N": VisitOutcome.no_answer.slug,
                       "D": VisitOutcome.declined.slug, "E": VisitOutcome.vacant.slug,
                       "L": VisitOutcome.left_materials.slug, "U": VisitOutcome.unsafe.slug}
SMS_NEED_LETTERS = {"W": NeedCategory.water.slug, "F": NeedCategory.food.slug, "S": NeedCategory.shelter.slug,
                    "M": NeedCategory.medical.slug, "R": NeedCategory.medication.slug,
                    "P": NeedCategory.power.slug, "T": NeedCategory.transport.slug,
                    "K": NeedCategory.childcare.slug, "E": NeedCategory.eldercare.slug,
                    "A": NeedCategory.pets.slug, "C": NeedCategory.cleanup.slug,
                    "D": NeedCategory.paperwork.slug, "H": NeedCategory.communication.slug,
                    "L": NeedCategory.emotional_support.slug, "O": NeedCategory.other.slug}
SMS_URGENCY_DIGITS = {"1": NeedUrgency.immediate.slug, "2": NeedUrgency.soon.slug, "3": NeedUrgency.routine.slug}


def label(slug: str, vocabulary: str):
    """The `label` template filter: `{{ need.status|label("need_status") }}`."""
    return VOCABULARIES[vocabulary].label(slug)


def labels_document() -> dict[str, dict[str, str]]:
    """Every vocabulary's labels in the current language, as JSON for the phone's scripts."""
    return {key: vocabulary.labels() for key, vocabulary in VOCABULARIES.items() if key not in STAFF_VOCABULARIES}


def readable_ink(colour: str) -> str:
    """Near-black or white text, whichever reads better on `colour` (#rrggbb), by WCAG luminance."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # Contrast with white is 1.05/(L+.05); with #111 (L about .0056) it is (L+.05)/.0556.
    return "#fff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 else "#111"


def stylesheet() -> str:
    """The vocabularies' colours as CSS: a custom property per slug and a class per slug.

    `--block_status-done` is for scripts (the coordinator map); `.status-done` sets
    `--colour` and `--ink`, which app.css and field.css paint badges, dots and shapes with.
    """
    properties, classes = [], []
    for key, vocabulary in VOCABULARIES.items():
        for slug, colour in vocabulary.colours().items():
            properties.append(f"--{key}-{slug}: {colour};")
            classes.append(f".{vocabulary.css_prefix}-{slug} {{ --colour: {colour}; --ink: {readable_ink(colour)}; }}")
    return ":root { " + " ".join(properties) + " }\n" + "\n".join(classes) + "\n"
