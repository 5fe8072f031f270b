"""The classes behind corpus F's altered clean notes (issue 24, fifth round) and the false-positive classes found by
probe notes set in other towns of the US South (towns and counties, utilities, chains, state codes, Spanish verb
forms), each in forms F does not hold, with guards that keep the names and addresses those rules stand next to.

Every case is a family of what people type, not a note of F: a clean note must
come out as written, and a planted value must go (judged as
test_privacy_recall.caught judges).
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import assert_caught

CLEAN = [
    # A Spanish verb or participle inflected past the frequency list, whose other form is a safe word
    # (imperfect -aba/-aban of an -ar verb, -ía/-ían of an -er or -ir verb, a participle in -ada/-adas/-idos).
    "rezaban juntos en la sala cuando llegamos",
    "las ventanas quedaron reventadas por el viento",
    "los techos estaban oxidados y las paredes empapadas",
    "los niños jugaban afuera y cocinaban en la parrilla",
    "barrían el lodo y limpiaban las puertas rajadas",
    "las puertas hinchadas no cierran",
    # The preterite and the gerund of a regular verb, whose infinitive is a safe word ("mojaron": "mojar").
    "se mojaron los colchones y los muebles",
    "los vecinos nos ayudaron, sacaron todo al frente",
    "estaban limpiando y barriendo cuando llegamos",
    # A block in Spanish with its article: "la cuadra del 2800 de X", "el bloque del 1400 de X".
    "repartimos agua en la cuadra del 2800 de Rampart",
    "tocamos puertas en el bloque del 1400 de Galvez",
    "en las cuadras del 3100 de Galvez no hay luz",
    # A town, fort, port, lake or mount named after a person: the capitalised words after Fort, Port, Lake, Mount.
    "Fort Myers Beach is closed, shelters open inland",
    "convoy from Ft Walton brought water",
    "families went up to Port Allen and Port Lavaca",
    "Lake Jackson shelter has cots",
    "Mount Hermon church has ice",
    # A hospital called "X General" (a county's general hospital, named after a person or a county).
    "took her to Forrest General, they kept her overnight",
    "Baptist and Jeff Davis General both on generators",
    # The electric utilities of the Gulf South (the operating companies of the states' investor-owned utilities
    # and the largest public ones), whose crews and outage maps volunteers write about.
    "Cleco crews working on the line",
    "SWEPCO trucks on the highway",
    "CenterPoint outage map says tomorrow",
    "Oncor and TNMP both say 3 days",
    "FPL restored most of Naples, Duke Energy still out",
    "TECO says the substation flooded",
    "MLGW has crews on every street",
    "Demco and Slemco co-op lines down",
    # A town of the US South, a county or a parish, by its name alone (GeoNames: scripts/south_towns.py).
    "Valdosta and Tifton still without power",
    "the church in Abita Springs has a cooling room",
    "Bayou La Batre shrimp boats aground",
    "shelter moved from Paducah to Garyville",
    "Sharkey county and Issaquena county both flooded",
    # A fraternal lodge, an island, a river basin: public nouns after the name they carry.
    "the Elks lodge is serving dinner",
    "ferry to Dauphin Island is not running, Marco Island without water",
    "I-10 closed at the Atchafalaya basin bridge",
    # Chains of the South outside Louisiana named like people.
    "Bojangles handing out chicken to linemen",
    "QuikTrip and Circle K have gas",
    "Sherwin Williams donated paint, Harris Teeter has ice",
    # Mississippi's state code after a town is no title: the word after it is no name.
    "Greenville MS flood levee watch",
    "Long Beach MS harbor destroyed",
]

PLANTED = [
    # A town named like a person is no safe word by itself, and "MS" before a name is a title.
    ("Victoria said the rent is due", [("name", "Victoria")]),
    # A town's name of one word is a name where the context says a person: a title, a report, an age.
    ("miss kentwood said ok", [("name", "kentwood")]),
    ("Lutcher is 80 and alone", [("name", "Lutcher")]),
    ("Sorrento said she is fine", [("name", "Sorrento")]),
    ("her son Duson needs a ride", [("name", "Duson")]),
    ("went by to see MS Flood, no answer", [("name", "Flood")]),
    ("CHECKED ON MS JOHNSON, OK", [("name", "JOHNSON")]),
    # A name after a title stays a name, beside the new place words.
    ("Mr Porter said the lake came up", [("name", "Porter")]),
    ("Ms Lake is 80 and alone", [("name", "Lake")]),
    ("General Taylor? no, Darnell Fort came by", [("name", "Darnell Fort")]),
    # A name whose lemma-like form is a safe word stays a name after its title.
    # A name after a title stays a name when it looks like an inflected verb.
    ("la señora Machado dijo que no tiene agua", [("name", "Machado")]),
    ("don Prados vive solo", [("name", "Prados")]),
    # A house number after "del" with no block word before it stays an address.
    ("vive en el 2800 de Rampart, sola", [("address", "2800 de Rampart")]),
    ("la casa del 1400 de Galvez se inundó", [("address", "1400 de Bissonnet")]),
]


@pytest.mark.parametrize("note", CLEAN)
def test_clean_notes_are_kept(note):
    assert scrub(note).text == note


@pytest.mark.parametrize(("note", "pii"), PLANTED)
def test_planted_values_go(note, pii):
    assert_caught(note, pii)
