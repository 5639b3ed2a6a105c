"""Events from the dependency parse: triggers, participants, time, place and quantities.

A trigger is a verb or an event noun whose lemma the taxonomy knows (general English, no
names). Its participants come from its arguments: the subject is the agent (the "by"
phrase of a passive too), the object or passive subject the patient, "brokered/mediated
by" a mediator; its place is a place named in a "in/at/near/over" phrase or next to it;
its time the temporal expression attached to it, else the one in its clause; quantities
("195 soldiers", "$40 billion") are numbers inside its arguments. Mentions of one event in
an article ("traded prisoners", "the swap", "Wednesday's exchange") become one instance
when their class agrees and their dates and participants do not contradict. An event
inside what someone said ("Moscow said Kyiv shot down the plane") is reported by them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ..dates import day_bounds, recent
from ..records import Event, Participant, Quantity, Quote, Role, Span, TimeValue
from ..rules import on, register
from ._factuality import ASSERTED, Factuality, factuality_of
from ._lexicon import FIRM_ANAPHORS, ORG_ANAPHORS, PERSON_TITLES, SPEECH_VERBS
from ._quotes import Mentions, SpeakerMention, covering, within
from ._resolve import region_pairs
from ._spans import children_of, doc_cache, doc_text, sentence_of, span_of, tokens_with

PEOPLE = {
    "prisoner", "pow", "pows", "captive", "hostage", "soldier", "civilian", "people", "detainee", "serviceman",
    "servicemen", "fighter", "troop", "national", "citizen", "sailor", "crew",
}  # fmt: skip

# verb lemma -> event class; a class in brackets needs an object of the right kind (see _verb_class)
VERBS = {
    "exchange": "?swap", "swap": "?swap", "trade": "?swap", "free": "?release", "release": "?release",
    "return": "?release",
    "attack": "MilitaryAction", "strike": "?strike", "bomb": "MilitaryAction", "shell": "MilitaryAction",
    "invade": "MilitaryAction", "shoot": "?shoot", "capture": "?capture", "fire": "?fire", "assault": "MilitaryAction",
    "surround": "MilitaryAction", "raid": "MilitaryAction", "storm": "MilitaryAction", "occupy": "MilitaryAction",
    "crash": "Accident", "collide": "Accident", "explode": "Accident", "derail": "Accident", "sink": "Accident",
    "meet": "Meeting", "visit": "Meeting", "negotiate": "Meeting", "discuss": "Meeting", "host": "Meeting",
    "agree": "Agreement", "sign": "Agreement", "settle": "Agreement", "ratify": "Agreement",
    "donate": "Aid", "pledge": "Aid",
    "arrest": "Arrest", "detain": "Arrest", "jail": "Arrest", "imprison": "Arrest", "apprehend": "Arrest",
    "sue": "LegalAction", "charge": "?charge", "indict": "LegalAction", "convict": "LegalAction",
    "sentence": "LegalAction", "prosecute": "LegalAction", "investigate": "LegalAction", "fine": "LegalAction",
    "elect": "Election", "vote": "?vote",
    "appoint": "Appointment", "nominate": "Appointment", "confirm": "?confirm", "hire": "Appointment", "name": "?name",
    "resign": "Resignation", "quit": "Resignation", "dismiss": "?dismiss", "sack": "Resignation", "oust": "Resignation",
    "buy": "Transaction", "purchase": "Transaction", "acquire": "Transaction", "sell": "Transaction",
    "order": "?order", "merge": "Transaction", "defeat": "?win", "beat": "?win", "secure": "?win",
    "exercise": "?exercise", "enter": "?enter", "invest": "Transaction", "award": "Transaction", "win": "?win",
    "lease": "Transaction",
    "protest": "Protest", "demonstrate": "?demonstrate", "rally": "?rally", "march": "?march",
    "kill": "?kill", "die": "Death",
    "launch": "?launch", "unveil": "Launch", "deliver": "Launch", "introduce": "Launch", "debut": "Launch",
    "fly": "?fly", "roll": "?roll",
    "delay": "Delay", "postpone": "Delay", "cancel": "Delay", "suspend": "Delay", "ground": "?ground", "push": "?push",
    "lay": "?lay", "cut": "?cut", "shed": "?cut",
    "announce": "Statement", "accuse": "Statement", "deny": "Statement", "condemn": "Statement", "warn": "Statement",
    "say": "Statement", "state": "Statement", "claim": "Statement", "cite": "Statement", "tell": "Statement",
    "comment": "Statement", "admit": "Statement", "insist": "Statement", "reveal": "Statement",
    "disclose": "Statement", "criticise": "Statement", "criticize": "Statement", "praise": "Statement",
    "complain": "Statement", "allege": "Statement", "report": "?report", "explain": "Statement",
    "build": "Production", "manufacture": "Production", "assemble": "Production", "produce": "?produce",
    "supply": "Transaction", "pay": "?pay", "attend": "Meeting",
    "land": "?land", "tour": "Travel", "travel": "Travel", "arrive": "Travel", "depart": "Travel",
    "uphold": "LegalAction", "overturn": "LegalAction", "ban": "LegalAction", "appeal": "LegalAction",
    "select": "?select", "choose": "?select", "replace": "?replace", "receive": "?receive",
    "file": "?file",
}  # fmt: skip

NOUNS = {
    "swap": "PrisonerExchange", "exchange": "?swap", "release": "?release",
    "attack": "MilitaryAction", "strike": "?strike", "airstrike": "MilitaryAction", "invasion": "MilitaryAction",
    "offensive": "MilitaryAction", "bombardment": "MilitaryAction", "barrage": "MilitaryAction",
    "assault": "MilitaryAction", "shelling": "MilitaryAction", "raid": "MilitaryAction",
    "crash": "Accident", "accident": "Accident", "collision": "Accident", "explosion": "Accident",
    "meeting": "Meeting", "talks": "Meeting", "summit": "Meeting", "visit": "Meeting", "negotiation": "Meeting",
    "conference": "Meeting",
    "agreement": "Agreement", "deal": "Agreement", "treaty": "Agreement", "accord": "Agreement",
    "ceasefire": "Agreement", "truce": "Agreement",
    "aid": "Aid", "assistance": "Aid", "donation": "Aid",
    "arrest": "Arrest", "detention": "Arrest",
    "lawsuit": "LegalAction", "trial": "LegalAction", "indictment": "LegalAction", "investigation": "LegalAction",
    "probe": "LegalAction", "verdict": "LegalAction", "suit": "LegalAction",
    "election": "Election", "referendum": "Election", "vote": "?vote",
    "appointment": "Appointment", "nomination": "Appointment",
    "resignation": "Resignation",
    "purchase": "Transaction", "acquisition": "Transaction", "sale": "Transaction", "merger": "Transaction",
    "takeover": "Transaction", "order": "?order", "investment": "Transaction",
    "protest": "Protest", "demonstration": "Protest", "rally": "?rally",
    "death": "Death", "killing": "Death",
    "launch": "?launch", "unveiling": "Launch", "delivery": "Launch", "debut": "Launch", "flight": "?flight",
    "delay": "Delay", "postponement": "Delay", "cancellation": "Delay",
    "layoff": "JobCuts", "cut": "?cut",
    "statement": "Statement", "announcement": "Statement", "speech": "Statement", "remark": "Statement",
    "criticism": "Statement", "accusation": "Statement", "denial": "Statement", "warning": "Statement",
    "production": "Production", "assembly": "?produce",
    "supply": "?supply", "lease": "Transaction", "bid": "?bid", "tender": "?bid",
    "tour": "Travel", "trip": "Travel", "journey": "Travel", "landing": "Travel", "arrival": "Travel",
    "ban": "LegalAction", "ruling": "LegalAction", "appeal": "LegalAction",
    "disaster": "?disaster", "replacement": "?replace", "selection": "?select",
    "bankruptcy": "LegalAction", "filing": "?file",
}  # fmt: skip

CLASS_LABELS = {
    "Statement": "statement", "Meeting": "meeting", "Agreement": "agreement", "Aid": "aid",
    "PrisonerExchange": "prisoner exchange", "MilitaryAction": "military action", "Accident": "crash or accident",
    "Arrest": "arrest", "LegalAction": "legal action", "Election": "election", "Appointment": "appointment",
    "Resignation": "resignation", "Transaction": "sale or acquisition", "Protest": "protest", "Death": "death",
    "Launch": "launch", "Delay": "delay", "JobCuts": "job cuts", "Production": "production", "Travel": "travel",
}  # fmt: skip

# things made and delivered: "built 20 aircraft", "received the first jet"
_MADE_THINGS = {
    "aircraft", "plane", "jet", "airliner", "car", "vehicle", "ship", "vessel", "engine", "unit", "tanker", "train",
    "truck", "satellite", "rocket", "missile", "drone", "helicopter", "weapon", "model", "prototype", "component",
}  # fmt: skip
# common nouns for those who act: "rebels attacking the town", "a firm building jets"
_ACTORS = {"rebel", "militant", "protester", "demonstrator", "worker", "employee", "firm", "company", "group",
           "force", "troop", "army", "police", "unit", "official", "plane", "jet", "aircraft", "ship", "drone"}  # fmt: skip
# nouns through which a place or organisation acts: "the Moscow government", "Russian forces"
_ACTING_FOR = {"government", "authorities", "authority", "official", "force", "troop", "army", "military", "navy",
               "police", "side", "ministry", "administration", "regime", "leadership", "delegation", "negotiator",
               "lawmaker", "parliament", "court", "prosecutor", "embassy", "president", "leader", "spokesman",
               "spokeswoman", "spokesperson"}  # fmt: skip
_COURT_FILINGS = {"bankruptcy", "protection", "lawsuit", "suit", "complaint", "appeal", "charge", "claim", "petition",
                  "motion", "injunction", "insolvency"}  # fmt: skip
# what someone lodges and another body decides on: "upheld Acme's protest"
_CLAIMS = _COURT_FILINGS | {"protest", "bid", "offer", "request", "application", "proposal", "objection", "demand"}
# words for a firm by its tie to another: "Orvale parent Kestrel" is Kestrel
_RELATED_FIRMS = {"parent", "owner", "subsidiary", "unit", "affiliate", "rival", "partner", "shareholder"}
_NOT_COUNTED = {"year", "month", "week", "day", "hour", "minute", "time", "side", "percent", "pct", "%"}
_NOT_THIS_EVENT = {"previous", "past", "other", "further", "similar", "another"}
_WORDS_TRADED = {"accusation", "blame", "insult", "barb", "blow", "fire", "shot", "threat", "jab", "word", "view",
                 "greeting", "pleasantry", "idea", "message", "letter", "note", "glance", "punch"}  # fmt: skip
_NATURAL_HAZARDS = {"earthquake", "quake", "tremor", "storm", "hurricane", "typhoon", "cyclone", "tornado", "flood",
                    "tsunami", "wildfire", "fire", "lightning", "drought", "heatwave", "blizzard", "disaster"}  # fmt: skip
_NOT_ALIVE = {"deal", "plan", "bill", "proposal", "project", "idea", "program", "programme", "talk", "agreement",
              "measure", "legislation", "hope", "chance", "momentum", "merger", "bid", "offer", "story", "rumour"}  # fmt: skip
# a visit, a flight or a delivery happens where it goes: "a visit to Europe"
_MOVEMENT = {"visit", "trip", "tour", "flight", "fly", "travel", "arrive", "delivery", "deliver", "land"}
# occasions that host what happens at them: "at a news conference in Oslo"
_GATHERINGS = {"ceremony", "conference", "meeting", "summit", "briefing", "rally", "celebration", "reception",
               "hearing", "session", "event", "gathering", "show"}  # fmt: skip
_ARRIVING = {"land", "arrive", "touch"}
# places of work named by where they are: "the Toledo plant", "the Bremen yard"
_SITES = {"plant", "factory", "facility", "site", "yard", "shipyard", "works", "mill", "refinery", "mine", "base"}
# verbs and nouns of getting something from someone: "from" names who gives it up
_ACQUIRING = {"buy", "purchase", "lease", "acquire", "acquisition", "rent", "import", "borrow", "obtain"}
# verbs whose subject takes part in the event noun they govern: "made the swap", "secured an order"
_LIGHT_VERBS = {"make", "hold", "conduct", "carry", "sign", "reach", "complete", "announce", "agree", "negotiate",
                "secure", "win", "finalize", "finalise", "seal", "strike", "place", "land", "book"}  # fmt: skip
_PLACE_PREPS = {"in", "at", "near", "over", "outside", "inside", "across", "into", "off", "on"}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
             "pound": "GBP", "pounds": "GBP", "¥": "JPY", "yen": "JPY", "dollar": "USD", "dollars": "USD",
             "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "yuan": "CNY"}  # fmt: skip
_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12, "hundred": 100}  # fmt: skip


@dataclass
class _Draft:
    kind: str
    triggers: list[Span]
    sentence: Span
    time: TimeValue | None
    place: str | None
    participants: list[Participant] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    reported_by: str | None = None
    generic: bool = False
    tentative: bool = False  # an ambiguous noun ("the exchange") that only joins an event already found
    verb: bool = True
    lemmas: list[str] = field(default_factory=list)
    unreported: bool = False  # a verb mention stated as fact, not attributed
    tense: str | None = None  # "perfect", "present" or "past" of the verb that tells it
    governor: int | None = None  # where the verb starts that an event noun is the argument of
    headline: bool = False
    factuality: Factuality = field(default_factory=Factuality)
    obj: str | None = None  # the lemma of a verb's direct object: what was sold, built, flown


def find_events(
    doc: Doc,
    offset: int,
    mentions: list[SpeakerMention],
    times: list[TimeValue],
    article_key: str,
    published: dt.date | None = None,
    roles: list[Role] | tuple[Role, ...] = (),
    quotes: list[Quote] | tuple[Quote, ...] = (),
) -> list[_Draft]:
    """Event mentions of one parsed chunk, before they are merged into instances."""
    drafts = []
    if on(TITLE_HOLDER):
        mentions = Mentions([*mentions, *_title_holders(doc, offset, mentions, roles)])
    if on(QUOTED_WE):
        mentions = Mentions([*mentions, *_quoted_we(doc, offset, mentions, roles, quotes)])
    regions = _regions(mentions, doc, offset)
    for token in doc:
        kind = _class_of(token)
        tentative = False
        if kind is None:
            kind = _tentative_class(token)
            tentative = kind is not None
        if kind is None or _modifier_participle(token) or _modifier_noun(token) or token.dep_ == "csubj":
            continue  # "to say this is a great day is...": an infinitive as subject names no event
        generic = _generic(token)
        sent = sentence_of(token)
        sentence = _clean(doc, offset, sent.start_char, sent.end_char)
        draft = _Draft(
            kind=kind,
            triggers=[_trigger_span(token, offset)],
            sentence=sentence,
            time=_time_of(token, offset, times),
            place=_place_of(token, offset, mentions),
            generic=generic,
            tentative=tentative,
            verb=token.pos_ in {"VERB", "AUX"},
            lemmas=[token.lemma_.lower()],
        )
        _arguments(token, offset, mentions, draft)
        if draft.place and on(PLACE_LIST):
            for place in _listed_places(draft.place, sent, offset, mentions):
                if place != draft.place and not any(p.entity == place for p in draft.participants):
                    draft.participants.append(Participant("location", place))
        region = regions.get(draft.place) if draft.place else None
        if region is not None and not any(p.entity == region for p in draft.participants):
            draft.participants.append(Participant("region", region))
        draft.quantities = _quantities(token, doc, offset, mentions)
        draft.reported_by = _reporter(token, offset, mentions)
        draft.unreported = draft.verb and draft.reported_by is None
        draft.factuality = factuality_of(token, offset, draft.time, published)
        draft.tense = _tense(token)
        draft.governor = _governing_verb_start(token, offset)
        draft.headline = _in_headline(token)
        draft.obj = _object_noun(token)
        drafts.append(draft)
    return drafts


_MAX_INSTANCES_PER_CLASS = 64


# tenses that place an event with no date of its own at the article's date ("has signed",
# "signs" in a headline), and those that place it on or before that date ("signed")
ON_PUBLICATION = frozenset({"perfect", "present"})
BEFORE_PUBLICATION = frozenset({"past"})


def merge_events(
    drafts: list[_Draft], article_key: str, entity_labels: dict[str, str], published: dt.date | None = None
) -> list[Event]:
    """Mentions of one event in an article become one instance; each gets a stable key."""
    instances: list[_Draft] = []
    by_kind: dict[str, list[_Draft]] = {}  # only drafts of one class can be one event
    for draft in drafts:
        if draft.generic:
            continue
        # the first compatible instance among the first few hundred of its class: linear time on
        # any input, and no news article reports that many distinct events of one class
        same_kind = by_kind.setdefault(draft.kind, [])
        target = next((i for i in same_kind[:_MAX_INSTANCES_PER_CLASS] if _compatible(i, draft, published)), None)
        if target is None and draft.tentative:
            continue
        if target is None:
            instance = replace(
                draft,
                triggers=list(draft.triggers),
                participants=list(draft.participants),
                quantities=list(draft.quantities),
                lemmas=list(draft.lemmas),
            )
            same_kind.append(instance)
            instances.append(instance)
            continue
        target.headline = target.headline and draft.headline  # a headline joins one body mention, the first
        target.obj = target.obj or draft.obj
        target.triggers.extend(draft.triggers)  # duplicates go when the instance is finished
        target.lemmas.extend(draft.lemmas)
        target.unreported = target.unreported or draft.unreported
        target.time = _narrower(target.time, draft.time)
        target.tense = target.tense or draft.tense
        target.place = target.place or draft.place
        for p in draft.participants:
            if p not in target.participants and not any(q.entity == p.entity for q in target.participants):
                target.participants.append(p)
        target.quantities.extend(draft.quantities)
        target.reported_by = target.reported_by or draft.reported_by
    events = []
    for draft in instances:
        participants = tuple(sorted(set(draft.participants), key=lambda p: (p.role, p.entity)))
        who = sorted(f"{p.role}={p.entity}" for p in participants if p.role in {"agent", "patient"})
        # the same class, date and participants is the same event in any article; without a date
        # or participants nothing says two articles report one event
        when = draft.time.value if draft.time and who else f"article:{article_key}:{draft.triggers[0].start}"
        identity = "|".join([draft.kind, when, *who])
        if draft.factuality.value != ASSERTED:  # a planned sale is not the sale it plans
            identity += "|" + draft.factuality.value
        label = event_label(draft.kind, participants, draft.time, entity_labels)
        events.append(
            Event(
                key=hashlib.sha1(identity.encode("utf-8")).hexdigest(),
                kind=draft.kind,
                label=label,
                triggers=tuple(sorted(dict.fromkeys(draft.triggers), key=lambda s: s.start)),
                sentence=draft.sentence,
                time=draft.time,
                place=draft.place,
                participants=participants,
                quantities=tuple(sorted(set(draft.quantities), key=lambda q: q.start)),
                reported_by=None if draft.unreported else draft.reported_by,
                factuality=draft.factuality.value,
                as_of=_anchor(draft, published, ON_PUBLICATION),
                not_after=_anchor(draft, published, BEFORE_PUBLICATION),
                factuality_rule=draft.factuality.rule,
                factuality_cue=draft.factuality.cue,
            )
        )
    return events


def _anchor(draft: _Draft, published: dt.date | None, tenses: frozenset[str]) -> str | None:
    """The publication date, for an asserted event with no date of its own told in one of these tenses."""
    if published is None or draft.time is not None or draft.factuality.value != ASSERTED:
        return None
    return published.isoformat() if draft.tense in tenses else None


def event_label(kind: str, participants, time: TimeValue | None, entity_labels: dict[str, str]) -> str:
    """'prisoner exchange: Russia, Ukraine (2024-01-31)'."""
    names = [
        entity_labels.get(p.entity, p.entity.split(":", 1)[-1]) for p in participants if p.role in {"agent", "patient"}
    ]
    label = CLASS_LABELS[kind]
    if names:
        label += ": " + ", ".join(dict.fromkeys(names))
    if time:
        label += f" ({time.value.replace('/', ' to ')})"
    return label


def _narrower(a: TimeValue | None, b: TimeValue | None) -> TimeValue | None:
    """Of two agreeing times, the more precise one (a day over a week, a month over a year)."""
    if a is None or b is None:
        return a or b
    rank = {"date": 0, "interval": 1, "gYearMonth": 2, "gYear": 3}
    return b if rank[b.datatype] < rank[a.datatype] else a


def _compatible(a: _Draft, b: _Draft, published: dt.date | None = None) -> bool:
    """Whether two mentions can be one event: same class, nothing contradicting, something shared."""
    if a.kind != b.kind or a.factuality.value != b.factuality.value:
        return False
    if a.time and b.time and not _times_agree(a.time.value, b.time.value):
        return False
    for dated, undated in ((a, b), (b, a)):
        # "has won an order" (today) is not "won an order in 2004"; a headline's present
        # ("Acme wins order") is news of the last few days
        if dated.time and not undated.time and undated.tense in ON_PUBLICATION and published:
            when = recent(published) if undated.tense == "present" else published.isoformat()
            if not _times_agree(when, dated.time.value):
                return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.reported_by and b.reported_by and a.reported_by != b.reported_by and a.verb and b.verb:
        return False
    if a.obj and b.obj and not _same_kind_of_thing(a.obj, b.obj) and a.sentence != b.sentence:
        return False  # "sold 500 cars" and "sold a plant": what was done differs
    if a.kind in _SYMMETRIC:
        # "a deal with Foo" and "the deal between Acme and Bar": each names a party the other lacks
        left = {p.entity for p in a.participants if p.role == "agent"}
        right = {p.entity for p in b.participants if p.role == "agent"}
        if len(left) >= 2 and len(right) >= 2 and not (left <= right or right <= left):
            return False
    for role in ("agent", "patient", "recipient", "supplier", "origin", "destination"):
        left = {p.entity for p in a.participants if p.role == role}
        right = {p.entity for p in b.participants if p.role == role}
        if left and right and not left & right:
            return False
    shared = {p.entity for p in a.participants} & {p.entity for p in b.participants}
    same_time = bool(a.time and b.time)
    # "voted in the election", "made the purchase": the noun names the verb's own event
    governs = a.governor == b.triggers[0].start or b.governor == a.triggers[0].start
    if a.kind == "Statement" and not governs and a.sentence != b.sentence:
        return False  # two things someone said in two sentences are two statements
    # a headline whose parties went unrecognised names the story's event: "Acme and Foo sign
    # accord" is the accord signed below
    headline = a if a.headline and not b.headline else b if b.headline and not a.headline else None
    unnamed = headline is not None and not any(p.role in {"agent", "patient"} for p in headline.participants)
    if shared or same_time or governs or unnamed:
        return True
    # a noun with nothing of its own ("the crash", "the swap") refers back to an event of its family
    bare = b if _bare(b) else a if _bare(a) else None
    if bare is None:
        return False
    other = a if bare is b else b
    return any(_family(lemma) & {m.lower() for m in other.lemmas} for lemma in bare.lemmas)


# events whose parties all take part alike: two with different parties are two events
_SYMMETRIC = {"Agreement", "Meeting"}
# nouns that count or group what their "of" names: "hundreds of prisoners", "a batch of jets"
_COUNTING = {"hundred", "thousand", "million", "billion", "dozen", "score", "number", "lot", "group", "batch",
             "couple", "handful", "total", "pair", "series", "fleet", "set", "range"}  # fmt: skip


def _object_noun(token: Token) -> str | None:
    """The lemma of what a verb acts on: 'sold 500 cars' cars, 'freed hundreds of prisoners' prisoner."""
    obj = next((c for c in children_of(token) if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if obj is not None and obj.lemma_.lower() in _COUNTING:
        of = next((c for c in children_of(obj) if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((g for g in children_of(of) if g.dep_ == "pobj"), None) if of is not None else None
        obj = inner if inner is not None and inner.pos_ in {"NOUN", "PROPN"} else None
    return obj.lemma_.lower() if obj is not None else None


# nouns for people, which one report calls prisoners and the next captives or people
_PEOPLE = {"people", "person", "prisoner", "captive", "hostage", "detainee", "soldier", "civilian", "worker",
           "employee", "passenger", "serviceman", "servicemen", "troop", "man", "woman", "child", "member",
           "pow", "pows", "prisoners-of-war"}  # fmt: skip


def _same_kind_of_thing(a: str, b: str) -> bool:
    """Whether two object nouns can name the same thing: one word, one family, or both people."""
    return bool(_family(a) & _family(b)) or (a in _PEOPLE and b in _PEOPLE)


def _bare(draft: _Draft) -> bool:
    """A noun mention with no date, agent or patient of its own ("the swap was brokered by Qatar")."""
    return not draft.verb and not draft.time and not any(p.role in {"agent", "patient"} for p in draft.participants)


def _times_agree(a: str, b: str) -> bool:
    """Equal, or one within the other ("last week" holds "Jan. 24")."""
    if a == b:
        return True
    (a_lo, a_hi), (b_lo, b_hi) = day_bounds(a), day_bounds(b)
    return (a_lo <= b_lo and b_hi <= a_hi) or (b_lo <= a_lo and a_hi <= b_hi)


def _in_headline(token: Token) -> bool:
    """The first line of the text, with no end punctuation: the headline."""
    sent = sentence_of(token)
    return sent.start_char == 0 and not sent.text.rstrip().endswith((".", "!", "?"))


def _trigger_span(token: Token, offset: int) -> Span:
    """The trigger's characters: the word, with the particle of a phrasal verb right after it ("rolled out")."""
    end = token
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.dep_ == "prt" and following.head.i == token.i:
        end = following
    text = doc_text(token.doc)[token.idx : end.idx + len(end)]
    return Span(offset + token.idx, offset + end.idx + len(end), text)


def _modifier_noun(token: Token) -> bool:
    """'launch vehicle', 'flight crew': an event noun that only qualifies another noun."""
    return token.pos_ == "NOUN" and token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}


def _modifier_participle(token: Token) -> bool:
    """'captured Ukrainian soldiers', 'the rhetoric surrounding the crash': a participle describing
    a noun, not an event told ('troops attacking the town' are people doing it: an event)."""
    if token.pos_ == "VERB" and token.tag_ == "VBG" and token.dep_ == "acl":
        head = token.head
        return head.pos_ == "NOUN" and head.lemma_.lower() not in PEOPLE | _ACTORS
    if token.pos_ != "VERB" or token.tag_ != "VBN":
        return False
    if token.dep_ in {"amod", "acl"} and not any(c.dep_ == "agent" for c in children_of(token)):
        return True
    if token.dep_ == "conj":
        between = token.doc[token.head.i + 1 : token.i]
        return not any(t.dep_ == "cc" or t.text in {",", ";"} for t in between)
    return False


_FAMILIES = [
    {"exchange", "swap", "trade", "release", "free", "return"},
    {"crash", "collision", "accident", "collide"},
    {"attack", "assault", "strike", "raid", "airstrike"},
    {"barrage", "bombardment", "shelling", "shell", "bomb", "fire"},
    {"meet", "meeting", "talks", "summit", "discuss", "negotiate", "negotiation", "visit"},
    {"agree", "agreement", "deal", "accord", "treaty", "sign", "ceasefire", "truce"},
    {"invade", "invasion", "offensive"},
    {
        "buy",
        "purchase",
        "order",
        "acquire",
        "acquisition",
        "sale",
        "sell",
        "contract",
        "award",
        "win",
        "takeover",
        "merger",
    },
    {"launch", "unveil", "unveiling", "debut", "flight", "fly", "delivery", "deliver", "roll"},
    {"delay", "postpone", "postponement", "cancel", "cancellation", "push"},
    {"aid", "assistance", "donation", "donate", "pledge"},
    {"arrest", "detain", "detention"},
    {"lawsuit", "suit", "sue", "trial", "investigation", "probe", "investigate", "charge", "indictment"},
]


def _family(lemma: str) -> set[str]:
    for family in _FAMILIES:
        if lemma in family:
            return family
    return {lemma}


def _tentative_class(token: Token) -> str | None:
    """'the exchange', 'the swap' without an object: a prisoner exchange if the article has one."""
    if token.pos_ == "NOUN" and token.lemma_.lower() in {"exchange", "swap", "release", "deal"}:
        return {
            "exchange": "PrisonerExchange",
            "swap": "PrisonerExchange",
            "release": "PrisonerExchange",
            "deal": "Agreement",
        }[token.lemma_.lower()]
    return None


def _class_of(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "hold"):
        kind = VERBS.get(lemma)
    elif token.pos_ in {"NOUN", "PROPN"} and token.text[:1].islower():
        kind = NOUNS.get(lemma)
    else:
        return None
    if kind is None or not kind.startswith("?"):
        return kind
    return _resolve(kind[1:], token)


def _someone_undergoes(verb: Token) -> bool:
    """Whether the verb's object (or passive subject) is a name or a person: 'fired two officials'."""
    undergoing = (c for c in children_of(verb) if c.dep_ in {"dobj", "nsubjpass"})
    return any(o.pos_ == "PROPN" or o.lemma_.lower() in PEOPLE for o in undergoing)


def _objects(token: Token) -> list[Token]:
    objs = [c for c in children_of(token) if c.dep_ in {"dobj", "nsubjpass", "attr", "pobj"}]
    for prep in (c for c in children_of(token) if c.dep_ == "prep"):
        objs.extend(g for g in children_of(prep) if g.dep_ == "pobj")
    more = []
    for o in objs:
        more.extend(g for g in o.subtree if g.dep_ in {"pobj", "compound", "conj"})
    return objs + more


def _resolve(rule: str, token: Token) -> str | None:
    objects = {o.lemma_.lower() for o in _objects(token)} | {
        c.lemma_.lower() for c in children_of(token) if c.dep_ in {"compound", "amod"}
    }
    particles = {c.lower_ for c in children_of(token) if c.dep_ in {"prt", "prep"}}
    if token.head.dep_ == "compound" or token.dep_ == "compound":
        objects.add(token.head.lemma_.lower())
    people = bool(objects & PEOPLE)
    if rule == "swap" and objects & _WORDS_TRADED:
        return None  # "traded accusations", "exchanged fire": words or blows, not goods
    if rule == "swap":
        return (
            "PrisonerExchange"
            if people or "prisoner" in objects
            else ("Transaction" if token.pos_ == "VERB" and objects else None)
        )
    if rule == "release":
        return "PrisonerExchange" if people else None
    if rule == "strike" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _NATURAL_HAZARDS for c in children_of(token)):
        return None  # "an earthquake struck": nature, not an attack
    if rule == "strike":
        return "Protest" if objects & {"worker", "union", "employee", "staff"} else "MilitaryAction"
    if rule == "shoot":
        return (
            "MilitaryAction"
            if "down" in particles or objects & {"plane", "aircraft", "drone", "jet", "helicopter", "missile"}
            else None
        )
    if rule == "capture":
        return "Arrest" if people else "MilitaryAction"
    if rule == "fire":
        if objects & {"missile", "drone", "rocket", "shell", "barrage", "shot", "round"}:
            return "MilitaryAction"
        # "Altman was fired by the board", "fired two officials": a dismissal
        return "Resignation" if _someone_undergoes(token) else None
    if rule == "charge":
        return "LegalAction" if "with" in particles or objects & {"crime", "murder", "fraud", "count"} else None
    if rule == "name":
        return (
            "Appointment"
            if "as" in particles or objects & {"ceo", "chairman", "president", "director", "head", "minister"}
            else None
        )
    if rule == "order":
        return (
            "Transaction"
            if objects & {"aircraft", "plane", "jet", "airliner", "unit", "tanker", "ship", "boeing", "airbus"}
            or token.pos_ == "NOUN"
            else None
        )
    if rule == "win":
        return "Transaction" if objects & {"contract", "order", "deal", "tender", "bid"} else None
    if rule == "exercise":
        return "Transaction" if objects & {"option", "right"} else None
    if rule == "enter":
        return "Launch" if objects & {"service", "market", "production", "operation"} else None
    if rule == "contract":
        return "Transaction"
    if rule == "vote":
        # voters electing someone, not lawmakers voting on a bill
        subjects = {c.lemma_.lower() for c in children_of(token) if c.dep_ in {"nsubj", "poss"}}
        ballot = objects & {"president", "mayor", "parliament", "election", "referendum", "ballot", "poll", "leader"}
        voters = subjects & {"voter", "people", "citizen", "electorate", "resident", "national", "american"}
        modified = any(
            c.lemma_.lower() in {"presidential", "general", "parliamentary", "popular"} for c in children_of(token)
        )
        return "Election" if ballot or voters or modified else None
    if rule == "dismiss":
        # "dismissed the minister", not "dismissed the plan"
        return "Resignation" if _someone_undergoes(token) else None
    if rule == "confirm":
        named_as = any(g.lower_ == "as" for c in children_of(token) if c.dep_ == "dobj" for g in children_of(c))
        return "Appointment" if "as" in particles or named_as else None  # "confirmed X as defense secretary"
    if rule == "kill":
        # "the deal was killed": a plan, not a life
        killed = [c for c in children_of(token) if c.dep_ in {"dobj", "nsubjpass"}]
        return None if any(c.lemma_.lower() in _NOT_ALIVE for c in killed) else "Death"
    if rule == "rally":
        # a protest rally, not a campaign rally where a candidate "told supporters"
        modifiers = {c.lemma_.lower() for c in children_of(token) if c.dep_ in {"amod", "compound"}}
        opposed = "against" in particles or any(m.startswith("anti") for m in modifiers)
        return "Protest" if opposed or modifiers & {"protest", "opposition"} else None
    if rule == "demonstrate":
        # "thousands demonstrated in Paris", not "it demonstrates the problem"
        return None if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in children_of(token)) else "Protest"
    if rule == "march":
        subjects = {c.lemma_.lower() for c in children_of(token) if c.dep_ == "nsubj"}
        crowd = subjects & {"protester", "demonstrator", "thousand", "hundred", "supporter", "worker", "student"}
        return "Protest" if objects & {"protest", "street", "rally"} or "against" in particles or crowd else None
    if rule == "launch":
        return "MilitaryAction" if objects & {"attack", "offensive", "strike", "missile", "raid"} else "Launch"
    if rule == "fly":
        first = objects & {"first", "maiden"} or any(c.lower_ in {"first", "maiden"} for c in token.subtree)
        return "Launch" if first else "Travel"
    if rule == "flight":
        return "Launch" if objects & {"maiden", "first", "test"} else "Travel"
    if rule == "land":
        # "the plane landed in Oslo", not "landed a contract" or "landed him in trouble"
        return "Travel" if not any(c.dep_ == "dobj" for c in children_of(token)) else None
    if rule == "report":
        # "the company reported a loss", "she reported that...": a statement; "reported missing" is not
        return "Statement" if any(c.dep_ in {"dobj", "ccomp"} for c in children_of(token)) else None
    if rule == "produce":
        return "Production" if objects & _MADE_THINGS or (token.pos_ == "NOUN" and objects) else None
    if rule == "pay":
        return (
            "Transaction"
            if any(c.like_num or c.text in _CURRENCY for o in _objects(token) for c in o.subtree)
            else None
        )
    if rule == "supply":
        # "the supply of tankers to the Air Force", not "job supply" or "water supply"
        return "Transaction" if particles & {"of", "to", "for", "with"} else None
    if rule == "bid":
        return "Transaction" if objects or "for" in particles else None
    if rule == "disaster":
        return "Accident" if objects & {"air", "crash", "plane", "rail", "train", "mining", "ferry"} else None
    if rule == "select":
        # "selected Acme to build the tankers": a contract awarded to someone named
        return "Transaction" if _someone_undergoes(token) or (token.pos_ == "NOUN" and "of" in particles) else None
    if rule == "replace":
        # "replaced the chief executive with Jane Roe": a new holder of a post
        return "Appointment" if _someone_undergoes(token) else None
    if rule == "file":
        # "filed for bankruptcy", "filed a lawsuit", "filed charges": not "filed a report"
        return "LegalAction" if objects & _COURT_FILINGS else None
    if rule == "receive":
        # "received orders for jets" is a sale; "received the first jet" a delivery
        direct = {c.lemma_.lower() for c in children_of(token) if c.dep_ in {"dobj", "nsubjpass"}}
        if direct & {"order", "contract", "commitment", "booking"}:
            return "Transaction"
        return "Launch" if objects & _MADE_THINGS else None
    if rule == "roll":
        return "Launch" if "out" in particles else None
    if rule == "ground":
        return "Delay" if objects & {"plane", "aircraft", "fleet", "jet", "flight"} else None
    if rule == "push":
        return "Delay" if "back" in particles or any(c.lower_ == "back" for c in children_of(token)) else None
    if rule == "lay":
        return "JobCuts" if "off" in particles else None
    if rule == "cut":
        return "JobCuts" if objects & {"job", "worker", "staff", "employee", "position", "workforce"} else None
    return None


def _generic(token: Token) -> bool:
    """'future prisoner swaps', 'several previous swaps': not this event.

    A plural is one event where that is how it is named ("talks", "job cuts", "delays"),
    or in a headline, which names the article's event ("Boeing secures $11bn of deals").
    """
    plural_names = {"talks", "cut", "layoff", "delay", "deal", "order", "negotiation"}
    if (
        token.pos_ in {"NOUN", "PROPN"}
        and token.tag_ in {"NNS", "NNPS"}
        and token.lemma_.lower() not in plural_names
        and not _in_headline(token)
    ):
        return True
    words = {c.lower_ for c in children_of(token) if c.dep_ in {"amod", "det", "compound", "nummod"}}
    if token.head.dep_ == "compound" or token.dep_ == "compound":
        words |= {c.lower_ for c in children_of(token.head) if c.dep_ in {"amod", "det"}}
    return bool(words & _NOT_THIS_EVENT)


def _clean(doc: Doc, offset: int, start: int, end: int) -> Span:
    # one Span per distinct sentence: a long sentence holding many events is not copied for each
    made = doc_cache(doc, "clean_spans", lambda _: {})
    if (offset, start, end) not in made:
        text = doc_text(doc)
        lo, hi = start, end
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        made[(offset, start, end)] = Span(offset + lo, offset + hi, text[lo:hi])
    return made[(offset, start, end)]


def _entity_at(offset: int, token: Token, mentions: list[SpeakerMention]) -> SpeakerMention | None:
    char = offset + token.idx
    return covering(mentions, char)


def _organisation_meant(token: Token, offset: int, mentions: list[SpeakerMention]) -> SpeakerMention | None:
    """'The Santa Clara-based company announced': the organisation last named, not the place."""
    here = _entity_at(offset, token, mentions)
    char = offset + token.idx
    if (
        here is not None
        and here.kind == "Place"
        and any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in ORG_ANAPHORS for c in children_of(token))
    ):  # the parser's reading of the same phrase: "Santa Clara, (the) ...-based company"
        return _topic_organisation(char, mentions)
    if token.pos_ != "NOUN" or token.lemma_.lower() not in FIRM_ANAPHORS or _entity_at(offset, token, mentions):
        return None
    if not any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "its", "this"} for c in children_of(token)):
        return None
    if any(_entity_at(offset, c, mentions) for c in children_of(token) if c.dep_ in {"compound", "amod", "poss"}):
        return None  # "the Moscow government" is Moscow's
    return _topic_organisation(char, mentions)


def _topic_organisation(char: int, mentions: list[SpeakerMention]) -> SpeakerMention | None:
    """The organisation named most so far (the first named wins a tie, then the latest)."""
    earlier = [m for m in mentions if m.end <= char and m.kind == "Organization"]
    if not earlier:
        return None
    counts: dict[str, int] = {}
    for m in earlier:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    counts[earlier[0].entity] += 1
    best = max(counts.values())
    return next(m for m in reversed(earlier) if counts[m.entity] == best)


def _entities_in(
    token: Token, offset: int, mentions: list[SpeakerMention], *, stop: Token | None = None
) -> list[SpeakerMention]:
    """Entities named in a token's subtree; a conjunction ("Russia and Ukraine") gives all of them."""
    anaphor = _organisation_meant(token, offset, mentions)
    if anaphor is not None:
        return [anaphor]
    # only the head of the phrase, its conjuncts and the names that make it up, not entities
    # deep in modifiers ("a judge in New York", "former FTX chief executive Sam Bankman-Fried")
    near = {token.i}
    frontier = [token]
    while frontier:
        node = frontier.pop()
        for child in children_of(node):
            if child.i in near or (stop is not None and child.i == stop.i):
                continue
            # "U.S. President Joe Biden": a name qualifying the title is not a participant
            # "Acme CEO, Jane Roe": the firm qualifies the title
            titled = child.i < node.i and any(
                t.lower_.rstrip(".") in PERSON_TITLES for t in node.doc[child.i : node.i + 1]
            )
            # "the Airbus jetliner", "Boeing employees", "Oslo's mayor": a name qualifying a common
            # noun is not what the noun names; "the Moscow government" is Moscow acting
            # "Boeing 787", "the Acme Roadster": a maker naming a product is not the product
            qualifier = (
                node.pos_ in {"NOUN", "PROPN", "NUM"}
                and child.dep_ in {"compound", "nmod", "amod", "poss"}
                and _entity_at(offset, node, mentions) is None
                and node.lemma_.lower() not in _ACTING_FOR
                # a model number names a product: "Boeing 787", "Acme X5"; "Acme Commercial Jets" may be a firm
                and (node.pos_ == "NOUN" or (child.i < node.i and _model_name(node)))
            )
            # "officials from the ministry", "troops of Foo": those acting for it
            acting = node is token and node.lemma_.lower() in _ACTING_FOR and node.pos_ == "NOUN"
            if acting and child.dep_ == "prep" and child.lower_ in {"from", "of", "for"}:
                near.add(child.i)
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    near.add(pobj.i)
                    frontier.append(pobj)
                continue
            if child.dep_ in {"conj", "appos"} or (
                child.dep_ in {"compound", "poss", "flat", "nmod"}
                and (node is token or node.pos_ == "PROPN")
                and not titled
                and not qualifier
            ):
                near.add(child.i)
                frontier.append(child)
    found: list[SpeakerMention] = []
    for t in token.subtree:
        if t.i not in near:
            continue
        hit = _entity_at(offset, t, mentions)
        if hit is not None and hit not in found:
            found.append(hit)
    found = [_based(hit, token.doc, offset, mentions) for hit in found]
    found = list(dict.fromkeys(found))
    if len(found) > 1 and on(OWNER_QUALIFIER):
        found = [hit for hit in found if not _qualifies_relation(hit, token.doc, offset, found)]
    head = _entity_at(offset, token, mentions)
    if head is not None and head.kind in {"Organization", "Person"}:
        # "United States airframer Boeing", "Japan's ANA": the place only says where the actor is from
        found = [h for h in found if h.kind != "Place" or h == head]
    if not found and token.pos_ == "PRON":
        found = _antecedent(token, offset, mentions)
    return found


def _qualifies_relation(hit: SpeakerMention, doc: Doc, offset: int, found: list[SpeakerMention]) -> bool:
    """'Orvale parent Kestrel', 'Zenda owner Acme Group': the first name only says whose parent it is."""
    span = span_of(doc, hit.start - offset, hit.end - offset)
    if span is None or span.end + 1 >= len(doc) or doc[span.end].lower_ not in _RELATED_FIRMS:
        return False
    k = span.end + 1
    if doc[k].lower_ in {"company", "firm", "group", "corporation"}:
        k += 1
    head = _entity_at(offset, doc[k], mentions=found) if k < len(doc) else None
    return head is not None and head != hit


def _model_name(token: Token) -> bool:
    """'787', 'X5', 'Boeing 787 Dreamliner': a name with a model number in it names a product."""
    return any(ch.isdigit() for w in token.subtree if w.i <= token.i for ch in w.text)


def _based(hit: SpeakerMention, doc: Doc, offset: int, mentions: list[SpeakerMention]) -> SpeakerMention:
    """'Los Angeles based Acme', 'the Oslo-based firm Acme': the actor, not the place it is based in."""
    if hit.kind != "Place":
        return hit
    span = span_of(doc, hit.start - offset, hit.end - offset)
    if span is None:
        return hit
    after = list(doc[span.end : span.end + 6])
    words = [t.lower_ for t in after]
    if "based" not in words[:2] or (words[0] != "based" and words[0] != "-"):
        return hit
    for t in after[words.index("based") + 1 :]:
        actor = _entity_at(offset, t, mentions)
        if actor is not None and actor.kind in {"Organization", "Person"}:
            return actor
        if t.is_punct and t.lower_ != "-":
            break
    return hit


OWNER_QUALIFIER = register(
    "event_owner_qualifier",
    "participants",
    "'Orvale parent Kestrel did it': the firm whose parent, owner or unit is named is not a participant",
)
ROUTE_ARRIVAL = register(
    "event_route_arrival",
    "participants",
    "'a flight from Oslo and land in Lima': where the journey lands is its destination",
)
GATHERING_PLACE = register(
    "event_gathering_place",
    "participants",
    "'delivered the jet built for Acme in a ceremony in Lima': the ceremony's place is the event's",
)
PLACE_LIST = register(
    "event_place_list",
    "participants",
    "'cut jobs in France, Germany and Spain', '400 in Oslo, 300 in Bergen': every listed place is a location",
)
TITLE_HOLDER = register(
    "event_title_holder",
    "participants",
    "'the minister said', 'the chief executive announced': the holder of that title the article names",
)
FRONTED_POSSESSIVE = register(
    "event_fronted_possessive",
    "participants",
    "'In her speech, the mayor said': a possessive before the subject is the subject",
)


def _title_holders(
    doc: Doc, offset: int, mentions: list[SpeakerMention], roles: list[Role] | tuple[Role, ...]
) -> list[SpeakerMention]:
    """'The Prime Minister', 'Ruritania's finance minister': a title with no name, as a mention of
    the person the article names with that title (the last named before it; for a headline,
    anyone the article names with it)."""
    found = []
    for token in tokens_with(doc, "POS", {"NOUN", "PROPN"}):
        word = token.lower_.rstrip(".")
        if word not in PERSON_TITLES or token.dep_ in {"compound", "amod"}:
            continue
        if _entity_at(offset, token, mentions) is not None:
            continue
        children = children_of(token)
        if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in {"the", "this"}) for c in children):
            continue  # "a minister", "ministers": not one known person
        if any(c.dep_ in {"appos", "flat"} or _entity_at(offset, c, mentions) for c in children if c.i > token.i):
            continue  # "the minister, Jane Roe", "the minister of Foo": named or qualified right there
        words = [c for c in children if c.dep_ in {"compound", "amod"} and c.i < token.i]
        named = [m for m in (_entity_at(offset, c, mentions) for c in children if c.i < token.i) if m is not None]
        # "the Acme chairman": Acme's; a name among the words is the title's organisation, not a word of it
        words = [c for c in words if _entity_at(offset, c, mentions) is None]
        qualifiers = {c.lower_ for c in words}
        char = offset + token.idx
        headline = _in_headline(token)
        holders = [
            role
            for role in roles
            if word in role.title.lower().split()
            # "transport minister" is "Jan Novak, minister of transport": the words the role was stated in
            and qualifiers <= set(re.findall(r"\w+", role.evidence.text.lower()))
            and role.status is None
            and (role.evidence.end <= char or headline)
            and all(m.entity == role.organization for m in named)
        ]
        if not holders:
            continue
        # the holder named last before it; a headline's, the first the story names
        role = min(holders, key=lambda r: r.evidence.start) if headline else max(holders, key=lambda r: r.evidence.end)
        start = min([token, *words], key=lambda t: t.i)
        found.append(SpeakerMention(offset + start.idx, char + len(token), role.holder, "Person"))
    return found


RELATIVE_SUBJECT = register(
    "event_relative_subject",
    "participants",
    "'Acme will show the jet they intend to fly': they is the subject of the verb the jet belongs to",
)
QUOTED_WE = register(
    "event_quoted_we",
    "participants",
    "'\"We will build it,\" said Jan Roe, Acme's chief': 'we' in a quotation is the speaker's organisation",
)


def _quoted_we(
    doc: Doc,
    offset: int,
    mentions: list[SpeakerMention],
    roles: list[Role] | tuple[Role, ...],
    quotes: list[Quote] | tuple[Quote, ...],
) -> list[SpeakerMention]:
    """'We', 'us' and 'our' in someone's quoted words, as a mention of the organisation they speak for."""
    kinds = {m.entity: m.kind for m in mentions}
    found = []
    for token in tokens_with(doc, "LOWER", {"we", "us", "our"}):
        char = offset + token.idx
        quote = next((q for q in quotes if q.direct and q.speaker and q.span.start <= char < q.span.end), None)
        if quote is None:
            continue
        if kinds.get(quote.speaker) == "Organization":
            org = quote.speaker
        else:  # a person speaks for the organisation the article says they hold a post in
            org = next(
                (
                    r.organization
                    for r in roles
                    if r.holder == quote.speaker and r.status is None and kinds.get(r.organization) == "Organization"
                ),
                None,
            )
        if org is not None:
            found.append(SpeakerMention(char, char + len(token), org, "Organization"))
    return found


def _fronted_subject(pronoun: Token, offset: int, mentions: list[SpeakerMention]) -> list[SpeakerMention]:
    """'In his speech, the Prime Minister said': the subject after a fronted phrase the pronoun opens."""
    noun = pronoun.head
    if pronoun.dep_ != "poss" or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return []
    verb = noun.head.head
    if verb.pos_ not in {"VERB", "AUX"} or noun.head.i > verb.i:
        return []
    for subject in children_of(verb, "nsubj"):
        if subject.i > pronoun.i:
            return [m for m in _entities_in(subject, offset, mentions) if m.kind == "Person"]
    return []


def _antecedent(pronoun: Token, offset: int, mentions: list[SpeakerMention]) -> list[SpeakerMention]:
    """Who 'it', 'they' or 'which' stands for, within the sentence.

    A relative pronoun stands for the noun its clause describes ("Qatar Airways, which
    chose..."); a personal pronoun subject of a reported or embedded clause for the subject
    of the clause above ("Acme said that it had signed", "Acme announced that they will").
    """
    word = pronoun.lower_
    clause = pronoun.head
    if word in {"which", "who", "that"} and clause.dep_ == "relcl":
        return _entities_in(clause.head, offset, mentions)
    if word not in {"it", "they", "he", "she", "his", "her"} or pronoun.dep_ not in {"nsubj", "nsubjpass", "poss"}:
        return []
    found = _clause_subject(pronoun, offset, mentions)
    if not found and word in {"his", "her"} and on(FRONTED_POSSESSIVE):
        found = _fronted_subject(pronoun, offset, mentions)
    if not found and word in {"he", "she", "his", "her"}:
        # "... said Jane Roe. She added": the person named last; "it" and "they" are as often
        # a plane or a product as a firm, so they are left alone
        found = _last_named(pronoun, offset, mentions, "Person")
    return found


def _last_named(pronoun: Token, offset: int, mentions: list[SpeakerMention], kind: str) -> list[SpeakerMention]:
    """The entity of the wanted kind named last before the pronoun, in its sentence or the one before."""
    doc = pronoun.doc
    sent = sentence_of(pronoun)
    before = sent
    for _ in range(3):  # the sentence before, over the blank lines the parser may make sentences of
        if before.start == 0:
            break
        before = sentence_of(doc[before.start - 1])
        if not all(t.is_space for t in before):
            break
    char = offset + pronoun.idx
    # a subject over an object: "Jane Roe said the firm would leave Oslo. He added": Roe
    earlier = [
        m for m in within(mentions, offset + before.start_char, char) if m.kind == kind and _is_subject(m, doc, offset)
    ]
    return earlier[-1:]


def _is_subject(mention: SpeakerMention, doc: Doc, offset: int) -> bool:
    """Whether a mention is (part of) the subject of its clause."""
    span = span_of(doc, mention.start - offset, mention.end - offset)
    if span is None:
        return False
    token = span.root
    while token.dep_ in {"compound", "flat", "appos", "conj"} and token.head.i != token.i:
        token = token.head
    return token.dep_ in {"nsubj", "nsubjpass"}


def _clause_subject(pronoun: Token, offset: int, mentions: list[SpeakerMention]) -> list[SpeakerMention]:
    """The subject of the clause above a pronoun subject: 'Acme said that it had signed'."""
    if pronoun.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    clause = pronoun.head
    if clause.dep_ == "relcl" and clause.head.dep_ in {"dobj", "pobj", "attr"} and on(RELATIVE_SUBJECT):
        # "Acme will show the jet they intend to fly": a pronoun subject of a clause describing
        # the object is the subject of the verb that object belongs to
        noun = clause.head
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        for child in children_of(verb):
            if child.dep_ == "nsubj" and child.pos_ != "PRON":
                found = _entities_in(child, offset, mentions)
                if found:
                    return found
        return []
    # only through a reported or complement clause: in "orders since it was announced" the
    # subject above is not what "it" stands for
    while clause.dep_ in {"ccomp", "xcomp", "conj"} and clause.head.i != clause.i:
        clause = clause.head
        for child in children_of(clause):
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ != "PRON":
                found = _entities_in(child, offset, mentions)
                if found:
                    return found
    return []


def _arguments(token: Token, offset: int, mentions: list[SpeakerMention], draft: _Draft) -> None:
    def add(role: str, hits: list[SpeakerMention]) -> None:
        for hit in hits:
            if hit.kind in {"Person", "Organization", "Place"} and not any(
                p.entity == hit.entity for p in draft.participants
            ):
                draft.participants.append(Participant(role, hit.entity))

    if token.pos_ == "VERB":
        verb = token
        for child in children_of(verb):
            if child.dep_ == "nsubj":
                add("agent", _entities_in(child, offset, mentions))
            elif child.dep_ in {"dobj", "nsubjpass"}:
                add("patient", _entities_in(child, offset, mentions))
                if child.lemma_.lower() in _CLAIMS:
                    # "upheld Acme's protest", "rejected Foo's bid": whose claim it is
                    for owner in (g for g in children_of(child) if g.dep_ == "poss"):
                        add("patient", _entities_in(owner, offset, mentions))
                if child.dep_ == "dobj" and draft.kind in {"Meeting", "Agreement", "Transaction"}:
                    # "signed a contract with the Defense Ministry": the other party
                    for prep in (g for g in children_of(child) if g.dep_ == "prep" and g.lower_ in {"with", "between"}):
                        for pobj in (g for g in children_of(prep) if g.dep_ == "pobj"):
                            add(
                                "agent" if draft.kind != "Transaction" else "patient",
                                _entities_in(pobj, offset, mentions),
                            )
            elif child.dep_ == "agent":
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    add("agent", _entities_in(pobj, offset, mentions))
            elif child.dep_ == "prep" and child.lower_ == "from" and verb.lemma_.lower() in _ACQUIRING:
                # "leased the aircraft from Acme": whoever it is bought, leased or taken from
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    add("supplier", _entities_in(pobj, offset, mentions))  # a country sells too
            elif child.dep_ == "prep" and child.lower_ == "to" and draft.kind in {"Transaction", "Launch"}:
                # "delivered the jet to Acme", "sold the unit to Foo": whoever receives it
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    add("recipient", [h for h in _entities_in(pobj, offset, mentions) if h.kind != "Place"])
            elif child.dep_ == "prep" and child.lower_ in {"with", "between"}:
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    add(
                        "agent" if draft.kind in {"Meeting", "Agreement", "PrisonerExchange"} else "patient",
                        _entities_in(pobj, offset, mentions),
                    )
        if not any(c.dep_ in {"nsubj", "agent"} for c in children_of(verb)):
            add("agent", _controller(verb, offset, mentions))
        if verb.lemma_.lower() in _MOVEMENT:
            _route(verb, offset, mentions, add)
        if verb.dep_ == "acl" and draft.kind in {"Transaction", "Launch", "Production"}:
            # "a contract with the ministry to supply tankers": the other party is who gets them
            for prep in (c for c in children_of(verb.head) if c.dep_ == "prep" and c.lower_ == "with"):
                for pobj in (g for g in children_of(prep) if g.dep_ == "pobj"):
                    add("recipient", [h for h in _entities_in(pobj, offset, mentions) if h.kind != "Place"])
    else:
        noun = token
        for child in children_of(noun):
            if child.dep_ == "poss":
                add("agent", _entities_in(child, offset, mentions))
            elif child.dep_ == "prep" and child.lower_ in {"by", "between", "with", "of", "from", "to", "for"}:
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    role = "agent" if child.lower_ in {"by", "between", "with", "from"} else "patient"
                    if child.lower_ == "from" and noun.lemma_.lower() in _ACQUIRING:
                        role = "supplier"  # "an order from Acme" is Acme's; "a purchase from Acme" is Acme's sale
                    elif noun.lemma_.lower() in _MOVEMENT and child.lower_ in {"from", "to"}:
                        continue  # a route: below
                    add(role, _entities_in(pobj, offset, mentions))
            elif child.dep_ == "compound":
                add("agent", [m for m in [_entity_at(offset, child, mentions)] if m])
            elif (
                child.dep_ == "prep"
                and child.lower_ == "before"
                and draft.kind in {"LegalAction", "Statement", "Protest"}
            ):
                # "a protest before the court", "testimony before the Senate": the body it is put to
                for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                    add("recipient", [h for h in _entities_in(pobj, offset, mentions) if h.kind == "Organization"])
        if noun.lemma_.lower() in _MOVEMENT:
            _route(noun, offset, mentions, add)
        head = noun.head
        # "The exchange was brokered by the UAE": the mediator of an event noun
        if noun.dep_ in {"nsubjpass", "nsubj"} and head.lemma_.lower() in {
            "broker",
            "mediate",
            "facilitate",
            "arrange",
        }:
            for child in children_of(head):
                if child.dep_ == "agent":
                    for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
                        add("mediator", _entities_in(pobj, offset, mentions))
        # "Russia and Ukraine made the swap", "Acme secured $5bn of orders"
        carrier = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj":
            carrier = noun.head.head
        head = carrier.head
        if (
            carrier.dep_ == "nsubj"
            and head.dep_ in {"ccomp", "oprd", "xcomp", "dobj"}
            and head.pos_ in {"NOUN", "ADJ"}
            and head.head.lemma_.lower() == "make"
        ):
            # "made the purchase a priority", "made the merger possible": a small clause under "make"
            carrier, head = head, head.head
        if (
            carrier.dep_ in {"dobj", "ccomp", "oprd", "xcomp"}
            and head.pos_ == "VERB"
            and head.lemma_.lower() in _LIGHT_VERBS
        ):
            doer = head
            # "Acme builds cars and has negotiated the purchase": the subject both verbs share
            while doer.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in children_of(doer)):
                doer = doer.head
            for child in children_of(doer):
                if child.dep_ == "nsubj":
                    add("agent", _entities_in(child, offset, mentions))


def _route(token: Token, offset: int, mentions: list[SpeakerMention], add) -> None:
    """Where a journey, flight or delivery starts and ends: 'from Oslo to Lima and from Rome to Nice'."""
    preps = [c for c in children_of(token) if c.dep_ == "prep"]
    # further legs hang off the first leg's places as conjuncts ("... and from Rome")
    preps += [t for p in list(preps) for t in p.subtree if t.dep_ == "conj" and t.pos_ == "ADP"]
    for prep in preps:
        word = prep.lower_
        objects = [g for g in children_of(prep) if g.dep_ == "pobj"]
        if word == "out":  # "out of Oslo"
            objects = [g for o in children_of(prep) if o.lower_ == "of" for g in children_of(o) if g.dep_ == "pobj"]
        role = {"from": "origin", "out": "origin", "to": "destination", "into": "destination", "via": "location"}.get(
            word
        )
        if role is None:
            continue
        for pobj in objects:
            places = [h for h in _entities_in(pobj, offset, mentions) if h.kind == "Place"]
            if not places and _entity_at(offset, pobj, mentions) is None:
                # "to Sydney non-stop" parsed as a compound of "non": the place is still where it goes
                names = (_entity_at(offset, c, mentions) for c in children_of(pobj) if c.dep_ == "compound")
                places = [h for h in names if h is not None and h.kind == "Place"][:1]
            add(role, places)
            if role == "origin" and on(ROUTE_ARRIVAL):
                # "leave from Oslo and land in Lima": the parser may hang the landing on the origin
                for arrival in (c for c in children_of(pobj) if c.dep_ == "conj" and c.lemma_.lower() in _ARRIVING):
                    for prep in (g for g in children_of(arrival) if g.dep_ == "prep" and g.lower_ in {"in", "at"}):
                        for place in (g for g in children_of(prep) if g.dep_ == "pobj"):
                            add("destination", [h for h in _entities_in(place, offset, mentions) if h.kind == "Place"])


def _governing_verb_start(token: Token, offset: int) -> int | None:
    """For an event noun, where the verb starts whose object, subject or phrase it is."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ not in {"dobj", "nsubjpass", "nsubj", "attr"}:
        return None
    return offset + head.idx if head.pos_ in {"VERB", "AUX"} and head.i != token.i else None


def _tense(token: Token) -> str | None:
    """The tense of the verb that tells an event: 'has signed' perfect, 'signs' present, 'signed' past.

    An event noun takes the tense of the verb it is the object or subject of ("made the
    purchase"); None when no finite verb tells it (an infinitive, a bare noun).
    """
    verb = token
    if token.pos_ in {"NOUN", "PROPN"}:
        # "this is an exceptional accident" says what it was, not when
        if token.dep_ not in {"dobj", "nsubj", "nsubjpass"} or token.head.pos_ not in {"VERB", "AUX"}:
            return None
        verb = token.head
    auxiliaries = [c for c in children_of(verb) if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxiliaries}
    if words & {"will", "shall", "'ll", "would", "to", "may", "might", "could", "can", "should", "must"}:
        return None
    if words & {"has", "have", "'ve"} or (words & {"'s"} and verb.tag_ == "VBN"):
        return "perfect"
    if words & {"had", "was", "were", "did"} or (not auxiliaries and verb.tag_ == "VBD"):
        return "past"
    if words & {"is", "are", "am", "does", "do"} or (not auxiliaries and verb.tag_ in {"VBZ", "VBP"}):
        return "present"
    return None


# verbs whose object does what their infinitive says: "selected Acme to build the plant"
_OBJECT_CONTROL = {"select", "choose", "pick", "hire", "ask", "allow", "order", "contract", "commission", "appoint",
                   "name", "tap", "authorize", "authorise", "permit", "urge", "tell", "invite", "enable"}  # fmt: skip


def _controller(verb: Token, offset: int, mentions: list[SpeakerMention]) -> list[SpeakerMention]:
    """Who does a verb that has no subject of its own: the subject (or, after 'select', 'ask'
    and the like, the object) of the verb it depends on; for 'a contract to supply', the
    subject of the verb the noun is the object of."""
    head = verb.head
    if head.i == verb.i:
        return []
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children_of(verb))
    if verb.dep_ == "acl" and infinitive and head.pos_ == "NOUN":
        # "Acme's plan to build", "the Acme and Beta plan to merge": whose plan it is
        owners = [
            hit
            for child in children_of(head)
            if child.dep_ in {"poss", "compound", "nsubj"} and child.i < head.i
            for hit in _entities_in(child, offset, mentions)
            if hit.kind in {"Organization", "Person"}
        ]
        if owners:
            return owners
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        # "justified the choice by saying": who justified says; "quoted Acme as saying": the one quoted
        above = head.head
        if head.lower_ == "as":
            for child in children_of(above):
                if child.dep_ == "dobj":
                    found = _entities_in(child, offset, mentions)
                    if found:
                        return found
        head = above
    elif verb.dep_ == "acl" and infinitive and head.dep_ in {"dobj", "pobj"}:
        # "won a contract to supply", "defeated Acme for a contract to supply": the winner supplies
        above = head.head if head.dep_ == "dobj" else head.head.head
        if above.pos_ not in {"VERB", "AUX"}:
            return []
        head = above
    elif verb.dep_ not in {"conj", "xcomp", "advcl"}:
        return []
    if infinitive and head.lemma_.lower() in _OBJECT_CONTROL:
        objects = [c for c in children_of(head) if c.dep_ == "dobj"]
        if objects:
            # "told airlines not to buy": the airlines would buy, named or not; never the teller
            return [hit for child in objects for hit in _entities_in(child, offset, mentions)]
    for _ in range(3):
        subjects = [c for c in children_of(head) if c.dep_ in {"nsubj", "nsubjpass"}]
        for child in subjects:  # "Acme was asked to build": Acme builds
            found = _entities_in(child, offset, mentions)
            if found:  # "As well as new routes, Roe stated": the parser may give two subjects
                return found
        if subjects:
            return []
        # "Roe stated that there was a chance, saying ...": a participle the parser hung on a
        # subjectless clause speaks for the clause above
        if head.dep_ not in {"ccomp", "conj"} or head.head.i == head.i:
            break
        head = head.head
    return []


def _time_of(token: Token, offset: int, times: list[TimeValue]) -> TimeValue | None:
    """The time expression the trigger governs, else the one of the verb a participle or purpose depends on.

    "crashed in June, killing all on board", "defeated Boeing last month to win the order".
    """
    own = _own_time(token, offset, times)
    if own is None and token.dep_ in {"advcl", "xcomp"}:
        meanwhile = any(c.dep_ == "mark" and c.lower_ in {"as", "while", "when"} for c in children_of(token))
        if token.tag_ in {"VBG", "VB"} or meanwhile:  # "... on Monday as thousands marched"
            return _own_time(token.head, offset, times)
    return own


def _own_time(token: Token, offset: int, times: list[TimeValue]) -> TimeValue | None:
    """The time expression the token governs: its nearest governing verb (or noun) is the token."""
    sent = sentence_of(token)
    lo, hi = offset + sent.start_char, offset + sent.end_char
    for t in (t for t in times if lo <= t.start < hi):
        span = span_of(token.doc, t.start - offset, t.end - offset)
        if span is None:
            continue
        head = span.root.head if span.root.head != span.root else span.root
        for _ in range(6):
            if head == token:
                return t
            if head.pos_ in {"VERB", "AUX"} and head != token:
                # a noun trigger is the object or subject of this verb: "made the swap on Wednesday"
                if token.pos_ == "NOUN" and token.head == head and token.dep_ in {"dobj", "nsubj", "nsubjpass"}:
                    return t
                break
            if head.head == head:
                break
            head = head.head
    return None


def _place_of(token: Token, offset: int, mentions: list[SpeakerMention]) -> str | None:
    """The place of an event: nearest first, through the words that carry it.

    A place phrase on the trigger ("crashed in Belgorod"), a place naming the trigger ("the
    Malaysia visit"), a place phrase on the trigger's object or on the noun of its own
    phrase ("unveiled during a ceremony in Toulouse"), then one on the verb the trigger
    depends on ("crashed into the ocean, killing all on board").
    """
    layers = [[token]]
    if token.pos_ != "VERB":
        layers[0].append(token.head)
    inner = [c for c in children_of(token) if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    inner += [g for c in children_of(token) if c.dep_ == "prep" for g in children_of(c) if g.dep_ == "pobj"]
    layers.append(inner)
    if token.dep_ in {"advcl", "xcomp", "conj", "acl"} and token.head.pos_ in {"VERB", "AUX"}:
        layers.append([token.head])
    if on(GATHERING_PLACE):
        # "delivered the jet built for Acme in a ceremony in Lima": the parser may hang the ceremony
        # on the object's participle, but a ceremony or conference hosts the main event
        layers.append(
            [
                gathering
                for c in children_of(token)
                if c.dep_ == "dobj"
                for participle in children_of(c)
                if participle.dep_ == "acl"
                for prep in children_of(participle)
                if prep.dep_ == "prep" and prep.lower_ in {"in", "at", "during"}
                for gathering in children_of(prep)
                if gathering.dep_ == "pobj" and gathering.lemma_.lower() in _GATHERINGS
            ]
        )
    for layer in layers:
        for base in layer:
            hit = _place_phrase(base, offset, mentions)
            if hit is not None:
                return hit
        if layer is layers[0] and token.pos_ == "NOUN":
            for child in children_of(token):
                hit = _entity_at(offset, child, mentions) if child.dep_ in {"compound", "amod"} else None
                if hit is not None and hit.kind == "Place" and child.i < token.i:
                    return hit.entity
    return None


def _listed_places(place: str, sent, offset: int, mentions: list[SpeakerMention]) -> list[str]:
    """The places listed with an event's place: its conjuncts ("in France, Germany and Spain"),
    and amounts by place after it ("4,300 jobs in France, 3,700 in Germany and 400 in Spain")."""
    doc = sent.doc
    first = next(
        (m for m in within(mentions, offset + sent.start_char, offset + sent.end_char) if m.entity == place), None
    )
    span = span_of(doc, first.start - offset, first.end - offset) if first is not None else None
    if span is None:
        return []
    found = []
    conjuncts = [c for c in span.root.subtree if c.dep_ == "conj" and c.i >= span.end]
    for token in conjuncts:
        hit = _entity_at(offset, token, mentions)
        if hit is not None and hit.kind == "Place":
            found.append(hit.entity)
    i = span.end
    while i < sent.end:
        j = i
        while j < sent.end and doc[j].lower_ in {",", "and", "or"}:
            j += 1
        if j == i or j + 2 >= sent.end or not doc[j].like_num or doc[j + 1].lower_ != "in":
            break
        hit = _entity_at(offset, doc[j + 2], mentions)
        if hit is None or hit.kind != "Place":
            break
        found.append(hit.entity)
        following = span_of(doc, hit.start - offset, hit.end - offset)
        i = following.end if following is not None else j + 3
    return list(dict.fromkeys(found))


def _regions(mentions: list[SpeakerMention], doc: Doc, offset: int) -> dict[str, str]:
    """'Everett, Washington': each place the text writes a region after, and that region.

    Not the places of a list: in "in Oslo, Bergen and Tromso" no place lies in the next one.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    listed = _place_lists(ordered, doc, offset)
    return {
        ordered[a].entity: ordered[b].entity
        for a, b in region_pairs(ordered)
        if ordered[a].entity != ordered[b].entity and a not in listed
    }


def _place_lists(ordered: list[SpeakerMention], doc: Doc, offset: int) -> set[int]:
    """Indices of places written as a list: joined by commas, the last by 'and' or 'or'."""

    text = doc.text  # spaCy joins the tokens again at every access

    def between(a: SpeakerMention, b: SpeakerMention) -> str | None:
        start, end = a.end - offset, b.start - offset
        return text[start:end] if 0 <= start <= end <= len(text) else None

    listed: set[int] = set()
    run = [0]
    for i in range(1, len(ordered) + 1):
        joiner = between(ordered[i - 1], ordered[i]) if i < len(ordered) else None
        places = i < len(ordered) and ordered[i].kind == ordered[i - 1].kind == "Place"
        if places and joiner == ", ":
            run.append(i)
            continue
        if places and joiner is not None and joiner.strip(" ,").lower() in {"and", "or"} and len(run) > 1:
            listed.update([*run, i])
        run = [i]
    return listed


def _place_phrase(base: Token, offset: int, mentions: list[SpeakerMention]) -> str | None:
    for child in children_of(base):
        # where a journey goes is its destination (a participant), not where it happened
        site = child.dep_ == "agent"  # "built by the Toledo plant": where the plant is
        if not site and (child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS):
            continue
        for pobj in (g for g in children_of(child) if g.dep_ == "pobj"):
            if site and pobj.lemma_.lower() not in _SITES:
                continue
            # "in Russia's Bryansk region": the phrase's own place before its owner
            ordered = sorted(pobj.subtree, key=lambda t: (t.dep_ == "poss" or t.head.dep_ == "poss", t.i))
            for t in ordered:
                hit = _entity_at(offset, t, mentions)
                nested = t.dep_ == "pobj" and t.head.lower_ in {"in", "at", "near"}  # "at protesters in Nairobi"
                if (
                    hit is not None
                    and hit.kind == "Place"
                    and (t.head == pobj or t == pobj or t.dep_ in {"compound", "amod", "poss"} or nested)
                ):
                    return hit.entity
    return None


def _quantities(token: Token, doc: Doc, offset: int, mentions: list[SpeakerMention]) -> list[Quantity]:
    found = []
    scope = [c for c in children_of(token) if c.dep_ in {"dobj", "nsubjpass", "attr", "npadvmod", "prep", "nsubj"}]
    if token.pos_ != "VERB":
        scope = [c for c in children_of(token) if c.dep_ in {"prep", "compound", "nummod", "amod"}]
    seen = set()
    for root in scope:
        for t in root.subtree:
            if t.i in seen or not (
                t.like_num or t.text in _CURRENCY or t.lower_ in {"hundreds", "thousands", "dozens"}
            ):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].text == "-":
                continue  # "two-year war": a duration, not a count
            quantity = _quantity_at(doc, t, offset)
            if quantity is not None and quantity.unit not in _NOT_COUNTED:
                seen.update(range(t.i, t.i + 4))
                found.append(quantity)
    return found


def _quantity_at(doc: Doc, token: Token, offset: int) -> Quantity | None:
    """'195 of its soldiers', '$40 billion', '50 billion euros', 'more than 400 people'."""
    i = token.i
    currency = None
    start = i
    if token.text.lower() in _CURRENCY or token.text in {"$", "€", "£", "¥"}:
        currency = _CURRENCY.get(token.text.lower())
        i += 1
        if i >= len(doc) or not doc[i].like_num:
            return None
    elif i > 0 and doc[i - 1].text.lower() in _CURRENCY:
        currency = _CURRENCY[doc[i - 1].text.lower()]
        start = i - 1
    number = _number(doc[i].text)
    if number is None:
        return None
    end = i + 1
    if end < len(doc) and doc[end].lower_ in _SCALE:
        number *= _SCALE[doc[end].lower_]
        end += 1
    if currency is None and end < len(doc) and doc[end].lower_ in _CURRENCY:
        currency = _CURRENCY[doc[end].lower_]
        end += 1
    unit = currency
    if unit is None:
        # the counted noun: "195 of its soldiers", "207 people"
        noun = doc[i].head if doc[i].dep_ == "nummod" else None
        if noun is None:
            for k in range(end, min(end + 4, len(doc))):
                if doc[k].pos_ == "NOUN":
                    noun = doc[k]
                    break
                if doc[k].pos_ not in {"ADP", "DET", "PRON", "ADJ"}:
                    break
        if noun is None or noun.pos_ != "NOUN":
            return None
        unit = noun.lemma_.lower()
        end = max(end, noun.i + 1)
    first, last = doc[start], doc[end - 1]
    text_start, text_end = first.idx, last.idx + len(last)
    return Quantity(offset + text_start, offset + text_end, doc_text(doc)[text_start:text_end], float(number), unit)


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    return float(_NUMBER_WORDS[text.lower()]) if text.lower() in _NUMBER_WORDS else None


def _reporter(token: Token, offset: int, mentions: list[SpeakerMention]) -> str | None:
    """'Moscow said Kyiv had shot down a plane': whoever said it."""

    head = token
    for _ in range(6):
        if head.dep_ in {"ccomp", "parataxis"} and head.head.lemma_.lower() in SPEECH_VERBS | {
            "claim",
            "allege",
            "accuse",
        }:
            for child in children_of(head.head):
                if child.dep_ == "nsubj":
                    hits = _entities_in(child, offset, mentions)
                    return hits[0].entity if hits else None
            return None
        if head.head == head:
            return None
        head = head.head
    return None
