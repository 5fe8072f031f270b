"""The classes behind corpus G's misses and altered clean notes (issue 24, sixth round), each in forms G does not
hold (other names, numbers, towns and wording), with guards that keep the clean words those rules stand next to.

Every case is a family of what people type, not a note of G: a clean note must
come out as written, and a planted value must go (judged as
test_privacy_recall.caught judges).
"""
import pytest

from outreach.services.privacy import scrub
from tests.unit.test_privacy_recall import assert_caught

CLEAN = [
    # Nouns for a person (not a name) at the head of a report: "Lady said", "Man asked", "niña de 9 años".
    "Man asked us to pray with him",
    "Lady told us the roof is fine now",
    "niña de 7 años con fiebre, la abuela la cuida",
    # A sentence's end between a relation and the next word: "for his neighbor. Ok."
    "lady is a nurse, very tired, won't sit down. Took two cases of water for her 'cousin.' Ok.",
    # A time or a count, then a sentence's end, then a count: no number of six digits.
    "started at 9:30. 14 doors knocked, 6 talks",
    "done at 3:10. 27 visits, 9 referrals",
    # A store's, a chain's or a brand's name ("the old Sears building", "bring Vicks").
    "the old Gayfers building is a POD now",
    "free ice at the Kmart lot until noon",
    "bring vicks and vaseline for the volunteers",
    "need neosporin, band-aids and off spray",
    # A capitalised word after a place preposition is a street or a place, not a person: "the church on Ingalls".
    "the shelter on Beauvoir has cots",
    "apartments off Beechnut still flooded",
    "everyone on this side of Vancleave lost power",
    "cooling centre in Saucier opens at noon",
    # A bayou, a point, an isle or a cape named after someone is a place.
    "water rising along Bayou Lacombe, boats out",
    "crews working at Pointe Celeste and Isle Dernieres",
    # Spanish verb forms past the frequency list: the imperfect subjunctive, and agent nouns from a verb.
    "pidió que la ayudáramos con los papeles",
    "quería que le trajeran agua y que limpiaran el patio",
    "trabaja en la empacadora de mariscos y en la lavadora de carros",
    # Rarer Spanish words (past the 60,000 commonest) typed in lower case; Spanish "con" (with) is no Vietnamese
    # kinship word in a note with no Vietnamese.
    "los niños tienen sarpullido por el agua sucia",
    "el patio es un lodazal, y los niños con ronchas en las piernas",
    # A Spanish plural of a common noun, capitalised in an organisation's name.
    "la gente de Caridades Católicas trajo comida",
    # Spanish (and Vietnamese) put the kind of place first: "la tienda X", "el hospital X".
    "la tienda La Guadalupana regala hielo",
    "la llevamos al hospital Ben Taub",
    # Vietnamese everyday words with their marks are no family name, whatever they read as without marks:
    # "là" (is) is no "La", "đang" (is doing) no "Đặng", "vẫn" (still) no "Văn", "gần" (near) no "Gan".
    "anh là thợ điện, giúp cả xóm",
    "gia đình đang dọn nhà, cần bao rác",
    "gia đình vẫn ở trong nhà, không có điện",
]

PLANTED = [
    # Partial SSNs: the last four digits after a Spanish, English or Vietnamese cue.
    ("seguro social terminación 4471, para el cheque", [("ssn", "4471")]),
    ("seguro social con terminacion 6652", [("ssn", "6652")]),
    ("ssn last four digits 2290 for the SBA form", [("ssn", "2290")]),
    ("số an sinh bốn số cuối 3318", [("ssn", "3318")]),
    # An SSN read digit by digit in groups with commas between, and with Vietnamese digit words.
    ("his ssn is 6 1 2, 4 4, 7 0 9 3 he said", [("ssn", "6 1 2, 4 4, 7 0 9 3")]),
    ("số an sinh 4 bảy 2, 6 tám, 1 1 9 0", [("ssn", "4 bảy 2, 6 tám, 1 1 9 0")]),
    # A flat, room or lot number that is also a hotline's.
    ("lives in Apt 211, 1420 Ridgeway Dr", [("address", "Apt 211"), ("address", "1420 Ridgeway Dr")]),
    ("trailer in lot 911 behind the church", [("address", "lot 911")]),
    # A highway's number after a house number is part of the address.
    ("corner house 3302 Hwy 417 has no roof", [("address", "3302 Hwy 417")]),
    # A date of the last century with a numeric month in Spanish, and a full date of four digits.
    ("Marisol, nació el 5 de 7 del 1979, embarazada", [("dob", "5 de 7 del 1979")]),
    ("Rosa wrote it as 6/2/71 on the form", [("dob", "6/2/71")]),
    # An email spelled in Vietnamese ("a còng" for @, "chấm" for the dots).
    ("email của chị: lanhuong.vo1961 a còng yahoo chấm com", [("email", "lanhuong.vo1961 a còng yahoo chấm com")]),
    # A name read once is a name everywhere in the note (a word of it elsewhere, possessive or not).
    ("Faith and Lowell Guidry at home. Faith is the one who talks", [("name", "Faith"), ("name", "Faith")]),
    ("Dot and Lamar Fairley at home. Dot is the one who cooks", [("name", "Dot"), ("name", "Dot")]),
    ("his niece June stopped by, June's phone is 504-555-0143", [("name", "June"), ("name", "June")]),
    # A suffix after a name goes with it.
    ("Virgil Thibodeaux Jr. asked for tarps", [("name", "Virgil Thibodeaux Jr.")]),
    ("Alton Mayeux III said the ramp is gone", [("name", "Alton Mayeux III")]),
    # A family nickname before a name goes with it ("Mama Dot", "Nana Jo").
    ("Mama Dee turned 90 today", [("name", "Mama Dee")]),
    # Spanish cues of talking with someone, and a family named in the plural ("los Zavala").
    ("platicamos con Nacho un rato, y luego Nacho se fue", [("name", "Nacho"), ("name", "Nacho")]),
    ("el techo de los Zavala se cayó", [("name", "Zavala")]),
    ("ayudamos a la familia, la casa de los Orozco está mojada", [("name", "Orozco")]),
    # A Spanish given name that is also a noun, at the head of a sentence before "nació" or "trabaja".
    ("Soledad nació en Olancho y vive sola", [("name", "Soledad")]),
    # A given name that opens a note before a comma, in a note that carries someone's personal data.
    ("Esperanza, dob 4/9/1950, vive con su hija", [("name", "Esperanza")]),
    # Vietnamese birth-order names ("Chín", "Mười") after a kinship word, also in capitals.
    ("SỐ ĐIỆN THOẠI CỦA ÔNG MƯỜI LÀ 504 555 0182", [("name", "MƯỜI")]),
    ("nhà bà chín gần chợ", [("name", "chín")]),
    # A Vietnamese given name before a public place, with the everyday words between.
    ("nhà cô Út gần chợ Vietnamese Farmers Market", [("name", "Út")]),
    # A name after an address that ends with "St." is no saint.
    ("lives 802 Oak St. Dorsey said the dog is gone", [("address", "802 Oak St"), ("name", "Dorsey")]),
]

# Guards, kept as they were before this round: the words and numbers beside the new rules.
GUARD_CLEAN = [
    "call 311 about the tree on the wire",  # a hotline without a unit word before it
    "desde el 29 de 8 del 2005 no vuelven",  # a Spanish date of this century
    "back by 2:45. 31 houses, 12 needs logged",
    "ông bà ở gần chợ Hong Kong Food Market",
    "fueron a San Juan de los Lagos a rezar",  # "de los" after a place's name is no family
]
GUARD_PLANTED = [
    # A name after a place preposition stays a name when it is a given name, a possessive or a clear surname.
    ("we sat on Landreneau's porch an hour", [("name", "Landreneau")]),
    ("waiting on Keisha to call back", [("name", "Keisha")]),
    ("the tree fell on Thibodeaux last night", [("name", "Thibodeaux")]),
    ("Took water to Mr. Delmer Sykes. Delmer's knee is bad", [("name", "Delmer Sykes"), ("name", "Delmer")]),
    ("hablamos con Lencho en la puerta", [("name", "Lencho")]),
    # A rarer Spanish word that is a name only: after a cue or a title it stays a name, in lower case too.
    ("hablamos con abundio en la puerta", [("name", "abundio")]),
    ("la señora dayana vive sola", [("name", "dayana")]),
    ("house at 2710 Hwy 90, roof gone", [("address", "2710 Hwy 90")]),
    ("fuimos al centro Rosa y yo por el agua", [("name", "Rosa")]),  # "centro" leads no place's name
]


# Vietnamese digit words, which caught() does not read as digits: none of them may stay beside the number.
VIETNAMESE_DIGITS = [
    ("số an sinh bốn một bảy ba không tám sáu hai chín, ông Khang", "bốn một bảy ba không tám sáu hai chín"),
    ("số an sinh 7 chín 3, 2 năm, 4 4 1 6", "7 chín 3, 2 năm, 4 4 1 6"),
]
# Vietnamese digit words that are everyday words here: a year after "năm", a count of years, Thursday.
VIETNAMESE_WORDS = ["ông mất năm 1975, bà ở một mình", "cây xoài trồng 30 năm rồi", "thứ năm quay lại, hai ba người"]


@pytest.mark.parametrize(("note", "value"), VIETNAMESE_DIGITS)
def test_vietnamese_digit_words_of_a_number_go(note, value):
    result = scrub(note).text
    assert not any(word in result.split() for word in value.replace(",", " ").split()), result


@pytest.mark.parametrize("note", VIETNAMESE_WORDS)
def test_vietnamese_digit_words_alone_stay(note):
    assert scrub(note).text == note


@pytest.mark.parametrize("note", CLEAN + GUARD_CLEAN)
def test_clean_notes_are_kept(note):
    assert scrub(note).text == note


@pytest.mark.parametrize(("note", "pii"), PLANTED + GUARD_PLANTED)
def test_planted_values_go(note, pii):
    assert_caught(note, pii)
