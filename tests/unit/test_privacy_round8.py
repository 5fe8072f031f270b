"""The classes behind corpus I's misses and altered clean notes (issue 24, eighth round), each in forms I does not
hold (other names, numbers, towns, streets and wording, other US regions), with guards that keep the names those
rules stand next to.

Every case is a family of what people type, not a note of I: a clean note must
come out as written, and a planted value must go (judged as
test_privacy_recall.caught judges). One test per family, each case an id.
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import assert_caught, cases

CLEAN = {
    # A year before a word that is also a New Orleans street ("Flood", "Desire"), written in lower case in a note
    # with capitals: the year of an event, no house number.
    "year_before_word": [
        "Grandpa still talks about the 1965 flood. Wants to stay",
        "They lost everything in the 1993 flood too, so they know the drill",
    ],
    # The Native nations and the Pacific and Puerto Rican peoples the frequency lists rank low, as languages and
    # peoples were before.
    "peoples_of_every_region": [
        "a Lummi elder and 2 kids, no power",
        "two Chuukese households on the block need rice",
    ],
    # A word the frequency lists hold but no list of names does, capitalised after an English article: a shop, a
    # hotel, a product, not a person ("the Radisson off 94th").
    "article_before_rare_word": [
        "the Radisson off 94th is taking evacuees tonight",
        "She got a ride to the Segway rental place for her son's job",
    ],
    # A town named like a person (Tyler, Florence, Warren, Eugene) where a town stands: after "in", "near",
    # "around", "outside", "across", or "this side of".
    "town_named_like_a_person": [
        "the roads around Tyler are open again",
        "2 families from the north side of Florence, staying with cousins",
        "power came back near Warren last night",
        "her sister drove down from outside Eugene with a generator",
        "they are in Marion until the roof is fixed",
    ],
    # The towns of every US region and Puerto Rico, not only the South's: one word and two, named alone.
    "towns_of_every_region": [
        "the family went to Keokuk to stay with grandma",
        "Cell service is out from Kalispell to the pass",
        "they drove to Anacortes overnight",
        "se fueron a Utuado con la abuela",
        "la familia está en Humacao con los tíos",
        "cousins from Mankato brought a trailer",
        "Red Cross moved the shelter to Coeur d'Alene",
    ],
    # A school, a hospital or a clinic as signs and people shorten them: "HS", "rec ctr", a hospital by its town and
    # "Regional", an urgent care by its town.
    "public_noun_abbreviations": [
        "brought cots to Jenks HS last night",
        "the Bixby HS parking lot has a water buffalo",
        "sent him to the Edmond Regional urgent care",
    ],
    # An agency, a firm or a brand after "called" or "asked for": no one's name.
    "agency_after_called": [
        "called Lincare, they will swap the tank",
        "she called Allstate twice, no adjuster yet",
    ],
    # A capitalised word after a direction in capitals is a street ("on N Tyler"); one joined by "and", "&" or "y"
    # to a numbered street is the other street of the corner.
    "streets_by_their_grid": [
        "trees down on N Tyler, no power",
        "water over the road on W Garfield",
        "gas leak at the corner of Pickett and 9th",
        "flooding at 21st & Hobbs",
        "vive en la calle NE 36, 4 personas",
    ],
    # Spanish diminutives and augmentatives of everyday words ("cobijita", "aguacerón"), and compounds of two
    # English words further down the frequency list ("breezeway").
    "word_forms": [
        "ella compró una sillita y una cobijita para el bebé",
        "hay un ventiladorcito nomás",
        "un aguacerón anoche, se metió el agua",
        "the sump is under the breezeway",
    ],
    # A street or a town after the Spanish words of its block, its corner, "de" or "desde" (a town named like a
    # surname), and after the Vietnamese "ở" (at), "gần" (near); a shop by what it sells ("Tacos", "Paletería").
    "places_in_spanish_and_vietnamese": [
        "llevamos agua a la esquina de la Pickett",
        "los primos de Greeley vinieron a ayudar",
        "chúng tôi có kho ở Pickett",
        "hàng xóm gần Lowell bị ngập",
        "Tacos La Chula sirve gratis hoy",
        "Paletería La Reina dio paletas",
    ],
    # Vietnamese everyday words whose marks no given name carries ("tôi", I), and Our Lady of La Vang.
    "vietnamese_words": [
        "tôi nói chuyện với bà ấy 30 phút",
        "mass at Đức Mẹ La Vang Sunday",
    ],
    # A town named like a person that heads the note, before a colon or a dash, in a note that names a street: the
    # town visited; a capitalised word before a quadrant is a campus or a street ("Mercy NW").
    "headings_and_campuses": [
        "Marion - Pawnee Ave - 3 roofs gone, no one hurt",
        "Warren: 4 familias en los apartamentos de Cedar St sin luz",
        "she is at Mercy NW for tests",
    ],
    # What comes by the case, the bag or the box ("cases of", "cajas de") is a brand.
    "brands_by_their_container": [
        "Brought 4 cases of Dasani and ice",
        "2 bags of Kingsford for the grill",
        "3 cajas de Jumex para los niños",
    ],
    # A given name that is also a word, before "del": a place's or a title's name ("la Esperanza del Valle").
    "names_of_places_with_del": [
        "dejamos agua en la Esperanza del Valle, el refugio",
        "nos reunimos en Nueva Esperanza del Norte",
        "ayuda de la Caridad del Cobre",
    ],
    # A storm by its name after "Hurricane", "huracán" or "tropical storm", and the storms Puerto Rico and the rest
    # of the country date their years by after "since", "desde", "después de"; a wildfire by its name ("the Almeda
    # fire"); a Spanish verb typed with its accent, though without it it reads as a name ("vivían", Vivian); Puerto
    # Rico's roads by their number ("Carr 2").
    "storms_fires_and_roads": [
        "no power since Hurricane Otis came through",
        "desde María no hay agua potable en el barrio",
        "después de Irma se mudaron con la hija",
        "evacuated for the Almeda fire, staying in Medford",
        "the Caldor fire took the cabin",
        "ellas cocinaban para todos, vivían solas",
        "el techo se fue, Carr 2 cerrada por derrumbe",
    ],
}

PLANTED = {
    # A house number, a quadrant (NE, NW, SE, SW) or a direction, and a numbered street: the grid addresses of the
    # Plains and the West, with or without a suffix, in English, Spanish and Vietnamese; a house number that reads
    # as a year ("1927 E 15th Ave") is the house's.
    "quadrant_addresses": [
        ("dropped 2 cases of water at 3415 NW 23rd St for the couple upstairs", [("address", "3415 NW 23rd St")]),
        ("she is staying at 608 SE 12th with her sister", [("address", "608 SE 12th")]),
        ("1927 E 15th Ave basement took water overnight", [("address", "1927 E 15th Ave")]),
        ("vive en 517 NE 36th St con su hija y 2 nietos", [("address", "517 NE 36th St")]),
        ("dia chi 3308 NW 16th, nha mau xanh, mai bi bay", [("address", "3308 NW 16th")]),
        ("the duplex at 1939 SW 21st has no power", [("address", "1939 SW 21st")]),
    ],
    # A plate's shape (letters and digits) a few words after its cue, not right after it, in en, es and vi.
    "plates_after_their_cue": [
        ("the tow truck took her car, license plate on the paperwork says JRT-448", [("id", "JRT-448")]),
        ("placas de la troca que vimos anoche: WXK 5521 Texas", [("id", "WXK 5521")]),
        ("bien so xe cua ong Bao: TRK-519, xe bi ngap", [("id", "TRK-519")]),
    ],
    # Every piece a dash joins to an id: codes (a state's too) and pieces of letters and digits.
    "dashed_id_pieces": [
        ("claim with Farmers 27-Q118-7Z3, no adjuster yet", [("id", "27-Q118-7Z3")]),
        ("FEMA case # FM-TX-40917 she keeps it in her purse", [("id", "FM-TX-40917")]),
    ],
    # A family by its surname opening a sentence, no article ("Quintanilla family:"); a Vietnamese given name
    # typed without marks after a title ("pastor Khoa"); a given name opening a sentence with an age in
    # parentheses ("Grace (8)"); the names joined to a name by "and" or "y", or opening a list of them.
    "names_by_their_company": [
        ("Quintanilla family: 4 people, need cots", [("name", "Quintanilla")]),
        ("pastor Khoa came by with rice", [("name", "Khoa")]),
        ("Grace (8) asked for crayons", [("name", "Grace")]),
        ("Tasha and lou (sisters) helped carry water", [("name", "Tasha"), ("name", "lou")]),
        ("vinieron con Lupe y Toño a repartir agua", [("name", "Lupe"), ("name", "Toño")]),
        ("Consuelo, Tere y Chela, las hermanas, viven juntas", [("name", "Consuelo"), ("name", "Tere"),
                                                                 ("name", "Chela")]),
    ],
    # The numbered grid of the Mountain West's cities ("450 S 300 E"), and Puerto Rico's rural addresses: a road
    # and the kilometre the house stands at ("Carr. 845 km 3.2").
    "grid_and_kilometre_addresses": [
        ("lives at 450 S 300 E, no power", [("address", "450 S 300 E")]),
        ("1250 W 400 N flooded basement", [("address", "1250 W 400 N")]),
        ("viven en la Carr. 845 km 3.2, Bo. Santa Rosa", [("address", "Carr. 845 km 3.2")]),
        ("casa en PR-2 km 15.3 cerca del puente", [("address", "PR-2 km 15.3")]),
    ],
    # A name opening the sentence after a place's noun ("al parque. Rosa"): the sentence's end ends the place.
    "names_after_a_place_noun_and_a_period": [
        ("fuimos al parque. Rosa lloró", [("name", "Rosa")]),
        ("mất hết đồ trong tiệm. Mai cần giúp", [("name", "Mai")]),
    ],
    # The last digits of a Social Security number after "4 chữ số cuối" (the last 4 digits).
    "vietnamese_last_digits": [
        ("số an sinh 4 chữ số cuối 3 3 8 1", [("ssn", "3 3 8 1")]),
    ],
}

# Names that stand where the rules above look, which must stay names.
GUARD_PLANTED = [
    ("Tyler said the roof is fine", [("name", "Tyler")]),
    ("waiting in Tyler's car for the rain to stop", [("name", "Tyler")]),
    ("little Jaylen needs formula", [("name", "Jaylen")]),
    ("Frank Delacroix said bp is high", [("name", "Frank Delacroix")]),
    ("lives at 1965 Flood St", [("address", "1965 Flood St")]),
    ("Mary S Quincy said the roof is fine", [("name", "Mary S Quincy")]),
    ("comimos tacos Rosa y yo", [("name", "Rosa")]),
    ("quán cà phê anh Hùng đóng cửa", [("name", "Hùng")]),
    ("la casa de Rosa se inundó", [("name", "Rosa")]),
    ("ngồi với bà Lan ở nhà", [("name", "Lan")]),
    ("Keisha and will come back Friday", [("name", "Keisha")]),
    ("Warren: lives on Elm St, needs water", [("name", "Warren")]),
    ("after the storm Keisha said the roof held", [("name", "Keisha")]),
    ("after Maria called we left", [("name", "Maria")]),
    ("told Keisha fire is close", [("name", "Keisha")]),
    ("Mr Carr said ok", [("name", "Carr")]),
    ("fuimos con ramón y su hija", [("name", "ramón")]),
    ("the bag of Keisha's is still in the car", [("name", "Keisha")]),
    ("la señora Luz del Carmen Ortiz dijo que sí", [("name", "Luz"), ("name", "Carmen Ortiz")]),
]
GUARD_CLEAN = [
    "Foster family needs beds and a crib",
    "La familia vive en la calle Tupelo, casa amarilla",
    "drove on I-35 past the plates warehouse, US 62 closed",
    "the road is closed 5 km from town",
    "walked 3 s 4 w",
    "knocked 12 doors on SW 4th, 7 answered",
    "150 se quedaron sin luz en la cuadra",
]


# A public name keeps the word of a person's name the note redacts elsewhere: the church, the school is no one.
PUBLIC_NAMES_KEPT = [
    ("Rosa dijo que la iglesia Santa Rosa de Lima da comida",
     "[name] dijo que la iglesia Santa Rosa de Lima da comida"),
    ("Lincoln said the Lincoln Elementary shelter is full", "[name] said the Lincoln Elementary shelter is full"),
]


@pytest.mark.parametrize(("family", "note"), cases(CLEAN))
def test_clean_notes_are_kept(family, note):
    assert scrub(note).text == note


@pytest.mark.parametrize(("family", "case"), cases(PLANTED))
def test_planted_values_go(family, case):
    assert_caught(*case)


@pytest.mark.parametrize(("note", "pii"), GUARD_PLANTED)
def test_guards_stay_names(note, pii):
    assert_caught(note, pii)


@pytest.mark.parametrize("note", GUARD_CLEAN)
def test_guards_stay_clean(note):
    assert scrub(note).text == note


@pytest.mark.parametrize(("note", "expected"), PUBLIC_NAMES_KEPT)
def test_a_public_name_keeps_a_word_the_note_redacts_elsewhere(note, expected):
    assert scrub(note).text == expected
