"""What a note may keep: the safe words of English, Spanish and Vietnamese, and the names that are not safe.

Deny by default (the design of UCSF's Philter): a word survives scrubbing only
when it is known to be safe. The safe words are the most frequent words of each
field language in `wordfreq` (Robyn Speer's frequency lists: Wikipedia,
subtitles, news, books, web and social text merged and cleaned, the same
release for en, es and vi, so typed shorthand such as "pls" or "thx" is in
them), read once at import, plus the operation's public geography and short
lists of agencies, programmes, websites and medicines.

Names are taken out of the safe words: every first name and surname of the
1990 US Census lists (shipped by the `names` package, 94,000 entries) and the
Hispanic and Vietnamese given names listed here. Some of those names are also
everyday words ("hope", "white", "long", "may"); such a name stays safe when it
is far more frequent as a word than as a name (its word frequency over its
Census share, AMBIGUOUS_RATIO), and then it is read as a name only where the
context says so (people.py's cues and deny.py's context rules).
"""
import gzip
import importlib.util
import re
import unicodedata
from pathlib import Path

import msgpack

from .lexicon import (
    EXTRA_FIRST_NAMES,
    NOLA_STREETS,
    PLACE_WORDS,
    SUFFIXES,
    VIETNAMESE_SURNAMES,
    WORDLIKE_FIRST_NAMES,
    census_shares,
    first_names,
    fold,
)

# How many of each language's most frequent words are safe. Past about 60,000 English words the lists are
# full of surnames and rare given names the Census lists lack ("robichaux" is 195,232nd); Vietnamese has
# 10,719 syllables in all, every one of them kept (its names are found by context: kinship words).
SAFE_TOP = {"en": 60_000, "es": 60_000, "vi": 11_000}
# Spanish words past SAFE_TOP, up to this rank, are safe only as typed in lower case and with no cue before them
# ("ronchas", welts; "empacadora"): the band holds 2 of the 1,336 name words of the training notes, both
# capitalised after a title. English past 60,000 is not: its band is full of nicknames ("tootie").
LOWER_TOP = {"es": 120_000}
# A capitalised word inside a sentence is read as a name unless it is among these most frequent words.
COMMON_TOP = 30_000
# Words run together are safe when both are among this many most frequent English words ("shutoff",
# "floodwater"); past it, given names split into two words too ("las" + "honda").
COMPOUND_TOP = 15000
# The function words and commonest verbs: never a name after a title in lower case ("la señora esta sola").
TOP_TOP = 1000
# A Census name is an everyday word when its word frequency is at least this share of its Census share
# ("hope": 0.81, "white": 0.12, "brown": 0.016; "john": 0.007, "smith": 0.008). First names are names far
# more often than surnames are ("rose" 0.022, "george" 0.011 are names), so their bar is higher.
AMBIGUOUS_RATIO = {"first": 0.05, "last": 0.01}
# The smallest share the Census lists print (0.001%): names listed at 0.000 count as that rare.
CENSUS_FLOOR = 1e-5

# Hispanic given names whose Spanish word frequency is high because famous people carry them; they are names.
HISPANIC_GIVEN = {
    "juan", "carlos", "luis", "francisco", "pedro", "antonio", "pablo", "manuel", "miguel", "fernando", "jorge",
    "diego", "alberto", "felipe", "enrique", "rafael", "mario", "ana", "jose", "josé", "maria", "maría", "jesus",
    "jesús", "guadalupe", "yesenia", "alejandro", "raul", "raúl", "ramon", "ramón", "lupe",
    "marisol", "carmen", "lucia", "lucía", "sofia", "sofía", "elena", "isabel", "teresa", "javier",
    "sergio", "andres", "andrés", "ricardo", "roberto", "eduardo", "oscar", "óscar", "hector", "héctor",
    "ignacio", "gabriela", "alejandra", "veronica", "verónica", "adriana", "patricia", "leticia", "beatriz",
    "graciela", "yolanda", "marta", "martha", "julio", "cesar", "césar", "arturo", "alfredo", "ernesto",
    "gustavo", "rodrigo", "santiago", "mateo", "valentina", "camila", "ximena", "xiomara", "yadira", "wilmer",
    "nelson", "edwin", "erick", "kevin", "brayan", "yordi", "deysi", "maritza", "inés", "ines",
}
# Spanish given names that are everyday nouns (virtues, Marian titles, things: "dolores" pains, "socorro" help,
# "rosario" rosary): like "hope" or "grace" in English they are safe words, names only where a cue says so.
# Not those that are common surnames too ("Cruz", "Paz", "Alba"), which stay names.
WORDLIKE_GIVEN_ES = {
    "dolores", "socorro", "esperanza", "consuelo", "rosario", "mercedes", "nieves", "pilar", "reina", "amparo",
    "soledad", "luz", "rocío", "rocio", "milagros", "gracia", "caridad", "fe", "concepción", "asunción", "remedios",
}
# Vietnamese given names: every one is also an everyday syllable ("lan" orchid, "hoa" flower), so they are
# read as names only after a kinship word or a family name (deny.py), never on their own.
VIETNAMESE_GIVEN = {
    "lan", "hoa", "minh", "hùng", "thanh", "linh", "hương", "mai", "tuấn", "dũng", "hải", "hà", "ngọc",
    "phương", "trang", "hiếu", "quang", "đức", "khanh", "khánh", "vinh", "long", "nam", "sơn", "anh", "bình",
    "hạnh", "thảo", "nga", "hằng", "thủy", "thuỷ", "yến", "vân", "tâm", "trinh", "liên", "loan", "hồng", "cúc",
    "đào", "tuyết", "nhung", "hiền", "oanh", "thu", "xuân", "hạ", "đông", "phúc", "lộc", "thọ", "tài", "trí",
    "nhân", "nghĩa", "hòa", "hoà", "an", "khoa", "bảo", "huy", "kiên", "cường", "thắng", "lợi", "toàn", "thịnh",
    "phát", "tiến", "tú", "vy", "my", "ly", "chi", "nhi", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "út",
    "hiệp", "hậu", "hoàng", "huệ", "diệp", "duyên", "giang", "hân", "kim", "lệ", "lý", "mỹ", "nguyệt", "nhàn",
    "như", "phượng", "quyên", "quỳnh", "sương", "thắm", "thơ", "thúy", "thuý", "trâm", "uyên", "vi", "việt",
    "thư", "tuyền", "dung", "dương", "đạt", "điệp", "định", "hưng", "khải", "lâm", "luân", "nhật", "phong",
    "thoa", "bích", "châu", "diễm", "hoài", "hường", "khuê", "lài", "lựu", "mận", "nương", "phấn", "sen", "thêu",
    "trúc", "tươi", "xuyến", "cẩm", "chinh", "hào", "hiển", "hợp", "khang", "khôi", "lực", "mạnh", "nhựt", "phú",
    "quý", "sang", "sỹ", "thạch", "thuận", "tín", "trọng", "vĩnh", "vượng", "lụa",
    # names by birth order (the first child is "Hai", the last "Út"): "bà Chín", "ông Mười"
    "chín", "mười",
    "quân", "quốc", "tân", "thái", "thiện", "thông", "trung", "tùng", "tuệ", "văn", "vũ", "hữu", "thị",
}
# Public names a note may carry: agencies, programmes, shops, websites and medicines (lower case).
PUBLIC_TERMS = {
    # agencies and programmes
    "fema", "hud", "sba", "snap", "dsnap", "d-snap", "wic", "ebt", "tanf", "liheap", "medicaid", "medicare",
    "ssi", "ssdi", "usps", "nopd", "nofd", "ems", "noem", "nola", "entergy", "sewerage", "swbno", "rta",
    # the electric utilities of the Gulf South, by the names on their trucks: the investor-owned operating
    # companies of LA, TX and FL that go by a short name, the largest public utilities and the Louisiana co-ops
    "cleco", "swepco", "aep", "centerpoint", "oncor", "tnmp", "fpl", "teco", "mlgw", "tva", "epb", "cps",
    "demco", "slemco", "jemco",
    # and those of the rest of the country that go by one word or letters ("Dominion", "PG&E", "SCE", "DTE")
    "dominion", "xcel", "pge", "pg&e", "sce", "sdg&e", "ameren", "comed", "dte", "pepco", "eversource", "evergy",
    "alliant", "nipsco", "aps", "srp", "pseg", "bge", "peco", "duquesne", "santee",
    "cdc", "fda", "usda", "irs", "va", "dcfs", "ldh", "gohsep", "ready", "redcross", "211", "311", "888",
    "ochsner", "tulane", "lcmc", "uno", "xavier", "dillard", "loyola", "suno", "delgado", "touro", "umc",
    "walgreens", "cvs", "rouses", "winn-dixie", "walmart", "costco", "dollar", "verizon", "at&t", "t-mobile",
    "metairie", "kenner", "chalmette", "marrero", "gretna", "westbank", "houston", "baton", "rouge", "lafayette",
    "catholic", "baptist", "methodist", "unitarian", "lutheran", "episcopal", "pentecostal", "caritas",
    # the faiths people name themselves by, capitalised inside a sentence ("they are Mennonite")
    "mennonite", "mennonites", "amish", "presbyterian", "adventist", "adventists", "mormon", "mormons", "lds",
    "muslim", "muslims", "buddhist", "buddhists", "hindu", "sikh", "jewish", "quaker", "quakers", "brethren",
    "nazarene", "evangelical", "orthodox", "anglican", "apostolic", "coptic", "moravian", "hutterite", "bahai",
    "baha'i", "jehovah's", "witnesses",
    "salvation", "americorps", "crowdfunding", "gofundme", "venmo", "cashapp", "zelle", "paypal", "whatsapp",
    "facebook", "messenger", "zalo", "telegram", "signal", "instagram", "tiktok", "youtube", "google",
    # websites (the words of their domain names)
    "disasterassistance", "ready.gov", "fema.gov", "211.org", "nola.gov", "ssa.gov", "benefits.gov",
    "healthcare.gov", "irs.gov", "usa.gov", "ldh.la.gov", "la.gov", "dcfs.la.gov", "getnola", "nolaready",
    "gov", "org", "com", "net", "edu", "www", "http", "https",
    # medicines people name in notes
    "insulin", "metformin", "lisinopril", "amlodipine", "atorvastatin", "simvastatin", "losartan", "hctz",
    "hydrochlorothiazide", "furosemide", "lasix", "albuterol", "inhaler", "nebulizer", "prednisone",
    "warfarin", "coumadin", "eliquis", "xarelto", "plavix", "clopidogrel", "levothyroxine", "synthroid",
    "gabapentin", "tramadol", "ibuprofen", "tylenol", "acetaminophen", "advil", "motrin", "aspirin", "naloxone",
    "narcan", "suboxone", "methadone", "buprenorphine", "sertraline", "zoloft", "prozac", "fluoxetine",
    "lexapro", "escitalopram", "trazodone", "seroquel", "quetiapine", "abilify", "lithium", "depakote",
    "keppra", "dilantin", "glipizide", "januvia", "jardiance", "ozempic", "trulicity", "lantus", "humalog",
    "novolog", "omeprazole", "prilosec", "pantoprazole", "carvedilol", "metoprolol", "atenolol", "benadryl",
    "zyrtec", "claritin", "amoxicillin", "augmentin", "cipro", "keflex", "epipen", "oxygen", "dialysis",
    "pedialyte", "gatorade", "ensure", "glucometer", "lancets",
    # units of a dose or a lab value, and vaccines and illnesses as typed (Spanish often without its accent)
    "meq", "meqs", "mmol", "mg/dl", "mgdl", "gtt", "gtts", "tab", "tabs", "cap", "caps", "puff", "puffs", "qhs", "qam",
    "qpm", "tétano", "tetano", "tetanos", "tdap", "dtap", "shingrix", "varicela", "sarampión", "sarampion",
    "neumonia", "diabetis", "presion", "colesterol", "asma", "covid-19", "moderna", "pfizer", "novavax",
    # shorthand typed in the field
    "mwf", "tth", "tuth",
    "appt", "appts", "evac", "tmrw", "tmr", "tmrrw", "2moro", "2morrow", "b4", "bc", "bcuz", "cuz", "ppl", "govt",
    "wks", "mos", "yrs", "hrs", "approx", "meds", "rx", "dx", "hx", "pt", "pts", "sx", "tx", "bid", "tid", "qid",
    "prn", "er", "icu", "hosp", "asap", "fyi", "lol", "idk", "omw", "thx", "pls", "plz", "w/", "w/o", "wk", "mo",
    "nbr", "nbrs", "neighbr", "sz", "qty", "pkg", "bp", "hr", "temp", "o2", "cpap", "pod", "pods", "mre",
    "mres", "ac", "a/c", "fridge", "gen", "genny", "xtra", "abt", "w/e", "tho", "thru", "nite", "tonite", "rn",
    "ty", "ok", "okay", "k", "kk", "ya", "yall", "y'all", "gonna", "wanna", "gotta", "aint", "ain't", "dunno",
    "mcdonogh", "davita", "fresenius", "daughters", "sisters", "brothers", "wks.",
    "tysm", "otw", "lmk", "hmu", "wya", "wyd", "grandbaby", "grandbabies", "nannan", "parrain", "marraine",
    "grandbby", "grandkid", "stepdad", "stepmom", "babydaddy", "babymama",
    # more medicines (generic and brand) and supplies people ask for by brand
    "oxycodone", "hydrocodone", "percocet", "norco", "vicodin", "morphine", "fentanyl", "codeine", "ativan",
    "lorazepam", "xanax", "alprazolam", "klonopin", "clonazepam", "valium", "diazepam", "ambien",
    "zolpidem", "vivitrol", "zyprexa", "olanzapine", "risperdal", "risperidone", "haldol", "haloperidol",
    "lamictal", "lamotrigine", "tegretol", "carbamazepine", "topamax", "topiramate", "neurontin", "lyrica",
    "pregabalin", "cymbalta", "duloxetine", "effexor", "venlafaxine", "wellbutrin", "bupropion", "paxil",
    "paroxetine", "celexa", "citalopram", "remeron", "mirtazapine", "buspar", "buspirone", "hydroxyzine",
    "vistaril", "latuda", "invega", "clozapine", "adderall", "ritalin", "concerta", "vyvanse", "strattera",
    "advair", "symbicort", "trelegy", "spiriva", "breo", "flovent", "proair", "ventolin", "singulair",
    "montelukast", "prednisolone", "dexamethasone", "medrol", "humira", "enbrel", "methotrexate", "plaquenil",
    "hydroxychloroquine", "allopurinol", "colchicine", "meloxicam", "naproxen", "aleve", "celebrex",
    "cyclobenzaprine", "flexeril", "baclofen", "tizanidine", "robaxin", "glyburide", "glimepiride", "actos",
    "pioglitazone", "victoza", "mounjaro", "wegovy", "farxiga", "invokana", "tresiba", "levemir",
    "basaglar", "toujeo", "novolin", "humulin", "admelog", "fiasp", "freestyle", "libre", "dexcom", "omnipod",
    "accu-chek", "onetouch", "contour", "glucagon", "crestor", "rosuvastatin", "lipitor", "pravastatin",
    "zocor", "zetia", "ezetimibe", "norvasc", "diltiazem", "cardizem", "verapamil", "hydralazine", "clonidine",
    "spironolactone", "aldactone", "bumex", "bumetanide", "torsemide", "chlorthalidone", "valsartan",
    "diovan", "irbesartan", "olmesartan", "benicar", "entresto", "digoxin", "amiodarone", "nitroglycerin",
    "isosorbide", "ranolazine", "brilinta", "pradaxa", "heparin", "lovenox", "potassium", "klor-con",
    "magnesium", "calcium", "vitamin", "ferrous", "iron", "folic", "b12", "levoxyl", "armour",
    "tamsulosin", "flomax", "finasteride", "proscar", "oxybutynin", "ditropan", "myrbetriq", "donepezil",
    "aricept", "namenda", "memantine", "sinemet", "carbidopa", "levodopa", "ropinirole", "requip",
    "famotidine", "pepcid", "ranitidine", "zantac", "nexium", "esomeprazole", "protonix", "sucralfate",
    "carafate", "ondansetron", "zofran", "promethazine", "phenergan", "reglan", "metoclopramide", "miralax",
    "senna", "colace", "dulcolax", "imodium", "loperamide", "lactulose", "cephalexin",
    "doxycycline", "azithromycin", "zithromax", "z-pack", "zpack", "bactrim", "levaquin", "levofloxacin",
    "ciprofloxacin", "flagyl", "metronidazole", "clindamycin", "nitrofurantoin", "macrobid", "valtrex",
    "acyclovir", "tamiflu", "paxlovid", "truvada", "biktarvy", "descovy", "genvya", "prep", "epclusa",
    "harvoni", "rybelsus", "glucerna", "boost",
    "similac", "enfamil", "gerber", "pampers", "huggies", "luvs", "depends", "tena", "poise", "chux",
    "clorox", "lysol", "bleach", "kilz", "concrobium", "sheetrock", "drywall", "tyvek", "visqueen",
    "coleman", "igloo", "yeti", "generac", "champion", "honda", "predator", "dewalt", "milwaukee", "ryobi",
    "duracell", "energizer", "publix", "zatarains", "zatarain's", "sonic", "popeyes", "kroger", "target",
    "greyhound", "amtrak", "uber", "lyft", "cricket", "metro", "tracfone",
    "safelink", "lifeline", "iphone", "samsung", "android",
    # chains and the brands of the household and the medicine cabinet people ask for by name, which the frequency
    # lists rank low or hold as surnames ("vicks", "kmart", "sears")
    "kmart", "sears", "jcpenney", "penney", "penneys", "dillards", "belk", "walgreen", "heb", "h-e-b", "albertsons",
    "vicks", "vaporub", "vaseline", "neosporin", "bandaid", "bandaids", "band-aid", "band-aids", "aquaphor",
    "desitin", "excedrin", "sudafed", "mucinex", "nyquil", "dayquil", "robitussin", "pepto", "tums", "rolaids",
    "cortizone", "benzonatate", "calamine", "noxzema", "listerine", "colgate", "charmin", "ziploc", "kleenex",
    "pinesol", "pine-sol", "deet", "powerade", "pedialite",
    # home and car insurers and the Gulf's windstorm pools, by the names adjusters and letters carry ("the adjuster
    # from Allstate"), which the frequency lists rank low or hold as names
    "allstate", "geico", "usaa", "statefarm", "progressive", "nationwide", "travelers", "farmers", "metlife",
    "safeco", "assurant", "twia", "citizens", "chubb", "aetna", "cigna", "ambetter", "wellcare", "molina",
    "amerigroup", "superior", "healthspring", "anthem", "humana",
    # home oxygen and medical equipment suppliers ("proveedor Lincare", "Apria called back")
    "apria", "lincare", "rotech", "adapthealth", "inogen", "respironics", "resmed", "invacare", "numotion",
    # rivers, bayous and lakes of the Texas and Louisiana coast named like people ("the Sabine at 24 ft")
    "sabine", "neches", "calcasieu", "mermentau", "atchafalaya", "vermilion", "brazos", "tchefuncte", "amite",
    "tangipahoa", "bogue", "chitto", "teche", "lafourche", "barataria", "pontchartrain", "maurepas", "borgne",
    "nueces", "lavaca",
    # government forms named by letters and digits, which have an id's shape ("bring his DD214", "W-2")
    "dd214", "dd-214", "dd215", "ssa1099", "ssa-1099", "w2", "w-2", "w9", "w-9", "1099", "i9", "i-9", "i94",
    "i-94", "i130", "i-130", "i485", "i-485", "i765", "i-765", "n400", "n-400", "ds11", "ds-11", "ss5", "ss-5",
    "sf86", "va10ezr", "1040", "i-821", "i821",
    # national chains named with a possessive or a founder's name ("Hardee's let people charge phones")
    "hardee's", "hardees", "arby's", "arbys", "denny's", "dennys", "applebee's", "applebees", "chili's", "chilis",
    "culver's", "culvers", "casey's", "caseys", "kohl's", "kohls", "macy's", "macys", "shoney's", "shoneys",
    "frisch's", "mcalister's", "wendys", "wendy's", "dunkin", "sheetz", "wawa", "meijer", "hy-vee", "hyvee",
    "safeway", "wegmans", "piggly", "lidl", "bi-lo", "krystal", "tyson", "perdue", "pilgrim's",
    "smithfield",
    # misspellings typed often enough to be words of their own
    "tommorow", "tomorow", "tommorrow", "definately", "definatly", "alot", "recieve", "recieved", "becuase",
    "goverment", "seperate", "untill", "wich", "thier", "medicen", "medecine", "neccesary", "occured",
    # regional words: New Orleans, Cajun, Honduran and Mexican Spanish
    "lagniappe", "beaucoup", "camelback", "krewe", "krewes", "pirogue", "y'at", "yat", "cher", "mais",
    "banquette", "makin", "fais", "do-do", "boudin", "gumbo", "jambalaya", "po-boy", "poboy",
    "cipote", "cipota", "cipotes", "pisto", "chamba", "bicha", "chele", "pulpería", "catracho", "catracha",
    "güey", "chamaco", "chamaca", "troca", "raite",
    # languages and peoples ("speaks Creole", "only Tagalog")
    "creole", "kreyol", "kreyòl", "tagalog", "vietnamese", "spanish", "english", "french", "cajun", "arabic",
    "honduran", "hondureño", "hondureña", "mexican", "guatemalan", "salvadoran", "haitian", "cuban",
    "tiếng", "việt", "español", "inglés", "ingles", "francés", "k'iche", "kiche", "quiche", "k'iche'",
    "q'anjob'al", "kanjobal", "garifuna", "mam", "hmong", "khmer", "lao", "mixteco", "mixtec", "zapoteco", "nahuatl",
    "chuj", "akateko", "ixil", "kaqchikel", "tzotzil", "portuguese", "mandarin", "cantonese", "korean", "russian",
    "hindi", "urdu", "swahili", "somali", "amharic", "tigrinya", "yoruba", "igbo", "patois", "pashto",
    "dari", "farsi", "burmese", "nepali", "bengali", "punjabi", "gujarati", "tamil", "ukrainian", "polish",
    "italian", "german", "japanese", "chinese", "thai", "ilocano", "cebuano", "bisaya", "chamorro", "marshallese",
    "asl", "quechua", "maya", "mayan",
    # the Native nations of the West, the Plains, the Great Lakes and Alaska, and the Pacific and Puerto Rican
    # peoples, by the names the frequency lists rank low ("a Lummi elder", "the Potawatomi crew", "taíno")
    "nakota", "ojibwe", "anishinaabe", "anishinabe", "paiute", "blackfeet", "yakama", "lummi", "tlingit", "yupik",
    "yup'ik", "inupiat", "iñupiat", "ho-chunk", "potawatomi", "kickapoo", "lumbee", "tohono", "o'odham", "puebloan",
    "acoma", "quapaw", "karuk", "yurok", "hupa", "chumash", "tongva", "cahuilla", "arikara", "hidatsa",
    "assiniboine", "salish", "makah", "quinault", "nisqually", "muckleshoot", "swinomish", "squaxin", "menominee",
    "winnebago", "muscogee", "mvskoke", "chuukese", "pohnpeian", "kosraean", "palauan", "taíno", "taino", "boricua",
    "boricuas", "jíbaro", "jibaro", "nuyorican",
    # relief supplies and home medical equipment, which the frequency lists rank low ("lona" is also a name)
    "hielera", "hieleras", "lona", "lonas", "mosquitero", "mosquiteros", "trapeador", "deshumidificador",
    "glucómetro", "glucometro", "lancetas", "andadera", "andador", "concentrador", "inhalador", "nebulizador",
    "pañal", "toallitas", "tapabocas", "cubrebocas", "dehumidifier", "dehumidifiers", "tarpaulin", "prybar",
    "n95", "kn95", "shopvac", "shop-vac", "wetvac", "respirator", "respirators", "sandbag", "sandbags",
    "icechest", "cooler", "coolers", "bipap", "walker", "rollator", "commode", "bedpan", "gauze",
}
# Public geography beyond the operation's own streets (those come from its database: deny.learn_places):
# New Orleans neighbourhoods, nearby towns, cities and states people evacuated to, countries people come from.
# Many are also names ("Dallas", "Jackson", "Houston"): alone they are places, after a cue they are names.
PUBLIC_PLACES = {
    "treme", "tremé", "marigny", "bywater", "gentilly", "lakeview", "algiers", "broadmoor", "hollygrove",
    "pontchartrain", "leonidas", "fontainebleau", "filmore", "milneburg", "michoud", "versailles", "irish",
    "channel", "uptown", "downtown", "midcity", "mid-city", "carrollton", "dixon", "touro", "freret", "iberville",
    "lafitte", "desire", "florida", "behrman", "fischer", "whitney", "navarre", "lakewood", "marlyville",
    "lakeshore", "lakefront", "venetian", "isles", "ninth", "seventh", "sixth", "lower", "upper", "tall",
    "timbers", "gert", "metairie", "kenner", "chalmette", "arabi", "meraux", "violet", "gretna", "harvey",
    "marrero", "westwego", "slidell", "covington", "mandeville", "hammond", "laplace", "houma", "thibodaux",
    "lafayette", "shreveport", "monroe", "alexandria", "baton", "rouge", "belle", "chasse", "plaquemines",
    "jefferson", "orleans", "tammany", "terrebonne", "lafourche", "avondale", "harahan", "houston",
    "dallas", "atlanta", "memphis", "jackson", "mobile", "biloxi", "gulfport", "pensacola", "birmingham",
    "nashville", "austin", "antonio", "beaumont", "chicago", "angeles", "detroit", "oakland", "phoenix",
    "denver", "miami", "orlando", "tampa", "jacksonville", "charlotte", "raleigh", "richmond", "philadelphia",
    "boston", "tulsa", "oklahoma", "vegas", "hattiesburg", "tuscaloosa", "montgomery", "savannah", "texas",
    "louisiana", "mississippi", "alabama", "georgia", "tennessee", "arkansas", "california", "carolina",
    "virginia", "honduras", "vietnam", "mexico", "guatemala", "salvador", "cuba", "haiti", "nicaragua",
    "philippines", "colombia", "venezuela", "brazil", "nigeria", "jamaica", "saigon", "hanoi", "tegucigalpa",
    "oaxaca", "michoacán", "michoacan", "jalisco", "puebla", "chiapas", "veracruz", "olancho", "choluteca",
    "comayagua", "huehuetenango", "quetzaltenango", "petén", "peten", "yoro", "copán", "copan", "danlí", "danli",
    "juticalpa", "sonsonate", "usulután", "usulutan", "chalatenango", "tamaulipas", "zacatecas", "guanajuato",
    "sinaloa", "sula", "ceiba", "luling", "hahnville", "destrehan", "gramercy", "vacherie", "donaldsonville",
    "napoleonville", "pascagoula", "picayune", "poplarville", "bogalusa", "ponchatoula",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "mondays", "tuesdays",
    "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    # Houston's super neighbourhoods (the city's 88 civic areas), where Gulf families evacuate to: the words of
    # their names that are not everyday words ("Kashmere Gardens", "Greater Greenspoint", "Willow Meadows")
    "willowbrook", "greenspoint", "carverdale", "inwood", "acres", "westbranch", "addicks", "langwood",
    "lazybrook", "timbergrove", "eldridge", "westchase", "afton", "montrose", "neartown", "alief", "sharpstown",
    "gulfton", "westwood", "braeburn", "meyerland", "braeswood", "astrodome", "brays", "westbury", "willowbend",
    "fondren", "kingwood", "northline", "eastwood", "harrisburg", "pleasantville", "northshore", "magnolia",
    "hunterwood", "midtown", "minnetex", "gulfgate", "riverview", "sunnyside", "golfcrest", "bellfort", "reveille",
    "meadowbrook", "allendale", "crestmont", "edgebrook", "ellington", "macgregor", "settegast", "kashmere",
    "lawndale", "wayside", "greenway", "kirby", "pecan", "spring", "branch", "oates", "homestead", "trinity",
    "hobby", "fifth", "third", "ward", "memorial", "galleria", "bellaire", "pasadena", "baytown",
    "katy", "sugar", "humble", "cypress", "tomball", "galveston", "conroe", "channelview",
}
# More New Orleans streets and neighbourhoods (the 72 statistical areas, the evacuation pickup sites), for when
# the database has not taught the scrubber its own (geography.py). Those that are also given names ("Julia",
# "Amelia", "Clio") are left out: as a word alone they stay names, next to a suffix they are a street (deny.py).
MORE_STREETS = {
    "bienville", "conti", "toulouse", "kerlerec", "pauger", "delery", "charbonnet", "andry", "lizardi",
    "rocheblave", "miro", "prieur", "derbigny", "villere", "marais", "girod", "calliope", "erato", "thalia",
    "melpomene", "terpsichore", "euterpe", "polymnia", "urania", "toledano", "delachaise", "foucher", "antonine",
    "peniston", "constantinople", "marengo", "jena", "cadiz", "valence", "bordeaux", "upperline", "soniat",
    "dufossat", "valmont", "calhoun", "lowerline", "hampson", "carondelet", "rousseau", "wisner", "downman",
    "bundy", "dwyer", "hayne", "gallier", "lesseps", "mazant", "egania", "deslonde", "caffin", "jourdan",
    "forstall", "reynes", "lamanche", "tupelo", "alabo", "hamburg", "clouet", "montegut", "frenchmen", "laharpe",
    "onzaga", "lapeyrouse", "painters", "st. maurice", "nicholls", "ursulines", "dauphine", "chartres",
    "decatur", "rampart", "poydras", "perdido", "gravier", "tulane", "broadway", "exposition", "octavia",
    "audubon", "cooper", "fairgrounds", "fillmore", "catherine", "oaks", "vista", "milan", "aurora", "orchard",
    "brechtel", "viavant", "lest", "riverside", "kingsley", "dolorosa", "evacuspot", "evacuspots", "hollygrove",
    "fontainbleau", "marlyville", "pontchartrain", "bywater", "treme", "tremé", "gentilly", "michoud", "crowder",
    "morrison", "bullard", "wilson", "dillard", "lakeview", "behrman", "whitney", "navarre", "touro", "freret",
}
# Letters only Vietnamese writes (Spanish accents are not among them: "benítez" is a name however written).
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.IGNORECASE)
# The combining marks NFD splits off Latin letters (accents and Vietnamese tone marks).
COMBINING = re.compile("[\u0300-\u036f]")
# A Vietnamese syllable without its marks: an initial consonant (no f, j, w, z), vowels, a final from the few
# Vietnamese allows. English names in the Vietnamese list ("john", "paul", "george") do not fit it.
VIETNAMESE_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
                                 r"(?:ch|ng|nh|[cmnpt])?")


# The towns, counties and parishes of the US and Puerto Rico that name no person (scripts/south_towns.py, from
# GeoNames; the files keep the name they had when they held the South's alone).
SOUTH_TOWNS = frozenset((Path(__file__).parent / "south_towns.txt").read_text().split("\n")) - {""}
# Those of one word that are also a given name or surname ("Gautier", "Vancleave", "Lyman"): a place only where the
# context says so ("in Lyman", "this side of Vancleave"; deny.after_place_preposition).
SOUTH_TOWNS_NAMED = frozenset((Path(__file__).parent / "south_towns_named.txt").read_text().split("\n")) - {""}


def _buckets(language: str) -> list[list[str]]:
    """wordfreq's list for `language` (its largest), read from its data file without importing wordfreq.

    Importing wordfreq loads its tokenisers (regex, ftfy, langcodes: 0.3 s of
    every process start) that scrubbing never uses. The file is wordfreq's
    documented "cBpack": gzipped msgpack, a header, then one list of words per
    centibel of frequency, most frequent first.
    """
    data = Path(importlib.util.find_spec("wordfreq").origin).parent / "data"
    path = next(path for path in (data / f"large_{language}.msgpack.gz", data / f"small_{language}.msgpack.gz")
                if path.exists())
    header, *buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    if header.get("format") != "cB":
        raise ValueError(f"{path} is not a wordfreq cBpack file")
    return buckets


def _ranked(language: str) -> tuple[list[str], dict[str, float]]:
    """The language's SAFE_TOP most frequent words, most frequent first, and each one's frequency."""
    words, frequency = [], {}
    for index, bucket in enumerate(_buckets(language)):
        for word in bucket:
            frequency[word] = 10 ** (-index / 100)
        words += bucket
        if len(words) >= SAFE_TOP[language]:
            break
    return words[:SAFE_TOP[language]], frequency


def _everyday(first: dict[str, float], last: dict[str, float], frequency: dict[str, float]) -> set[str]:
    """Census names far more frequent as words than as names (in every Census list that holds them)."""
    return {name for name in frequency.keys() & (first.keys() | last.keys())
            if all(frequency[name] / max(table[name], CENSUS_FLOOR) >= AMBIGUOUS_RATIO[kind]
                   for kind, table in (("first", first), ("last", last)) if name in table)}


def _folded(words: set[str]) -> set[str]:
    """The words and their forms without accents or tone marks (ASCII words are their own): lexicon.fold for
    all of them at once, one normalisation of the joined text instead of 29,000 calls."""
    marked = [word for word in words if not word.isascii()]
    joined = unicodedata.normalize("NFD", "\n".join(marked).lower().replace("đ", "d"))
    return words | set(COMBINING.sub("", joined).split("\n"))


def _build() -> tuple[frozenset, frozenset, frozenset, frozenset, frozenset, frozenset, frozenset]:
    """Safe words, common words, names that are never safe, names that are also everyday words, the few
    hundred most frequent words of English and Spanish (no name even after "señora": "la señora está"), the
    parts of compounds, and the names among the common English words ("angel", "baker": a noun after "an")."""
    ranked, frequency = {}, {}
    for language in SAFE_TOP:
        ranked[language], frequencies = _ranked(language)
        if language != "vi":
            for word, share in frequencies.items():
                frequency[word] = max(share, frequency.get(word, 0.0))
    first, last = census_shares()
    everyday = (WORDLIKE_FIRST_NAMES | WORDLIKE_GIVEN_ES | _everyday(first, last, frequency)) - HISPANIC_GIVEN
    names = (first.keys() | last.keys() | EXTRA_FIRST_NAMES | HISPANIC_GIVEN | VIETNAMESE_SURNAMES) - everyday
    safe = _folded({word for words in ranked.values() for word in words})
    # The lists hold the possessives of names as words ("susan's", "angela's"): a name's possessive is the name.
    safe -= {word for word in safe if word.endswith(("'s", "’s")) and (word[:-2] in names or word[:-2] in first)}
    common = _folded({word for words in ranked.values() for word in words[:COMMON_TOP]})
    # Vietnamese syllables stay safe even when a Census list holds them ("le", "mai", "cao": everyday words),
    # but the Vietnamese list also holds foreign names ("john", "george"): only words shaped like a Vietnamese
    # syllable are kept, and not the one family name that is no everyday word.
    syllables = set(ranked["vi"])
    vietnamese = {form for form in _folded(syllables) if VIETNAMESE_SYLLABLE.fullmatch(form)} | {
        word for word in syllables if VIETNAMESE_SYLLABLE.fullmatch(fold(word))}
    vietnamese -= {"nguyễn", "nguyen"}
    places = {fold(word) for word in NOLA_STREETS | SUFFIXES | PLACE_WORDS}
    towns = {town for town in SOUTH_TOWNS if " " not in town}
    kept = vietnamese | PUBLIC_TERMS | PUBLIC_PLACES | places | towns | (MORE_STREETS - first.keys())
    top = _folded({word for language in ("en", "es") for word in ranked[language][:TOP_TOP]})
    parts = {word for word in ranked["en"][:COMPOUND_TOP] if len(word) >= 3 and word.isalpha()} - names
    return (frozenset((safe - names) | kept), frozenset((common - names) | kept),
            frozenset(names - kept), frozenset(everyday), frozenset(top), frozenset(parts),
            frozenset(names.intersection(ranked["en"][:COMMON_TOP])))


SAFE_WORDS, COMMON_WORDS, NAMES, EVERYDAY_NAMES, TOP_WORDS, COMPOUND_PARTS, ENGLISH_WORD_NAMES = _build()


def _lower_safe() -> frozenset[str]:
    """The words of each language ranked past SAFE_TOP up to LOWER_TOP, of letters only, that are no name in any
    form (as written, or folded: "abundio" is a Spanish word there only as a name)."""
    people = NAMES | first_names() | census_shares()[1].keys()
    words: set[str] = set()
    for language, top in LOWER_TOP.items():
        ranked = [word for bucket in _buckets(language) for word in bucket][SAFE_TOP[language]:top]
        words.update(word for word in ranked if word.isalpha() and word not in people and fold(word) not in people)
    return frozenset(_folded(words) - SAFE_WORDS)  # and as typed without accents ("cumpleanera")


LOWER_SAFE = _lower_safe()
# Safe words no context but a title can make a name (deny.py's fast path): no given name among them, but for
# the commonest words that the Census lists hold as first names too ("in", "ok"), not those that are names
# as often as words ("will", "may", "hope").
PLAIN_WORDS = SAFE_WORDS - (first_names() - (TOP_WORDS - WORDLIKE_FIRST_NAMES)) - VIETNAMESE_SURNAMES \
    - VIETNAMESE_GIVEN - {fold(name) for name in VIETNAMESE_GIVEN} - {"van", "thi"} \
    - {town for town in SOUTH_TOWNS if " " not in town}  # a town's name is looked at in its context
# Words safe only as written with their marks: "nguyện" (tình nguyện viên, volunteer) and "nguyên" are everyday
# words, but without marks they read as the family name Nguyễn, which is no safe word.
MARKED_PLAIN = frozenset(word for word in SAFE_WORDS
                         if VIETNAMESE_LETTERS.search(word) and fold(word) not in SAFE_WORDS
                         and VIETNAMESE_SYLLABLE.fullmatch(fold(word))) - VIETNAMESE_GIVEN - {"nguyễn"}
