"""Days in the operation's time zone: where a day starts, whichever kind of zone object we are given."""
from datetime import UTC, date, datetime, time, tzinfo


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """Midnight of `day` in `zone`, as a UTC time (pytz zones need localize; zoneinfo ones take tzinfo)."""
    midnight = datetime.combine(day, time.min)
    local = zone.localize(midnight) if hasattr(zone, "localize") else midnight.replace(tzinfo=zone)
    return local.astimezone(UTC)
