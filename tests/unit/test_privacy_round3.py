"""The classes behind held-out corpus D's misses (issue 24, third round), each in forms D does not hold.

Every case is a family of what people type, not a note of D: the value must
go (no word of it survives, judged as test_privacy_recall.caught judges), or a
clean note must come out as written.
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import caught

LEAKS = [
    # A house number spelled out, then a street that opens with "St" or a direction.
    ("address", "forty one twelve st roch", "house at forty one twelve st roch, blue door"),
    ("address", "nineteen oh six n galvez", "we went to nineteen oh six n galvez"),
    # A street abbreviated the way its sign is ("Gov", "Gen"), after a house number.
    ("address", "2415 Gen Pershing", "lives behind 2415 Gen Pershing with her kids"),
    ("address", "818 Gov Nicholls", "the shotgun behind 818 Gov Nicholls"),
    # A house number in words with "hundred"; a "#" between street and number; a pair of house numbers.
    ("address", "nineteen hundred Piety", "she lives nineteen hundred Piety"),
    ("address", "Desire # 2210", "on Desire # 2210 the yellow one"),
    ("address", "1417 & 1419 Piety", "the double at 1417 & 1419 Piety"),
    ("address", "1417 and 1419 Piety", "the double 1417 and 1419 Piety"),
    # Spanish "de la calle", Vietnamese "nha" typed without marks.
    ("address", "2210 de la calle Piety", "vive en el 2210 de la calle Piety"),
    ("address", "nha 2210", "so nha 2210 duong Piety"),
    # Post office boxes in Spanish.
    ("address", "Apartado 7714", "correo al Apartado 7714 en Metairie"),
    ("address", "casilla postal 3390", "manden todo a la casilla postal 3390"),
    # Spanish: "la 4410 de Bienville", the number first and "de" before the street.
    ("address", "4410 de Bienville", "vive en la 4410 de Bienville desde el huracán"),
    # Separators spelled between spelled-out digits.
    ("ssn", "five two one dash four four dash nine nine zero one", "ssn five two one dash four four dash nine nine "
                                                                   "zero one"),
    ("phone", "cinco cero cuatro guion tres tres dos guion uno uno cuatro ocho",
     "llamar cinco cero cuatro guion tres tres dos guion uno uno cuatro ocho"),
    # A given name that is also a word, before a surname, opening the note.
    ("name", "Grace Thibodeaux", "Grace Thibodeaux said the roof is leaking"),
    ("name", "hope marie", "hope marie needs insulin"),
    # A given name that is also a word, joined by "and" to a name.
    ("name", "Faith", "Faith and Jaquan need school uniforms"),
    # A given name the Census lists lack, in lower case after a relation.
    ("name", "jayden", "her grandson jayden has asthma"),
    ("name", "aaliyah", "my niece aaliyah needs formula"),
    # A family by its surname: "the X fam", "familia X", "gia đình X".
    ("name", "Banks", "water for the Banks fam on the corner"),
    ("name", "Morales", "la familia Morales necesita una lona"),
    ("name", "Phạm", "gia đình Phạm cần nước"),
    # A Vietnamese given name after a kinship word, in a note typed without marks or with them.
    ("name", "Mai", "vi tri nha co Mai"),
    ("name", "Phuong", "so dt cua chu Phuong: hỏi lại"),
    ("name", "HUNG", "CHỊ HUNG CẦN THUỐC"),
    # A corner of two streets whose name holds a place word ("Fields", "Forest").
    ("address", "Elysian Fields and N Dorgenois", "she stays at the corner of Elysian Fields and N Dorgenois"),
    # A known street of the city after a house number, with no cue before it.
    ("address", "1420 Bienville", "trailer behind 1420 Bienville"),
    # A name the word lists hold but not as common, in lower case after a title.
    ("name", "jaylen", "ms jaylen said the kids are ok"),
    # A given name that is also a word, opening a sentence before a verb only a person takes, or "and her".
    ("name", "Grace", "Grace fell last night, hip hurts"),
    ("name", "Iris", "Iris and her son need water"),
    # A given name that is also a word after a relation, before a verb ("his son will is at LSU").
    ("name", "hope", "her daughter hope is 6 and has asthma"),
    ("name", "will", "his son will is staying with them"),
    # The second half of a hyphened name after a title, in lower case.
    ("name", "jean-baptiste", "mr jean-baptiste needs a ride"),
    # A given name that is no common word, opening a sentence, whatever verb follows.
    ("name", "tremaine", "tremaine helped us carry water"),
    # A name opening a sentence before an age ("X is 84", "X turned 9").
    ("name", "Lulu", "Lulu is 84 and alone since the storm"),
    ("name", "Jaylen", "Jaylen is 7, needs a uniform"),
    # A given name that is also a word after a title, in lower case, before a verb.
    ("name", "will", "mr will needs a tarp"),
    # A nickname after "call him", "le dicen": a name, however plain a word.
    ("name", "Peanut", "they call him Peanut, lives w his aunt"),
    ("name", "Chino", "al muchacho le dicen Chino"),
    # Degrees and decimal minutes with their marks.
    ("gps", "29°58.27'N 90°02.93'W", "boat at 29°58.27'N 90°02.93'W"),
    # Degrees and decimal minutes, the hemisphere first, no marks.
    ("gps", "N29 57.41 W90 03.12", "boat N29 57.41 W90 03.12"),
    # A plate after its Vietnamese cue typed without marks.
    ("plate", "KLM 804", "bien so xe KLM 804 cua chu nha"),
    # Coordinates with a decimal comma, and cues with a dot or in Spanish.
    ("gps", "lat. 29,9712 long. -90,0489", "ubicación lat. 29,9712 long. -90,0489"),
    ("gps", "latitud 29.9712 longitud -90.0489", "latitud 29.9712 longitud -90.0489 junto al canal"),
]

CLEAN = [
    # CamelCase made of plain words (a texting keyword, a hashtag).
    "text HelpNow to the line, hashtag StaySafe",
    # A public place whose noun has a word before it ("convention center", "community center").
    "they moved to the ernest n morial convention center",
    "supplies at the joe w brown community center today",
    # A holy name in a line of faith.
    "jesus is my strength she kept saying",
    # Units of a dose.
    "klor-con 20 meq daily, insulin 10 units",
    # A public line after a word that cues an id.
    "FEMA 1-800-621-3362, opción 2",
    "FEMA số 1-800-621-3362 có tiếng Việt",
    # A relation or a title before an age: no name.
    "Nana is 90 and sharp",
    # A word that is also a given name, opening a sentence before a verb that fits the word too.
    "Will needs to be read to her again",
    "son came home from Houston to help",
    "Sandy got into everything downstairs",
    # A bus route by its number and streets after a verb of riding, without "bus".
    "took the 94 Broad to the shelter",
    "rode the 88 St Claude back home",
    # Two common words run together, and weekday shorthand.
    "owes $340 entergy, shutoff notice came, floodwater in the yard",
    "DIALYSIS MWF AT 6AM",
    # A word after "the ... family" or a relation that is a word, not a name.
    "the foster family has 3 kids",
    "her grandson asthmatic, needs a nebulizer",
    # A public spot at a corner: no one's home.
    "the bus stop at Elysian Fields and N Dorgenois is under water",
    # Spanish words typed with their marks whose unmarked form is a Census name.
    "la niña tiene fiebre y el dueño no arregla los baños",
    # Medical words typed without their accent.
    "vacuna del tetano en la clinica",
    # Vietnamese syllables that are also family names, where they are words.
    "trẻ em ho nhiều, mốc trên tường",
    "can tinh nguyen vien biet tieng Viet",
    # A country and a market named in Vietnamese.
    "Tết này không về Việt Nam được",
    "Chợ Hong Kong mở cửa lại",
]


@pytest.mark.parametrize("kind, value, note", LEAKS)
def test_each_family_of_d_s_misses_is_caught(kind, value, note):
    result = scrub(note).text
    assert caught(kind, value, result, note), result


@pytest.mark.parametrize("note", CLEAN)
def test_each_family_of_d_s_clean_traps_is_left_as_written(note):
    assert scrub(note).text == note
