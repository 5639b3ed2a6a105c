"""Roles: who holds which title, in which organisation or place, as the text states it.

Two shapes cover most news: a title before the name ("Ukrainian President Volodymyr
Zelensky", "Boeing CEO Ron Sugar", "Kansas senator Sam Brownback") and an apposition
after it ("Oleksandr Shtupun, a spokesman for Ukraine's army", "X, head of Y"). The
organisation or place is the entity (or the demonym's country) just before the title,
or the entity inside the "for/of/at" phrase or possessive that completes it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..gazetteer import gazetteer
from ..identity import entity_key
from ..records import Role, Span
from ..rules import on, register
from ._lexicon import ORG_ANAPHORS, PERSON_TITLES
from ._quotes import SpeakerMention
from ._spans import children_of, doc_text, span_of

# words that extend a title ("chief executive", "prime minister", "defence analyst")
_TITLE_MODIFIERS = {
    "chief", "vice", "deputy", "prime", "foreign", "defence", "defense", "finance", "interior", "executive",
    "general", "senior", "junior", "assistant", "associate", "acting", "former", "first", "managing",
    "regional", "national", "state", "press", "military", "economic", "trade", "health", "justice",
    "under", "lead", "principal", "supreme", "top", "co", "commercial", "operating", "financial", "technical",
    "majority", "minority", "district", "circuit", "federal",
}  # fmt: skip
_NOT_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "father", "sister", "brother", "doctor", "former", "top"}
_TITLE_WORDS = (PERSON_TITLES - _NOT_TITLES) | {"analysist", "secretary", "undersecretary", "officer"}


def find_roles(doc: Doc, offset: int, mentions: list[SpeakerMention]) -> list[Role]:
    """Roles stated in one parsed chunk."""
    roles: list[Role] = []
    people = [m for m in mentions if m.kind == "Person"]
    for person in people:
        span = span_of(doc, person.start - offset, person.end - offset)
        if span is None:
            continue
        before = _title_before(doc, span.start, offset, mentions)
        if before is None and on(TITLE_COMMA_NAME):
            before = _title_comma_before(doc, span.start, offset, mentions)
        if before is not None:
            title, org, start = before
            roles.append(
                _qualified(
                    doc, Role(title, person.entity, org, _evidence(doc, offset, start, span.end)), offset, mentions
                )
            )
        for role in _appositions(doc, span, offset, mentions):
            roles.append(_qualified(doc, Role(role[0], person.entity, role[1], role[2]), offset, mentions))
    unique = {}
    for role in roles:
        unique.setdefault((role.title, role.holder, role.organization, role.status), role)
    return list(unique.values())


# words that say a holder is not simply the current one: "former CEO", "acting president"
STATUS_WORDS = {"former": "former", "ex": "former", "then": "former", "acting": "acting", "interim": "interim",
                "outgoing": "outgoing", "designate": "designate", "elect": "designate"}  # fmt: skip
# a party named as what a politician belongs to ("Republican senator X"), not what the title serves
_PARTY_WORDS = {"republican", "democrat", "democratic", "labour", "conservative", "liberal", "green", "socialist",
                "tory"}  # fmt: skip


_ELECTED = {"senator", "representative", "congressman", "congresswoman", "governor", "mayor", "lawmaker",
            "legislator", "mp", "assemblyman", "assemblywoman", "councillor", "councilman", "councilwoman"}  # fmt: skip


def _qualified(doc: Doc, role: Role, offset: int, mentions: list[SpeakerMention]) -> Role:
    """The role with its status ('former', 'acting') and a party the title names taken as an affiliation."""
    words = [w.strip(".-,").lower() for w in role.evidence.text.replace("-", " ").split()]
    title_words = [w for w in role.title.split() if w not in STATUS_WORDS]
    # only a word before the title qualifies it: in "X, the firm's CEO and ex Acme executive" the CEO is current
    head = title_words[-1] if title_words else ""
    upto = words.index(head) if head in words else len(words)
    status = next((STATUS_WORDS[w] for w in words[:upto] if w in STATUS_WORDS), None)
    title = " ".join(title_words) or role.title
    organization, affiliation = role.organization, None
    # a senator serves a state and belongs to a party; a party's leader serves the party
    if (
        organization is not None
        and organization.startswith("Organization:")
        and title_words[-1:]
        and (title_words[-1] in _ELECTED)
    ):
        name = organization.split(":", 1)[1]
        if name in _PARTY_WORDS or name.endswith(" party"):
            organization, affiliation = None, role.organization
    return Role(title, role.holder, organization, role.evidence, status, affiliation)


_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "capt": "captain", "sgt": "sergeant", "adm": "admiral", "maj": "major", "prof": "professor",
    "cmdr": "commander", "vp": "vice president",
}  # fmt: skip


_UNIT_WORDS = {"brand", "group", "unit", "division", "arm", "subsidiary", "party", "team", "airline", "bank"}


def _full_title(title: str) -> str:
    """'sen' -> 'senator': titles are kept spelled out."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in title.split())


def _evidence(doc: Doc, offset: int, start_token: int, end_token: int) -> Span:
    start, end = doc[start_token].idx, doc[end_token - 1].idx + len(doc[end_token - 1])
    return Span(offset + start, offset + end, doc_text(doc)[start:end])


def _is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in _TITLE_WORDS


def _title_before(
    doc: Doc, start: int, offset: int, mentions: list[SpeakerMention]
) -> tuple[str, str | None, int] | None:
    """'Ukrainian President Volodymyr Zelensky' -> ("president", Ukraine, index of 'Ukrainian')."""
    k = start - 1
    words: list[Token] = []
    while k >= 0 and (_is_title(doc[k]) or (words and doc[k].lower_ in _TITLE_MODIFIERS)):
        words.insert(0, doc[k])
        k -= 1
        # "Secretary-General": the parts of a hyphenated title
        if k >= 1 and doc[k].text == "-" and (_is_title(doc[k - 1]) or doc[k - 1].lower_ in _TITLE_MODIFIERS):
            k -= 1
    if not words or not any(_is_title(w) for w in words):
        return None
    while words and not _is_title(words[-1]):
        words.pop()
    title = _full_title(" ".join(w.lower_.rstrip(".") for w in words))
    first = words[0].i
    org, first = _holder_before(doc, first, offset, mentions)
    return title, org, first


TITLE_COMMA_NAME = register(
    "role_title_comma_name",
    "participants",
    "'the chief executive of Acme, Mr. Jan Novak': a title, its organisation, a comma, then the name",
)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"}


def _title_comma_before(
    doc: Doc, start: int, offset: int, mentions: list[SpeakerMention]
) -> tuple[str, str | None, int] | None:
    """'the Prime Minister of Ruritania, Mr. Jan Novak' -> ("prime minister", Ruritania, index of 'Prime')."""
    k = start - 1
    while k >= 0 and doc[k].lower_.rstrip(".") in _HONORIFICS:
        k -= 1
    if k < 1 or doc[k].text != ",":
        return None
    k -= 1
    org = None
    char = offset + doc[k].idx
    hit = next((m for m in mentions if m.start <= char < m.end and m.kind in {"Organization", "Place"}), None)
    if hit is not None:
        first = span_of(doc, hit.start - offset, hit.end - offset)
        if first is None or first.start < 2 or doc[first.start - 1].lower_ not in {"of", "for", "at"}:
            return None
        org, k = hit.entity, first.start - 2
    words: list[Token] = []
    while k >= 0 and (_is_title(doc[k]) or (words and doc[k].lower_ in _TITLE_MODIFIERS)):
        words.insert(0, doc[k])
        k -= 1
    if not words or not _is_title(words[-1]) or k < 0 or doc[k].lower_ not in {"the", "its", "their"}:
        return None  # "the ... , Name": a title said of one person, not a list of them
    title = _full_title(" ".join(w.lower_.rstrip(".") for w in words))
    return title, org, words[0].i


def _holder_before(doc: Doc, index: int, offset: int, mentions: list[SpeakerMention]) -> tuple[str | None, int]:
    """The organisation, place or demonym right before a title: 'Boeing CEO', "Russia's President"."""
    k = index - 1
    if k >= 1 and doc[k].lower_ in _UNIT_WORDS:
        k -= 1  # "Volkswagen brand chief", "Siemens group CEO": the title serves a part of the company
    if k >= 0 and doc[k].text in {"'s", "’s"}:
        k -= 1
    if k < 0:
        return None, index
    char = offset + doc[k].idx
    for m in mentions:
        if m.start <= char < m.end and m.kind in {"Organization", "Place"}:
            first = span_of(doc, m.start - offset, m.end - offset)
            return m.entity, first.start if first is not None else k
    country = gazetteer().demonym(doc[k].text)
    if country is not None and doc[k].text[:1].isupper():
        return entity_key("Place", country.name, country), k
    return None, index


def _most_named(char: int, mentions: list[SpeakerMention]) -> str | None:
    counts: dict[str, tuple[int, int]] = {}  # entity -> (mentions so far, last position)
    for m in mentions:
        if m.end <= char and m.kind == "Organization":
            counts[m.entity] = (counts.get(m.entity, (0, 0))[0] + 1, m.start)
    return max(counts, key=lambda k: counts[k]) if counts else None


def _appositions(doc: Doc, span, offset: int, mentions: list[SpeakerMention]) -> list[tuple[str, str | None, Span]]:
    """'X, a spokesman for Ukraine's army' / 'X, head of USAF's Mobility Command'."""
    found = []
    root = span.root
    for child in children_of(root):
        if child.dep_ != "appos" or child.i < span.end or not _is_title(child):
            continue
        words = [child]
        k = child.i - 1
        while k >= span.end and doc[k].lower_ in _TITLE_MODIFIERS | _TITLE_WORDS:
            words.insert(0, doc[k])
            k -= 1
        title = _full_title(" ".join(w.lower_.rstrip(".") for w in words))
        org = None
        subtree = list(child.subtree)
        for token in subtree:
            if token.dep_ in {"poss", "compound", "pobj"} or token.head.dep_ in {"pobj", "prep"}:
                char = offset + token.idx
                hit = next(
                    (m for m in mentions if m.start <= char < m.end and m.kind in {"Organization", "Place"}), None
                )
                if hit is not None:
                    org = hit.entity
                    break
        if org is None:
            # "Jordan Bardella, the party's president": the organisation the article named most so far
            anaphor = next((t for t in subtree if t.dep_ == "poss" and t.lemma_.lower() in ORG_ANAPHORS), None)
            if anaphor is not None:
                org = _most_named(offset + anaphor.idx, mentions)
        end = subtree[-1].i + 1
        while end - 1 > span.start and doc[end - 1].is_punct:
            end -= 1
        found.append((title, org, _evidence(doc, offset, span.start, end)))
    return found
