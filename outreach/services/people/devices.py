"""A phone's name from its User-Agent, so a coordinator can tell which of a person's phones was lost.

The User-Agent is read with ua-parser, the Python port of uap-core: its rules are maintained by the
ua-parser project and released monthly (ua-parser-builtins), so new phones and browsers are named
without us keeping regular expressions. Only the short description is kept, never the raw header.
"""
from ua_parser import parse

# A User-Agent is a few hundred characters; anything longer is not a browser worth reading.
MAX_USER_AGENT = 512
# Brands ua-parser gives when it cannot tell the maker: no help telling two phones apart.
VAGUE_BRANDS = {"Generic", "Generic_Android", "Generic_Inettv", "Spider"}


def _versioned(part) -> str | None:
    """A browser or system as people name it: family and major version ("Chrome Mobile 120")."""
    if part is None or part.family == "Other":
        return None
    return f"{part.family} {part.major}" if part.major else part.family


def _model(device) -> str | None:
    """The phone's maker and model when ua-parser knows them ("Samsung SM-A125F")."""
    if device is None or device.brand in VAGUE_BRANDS or not device.brand or not device.model:
        return None
    return device.family if device.family.startswith(device.brand) else f"{device.brand} {device.model}"


def describe(user_agent: str | None) -> str | None:
    """Browser, system and model as one line ("Chrome Mobile 120 · Android 11 · Samsung SM-A125F"), or None."""
    if not user_agent:
        return None
    result = parse(user_agent[:MAX_USER_AGENT])
    parts = [_versioned(result.user_agent), _versioned(result.os), _model(result.device)]
    named = " · ".join(part for part in parts if part)
    return named or None
