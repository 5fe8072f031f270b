"""The coordinator's home: what needs action now, each item linked to where it is handled.

The home is a list of action cards. A card is a key (its partial template,
`coordinator/cards/KEY.html`, draws one item), a title, its items and the words
shown when it is empty; to add a card, add one entry to `action_cards` and its
partial.
"""
from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l

from ..models import utcnow
from ..services.fieldwork import coverage
from ..services.mutual_aid import needs
from ..services.safety import care
from ..vocab import NeedUrgency
from . import bp
from .forms import ActionForm

# The urgent needs a coordinator should see on landing; the triage page has the rest.
URGENT_NEEDS_SHOWN = 5


@dataclass
class ActionCard:
    """One kind of thing that needs action: its items, where to handle them, and the words when none wait."""

    key: str
    title: object
    items: list
    empty: object
    link: str
    link_text: object
    total: int | None = None  # when the card shows only the first few items


URGENT = needs.NeedFilter(statuses=("open",), urgency=NeedUrgency.immediate.slug)


def urgent_needs() -> list[tuple]:
    """Open needs for the next hours (life or health), newest first: (need, block code, neighborhood)."""
    return [(need, code, hood) for need, code, hood, _group, _notes
            in needs.triage_rows(URGENT, limit=URGENT_NEEDS_SHOWN)]


def action_cards() -> list[ActionCard]:
    """What needs a coordinator now, most pressing first."""
    now = utcnow()
    dashboard = url_for(".dashboard")
    return [
        ActionCard("help", _l("Help calls"), care.help_calls(), _l("No help calls waiting."),
                   dashboard + "#help", _l("Live on the dashboard")),
        ActionCard("overdue", _l("Overdue shifts"), care.overdue(now), _l("Nobody is overdue."),
                   dashboard + "#overdue", _l("Handle on the dashboard")),
        ActionCard("urgent_needs", _l("Urgent needs"), urgent_needs(), _l("No urgent need is waiting for a group."),
                   url_for(".needs_triage", urgency=NeedUrgency.immediate.slug), _l("All urgent needs"),
                   total=needs.count_needs(URGENT)),
        ActionCard("safety", _l("Safety concerns"), care.safety_concerns(), _l("No open safety concerns."),
                   dashboard + "#safety", _l("Handle on the dashboard")),
        ActionCard("care", _l("Carers to look after"), care.care_requests(), _l("Nobody is waiting for a debrief."),
                   dashboard + "#care", _l("Handle on the dashboard")),
    ]


@bp.get("/")
def home():
    """Where the coordinator lands: what needs action now, then the operation in four numbers."""
    return render_template("coordinator/home.html", cards=action_cards(), totals=coverage.operation_totals(),
                           action=ActionForm(), urgent_slug=NeedUrgency.immediate.slug)
