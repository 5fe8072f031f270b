"""Word lists the detectors share: streets, public places, titles, and first names and surnames.

First names and surnames come from the US Census 1990 frequency lists that the
`names` package ships (public data; 5,163 first names, 88,799 surnames), read
once at import, plus the Louisiana, Vietnamese and Spanish names they lack.
"""
import unicodedata
from functools import cache, lru_cache
from importlib import resources

# Street suffixes (USPS abbreviations and the forms people write).
SUFFIXES = {"st", "street", "ave", "av", "avenue", "blvd", "boulevard", "rd", "road", "dr", "drive", "ct",
            "court", "pl", "place", "ln", "lane", "hwy", "highway", "way", "pkwy", "parkway", "ter", "terrace",
            "cir", "circle", "sq", "square", "aly", "alley", "row", "walk", "trl", "trail", "expy", "hwy."}
# New Orleans streets people name without a suffix ("lives at 2200 Claiborne").
NOLA_STREETS = {
    "claiborne", "tchoupitoulas", "magazine", "broad", "carrollton", "esplanade", "rampart", "galvez",
    "gentilly", "franklin", "louisa", "desire", "piety", "chartres", "royal", "decatur", "dauphine",
    "burgundy", "bourbon", "frenchmen", "almonaster", "forstall", "caffin", "lamanche", "reynes",
    "deslonde", "egania", "flood", "dumaine", "mirabeau", "elysian", "claude", "bernard", "poydras",
    "napoleon", "tulane", "canal", "freret", "dryades", "oretha", "simon", "bolivar", "lasalle",
    "annunciation", "constance", "laurel", "prytania", "coliseum", "camp", "baronne", "dorgenois",
    "tonti", "miro", "johnson", "roman", "prieur", "derbigny", "robertson", "villere", "marais",
    "urquhart", "law", "feliciana", "music", "arts", "pauline", "congress", "independence", "alvar",
    "bartholomew", "mazant", "clouet", "montegut", "kentucky", "tennessee", "florida", "jourdan",
    "chef", "morrison", "read", "crowder", "bullard", "hayne", "lake", "forest", "downman", "dwyer",
    "paris", "filmore", "harrison", "banks", "palmyra", "gravier", "perdido", "orleans",
    "ursulines", "governor", "barracks", "hospital", "kerlerec", "columbus", "laharpe", "lapeyrouse",
    "pleasure", "humanity", "abundance", "treasure", "agriculture", "industry", "st", "saint",
    "tupelo", "alcee", "fortier", "roch", "allen", "st.", "north", "south", "gallier", "japonica",
    "benefit", "arabella", "jena", "marengo", "general", "earhart", "washington", "louisiana",
}
# Streets and public places named like a person ("Oretha Castle Haley", "Mary Queen of Vietnam").
NAMED_PLACES = {
    "mary queen", "john mcdonogh", "sojourner truth", "mahalia jackson", "fats domino", "louis armstrong",
    "frederick douglass", "andrew jackson", "joan of arc", "our lady", "ernest morial", "ernest n. morial",
    "warren easton", "john f. kennedy", "edna karr", "oretha castle haley", "robert e. lee", "martin luther king",
    "elysian fields", "chef menteur", "lake forest", "jefferson davis", "general taylor", "general pershing",
    "simon bolivar", "alcee fortier", "saint claude", "saint bernard", "st. claude", "st. bernard", "st. roch",
    "old gentilly",
}
DIRECTIONS = {"n", "s", "e", "w", "n.", "s.", "e.", "w.", "north", "south", "east", "west"}
# Words after a cue that are not people; organisations, places, days and plain words.
NOT_NAMES = {
    "FEMA", "Red", "Cross", "Salvation", "Army", "Catholic", "Charities", "Entergy", "Sewerage", "Water",
    "Board", "Coast", "Guard", "National", "Police", "NOPD", "EMS", "The", "A", "An", "He", "She", "They",
    "It", "His", "Her", "Their", "Is", "Was", "Has", "Had", "Will", "Would", "And", "But", "Said", "Says",
    "Back", "Today", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Charity", "Hospital", "Church", "Shelter", "Convention", "Center", "Superdome", "Dome",
    "Team", "Pair", "United", "Way", "Second", "Harvest", "Ochsner", "Tulane", "Baptist", "Mercy",
    "Common", "Ground", "Crisis", "Line", "I", "We", "You", "Not", "No", "Yes", "Ok", "OK", "Also",
    "Okay", "Needs", "Needed", "Wants", "Asked", "Again", "Later", "Here", "There", "Home", "Insurance",
    "Medicaid", "Medicare", "SNAP", "WIC", "Walgreens", "CVS", "Winn-Dixie", "Rouses", "Schwegmann",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Came", "Come", "Went", "Called", "Told", "Can", "Could",
    "Should", "Did", "Does", "Do", "Are", "Be", "Been", "Then", "Now", "When", "Where", "Who",
    "Why", "How", "What", "This", "That", "These", "Those", "My", "Our", "Your", "Me", "Him", "Us", "Them",
    "Of", "For", "From", "With", "To", "At", "On", "In", "By", "Or", "If", "So", "As", "Up", "Out",
    # Roles after a title word ("Nurse Practitioner", "Deputy Sheriff", "Chief Medical").
    "Practitioner", "Sheriff", "Marshal", "Medical", "Officer", "Deputy", "Chief", "General", "Aide", "Staff",
}
# Words that make a run of capitalised words a public place or organisation, not a person.
PLACE_WORDS = {
    "church", "school", "high", "elementary", "middle", "academy", "charter", "college", "university",
    "center", "centre", "park", "library", "hospital", "clinic", "shelter", "market", "store", "bank",
    "chapel", "temple", "ministries", "ministry", "parish", "cathedral", "mosque", "synagogue", "baptist",
    "methodist", "catholic", "lutheran", "episcopal", "tabernacle", "fellowship", "mission", "foundation",
    "bridge", "canal", "levee", "station", "pharmacy", "pantry", "kitchen", "bakery", "cafe", "restaurant",
    "bar", "grocery", "supermarket", "theater", "theatre", "stadium", "arena", "building", "apartments",
    "homes", "tower", "towers", "plaza", "mall", "memorial", "cemetery", "hall", "lodge", "club", "union",
    "community", "recreation", "rec", "playground", "field", "fields", "gym", "pool", "co", "inc",
    "llc", "company", "corp", "services", "depot", "hardware", "motors", "auto", "fire", "department",
    "dept", "office", "court", "courthouse", "jail", "prison", "airport", "terminal", "port", "marina",
    "iglesia", "escuela", "parroquia", "nhà", "chùa", "trường",
}
# Titles and honorifics that put a name after them ("Pastor Jenkins", "Officer Pellerin", "Bà Hoa").
TITLES = ["Mr", "Mrs", "Ms", "Mz", "Miss", "Mister", "Dr", "Doctor", "Rev", "Reverend", "Pastor", "Deacon",
          "Deaconess", "Elder", "Bishop", "Minister", "Father", "Fr", "Sister", "Sr", "Brother", "Br", "Mother",
          "Mama", "Nana", "Papa", "Uncle", "Aunt", "Auntie", "Tante", "Nanny", "Granny", "Mme", "Mlle", "Madame",
          "Monsieur", "Officer", "Ofc", "Sgt", "Sergeant", "Deputy", "Detective", "Det", "Lt", "Captain", "Capt",
          "Chief", "Coach", "Nurse", "Judge", "Professor", "Prof", "Councilman", "Councilwoman", "Don", "Doña",
          "Señor", "Señora", "Señorita", "Sra", "Srta", "Tío", "Tía", "Abuela", "Abuelo", "Bà", "Ông", "Cô",
          "Chú", "Bác", "Anh", "Chị", "Cụ", "Thầy"]
# Vietnamese family names (most Vietnamese people carry one of these), without tone marks.
VIETNAMESE_SURNAMES = {"nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
                       "do", "ho", "ngo", "duong", "ly", "truong", "dinh", "lam", "mai", "trinh", "cao",
                       "luong", "ta", "quach", "luu", "doan", "vuong", "thai", "ha", "kieu", "la"}
# First names the 1990 Census list lacks but New Orleans notes carry (Creole, Cajun, Vietnamese, Spanish).
EXTRA_FIRST_NAMES = {
    "odile", "alcide", "antoinette", "celestine", "clotilde", "delphine", "eulalie", "fabien", "ferdinand",
    "honore", "lucien", "marcel", "octave", "ovide", "philomene", "remy", "theophile", "ursin", "yvette",
    "tavion", "tyrell", "deshawn", "jamal", "latoya", "shantell", "tremaine", "keyshawn", "dajuan",
    "thanh", "linh", "huong", "minh", "tuan", "hung", "hoa", "lan", "mai", "thu", "ngoc", "phuong", "trang",
    "hieu", "quang", "duc", "khanh", "vinh", "long", "nam", "son", "anh", "binh", "dung", "hai", "hanh",
    "jose", "maria", "jesus", "guadalupe", "rocio", "yesenia", "alejandro", "raul", "ramon", "lupe",
}
# First names that are also everyday words: at the start of a sentence they are read as words.
WORDLIKE_FIRST_NAMES = {
    "may", "june", "april", "august", "grace", "hope", "faith", "joy", "rose", "mark", "will", "drew", "ward",
    "king", "queen", "forest", "young", "long", "bill", "art", "guy", "sue", "pat", "rich", "sunny", "summer",
    "dawn", "crystal", "harmony", "jack", "frank", "earnest", "ernest", "chase", "hunter", "major", "page",
    "price", "rusty", "sandy", "son", "nam", "anh", "hai", "van", "lan", "autumn", "star", "iris", "ivy",
    "lily", "daisy", "holly", "penny", "ruby", "pearl", "opal", "jewel", "misty", "stormy", "windy", "rocky",
}


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Lower case without accents or tone marks, for looking a word up ("Trần" -> "tran")."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _shares(name: str) -> dict[str, float]:
    """Each name of one of the Census lists the `names` package ships, lower case, with its share of people."""
    table: dict[str, float] = {}
    for line in resources.files("names").joinpath(name).read_text().splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2:
            table[parts[0].lower()] = float(parts[1]) / 100
    return table


@cache
def census_shares() -> tuple[dict[str, float], dict[str, float]]:
    """The Census first names (female and male lists merged) and surnames, each with its share of people."""
    first = _shares("dist.female.first")
    for name, share in _shares("dist.male.first").items():
        first[name] = max(share, first.get(name, 0.0))
    return first, _shares("dist.all.last")


@cache
def first_names() -> frozenset[str]:
    """Folded first names: the Census lists and the names they lack."""
    return frozenset(census_shares()[0].keys() | EXTRA_FIRST_NAMES)


@cache
def surnames() -> frozenset[str]:
    """Folded surnames: the Census list and Vietnamese family names."""
    return frozenset(census_shares()[1].keys() | VIETNAMESE_SURNAMES)


def _upper_letters() -> str:
    """Every upper-case Latin letter, Vietnamese ones included, for a regex class (`re` has no \\p{Lu})."""
    ranges = (range(0x41, 0x250), range(0x1E00, 0x1F00))
    return "".join(chr(code) for codes in ranges for code in codes if chr(code).isupper())


UPPER = _upper_letters()
# A capitalised word in any of the field languages: "Claiborne", "Trần", "O'Neal", "Jean-Pierre".
CAPITALISED = rf"[{UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)?"
