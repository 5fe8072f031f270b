"""A labelled corpus of field notes, with and without PII, made from templates and realistic fragments.

Each note knows which PII it carries (kind and the exact text), so a test can
measure the scrubber's recall per kind and how often it alters a clean note.
The generator is seeded: the corpus is the same on every run.
"""
import random
from dataclasses import dataclass, field

SEED = 2005


@dataclass
class Note:
    """A field note and the PII planted in it: [(kind, value), ...]; empty for a clean note."""

    text: str
    pii: list = field(default_factory=list)


FIRST_NAMES = ["Maria", "Darnell", "Keisha", "Tyrell", "Ella", "Joseph", "Thanh", "Linh", "Rosa", "Andre",
               "Marguerite", "Clarence", "Shantell", "Ahmad", "Dolores", "Jean-Pierre", "Latoya", "Huong",
               "Beverly", "Terrence", "Yolanda", "Alcide", "Odile", "Reginald", "Carmen", "DeShawn", "Minh",
               "Earline", "Lionel", "Bernadette"]
LAST_NAMES = ["Boudreaux", "Thibodeaux", "Nguyen", "Washington", "Batiste", "Landry", "Robichaux", "Tran",
              "Fontenot", "Jackson", "Broussard", "Hebert", "Le", "Dupre", "Williams", "Guidry", "O'Neal",
              "Lopez", "Pham", "Arceneaux", "Marigny", "Castillo", "Melancon", "Toussaint"]
STREETS = ["Claiborne", "St. Claude", "Tchoupitoulas", "Magazine", "Elysian Fields", "Esplanade", "Galvez",
           "Louisa", "Desire", "Piety", "Franklin", "Gentilly", "Chef Menteur", "Almonaster", "Caffin",
           "Forstall", "Deslonde", "Dauphine", "Burgundy", "Saint Bernard", "Lamanche", "Reynes", "Flood",
           "Broad", "Carrollton", "Dumaine", "Mirabeau", "Paris", "Prytania", "Annunciation", "Oretha Castle Haley",
           "Jourdan", "Bartholomew", "Mazant", "Congress", "Independence", "Dryades", "Napoleon", "Tulane",
           "Lake Forest", "Read", "Crowder", "Bullard", "Morrison", "Hayne", "Robert E. Lee", "Filmore",
           "Harrison", "Canal", "Orleans"]
SUFFIXES = ["St", "St.", "Street", "Ave", "Ave.", "Avenue", "Blvd", "Blvd.", "Boulevard", "Rd", "Road", "Dr",
            "Drive", "Ct", "Pl", "Ln", "Hwy", "Pkwy"]
DIRECTIONS = ["N.", "S.", "N", "S", "North", "South", "E.", "W."]
UNITS = ["Apt 3", "Apt. B", "Unit 2", "#4", "Apt 12C", "upstairs unit", "Unit A", "Lot 7"]
AREA_CODES = ["504", "985", "225", "337", "601", "713", "832", "228", "404", "214"]
INTERNATIONAL = ["+44 20 7946 0958", "+52 55 1234 5678", "+84 28 3823 4567", "+504 2234-5678",
                 "+33 1 42 68 53 00", "+1 876 555 0182", "+49 30 901820", "+63 2 8527 8121",
                 "+57 1 3430000", "+502 2411 1111"]
MAIL_DOMAINS = ["gmail.com", "yahoo.com", "bellsouth.net", "cox.net", "hotmail.com", "aol.com", "tulane.edu",
                "earthlink.net"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Sept.", "Oct"]


def phone(rng: random.Random) -> str:
    """A phone number in one of the forms people write."""
    area, exchange, line = rng.choice(AREA_CODES), rng.randint(201, 989), rng.randint(0, 9999)
    forms = [f"{area}-{exchange}-{line:04d}", f"({area}) {exchange}-{line:04d}", f"{area}.{exchange}.{line:04d}",
             f"{area}{exchange}{line:04d}", f"{area} {exchange} {line:04d}", f"+1 {area} {exchange} {line:04d}",
             f"+1-{area}-{exchange}-{line:04d}", f"1-{area}-{exchange}-{line:04d}", f"{exchange}-{line:04d}",
             f"({area}){exchange}-{line:04d}", f"+1 ({area}) {exchange}-{line:04d}", rng.choice(INTERNATIONAL)]
    return rng.choice(forms)


def email(rng: random.Random) -> str:
    """An email address."""
    first, last = rng.choice(FIRST_NAMES).lower().replace("-", ""), rng.choice(LAST_NAMES).lower().replace("'", "")
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}{rng.randint(1, 99)}", f"{first}_{last}",
                        f"mama_{first}", f"{last}{rng.randint(1940, 2000)}", f"{first}+fema"])
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def ssn(rng: random.Random) -> str:
    """A Social Security number (the value; cues live in the templates)."""
    a, b, c = rng.randint(100, 899), rng.randint(10, 99), rng.randint(1000, 9999)
    return rng.choice([f"{a}-{b}-{c}", f"{a}-{b}-{c}", f"{a} {b} {c}"])


def address(rng: random.Random) -> str:
    """A street address: number, maybe a direction, street, suffix, maybe a unit."""
    parts = [str(rng.choice([rng.randint(100, 9999), rng.randint(10, 99), rng.randint(1000, 5999)]))]
    if rng.random() < 0.25:
        parts.append(rng.choice(DIRECTIONS))
    parts.append(rng.choice(STREETS))
    if rng.random() < 0.9:
        parts.append(rng.choice(SUFFIXES))
    text = " ".join(parts)
    if rng.random() < 0.25:
        text += rng.choice([" ", ", "]) + rng.choice(UNITS)
    return text


def dob(rng: random.Random) -> str:
    """A birth date in one of the forms people write."""
    year, month, day = rng.randint(1920, 2004), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{month}/{day}/{year}", f"{month:02d}/{day:02d}/{year % 100:02d}",
                       f"{rng.choice(MONTHS)} {day}, {year}", f"{year}-{month:02d}-{day:02d}",
                       f"{month}-{day}-{year}", f"{day} {rng.choice(MONTHS)} {year}"])


def plate(rng: random.Random) -> str:
    """A Louisiana-style licence plate."""
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
    digits = f"{rng.randint(0, 999):03d}"
    return rng.choice([f"{letters} {digits}", f"{digits} {letters}", f"{letters}{digits}", f"{letters}-{digits}",
                       f"{rng.randint(1, 9)}{letters[:2]}{rng.randint(10, 99)}", f"{digits}-{letters}"])


def person(rng: random.Random) -> str:
    """A first name, sometimes with a surname."""
    first = rng.choice(FIRST_NAMES)
    return f"{first} {rng.choice(LAST_NAMES)}" if rng.random() < 0.4 else first


def surname(rng: random.Random) -> str:
    """A surname (after Mr./Ms./Miss people mostly give one)."""
    return rng.choice(LAST_NAMES)


# Templates: {kind} slots are filled with PII of that kind; cues for names are in the template.
PII_TEMPLATES = [
    ("Spoke with the lady at {address}; asked us to call her daughter at {phone}.", ["address", "phone"]),
    ("Resident asked that FEMA call back on {phone}. Roof tarp needed.", ["phone"]),
    ("No answer. Neighbor says the family evacuated to Houston, cell {phone}.", ["phone"]),
    ("Her number is {phone} if the water truck comes by.", ["phone"]),
    ("Call {phone} (son in Baton Rouge) before coming back.", ["phone"]),
    ("Left a flyer. Wants a call at {phone} or {phone}.", ["phone", "phone"]),
    ("Gave us her email {email} for the FEMA paperwork help.", ["email"]),
    ("Daughter's email is {email}; she handles the insurance claim.", ["email"]),
    ("Send the form to {email} please.", ["email"]),
    ("He read out his SSN {ssn} for the FEMA form, told him not to share it.", ["ssn"]),
    ("Wanted help with the application, social security number {ssn}.", ["ssn"]),
    ("SSN: {ssn}. Needs a copy of the card.", ["ssn"]),
    ("She wrote her social {ssn} on the box, we covered it.", ["ssn"]),
    ("Family at {address} has 3 kids and no power.", ["address"]),
    ("Water to the second floor at {address}. Mold everywhere.", ["address"]),
    ("Older man living alone at {address}, needs insulin kept cold.", ["address"]),
    ("Moved in with her sister at {address}.", ["address"]),
    ("Check on {address} again Thursday, nobody home.", ["address"]),
    ("{address} - roof gone, family sleeping in the car.", ["address"]),
    ("Drop-off at {address} by the side gate.", ["address"]),
    ("Her name is {person}, she lost her husband in the storm.", ["name"]),
    ("His name is {person}; wants to talk to someone from his church.", ["name"]),
    ("Mr. {surname} sat with us on the porch for an hour.", ["name"]),
    ("Ms. {surname} needs her blood pressure pills.", ["name"]),
    ("Miss {first} has been cooking for the whole street.", ["name"]),
    ("Mrs. {surname} is worried about her grandson.", ["name"]),
    ("Talked with my son {first} about coming home.", ["name"]),
    ("Her son {first} is still missing since the Superdome.", ["name"]),
    ("His daughter {first} will pick up the water.", ["name"]),
    ("A man called {first} asked about the shelter.", ["name"]),
    ("Lady named {first} keeps the keys for the block.", ["name"]),
    ("Goes by {first}, lives with two dogs.", ["name"]),
    ("Neighbor's name is {person}, she checks on the old folks.", ["name"]),
    ("Her husband {first} has diabetes and no meds.", ["name"]),
    ("Asked for {first} at the church, she was not there.", ["name"]),
    ("DOB {dob}, needs a replacement ID.", ["dob"]),
    ("She was born {dob} and her Medicare card washed away.", ["dob"]),
    ("Date of birth: {dob}. Wants help with the SNAP form.", ["dob"]),
    ("Birthday is {dob}, turning 80, no family around.", ["dob"]),
    ("Truck with plate {plate} parked in front all week, looks abandoned.", ["plate"]),
    ("Suspicious car, license plate {plate}, told the staging area.", ["plate"]),
    ("Tag {plate} on the van that brought the generator.", ["plate"]),
    ("LA plate {plate}; owner wants to know where the car was towed.", ["plate"]),
    ("Mr. {surname} at {address} wants a call on {phone}.", ["name", "address", "phone"]),
    ("Her name is {person}, email {email}, lives at {address}.", ["name", "email", "address"]),
    ("Called {first} at {phone}, no answer yet.", ["name", "phone"]),
    ("Ms. {surname}, DOB {dob}, SSN {ssn}, needs FEMA help.", ["name", "dob", "ssn"]),
    ("My son {first} moved to {address}; reach him at {phone}.", ["name", "address", "phone"]),
]

CLEAN_FRAGMENTS = [
    "Roof tarp needed.", "Two adults and 3 kids staying with an aunt in Metairie.", "Back on 9/14 around 3 pm.",
    "Water line at 4 ft on the house.", "Referred to FEMA, form 90-69 started.", "Needs insulin, fridge out since Monday.",
    "Called 911 for the neighbor's fall.", "The 1200 block of Claiborne is under water past the underpass.",
    "Near St. Claude and Elysian Fields the debris is piled high.", "Red Cross truck came by at 10:30.",
    "Left 2 cases of water and 6 MREs.", "Grandmother worried about her meds.", "Dog needs food; 3 cats too.",
    "Spoke for 20 minutes, she cried, we listened.", "Mail not delivered in 70117 yet.",
    "Church on Franklin Ave is handing out ice.", "Forty years on this street, not leaving.",
    "Vietnamese speaker, son translates.", "Coming back from Houston on Sept 30.",
    "Generator in the yard, explained the carbon monoxide risk.", "Roof 50% gone.", "Needs a Medicaid card replaced.",
    "The Walgreens on Carrollton reopened.", "2nd floor dry, 1st floor gutted.", "Mold on the walls up to 3 ft.",
    "We will come back Thursday.", "Gave the crisis line number, 988.", "Bus 88 is not running yet.",
    "Called the Red Cross about a cot.", "No answer at 4 doors, left materials.", "Declined to talk, polite.",
    "House marked with the X: 9/12 TFW 0.", "Power out, Entergy says 2 weeks.", "Asked about Catholic Charities.",
    "Lost everything but the photos upstairs.", "Both of them coping well, thankful.", "Kids back in school Monday.",
    "Needs help with the insurance paperwork.", "Elderly couple, no car, needs a ride to Ochsner.",
    "Blue tarp on the roof of the corner house.", "Trash pickup has not come to this block.",
    "About 15 families still on the block.", "Drinking water from the shelter on Canal.",
    "We sat on the steps and talked about the storm.", "Asked us to pray with her; we listened.",
    "Son is in the National Guard, deployed.", "Boil water advice explained.", "Needs cleanup crew, 1 week of work.",
    "Brought 12 bags of ice.", "Ward 9 meeting at 6 pm Tuesday.", "Felt safe, street is quiet.",
    "Left materials on the porch at 11 am.", "He keeps reliving the night on the roof.",
    "Can't sleep, jumpy at loud noises.", "Sister drowned in the Lower 9th; grieving.",
    "The shelter at the Convention Center closed.", "Salvation Army van comes on Wednesdays.",
    "Common Ground clinic can see her tomorrow.", "Has a 2004 Corolla that flooded.",
    "Route 39 bus back on St. Claude.", "Needs a phone charger; battery dead for 3 days.",
    "Mama cooks for 8 people now.", "Dr. appointment missed, needs a ride next week.",
    "Storm came through 8/29, water stayed 3 weeks.", "Checked 14 houses, 5 with people.",
    "Hwy 90 still closed at the bridge.", "Room for 2 more at the church shelter.",
    "Asked for the Spanish flyer.", "I-10 traffic heavy, took Chef Menteur instead.",
    "Our pair took a break at noon.", "Debris pile 6 ft high on the neutral ground.",
    # Traps: cues, capitals, dates and numbers that are not PII.
    "Called FEMA twice, on hold 2 hours.", "Her son is 12 and scared of rain.", "Named the new puppy after the storm.",
    "Dr. appointment at Tulane on 10/3.", "Came home 10/3/2005 to a gutted house.", "Needs St. Claude Ave cleared.",
    "My daughter is with her in Atlanta.",
    "Asked for the Red Cross van.", "Goes by the shelter every morning.", "Called the church office.",
    "Her husband is in Charity Hospital.", "Food bank on Franklin Ave opens at 9.", "3 St. Bernard families on the block.",
    "Rent is $650, landlord wants it anyway.", "Case number pending with FEMA.", "Ate at 5:30, meds at 6.",
    "The 400 block of Desire has no power.", "Near 2nd St and Magazine the water receded.", "Called 211 for food stamps.",
    "Born and raised in the Seventh Ward.", "Lost the car plate in the flood, needs DMV help.",
    "Tag on the fridge says do not open.", "Their son is fine, in Dallas.",
    "Zone 4 crew came through at 8:15.", "Water at 9 ft in 2005, 2 ft in 1965.", "Needs 20 lbs of dog food.",
]

# Written by hand, not from templates: the forms a tired volunteer really types.
HANDWRITTEN = [
    Note("lady at 2417 n claiborne ave apt 2 says call her 504 330 2211",
         [("address", "2417 n claiborne ave"), ("phone", "504 330 2211")]),
    Note("Mr Batiste wants his meds. number is 985-643-0077", [("name", "Batiste"), ("phone", "985-643-0077")]),
    Note("left msg for daughter (she's called Antoinette) re: insulin", [("name", "Antoinette")]),
    Note("email fema help to rjohnson1950@bellsouth.net", [("email", "rjohnson1950@bellsouth.net")]),
    Note("ssn 437-88-1290 written on door, we painted over it", [("ssn", "437-88-1290")]),
    Note("2 kids, mom, grandma at 1813 Reynes St. Needs water asap", [("address", "1813 Reynes St")]),
    Note("Miss Gloria on the corner asks for ice every day", [("name", "Gloria")]),
    Note("found 5527 Chef Menteur Hwy gutted, nobody", [("address", "5527 Chef Menteur Hwy")]),
    Note("his name's Reggie, vet, PTSD flaring", [("name", "Reggie")]),
    Note("cell +1 (225) 615-9034 brother in Baton Rouge", [("phone", "+1 (225) 615-9034")]),
    Note("Ms. LeBlanc DOB 04/22/1931 needs oxygen", [("name", "LeBlanc"), ("dob", "04/22/1931")]),
    Note("moved to 3020 Gentilly Blvd #B with cousin", [("address", "3020 Gentilly Blvd #B")]),
    Note("call back 5048881234 after 5", [("phone", "5048881234")]),
    Note("her sister in Honduras +504 9988-7766 wants news", [("phone", "+504 9988-7766")]),
    Note("plate LA 482 BTR on abandoned truck", [("plate", "482 BTR")]),
    Note("Mrs. Nguyen Thi Lan at 14320 Chef Menteur Hwy, Vietnamese only",
         [("name", "Nguyen Thi"), ("address", "14320 Chef Menteur Hwy")]),
    Note("my son Marcus went to get gas, back soon", [("name", "Marcus")]),
    Note("she's at 615 Poydras St Ste 300 most days (office)", [("address", "615 Poydras St Ste 300")]),
    Note("texted from 337.291.4410, wants tarp", [("phone", "337.291.4410")]),
    Note("Tchoupitoulas St bad; family at 4500 Tchoupitoulas St needs cleanup",
         [("address", "4500 Tchoupitoulas St")]),
    Note("grandma born 12/25/1927 still in her house", [("dob", "12/25/1927")]),
    Note("asked us to email her at keisha.b@yahoo.com with shelter list", [("email", "keisha.b@yahoo.com")]),
    Note("man named Terrence Fontenot at 2311 Louisa, needs insulin",
         [("name", "Terrence Fontenot"), ("address", "2311 Louisa")]),
    Note("left note at 1012 Piety St for Ms. Ruth", [("address", "1012 Piety St"), ("name", "Ruth")]),
    Note("social security no. 512 44 9081, lost card", [("ssn", "512 44 9081")]),
    Note("Roof gone at 7700 Read Blvd; nobody home", [("address", "7700 Read Blvd")]),
    Note("her nephew Dwayne can take her to clinic, 504-908-1133", [("name", "Dwayne"), ("phone", "504-908-1133")]),
    Note("she asked for Pastor Williams", [("name", "Pastor Williams")]),
    Note("Talked about the storm, her house at 2216 St. Roch Ave flooded", [("address", "2216 St. Roch Ave")]),
    Note("Red truck tag 7KD-419 blocking the street", [("plate", "7KD-419")]),
]



def clean_note(rng: random.Random) -> Note:
    """A note with no PII: two to four everyday fragments."""
    return Note(" ".join(rng.sample(CLEAN_FRAGMENTS, rng.randint(2, 4))))


def pii_note(rng: random.Random, template: str, kinds: list) -> Note:
    """Fill a template's slots, keeping a label per planted value; sometimes add a clean fragment."""
    makers = {"phone": phone, "email": email, "ssn": ssn, "address": address, "dob": dob, "plate": plate,
              "person": person, "surname": surname, "first": lambda r: r.choice(FIRST_NAMES)}
    text, pii = template, []
    slot_kind = {"person": "name", "surname": "name", "first": "name"}
    while "{" in text:
        start = text.index("{")
        slot = text[start + 1:text.index("}", start)]
        value = makers[slot](rng)
        pii.append((slot_kind.get(slot, slot), value))
        text = text[:start] + value + text[start + len(slot) + 2:]
    assert sorted(kind for kind, _ in pii) == sorted(kinds), template
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(CLEAN_FRAGMENTS)}" if rng.random() < 0.5 else f"{rng.choice(CLEAN_FRAGMENTS)} {text}"
    return Note(text, pii)


def corpus(pii_notes: int = 260, clean_notes: int = 200) -> list[Note]:
    """The labelled corpus: every template several times, then clean notes."""
    rng = random.Random(SEED)
    notes = [pii_note(rng, *PII_TEMPLATES[i % len(PII_TEMPLATES)]) for i in range(pii_notes)]
    notes += [clean_note(rng) for _ in range(clean_notes)]
    return notes + HANDWRITTEN


# The tuning part for the detectors of issue 15: the issue's own examples and variants of them, in en/es/vi.
# The held-out part (privacy_heldout.py) was written before these detectors and is never tuned on.
TUNING = [
    # Phone numbers spelled out or mixed.
    Note("five oh four, five five five, oh one nine nine is her number",
         [("phone", "five oh four, five five five, oh one nine nine")]),
    Note("call 504 five five five 0199 after noon", [("phone", "504 five five five 0199")]),
    Note("son's cell nine eight five, three three three, one two one two", [("phone", "nine eight five, three three three, one two one two")]),
    Note("said her number is two two five six one two four four eight one", [("phone", "two two five six one two four four eight one")]),
    Note("number 504-five five five-0123", [("phone", "504-five five five-0123")]),
    Note("su número es cinco cero cuatro cinco cinco cinco cero uno nueve nueve",
         [("phone", "cinco cero cuatro cinco cinco cinco cero uno nueve nueve")]),
    Note("teléfono 504 555 0199, llamar en la tarde", [("phone", "504 555 0199")]),
    Note("số điện thoại năm không bốn, năm năm năm, không một chín chín",
         [("phone", "năm không bốn, năm năm năm, không một chín chín")]),
    Note("gọi số 504-555-0188 buổi sáng", [("phone", "504-555-0188")]),
    # Intersections and corners.
    Note("the yellow house at Tupelo and N Claiborne has a tarp", [("address", "Tupelo and N Claiborne")]),
    Note("corner of Flood and N Roman, white house", [("address", "Flood and N Roman")]),
    Note("lives on the corner of Louisa & Marais", [("address", "Louisa & Marais")]),
    Note("she stays at St. Claude and Desire, upstairs", [("address", "St. Claude and Desire")]),
    Note("at the corner of Piety St and Dauphine St the lady needs ice", [("address", "Piety St and Dauphine St")]),
    Note("vive en la esquina de Tupelo y Galvez", [("address", "Tupelo y Galvez")]),
    Note("nhà ở góc đường Alcee Fortier và Chef Menteur", [("address", "Alcee Fortier và Chef Menteur")]),
    # Names without cue words.
    Note("Odile Fontenot needs her insulin kept cold", [("name", "Odile Fontenot")]),
    Note("talked with Keisha Broussard on the porch", [("name", "Keisha Broussard")]),
    Note("Clarence Batiste and his wife are staying", [("name", "Clarence Batiste")]),
    Note("checked on Bernadette Guidry, doing better", [("name", "Bernadette Guidry")]),
    Note("Nguyễn Thị Lan sống một mình", [("name", "Nguyễn Thị Lan")]),
    Note("José Luis Castillo necesita medicinas", [("name", "José Luis Castillo")]),
    # Titles and initials.
    Note("she asked for Pastor Jenkins", [("name", "Jenkins")]),
    Note("Deacon Broussard brings meals on Sunday", [("name", "Broussard")]),
    Note("Rev. Thibodeaux came with water", [("name", "Thibodeaux")]),
    Note("Father Landry blessed the house", [("name", "Landry")]),
    Note("Sister Marie Therese from the parish", [("name", "Marie Therese")]),
    Note("Brother Alcide helps with the roof", [("name", "Alcide")]),
    Note("Miss Earline cooks for the block", [("name", "Earline")]),
    Note("Dr. Okafor at the clinic saw her", [("name", "Okafor")]),
    Note("Officer Melancon checked the house", [("name", "Melancon")]),
    Note("T. Landry wants a callback", [("name", "T. Landry")]),
    Note("left the flyer with R. Hebert", [("name", "R. Hebert")]),
    # Health and government ids.
    Note("Medicare number 1EG4-TE5-MK73 on the card", [("id", "1EG4-TE5-MK73")]),
    Note("MBI 1EG4TE5MK73 for the pharmacy", [("id", "1EG4TE5MK73")]),
    Note("old medicare card 437-88-1290A washed away", [("id", "437-88-1290A")]),
    Note("Medicaid ID 1234567890123 lost", [("id", "1234567890123")]),
    Note("driver's licence LA 009876543", [("id", "LA 009876543")]),
    Note("his license is LA 009876543, expired", [("id", "LA 009876543")]),
    Note("FEMA registration 931-445-221, appeal pending", [("id", "931-445-221")]),
    Note("FEMA # 912345678 for the inspector", [("id", "912345678")]),
    Note("SSN 437-88-1290 on the form", [("ssn", "437-88-1290")]),
    Note("seguro social 437 88 1290", [("ssn", "437 88 1290")]),
    # Coordinates.
    Note("lat 29.9671 lon -90.0312 is the trailer", [("gps", "29.9671 lon -90.0312")]),
    Note("29.9671, -90.0312 back of the lot", [("gps", "29.9671, -90.0312")]),
    Note("gps: 29.96712,-90.03121", [("gps", "29.96712,-90.03121")]),
    Note("coordinates 29°57'41\"N 90°03'12\"W", [("gps", "29°57'41\"N 90°03'12\"W")]),
    # Emails, obfuscated or with invisible characters.
    Note("email jolene.parker\u200b@gmail.com", [("email", "jolene.parker\u200b@gmail.com")]),
    Note("dee at proton dot me for the forms", [("email", "dee at proton dot me")]),
    Note("her email is keisha (at) yahoo (dot) com", [("email", "keisha (at) yahoo (dot) com")]),
    Note("write ray [at] cox [dot] net", [("email", "ray [at] cox [dot] net")]),
    Note("correo rosa arroba gmail punto com", [("email", "rosa arroba gmail punto com")]),
    Note("ｋａｙ＠ｇｍａｉｌ．ｃｏｍ sent the list", [("email", "ｋａｙ＠ｇｍａｉｌ．ｃｏｍ")]),
    # Lower-case and Spanish/Vietnamese addresses.
    Note("lives at 2417 galvez", [("address", "2417 galvez")]),
    Note("went to 1813 reynes st", [("address", "1813 reynes st")]),
    Note("staying at 2218 st claude with her son", [("address", "2218 st claude")]),
    Note("lives at 2417 Galves, blue house", [("address", "2417 Galves")]),
    Note("moved to 1814 N Prier with her son", [("address", "1814 N Prier")]),
    Note("vive en 1420 calle Piety", [("address", "1420 calle Piety")]),
    Note("vive en la calle Desire 2214", [("address", "calle Desire 2214")]),
    Note("sống ở 5527 đường Chef Menteur", [("address", "5527 đường Chef Menteur")]),
    # Dates of birth written out.
    Note("born in 1952 on march 14", [("dob", "1952 on march 14")]),
    Note("DOB 3/14/52 on the bottle", [("dob", "3/14/52")]),
    Note("born on the 14th of march 1952", [("dob", "14th of march 1952")]),
    Note("born March 14th, 1952", [("dob", "March 14th, 1952")]),
    Note("fecha de nacimiento 14/03/1952", [("dob", "14/03/1952")]),
    Note("nació el 14 de marzo de 1952", [("dob", "14 de marzo de 1952")]),
    Note("ngày sinh 14/3/1952", [("dob", "14/3/1952")]),
    # Name labels, lower-case titles, titles without a space, relation + name.
    Note("Name: Jolene Parker", [("name", "Jolene Parker")]),
    Note("mrs boudreaux wants a tarp", [("name", "boudreaux")]),
    Note("Ms.Tran needs rice", [("name", "Tran")]),
    Note("husband Ray is sick", [("name", "Ray")]),
    Note("daughter Shantell is in Houston", [("name", "Shantell")]),
    Note("se llama Carmen y tiene diabetes", [("name", "Carmen")]),
    Note("su nombre es Andrés Pérez", [("name", "Andrés Pérez")]),
    Note("la señora Castillo vive sola", [("name", "Castillo")]),
    Note("su hija Rocío trabaja en Houston", [("name", "Rocío")]),
    Note("tên là Nguyễn Văn Hùng", [("name", "Nguyễn Văn Hùng")]),
    Note("bà Lan cần thuốc huyết áp", [("name", "Lan")]),
    Note("con trai tên Tuấn ở Houston", [("name", "Tuấn")]),
    Note("her name is keisha broussard, typed fast", [("name", "keisha broussard")]),
    Note("se llama rosa y vive sola", [("name", "rosa")]),
    Note("Terrence F. wants ice", [("name", "Terrence F.")]),
    Note("Nombre: Xiomara Quintero, 2 niños", [("name", "Xiomara Quintero")]),
    Note("tên: Lan, cần gạo", [("name", "Lan")]),
    Note("Name:Dorothea Zeringue", [("name", "Dorothea Zeringue")]),
    # Plates in Spanish and Vietnamese.
    Note("placa TXR 441 en el carro blanco", [("plate", "TXR 441")]),
    Note("biển số xe 7KD 419 đậu trước nhà", [("plate", "7KD 419")]),
    # Clean notes, the and more: public places, streets alone, words that are also names.
    Note("May need insulin"),
    Note("Claiborne overpass flooded"),
    Note("the 1200 block of Flood has no power"),
    Note("needs 2 cases of water"),
    Note("Claiborne Ave Baptist Church is giving out water"),
    Note("St. Claude Ave is blocked"),
    Note("Grace Church on Elysian Fields has cots"),
    Note("Will come back Tuesday"),
    Note("Hope Street is dry"),
    Note("Faith and family keep her going"),
    Note("Joy Theater is a cooling center"),
    Note("Mark the house for the crew"),
    Note("Rose early to meet us"),
    Note("Mary Queen of Vietnam Church has food"),
    Note("Martin Luther King Blvd is flooded"),
    Note("Oretha Castle Haley Blvd has a water station"),
    Note("Xavier University shelter is full"),
    Note("Charity Hospital closed"),
    Note("Near St. Claude and Elysian Fields the debris is piled high"),
    Note("Monday and Friday the van comes"),
    Note("In June the roof was fixed"),
    Note("needs water, ice, diapers and a tarp"),
    Note("Sister parish in Baton Rouge sent a truck"),
    Note("Brother and sister both coping"),
    Note("Father's day was hard for him"),
    Note("Officer said the road is closed"),
    Note("N. Claiborne is under water"),
    Note("The corner store on Galvez reopened"),
    Note("at the corner of the block the water is high"),
    Note("Lower 9th Ward still has no power"),
    Note("Necesita hielo y agua"),
    Note("La señora necesita ayuda con FEMA"),
    Note("Cần gạo và nước"),
    Note("Ông ấy cần thuốc"),
    Note("FEMA form 90-69 started"),
    Note("Case number pending with FEMA"),
    Note("Water 3 ft, fever 100.4"),
    Note("Back at 10:30 on 9/14"),
    Note("3 St. Bernard families on the block"),
    Note("Route 39 bus back on St. Claude"),
    Note("Back at 1030 Monday with the second pair"),
    Note("Water came up to 1200 FEMA trailers"),
    Note("Named after the storm, the puppy is doing fine"),
    Note("her name is on the FEMA list"),
    Note("Nurse Practitioner came by at noon"),
    Note("Deputy Sheriff closed the road"),
]


def tuning() -> list[Note]:
    """The notes the issue-15 detectors were tuned on (the original corpus is tuned on as well)."""
    return TUNING
