"""The classes behind corpus H's misses and altered clean notes (issue 24, seventh round), each in forms H does not
hold (other names, numbers, streets and wording), with guards that keep the names those rules stand next to.

Every case is a family of what people type, not a note of H: a clean note must
come out as written, and a planted value must go (judged as
test_privacy_recall.caught judges). One test per family, each case an id.
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import assert_caught, cases

CLEAN = {
    # A street named alone after a shop or a place and "on", or after "through", "thru", "via": a street, even
    # when it is also a given name ("the CVS on Franklin"); Spanish "en" after a shop, Vietnamese "trên" (on) and
    # "đường" typed without marks; Spanish "de la X" after apartments or houses (the street's name, "la Cullen").
    "street_alone": [
        "the Family Dollar on Gordon has ice",
        "the Shell station at Gulfway has gas",
        "the church on Preston lost half its roof",
        "road closed at the bridge, detour thru Eastex",
        "water truck goes through Gulfbank then back",
        "la farmacia en Woodrow está abierta hasta las 6",
        "tiệm sửa xe trên Dowlen đóng cửa",
        "3 nha tren duong Linwood bi ngap",
        "los apartamentos de la Hillcroft sin luz, 8 familias",
        "las casas de la Gaston todas con agua adentro",
        # the commonest US street names that are given names, and surnames, after "on" with no verb a person takes
        "trees down on Lincoln, cant get through",
        "flooding on Guidry past the school",
    ],
    # The kinds of place a name stands before: a county, a dam, a fairground, a church's denomination.
    "place_kinds": [
        "FEMA trailer at the Hendricks County fairgrounds",
        "Buckhorn Lake dam is holding",
        "her church, Bethel AME, is bringing meals",
        "the Rosa Parks transit center has cots",
        "husband at work at the Hollis plant all week",
        "kids at jefferson elem get free lunch",
        # a place named alone after what is held there and "at", or after a shop and Spanish "en la"
        "Ms. Carter's class at Lincoln is collecting shoes",
        "fuimos a la tienda Fiesta en la Kedzie",
        # national chains named with a possessive
        "Hardee's let people charge phones",
    ],
    # Companies and bodies that are public names: insurers, home-oxygen suppliers, the region's rivers, and the
    # Texas benefit card and legal aid ("Lone Star card").
    "public_bodies": [
        "the adjuster from Geico came, said 2 more weeks",
        "proveedor Rotech no ha llamado",
        "the Neches is still over its banks near the bridge",
        "she uses her Lone Star card at the HEB",
        "referred him to Lone Star Legal Aid",
        # who an organisation sends, then "from" or "de" and its name; a business's kind after its owner's name
        "the inspector from Bowman said 2 weeks",
        "el ajustador de Bowman no vino",
        "Broussard Roofing is doing the roof",
        "Hebert Towing took the car to the yard",
        # bodies and clubs by a capitalised kind, and the country's utilities
        "fire crews from Cal Fire and the Forest Service on the ridge",
        "Duke Energy, Dominion and Santee Cooper all down",
        # a faith people name themselves by, and a corps, capitalised inside a sentence
        "they are Mennonite, do not want a generator",
        "he is a Veteran, Marine Corps, proud of it",
    ],
    # Names of government forms, which have the shape of an id ("bring your DD-214", "W-2", "I-94").
    "form_names": [
        "VSO needs his DD214 and discharge papers",
        "he needs the SSA1099 for the bank",
    ],
    # An organisation's email, made of words of its work ("pantry", "church", "relief"), public by its nature.
    "organisation_email": [
        "donations go to stmarkspantry@gmail.com, it is on the flyer",
        "el correo del comedor: relief.kitchen.beaumont@yahoo.com",
    ],
    # Spanish everyday words that are also names or rarer words: a colour after a noun ("puerta rosa"), a noun
    # after a possessive ("su ángel"), a verb after "la señora" (the lady, no title there), rarer verb forms and
    # nouns past the frequency list, a holiday, an exclamation to a holy name, and an age after "cumple".
    "spanish_words": [
        "la puerta rosa es la de la abuela",
        "mi angel me cuida dice el niño",
        "la señora cose a mano los uniformes",
        "El señor reza cada noche, dice su hija",
        "el municipio fumiga mañana, cerrar ventanas",
        "el cumpleañero cumple 8 el domingo, no hay pastel",
        "los Reyes Magos no van a llegar este año dice la mamá",
        "ay Jesús, que calor hace",
    ],
    # A ZIP code after its cue: an area of thousands of homes, no one's number.
    "zip_codes": [
        "ZIP 28801 area lost power",
        "todo el código postal 77640 sin agua",
    ],
    # Vietnamese: a community centre's name ("Trung Tâm ..."), and an everyday adjective between a kinship word
    # and "lắm" or "quá" (very): "ông mạnh lắm" is "he is very strong".
    "vietnamese_words": [
        "phát nước ở Trung Tâm Văn Hóa Việt, còn 10 thùng",
        "bà hiền lắm, cho tụi mình nước",
        "anh hiền quá khi có điện",
    ],
    # A language after a verb of speaking, also one named like a person ("speaks Karen").
    "languages": [
        "he speaks Karen and some Burmese, needs interpreter",
        "la familia habla Kekchi y un poco de español",
        "they speak Chin at home",
    ],
    # A plural of two common words run together ("liveaboards", "floodwalls").
    "plural_compounds": [
        "the liveaboards at the marina need water",
        "the ramps and liveaboards were hit hardest",
    ],
}

PLANTED = {
    # A plate after a verb and its state's code or name: "plate was LA KTR-4418", "placas de Texas HBG-2231".
    "state_plate": [
        ("plate was LA KTR-4418, car towed", [("id", "KTR-4418")]),
        ("placas TX GHB-2207 en la troca", [("id", "GHB-2207")]),
        ("plate is texas KMN 4412", [("id", "KMN 4412")]),
        ("placas de Texas HBG-2231", [("id", "HBG-2231")]),
        ("plate OH JKL-4421 on the blue car", [("id", "JKL-4421")]),
    ],
    # The last four of an SSN after a mask ("xxx-xx-5521") or a Vietnamese cue typed without marks.
    "ssn_last_four": [
        ("xxx-xx-5521 is what he gave for the form", [("ssn", "5521")]),
        ("XXX-XX-8830 on the letter", [("ssn", "8830")]),
        ("***-**-6604 is on the letter", [("ssn", "6604")]),
        ("so an sinh 4 so cuoi 6 1 7 9, cho FEMA", [("ssn", "6 1 7 9")]),
    ],
    # A given name opening a sentence with its role after it: in parentheses ("Tina (the aunt)"), or "es la
    # mamá", "is the grandma".
    "name_with_role": [
        ("Faith (the oldest girl) watches the kids", [("name", "Faith")]),
        ("Dulce (la nieta) necesita pañales", [("name", "Dulce")]),
            ("Milagros es la hija mayor, ella cuida a todos", [("name", "Milagros")]),
    ],
    # A nickname no list holds, joined by "y"/"and" to a name and standing again in the note.
    "nickname_joined": [
        ("Cuca y Marisol viven juntas. Cuca tiene diabetes", [("name", "Cuca"), ("name", "Marisol")]),
        ("Tito y Mari necesitan agua. Tito tiene diabetes", [("name", "Tito"), ("name", "Mari")]),
    ],
    # A word read as a name once is the name again at the head of a sentence before a verb ("Sol perdió").
    "repeated_at_head": [
        ("le decimos Sol. Sol perdió la casa entera", [("name", "Sol"), ("name", "Sol")]),
    ],
    # Vietnamese: "bác sĩ" (doctor), "cô giáo" (teacher), "mục sư" (pastor) are titles; a capitalised given name
    # after a kinship word in a note typed without marks, also before "o lot" (at lot) with its number.
    "vietnamese_names": [
        ("Bác sĩ Phạm khám miễn phí thứ bảy", [("name", "Phạm")]),
        ("cô giáo Hạnh dạy lớp 3", [("name", "Hạnh")]),
        ("mục sư Trần cầu nguyện cho gia đình", [("name", "Trần")]),
        ("chu Minh o lot 4, nha bi nghieng", [("name", "Minh")]),
    ],
    # A given name's possessive before a way to reach her ("Angela's email"), or before anything.
    "possessive_contact": [
        ("Angela's email is in the form, she organizes the block", [("name", "Angela")]),
        # the frequency lists hold names' possessives as words ("joe's"): a name's possessive is the name
        ("Joe's truck is in the driveway", [("name", "Joe")]),
        ("Will's phone is dead, use the landline", [("name", "Will")]),
    ],
}

# Guards, kept as they were before this round: the names beside the new rules.
GUARD_PLANTED = [
    ("waiting on Keisha to call back", [("name", "Keisha")]),
    ("the tree fell on Thibodeaux last night", [("name", "Thibodeaux")]),
    ("la señora Rosa vive sola", [("name", "Rosa")]),
    ("talked to Mrs. Lee about the roof", [("name", "Lee")]),
    ("we got a call from Keisha about the roof", [("name", "Keisha")]),
    ("Darnell roofing the shed today", [("name", "Darnell")]),
    ("Went to see Keisha on Gordon", [("name", "Keisha")]),
    ("DARNELL PAINTING THE SHED TODAY", [("name", "DARNELL")]),
    ("checked on Landry, he is ok", [("name", "Landry")]),
    ("la casa de la Martínez está vacía", [("name", "Martínez")]),
    ("apartado postal 28801 en Tijuana", [("address", "apartado postal 28801")]),
    ("Mom and Keisha went to the store", [("name", "Keisha")]),
    ("she speaks to Karen every day", [("name", "Karen")]),
    ("Checked in with Ms Brown at Darnell", [("name", "Brown"), ("name", "Darnell")]),
    ("WAITING ON KEISHA TO CALL BACK", [("name", "KEISHA")]),
    ("put down Fontenot as the contact", [("name", "Fontenot")]),
    ("borrowed a truck from Thibodeaux", [("name", "Thibodeaux")]),
    ("waiting on Grant to bring the truck", [("name", "Grant")]),
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
