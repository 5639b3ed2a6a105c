"""General English vocabulary the extractor relies on (no names of anyone or anything)."""

from __future__ import annotations

# Words that come before a person's name as a title or describe someone's role.
PERSON_TITLES = frozenset(
    [
        "president",
        "vice-president",
        "president-elect",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "empress",
        "pope",
        "sheikh",
        "emir",
        "sultan",
        "crown",
        "senator",
        "sen",
        "congressman",
        "congresswoman",
        "representative",
        "rep",
        "governor",
        "gov",
        "mayor",
        "lawmaker",
        "legislator",
        "deputy",
        "mp",
        "mep",
        "speaker",
        "ambassador",
        "envoy",
        "diplomat",
        "consul",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "chairman",
        "chairwoman",
        "chair",
        "chairperson",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "cio",
        "founder",
        "co-founder",
        "cofounder",
        "owner",
        "executive",
        "director",
        "manager",
        "chief",
        "head",
        "boss",
        "president",
        "vp",
        "analyst",
        "economist",
        "strategist",
        "trader",
        "banker",
        "investor",
        "general",
        "gen",
        "colonel",
        "col",
        "lieutenant",
        "lt",
        "major",
        "maj",
        "captain",
        "capt",
        "sergeant",
        "sgt",
        "admiral",
        "adm",
        "commander",
        "cmdr",
        "marshal",
        "commissioner",
        "inspector",
        "detective",
        "officer",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "judge",
        "justice",
        "magistrate",
        "lawyer",
        "attorney",
        "prosecutor",
        "counsel",
        "advocate",
        "adviser",
        "advisor",
        "aide",
        "official",
        "correspondent",
        "reporter",
        "editor",
        "journalist",
        "columnist",
        "anchor",
        "photographer",
        "author",
        "leader",
        "founder",
        "coach",
        "manager",
        "captain",
        "player",
        "striker",
        "goalkeeper",
        "midfielder",
        "rabbi",
        "imam",
        "bishop",
        "archbishop",
        "cardinal",
        "reverend",
        "rev",
        "father",
        "sister",
        "brother",
        "pastor",
        "ayatollah",
        "patriarch",
        "metropolitan",
        "actor",
        "actress",
        "singer",
        "rapper",
        "musician",
        "artist",
        "director",
        "producer",
        "writer",
        "novelist",
        "scientist",
        "researcher",
        "physician",
        "doctor",
        "nurse",
        "surgeon",
        "engineer",
        "pilot",
        "activist",
        "campaigner",
        "dissident",
        "candidate",
        "nominee",
        "incumbent",
        "challenger",
    ]
)

# Role nouns that, in apposition ("X, a spokesman for Y"), say X is a person.
PERSON_ROLE_NOUNS = PERSON_TITLES | frozenset(
    [
        "man",
        "woman",
        "boy",
        "girl",
        "resident",
        "citizen",
        "worker",
        "employee",
        "student",
        "teacher",
        "farmer",
        "soldier",
        "victim",
        "survivor",
        "witness",
        "suspect",
        "defendant",
        "plaintiff",
        "member",
        "partner",
        "colleague",
        "spokesperson",
        "son",
        "daughter",
        "wife",
        "husband",
        "mother",
        "father",
        "widow",
        "friend",
        "fan",
    ]
)

# Last words that make a name an organisation.
ORG_HEADS = frozenset(
    [
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "co",
        "co.",
        "company",
        "companies",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "ag",
        "gmbh",
        "sa",
        "nv",
        "bv",
        "spa",
        "ab",
        "asa",
        "oyj",
        "kk",
        "pty",
        "lp",
        "llp",
        "group",
        "holdings",
        "holding",
        "partners",
        "associates",
        "bancorp",
        "bank",
        "banks",
        "fund",
        "funds",
        "trust",
        "exchange",
        "securities",
        "capital",
        "investments",
        "insurance",
        "airlines",
        "airline",
        "airways",
        "aviation",
        "motors",
        "industries",
        "technologies",
        "systems",
        "communications",
        "ministry",
        "department",
        "office",
        "agency",
        "authority",
        "commission",
        "committee",
        "council",
        "board",
        "bureau",
        "service",
        "services",
        "administration",
        "directorate",
        "secretariat",
        "university",
        "college",
        "school",
        "institute",
        "academy",
        "foundation",
        "society",
        "association",
        "federation",
        "union",
        "league",
        "alliance",
        "coalition",
        "party",
        "movement",
        "front",
        "organization",
        "organisation",
        "army",
        "navy",
        "force",
        "forces",
        "corps",
        "guard",
        "police",
        "militia",
        "brigade",
        "battalion",
        "regiment",
        "court",
        "tribunal",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "cabinet",
        "government",
        "hospital",
        "clinic",
        "church",
        "mission",
        "network",
        "channel",
        "radio",
        "television",
        "tv",
        "news",
        "newspaper",
        "times",
        "post",
        "journal",
        "press",
        "magazine",
        "studios",
        "records",
        "club",
        "team",
        "fc",
    ]
)

# Last words that make a name a place.
PLACE_HEADS = frozenset(
    [
        "region",
        "oblast",
        "province",
        "state",
        "county",
        "district",
        "prefecture",
        "governorate",
        "territory",
        "canton",
        "island",
        "islands",
        "isle",
        "peninsula",
        "sea",
        "ocean",
        "gulf",
        "bay",
        "strait",
        "channel",
        "river",
        "lake",
        "mountain",
        "mountains",
        "mount",
        "mt",
        "valley",
        "desert",
        "coast",
        "coastline",
        "plain",
        "plateau",
        "delta",
        "basin",
        "city",
        "town",
        "village",
        "square",
        "street",
        "avenue",
        "road",
        "bridge",
        "airport",
        "port",
        "harbour",
        "harbor",
        "park",
        "forest",
        "border",
        "frontier",
    ]
)

# Words that open an organisation name ("Ministry of Defence", "University of X").
ORG_OPENERS = frozenset(
    [
        "ministry",
        "department",
        "university",
        "bank",
        "institute",
        "office",
        "council",
        "commission",
        "committee",
        "bureau",
        "board",
        "agency",
        "federation",
        "association",
        "union",
        "league",
        "party",
        "court",
        "house",
    ]
)

# Place-name endings strong enough to override a person reading of a single word.
TOPONYM_SUFFIXES = (
    "ivka", "ivske", "ovka", "evka", "grad", "gorod", "polis", "abad", "stan",
    "shire", "burg", "bourg", "ville", "ovsk", "insk",
)  # fmt: skip

# Not entities, even when capitalised and tagged.
NON_ENTITY_WORDS = frozenset(
    [
        "embed",
        "embedded",
        "twitter",
        "facebook",
        "instagram",
        "youtube",
        "telegram",
        "tiktok",
        "whatsapp",
        "photo",
        "photos",
        "video",
        "videos",
        "image",
        "images",
        "file",
        "afp/getty",
        "getty",
        "reuters/file",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "tomorrow",
        "god",
        "kelvin",
        "fahrenheit",
        "celsius",
        "centigrade",
    ]
) | frozenset(
    # pronouns, which the model takes for names when a quotation capitalises them ("I love Ya");
    # not "he" (a surname), nor "us" and "it" (the US, an IT firm)
    [
        "i",
        "me",
        "you",
        "ya",
        "ye",
        "yer",
        "youse",
        "thee",
        "thou",
        "y'all",
        "ya'll",
        "we",
        "they",
        "them",
        "him",
        "she",
        "myself",
        "yourself",
        "himself",
        "herself",
        "ourselves",
        "yourselves",
        "themselves",
    ]
)

SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "stress",
        "claim",
        "state",
        "announce",
        "note",
        "explain",
        "insist",
        "warn",
        "argue",
        "confirm",
        "deny",
        "write",
        "post",
        "tweet",
        "declare",
        "reply",
        "respond",
        "comment",
        "acknowledge",
        "admit",
        "suggest",
        "report",
        "accuse",
        "allege",
        "assert",
        "maintain",
        "mention",
        "remark",
        "reveal",
        "urge",
        "vow",
        "promise",
        "predict",
    ]
)

# Words of organisation names that any country or company could have ("Defense Ministry").
GENERIC_ORG_WORDS = ORG_HEADS | frozenset(
    [
        "defense",
        "defence",
        "foreign",
        "interior",
        "home",
        "finance",
        "economy",
        "economic",
        "health",
        "justice",
        "education",
        "energy",
        "trade",
        "industry",
        "agriculture",
        "transport",
        "transportation",
        "culture",
        "environment",
        "emergency",
        "emergencies",
        "security",
        "intelligence",
        "national",
        "central",
        "supreme",
        "constitutional",
        "state",
        "federal",
        "general",
        "armed",
        "air",
        "naval",
        "border",
        "affairs",
        "public",
        "prosecutor's",
        "prosecutors",
        "statistics",
        "affairs",
        "internal",
        "external",
        "labour",
        "labor",
        "social",
        "development",
        "commerce",
        "communications",
        "information",
        "digital",
        "science",
        "research",
        "space",
        "nuclear",
        "atomic",
        "electoral",
        "election",
        "treasury",
        "exchequer",
        "executive",
        "legislative",
        "judicial",
        "fiscal",
        "monetary",
    ]
)

# Common nouns that stand for an organisation named earlier ("the company said").
ORG_ANAPHORS = frozenset(
    [
        "company",
        "firm",
        "airline",
        "carrier",
        "group",
        "manufacturer",
        "maker",
        "planemaker",
        "government",
        "ministry",
        "agency",
        "bank",
        "lender",
        "insurer",
        "operator",
        "business",
        "corporation",
        "organisation",
        "organization",
        "union",
        "party",
        "military",
        "army",
        "police",
        "court",
        "regulator",
        "authority",
        "committee",
        "council",
        "board",
    ]
)

# First words of airline and company names ("Air Canada", "Air Berlin").
ORG_FIRST_WORDS = frozenset({"air", "aero"})

ORG_HEADS = ORG_HEADS | {"aircraft", "aerospace"}

# Last words of sports clubs' names ("Manchester United", "Blackburn Rovers"): no one's surname.
ORG_HEADS = ORG_HEADS | {"united", "rovers", "wanderers", "athletic", "albion", "hotspur", "afc", "cf"}

ORG_ANAPHORS = ORG_ANAPHORS | frozenset(
    """
    newspaper magazine daily broadcaster network channel agency club team subsidiary unit
    conglomerate retailer automaker carmaker producer supplier contractor startup watchdog
    """.split()
)

# Titles that never open the name of an organisation ("Spokeswoman Sandy Angers").
PERSON_ONLY_TITLES = frozenset(
    """
    spokesman spokeswoman spokesperson chairman chairwoman ceo cfo coo senator sen congressman
    congresswoman governor gov mayor mr mrs ms dr prof president vice-president minister premier
    chancellor pope king queen prince princess sheikh emir sultan ambassador analyst
    """.split()
)

# Kinds of made things: a name said to be one of these ("the drug is X", "X, an ACE
# inhibitor", "a perfume called X") names a product, which the ontology does not model.
PRODUCT_NOUNS = frozenset(
    """
    drug medicine medication vaccine pill tablet treatment therapy inhibitor diuretic antibiotic
    painkiller antidepressant product brand perfume fragrance cosmetic lipstick car sedan truck
    vehicle suv motorcycle plane airplane aeroplane airliner jetliner aircraft jet helicopter drone missile rocket satellite
    rifle pistol gun weapon warship submarine software app browser chatbot smartphone phone handset
    laptop computer console chip device gadget camera game videogame film movie
    documentary novel book album song musical beer wine whisky cigarette
    """.split()
)


# Words that, before a demonym, name a group of people: "the first Black American".
GROUP_ADJECTIVES = frozenset(
    """
    african arab asian black hispanic indigenous latin native white
    """.split()
)

# Nouns whose "of" phrase names a place: "the city of X", "the province of X".
PLACE_OF_NOUNS = frozenset(
    """
    capital city county district governorate island municipality oblast port province region state
    suburb town village
    """.split()
)

# Compass words before a demonym or a region's adjective: "West African".
COMPASS = frozenset(
    """
    central east eastern north northeast northern northwest south southeast southern southwest west
    western
    """.split()
)

# Place words that open a name with "of": "Gulf of Aden", "Isle of Man".
OF_TOPONYMS = frozenset(
    """
    bay cape gulf island islands isle lake mount sea strait straits
    """.split()
)

# Words that open a title inside a name: "Boeing Executive Vice President".
TITLE_OPENERS = frozenset(
    """
    acting chief deputy executive first general managing senior vice
    """.split()
)

# Nouns only organisations have, completed by the name: "the takeover of X", "shares of X".
OWNED_BY_ORGS = frozenset(
    """
    acquisition board buyout ceo chairman chairwoman division headquarters share shareholder
    spokesman spokesperson spokeswoman stake stock subsidiary takeover unit
    """.split()
)

# What a company can be to another as well as a person: "Microsoft, the startup's largest investor".
ORG_ROLES = frozenset(
    """
    backer bidder buyer client contractor creditor customer donor investor lender owner partner
    rival seller shareholder sponsor stakeholder supplier
    """.split()
)

# Verbs whose object is an organisation: "who also runs Tesla and SpaceX".
RUN_VERBS = frozenset(
    """
    acquire buy chair co-found cofound found head list manage own run
    """.split()
)

# What an organisation qualifies and still is mentioned: "Apple shares", "NATO allies".
EARNED_BY_ORGS = frozenset(
    """
    ally bond country customer debt delegation earnings employee factory fighter force investor
    militant nation negotiator office partner plant price profit result revenue rival sale share
    soldier staff stock troop worker
    """.split()
)
# the anaphors that stand for a firm: "the company said" is most likely the firm the story is
# about; "the court" or "the ministry" is no guess of that kind
FIRM_ANAPHORS = frozenset(
    """
    company firm airline carrier group manufacturer maker planemaker bank lender insurer operator business
    corporation conglomerate retailer automaker carmaker producer supplier contractor startup subsidiary unit
    """.split()
)

# What a firm does with aircraft, ships or goods: "Kestrel ordered ten jets", "Kestrel has an order
# for ten": a place name that begins a firm's name, doing this, is the firm.
FIRM_VERBS = frozenset(
    """
    buy charter lease operate order purchase
    """.split()
)
FIRM_HOLDINGS = frozenset(
    """
    backlog fleet option order
    """.split()
)

# Last words of the sites a firm owns: "Acme's Assembly Center", "Acme's Tulsa plant".
FACILITY_HEADS = frozenset(
    """
    campus center centre complex depot factory hangar mill plant refinery shipyard terminal warehouse
    works yard
    """.split()
)

# Adjectives of continents and of unions of states: "African Union", "Andean Union": a union
# of states is a territory with a government, a place as a country is.
UNION_ADJECTIVES = frozenset(
    """
    african american asian eurasian european oceanian soviet
    """.split()
)
