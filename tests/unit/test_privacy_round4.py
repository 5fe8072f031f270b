"""The classes behind corpus E's altered clean notes and misses (issue 24, fourth round), and the classes of
false positives found by probe notes of the kinds a held-out set's clean notes carry (public places, routes,
agencies, stores, holidays, holy names, words that are also names, en/es/vi), each in forms E does not hold,
with guards that keep the names those rules stand next to.

Every case is a family of what people type, not a note of E: a clean note must
come out as written, and a planted value must go (no word of it survives,
judged as test_privacy_recall.caught judges).
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import caught

CLEAN = [
    # A saint's name in two words, or "of" a town, names a church or a school, in any case.
    "st maria goretti has hot plates at noon",
    "the pantry at st peter claver opens at 9",
    "mass at St. Francis of Assisi sunday at 10",
    "cots at St Catherine of Siena gym",
    "fueron a San Juan de los Lagos a rezar",
    # A year alone, written with an apostrophe for its century.
    "he was born in '52 and rode out Betsy",
    "bought the house in '89, water got it in '05",
    "the roof is from '98",
    # Houston's super neighbourhoods, where families evacuated to.
    "HOUSTON: alief still no power",
    "staying w cousins in Sharpstown til the lights come back",
    "en Gulfton hay un centro de agua",
    "kashmere gardens and settegast flooded again",
    "they moved to Meyerland after the storm",
    "Greenspoint mall is a shelter now",
    # A Spanish word that is also a given name, after an article: a noun.
    "fue una victoria tener luz otra vez",
    "la esperanza es lo ultimo que se pierde",
    "tiene una fe muy grande",
    "rezan el rosario cada noche",
    "trajeron una cruz para la tumba",
    # Vietnamese weekdays ("thứ Năm" is Thursday) and languages ("tiếng Anh" is English).
    "hẹn thứ Năm quay lại",
    "Thứ Bảy có xe phát nước",
    "thứ Hai bác sĩ tới, Chủ Nhật nhà thờ phát gạo",
    "bà chỉ nói tiếng Tây Ban Nha",
    "ông không biết tiếng Anh, chỉ nói tiếng Việt",
    "con trai học tiếng Pháp",
    # A storm's name after "since" or "after", ending its clause with a comma before a verb.
    "no power since Laura, wants a generator",
    "lost everything after Ida, asked about FEMA",
    # Programmes named like people, and public places whose noun is a golf course.
    "Angel Tree gifts at the church",
    "the Ronald McDonald House has rooms for families",
    "Joe Bartholomew golf course is a staging area",
    # Agencies and charities, and stores and brands of the Gulf South, by the names people give them.
    "Daughters of Charity clinic is seeing walk ins",
    "got a voucher from Odyssey House",
    "Dorignac's and Breaux Mart have ice",
    "gas at the Racetrac on Chef, Chevron is dry",
    "called Crescent City Community Land Trust about the house",
    # Schools named after people, called without "school"; churches named after a biblical mountain; KIPP campuses.
    "water at Archbishop Rummel til 5",
    "cots at Sophie B. Wright and O. Perry Walker",
    "Mount Carmel and Mt. Zion have hot meals",
    "the gym at KIPP Believe is open",
    # A bus route as the subject of its running, without "bus" (RTA numbers its routes up to 202).
    "the 91 Jackson Esplanade is late again",
    "the 88 St Claude stopped running at 6",
    # Holidays and saints' days of the US, Latin America and Vietnam.
    "Juneteenth cookout at the park is cancelled",
    "Semana Santa sin procesión este año",
    "Nochebuena en el albergue con la familia",
    # Titles of the Virgin Mary and the place after "of": a church.
    "Our Lady of Lourdes has a pantry",
    "misa en Nuestra Señora de la Caridad",
    # Sizes and dimensions: tarps, jeans, rooms.
    "need a 10x20 tarp and 30x32 jeans",
    "a 12x12 room with 4 cots",
    # Praise that holds a holy name.
    "gracias a dios, gloria a Dios, tienen luz",
    # Notes typed in capitals: a route, a year with its apostrophe, a highway's number, Spanish "con" and an article.
    "THE 88 ST CLAUDE IS RUNNING AGAIN",
    "BOUGHT THE HOUSE IN '89 BEFORE THE FLOOD",
    "TOOK HWY 23 SOUTH TO BELLE CHASSE",
    "REZANDO EL ROSARIO CON LA FAMILIA",
    # An everyday Vietnamese word typed with its marks after "gặp" (meet): "hẹn gặp lại" is "see you again".
    "hẹn thứ Tư gặp lại, bà cần nước",
    "gặp lại sau nhé",
    # A public place named after a person, typed in lower case, whose surname is a street or a place of the city.
    "water at benjamin franklin high 9 to 12",
    "martin behrman school is a cooling center til 8",
    # The words those name rules read: a call back, a month after "in", "bé" as an adjective.
    "call them back after 5, call me back too",
    "may does not have power yet",
    "in june the water came, in april it rained",
    "em bé cần sữa, nhà bé quá",
    "his name is on the lease, her name on the FEMA letter",
    "Dr. may call back tomorrow, ms said ok",
    "a year ago 1995 was the last flood, 3 ago",
    "đi Cần Thơ thăm bà con, Thứ Ba về",
    "bàn về xã hội 2024, họp ở nhà thờ",
    # Brands and sayings named with a title or a relation; a title after an article is a noun.
    "Papa John's and Captain D's donated food, Dr Pepper too",
    "Mother Nature is not playing, Uncle Sam won't pay for it",
    "the deacon will bring water, our pastor may come too",
    # Holy names and titles of Catholic, Protestant and Buddhist families.
    "rezan el Rosario de la Virgen en la sala",
    "Đức Mẹ ở nhà thờ, lễ Phật Đản ở chùa",
    # Landmarks, NORD centres and library branches named after people no resident would be called.
    "the Superdome is a shelter, ice at Rosenwald after 2",
    "cots at A.L. Davis and Gernon Brown, wifi at Nora Navra",
    # A name that is a common English word after "a" or "an" is the word; a guardian angel; a cable company.
    "an angel came by with ice, a baker gave bread",
    "Ángel de la guarda nos cuidó, Cox internet out til next wk",
    # A street by its name alone after a Spanish or Vietnamese street type, or with the title it keeps.
    "en la calle Joliet no hay luz",
    "water standing on Gen Taylor, trees down on Gov Nicholls",
    # Public lines: a toll-free number spelled with letters, text short codes; hospitals by their nicknames.
    "call 1-800-621-FEMA or text READY to 888777",
    "transferred from East Jeff to West Jeff",
]

KEPT = [
    # The names those rules stand beside still go.
    ("name", "Hope Guidry", "Hope Guidry said the roof leaks"),
    ("name", "keisha", "at st bernard keisha needs water"),
    ("name", "Victoria", "la Victoria dijo que no tiene agua"),
    ("name", "rosa", "la rosa dijo que vuelve mañana"),
    ("name", "Lan", "chị Lan cần thuốc"),
    ("name", "Năm", "anh Năm cần nước"),
    ("name", "Esperanza Morales", "Esperanza Morales necesita una lona"),
    ("name", "Alief", "her son Alief needs a ride"),
    ("dob", "03/14/1952", "dob 03/14/1952"),
    ("name", "Isaac", "since Isaac said he'd come we waited"),
    ("name", "Patrick Taylor", "Patrick Taylor needs a ride to dialysis"),
    ("name", "Grace King", "spoke with Grace King about the roof"),
    ("address", "2210 Desire", "the 2210 Desire is running a generator"),
    ("address", "812 Piety", "the 812 Piety is flooded"),
    ("name", "Keisha", "the lady of the house Keisha said no"),
    ("id", "A12345678", "her A number is A12345678"),
    ("id", "4X7K92", "card id 4X7K92"),
    ("name", "Gloria", "Gloria needs a ride to dialysis"),
    ("address", "2210 N GALVEZ", "LIVES AT 2210 N GALVEZ"),
    ("name", "TUAN", "ONG TUAN CAN THUOC, KHONG DI DUOC"),
    ("name", "Lại", "hôm nay gặp Lại ở nhà thờ"),
    ("name", "Lan", "hôm nay gặp Lan ở chợ"),
    ("name", "keisha", "keisha at franklin park needs water"),
    ("name", "Laura", "after Laura asked we brought ice"),
]


# The classes behind E's misses, in forms E does not hold.
LEAKS = [
    # A given name that is also a word between "call" or "text" and "back".
    ("name", "faith", "pls call faith back after 5"),
    ("name", "will", "text will back tmrw about the tarp"),
    # A given name that is also a word, after a relation, before an auxiliary only a person takes.
    ("name", "may", "his wife may does all the paperwork"),
    ("name", "june", "her daughter june did the FEMA forms"),
    # A common surname in lower case after a title and a given name.
    ("name", "summer lee", "ms summer lee has no AC, 97 inside"),
    ("name", "grace young", "mrs grace young needs ice"),
    # The first half of a hyphened given name that is also a word.
    ("name", "Grace-Ann Batiste", "Grace-Ann Batiste opened the door"),
    # "her name X" without "is".
    ("name", "Precious", "lady in the blue house, her name Precious, needs water"),
    # A month that is a given name, after a title.
    ("name", "june", "ask ms june about the forms"),
    ("name", "april", "mrs april said come back"),
    # A Vietnamese given name after "bé" (the little one).
    ("name", "Khang", "sữa cho bé Khang, 2 tuổi"),
    # A date of birth with a Spanish month abbreviated between dashes or slashes.
    ("dob", "3-abr-1958", "nació el 3-abr-1958, vive sola"),
    ("dob", "14/dic/1949", "f. nac. 14/dic/1949"),
    # A Medicare number in the MBI's shape with a letter the MBI never uses (misread off the card).
    ("id", "5LS2-BK7-TO31", "medicare 5LS2-BK7-TO31 de la señora"),
    # "her name X" without "is"; the last four of an SSN after the Vietnamese "an sinh xã hội".
    ("name", "Precious", "her name Precious, # 504-555-0199"),
    ("ssn", "4417", "số an sinh xã hội 4417, ông cần thuốc"),
    # A house number spelled in Spanish, "de la", and a street.
    ("address", "mil doscientos doce de la Piety", "vive en mil doscientos doce de la Piety"),
    # A Vietnamese name of four syllables.
    ("name", "Trần Thị Mỹ Dung", "cô Trần Thị Mỹ Dung cần nước đá"),
    ("name", "Lê Thị Kim Loan", "gọi cho bà Lê Thị Kim Loan, nhà ngập"),
    ("name", "Jenkins", "our pastor jenkins said the church is open"),
    ("name", "Grace", "Pastor Grace will bring water"),
    ("name", "Đức", "anh Đức cần nước"),
    ("name", "Joe Brown", "Joe Brown needs a ride to dialysis"),
    ("name", "Angel", "her son Angel needs insulin"),
    ("name", "angel", "spoke with angel about the roof"),
    ("address", "2210 calle Joliet", "vive en el 2210 calle Joliet"),
    ("address", "2415 Gen Pershing", "lives at 2415 Gen Pershing with her kids"),
    ("phone", "1-504-621-3362", "his cell 1-504-621-3362"),
]


@pytest.mark.parametrize("kind, value, note", LEAKS)
def test_each_family_of_e_s_misses_is_caught(kind, value, note):
    scrubbed = scrub(note).text
    assert caught(kind, value, scrubbed, note), scrubbed


@pytest.mark.parametrize("note", CLEAN)
def test_each_family_of_e_s_clean_traps_is_left_as_written(note):
    assert scrub(note).text == note


@pytest.mark.parametrize("kind, value, note", KEPT)
def test_the_names_beside_those_rules_still_go(kind, value, note):
    scrubbed = scrub(note).text
    assert caught(kind, value, scrubbed, note), scrubbed
