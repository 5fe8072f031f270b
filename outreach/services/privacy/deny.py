"""Deny by default: every word and number the detectors left is kept only when it is known to be safe.

The detectors (contact, identifiers, places, people) find the PII they know
the shape of and label it. This pass reads what they left, token by token:
- a word is kept when it is a safe word (vocabulary.py) and its context does
  not make it a name (after a title, a relation, "named", "spoke with", "call
  him", a Vietnamese kinship word, also in Vietnamese typed without marks,
  "the X family" / "familia X" / "gia đình X", at the head of "X said", "X
  fell", "X is 84", before a name or joined to one by "and", capitalised
  inside a sentence, a doubled nickname "Tee-Tee", a nickname prefix "Big", a
  common surname after a given name in a note with no case); anything else
  becomes [name];
- a run of digits, however separated (dots, slashes, dashes, spaces between
  every digit, a letter O for a zero, "dash" or "guion" spelled) or spelled
  out in English or Spanish, is kept only when it is a small count, a time,
  money, a dose, a temperature, a blood pressure, a year, a recent date, a
  block ("the 1200 block of"), a hotline or a public toll-free line; next to
  a street ("Gov Nicholls", "de la calle Piety", "Piety # 1519") or after
  "house #", "lot", "room", "apartado" it is an address; anything else
  becomes [number] (or [phone], [ssn], [dob], [gps] by shape);
- a token of letters and digits with three digits or more is an [id].
Public places (a name before "School" or after "parque", "trường", "chợ",
"St."), bus routes ("the 55 Elysian Fields bus", "la ruta 88", "took the 94
Broad") and government websites are found first and never redacted, whichever
detector read them as a person or an address.

Most words are decided without a call (word_spans' fast paths): a plain word
(no name), and a safe word no cue stands beside (quiet()); a note made of such
words only (all_plain) builds no token at all.
"""
import bisect
import re
from functools import lru_cache

from .contact import EMAIL
from .lexicon import (
    DIRECTIONS,
    NAMED_PLACES,
    NOLA_STREETS,
    SUFFIXES,
    TITLES,
    VIETNAMESE_SURNAMES,
    census_shares,
    first_names,
    fold,
    surnames,
)
from .spans import Span, capitals, digit_count, has_word, settle, state_code
from .vocabulary import (
    COMMON_WORDS,
    COMPOUND_PARTS,
    ENGLISH_WORD_NAMES,
    EVERYDAY_NAMES,
    LOWER_SAFE,
    MARKED_PLAIN,
    MORE_STREETS,
    NAMES,
    PLAIN_WORDS,
    PUBLIC_PLACES,
    PUBLIC_TERMS,
    SAFE_WORDS,
    SOUTH_TOWNS,
    SOUTH_TOWNS_NAMED,
    TOP_WORDS,
    VIETNAMESE_GIVEN,
)

# A token: letters and digits, with inner apostrophes ("don't", "O'Neal").
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# TOKEN as it reads lower-case ASCII text.
ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# The characters ASCII_TOKEN's tokens are made of; every other byte becomes a space (ascii_tokens).
ASCII_TOKEN_ONLY = bytes(code if chr(code) in "abcdefghijklmnopqrstuvwxyz0123456789'" else 32 for code in range(256))
# Digits, with a letter O or o standing for a zero between or beside them ("5O4", "O134").
DIGITS = re.compile(r"[Oo]*\d[\dOo]*")
# What may stand between two pieces of one number: a mark and spaces, or a thousands comma.
NUMBER_GAP = re.compile(r"[ \t]{0,2}[-./–—_:()+#*]?[ \t]{0,2}|,(?=\d{3}\b)")
# Between spelled-out pieces of one number people put commas and dashes: "five oh four, two two one".
WORD_GAP = re.compile(r"\s{0,2}[,;-]?\s{0,2}")
SENTENCE_END = ".!?;:\n\"“(…"

UNITS = {"meq", "am", "pm", "a", "p", "mg", "ml", "mcg", "kg", "g", "lb", "lbs", "oz", "ft", "in", "hr", "hrs", "h",
         "min", "mins", "yr", "yrs", "yo", "y", "st", "nd", "rd", "th", "s", "k", "x", "f", "c", "u", "ct", "pk",
         "gal", "cc", "mmhg", "mph", "pcs", "pc", "cm", "mm", "km", "m", "mi", "units", "iu", "am.", "ish"}
NUMBER_WORDS = {
    "zero": 1, "oh": 1, "o": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1, "six": 1, "seven": 1,
    "eight": 1, "nine": 1, "ten": 2, "eleven": 2, "twelve": 2, "thirteen": 2, "fourteen": 2, "fifteen": 2,
    "sixteen": 2, "seventeen": 2, "eighteen": 2, "nineteen": 2, "twenty": 2, "thirty": 2, "forty": 2,
    "fifty": 2, "sixty": 2, "seventy": 2, "eighty": 2, "ninety": 2, "hundred": 0, "thousand": 0,
    "cero": 1, "uno": 1, "una": 1, "dos": 1, "tres": 1, "cuatro": 1, "cinco": 1, "seis": 1, "siete": 1,
    "ocho": 1, "nueve": 1, "diez": 2, "once": 2, "doce": 2, "trece": 2, "catorce": 2, "quince": 2,
    "dieciséis": 2, "dieciseis": 2, "diecisiete": 2, "dieciocho": 2, "diecinueve": 2, "veinte": 2,
    "treinta": 2, "cuarenta": 2, "cincuenta": 2, "sesenta": 2, "setenta": 2, "ochenta": 2, "noventa": 2,
    "cien": 0, "ciento": 0, "mil": 0,
    **dict.fromkeys(("veintiuno", "veintiún", "veintidós", "veintidos", "veintitrés", "veintitres", "veinticuatro",
                     "veinticinco", "veintiséis", "veintiseis", "veintisiete", "veintiocho", "veintinueve"), 2),
    **dict.fromkeys(("doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos",
                     "ochocientos", "novecientos", "doscientas", "trescientas", "cuatrocientas", "quinientas"), 1),
}
# Words that can be a number only inside a run of other number words ("five oh four", "uno o dos").
WEAK_NUMBER_WORDS = {"oh", "o", "una", "once"}
# The Vietnamese digits as a number is read out ("ba chín một": 391). Each is also an everyday word ("năm" year,
# "ba" father, "hai" two of something), so one is a digit only beside a digit written as one ("3 chín 1") or in a
# run of SPELLED_DIGITS of them.
VIETNAMESE_DIGITS = {"không": 1, "một": 1, "hai": 1, "ba": 1, "bốn": 1, "tư": 1, "năm": 1, "lăm": 1, "sáu": 1,
                     "bảy": 1, "bẩy": 1, "tám": 1, "chín": 1}
# Words that join number words inside one number ("noventa y uno", "one hundred and five").
NUMBER_JOINERS = {"y", "and"}
# Separators spelled out between the pieces of one number ("four three seven dash two two", "guion", "punto").
SPELLED_MARKS = {"dash", "hyphen", "guion", "guión", "raya", "slash", "dot", "punto", "gạch", "chấm"}
# Every word is_number_word can call a number: a word outside it is read as no number without the call.
NUMBER_LIKE = frozenset(NUMBER_WORDS) | frozenset(VIETNAMESE_DIGITS) | NUMBER_JOINERS | SPELLED_MARKS
# A spelled-out number of this many digits or more is a number to redact ("five five five one two").
SPELLED_DIGITS = 5
MONEY_WORDS = {"dollars", "dollar", "bucks", "usd", "dólares", "dolares", "pesos", "đồng", "k", "grand", "cents"}
# Words before a number that make it a house, a lot, a room or a box: the number is an address.
HOUSE_CUES = {"house", "home", "casa", "nhà", "lot", "trailer", "trlr", "room", "rm", "box", "apt", "apartment",
              "unit", "suite", "ste", "space", "cabin", "cuarto", "habitación", "habitacion", "lote", "phòng",
              "số", "number", "num", "no", "nº", "número", "numero", "nr", "lives", "live", "living", "stays",
              "staying", "vive", "viven", "sống", "apartado", "postal", "casilla", "buzón", "buzon", "pobox",
              "hộp", "nha", "phong"}
# House cues that name a flat, a room or a lot: the number after one is an address even when it is a hotline's
# ("Apt 311", "lot 911"; "call 311" is the hotline).
UNIT_CUES = {"apt", "apartment", "unit", "suite", "ste", "room", "rm", "lot", "trailer", "trlr", "space", "cabin",
             "cuarto", "habitación", "habitacion", "lote", "phòng", "phong", "box"}
# Words after a number that make it no house number ("the 1200 block of Flood", "the 55 bus").
NOT_HOUSE_AFTER = {"block", "blocks", "cuadra", "bus", "route", "line", "streetcar", "hundred", "people", "houses",
                   "doors", "homes", "families", "units", "ft", "feet", "miles", "mile", "min", "minutes"}
# Words that make the number after them personal whatever its shape, and the placeholder it gets.
NUMBER_CUES = {
    **dict.fromkeys(("ssn", "ss", "social", "seguro", "sinh"), "ssn"),
    **dict.fromkeys(("dob", "born", "birthday", "birth", "nacimiento", "nació", "nacio", "nacido", "nacida",
                     "cumpleaños", "nac", "bday", "birthdate", "cumple"), "dob"),
    **dict.fromkeys(("medicaid", "medicare", "mbi", "ebt", "snap", "wic", "id", "ids", "mrn", "record", "chart",
                     "policy", "member", "claim", "case", "file", "fema", "registration", "reg", "alien", "uscis",
                     "license", "licence", "licencia", "dl", "passport", "pasaporte", "card", "tarjeta", "acct",
                     "account", "cuenta", "routing", "permit", "visa", "tps", "ead", "itin", "ein", "voucher",
                     "thẻ", "cccd", "cmnd", "green"), "id"),
    **dict.fromkeys(("phone", "cell", "cel", "celular", "tel", "teléfono", "telefono", "mobile",
                     "whatsapp", "sđt", "điện", "thoại", "ph", "callback"), "phone"),
}
# The only words that may stand between a cue and its number ("ssn last 4", "medicaid id # is").
CUE_FILLERS = {"ending", "ends", "end", "in", "with", "xxx", "xx", "x", "termina", "en",
               "no", "number", "num", "nbr", "nº", "is", "was", "es", "là", "card", "id", "reg", "registration",
               "app", "application", "last", "four", "of", "the", "his", "her", "my", "su", "mi", "de", "número",
               "numero", "số", "cua", "của", "security", "date", "xã", "hội", "xa", "hoi",
               # "terminación 8812", "con terminacion", "last four digits", "últimos cuatro", "bốn số cuối"
               "con", "terminación", "terminacion", "terminado", "terminada", "digits", "dígitos", "digitos",
               "últimos", "ultimos", "cuatro", "bốn", "bon", "cuối", "cuoi",
               # Vietnamese typed without marks: "so an sinh XH 4 so cuoi" (số an sinh xã hội, bốn số cuối)
               "so", "xh", "4",
               # "4 chữ số cuối" (the last 4 digits)
               "chữ", "chu"}
# Fewest digits a number after each kind of cue needs to be redacted (a "dob" cue takes any date).
CUED_DIGITS = {"ssn": 3, "dob": 0, "id": 4, "phone": 7}
MEASURES = {"btu", "btus", "watts", "watt", "kw", "gallons", "gallon", "gal", "mg", "ml", "mcg", "sqft", "sq",
            "ft", "feet", "lbs", "lb", "pounds", "miles", "mi", "dollars", "dólares", "dolares", "usd", "bucks",
            "people", "homes", "houses", "households", "families", "residents", "customers", "calls", "meals",
            "units", "volts", "amps", "percent", "cases", "bottles", "bags", "degrees"}
UNIT_WORDS = {"ft", "feet", "sq", "percent", "%", "days", "weeks", "months", "years", "yrs", "dollars", "degrees",
              "lbs", "miles", "people", "kids", "units"}
# Street names as their signs shorten them ("Gov Nicholls", "Gen Pershing", "Mt Olive"): with a capitalised word
# after them, after a house number, a street.
STREET_ABBREVIATIONS = {"gov", "gen", "genl", "pres", "sen", "mt", "ft", "pt", "adm", "col", "msgr", "cmdr"}
# Spanish puts "de" (or "de la calle") between a house number and its street: "la 9123 de Bissonnet".
NUMBER_OF = {"de", "del"}
# Words before a number that make it a block, not a house ("la cuadra 1500 de Elysian Fields").
BLOCK_WORDS = {"block", "cuadra", "bloque", "blocks", "cuadras"}
# A phone number written as a phone (marks between its groups) on a toll-free line: a public line, whatever cue
# stands before it ("la linea de FEMA es 1-800-621-3362").
PUBLIC_LINE = re.compile(r"(?:1[-. ]?)?\(?8(?:00|88|77|66|55|44|33)\)?[-. ]\d{3}[-. ]\d{4}")
TRANSIT = {"bus", "line", "streetcar", "route", "ruta", "xe", "linea", "buyt", "tranvia"}
HOTLINES = {"911", "211", "311", "411", "511", "711", "811", "988", "741741", "898211", "888777", "43362"}
# Public numbers (FEMA, the disaster distress line, poison control, 988's old number) and toll-free prefixes.
PUBLIC_NUMBERS = {"8006213362", "8004627585", "8009855990", "8002221222", "8002738255"}
TOLL_FREE = ("800", "888", "877", "866", "855", "844", "833")

# Titles that only ever stand before a name: any word after one that is no plain word is the name.
TITLE_WORDS = {"mr", "mrs", "ms", "mz", "miss", "dr", "sr", "sra", "srta", "don", "doña", "señor", "señora", "senor",
               "senora", "señorita", "senorita", "mme", "mlle", "madame", "monsieur", "rev", "fr", "sgt", "lt", "capt",
               "det", "ofc", "prof"}
# Vietnamese titles no period follows (bác sĩ, cô giáo, mục sư, y tá: doctor, teacher, pastor, nurse), so a
# sentence's end after one ends the cue: "bác sĩ Phạm", not "chưa có bác sĩ. đưa đi" (no doctor yet. took her).
UNDOTTED_TITLES = {"sĩ", "giáo", "sư", "tá"}
# Other titles and honorifics: cues like "named" ("Pastor Jenkins"), and only capitalised ("her sister").
CUE_TITLES = {title.lower() for title in TITLES} - TITLE_WORDS
# Titles that are plain words in lower case ("her sister", "my mother", "father's day"): cues only capitalised.
CASED_TITLE_WORDS = {"sister", "brother", "father", "mother", "mama", "papa", "nana", "uncle", "aunt", "auntie",
                     "elder", "minister", "officer", "deputy", "chief", "coach", "nurse", "judge", "captain",
                     "detective", "bishop", "deacon", "granny", "nanny", "anh", "chị", "cô", "chú", "bác", "bà",
                     "ông", "em", "cụ", "thầy"}
RELATION_WORDS = {
    "son", "daughter", "husband", "wife", "grandson", "granddaughter", "grandmother", "grandma", "grandfather",
    "grandpa", "mother", "mom", "mama", "father", "dad", "brother", "sister", "nephew", "niece", "cousin",
    "neighbor", "neighbour", "boyfriend", "girlfriend", "partner", "uncle", "aunt", "auntie", "friend",
    "caregiver", "fiance", "fiancé", "fiancee", "stepson", "stepdaughter", "grandkid", "grandchild", "sis", "bro",
    "esposo", "esposa", "marido", "hijo", "hija", "hermano", "hermana", "madre", "padre", "mamá", "papá", "abuela",
    "abuelo", "nieto", "nieta", "tío", "tía", "tio", "tia", "vecino", "vecina", "primo", "prima", "novio",
    "novia", "amigo", "amiga", "nuera", "yerno", "suegra", "suegro", "cuñada", "cuñado",
}
# Vietnamese kinship and address words: a capitalised word or a given name after one is a name.
KINSHIP_VI = {"chị", "anh", "cô", "chú", "bác", "bà", "ông", "em", "cụ", "thầy", "dì", "dượng", "mợ", "cậu",
              "dâu", "rể", "trai", "gái", "cháu", "chồng", "vợ", "con", "mẹ", "cha", "bố", "má", "ba", "ngoại",
              "nội", "tên", "bé"}
KINSHIP_VI_FOLDED = {fold(word) for word in KINSHIP_VI}
# Everyday Vietnamese words that are no English or Spanish word when typed without marks ("khong", "duoc",
# "goi", "truoc"): two of them make a note Vietnamese, so its kinship words are cues even unmarked ("bac Hung").
UNMARKED_VIETNAMESE = {"khong", "duoc", "nguoi", "nha", "cua", "toi", "ngay", "thang", "khi", "truoc", "goi",
                       "mot", "giup", "nuoc", "dien", "thuoc", "benh", "vien", "roi", "chua", "voi", "biet", "tieng",
                       "minh", "sinh", "nhieu", "muon", "nhung", "cung", "xin"}
# Cues that can only introduce a name: any word after them that is not a plain function word is a name.
STRONG_CUES = (("named",), ("name", "is"), ("name", "was"), ("name", "'s"),
               ("spoke", "with"), ("spoke", "to"), ("talked", "to"), ("talked", "with"), ("spoke", "w"),
               ("talked", "w"), ("called",), ("ask", "for"), ("asked", "for"), ("goes", "by"), ("se", "llama"),
               ("me", "llamo"), ("llamado",), ("llamada",), ("nombre",), ("nombre", "es"), ("hablé", "con"),
               ("hable", "con"), ("hablamos", "con"), ("habló", "con"), ("hablo", "con"), ("hablaron", "con"),
               ("platicamos", "con"), ("platiqué", "con"), ("platique", "con"), ("platicó", "con"),
               ("tên", "là"), ("tên",), ("gặp",), ("nói", "chuyện", "với"), ("checked", "on"),
               ("visited",), ("family", "of"), ("her", "name"), ("his", "name"))
# Cues of a nickname: the capitalised word after one is a name, however plain a word ("they call him Peanut").
NICKNAME_CUES = (("call", "him"), ("call", "her"), ("calls", "him"), ("calls", "her"), ("called", "him"),
                 ("called", "her"), ("known", "as"), ("aka",), ("nicknamed",), ("le", "dicen"), ("le", "llaman"),
                 ("le", "decimos"), ("gọi", "là"))
# A capitalised piece of a word written in CamelCase.
CAMEL_PIECE = re.compile(r"[A-Z][a-z]+")
# Spanish articles, possessives and demonstratives: the word after one is a noun.
DETERMINERS = {"el", "la", "los", "las", "un", "una", "unos", "unas", "mi", "mis", "tu", "tus", "su", "sus", "del",
               "al", "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas", "nuestro", "nuestra",
               "nuestros", "nuestras", "otro", "otra", "otros", "otras", "cada", "muchos", "muchas", "pocos", "pocas",
               "varios", "varias", "sin"}
# Endings of English adjectives, nouns and verbs, which given names hardly have: a rare word after a relation
# that ends so is a word ("her grandson asthmatic", "my son autistic"), not a name like "grandson jaylen".
WORD_SUFFIXES = ("ic", "ical", "ous", "ive", "ed", "ing", "less", "ful", "able", "ible", "ment", "ness", "tion",
                 "sion", "ity", "ism", "ist", "ary", "ory", "ized", "ated")
# Words that join two names ("Grace and Jaquan"): a given name before one joins the name after it.
COORDINATORS = {"and", "y", "&", "và", "n"}
# Words after a surname that make it a family's ("the Washington fam", "the Robinson household").
FAMILY_AFTER = {"family", "familia", "household", "fam", "clan", "famly", "famiy"}
# Words after which a surname is a family's: "familia Castillo", "gia đình Trần" ("gia đình" read as its last word).
FAMILY_BEFORE = {"familia", "đình", "dinh"}
# Words after which even a plain word is read with every rule: titles ("Mr Brown"), a Vietnamese middle name.
FAST_PATH_BREAKERS = TITLE_WORDS | FAMILY_BEFORE | {"van", "thi", "văn", "thị"}
# Plain words that still begin something this pass reads: a title, a number word, a Vietnamese middle name.
NOT_PLAIN_START = FAST_PATH_BREAKERS | set(NUMBER_WORDS) | NUMBER_JOINERS
# The cues by their last word, so a word is compared only with the cues that can end just before it.
CUE_ENDINGS: dict[str, list[tuple[str, ...]]] = {}
for _cue in STRONG_CUES:
    CUE_ENDINGS.setdefault(_cue[-1], []).append(_cue)
NICKNAME_ENDINGS: dict[str, list[tuple[str, ...]]] = {}
for _cue in NICKNAME_CUES:
    NICKNAME_ENDINGS.setdefault(_cue[-1], []).append(_cue)
# Words a strong cue may be followed by that are no name ("named after the storm", "called 311").
AFTER_CUE_PLAIN = {"the", "a", "an", "after", "on", "in", "is", "was", "and", "or", "her", "his", "their", "my",
                   "our", "your", "it", "them", "him", "me", "us", "back", "again", "twice", "today", "yesterday",
                   "for", "to", "at", "by", "with", "from", "about", "but", "so", "not", "no", "yes", "fema",
                   "everyone", "someone", "nobody", "anyone", "la", "el", "los", "las", "un", "una", "de", "y",
                   "con", "là", "của", "ấy", "này", "đó", "ta", "bà", "ông", "là:", "s", "here", "there", "off",
                   "that", "this", "we", "they", "you", "i", "he", "she", "who", "what", "when", "lady", "man",
                   "woman", "guy", "son", "daughter", "wife", "husband", "mom", "dad", "list", "same", "too",
                   "also", "out", "up", "down", "over", "all", "every", "each", "one", "two", "some", "any",
                   "more", "home", "house", "neighbors", "neighbor", "ahead", "later", "now", "still",
                   "just", "first", "last", "full", "le", "lo", "su", "sus", "mi", "tu", "nos", "les", "se", "both",
                   "together", "were", "are"}
# Capitalised words that open a nickname before a name ("Big Mike", "Lil Dre"): part of the name.
NICKNAME_PREFIXES = {"big", "lil", "lil'", "little", "baby", "ole", "tiny",
                     # and the family names the South gives its elders ("Mama Dot", "Nana Jo", "Paw-Paw Lee")
                     "mama", "nana", "papa", "granny", "mawmaw", "pawpaw", "memaw", "paw-paw", "maw-maw", "nannan"}
# What follows a name as part of it: "Kenneth Boudreaux Jr.", "Alton Mayeux III".
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Nouns for a person, which no one is called: "Lady cried", "Man asked", "niña de 12 años" head no report by name.
PERSON_NOUNS = {"lady", "man", "woman", "guy", "gentleman", "girl", "boy", "kid", "baby", "child", "toddler",
                "teen", "teenager", "elder", "owner", "landlord", "landlady", "manager", "tenant", "renter",
                "resident", "neighbor", "neighbour", "caller", "stranger", "folks", "señora", "señor", "señorita",
                "niña", "niño", "niñas", "niños", "muchacha", "muchacho", "hombre", "mujer", "dueño", "dueña",
                "abuelita", "abuelito", "chamaca", "chamaco", "bebé", "bebe"}
# Words before a capitalised word that make it a street or a place, not a person, when it is no clear name
# ("the church on Ingalls", "apartments off Beechnut", "in Lucedale"), or a town of the South named like a person
# after a word only a place follows ("in Lyman", "near Wade"); "of" after a word of a place's side ("this side of
# Gautier", "the town of Vancleave").
STREET_PREPOSITIONS = {"on", "off", "along", "through", "thru", "via", "down"}
# Words before "on" that make the name after it a person: "waiting on Keisha", "fell on Thibodeaux", "checked
# on Landry", "follow up on Guidry", "an update on Hebert".
PERSON_ON = {"fell", "falls", "fall", "wait", "waits", "waited", "waiting", "check", "checks", "checked", "checking",
             "rely", "relying", "relied", "count", "counting", "depend", "depends", "depending", "depended", "call",
             "calls", "called", "calling", "hard", "easy", "mad", "sat", "sit", "sitting", "lean", "leaning",
             "leaned", "pick", "picks", "picked", "picking", "blame", "blamed", "cheated", "cheating", "up",
             "update", "updates", "info", "notes", "report", "eye", "eyes", "tell", "told", "telling", "go", "went",
             "look", "looked", "looking", "spoke", "worked", "pray", "prayed", "praying", "focus", "passed", "took",
             # "put down Fontenot as the contact", "heard through Landry"
             "put", "puts", "wrote", "write", "writes", "writing", "jot", "jotted", "sign", "signed", "let", "turn",
             "turned", "calm", "calmed", "heard", "got", "came", "reached", "found", "referred", "sent", "word"}
# The commonest US street names that are also given names (the presidents, "Lincoln", "Grant", "Lee"): after "on",
# "off", "down", and no verb a person takes, the street.
STREETS_NAMED_LIKE_PEOPLE = {"lincoln", "washington", "jefferson", "franklin", "madison", "jackson", "adams",
                             "monroe", "grant", "wilson", "johnson", "lee", "clay", "harrison", "taylor", "kennedy",
                             "roosevelt", "polk", "tyler", "pierce", "hayes", "garfield", "cleveland", "mckinley",
                             "hamilton", "pershing", "sherman", "lafayette", "marshall", "douglas", "houston",
                             "travis", "austin", "crockett", "bowie", "magnolia", "laurel", "hazel", "olive",
                             "jasmine", "myrtle", "holly", "ivy", "willow", "forest", "spring"}
# People an organisation sends, and "from"/"de" after them: the capitalised word after is the organisation.
FROM_WORDS = {"from", "de", "del"}
SENT_BY = {"adjuster", "adjusters", "inspector", "inspectors", "crew", "crews", "rep", "reps", "representative",
           "agent", "agents", "volunteers", "team", "teams", "staff", "workers", "caseworker", "nurse", "nurses",
           "ajustador", "ajustadora", "inspectora", "voluntarios", "voluntarias", "equipo", "trabajadores",
           "enfermera", "enfermero", "representante", "agente"}
# Vietnamese "on" and "street" before a street's name (with or without marks: "trên Procter", "duong Dequeen"): a
# street, whatever English name it has.
STREET_BEFORE_VI = {"trên", "tren", "đường", "duong",
                    # and "at", "in", "near" with their marks ("kho ở Classen", "gần Reno"): a person is "với" (with)
                    "ở", "tại", "gần"}
TOWN_PREPOSITIONS = {"in", "near", "outside", "around", "across"}
# Spanish "of", "from" and "in" before a town named like a surname only: "los primos de Guymon", "desde Moore".
FROM_TOWN_ES = {"de", "desde", "en"}
# Prepositions after which a street is named alone when a shop or a place stands before them, even a street
# named like a person: "the Walgreens on Spencer", "the church on Preston", "la farmacia en Woodrow"; not
# "waiting on Keisha", "fell on Thibodeaux" (no place before the preposition).
SHOP_PREPOSITIONS = {"on", "off", "at", "near", "by", "behind", "past", "en"}
# What is held at a place, so the capitalised word after it and "at" is the place: "her class at Lincoln", "the
# distro at Grace", "mass at Sacred Heart".
HELD_AT = {"class", "classes", "distro", "distribution", "site", "pod", "mass", "misa", "service", "services",
           "meeting", "giveaway", "event", "dinner", "lunch", "breakfast", "supper", "clase", "reparto"}
# Spanish names a street with "la" alone, after houses or flats "of", "on" or "along" it: "los apartamentos de la
# Richey", "las casas de la Gaston" (a plural: the houses of one street, not "la casa de la Martínez", hers).
STREET_HOLDERS_ES = {"apartamentos", "apartments", "apartamentitos", "casas", "edificios", "trailas", "trailers",
                     # and the block or the corner of it: "la cuadra de la Agnew", "en la esquina de la Lerma"
                     "cuadra", "cuadras", "esquina",
                     "traileres", "tiendas", "negocios", "calles", "departamentos", "dúplex", "duplex"}
PLACE_OF = {"side", "town", "city", "part", "parts", "outskirts", "edge", "north", "south", "east", "west"}
# Vietnamese family names as written with their marks: an everyday word that reads as one without its marks
# ("là" is no "La", "đang" no "Đặng", "vẫn" no "Văn") is no family name.
# Vietnamese "very" after an adjective, with its marks ("mạnh lắm", "hiền quá"; unmarked "lam" and "qua" are also
# "làm" (works) and "qua" (came over), which a name stands before).
VERY_VI = {"lắm", "quá"}
MARKED_SURNAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
                   "ngô", "dương", "lý", "trương", "đinh", "lâm", "mai", "trịnh", "cao", "lương", "tạ", "quách",
                   "lưu", "đoàn", "vương", "thái", "hà", "kiều", "la"}
# A share of the Census surname list above which a word after a given name is its surname in a note with no
# case to tell ("DEBBIE PRICE", "keisha young"): about the 600 commonest surnames, no modal verb ("may", "will").
COMMON_SURNAME_SHARE = 0.0005
# Makes of cars named like people: after an article or a year, or before a vehicle noun, a car ("un Mercedes
# viejo", "his Lincoln", "a Ford truck", "2009 Buick").
VEHICLE_MAKES = {"mercedes", "ford", "lincoln", "chevy", "chevrolet", "dodge", "chrysler", "buick", "cadillac",
                 "mercury", "pontiac", "jeep", "honda", "toyota", "nissan", "hyundai", "kia", "mazda", "subaru",
                 "lexus", "acura", "volvo", "tesla", "gmc", "ram", "saturn", "infiniti", "porsche", "ferrari"}
VEHICLE_BEFORE = {"a", "an", "the", "his", "her", "my", "their", "our", "old", "new", "un", "una", "el", "la", "su",
                  "mi", "viejo", "chiếc", "xe"}
VEHICLE_AFTER = {"truck", "car", "van", "suv", "pickup", "sedan", "camioneta", "carro", "coche", "troca", "viejo",
                 "vieja"}
# Spanish and Vietnamese put the noun before a place's name: "el parque Joe W. Brown", "escuela Sojourner Truth",
# "bệnh viện Touro", "chùa Bồ Đề". Not nouns English shares or that stand alone ("at the hospital Keisha said",
# "fuimos al centro Rosa y yo" hold a person).
LEADING_PLACE_NOUNS = {"parque", "escuela", "iglesia", "colegio", "clínica", "clinica", "biblioteca",
                       "universidad", "academia", "capilla", "parroquia", "estadio", "trường", "chùa", "viện", "thờ",
                       "chợ", "tiệm", "quán", "tienda", "supermercado", "mercado", "farmacia", "panadería",
                       "panaderia", "taquería", "taqueria", "carnicería", "carniceria", "restaurante", "refugio",
                       "albergue", "gasolinera", "lavandería", "lavanderia",
                       # the biblical mountains churches and schools are named after ("Mount Carmel", "Mt. Zion"),
                       # and the charter network before its campus ("KIPP Believe", "KIPP Central City")
                       "mount", "mt", "kipp",
                       # the street types Spanish and Vietnamese put first, and the titles streets keep in their
                       # names ("calle Joliet", "đường Chef Menteur", "Gen Taylor", "Gov Nicholls")
                       "calle", "avenida", "avda", "bulevar", "đường", "phố", "hẻm", "gen", "genl", "gov", "adm",
                       "msgr", "cmdr"}
# Nouns English shares, which lead a place's name only after a Spanish article: "el hospital Ben Taub", "al hotel
# Marriott"; not "at the hospital Keisha said" (nor "centro", which stands alone: "fuimos al centro Rosa y yo").
SHARED_PLACE_NOUNS = {"hospital", "hotel", "motel"}
SPANISH_BEFORE_PLACE = {"el", "al", "del"}
SAINT_PREFIXES = {"St", "Saint", "San", "Santa", "Santo", "Ste", "Sainte"}
# Words that make the capitalised words after them a town, a base or a body of water ("Fort Myers", "Ft Walton",
# "Port Allen", "Lake Jackson", "Mount Hermon"): no given name or surname is written after them.
TOWN_PREFIXES = {"Fort", "Ft", "Port", "Lake", "Mount", "Mt", "Bayou", "Pointe", "Isle", "Cape"}
# The word between a saint's name and the town or byname that tells saints apart ("Anthony of Padua").
SAINT_OF = {"of", "de", "del"}
# The titles of the Virgin Mary that churches and schools are named with, before "of" and a place.
MARIAN_TITLES = {("our", "lady"), ("nuestra", "señora"), ("nuestra", "senora"), ("notre", "dame")}
# The words one of which stands one or two words before the place a Marian title names (marian_title's gate).
OF_OR_ARTICLE = SAINT_OF | {"la", "los", "las", "el"}
# Verbs that make the word before them a person at the head of a sentence ("Hope said the roof leaks").
REPORTING_VERBS = {"said", "says", "told", "asked", "called", "wants", "wanted", "cried", "dijo", "dice", "pidió",
                   "nói", "answered", "agreed", "refused", "explained", "mentioned"}
# Verbs that a given name before them is the subject of, as no word of the same spelling is ("Will came by", "Hope
# needs insulin", "Grace fell"): not "is", "has" ("hope is low").
# Not verbs things take as well ("Sandy got into everything", "Mark left on the door", "Bill came").
PERSON_VERBS = {"needs", "needed", "lives", "lived", "fell", "stays", "stayed", "cant", "can't", "cannot", "didnt",
                "didn't", "doesnt", "doesn't", "wont", "won't", "necesita", "vive", "tiene", "cần", "bị", "sống",
                "works", "worked", "nació", "nacio", "murió", "murio", "trabaja", "trabajaba"}
# Verbs after which a given name that is also a word, after a relation, is the name ("her daughter hope is 6",
# "his son will is at LSU"; not "my son will come").
FINITE_AFTER = REPORTING_VERBS | PERSON_VERBS | {"is", "was", "has", "had", "es", "está", "esta", "tiene", "does",
                                                  "did", "handles", "takes", "keeps", "helps", "goes", "went", "gets",
                                                  "got"}
POSSESSIVES = {"her", "his", "their", "su", "sus"}
# A given name opening a sentence and its role after it, in parentheses or after "is": "Joy (the mom)", "Hope is
# the daughter", "Milagros es la hija mayor", "Georgia (the lady not the state)".
COPULAS = {"is", "was", "es", "era", "là"}
# A word opening the note or a sentence with a parenthesis after it (all_plain's cue for introduced_by_role).
OPENING_PAREN = re.compile(r"(?:^|[.!?;:\n\"“(…]\s{0,2})[^\W\d_]+\s?\(")
# An age in parentheses after a given name that opens a sentence: "Dolores (76)", "Faith (9)".
AGE_IN_PARENTHESES = re.compile(r"\s?\(\s?\d{1,3}\s?\)")
ROLE_ARTICLES = {"the", "a", "an", "his", "her", "their", "my", "our", "la", "el", "una", "un", "su", "mi",
                 "nuestra", "nuestro"}
# Capitalised words that join a name by "and" and are no name: relations, people's nouns, titles ("Mom and Keisha").
NOT_JOINED = RELATION_WORDS | PERSON_NOUNS | TITLE_WORDS | {"mama", "papa", "grandma", "grandpa", "abuela", "abuelo"}
# Verbs a language follows directly ("speaks Karen", "habla Mam", "only speaks Chin").
SPEAKING = {"speaks", "speak", "speaking", "habla", "hablan", "hablar", "hablaba", "understands", "entiende"}
# Ways to reach a person after a given name's possessive: "Daniela's email", "Sonny's cell".
CONTACT_NOUNS = {"email", "e-mail", "phone", "cell", "number", "#", "address", "tel", "correo", "celular", "whatsapp"}
# Words before a title that make it a noun, no cue: "the deacon will bring water", "our pastor may come".
ARTICLES_BEFORE_TITLE = {"the", "a", "an", "our", "my", "his", "her", "their", "el", "la", "un", "una", "nuestro",
                         "nuestra"}
# Verbs of calling a person back ("call hope back").
CALLING = {"call", "calls", "called", "calling", "text", "texts", "texted", "texting", "phone", "ring"}
# Verbs that make the word before them a person whatever words stand before it ("la rosa dijo", "goretti needs").
PERSON_AFTER = frozenset(PERSON_VERBS | REPORTING_VERBS)
# Spanish given names that are everyday nouns (virtues, Marian titles, flowers, stars and lights): after an
# article, in lower case, the noun ("fue una victoria", "la gloria de Dios", "una rosa", "un ángel"), unless a
# verb only a person takes follows ("la rosa dijo").
NOUN_NAMES_ES = {"victoria", "gloria", "aurora", "rosa", "angel", "ángel", "estrella", "perla", "paloma", "alba",
                 "flor", "violeta", "azucena", "margarita", "dalia", "jazmín", "jazmin", "luna", "sol", "cielo",
                 "celeste", "blanca", "clara", "cruz", "paz", "fe", "luz", "esperanza", "rosario", "dolores",
                 "consuelo", "soledad", "pilar", "mercedes", "caridad", "gracia", "piedad", "natividad", "trinidad",
                 "concepción", "concepcion", "asunción", "asuncion", "remedios", "milagros", "socorro", "salvador",
                 "reina", "rocío", "rocio", "nieves", "amparo", "candelaria", "inmaculada", "angustias"}
ARTICLES_ES = {"el", "la", "los", "las", "un", "una", "unos", "unas", "al", "del"}
POSSESSIVES_ES = {"mi", "tu", "su", "mis", "tus", "sus", "nuestro", "nuestra"}
# Colours that are also given names: in lower case after a lower-case noun, the colour ("la casa rosa"). Not after
# a preposition, a conjunction or a verb of speaking, where a person's name stands ("con rosa", "dijo blanca").
COLOURS_ES = {"rosa", "violeta", "celeste", "blanca", "perla", "esmeralda", "rubí", "rubi", "marina", "azucena"}
NOT_BEFORE_COLOUR = {"a", "al", "con", "de", "del", "para", "por", "y", "e", "o", "u", "que", "sin", "según",
                     "hacia", "hasta", "entre", "ni", "pero", "dijo", "dice", "llamó", "llamo", "habló", "hablo",
                     "vimos", "visitamos", "llamamos", "doña", "dona", "don", "señora", "señor", "tía", "tia",
                     "hija", "hermana", "mamá", "mama", "abuela", "prima", "sobrina", "nieta", "esposa", "comadre"}
# "la señora", "el señor", "una señora": with an article the title is a noun ("the lady"), and a lower-case word
# after it in a note with case is what she does, no name ("la señora lee", "el señor reza").
LADY_OR_GENTLEMAN = {"señora", "senora", "señor", "senor", "señorita", "senorita", "sra", "sr"}
# Verbs before an age: "Bubba is 70", "Junior turned 9", "Nené tiene 4".
AGE_VERBS = {"is", "was", "turned", "turns", "tiene", "cumplió", "cumple"}
# Nouns that make the capitalised words before them a public place ("Sojourner Truth Academy").
PUBLIC_NOUNS = {"school", "high", "elementary", "middle", "academy", "charter", "college", "university", "park",
                "playground", "library", "church", "center", "centre", "hospital", "clinic", "stadium", "memorial",
                "arena", "shelter", "bridge", "plaza", "square", "pool", "gym", "cathedral", "chapel", "parish",
                "ministries", "temple", "market", "pharmacy", "fellowship", "institute", "museum", "hall",
                "homes", "apartments", "recreation", "rec", "campus", "field", "ward", "ferry", "fund",
                "foundation", "program", "project", "mission", "kitchen", "pantry", "baptist", "methodist",
                "catholic", "primary", "prep", "grocery", "restaurant", "store", "shop", "bakery", "cafe", "dental",
                "salon", "barber", "funeral", "brothers", "bros", "inc", "llc", "seafood", "bar", "lounge", "daycare",
                "golf", "course", "mall", "general", "lodge", "island", "basin", "building", "bldg", "lot", "station",
                # the land and water places and bodies are named after ("Knott County", "Buckhorn Lake dam"), and
                # the denominations after a church's name ("Bethel AME")
                "county", "township", "twp", "borough", "dam", "creek", "river", "springs", "falls", "hollow",
                "holler", "valley", "heights", "estates", "manor", "village", "fairgrounds", "coliseum", "armory",
                "expo", "sportsplex", "grounds", "ame", "cme", "cogic", "corps",
                # works and yards named after their owners or towns ("the Tyson plant", "Jefferson elem")
                "plant", "factory", "mill", "refinery", "warehouse", "depot", "elem", "shipyard", "yard",
                # a school or a centre as signs and people shorten them ("Moore HS", "the Yukon rec ctr"), a hospital
                # by its town ("Norman Regional"), a clinic by its kind ("the Mustang urgent care")
                "hs", "jhs", "ctr", "cntr", "regional", "care",
                # wildfires by their names ("the Caldor fire", "the Marshall Fire", "the August Complex")
                "fire", "fires", "complex"}
# Wildfires' nouns, which name a fire only capitalised or after an article ("the Caldor fire", "el Dixie Fire").
FIRE_NOUNS = {"fire", "fires", "complex"}
ARTICLES_BEFORE_FIRE = {"the", "a", "that", "this", "el", "la", "del", "al"}
# Public nouns that, with a number after them, are part of an address ("lot 17", "building 4"), no place's name.
NUMBERED_PLACE_NOUNS = {"lot", "building", "bldg", "field", "hall"}
# Kinds of business a name stands before, capitalised as a business's name is ("Broussard Roofing", "Hebert
# Towing", "Nguyen Insurance"): a business named after its owner is a public name. In lower case or all capitals
# they are words of a sentence ("Darnell roofing the shed"), so only capitalised ones count (place_runs).
BUSINESS_NOUNS = {"roofing", "plumbing", "towing", "construction", "contractors", "contracting", "electric",
                  "electrical", "motors", "auto", "realty", "properties", "insurance", "supply", "rentals",
                  "company", "co", "corp", "group", "hospice", "cleaners", "tire", "tires", "lumber", "hardware",
                  "nursery", "movers", "moving", "remodeling", "restoration", "landscaping", "tree", "pest",
                  "drywall", "flooring", "paint", "painting", "pharmacy", "drugs", "farms", "market", "foods",
                  # and bodies and clubs ("the Forest Service", "Gilda's Club", "Lions Club")
                  "service", "club", "society", "league", "alliance", "authority", "commission", "department",
                  "dept"}
# The nouns a place's name stands before, and street suffixes (a street named after a person is a street).
PLACE_NOUNS = PUBLIC_NOUNS | BUSINESS_NOUNS | {fold(suffix) for suffix in SUFFIXES} | {
    "pkwy", "expy", "theater", "theatre", "airport", "terminal", "projects", "courts", "villa"}
# Words that go with a public noun, before it: "convention center", "community center", "senior center".
PLACE_MODIFIERS = {"convention", "community", "senior", "civic", "health", "medical", "resource", "cultural",
                   "conference", "regional", "public", "youth", "wellness", "neighborhood", "learning", "early",
                   "career", "technical", "magnet", "family", "service", "services", "care", "events", "event",
                   "distribution", "relief", "resilience", "emergency", "multi-service", "aquatic", "sports",
                   # "the Rosa Parks transit center", "the Jesse Owens cooling center"
                   "transit", "transportation", "bus", "train", "aquatics", "fitness", "activity", "activities",
                   "warming", "cooling", "evacuation", "disaster", "recovery", "welcome", "visitor", "visitors",
                   "job", "training", "dialysis", "cancer", "veterans", "vet", "women's", "children's", "festival",
                   "urgent", "primary", "rec"}
GAP = re.compile(r"\.?\s{1,2}|\.")
# Organisations, shops and days named like people ("Cruz Roja", "Lowe's", "Sam's Club", "Mother's Day").
PUBLIC_PHRASES = {
    "cruz roja", "red cross", "salvation army", "ejército de salvación", "catholic charities", "second harvest",
    "world central kitchen", "habitat for humanity", "united way", "sam's club", "lowe's", "lowes", "mcdonald's",
    "mcdonalds", "wendy's", "popeyes", "dollar general", "family dollar", "winn-dixie", "winn dixie", "rite aid",
    "home depot", "waffle house", "piccadilly", "raising cane's", "church's chicken", "dooky chase", "willie mae's",
    "mother's day", "father's day", "martin luther king", "mlk", "dr. king", "king day", "peoples health",
    "blue cross", "humana", "tulane medical", "mercy-chs", "st. jude", "st jude", "jackson barracks",
    "jackson square", "lincoln beach", "audubon", "lafitte greenway", "congo square", "louis armstrong",
    # towns and cities named like people, where families went or come from
    "lake charles", "morgan city", "port arthur", "pass christian", "new iberia", "grand isle", "golden meadow",
    "port sulphur", "corpus christi", "fort worth", "little rock", "san pedro sula", "la ceiba", "santa ana",
    "san miguel", "el salvador", "costa rica", "puerto rico", "des allemands", "pointe a la hache",
    "bay st. louis", "st. louis", "saint louis", "san antonio", "los angeles", "santo domingo", "san juan",
    "san salvador", "ciudad juárez", "ciudad juarez", "puerto cortés", "puerto cortes",
    # countries and cities in two words, as Vietnamese and Central American families name them
    "việt nam", "viet nam", "hong kong", "sài gòn", "sai gon", "hà nội", "ha noi", "đà nẵng", "da nang",
    "nha trang", "cần thơ", "can tho", "vũng tàu", "vung tau", "hải phòng", "hai phong", "biên hòa", "bien hoa",
    "quảng nam", "quang nam", "quảng ngãi", "quang ngai", "phú quốc", "phu quoc", "bạc liêu", "bac lieu",
    "long an", "bến tre", "ben tre", "tiền giang", "tien giang", "vĩnh long", "vinh long", "sóc trăng", "soc trang",
    "kiên giang", "kien giang", "cà mau", "ca mau", "đồng nai", "dong nai", "bình định", "binh dinh", "bà rịa",
    "ba ria", "khánh hòa", "khanh hoa", "quảng trị", "quang tri", "thừa thiên", "thua thien", "an giang",
    "san pedro", "santa rosa", "santa bárbara", "santa barbara", "san lorenzo", "la paz", "la lima", "el progreso",
    "santa tecla", "san marcos", "santa lucía", "santa lucia", "san luis potosí", "san luis potosi", "nueva orleans",
    # holidays and saints' days of the US, Latin America and Vietnam, in the words people type them
    "juneteenth", "semana santa", "noche buena", "nochebuena", "año nuevo", "ano nuevo", "día de los muertos",
    "dia de los muertos", "día de muertos", "dia de muertos", "día de reyes", "dia de reyes", "día de la madre",
    "dia de la madre", "día del padre", "dia del padre", "día de la independencia", "dia de la independencia",
    "jueves santo", "viernes santo", "sábado de gloria", "sabado de gloria", "domingo de ramos",
    "domingo de resurrección", "domingo de resurreccion", "pascua", "tết", "tết nguyên đán", "trung thu",
    "giáng sinh", "lễ phục sinh", "vu lan", "mardi gras", "lundi gras", "fat tuesday", "twelfth night",
    "all saints", "all souls", "ash wednesday", "good friday", "palm sunday", "easter", "christmas eve",
    "new year's", "independence day", "veterans day", "labor day", "memorial day", "presidents day", "mlk day",
    "st. joseph's day", "st. patrick's day", "super sunday", "halloween", "kwanzaa", "hanukkah", "ramadan",
    "día de la virgen", "dia de la virgen", "día de san juan", "dia de san juan",
    # New Orleans landmarks, and NORD centres and library branches named after people, by the name alone: those no
    # resident would be called (not "Joe Brown", "Rosa Keller", "Pete Sanchez", which need "rec" or "library")
    "superdome", "caesars superdome", "smoothie king center", "tad gormley", "wesley barrow", "pan american stadium",
    "a. l. davis", "a.l. davis", "al davis park", "mickey markey", "nora navra", "gernon brown", "norman mayer",
    "cita dennis hubbell", "rosenwald", "stallings st. claude", "stallings gentilly", "milton h. latter",
    # holy names and titles of the faiths of the operation's families (Catholic, Protestant, Buddhist)
    "virgen", "virgin mary", "cristo", "cristo rey", "santo niño", "santo nino", "niño dios", "nino dios",
    "espíritu santo", "espiritu santo", "sagrado corazón", "sagrado corazon", "holy spirit", "holy ghost",
    "sacred heart", "đức mẹ", "duc me", "đức chúa", "chúa giêsu", "đức phật", "phật đản", "phat dan",
    "đức mẹ la vang", "duc me la vang",  # Our Lady of La Vang, whose name the Vietnamese parishes of the US carry
    "quan âm", "quan am", "phật bà", "phat ba",
    "ángel de la guarda", "angel de la guarda", "guardian angel", "guardian angels",
    # phrases of praise and thanks that hold a holy name ("gloria a Dios", "gloria al Señor")
    "gloria a dios", "gloria al señor", "gloria al senor", "gloria a jesús", "gloria a jesus",
    # the electric utilities of the country by the names on their trucks, in more than one word
    "santee cooper", "duke energy", "georgia power", "alabama power", "mississippi power", "national grid",
    "florida power", "dominion energy", "xcel energy", "consumers energy", "nv energy", "evergy", "ameren",
    "pacific gas", "con edison", "coned", "first energy", "firstenergy", "appalachian power", "entergy texas",
    # national chains named with a possessive or a founder's name
    "trader joe's", "carl's jr", "jason's deli", "sonny's bbq", "cracker barrel",
    # the Texas benefit card and the bodies named after the state's nickname, and the hospitals of the coast named
    # after people ("her Lone Star card", "transporte al Ben Taub")
    "lone star", "ben taub", "memorial hermann", "christus st. elizabeth", "christus st elizabeth", "st. elizabeth",
    "lyndon b. johnson", "lbj hospital", "john sealy", "utmb", "ochsner st. mary", "st. patrick",
    # holidays named with saints and kings ("Todos los Santos", "los Reyes Magos")
    "todos los santos", "día de todos los santos", "dia de todos los santos", "reyes magos", "fieles difuntos",
    "san valentín", "san valentin", "día de la candelaria", "dia de la candelaria",
    # agencies, programmes and charities of the Gulf South named like people or by words of a name
    "west jeff", "east jeff", "west jefferson", "east jefferson",
    "angel tree", "ronald mcdonald house", "ronald mcdonald", "daughters of charity", "odyssey house",
    "bridge house", "covenant house", "kingsley house", "crescent city", "total community action",
    "unity of greater new orleans", "st. vincent de paul", "saint vincent de paul", "ozanam inn", "ywca", "ymca",
    "boys and girls club", "big brothers big sisters", "meals on wheels", "council on aging", "goodwill",
    "lighthouse louisiana", "southeast louisiana legal services", "crescentcare", "start corporation",
    "rebuilding together", "operation blessing", "samaritan's purse", "team rubicon", "all hands and hearts",
    "mercy chefs", "project homecoming", "healing minds", "congreso de jornaleros", "familias unidas",
    "metropolitan human services", "jefferson parish human services", "sewerage and water board",
    # stores, chains and brands of the Gulf South (groceries, pharmacies, fuel, discount, hardware, food)
    "breaux mart", "sav-a-center", "circle k", "dollar tree", "big lots", "harbor freight", "tractor supply",
    "robert fresh market", "canseco's", "cansecos", "dorignac's", "dorignacs", "zuppardo's", "zuppardos",
    "langenstein's", "langensteins", "hi-ho", "save a lot", "save-a-lot", "aldi", "piggly wiggly",
    "brookshire brothers", "market basket", "academy sports", "o'reilly", "o'reilly's", "autozone", "advance auto",
    "racetrac", "raceway", "chevron", "exxon", "mobil", "valero", "murphy usa", "buc-ee's", "marshalls",
    "tj maxx", "burlington", "ross dress for less", "rent-a-center", "western union", "moneygram", "h-e-b",
    "fiesta mart", "whataburger", "papa john's", "papa johns", "captain d's", "dr pepper", "dr. pepper",
    "mr. coffee", "auntie anne's", "aunt jemima", "jack daniel's", "uncle ben's", "little caesars",
    "little caesar's", "sr. pizza", "uncle sam", "mother nature", "father time", "mr. clean", "mr clean",
    "cox cable", "cox internet", "cox communications", "jack in the box", "burger king", "dairy queen", "taco bell",
    "church's", "rally's", "checkers", "hibbett", "foot locker", "big lots!", "ollie's", "five below", "dd's discounts",
    # and the chains of the rest of the South named like people (Southeast and Texas groceries, fuel, food)
    "bojangles", "bojangles'", "quiktrip", "sherwin williams", "sherwin-williams", "zaxby's", "zaxbys",
    "harris teeter", "food lion", "hobby lobby", "stuckey's", "huddle house", "shipley",
    "shipley's", "mcalister's", "marco's pizza", "raising canes", "bass pro", "carter's",
    # schools of New Orleans and Jefferson Parish named after people, as they are called without "school": those
    # no resident would be called (a title or a middle initial, a famous name); not "Grace King", "Patrick Taylor"
    "archbishop rummel", "archbishop shaw", "archbishop chapelle", "archbishop hannan", "archbishop blenk",
    "sophie b. wright", "o. perry walker", "l. b. landry", "lb landry", "walter l. cohen", "joseph s. clark",
    "sarah t. reed", "isidore newman", "booker t. washington", "george washington carver", "thurgood marshall",
    "dwight d. eisenhower", "mary d. coghill", "fannie c. williams", "lawrence d. crocker", "andrew h. wilson",
    "harriet tubman", "arthur ashe", "ronald mcnair", "livingston collegiate", "lusher", "abramson",
    # the days of the week in Vietnamese ("thứ Năm" is Thursday), with and without their marks on "chủ nhật"
    "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật", "chu nhat", "thứ 2", "thứ 3", "thứ 4",
    "thứ 5", "thứ 6", "thứ 7",
    # the names of languages in Vietnamese ("tiếng Anh" is English): "tiếng" and the country's short name
    "tiếng anh", "tiếng việt", "tiếng pháp", "tiếng tây ban nha", "tiếng hoa", "tiếng trung", "tiếng quảng đông",
    "tiếng hàn", "tiếng nhật", "tiếng đức", "tiếng nga", "tiếng ý", "tiếng bồ đào nha", "tiếng thái", "tiếng lào",
    "tiếng miên", "tiếng khmer", "tiếng mỹ", "tiếng ả rập", "tiếng phi", "tiếng creole", "tieng anh", "tieng viet",
    "tieng phap", "tieng tay ban nha", "tieng hoa", "tieng trung",
}
# The towns, counties and parishes of the US and Puerto Rico of two words or more (vocabulary.SOUTH_TOWNS; those of one
# word are safe words): "Abita Springs", "Bayou La Batre" are public names wherever the operation works.
ALL_PLACES = NAMED_PLACES | PUBLIC_PHRASES | {town for town in SOUTH_TOWNS if " " in town}
# The towns of one word: safe alone, but where the context says a person (a title, a relation, "X said", "X is
# 80"), a name, as a given name is ("mr luling", "Lutcher is 80 and alone").
TOWN_WORDS = frozenset(town for town in SOUTH_TOWNS if " " not in town)
PUBLIC_PLACE = re.compile(r"(?i)\b(?:" + "|".join(
    re.escape(place).replace(r"\ ", r"\s+").replace(r"\.", r"\.?") for place in
    sorted(ALL_PLACES, key=len, reverse=True)) + r")(?![\w'’])")
PLACE_FIRST_WORDS = {fold(TOKEN.findall(place)[0]) for place in ALL_PLACES}


def _places_by_first_word() -> dict[str, re.Pattern]:
    """PUBLIC_PLACE cut into one pattern per first word: a place tried at a token is one of the few that begin
    with its word, so a try costs a handful of alternatives, not the whole list's 400."""
    groups: dict[str, list[str]] = {}
    for place in ALL_PLACES:
        groups.setdefault(fold(TOKEN.findall(place)[0]), []).append(place)
    return {first: re.compile(r"(?i)\b(?:" + "|".join(
        re.escape(place).replace(r"\ ", r"\s+").replace(r"\.", r"\.?") for place in
        sorted(places, key=len, reverse=True)) + r")(?![\w'’])") for first, places in groups.items()}


PLACES_BY_FIRST_WORD = _places_by_first_word()
TOP_LEVEL_DOMAINS = {"gov", "org", "edu", "com", "net", "us", "info"}
# Starts only where no word, dot or dash goes before, so "1-1-1-..." is tried once, not at every dash.
WEBSITE = re.compile(r"(?<![\w@.-])(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:gov|org|edu|com|net|us|info)\b"
                     r"(?:/\S*)?", re.IGNORECASE)
SAFE_SITES = {"fema.gov", "disasterassistance.gov", "ready.gov", "211.org", "nola.gov", "ssa.gov", "usa.gov",
              "benefits.gov", "healthcare.gov", "irs.gov", "redcross.org", "la.gov", "ldh.la.gov", "getnola.org",
              "nolaready.info", "medicare.gov", "medicaid.gov", "hud.gov", "sba.gov", "fns.usda.gov", "988lifeline.org"}
PUBLIC_WORDS = PUBLIC_PLACES | PUBLIC_TERMS
# Words of an organisation's work in its email address ("foodpantry", "relief.kitchen", "iglesia.sanjuan").
ORGANISATION_WORDS = {"pantry", "church", "relief", "kitchen", "ministry", "ministries", "parish", "foodbank",
                      "shelter", "donations", "donate", "donar", "volunteers", "volunteer", "mission", "center",
                      "centre", "outreach", "mutualaid", "aid", "community", "bank", "fund", "hotline", "office",
                      "info", "contact", "association", "council", "coalition", "network", "iglesia", "comedor",
                      "despensa", "parroquia", "ayuda", "chua", "nhatho", "congregation", "temple", "mosque",
                      "foundation", "charities", "charity", "rescue", "recovery", "response", "rebuild"}
EMAIL_PIECE = re.compile(r"[a-z]+")
EMAIL_WORDS = COMPOUND_PARTS | ORGANISATION_WORDS | PUBLIC_WORDS | TOWN_WORDS | {
    "st", "saint", "san", "santa", "bayou", "food", "our", "lady", "sacred", "heart", "holy", "faith", "hope"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
            "noviembre", "diciembre", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"}
LONGEST_SLIP = 20  # words longer than any common word are not looked up one slip away (a 2,000-letter word)
# Storms people date their lives by (the Gulf's named hurricanes), and holy names in thanks and prayers.
FAMOUS_STORMS = {"katrina", "rita", "ida", "isaac", "gustav", "zeta", "francine", "betsy", "camille", "ike",
                 "harvey", "andrew", "laura", "cindy", "barry", "georges", "lili", "juan", "ivan", "dennis"}
HOLY = {"jesus", "jesús", "guadalupe", "mary", "maría", "maria"}
STORMS_AND_SAINTS = FAMOUS_STORMS | HOLY | {"delta", "sally", "michael", "nicholas", "beryl", "helene", "milton",
                                            "debby", "marco", "cristobal", "claudette", "olga", "gordon",
                                            # the storms the rest of the country and Puerto Rico name their years
                                            # by ("desde María", "after Sandy", "antes de Fiona", "since Iniki")
                                            "maria", "fiona", "irma", "hugo", "sandy", "ian", "florence", "matthew",
                                            "dorian", "wilma", "charley", "frances", "jeanne", "floyd", "iniki",
                                            "iselle", "lane", "hilary", "otis", "idalia", "ernesto", "hortense",
                                            "marilyn", "isabel", "irene", "fran", "opal", "agnes", "hazel"}
STORM_BEFORE = {"hurricane", "storm", "huracán", "huracan", "tormenta", "bão", "since", "after", "before",
                "during", "post", "pre", "desde", "después", "despues", "antes", "durante", "sau", "từ", "tropical"}
# Spanish "after" and "before" in two words: "después de María", "antes de Fiona".
STORM_BEFORE_ES = {("después", "de"), ("despues", "de"), ("antes", "de")}
HURRICANE_WORDS = {"hurricane", "huracán", "huracan", "typhoon", "tifón", "tifon", "cyclone", "ciclón", "ciclon", "bão"}
STORM_AFTER = {"hit", "came", "flooded", "damage", "damaged", "took", "destroyed", "winds", "water", "flood"}
HOLY_BEFORE = {"praise", "lord", "sweet", "dear", "oh", "in", "gracias", "bendito", "virgen", "virgin", "lady",
               "pray", "prayed", "loves", "love", "god", "hail", "holy", "santa", "sainte", "st", "saint", "mother",
               "ay", "ai", "ayy", "dios", "señor"}  # "ay Jesús, que calor": an exclamation
HOLY_AFTER = {"christ", "cristo", "loves", "saves", "bless", "blessed", "name", "mother", "church"}
ENDINGS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")
# Spanish inflections and the form of the same word the frequency list holds first: the imperfect of an -ar verb
# ("rezaban": "rezar"), of an -er or -ir verb ("barrían": "barrer"), a participle by gender and number
# ("reventadas": "reventado", "oxidados": "oxidar"). The regular paradigms of any Spanish grammar.
SPANISH_INFLECTIONS = {"ábamos": ("ar",), "abamos": ("ar",), "aban": ("ar",), "abas": ("ar",), "aba": ("ar",),
                       "íamos": ("ía", "er", "ir"), "ían": ("ía", "er", "ir"), "ías": ("ía", "er", "ir"),
                       "ian": ("ia", "er", "ir"),
                       "adas": ("ado", "ar"), "ados": ("ado", "ar"), "ada": ("ado", "ar"), "ado": ("ar",),
                       "idas": ("ido", "er", "ir"), "idos": ("ido", "er", "ir"), "ida": ("ido", "er", "ir"),
                       "ido": ("er", "ir"), "aron": ("ar",), "ieron": ("er", "ir"), "ando": ("ar",),
                       "iendo": ("er", "ir"),
                       # the imperfect subjunctive ("ayudáramos", "trajeran"), and agent nouns and machines made from
                       # a verb ("empacadora": a packing plant, "lavadora")
                       "áramos": ("ar",), "aramos": ("ar",), "aran": ("ar",), "aras": ("ar",), "ara": ("ar",),
                       "iéramos": ("er", "ir"), "ieramos": ("er", "ir"), "ieran": ("er", "ir"), "iera": ("er", "ir"),
                       "amos": ("ar",), "emos": ("er",), "imos": ("ir",),
                       "adora": ("ar",), "adoras": ("ar",), "adores": ("ar",),
                       "edora": ("er",), "edoras": ("er",), "idora": ("ir",), "idoras": ("ir",),
                       # the present of an -ar verb, last: "fumiga", "fumigan" ("fumigar")
                       "an": ("ar",), "a": ("ar",)}
# Spanish diminutive endings and what they replace ("cito" before "ito": the longer first). Not the augmentative
# "-ón", which words are read without their accent here, where "Easton" would read as "east".
DIMINUTIVES = {"citos": ("s", ""), "citas": ("s", ""), "cito": ("",), "cita": ("",), "itos": ("os",), "itas": ("as",),
               "ito": ("o", "e"), "ita": ("a", "e")}
TOWN_PREFIX_WORDS = {prefix.lower() for prefix in TOWN_PREFIXES}
SAINTS = {"st", "saint", "san", "santa", "santo", "ste", "sainte", "our", "lady"}
# Words after which a safe word may be a name (every cue's last word, a Vietnamese family or middle name), and
# words before which it may be (verbs a person takes, "and", "family", a middle name): a safe word with neither
# beside it is no name, whatever else it is (word_spans' second fast path, quiet()).
MIDDLE_NAMES = {"van", "thi", "văn", "thị"}
CUE_PREVIOUS = frozenset(TITLE_WORDS | CUE_TITLES | RELATION_WORDS | KINSHIP_VI | KINSHIP_VI_FOLDED | SAINTS
                         | {cue[0] for cue in STRONG_CUES + NICKNAME_CUES if len(cue) == 1} | FAMILY_BEFORE
                         | MIDDLE_NAMES | VIETNAMESE_SURNAMES)
# The last two words of the cues of more words ("spoke with", "family of", "call him"), read as a pair.
CUE_PAIRS = frozenset(cue[-2:] for cue in STRONG_CUES + NICKNAME_CUES if len(cue) > 1)
CUE_FOLLOWING = frozenset(REPORTING_VERBS | PERSON_VERBS | FINITE_AFTER | COORDINATORS | FAMILY_AFTER | MIDDLE_NAMES
                          | AGE_VERBS | {"back"})
# Words before a street's name: a direction, "St", and the street types Spanish and Vietnamese put first.
STREET_TYPES = {"calle", "avenida", "avda", "bulevar", "camino", "duong", "pho", "hem"}
STREET_PREFIXES = {"n", "s", "e", "w", "north", "south", "east", "west", "st", "saint"} | STREET_TYPES
# The quadrants of the grid cities of the Plains and the West ("712 NE 8th", "2214 SW 27th St"), written in capitals:
# "ne" and "se" in lower case are words of French and Spanish ("150 se quedaron").
QUADRANTS = {"NE", "NW", "SE", "SW"}
DIRECTION_CAPITALS = QUADRANTS | {"N", "S", "E", "W"}
QUADRANTS_LOWER = {quadrant.lower() for quadrant in QUADRANTS}
# What goods come by ("cases of", "cajas de"): the capitalised word after one and "of" is a brand.
OF_WORDS = {"of", "de", "del"}
CONTAINERS = {"cases", "bag", "bags", "bottle", "bottles", "box", "boxes", "can", "cans", "pack", "packs", "jug",
              "jugs", "gallon", "gallons", "tub", "tubs", "carton", "cartons", "pallet", "pallets", "caja", "cajas",
              "botella", "botellas", "bolsa", "bolsas", "lata", "latas", "paquete", "paquetes", "galón", "galones"}
# A heading's mark after the town a note opens with ("Marion - ", "Warren: "), and a street's name and suffix.
HEADING_MARK = re.compile(r"\s?(?::|\s[-–—])\s")
NAMED_STREET = re.compile(r"\b[A-Z][a-z]+\.?\s(?:St|Ave|Rd|Blvd|Dr|Ln|Pl|Ct|Pkwy|Hwy|Street|Avenue|Road|Drive|Lane)\b")
# The words that join two streets at a corner.
CROSSING = {"and", "y", "và"}
STREET_WORDS = {fold(word) for word in NOLA_STREETS | SUFFIXES | (MORE_STREETS - census_shares()[0].keys())} \
    - {"st", "st.", "saint", "north", "south"}
YEAR = re.compile(r"(?:19|20)\d{2}")
# Places, streets and neighbourhoods of the operation, learned from its database (learn_places).
LEARNED_PLACES: set[str] = set()


class Token:
    """One token of the note: where it is, its text, its lower-case and folded forms, and whether it is digits, or
    letters and digits (a plain class like spans.Span, so that compiled its constructor is C)."""

    __slots__ = ("start", "end", "text", "lower", "folded", "digits", "mixed")

    def __init__(self, start: int, end: int, text: str, lower: str, folded: str, digits: bool, mixed: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lower = lower
        self.folded = folded
        self.digits = digits
        self.mixed = mixed


VIETNAMESE_GIVEN_FOLDED = {fold(name) for name in VIETNAMESE_GIVEN}
# The plain and the safe words all_plain accepts: letters only, ASCII, none that can begin a cue or a number.
FAST_PLAIN = frozenset(word for word in PLAIN_WORDS if word.isascii() and word.isalpha()) - NOT_PLAIN_START
# Given names the frequency lists hold but not among their common words ("tremaine", "shonda"): a name when
# they open a sentence, so never decided by the quiet path.
RARE_GIVEN = frozenset((first_names() & SAFE_WORDS) - COMMON_WORDS - PUBLIC_WORDS)
# Safe words past COMMON_TOP that no list of names holds ("suds", "lido", "purina"): capitalised inside a sentence
# they may still be a nickname or a newer given name ("Jaylen", "Chelo"), but not after an English article.
UNLISTED_SAFE = SAFE_WORDS - COMMON_WORDS - first_names() - surnames() - NAMES
ENGLISH_ARTICLES = {"the", "a", "an"}
QUIET_SAFE = SAFE_WORDS - RARE_GIVEN - TOWN_WORDS  # a town's name is looked at in its context
FAST_SAFE = frozenset(word for word in QUIET_SAFE if word.isascii() and word.isalpha()) - NOT_PLAIN_START
# Words that make all_plain read the words in pairs.
PAIR_WORDS = RELATION_WORDS | FAMILY_AFTER
# A letter that is no lower-case ASCII letter at the start of a token: the capitals all_plain looks at.
WORD_CAPITAL = re.compile(r"(?<![^\W_])[^\W\d_a-z]")
VIETNAMESE_MARKS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.IGNORECASE)


def learn_places(names) -> None:
    """Make the words of the operation's public place names safe (streets, neighbourhoods, named places)."""
    for name in names:
        for word in TOKEN.findall(name or ""):
            if not any(char.isdigit() for char in word):
                LEARNED_PLACES.add(fold(word))
    is_safe_word.cache_clear()  # its answers read LEARNED_PLACES


def all_plain(text: str) -> bool:
    """Whether every token is a plain safe word in lower case or opening a sentence, and none can begin a cue
    or a number, and no word after a relation is rare ("grandson jaylen") nor names a family ("the X family"):
    then no rule of this pass can redact anything, and no token need be built.

    Most notes are such notes, so the test is made of C-level steps: one
    findall, one subset test of the lower-case words (lowered after they are
    cut, so no letter's lower case can split a word), and a look at the few
    capitals; word pairs are read only when a relation or a family word stands.
    """
    if "(" in text and OPENING_PAREN.search(text):
        return False  # "Joy (the mom)": a role in parentheses may make a word a name (introduced_by_role)
    ascii_text = text.isascii()  # most notes: an ASCII pattern on the lowered text cuts the same tokens, faster
    words = ascii_tokens(text.lower()) if ascii_text else " ".join(TOKEN.findall(text)).lower().split()
    if not FAST_SAFE.issuperset(words):
        return False
    if (not FAST_PLAIN.issuperset(words) or not PAIR_WORDS.isdisjoint(words)) and not plain_in_pairs(words):
        return False
    if text[1:].islower():
        return True  # no capital but the first letter, which opens the note
    # The detectors have found the capitals of an ASCII note already (spans.capitals, cached); other notes are
    # searched for any letter that is no lower-case ASCII letter at the start of a word.
    starts = capitals(text) if ascii_text else [capital.start() for capital in WORD_CAPITAL.finditer(text)]
    return all(opens_sentence(text, at) or TOKEN.match(text, at).group().lower() in PUBLIC_WORDS  # type: ignore
               for at in starts if not (at and text[at - 1].isalnum()))


def ascii_tokens(lowered: str) -> list[str]:
    """ASCII_TOKEN.findall(lowered) for lower-case ASCII text, in a third of its instructions: no token holds a
    character outside ASCII_TOKEN_ONLY, so the text is cut at those in C, and only a piece with an apostrophe
    (which joins letters, never starts or ends a token) is read by the pattern."""
    pieces = lowered.encode().translate(ASCII_TOKEN_ONLY).decode().split()
    if "'" not in lowered:
        return pieces
    return [token for piece in pieces for token in (ASCII_TOKEN.findall(piece) if "'" in piece else (piece,))]


def plain_in_pairs(words: list[str]) -> bool:
    """Whether every word is decided by word_spans' fast paths where it stands among its neighbours: a plain
    word not after a relation when rare nor naming a family ("the X family"), or a quiet one (quiet())."""
    before = previous = ""
    for word, following in zip(words, words[1:] + [None]):
        if not (word in FAST_PLAIN and following not in FAMILY_AFTER
                and (previous not in RELATION_WORDS or word in COMMON_WORDS)) \
                and not quiet(before, previous, word, following):
            return False
        before, previous = previous, word
    return True


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[str, str, bool, bool]:
    """A word's lower-case and folded forms, and whether it is digits, or letters and digits (cached: notes
    repeat their words)."""
    lower = word.lower()
    if word.isalpha():  # most tokens: one C-level test instead of two scans
        digits = mixed = False
    else:
        digits = DIGITS.fullmatch(word) is not None
        mixed = not digits and any(char.isdigit() for char in word)
    return lower, lower if lower.isascii() else fold(lower), digits, mixed


def tokens_of(text: str) -> list[Token]:
    """The note's tokens, each with its forms and whether it is digits or letters and digits."""
    tokens = []
    for match in TOKEN.finditer(text):
        word = match.group()
        lower, folded, digits, mixed = word_forms(word)  # passed by position: a call with *forms costs a tenth more
        tokens.append(Token(match.start(), match.end(), word, lower, folded, digits, mixed))
    if "MS" not in text:
        return tokens  # most notes: no "MS" to read as Mississippi, and no loop over the tokens
    for index, token in enumerate(tokens):
        if token.text == "MS" and state_code(text, token.start):
            tokens[index] = Token(token.start, token.end, token.text, "mississippi", "mississippi", False, False)
    return tokens


def unsafe_spans(text: str, detected: bool = True) -> tuple[list[Span], list[Span]]:
    """Spans for every token left unsafe, and the public spans that no detector may redact (needed only when
    the detectors found something)."""
    if all_plain(text):  # most notes: every word plain, no digit, no capital inside a sentence
        return [], public_spans(text, tokens_of(text)) if detected else []
    tokens = tokens_of(text)
    public = public_spans(text, tokens)
    cased = has_case(text)
    found, used = number_spans(text, tokens)
    if used:  # shapes that span words and numbers: a birth date with its month named, coordinates with N and W
        starts = [token.start for token in tokens]
        found = shaped_spans(text) + [with_prefix(text, tokens, starts, span) for span in found]
    found += word_spans(text, tokens, used, cased)
    return found, public


MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?|enero|febrero|marzo|abril|mayo|junio|"
         r"julio|agosto|se?tiembre|octubre|noviembre|diciembre|(?:ene|abr|ago|dic)\.?")  # Spanish abbreviations
# A date of the last century with its month named, no cue needed: "14-Mar-52", "March 14 1952", "3 de mayo de
# 1950". Dates of this century stay ("Aug 29 2005" is the storm).
NAMED_DATE = re.compile(rf"(?i)\b(?:\d{{1,2}}(?:st|nd|rd|th)?[\s./-]{{0,3}}(?:de\s+)?(?:{MONTH})[\s./,-]{{0,3}}"
                        rf"(?:de[l]?\s+)?(?:19)?[3-9]\d|(?:{MONTH})[\s./-]{{0,3}}\d{{1,2}}(?:st|nd|rd|th)?[\s.,/-]{{1,3}}'?(?:19)?[3-9]\d"
                        # and Spanish with the month's number: "3 de 4 del 1988"
                        rf"|\d{{1,2}}\s+de\s+\d{{1,2}}\s+del?\s+(?:19)?[3-9]\d)\b")
# Coordinates with hemisphere letters or degrees, in either order: "N29.9712 W90.0489", "29.97°N, 90.04°W".
LETTERED_GPS = re.compile(r"(?i)(?<![\w.])[NSEW]?\s?-?\d{1,3}[.,]\d{2,}\s?°?\s?[NSEW]?[\s,;/]{1,3}[NSEW]?\s?-?\d{1,3}"
                          r"[.,]\d{2,}\s?°?\s?[NSEW]?(?![\w.])|(?<![\w.])[NSEW]\s?-?\d{1,3}[.,]\d{3,}(?![\w.])"
                          # degrees and decimal minutes, the hemisphere first: "N29 58.27 W90 02.93"
                          r"|(?<![\w.])[NS]\s?\d{1,2}[\s°]{1,2}\d{1,2}[.,]\d{1,4}'?[\s,;/]{1,3}[EW]\s?\d{1,3}[\s°]{1,2}"
                          r"\d{1,2}[.,]\d{1,4}'?(?![\w.])")


# What every match of NAMED_DATE holds (the first letters of a month, or "de" and a digit) and of LETTERED_GPS (a
# decimal): where neither stands, neither long pattern is run (most notes with a number).
MONTH_OR_DE = re.compile(r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|set|sti|de\s+\d")
# MONTH_OR_DE's letters, found in ASCII text's lower case by substring search: a case-blind alternation tried at
# every character cost more than the date pattern it spares.
MONTH_LETTERS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "ene", "abr",
                 "ago", "dic", "set", "sti")
# A day and a two-digit year: the fewest digits of a NAMED_DATE (a note with a count or a time has fewer).
NAMED_DATE_DIGITS = 3
DE_DIGIT = re.compile(r"de\s+\d")
DECIMAL = re.compile(r"\d[.,]\d")


def month_or_de(text: str) -> bool:
    """Whether MONTH_OR_DE finds anything in `text` (most ASCII notes are read by substring search alone)."""
    if not text.isascii():
        return MONTH_OR_DE.search(text) is not None
    lowered = text.lower()
    return any(letters in lowered for letters in MONTH_LETTERS) or ("de" in lowered and DE_DIGIT.search(lowered)
                                                                    is not None)


def shaped_spans(text: str) -> list[Span]:
    """Birth dates with a named month and coordinates with hemisphere letters, which cross the token runs."""
    found = [Span(m.start(), m.end(), "dob") for m in NAMED_DATE.finditer(text)] \
        if digit_count(text) >= NAMED_DATE_DIGITS and month_or_de(text) else []
    if DECIMAL.search(text):
        found += [Span(m.start(), m.end(), "gps") for m in LETTERED_GPS.finditer(text)
                  if sum(char.isdigit() for char in m.group()) >= 6]
    return found


# Capitalised codes that open or close an id ("LAM 8812 3345", "H-88-3201", "3345-XK"): taken with the number.
ID_CODE = re.compile(r"[A-Z]{1,4}")
NOT_ID_CODES = {"SSN", "SS", "DOB", "ID", "DL", "LA", "TX", "MS", "FEMA", "EBT", "MRN", "VA", "A", "I", "NO", "NUM",
                "XX", "XXX"}


def with_prefix(text: str, tokens: list[Token], starts: list[int], span: Span) -> Span:
    """An id, SSN or other number's span with the capital-letter code written against it, before or after, and the
    pieces a dash joins to an id ("RC-OK-88214", "38-K209-4X1": a claim number's every part)."""
    if span.kind not in {"id", "number", "ssn", "phone"}:
        return span
    start, end = span.start, span.end
    at = bisect.bisect_left(starts, start)  # the span's first token; the one before it may be the code
    pieced = span.kind in {"id", "number"}
    for _ in range(ID_PIECES):
        before = tokens[at - 1] if at else None
        if not (before and (text[before.end:start] in {"", "-", " "} and code(before)
                            or pieced and text[before.end:start] == "-" and id_piece(before))):
            break
        start, at = before.start, at - 1
    after = bisect.bisect_left(starts, end)
    for _ in range(ID_PIECES):
        if not (after < len(tokens) and (text[end:tokens[after].start] in {"", "-"} and code(tokens[after])
                                         or pieced and text[end:tokens[after].start] == "-"
                                         and id_piece(tokens[after]))):
            break
        end, after = tokens[after].end, after + 1
    return Span(start, end, span.kind)


def id_piece(token: Token) -> bool:
    """Whether the token can be a piece of an id joined by a dash: digits, letters and digits, or a code in capitals
    (a state's too: "FM-TX-40917"), but no cue ("SSN-", "DOB-")."""
    return token.digits or token.mixed or ID_CODE.fullmatch(token.text) is not None and token.text not in CUE_CODES


# The cues written in capitals, which a dash may join to the number they introduce ("SSN-438-22-9107").
CUE_CODES = {"SSN", "SS", "DOB", "ID", "DL", "MRN", "EBT", "FEMA", "NO", "NUM", "XX", "XXX", "A", "I"}
# The most pieces on each side that join an id: "RC-OK-88214" has two before its number.
ID_PIECES = 3


def code(token: Token) -> bool:
    """Whether the token is a capital-letter code that belongs to the number beside it."""
    return ID_CODE.fullmatch(token.text) is not None and token.text not in NOT_ID_CODES


# ------------------------------------------------------------------ public names

def public_spans(text: str, tokens: list[Token]) -> list[Span]:
    """Public places named like people, runs of capitalised words before a public noun, and .gov sites."""
    words = {token.folded for token in tokens}
    found = []
    if not words.isdisjoint(PLACE_FIRST_WORDS):  # the patterns run only where one of their words stands
        found += public_places(text, tokens)
    if "@" in text:
        found += organisation_emails(text)
    if not words.isdisjoint(TOP_LEVEL_DOMAINS):
        for site in WEBSITE.finditer(text):
            domain = site.group().lower().split("//")[-1].removeprefix("www.").split("/")[0]
            if domain in SAFE_SITES or domain.endswith((".gov", ".edu")):
                found.append(Span(site.start(), site.end(), "site"))
    if not words.isdisjoint(TRANSIT):
        found += [Span(m.start(), m.end(), "route") for route in (ROUTE, ROUTE_NUMBER) for m in route.finditer(text)]
    if not words.isdisjoint(RIDING):
        found += [Span(m.start(1), m.end(1), "route") for m in ROUTE_RIDDEN.finditer(text)]
    if not words.isdisjoint(RUNNING) and any(token.digits for token in tokens):
        found += [Span(m.start(1), m.end(1), "route") for m in ROUTE_RUNNING.finditer(text) if route_named(m.group(1))]
    if not words.isdisjoint(PLACE_NOUNS):
        found += place_runs(text, tokens)
    if not words.isdisjoint(LEADING_NOUNS_FOLDED):
        found += named_after(text, tokens, [index for index, token in enumerate(tokens)
                                            if token.lower in LEADING_PLACE_NOUNS or token.lower in SHARED_PLACE_NOUNS
                                            and index and tokens[index - 1].lower in SPANISH_BEFORE_PLACE
                                            or token.lower in SHOP_KINDS_ES and token.text[0].isupper()])
    if "tam" in words:  # "Trung Tâm Văn Hóa Việt": a centre, named after its two-word noun ("trung tâm")
        found += [Span(tokens[index - 1].start, span.end, "public") for index, token in enumerate(tokens)
                  if token.lower == "tâm" and index and tokens[index - 1].lower == "trung"
                  for span in named_after(text, tokens, [index])]
    if not words.isdisjoint(SAINTS):
        found += named_after(text, tokens, [index for index, token in enumerate(tokens) if token.text in SAINT_PREFIXES
                                            and not (index and tokens[index - 1].text[0].isupper())], saint=True)
    if not words.isdisjoint(TOWN_PREFIX_WORDS):
        found += named_after(text, tokens, [index for index, token in enumerate(tokens) if token.text in TOWN_PREFIXES
                                            and not (index and tokens[index - 1].text[0].isupper())], saint=True)
    return found


def organisation_emails(text: str) -> list[Span]:
    """An organisation's email, its local part made of words of its work and places ("bayoufoodpantry@...",
    "pantry.stjoseph@..."): public, as the flyer it is printed on."""
    return [Span(match.start(), match.end(), "site") for match in EMAIL.finditer(text)
            if organisation_address(match.group().split("@")[0].lower())]


def organisation_address(local: str) -> bool:
    """Whether an email's local part is words only, one of them an organisation's (ORGANISATION_WORDS), and no
    person's name but after a saint's prefix ("stjoseph")."""
    pieces = [segmented(piece) if len(piece) <= 40 else None for piece in EMAIL_PIECE.findall(local)]
    words = [word for piece in pieces if piece is not None for word in piece]
    if None in pieces or ORGANISATION_WORDS.isdisjoint(words):
        return False
    return all(word not in NAMES or before in SAINTS for before, word in zip([""] + words, words))


def segmented(piece: str) -> list[str] | None:
    """The piece cut into words an organisation's address is made of (EMAIL_WORDS), fewest words first, if it can be."""
    best: list[list[str] | None] = [[]] + [None] * len(piece)
    for end in range(1, len(piece) + 1):
        for start in range(max(0, end - 14), end):
            word, so_far, known = piece[start:end], best[start], best[end]
            if so_far is not None and (word in EMAIL_WORDS or word in LEARNED_PLACES
                                       or word in NAMES and start >= 2 and piece[:start].endswith("st")) \
                    and (known is None or len(so_far) + 1 < len(known)):
                best[end] = so_far + [word]
    return best[-1]


def route_named(route: str) -> bool:
    """Whether "88 St Claude" is a route of the city's transit: a number it gives routes, then its streets."""
    number, *words = route.split()
    return int(number) <= 202 and all(fold(word.rstrip(".")) in STREET_WORDS | DIRECTION_WORDS | PUBLIC_PLACES
                                      or fold(word) in LEARNED_PLACES for word in words)


def public_places(text: str, tokens: list[Token]) -> list[Span]:
    """PUBLIC_PLACE's matches, tried only at the tokens that can begin one ("la", "new", "st" ...), each with the
    places that begin with its word (PLACES_BY_FIRST_WORD).

    Searching the long alternation at every character cost a third of the
    deny pass on notes that hold any of those common words; every place in it
    begins with a word of PLACE_FIRST_WORDS, so the answers are the same
    (tests/services/test_privacy_gate.py).
    """
    found, covered = [], 0
    for token in tokens:
        if token.start >= covered and token.folded in PLACE_FIRST_WORDS:
            match = PLACES_BY_FIRST_WORD[token.folded].match(text, token.start)
            if match:
                found.append(Span(match.start(), match.end(), "public"))
                covered = match.end()
    return found


# A bus or streetcar route named by its number and streets: "the 55 Elysian Fields bus", "88 St. Claude line".
ROUTE = re.compile(r"\b\d{1,3}\s+(?:[^\W\d][\w'’-]*\.?\s+){1,3}(?i:bus|line|streetcar|route)\b")
# The transit word first, as Spanish and Vietnamese put it (and "bus 88"): "la ruta 88 St Claude", "xe buýt 88".
# A route by its number after a verb of riding, without "bus": "took the 94 Broad", "rode the 88 St Claude".
RIDING = {"took", "take", "takes", "taking", "ride", "rides", "rode", "riding", "catch", "catches", "caught",
          "catching", "tomó", "tomo", "toma", "tomar", "agarró", "agarro"}
ROUTE_RIDDEN = re.compile(r"(?i:\b(?:took|take|takes|taking|ride|rides|rode|riding|catch|catches|caught|catching|"
                          r"tom[óo]|toma|tomar|agarr[óo])\s+(?:the\s+|el\s+|la\s+)?)"
                          r"(\d{1,3}(?:\s+(?:[NSEW]\.?|St\.?|[A-Z][\w'’-]*)){1,3})\b")
# A route as the subject of its running, with no transit word: "the 88 St Claude is running", "the 10
# Tchoupitoulas is late", "el 94 Broad no pasa". RTA numbers its routes up to 202 (route_number_named checks it).
ROUTE_RUNNING = re.compile(r"(?<!\w)(?i:the|el|la)\s+(\d{1,3}(?:\s+(?:[NSEW]\.?|St\.?|[A-Z][\w'’-]*)){1,3}?)"
                           r"\s+(?i:(?:is|was|isn'?t|wasn'?t|not|still|never|no|ya)\s+)?"
                           r"(?i:running|runs|ran|came|comes|late|stopped|stops|back|pasa|pasó|paso|viene|llegó)\b")
ROUTE_NUMBER = re.compile(r"(?i:\b(?:bus|ruta|l[ií]nea|route|line|streetcar|tranv[ií]a|bu[ýy]t))\s+(?:#\s?)?\d{1,3}\b")
# Leading nouns written short, with a period that ends no sentence ("Mt. Zion", "Gen. Pershing", "Avda. Juárez").
ABBREVIATED = {"mt", "gen", "genl", "gov", "adm", "msgr", "cmdr", "avda", "av"}
# Vietnamese shops, named after what they sell: "tiệm phở Lido" (the Lido pho shop), "quán cà phê Hương".
SHOPS_VI = {"tiệm", "quán"}
# What a Latino shop or stand sells, capitalised at the head of its name ("Tacos El Güero", "Mariscos La Perla",
# "Paletería La Reina"); in lower case a word of a sentence ("comimos tacos Rosa y yo").
SHOP_KINDS_ES = {"tacos", "mariscos", "birria", "tortas", "pupusas", "tamales", "raspados", "elotes", "carnitas",
                 "antojitos", "tortillería", "tortilleria", "paletería", "paleteria", "pupusería", "pupuseria",
                 "nevería", "neveria", "mueblería", "muebleria", "joyería", "joyeria", "botánica", "botanica",
                 "llantera", "dulcería", "dulceria", "frutería", "fruteria"}
LEADING_NOUNS_FOLDED = {fold(noun) for noun in LEADING_PLACE_NOUNS | SHARED_PLACE_NOUNS | SHOP_KINDS_ES}
# The words ROUTE_RUNNING ends with, and the words of a route's streets that STREET_WORDS leaves out.
RUNNING = {"running", "runs", "ran", "came", "comes", "late", "stopped", "stops", "back", "pasa", "pasó", "paso",
           "viene", "llegó"}
DIRECTION_WORDS = {"n", "s", "e", "w", "st", "saint", "north", "south", "east", "west"}


def named_after(text: str, tokens: list[Token], indexes: list[int], saint: bool = False) -> list[Span]:
    """The capitalised words (or initials) after a leading place noun or a saint's prefix, with it, as a public
    name: "parque Joe W. Brown", "called St. Peter Claver" (a church); at most four words, two after a saint."""
    found = []
    for index in indexes:
        first = index + 1
        if tokens[index].lower in SHOPS_VI:  # "tiệm phở Lido", "quán cà phê Sài Gòn": what it sells comes first
            while first < len(tokens) and first - index <= 2 and tokens[first].text.islower() \
                    and tokens[first].lower not in KINSHIP_VI:
                first += 1
        stop = first
        if not saint and text.startswith(".", tokens[first - 1].end) and tokens[first - 1].lower not in ABBREVIATED:
            continue  # "mất hết đồ trong tiệm. Mai cần": the sentence ends after the noun (not "Mt. Zion")
        while stop < len(tokens) and stop - first < (2 if saint else 4) and tokens[stop].text[0].isupper() \
                and (len(tokens[stop].text) == 1 or not tokens[stop].text.isupper()) \
                and GAP.fullmatch(text, tokens[stop - 1].end, tokens[stop].start):
            stop += 1
        if saint and stop > first and stop + 1 < len(tokens) and tokens[stop].lower in SAINT_OF \
                and tokens[stop + 1].text[0].isupper() \
                and GAP.fullmatch(text, tokens[stop].end, tokens[stop + 1].start):
            stop += 2  # "St. Francis of Assisi", "San Martín de Porres": the saint's town or byname goes with it
        if stop > first:
            found.append(Span(tokens[index].start, tokens[stop - 1].end, "public"))
    return found


def place_runs(text: str, tokens: list[Token]) -> list[Span]:
    """Names before a public noun: "Dr. King Charter School", "joe w brown park", "norman c francis pkwy".

    Walking back from the noun, a capitalised word always belongs to the
    place's name; in lower case only a name, an initial or an unknown word does
    ("at the park" stops at "the"). A run that opens with Mr or Ms is a person.
    """
    found = []
    for index, token in enumerate(tokens):
        if token.lower not in PLACE_NOUNS or not index:
            continue
        if token.lower in NUMBERED_PLACE_NOUNS and index + 1 < len(tokens) and tokens[index + 1].digits:
            continue  # "o lot 17", "Bldg 4": a lot or a building by its number, part of an address
        if token.lower in BUSINESS_NOUNS and token.lower not in PUBLIC_NOUNS \
                and not (token.text[0].isupper() and not token.text.isupper()):
            continue  # "Darnell roofing the shed", "DARNELL PAINTING": a business's kind counts capitalised only

        head = index  # "convention center", "community center", "high school": the noun's own words first
        while head > 0 and index - head < 3 and (tokens[head - 1].lower in PLACE_MODIFIERS
                                                   or tokens[head - 1].lower in PLACE_NOUNS):
            head -= 1
        start = head
        while start > 0 and head - start < 5 and place_name_word(tokens[start - 1]) \
                and GAP.fullmatch(text, tokens[start - 1].end, tokens[start].start):
            start -= 1
        if token.lower in FIRE_NOUNS and not token.text[0].isupper() \
                and not (start and tokens[start - 1].lower in ARTICLES_BEFORE_FIRE):
            continue  # "the Caldor fire", "Dixie Fire"; not "told Keisha fire is close"
        if start < index and tokens[start].lower not in {"mr", "mrs", "ms", "miss", "mz"}:
            found.append(Span(tokens[start].start, token.end, "public"))
    return found


def place_name_word(token: Token) -> bool:
    """Whether the word can be part of the name of a place before its noun."""
    if token.digits or token.lower in AFTER_CUE_PLAIN and len(token.lower) > 2:
        return token.digits and len(token.text) <= 3  # "McDonogh 35 High", not "at the"
    if token.text.islower() and VIETNAMESE_MARKS.search(token.text) and token.lower in SAFE_WORDS \
            and token.lower not in MARKED_SURNAMES:
        return False  # "gần chợ Vietnamese Farmers Market": a Vietnamese word with its marks, not "Gan" or "Cho"
    return token.text[0].isupper() or len(token.text) == 1 or token.lower in {"jr", "sr", "dr", "st", "mc"} \
        or token.folded in NAMES or token.folded in EVERYDAY_NAMES or token.folded not in SAFE_WORDS \
        or token.folded in PUBLIC_PLACES or token.folded in STREET_WORDS  # "benjamin franklin high", lower case


# ------------------------------------------------------------------ numbers

def number_spans(text: str, tokens: list[Token]) -> tuple[list[Span], set[int]]:
    """Spans of numbers to redact, and the indexes of the tokens read as numbers (redacted or not)."""
    found, used, resume = [], set(), 0
    # Most words are no number and is_number_word could only say no: only the others are visited (none in most
    # notes, which have no digit and no number word).
    numeric = [index for index, token in enumerate(tokens)
               if token.digits or token.mixed or token.lower in NUMBER_LIKE]
    for index in numeric:
        if index < resume:
            continue  # read already as part of a number
        if not (tokens[index].digits or is_number_word(tokens, index)):
            if tokens[index].mixed:
                used.add(index)
                if mixed_is_id(tokens[index].lower) and tokens[index].lower not in PUBLIC_WORDS:  # not "DD214"
                    found.append(Span(tokens[index].start, tokens[index].end, "id"))
            continue
        stop = index + 1
        while stop < len(tokens) and (tokens[stop].digits or is_number_word(tokens, stop)) \
                and (joined(text, tokens[stop - 1], tokens[stop]) or digits_read_out(text, tokens, stop)):
            stop += 1
        run = tokens[index:stop]
        resume = stop
        if all(not token.digits for token in run) and len(run) == 1 and run[0].lower in WEAK_NUMBER_WORDS:
            continue  # "oh" alone is a word
        used.update(range(index, stop))
        kind, end = number_kind(text, tokens, index, stop)
        if kind:
            found.append(Span(run[0].start, end, kind))
    return found, used


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two number tokens are pieces of one number: a mark between them, or a comma between words; not
    across a sentence's end after a time ("by 4:15. 22 doors")."""
    if text.startswith(". ", left.end) and text[left.start - 1:left.start] == ":":
        return False
    if NUMBER_GAP.fullmatch(text, left.end, right.start):
        return True
    return not (left.digits and right.digits) and WORD_GAP.fullmatch(text, left.end, right.start) is not None


def digits_read_out(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a comma between two single digits parts the groups of a number read digit by digit ("6 1 2, 4 4,
    7 0 9 3", "4 bảy 2, 6 tám"): one of the two stands beside another single digit; not a list ("ages 3, 5")."""
    if not WORD_GAP.fullmatch(text, tokens[index - 1].end, tokens[index].start):
        return False
    single = [0 <= at < len(tokens) and (tokens[at].digits and len(tokens[at].text) == 1
                                         or tokens[at].lower in VIETNAMESE_DIGITS)
              for at in range(index - 2, index + 2)]
    return single[1] and single[2] and (single[0] and text[tokens[index - 2].end:tokens[index - 1].start] == " "
                                        or single[3] and text[tokens[index].end:tokens[index + 1].start] == " ")


def is_number_word(tokens: list[Token], index: int) -> bool:
    """Whether the token is a spelled-out number word, "y"/"and" between two ("noventa y uno"), or a spelled mark
    between two pieces of a number ("seven dash two", "504 dash 555")."""
    word = tokens[index].lower
    if word in NUMBER_JOINERS:
        return 0 < index < len(tokens) - 1 and tokens[index - 1].lower in NUMBER_WORDS \
            and tokens[index + 1].lower in NUMBER_WORDS
    if word in SPELLED_MARKS:
        return 0 < index < len(tokens) - 1 and all(
            token.digits or token.lower in NUMBER_WORDS for token in (tokens[index - 1], tokens[index + 1]))
    if word in VIETNAMESE_DIGITS:
        return vietnamese_digit(tokens, index)
    return word in NUMBER_WORDS


def vietnamese_digit(tokens: list[Token], index: int) -> bool:
    """Whether a Vietnamese digit word is a digit here: beside a one-digit number ("3 chín 1", "5 năm, 2"), or in a
    run of SPELLED_DIGITS of them ("bốn một bảy ba không")."""
    if any(0 <= at < len(tokens) and tokens[at].digits and len(tokens[at].text) == 1 for at in (index - 1, index + 1)):
        return True
    start = stop = index
    while start > 0 and tokens[start - 1].lower in VIETNAMESE_DIGITS:
        start -= 1
    while stop + 1 < len(tokens) and tokens[stop + 1].lower in VIETNAMESE_DIGITS:
        stop += 1
    return stop - start + 1 >= SPELLED_DIGITS


# Sizes and dimensions: a tarp, lumber, a room, jeans ("10x20", "2x4s", "30x32", "4x8x12").
DIMENSIONS = re.compile(r"\d{1,3}x\d{1,3}(?:x\d{1,3})?s?")


def mixed_is_id(word: str) -> bool:
    """Whether a token of letters and digits is an id (A-number, card, record), not "2nd", "10am", "5mg"."""
    if DIMENSIONS.fullmatch(word):
        return False  # "10x20" tarp, "30x32" jeans, "12x12" room: a size
    digits = sum(char.isdigit() for char in word)
    letters = DIGIT.sub("", word)
    if word.rstrip("abcdefghijklmnopqrstuvwxyz") and word[len(word.rstrip("abcdefghijklmnopqrstuvwxyz")):] in UNITS \
            and word.rstrip("abcdefghijklmnopqrstuvwxyz").isdigit():
        return digits >= 5  # "10am", "500mg", "2nd"
    if len(letters) <= 1 and digits <= 2:
        return False
    return digits >= 3


def number_kind(text: str, tokens: list[Token], index: int, stop: int) -> tuple[str | None, int]:
    """What the run of number tokens [index, stop) is when it must go, and where its span ends."""
    run = tokens[index:stop]
    raw = text[run[0].start:run[-1].end]
    end = run[-1].end
    before = text[max(0, run[0].start - 2):run[0].start]
    after = next_word(tokens, stop)
    if any(not token.digits for token in run):
        weight = sum(NUMBER_WORDS.get(token.lower, VIETNAMESE_DIGITS.get(token.lower, 0 if token.lower in NUMBER_JOINERS
                                                                         | SPELLED_MARKS else len(token.text)))
                     for token in run)
        hundreds = sum(2 for token in run if token.lower in {"hundred", "cien", "ciento"})  # "nineteen hundred"
        street_at = stop  # "mil quinientos diecinueve de la Tonti": "de la" may stand before the street
        if weight + hundreds >= 3 and next_word(tokens, stop) in NUMBER_OF:
            street_at = stop + 2 if next_word(tokens, stop + 1) in {"la", "el"} else stop + 1
        if weight + hundreds >= 3 and known_street(tokens, street_at):
            return "address", street_end(tokens, street_at)  # "twenty four twelve Desire", "... fourteen st claude"
        return ("number", end) if weight >= SPELLED_DIGITS else (None, end)
    digits = NOT_DIGIT.sub("", raw.replace("O", "0").replace("o", "0"))
    if public_line(raw):
        return None, end  # FEMA's line after "FEMA", a toll-free line after "linea": no one's number
    if len(digits) == 5 and len(run) == 1 and zip_cue_before(tokens, index):
        return None, end  # "ZIP 28801 lost power", "código postal 77640": an area of thousands of homes
    if "$" in before or after in MONEY_WORDS:
        return (None, end) if len(digits) <= 7 else ("number", end)
    if len(run) == 1 and len(raw) == 2 and before[-1:] in {"'", "’"} and not before[:-1].strip(" ("):
        return None, end  # "born in '47", "since '05": a year alone, its century left out
    # The mask of an SSN's first five digits is its cue: "xxx-xx-7734", "***-**-7734", "XXX XX 7734".
    cued = "ssn" if MASKED_SSN.search(text, max(0, run[0].start - 12), run[0].start) else cue_kind(tokens, index)
    if cued == "dob" and len(run) == 1 and len(digits) <= 2:
        cued = None  # "cumple 8 el domingo", "turns 12": an age; a date needs its month, or a year
    if cued and after not in UNIT_WORDS and digits not in HOTLINES and (
            len(digits) >= CUED_DIGITS[cued] and not YEAR.fullmatch(raw) or cued == "dob"):
        return cued, end  # "ssn last 4 9107", "dob 3/14", "medicaid # 4417": a number right after its cue goes
    if digits in HOTLINES and index and tokens[index - 1].lower in UNIT_CUES:
        return "address", end  # "Apt 311", "lot 911": a flat or a lot, not the hotline
    if safe_shape(raw, digits, before, after):
        return None, end
    if len(digits) <= 4 and OLD_DATE.fullmatch(raw):
        return "dob", end  # "3/4/88": a full date of the last century is a birth, however few its digits
    if YEAR.fullmatch(raw) and not (known_street(tokens, stop) and not plain_after_year(text, tokens, stop)) \
            and not house_cue_before(text, tokens, index):
        return None, end  # "a 2004 Corolla", "in 2005", "the 1986 flood" (a street's name as the word it is)
    if len(digits) <= 5 and (street_follows(tokens, stop) or house_cue_before(text, tokens, index)):
        if after in NOT_HOUSE_AFTER or after in TRANSIT or after in UNIT_WORDS:
            return None, end
        return "address", street_end(tokens, stop) if street_follows(tokens, stop) else end
    of_street = stop + 2 if stop + 1 < len(tokens) and tokens[stop + 1].lower in {"la", "el"} else stop + 1
    if len(digits) >= 3 and after in NUMBER_OF and street_follows(tokens, of_street) \
            and not block_before(tokens, index):
        return "address", street_end(tokens, of_street)  # "en la 9123 de Bissonnet", "1823 de la calle Desire"
    if 3 <= len(digits) <= 5 and (street_before_mark(text, tokens, index) or house_pair_after(text, tokens, stop)):
        return "address", end  # "Piety # 1519", the first of "2433 & 2435 Desire"
    if len(digits) <= 4:
        return None, end
    return shape_kind(raw, digits), end


def zip_cue_before(tokens: list[Token], index: int) -> bool:
    """Whether "zip", "zip code" or "código postal" stands just before the number (a PO box's "postal" does not)."""
    words = [token.lower for token in tokens[max(0, index - 2):index]]
    return words[-1:] in (["zip"], ["zipcode"]) or words in (["zip", "code"], ["código", "postal"],
                                                              ["codigo", "postal"])


def cue_kind(tokens: list[Token], index: int) -> str | None:
    """The kind a cue word in the tokens before a number gives it ("ssn", "dob", "medicaid"), if any."""
    for back in range(1, 7):
        if index - back < 0:
            return None
        word = tokens[index - back].lower
        if word in NUMBER_CUES:
            return NUMBER_CUES[word]
        if word not in CUE_FILLERS:
            return None
    return None


DIGIT = re.compile(r"\d")
NOT_DIGIT = re.compile(r"\D")
# Shapes of numbers that identify nobody: a count with thousands commas ("10,000 homes", no id is written so), a
# time, a dose, a temperature or money without its sign, a blood pressure or a day and month, a Louisiana ZIP
# code (it names thousands of households).
SAFE_SHAPES = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,2}[:.h]\d{2}|\d{1,4}[.,]\d{1,2}|\d{2,3}\s?/\s?\d{2,3}"
                         r"|\d{1,2}[/.-]\d{1,2}|7[01]\d{3}")
DAY_YEAR = re.compile(r"\d{1,2},?\s{1,2}((?:19|20)\d{2})")
DATED = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})|(\d{4})-\d{1,2}-\d{1,2}")
GPS_SHAPE = re.compile(r"-?\d{1,3}[.,]\d{3,}(?:\s*[,;/ ]?\s*-?\d{1,3}[.,]\d{3,})?")
OLD_DATE = re.compile(r"\d{1,2}[/.\-–]\d{1,2}[/.\-–](?:19)?\d{2}|\d{1,2},?\s{1,2}19\d{2}")
SSN_SHAPE = re.compile(r"\d{3}\D{1,3}\d{2}\D{1,3}\d{4}")
MASKED_SSN = re.compile(r"(?i)[x*#•]{3}[\s.–—-]{0,2}[x*#•]{2}[\s.–—-]{0,2}$")


def safe_shape(raw: str, digits: str, before: str, after: str | None) -> bool:
    """Numbers that identify nobody: counts, times, doses, temperatures, pressures, years, recent dates, hotlines."""
    if len(digits) <= 2 or digits in HOTLINES:
        return True
    if after in MEASURES and len(digits) <= 6:
        return True  # "12000 btu", "37900 dollars", "10000 gallons": an amount, not an identifier
    if SAFE_SHAPES.fullmatch(raw):
        return True
    day_year = DAY_YEAR.fullmatch(raw)
    if day_year:
        return int(day_year.group(1)) >= 2000  # "Aug 29 2005": a day and a year of this century
    dated = DATED.fullmatch(raw)
    if dated:
        year = int(dated.group(1) or dated.group(2))
        if year < 100:  # "3/14/52" is 1952; "9/14/26" this year
            year += 2000 if year <= 30 else 1900
        return year >= 2000
    return public_number(digits)


def public_line(text: str) -> bool:
    """Whether a number read as an id is a public line written as a phone ("FEMA 1-800-621-3362")."""
    return PUBLIC_LINE.fullmatch(text) is not None or NOT_DIGIT.sub("", text)[-10:] in PUBLIC_NUMBERS \
        or public_number(text)


def public_number(text: str) -> bool:
    """Whether a phone number is a public line: FEMA, a crisis line, any toll-free number."""
    digits = NOT_DIGIT.sub("", text)
    if len(digits) == 7 and digits[0] == "1" and digits[1:].startswith(TOLL_FREE):
        return True  # "1-800-621-FEMA": a toll-free line whose last letters spell a word; no one's number
    return len(digits) in (10, 11) and (digits[-10:] in PUBLIC_NUMBERS or digits[-10:].startswith(TOLL_FREE))


def shape_kind(raw: str, digits: str) -> str:
    """The placeholder for a number that must go, by its shape."""
    if GPS_SHAPE.fullmatch(raw):
        return "gps"
    if len(digits) in (6, 8) and compact_date(digits):
        return "dob"
    if OLD_DATE.fullmatch(raw):
        return "dob"  # a full date of the last century: a birth
    if len(digits) == 9 and SSN_SHAPE.fullmatch(raw):
        return "ssn"
    if len(digits) in (7, 10) or (len(digits) == 11 and digits[0] == "1"):
        return "phone"
    return "number"


def compact_date(digits: str) -> bool:
    """Whether six or eight digits read as a date, month first (031452, 03141952)."""
    month, day = int(digits[:2]), int(digits[2:4])
    year = digits[4:]
    return 1 <= month <= 12 and 1 <= day <= 31 and (len(year) == 2 or year.startswith("19"))


def next_word(tokens: list[Token], at: int) -> str | None:
    """The lower-case token at `at`, if any."""
    return tokens[at].lower if at < len(tokens) else None


def known_street(tokens: list[Token], at: int) -> bool:
    """Whether one of the operation's streets (or a street word) follows, after a direction or "St" if any; after
    a direction or a quadrant, a numbered street too ("1920 W 43rd Pl" is no year, "1927 NE 15th")."""
    if at < len(tokens) and street_prefix(tokens[at]) and at + 1 < len(tokens):
        at += 1
        if (tokens[at - 1].folded in DIRECTIONS or tokens[at - 1].text in QUADRANTS) and ordinal(tokens[at]):
            return True
    return at < len(tokens) and (tokens[at].folded in STREET_WORDS or tokens[at].folded in LEARNED_PLACES)


def plain_after_year(text: str, tokens: list[Token], stop: int) -> bool:
    """Whether the word after a year is an everyday word written in lower case in a note that has capitals: "the
    1986 flood", "the 1957 freeze" (New Orleans has a Flood Street; that is no address)."""
    token = tokens[stop]
    return token.text.islower() and token.folded in COMMON_WORDS and not text.islower()


def street_prefix(token: Token) -> bool:
    """Whether the token is a direction, a quadrant or a street type written before a street's name."""
    return token.folded in STREET_PREFIXES or token.text in QUADRANTS


def ordinal(token: Token) -> bool:
    """Whether the token is a numbered street's ordinal ("8th", "43rd", "21st")."""
    return token.mixed and token.lower.endswith(("th", "nd", "rd", "st")) and token.lower[:-2].isdigit()


def block_before(tokens: list[Token], index: int) -> bool:
    """Whether a block word stands before the number, alone or with its "of" ("cuadra 2800", "la cuadra del
    2800 de Rampart", "el bloque de 1400"): a block of a street, no house."""
    before = [token.lower for token in tokens[max(0, index - 2):index]]
    return bool(before) and (before[-1] in BLOCK_WORDS or before[-1] in NUMBER_OF and before[0] in BLOCK_WORDS)


def street_follows(tokens: list[Token], at: int) -> bool:
    """Whether a street (known, capitalised and rare, or no safe word at all) follows the number."""
    if at >= len(tokens):
        return False
    if street_prefix(tokens[at]) and at + 1 < len(tokens):
        at += 1
    token = tokens[at]
    if grid_number(tokens, at):
        return True  # "450 S 300 E": Salt Lake's grid, a street named by its distance from the centre
    if token.digits or token.lower in NOT_HOUSE_AFTER:
        return False
    if abbreviated_street(tokens, at) or county_road(tokens, at):
        return True  # "1207 Gov Nicholls", "415 County Rd 27"
    if token.folded in STREET_WORDS or token.folded in LEARNED_PLACES or token.text.endswith(("th", "nd", "rd")) \
            and token.mixed:
        return True
    if token.folded not in SAFE_WORDS:
        return True
    return token.text[0].isupper() and token.folded not in COMMON_WORDS


def street_end(tokens: list[Token], at: int) -> int:
    """Where the street after a house number ends: its words, a suffix, at most four words."""
    end, taken = tokens[at - 1].end, 0
    while at < len(tokens) and taken < 4:
        token = tokens[at]
        street_word = grid_number(tokens, at) or not token.digits and (
            token.folded in STREET_WORDS or token.folded in LEARNED_PLACES or token.folded in DIRECTIONS
            or token.text in QUADRANTS
            or token.folded in {"st", "saint"} or token.folded in STREET_TYPES or token.folded not in SAFE_WORDS
            or (token.text[0].isupper() and token.folded not in COMMON_WORDS) or token.mixed
            or abbreviated_street(tokens, at) or county_road(tokens, at) or (taken and token.text[0].isupper()
                                                  and tokens[at - 1].folded in STREET_ABBREVIATIONS))
        if not street_word or token.lower in TRANSIT:
            break
        end, taken, at = token.end, taken + 1, at + 1
        if token.folded in SUFFIXES and not (taken == 1 and token.folded in STREET_PREFIXES):
            if numbered_road(tokens, at):
                end = tokens[at].end  # "1600 Hwy 613", "415 County Rd 27": the road's number is the street's name
            break  # "900 Tchoupitoulas St" ends at its suffix; "3214 St Claude" goes on
    return end


# Roads named by a number after their word: a highway, and a county, parish or state road.
HIGHWAY_WORDS = {"hwy", "highway", "hwy."}
ROAD_OWNERS = {"county", "co", "parish", "state", "farm"}


def grid_number(tokens: list[Token], at: int) -> bool:
    """Whether the number at `at` names a street of a numbered grid, a direction on each side ("450 S 300 E",
    "1250 W 400 N"), as the Mountain West's cities number their streets."""
    return 0 < at < len(tokens) - 1 and tokens[at].digits and tokens[at - 1].folded in DIRECTIONS \
        and tokens[at + 1].folded in DIRECTIONS


def county_road(tokens: list[Token], at: int) -> bool:
    """Whether a county's, parish's or state's road begins at `at` ("County Rd", "parish road")."""
    return tokens[at].folded in ROAD_OWNERS and next_word(tokens, at + 1) in {"rd", "road"}


def numbered_road(tokens: list[Token], at: int) -> bool:
    """Whether the suffix just read (at `at` - 1) is a highway's or a county road's and its number follows."""
    suffix = tokens[at - 1]
    numbered = suffix.folded in HIGHWAY_WORDS or suffix.folded in {"rd", "road"} and at >= 2 \
        and tokens[at - 2].folded in ROAD_OWNERS
    return numbered and at < len(tokens) and tokens[at].digits and len(tokens[at].text) <= 4


def street_before_mark(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a known street and a "#" stand just before the number ("Piety # 1519", "Law St #2415")."""
    if not index or "#" not in text[tokens[index - 1].end:tokens[index].start]:
        return False
    street = tokens[index - 1]
    return street.folded in STREET_WORDS or street.folded in LEARNED_PLACES


def house_pair_after(text: str, tokens: list[Token], stop: int) -> bool:
    """Whether "&", "and" or "y" and a second house number on a street follow ("2433 & 2435 Desire")."""
    at = stop
    if at < len(tokens) and tokens[at].lower in {"and", "y"}:
        at += 1
    elif not (at < len(tokens) and "&" in text[tokens[at - 1].end:tokens[at].start]):
        return False
    return at < len(tokens) and tokens[at].digits and 3 <= len(tokens[at].text) <= 5 and street_follows(tokens, at + 1)


def abbreviated_street(tokens: list[Token], at: int) -> bool:
    """Whether a street's shortened first word ("Gov", "Gen") and a capitalised word stand at `at`."""
    token = tokens[at]
    following = tokens[at + 1] if at + 1 < len(tokens) else None
    return token.folded in STREET_ABBREVIATIONS and token.text[0].isupper() and following is not None \
        and following.text[0].isupper() and not following.digits


def house_cue_before(text: str, tokens: list[Token], index: int) -> bool:
    """Whether "house #", "lot", "room", "P.O. box", "número" stands just before the number."""
    if index == 0 and tokens[0].start and text[tokens[0].start - 1] == "#":
        return True  # "#5109 Chef Menteur" opening the note
    if index and tokens[index - 1].lower in HOUSE_CUES:
        return True
    return index > 1 and tokens[index - 2].lower in HOUSE_CUES and tokens[index - 1].lower in {"no", "number", "num"}


# ------------------------------------------------------------------ words

def word_spans(text: str, tokens: list[Token], used: set[int], cased: bool, quiet_path: bool = True) -> list[Span]:
    """A [name] span for every word that is not safe where it stands.

    Most words are decided without a call: a plain word (no name) anywhere
    but after a title, and, when `quiet_path`, any other safe word ("long",
    "my", "hope") where no rule of is_name can make it a name (quiet()); tests/
    services/test_privacy_gate.py proves that second path changes no answer.
    """
    found = []
    named = False  # whether the word before was read as a name (names run on: "Hope Guidry")
    before = previous = previous_folded = ""
    following_words = [token.lower for token in tokens[1:]] + [None]
    paren = "(" in text
    roles = paren or not COPULAS.isdisjoint(following_words)  # most notes: no "is" nor a parenthesis, no role
    hyphens = "-" in text  # most notes: no hyphen, so no doubled nickname ("Tee-Tee") nor hyphened name to look at
    for index, token in enumerate(tokens):
        following = following_words[index]
        # A given name and its role after it ("Joy (the mom)", "Hope is the daughter"): is_name reads it.
        role = roles and (following in COPULAS or paren and following is not None
                          and "(" in text[token.end:tokens[index + 1].start]) \
            and introduced_by_role(text, tokens, index, cased)
        plain = not role and ((token.folded in PLAIN_WORDS or token.lower in MARKED_PLAIN)
                              and previous not in FAST_PATH_BREAKERS
                              and not (previous in RELATION_WORDS and token.folded not in COMMON_WORDS)
                              and following not in FAMILY_AFTER
                              and not (following in AGE_VERBS and token.folded not in COMMON_WORDS)
                              or quiet_path and token.folded in QUIET_SAFE
                              and quiet(before, previous, token.lower, following)
                              and quiet(before, previous_folded, token.folded,
                                        following and tokens[index + 1].folded)) \
            and (not (cased and token.text[0].isupper()) or opens_sentence(text, token.start)) \
            and not (hyphens and text.startswith("-", token.end) and doubled(tokens, index)) \
            and not (named and (not cased or titled(tokens, index - 1)) and surname_after_given(tokens, index,
                                                                                              token.folded)) \
            and not (named and hyphens and text[tokens[index - 1].end:token.start] == "-") \
            and not (index == 0 and text.startswith(",", token.end))  # "Esperanza, dob ...": is_name reads it
        before, previous, previous_folded = previous, token.lower, token.folded
        if plain or index in used or token.digits or token.mixed or is_placeholder(text, token):
            named = False  # a plain safe word (most words) is decided here, without a call
            continue
        hyphened = named and index and text[tokens[index - 1].end:token.start] == "-"
        name = hyphened or is_name(text, tokens, index, cased, named)  # "Jean-Pierre", "Batiste-Harris"
        if name:
            found.append(Span(token.start, token.end, "name"))
            if not named and nickname_before(text, tokens, index):
                found.append(Span(tokens[index - 1].start, tokens[index - 1].end, "name"))
            elif not named:
                found += given_name_before(text, tokens, index, cased, found)
        named = name
    return found


def repeated_names(text: str, spans: list[Span]) -> list[Span]:
    """Every other place the note writes a word it redacted as a name ("Ray and Bonnie ... Ray is the one",
    "Mr. Lonnie Brewer ... Lonnie's phone"): a name read once is that person's wherever it stands. A capitalised
    word, or one no common word, or any in a note without case; one of the commonest words ("April", "Will") only
    capitalised inside a sentence; not the words that make up the placeholders, nor those inside a public name
    ("Rosa dijo ... la iglesia Santa Rosa de Lima": the church keeps its name)."""
    words = {fold(word) for span in spans if span.kind == "name"
             for word in TOKEN.findall(text[span.start:span.end]) if len(word) >= 3}
    words = {word.removesuffix("'s").removesuffix("’s") for word in words} - TITLE_WORDS - CUE_TITLES
    haystack = text.lower() if text.isascii() else fold(text)
    if all(haystack.count(word) <= 1 for word in words):
        return spans  # most notes name a person once: no word of a name stands twice, so nothing to read
    cased = has_case(text)
    ends = [span.end for span in spans]  # settled: sorted, no overlaps
    public = public_spans(text, tokens_of(text))  # read only here: a name word written twice is rare
    more = []
    for match in TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        bare = fold(word).removesuffix("'s").removesuffix("’s")
        if bare not in words or cased and not word[0].isupper() and bare in COMMON_WORDS \
                or bare in TOP_WORDS and not (cased and word[0].isupper() and not opens_sentence(text, start)) \
                and not acts(text, start, end, cased):
            continue
        at = bisect.bisect_right(ends, start)  # the first span that ends after the word starts
        placeholder = text[start - 1:start] == "[" and text[end:end + 1] == "]"
        if (at == len(spans) or spans[at].start >= end) and not placeholder \
                and not any(other.start <= start and end <= other.end for other in public):
            more.append(Span(start, end, "name"))
    return sorted(spans + more, key=lambda span: span.start) if more else spans


def joined_names(text: str, spans: list[Span]) -> list[Span]:
    """The word joined by "and", "y" or "&" to a name the note redacted, and the word that opens a list of them
    with a comma: more people of the same sentence ("Keisha and mel", "con Rosa y Nico", "Amparo, Lupe y Chela")."""
    names = [span for span in spans if span.kind == "name"]
    if not names or "&" not in text and not has_word(COORDINATORS, text):
        return spans  # most notes: no name, or nothing that joins one to another
    cased = has_case(text)
    starts = {span.start for span in spans}
    more = []
    for span in names:
        after = JOINED_AFTER.match(text, span.end)
        if after and after.start(1) not in starts and joinable(text, after, cased):
            more.append(Span(after.start(1), after.end(1), "name"))
        if after and after.start(1) in starts and span.start >= 2:
            opener = LIST_OPENER.search(text, max(0, span.start - 40), span.start)
            if opener and opener.start(1) not in starts and joinable(text, opener, cased):
                more.append(Span(opener.start(1), opener.end(1), "name"))
    if not more:
        return spans
    return settle(spans + more)


def joinable(text: str, match: re.Match, cased: bool) -> bool:
    """Whether the word a name is joined to is a name too: capitalised in a note with case (or a given name in
    lower case), and no common word, place, relation, title or public name ("Mom and Keisha", "Rosa y Grace
    Church")."""
    word = match.group(1)
    bare = fold(word.lower()).removesuffix("'s").removesuffix("’s")
    if bare in TOP_WORDS or bare in PUBLIC_WORDS or bare in TOWN_WORDS or bare in LEARNED_PLACES \
            or bare in NOT_JOINED or bare in STREET_WORDS or bare in SAINTS or bare in CALENDAR or len(bare) < 3:
        return False
    following = TOKEN.match(text, match.end() + 1) if text[match.end():match.end() + 1] == " " else None
    if following and following.group().lower() in PLACE_NOUNS:
        return False  # "Rosa and Grace Church": a place
    if cased and word[0].isupper() and not word.isupper():
        return True
    return bare in first_names() or not is_safe_word(bare)


# A word after "and", "y", "&" or "và" after a name; a word and a comma before one.
JOINED_AFTER = re.compile(r" {1,2}(?:and|y|&|và) {1,2}([^\W\d_][\w'’-]*)")
LIST_OPENER = re.compile(r"(?:^|(?<=[\s.!?;:]))([^\W\d_][\w'’-]*), {1,2}\Z")


def acts(text: str, start: int, end: int, cased: bool) -> bool:
    """Whether the word at [start, end) opens a sentence, capitalised, and a verb a person takes follows it: a
    name the note has redacted once is the name again there ("le decimos Sol. Sol perdió la casa")."""
    if cased and not text[start].isupper() or not opens_sentence(text, start):
        return False  # most words: inside a sentence
    following = TOKEN.search(text, end)
    if following is None:
        return False
    verb = following.group().lower()
    return verb in FINITE_AFTER or verb.endswith("ó") and len(verb) > 3  # "perdió", "llegó": a Spanish preterite


def quiet(before: str, previous: str, word: str, following: str | None) -> bool:
    """Whether a safe word of letters stands where no rule of is_name can make it a name: no cue before it (a
    title, a relation, "named", a kinship word, a saint, a family name), no verb, "and" or "family" after it, not
    twice in a row, no middle name itself (the caller checks a capital inside a sentence and the run of a name).
    `before` and `previous` are the two words before, in lower case or folded: both are looked up."""
    return previous not in CUE_PREVIOUS and (before, previous) not in CUE_PAIRS and following not in CUE_FOLLOWING \
        and word != previous \
        and word != following and word not in MIDDLE_NAMES and word.isalpha()


def given_name_before(text: str, tokens: list[Token], index: int, cased: bool, found: list[Span]) -> list[Span]:
    """A given name that is also a word, just before a name or joined to it by "and": "Frank Delacroix said",
    "faith marie landry", "Grace and Jaquan"; not "I hope Keisha is ok" (lower case inside a sentence)."""
    at = index - 1
    if at >= 1 and tokens[at].lower in COORDINATORS and text[tokens[at - 1].end:tokens[at].start] == " ":
        at -= 1
    gap = text[tokens[at].end:tokens[at + 1].start] if at >= 0 else ""
    if at < 0 or not (gap == " " or gap == "-" and tokens[at].text[0].isupper()) \
            or (found and found[-1].start == tokens[at].start):
        return []
    given = tokens[at]
    if at == index - 2 and cased and given.text[0].isupper() and given.text.isalpha() and len(given.text) >= 3 \
            and given.folded not in TOP_WORDS and given.folded not in PUBLIC_WORDS and given.folded not in TOWN_WORDS \
            and given.folded not in LEARNED_PLACES and given.folded not in NAMES and given.lower not in NOT_JOINED:
        return [Span(given.start, given.end, "name")]  # "Chelo y Marisol", "Tito and Keisha": a nickname, joined
    if given.folded not in first_names() or given.lower in TITLE_WORDS or given.lower in AFTER_CUE_PLAIN \
            or not given.text.isalpha() or len(given.text) < 3:
        return []
    if cased and given.text[0].isupper() or not cased and (given.folded not in TOP_WORDS
                                                            or opens_sentence(text, given.start)):
        return [Span(given.start, given.end, "name")]
    return []


def camel_case_words(token: Token) -> bool:
    """Whether the token is plain words run together, each capitalised ("TalkWithUs", "StaySafe"), and no name
    ("LeBlanc", "DeShawn" hold one)."""
    if token.text[1:].islower() or token.text.isupper():
        return False  # no capital inside the word: no CamelCase (most words)
    pieces = CAMEL_PIECE.findall(token.text)
    return len(pieces) >= 2 and "".join(pieces) == token.text and token.folded not in NAMES \
        and all(piece.lower() in PLAIN_WORDS for piece in pieces)


def hyphened_term(text: str, tokens: list[Token], index: int) -> bool:
    """Whether the word is half of a public term written with a hyphen ("klor-con", "z-pack", "winn-dixie")."""
    token = tokens[index]
    if index and text[tokens[index - 1].end:token.start] == "-" \
            and f"{tokens[index - 1].lower}-{token.lower}" in PUBLIC_WORDS:
        return True
    return index + 1 < len(tokens) and text[token.end:tokens[index + 1].start] == "-" \
        and f"{token.lower}-{tokens[index + 1].lower}" in PUBLIC_WORDS


def marked_word_after_determiner(tokens: list[Token], index: int) -> bool:
    """Whether a Spanish word written with its accent or "ñ" and safe so written stands after an article, a
    possessive or a count: a noun ("la niña", "los baños", "dos niños"), whatever name its unmarked form is."""
    token = tokens[index]
    if token.text.isascii() or not index or token.lower not in SAFE_WORDS or token.lower in NAMES:
        return False
    before = tokens[index - 1]
    return before.lower in DETERMINERS or before.digits or before.lower in NUMBER_WORDS


def doubled(tokens: list[Token], index: int) -> bool:
    """Whether the word and the next are one word twice, hyphened, both capitalised: a nickname ("Tee-Tee",
    "Nae-Nae"); not "so-so", "Bye-bye"."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and following.start == tokens[index].end + 1 \
        and following.text == tokens[index].text and following.text[0].isupper()


def nickname_before(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a capitalised nickname prefix stands just before the name at `index` ("Big Mike", "Lil Dre")."""
    if not index:
        return False
    before = tokens[index - 1]
    return before.lower in NICKNAME_PREFIXES and before.text[0].isupper() \
        and text[before.end:tokens[index].start] == " "


@lru_cache(maxsize=4)
def unmarked_vietnamese(text: str) -> bool:
    """Whether the note is Vietnamese typed without marks: two everyday words of it that no other language has."""
    return len({word for word in TOKEN.findall(text.lower()) if word in UNMARKED_VIETNAMESE}) >= 2


def vehicle(tokens: list[Token], index: int) -> bool:
    """Whether a car make named like a person is the car here: after an article or a year, before "truck"."""
    before = tokens[index - 1] if index else None
    return (before is not None and (before.lower in VEHICLE_BEFORE or before.digits)) \
        or next_word(tokens, index + 1) in VEHICLE_AFTER


def vietnamese_name(tokens: list[Token], index: int) -> bool:
    """Whether the word is part of a family name, "văn" or "thị", and a given name ("tran van hung")."""
    for start in range(max(0, index - 2), index + 1):
        window = tokens[start:start + 3]
        if len(window) == 3 and window[0].folded in VIETNAMESE_SURNAMES and window[1].lower in MIDDLE_NAMES \
                and (window[0].lower == window[0].folded or window[0].lower in MARKED_SURNAMES) \
                and not window[2].digits:
            return True
    return False


def not_a_person(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a storm's or a holy name is the storm or the holy one here: "since Ida", "Hurricane Francine",
    "Katrina took everything", "thank you Jesus", "Virgen de Guadalupe"; not "my daughter Katrina"."""
    before = tuple(token.lower for token in tokens[max(0, index - 2):index])
    after = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    word = tokens[index].folded
    if word in HOLY and (set(before) & HOLY_BEFORE or before == ("thank", "you") or after in HOLY_AFTER
                         or faith_line(tokens, index)):
        return True
    if word in HOLY and word != "maria":
        return False  # María is also the storm of 2017 ("desde María"); Jesús and Guadalupe are no storms
    if after in REPORTING_VERBS and text[tokens[index].end:tokens[index + 1].start].isspace():
        return False  # "Isaac said"; not "after Ida, wants to move" (a comma ends the storm's clause)
    return bool(set(before[-1:]) & STORM_BEFORE or before in STORM_BEFORE_ES or after in STORM_AFTER
                or word in FAMOUS_STORMS)


def faith_line(tokens: list[Token], index: int) -> bool:
    """Whether a holy name is the subject of a line of faith: "jesus is my rock", "Jesus is lord"; not "Jesus is my
    son" (a relation after "my" makes him a person)."""
    following = [token.lower for token in tokens[index + 1:index + 4]]
    if following[:1] != ["is"] or len(following) < 2:
        return False
    if following[1] == "my":
        return len(following) == 3 and following[2] not in RELATION_WORDS and following[2] not in AFTER_CUE_PLAIN
    return following[1] in {"lord", "good", "king", "love", "real", "with", "coming", "faithful"}


def has_case(text: str) -> bool:
    """Whether the note is written with case (capitals and lower case both), so a capital can mark a name."""
    return any(char.isupper() for char in text) and any(char.islower() for char in text)


def is_placeholder(text: str, token: Token) -> bool:
    """Whether the token is a placeholder already in the text ("[name]"), so scrubbing twice changes nothing."""
    return text[token.start - 1:token.start] == "[" and text[token.end:token.end + 1] == "]"


def is_name(text: str, tokens: list[Token], index: int, cased: bool, named: bool) -> bool:
    """Whether the word at `index` is (part of) a person's name, or no word known to be safe."""  # noqa: C901
    token = tokens[index]
    word, folded = token.lower, token.folded
    previous = tokens[index - 1].lower if index else ""
    second = tokens[index - 2].lower if index >= 2 else ""
    if previous in SAINTS and (token.text[0].isupper() or not cased) and not address_ends_before(tokens, index):
        return False  # "St. Stephen", "san judas", "st augustine high": a church, a street, a school
    if (previous in OF_OR_ARTICLE or second in OF_OR_ARTICLE) and second and marian_title(tokens, index):
        return False  # "Our Lady of Lourdes", "Nuestra Señora de la Caridad", "Virgen de San Juan": a church
    if second in SAINTS and saints_second_name(tokens, index, cased):
        return False  # "st maria goretti", "St Peter Claver": a saint's two names, a church or a school
    if len(word) == 1 and not named:
        return False  # a letter alone (an initial after a name is taken with it)
    bare = folded.removesuffix("'s").removesuffix("’s")
    capital = cased and token.text[0].isupper()
    if named and word in NAME_SUFFIXES:
        return True  # "Kenneth Boudreaux Jr.", "Alton Mayeux III"
    if camel_case_words(token) or hyphened_term(text, tokens, index):
        return False  # "TalkWithUs", "StaySafe" (plain words run together), "klor-con", "accu-chek" (a product)
    if not capital and marked_word_after_determiner(tokens, index):
        return False  # "la niña", "el dueño", "los baños": a noun, though "nina" is a Census name
    if not capital and (previous in {"a", "an"} and word in ENGLISH_WORD_NAMES
                        and next_word(tokens, index + 1) not in FAMILY_AFTER
                        or (previous in ARTICLES_ES or previous in POSSESSIVES_ES) and word in NOUN_NAMES_ES
                        and next_word(tokens, index + 1) not in PERSON_AFTER):
        return False  # "an angel came by", "fue una victoria", "su angel": a noun; not "la rosa dijo"
    if not capital and word in COLOURS_ES and index and tokens[index - 1].text.islower() \
            and tokens[index - 1].folded in SAFE_WORDS and previous not in NOT_BEFORE_COLOUR \
            and next_word(tokens, index + 1) not in PERSON_AFTER:
        return False  # "la casa rosa", "la puerta violeta": a colour after its noun; not "con rosa", "a rosa"
    if not capital and previous in LADY_OR_GENTLEMAN and lady_or_gentleman(tokens, index) and bare in SAFE_WORDS \
            and (cased or bare not in first_names()):
        return False  # "la señora lee cada noche", "el señor reza": "the lady reads", no title before a name
    if capital and previous in STREET_BEFORE_VI and bare not in VIETNAMESE_GIVEN_FOLDED \
            and bare not in VIETNAMESE_SURNAMES:
        return False  # "trên Procter", "duong Dequeen": a street (not "dượng Hùng", a stepfather, typed without marks)
    if capital and (after_direction(text, tokens, index) or before_quadrant(tokens, index)
                    or digit_count(text) and crosses_numbered_street(text, tokens, index)):
        return False  # "on S Quincy", "the corner of Janeway and 5th", "calle 21 y Garnett", "Integris SW": a place
    if capital and previous in OF_WORDS and index >= 2 and tokens[index - 2].lower in CONTAINERS \
            and not word.endswith(("'s", "’s")):
        return False  # "6 cases of Ozarka", "3 cajas de Jumex": a brand (not "the bag of Keisha's", her bag)
    if index == 0 and capital and bare in SOUTH_TOWNS_NAMED and heading_town(text, tokens):
        return False  # "Marion - Kickapoo St - trees down", "Warren: 6 familias en Lindsey St": the town visited
    cue = cue_before(text, tokens, index, cased)  # read once: most rules below ask for it
    if word in PERSON_NOUNS and cue not in {"title", "nickname"}:
        return False  # "Lady cried", "Man asked", "niña de 12 años": a person, by no name
    if capital and not cue and after_place_preposition(text, tokens, index, bare):
        return False  # "the church on Ingalls", "this side of Gautier": a street or a town
    if capital and previous in SPEAKING and not token.lower.endswith(("'s", "’s")):
        return False  # "he speaks Karen", "hablan Mam": a language (a person is spoken "to" or "with")
    if index == 0 and capital and bare in first_names() and text.startswith(",", token.end) \
            and any(other.lower in NUMBER_CUES for other in tokens):
        return True  # "Rocío, 3 de 4 del 1988 cumpleaños": the note is about the one it opens with
    if cased and not capital and bare in VIETNAMESE_SURNAMES and unmarked_vietnamese(text) \
            and not vietnamese_name(tokens, index) and not cue:
        return False  # "tinh nguyen vien" (volunteer) typed without marks: a syllable, not Nguyễn
    if capital and doubled(tokens, index):
        return True  # "Tee-Tee said": a nickname, whatever its halves mean
    if capital and bare == "carr" and index + 1 < len(tokens) and tokens[index + 1].digits:
        return False  # "Carr. 2", "Carr 845": Puerto Rico's roads by their number (carretera), not Mr Carr
    if capital and named_storm(tokens, index):
        return False  # "Hurricane Otis", "el huracán Fiona", "tropical storm Hilary": a storm, whatever its name
    if bare in STORMS_AND_SAINTS and not cue and not_a_person(text, tokens, index):
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if not cue and following is not None and (
            (following.lower in COPULAS or "(" in text[token.end:following.start])
            and introduced_by_role(text, tokens, index, cased)
            or word.endswith(("'s", "’s")) and reached_through(tokens, index, cased)):
        return True  # "Joy (the mom)", "Hope is the daughter", "Daniela's email"
    if not capital and word != bare and not cue and (spanish_lemma(word) or augmentative(word, bare)):
        return False  # "vivían", "calorón": a verb or a noun as typed with its accent ("vivian" reads as a name)
    if capital and family_after_surname(text, tokens, index, bare):
        return True  # "Pham family: needs insulin", "Okafor household ok": a family by its surname
    if not is_safe_word(bare, typed=not capital):
        return not acronym(token, cased) or cue == "title"
    if vietnamese_name(tokens, index):
        return True
    known = bare in SAFE_WORDS or bare in LEARNED_PLACES or is_safe_word(bare, typed=False)
    if named and capital and (bare in NAMES or bare in EVERYDAY_NAMES) and not opens_sentence(text, token.start):
        return True  # the second word of a name ("Hope Guidry", "Rose Marie")
    if named and capital and tokens[index - 1].folded in VIETNAMESE_GIVEN_FOLDED and VIETNAMESE_MARKS.search(text) \
            and not opens_sentence(text, token.start):
        return True  # "Nguyễn Thị Kim Oanh": a Vietnamese name runs on to a fourth capitalised syllable
    if named and (not cased or titled(tokens, index - 1)) and surname_after_given(tokens, index, bare):
        return True  # "DEBBIE PRICE", "keisha young", "mr hunter lee": a common surname after a given name
    if cue and not known and word not in AFTER_CUE_PLAIN:
        return True  # a slip of a word after "don", "named", "my son" is more likely a name ("don chuy")
    if cue == "title":  # "Mr Brown", "ms rose", "don chuy", "ms june"; not "Dr. appointment"
        return word not in AFTER_CUE_PLAIN and word not in REPORTING_VERBS and (
            bare in CALENDAR and bare in first_names() and bare != "may" or  # not "Dr. may call back"
            capital or bare in TOWN_WORDS or (bare in EVERYDAY_NAMES or bare in first_names()) and bare not in TOP_WORDS
            or bare not in COMMON_WORDS or bare in first_names() and next_word(tokens, index + 1) in FINITE_AFTER
            or bare in first_names() and surname_follows(tokens, index))  # "mrs april fontenot"
    if cue == "nickname" and word not in AFTER_CUE_PLAIN:  # "they call him Peanut", "le dicen Chino"
        return capital or not cased
    if cue == "phrase" and not capital and word != bare and word in SAFE_WORDS \
            and word not in VIETNAMESE_GIVEN:
        return False  # "hẹn gặp lại" (see you again): an everyday word typed with its marks, in lower case
    if cue == "phrase" and word not in AFTER_CUE_PLAIN:  # "named Hope", "spoke with rose", "pastor Tuyen"
        return bare in first_names() or bare in TOWN_WORDS or (capital and bare not in COMMON_WORDS) \
            or capital and bare in VIETNAMESE_GIVEN_FOLDED
    if cue == "relation" and word not in AFTER_CUE_PLAIN:  # "her daughter Hope", "grandson jaylen"; not "my son will"
        given = bare in first_names() or bare in VIETNAMESE_GIVEN_FOLDED or bare in TOWN_WORDS
        rare = bare not in COMMON_WORDS and bare not in PUBLIC_WORDS and not bare.endswith(WORD_SUFFIXES)
        return (capital and given) or rare or (given and next_word(tokens, index + 1) in FINITE_AFTER)
    if cue == "family" and word not in AFTER_CUE_PLAIN:  # "the Washington fam", "familia Castillo", "gia đình Trần"
        if capital:
            return bare in surnames() or bare in first_names() or bare not in COMMON_WORDS
        return bare in VIETNAMESE_SURNAMES and (word == bare or word in MARKED_SURNAMES) \
            or bare not in COMMON_WORDS  # not "the foster family", "gia đình đang dọn" (is cleaning)
    if cue == "kinship" and not capital and word != bare and word in SAFE_WORDS \
            and next_word(tokens, index + 1) in VERY_VI:
        return False  # "ông mạnh lắm" (he is very strong), "bà hiền quá": an everyday word and "very"
    if cue == "kinship" and VIETNAMESE_MARKS.search(text):  # "chị Lan", "cô Hoa", "chị Hung"; not "Bà Ngoại"
        # A family name typed without its marks in a marked note is an everyday syllable ("trẻ em ho nhiều").
        surname = bare in VIETNAMESE_SURNAMES and (capital or word in MARKED_SURNAMES or word not in SAFE_WORDS)
        unmarked_given = word == bare and bare in VIETNAMESE_GIVEN_FOLDED and (capital or token.text.isupper())
        return word in VIETNAMESE_GIVEN or surname or unmarked_given or (capital and bare not in SAFE_WORDS)
    if cue == "kinship" and word in DETERMINERS and not unmarked_vietnamese(text):
        return False  # "CON LA FAMILIA", "con su hija": Spanish "con" (with) and an article, not "con" (child)
    if cue == "kinship":  # "bac Hung goi truoc", "CO THU", "nha co Hoa"; not "ba con trong xom"
        # Without marks a given name is an everyday syllable ("trong", "ba"): only a capitalised one is a name.
        return token.text[0].isupper() and bare not in KINSHIP_VI_FOLDED and (
            bare in VIETNAMESE_GIVEN_FOLDED or bare in VIETNAMESE_SURNAMES or bare not in SAFE_WORDS)
    if acronym(token, cased):
        return False
    if not capital and word != bare and word in SAFE_WORDS and word not in VIETNAMESE_GIVEN \
            and VIETNAMESE_MARKS.search(text):
        return False  # "mình nói chuyện" (we talked): a word whose marks no given name carries ("Minh" has none)
    if called_back(tokens, index) and bare in first_names():
        return True  # "call hope back", "text will back": a person is called back
    if heads_a_report(text, tokens, index, cased) and (bare in first_names() or bare in TOWN_WORDS):
        return True
    if bare in RARE_GIVEN and opens_sentence(text, token.start) and (capital or not cased):
        return True  # "tremaine helped us carry water": a given name and no common word, opening a sentence
    if states_an_age(text, tokens, index, cased) and (bare not in COMMON_WORDS or bare in TOWN_WORDS
                                                      or bare in first_names() and (
            bare not in TOP_WORDS and bare not in CUE_TITLES and bare not in RELATION_WORDS)):
        return True  # "Tootie is 84", "Junior turned 9"; not "Nana is 90", "Baby is 2"
    if capital and not opens_sentence(text, token.start):
        return capitalised_is_name(tokens, index, bare)
    return False


def heading_town(text: str, tokens: list[Token]) -> bool:
    """Whether the note opens with a heading (a town, then a colon or a dash) and names a street after it: the
    town of the visit, as notes head their place ("Marion - Kickapoo St - trees down")."""
    mark = HEADING_MARK.match(text, tokens[0].end)
    if mark is None or len(tokens) < 2 or tokens[1].lower in FINITE_AFTER or tokens[1].lower in PERSON_AFTER:
        return False  # "Warren: lives on Elm St": what a person does, so a person
    return NAMED_STREET.search(text, mark.end()) is not None


def named_storm(tokens: list[Token], index: int) -> bool:
    """Whether the word names a storm: after "hurricane", "huracán", "typhoon" or "bão", or after "tropical storm"
    or "tormenta tropical" ("storm" alone may end a clause: "after the storm Keisha said")."""
    previous = tokens[index - 1].lower if index else ""
    if previous in HURRICANE_WORDS:
        return True
    second = tokens[index - 2].lower if index >= 2 else ""
    return (second, previous) in {("tropical", "storm"), ("tormenta", "tropical"), ("tropical", "depression")}


def family_after_surname(text: str, tokens: list[Token], index: int, bare: str) -> bool:
    """Whether a surname that is no common word (or a Vietnamese family name) opens a sentence and "family" follows,
    no article before it and none itself ("Pham family", "Okafor household"; not "Foster family", "La familia")."""
    return next_word(tokens, index + 1) in FAMILY_AFTER and opens_sentence(text, tokens[index].start) \
        and tokens[index].lower not in DETERMINERS \
        and (bare in VIETNAMESE_SURNAMES or bare in surnames() and bare not in COMMON_WORDS)  # not "La familia"


def after_direction(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a direction or a quadrant in capitals stands just before the word, and no capitalised word before
    it ("on S Quincy", "NW Expressway": a street; not "Mary S Quincy", an initial)."""
    previous = tokens[index - 1] if index else None
    if previous is None or previous.text not in DIRECTION_CAPITALS or text[previous.end:tokens[index].start] != " ":
        return False
    return index < 2 or not tokens[index - 2].text[0].isupper() or tokens[index - 2].digits


def before_quadrant(tokens: list[Token], index: int) -> bool:
    """Whether a quadrant in capitals follows the word: a campus or a street ("Integris SW", "Mercy NW")."""
    return next_word(tokens, index + 1) in QUADRANTS_LOWER and tokens[index + 1].text in QUADRANTS


def crosses_numbered_street(text: str, tokens: list[Token], index: int) -> bool:
    """Whether the word and a numbered street are joined by "and", "&", "y" or "và": an intersection ("Janeway and
    5th", "21st & Boston", "calle 21 y Garnett")."""
    after = across(text, tokens, index, 1)
    if after is not None and ordinal(tokens[after]):
        return True
    before = across(text, tokens, index, -1)
    return before is not None and (ordinal(tokens[before]) or tokens[before].digits and before >= 1
                                   and tokens[before - 1].folded in STREET_TYPES)


def across(text: str, tokens: list[Token], index: int, step: int) -> int | None:
    """The token on the other side of "and", "&", "y" or "và" from the word at `index`, looking after it (`step`
    1) or before it (-1); None when no such joiner stands there."""
    near = index + step
    if not 0 <= near < len(tokens):
        return None
    if tokens[near].lower in CROSSING:
        far = near + step
        return far if 0 <= far < len(tokens) else None
    first, second = sorted((tokens[index], tokens[near]), key=lambda token: token.start)
    return near if "&" in text[first.end:second.start] else None


def introduced_by_role(text: str, tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether a given name opens a sentence and its role follows, in parentheses or after "is": "Joy (the mom)",
    "Hope is the daughter", "Milagros es la hija mayor" (a relation or a person's noun within two words)."""
    if index + 1 >= len(tokens):
        return False
    token = tokens[index]
    if tokens[index + 1].lower in COPULAS:
        words = [other.lower for other in tokens[index + 2:index + 5]]
    elif "(" in text[token.end:tokens[index + 1].start]:
        words = [other.lower for other in tokens[index + 1:index + 4]]
    else:
        return False  # most words: neither "is" nor a parenthesis after them
    if token.folded not in first_names() or cased and not token.text[0].isupper() \
            or not opens_sentence(text, token.start):
        return False
    if AGE_IN_PARENTHESES.match(text, token.end):
        return True  # "Dolores (76) wants her pastor": a person and her age
    while words and words[0] in ROLE_ARTICLES:
        words.pop(0)
    return any(word in RELATION_WORDS or word in PERSON_NOUNS for word in words[:2])


def reached_through(tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether a given name's possessive stands before a way to reach the person: "Daniela's email", "Sonny's cell"."""
    token = tokens[index]
    return token.lower.endswith(("'s", "’s")) and next_word(tokens, index + 1) in CONTACT_NOUNS \
        and token.folded[:-2] in first_names() and (not cased or token.text[0].isupper())


def marian_title(tokens: list[Token], index: int) -> bool:
    """Whether the word follows a title of the Virgin Mary and "of" ("Our Lady of Lourdes", "Nuestra Señora de la
    Caridad", "Virgen de Guadalupe"), the place a church is named for, or is the next word of that name."""
    for at in range(index - 1, max(0, index - 5), -1):  # most words: one look at the word before, and out
        word = tokens[at].lower
        if word in SAINT_OF:
            title = tokens[at - 1].lower
            return title in {"virgen", "virgin"} or at >= 2 and (tokens[at - 2].lower, title) in MARIAN_TITLES
        if word not in {"la", "los", "las", "el"} and index - at >= 2:
            return False  # one word of the place's name may stand between ("Our Lady of Prompt Succor")
    return False


def saints_second_name(tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether the word follows a saint's given name at the head of a saint's name ("st maria goretti"), and no
    verb a person takes follows it; not after a street's "st" ("on piety st maria guidry said")."""
    if next_word(tokens, index + 1) in PERSON_AFTER:
        return False  # the caller saw a saint's word two words before
    given, saint = tokens[index - 1], tokens[index - 2]
    before = tokens[index - 3] if index >= 3 else None
    if before is not None and (before.folded in STREET_WORDS or before.text[0].isupper() and cased):
        return False
    if cased and not (given.text[0].isupper() and tokens[index].text[0].isupper()) and saint.text[0].isupper():
        return False  # "St Mary hope said": a capitalised saint's name holds its capitals
    return (given.folded in first_names() or given.folded in HOLY) and given.folded not in STREET_WORDS


def address_ends_before(tokens: list[Token], index: int) -> bool:
    """Whether the "St" before the word ends a house's address ("419 W Railroad St. Lonnie said"), no saint."""
    return tokens[index - 1].lower == "st" and any(token.digits for token in tokens[max(0, index - 5):index - 2])


def after_place_preposition(text: str, tokens: list[Token], index: int, bare: str) -> bool:
    """Whether the word follows a word that puts a place after it ("on", "in", "side of") and is a place there: no
    given name, no possessive ("sat on Landreneau's porch", "in Adams' yard"), and no clear name unless a town is
    named so."""
    if not index or bare != tokens[index].folded or text[tokens[index].end:tokens[index].end + 1] in {"'", "’"}:
        return False  # "sat on Landreneau's porch", "in Adams' yard": a person's (bare holds no "'s")
    previous = tokens[index - 1].lower
    if previous in SHOP_PREPOSITIONS and index >= 2 and place_before(tokens[index - 2], bare in first_names()):
        return True
    if previous == "la" and index >= 3 and tokens[index - 2].lower in {"de", "en", "por"} \
            and (tokens[index - 3].lower in STREET_HOLDERS_ES
                 or tokens[index - 2].lower != "de" and place_before(tokens[index - 3], bare in first_names())):
        return True  # "los apartamentos de la Richey", "la tienda Fiesta en la Kedzie"
    if previous in FROM_WORDS and index >= 2 and tokens[index - 2].lower in SENT_BY:
        return True  # "the adjuster from Kemper", "a crew from Samaritan", "el ajustador de Allstate": who sent them
    town = previous in TOWN_PREPOSITIONS or previous == "of" and index >= 2 and tokens[index - 2].lower in PLACE_OF
    if town and bare in SOUTH_TOWNS_NAMED or previous in FROM_TOWN_ES and bare in SOUTH_TOWNS_NAMED \
            and bare not in first_names():
        return True  # "the roads around Tyler", "east side of Florence", "los primos de Guymon": a town
    if bare in first_names() and not (bare in STREETS_NAMED_LIKE_PEOPLE and previous in STREET_PREPOSITIONS
                                      and (index < 2 or tokens[index - 2].lower not in PERSON_ON)):
        return False  # "trees down on Lincoln" is the street; "waiting on Keisha" is her
    if previous in STREET_PREPOSITIONS:  # a surname after "on" is a street, but after a verb a person takes
        return bare not in NAMES or index < 2 or tokens[index - 2].lower not in PERSON_ON
    return town and bare not in NAMES


def place_before(token: Token, given: bool) -> bool:
    """Whether the word names a shop, a place or what is held at one, which a street or a place named alone may
    follow ("the CVS on", "la farmacia en", "her class at"): a place noun, a gathering, a public name; or, before a
    word that is no given name, a capitalised word that is no person's ("Family Dollar on Gordon"; not "Ms
    Brown at Darnell", "WAITING ON KEISHA")."""
    if token.lower in PLACE_NOUNS or token.lower in LEADING_PLACE_NOUNS or token.folded in PUBLIC_WORDS \
            or token.lower in HELD_AT:
        return True
    return not given and token.text[0].isupper() and not token.text.isupper() and token.text.isalpha() \
        and token.folded not in NAMES and token.folded not in first_names() and token.folded not in surnames() \
        and token.lower not in TITLE_WORDS and token.lower not in CUE_TITLES


def lady_or_gentleman(tokens: list[Token], index: int) -> bool:
    """Whether "señora" or "señor" stands before the word after an article: "the lady", no title."""
    return index >= 2 and tokens[index - 1].lower in LADY_OR_GENTLEMAN \
        and tokens[index - 2].lower in {"la", "el", "una", "un", "esa", "ese", "esta", "este", "otra", "otro"}


def titled(tokens: list[Token], index: int) -> bool:
    """Whether a title stands just before the word at `index` ("mr hunter": the given name after a title)."""
    return index >= 1 and tokens[index - 1].lower in TITLE_WORDS


def called_back(tokens: list[Token], index: int) -> bool:
    """Whether the word stands between a verb of calling and "back" ("call hope back", "text will back")."""
    return 0 < index and tokens[index - 1].lower in CALLING and next_word(tokens, index + 1) == "back"


def surname_after_given(tokens: list[Token], index: int, bare: str) -> bool:
    """Whether the word is a common surname right after a given name (the caller knows the given name was read
    as a name)."""
    return tokens[index - 1].folded in first_names() and census_shares()[1].get(bare, 0.0) >= COMMON_SURNAME_SHARE


def surname_follows(tokens: list[Token], index: int) -> bool:
    """Whether the next word is a name that is no everyday word ("april fontenot") or a common surname ("summer
    lee", not "may call"; the caller has a title before the word)."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and (following.folded in NAMES or following.folded not in TOP_WORDS
                                      and census_shares()[1].get(following.folded, 0.0) >= COMMON_SURNAME_SHARE)


@lru_cache(maxsize=16384)
def is_safe_word(word: str, typed: bool = True) -> bool:
    """Whether the word is safe: a safe word, one with a plural or verb ending ("tarps"), or, when `typed` (not
    capitalised inside a sentence), two common words run together ("shutoff", "floodwater") or a common word
    typed with one slip ("answr", "leakin", "waterr"). Cached: the answer depends on the word alone (and on the
    learned places, whose learning clears the cache)."""
    if word in SAFE_WORDS or word in LEARNED_PLACES:
        return True
    if word in NAMES:
        return False
    if typed and word in LOWER_SAFE:
        return True  # "ronchas": a rarer word, typed in lower case
    for ending in ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 3 and stem not in NAMES and (stem in SAFE_WORDS or stem + "e" in SAFE_WORDS
                                                                      or typed and compound(stem)):
            return True  # "tarps", "liveaboards" (a compound's plural, typed)
    if spanish_lemma(word, typed) or typed and spanish_diminutive(word):
        return True
    if not typed or not 4 <= len(word) <= LONGEST_SLIP or not word.isascii():
        return False
    return compound(word) or any(slip in COMMON_WORDS and slip not in NAMES for slip in slips(word))


def spanish_lemma(word: str, typed: bool = False) -> bool:
    """Whether the word is a regular Spanish inflection (SPANISH_INFLECTIONS) of a safe word that is no name, or,
    when `typed` (not capitalised inside a sentence), of a rarer word (LOWER_SAFE: "fumiga", "fumigar")."""
    for ending, replacements in SPANISH_INFLECTIONS.items():
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            lemmas = {word[:-len(ending)] + replacement for replacement in replacements}
            return any((lemma in SAFE_WORDS or typed and lemma in LOWER_SAFE) and lemma not in NAMES
                       for lemma in lemmas)
    return False


def spanish_diminutive(word: str) -> bool:
    """Whether the word is a Spanish diminutive of a safe word that is no name ("estufita", "ventiladorcito",
    "botellitas"); not one of a name ("Lupita", which the name lists hold, is no "lupa")."""
    for ending, replacements in DIMINUTIVES.items():
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            lemmas = {word[:-len(ending)] + replacement for replacement in replacements}
            return any(lemma in SAFE_WORDS and lemma not in NAMES and lemma not in first_names() for lemma in lemmas)
    return False


def augmentative(word: str, bare: str) -> bool:
    """Whether the word, typed with its accent, is the Spanish augmentative of a safe word ("calorón": a big heat,
    "aguacerón": a downpour) and no name ("Ramón", "Simón")."""
    stem = word.removesuffix("ón")
    return stem != word and len(stem) >= 3 and bare not in first_names() and bare not in surnames() \
        and any(stem + ending in SAFE_WORDS and stem + ending not in NAMES for ending in ("", "o", "a", "e"))


def compound(word: str) -> bool:
    """Whether the word is two frequent English words of three letters or more run together, neither a name."""
    return len(word) >= 6 and any(word[:at] in COMPOUND_PARTS and word[at:] in COMPOUND_PARTS
                                  for at in range(3, len(word) - 2))


def slips(word: str):
    """The words one typing slip away: a letter left out, one too many, one wrong, two swapped, a dropped g."""
    yield word + "g"
    for at in range(len(word)):
        yield word[:at] + word[at + 1:]
        if at + 1 < len(word):
            yield word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if at:  # a wrong letter, not the first one (a name is more often a word with another first letter)
            for letter in "abcdefghijklmnopqrstuvwxyz":
                yield word[:at] + letter + word[at + 1:]
    for at in range(len(word) + 1):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            yield word[:at] + letter + word[at:]


def acronym(token: Token, cased: bool) -> bool:
    """Whether the token is an acronym in a note with both cases ("MREs", "DMV", "TFW"), and no known name."""
    letters = token.text.removesuffix("s")
    return cased and 2 <= len(letters) <= 5 and letters.isupper() and token.folded not in NAMES


def capitalised_is_name(tokens: list[Token], index: int, bare: str) -> bool:
    """Whether a capitalised word inside a sentence is a name: a given name that is also a word, or a rare word."""
    following = next_word(tokens, index + 1)
    if following in PUBLIC_NOUNS or bare in LEARNED_PLACES or bare in STREET_WORDS or bare in PUBLIC_WORDS \
            or bare in CALENDAR or (index and (tokens[index - 1].digits or tokens[index - 1].mixed)) \
            or (index and tokens[index - 1].lower in SAINTS):
        return False  # "Jackson", "June", "9th Ward", "St. Stephen"
    if bare in VEHICLE_MAKES and vehicle(tokens, index):
        return False  # "un Mercedes viejo", "his Lincoln"
    if bare in EVERYDAY_NAMES and bare in first_names():
        return not (following is not None and (following.isdigit() or following in {"of", "de", "del"}))  # "June 5"
    if bare in UNLISTED_SAFE and index and tokens[index - 1].lower in ENGLISH_ARTICLES and following != "(":
        return False  # "the Suds on 11th", "a Lido": English puts no article before a person's name
    return bare not in COMMON_WORDS and not common_inflected(bare)


def common_inflected(word: str) -> bool:
    """Whether the word is a plural or other regular form of a common word that is no name ("Caridades")."""
    for ending in ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 4 and stem in COMMON_WORDS and stem not in NAMES:
            return True
    return False


def cue_before(text: str, tokens: list[Token], index: int, cased: bool) -> str | None:
    """The kind of cue just before the word: "strong" (a title, "named"), "relation", "kinship", or None."""
    if index == 0:
        return None
    previous = tokens[index - 1]
    gap = text[previous.end:tokens[index].start]
    if len(gap) > 3 or any(char in gap for char in "!?;\n"):
        return None
    if previous.lower in TITLE_WORDS:
        return "title"
    if "." in gap and previous.lower not in CUE_TITLES:
        return None  # "for his neighbor. Ok.": a sentence ends between them (a title takes its period: "Rev.")
    if previous.lower in UNDOTTED_TITLES:
        return "title"
    if family_cue(tokens, index):
        return "family"
    if previous.lower in CUE_TITLES and previous.lower not in KINSHIP_VI and (
            previous.text[0].isupper() or not cased or previous.lower not in CASED_TITLE_WORDS) \
            and not (index >= 2 and tokens[index - 2].lower in ARTICLES_BEFORE_TITLE):
        return "phrase"
    if previous.lower in NICKNAME_ENDINGS and ended_by(tokens, index, NICKNAME_ENDINGS[previous.lower]):
        return "nickname"
    if previous.lower in CUE_ENDINGS:
        words = tuple(token.lower for token in tokens[max(0, index - 3):index])
        if any(words[-len(cue):] == cue for cue in CUE_ENDINGS[previous.lower]):
            return "phrase"
    if previous.lower == "con" and not (VIETNAMESE_MARKS.search(text) or unmarked_vietnamese(text)
                                        or vietnamese_given_after(tokens, index, cased)):
        return None  # "con ronchas": Spanish "with" in a note with no Vietnamese, not "con" (child)
    if previous.lower in KINSHIP_VI or previous.folded in KINSHIP_VI_FOLDED and (
            unmarked_vietnamese(text) or vietnamese_given_after(tokens, index, cased)):
        return "kinship"
    if previous.lower in RELATION_WORDS:
        return "relation"
    return None


def vietnamese_given_after(tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether a capitalised Vietnamese given or family name follows a kinship word typed in lower case without
    marks ("nha co Hoa", "cua chu Bao"), however little else of the note is Vietnamese."""
    token, previous = tokens[index], tokens[index - 1]
    return cased and token.text[0].isupper() and previous.text.islower() and previous.text.isascii() \
        and (token.folded in VIETNAMESE_GIVEN_FOLDED or token.folded in VIETNAMESE_SURNAMES)


def ended_by(tokens: list[Token], index: int, cues: list[tuple[str, ...]]) -> bool:
    """Whether one of `cues` ends just before the word at `index`."""
    words = tuple(token.lower for token in tokens[max(0, index - 3):index])
    return any(words[-len(cue):] == cue for cue in cues)


def family_cue(tokens: list[Token], index: int) -> bool:
    """Whether the word names a family: "the X family", "the X fam", "familia X", "gia đình X"."""
    previous = tokens[index - 1]
    if previous.lower in FAMILY_BEFORE:
        return previous.lower == "familia" or index >= 2 and tokens[index - 2].folded == "gia"
    if previous.text == "los" and tokens[index].text[0].isupper() and tokens[index].folded in surnames() \
            and not (index + 1 < len(tokens) and tokens[index + 1].text[0].isupper()) \
            and not (index >= 3 and tokens[index - 2].lower in NUMBER_OF and tokens[index - 3].text[0].isupper()
                     and tokens[index - 3].text.isalpha()):
        return True  # "la casa de los Villarreal", not "San Juan de los Lagos": a family by its surname in plural
    return previous.lower in {"the", "la", "los"} and tokens[index].lower not in FAMILY_AFTER \
        and next_word(tokens, index + 1) in FAMILY_AFTER


def heads_a_report(text: str, tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether the word opens a sentence and a verb only a person takes follows ("Hope said", "Rose needs", "Will
    came by"), or "and her" does ("Iris and her son")."""
    if not opens_sentence(text, tokens[index].start):
        return False
    following = next_word(tokens, index + 1)
    person_verb = following in PERSON_VERBS and tokens[index].folded not in TOP_WORDS  # not "Will needs to be read"
    if following not in REPORTING_VERBS and not person_verb and not (
            following in COORDINATORS and next_word(tokens, index + 2) in POSSESSIVES):
        return False
    return not cased or tokens[index].text[0].isupper()


def states_an_age(text: str, tokens: list[Token], index: int, cased: bool) -> bool:
    """Whether the word opens a sentence and "is", "turned" or "tiene" and a small number follow: an age."""
    if not opens_sentence(text, tokens[index].start) or next_word(tokens, index + 1) not in AGE_VERBS:
        return False
    age = tokens[index + 2] if index + 2 < len(tokens) else None
    return age is not None and age.digits and len(age.text) <= 3 and (not cased or tokens[index].text[0].isupper())


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the note or a sentence."""
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in SENTENCE_END
