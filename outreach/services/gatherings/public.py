"""What the community may see of gatherings (DESIGN.md sections 2 and 8): the upcoming public ones.

Only what tells people where and when to come: kind, title (scrubbed when planned), time,
place name, neighborhood and language. Never who facilitates, never a block code, never a
count: attendance is known only after a gathering, and nothing here lists past ones.
"""
from dataclasses import dataclass
from datetime import datetime

import icalendar
from babel import Locale, UnknownLocaleError
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import scope
from ...extensions import db
from ...models import Block, Gathering, utcnow
from ...vocab import label
from .reports import need_block

UPCOMING_LIMIT = 200  # a season of circles; the page stays one screenful of scrolling


@dataclass(frozen=True)
class Listed:
    """An upcoming public gathering as published."""

    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    neighborhood: str
    language: str | None


def upcoming(now: datetime | None = None) -> list[Listed]:
    """The operation's public gatherings that have not ended, soonest first."""
    query = (select(Gathering)
             .options(selectinload(Gathering.place),
                      selectinload(Gathering.block).selectinload(Block.neighborhood))
             .where(Gathering.operation_id == scope.current_id(), Gathering.public.is_(True),
                    Gathering.ends_at > (now or utcnow()))
             .order_by(Gathering.starts_at, Gathering.id).limit(UPCOMING_LIMIT))
    return [_listed(gathering) for gathering in db.session.scalars(query)]


def _listed(gathering: Gathering) -> Listed:
    """The published fields of one gathering."""
    block = need_block(gathering)  # a place's block tells its neighborhood
    return Listed(id=gathering.id, kind=gathering.kind, title=gathering.title, starts_at=gathering.starts_at,
                  ends_at=gathering.ends_at, place=_place(gathering),
                  neighborhood=block.neighborhood.name if block is not None else "", language=gathering.language)


def _place(gathering: Gathering) -> str:
    """The place's name; for a block, its name if it has one, never its code (the public sees no blocks)."""
    if gathering.place is not None:
        return gathering.place.name
    return gathering.block.name or "" if gathering.block is not None else ""


def where(listed: Listed) -> str:
    """Place and neighborhood as one line: "St. Claude hall, Lower Ninth"."""
    return ", ".join(part for part in (listed.place, listed.neighborhood) if part)


def language_name(code: str | None) -> str:
    """A language code as the reader's language names it ("es" -> "español", "Spanish", "Tiếng Tây Ban Nha")."""
    if not code:
        return ""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def calendar(listed: list[Listed], name: str, host: str, exercise: bool = False) -> bytes:
    """The gatherings as an iCalendar feed (RFC 5545), built by the icalendar library: times in the
    operation's zone with its VTIMEZONE, so a calendar shows them right wherever it is. A drill's events
    say EXERCISE first, so nobody walks to a practice gathering thinking it real (DESIGN section 7)."""
    mark = f"{_('EXERCISE')}: " if exercise else ""
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Outreach//public gatherings//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", mark + name)
    stamp = utcnow()
    for item in listed:
        event = icalendar.Event()
        event.add("uid", f"gathering-{item.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", to_user_timezone(item.starts_at))
        event.add("dtend", to_user_timezone(item.ends_at))
        event.add("summary", f"{mark}{label(item.kind, 'gathering_kind')}: {item.title}")
        event.add("location", where(item))
        event.add("categories", [label(item.kind, "gathering_kind")])
        if item.language:
            event.add("description", language_name(item.language))
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed.to_ical()
