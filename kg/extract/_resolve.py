"""From mention spans to entities: one node per real-world person, organisation or place.

Rules (stated here because the published labels and IRIs follow from them):

* Places are linked to GeoNames (or, for first-level subdivisions without a GeoNames
  entry in the offline data, to their ISO 3166-2 code). A name with several candidates
  ("Moscow" RU or US) takes the candidate in a country the article's other places are
  in, else the most populous. A place's own name beats another spelling, unless only the
  other spelling names a bigger city in such a country ("Hanover" beside "Berlin"). Linked places are labelled with their GeoNames name.
* Organisations are the same when their names without legal suffix are equal ("Paxar
  Corp" = "Paxar"), when one is the start of exactly one longer name in the article
  ("Dominion" = "Dominion Textile Inc"), when one word is the last of exactly one two-word
  name ("United" = "Manchester United"), or when one is the acronym of exactly one other.
  The preferred label is the longest form in the article.
* People are the same when their names are equal, when a single name is the surname of
  exactly one fuller name in the article ("Zelensky" = "Volodymyr Zelensky"), or when two
  names stand side by side separated by a slash (a name and its transliteration).
  The preferred label is the longest Latin-script form, else the longest form.
* Different kinds are never merged (the "agree" rule of the entity component, when on,
  gives one surface form one kind in an article).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import pairwise

from ..gazetteer import REGION_WORDS, gazetteer, names_place, place_prefix
from ..gazetteer import within as geo_within
from ..identity import (
    entity_key,
    has_legal_suffix,
    initials,
    is_acronym_of,
    label_rank,
    norm,
    org_base,
    short_form_of,
)
from ..records import Entity, Geo, Mention
from ..rules import on
from ._lexicon import ORG_HEADS, PERSON_TITLES

_PARTICLES = {"de", "da", "do", "dos", "di", "del", "della", "van", "von", "der", "la", "le", "bin", "al", "el"}


@dataclass(frozen=True)
class RawMention:
    """A typed span from the spaCy component, before resolution."""

    start: int
    end: int
    text: str
    kind: str  # Person, Organization, Place
    follows_slash_of: int | None = None  # index of a mention this one stands beside, "A / B"
    owner: str | None = None  # "Russia's Defense Ministry": the place a generic name belongs to
    rule: str = "model"  # the rule that made or typed the span
    maker: str | None = None  # a product's: the firm whose name begins the product's ("Orvale" in "Orvale X5")
    titled: bool = False  # a title follows the name: "Washington senator X", a state's


_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
          "PRODUCT": "Product"}  # fmt: skip


def kind_of(label: str) -> str | None:
    """Map a spaCy label to the ontology class name."""
    return _KINDS.get(label)


def region_pairs(mentions) -> list[tuple[int, int]]:
    """'Everett, Washington': (place, region) indices of places in text order, the region after ", "."""
    return [
        (i, i + 1)
        for i, (a, b) in enumerate(pairwise(mentions))
        if a.kind == b.kind == "Place" and b.start == a.end + 2
    ]


def resolve(
    raw: list[RawMention], nationalities: dict[int, Geo], body_start: int = 0
) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    """Cluster mentions into entities and give each a stable key and a preferred label.

    ``body_start`` is where the text after the headline begins (headlines use short names).
    """
    cluster_of: dict[int, str] = {}
    members: dict[str, list[int]] = defaultdict(list)
    geos: dict[str, Geo] = {}
    _places(raw, cluster_of, geos)
    _organizations(raw, cluster_of, body_start)
    _people(raw, cluster_of)
    names = _products(raw, cluster_of)
    for index, cluster in cluster_of.items():
        members[cluster].append(index)
    entities: dict[str, Entity] = {}
    rename: dict[str, str] = {}
    makers: dict[str, str] = {}  # product key -> the name of its maker
    for cluster, indexes in members.items():
        kind = raw[indexes[0]].kind
        forms = [names.get(i, raw[i].text) for i in indexes]
        geo = geos.get(cluster)
        label = _preferred(kind, forms, geo)
        owner = next((raw[i].owner for i in indexes if raw[i].owner), None)
        if owner:
            label = f"{label} ({owner})"
        key = entity_key(kind, label, geo)
        aliases = tuple(sorted({f for f in forms if f != label}))
        nationality = next((nationalities[i] for i in indexes if i in nationalities), None)
        if key in entities:  # two clusters that resolve to the same node
            old = entities[key]
            aliases = tuple(sorted(set(old.aliases) | set(aliases) | ({label} - {old.label})))
            label = old.label
        entities[key] = Entity(
            key=key,
            kind=kind,
            label=label,
            aliases=aliases,
            geo=geo,
            nationality=entity_key("Place", nationality.name, nationality) if nationality else None,
        )
        maker = next((raw[i].maker for i in indexes if raw[i].maker is not None), None)
        if maker is not None:
            makers[key] = maker
        rename[cluster] = key
    firms: dict[str, str] = {}  # each organisation's names (org_base form) -> its key, the first named
    for e in entities.values():
        if e.kind == "Organization":
            for form in (e.label, *e.aliases):
                firms.setdefault(org_base(form), e.key)
    for key, name in makers.items():  # the maker: the firm of that name the article knows, else a new one
        known = firms.get(org_base(name))
        if known is None:
            known = entity_key("Organization", name)
            entities.setdefault(known, Entity(key=known, kind="Organization", label=name))
        entities[key] = replace(entities[key], maker=known)
    mentions = tuple(
        sorted(
            (
                Mention(m.start, m.end, m.text, rename[cluster_of[i]], m.rule)
                for i, m in enumerate(raw)
                if i in cluster_of
            ),
            key=lambda m: (m.start, m.end),
        )
    )
    extra = []
    for entity in entities.values():
        if entity.nationality and entity.nationality not in entities:
            country = next(g for g in nationalities.values() if entity_key("Place", g.name, g) == entity.nationality)
            extra.append(Entity(key=entity.nationality, kind="Place", label=country.name, geo=country))
    for entity in extra:
        entities.setdefault(entity.key, entity)
    return tuple(sorted(entities.values(), key=lambda e: e.key)), mentions


def _preferred(kind: str, forms: list[str], geo: Geo | None) -> str:
    if geo is not None and geo.geonames_id:
        return geo.name
    counts = Counter(forms)
    order = {f: i for i, f in reversed(list(enumerate(forms)))}
    if kind == "Place":
        return min(counts, key=lambda f: (-counts[f], -len(f), order[f]))
    return min(counts, key=lambda f: (*label_rank(f, counts), order[f]))  # ties: the first written


def _places(raw: list[RawMention], cluster_of: dict[int, str], geos: dict[str, Geo]) -> None:
    gaz = gazetteer()
    candidates: dict[int, list[Geo]] = {}
    every: dict[int, list[Geo]] = {}
    for i, m in enumerate(raw):
        if m.kind != "Place":
            continue
        words = m.text.split()
        found: list[Geo] = []
        if len(words) > 1 and words[-1].lower() in REGION_WORDS:
            found = gaz.region(" ".join(words[:-1]))
        found = found or gaz.lookup(m.text)
        main = [g for g in found if gaz.is_main_name(m.text, g)]
        candidates[i] = main or found  # "Sydney" is Sydney, not a town that also goes by that name
        every[i] = found
    if on("town_region"):
        _town_region(raw, candidates, every)
    # countries the article's unambiguous places are in, counted by name
    by_name: dict[str, Counter] = defaultdict(Counter)
    for i, found in candidates.items():
        if found and len({g.country_code for g in found}) == 1:
            by_name[raw[i].text][found[0].country_code] += 1
    context: Counter = sum(by_name.values(), Counter())
    for i, found in candidates.items():
        # "Hanover" beside "Germany" is Hannover, although small US towns carry the name itself
        others = context - by_name.get(raw[i].text, Counter())
        if found and not any(others[g.country_code] for g in found):
            biggest = max(g.population for g in found)
            in_context = [g for g in every[i] if others[g.country_code] and g.population > biggest]
            found = in_context or found
        if found:
            best = max(found, key=lambda g: (context[g.country_code] > 0, -found.index(g)))
            cluster = f"geo:{best.geonames_id or best.iso_code}"
            geos[cluster] = best
        else:
            cluster = f"place:{norm(raw[i].text)}"
        cluster_of[i] = cluster
    # "the Andean Union (AU)": an acronym of the one unlinked place the article names in full is that place
    unlinked = {norm(raw[i].text): cluster_of[i] for i in candidates if cluster_of[i].startswith("place:")}
    for i in candidates:
        text = raw[i].text
        if cluster_of[i].startswith("place:") and text.isupper() and 2 <= len(text) <= 6:
            expanded = {c for name, c in unlinked.items() if c != cluster_of[i] and is_acronym_of(text, name)}
            if len(expanded) == 1:
                cluster_of[i] = expanded.pop()


def _town_region(raw: list[RawMention], candidates: dict[int, list[Geo]], every: dict[int, list[Geo]]) -> None:
    """'Everett, Washington', 'St. Thomas, Ontario, Canada', 'Washington senator X': the place the text says.

    A place after a comma is the region or country the place before it lies in, and one
    before a title ("senator", "governor") a state or country: a region reading beats a
    city of that name, and the place before the comma is the one inside that region.
    """
    gaz = gazetteer()
    places = [i for i, m in enumerate(raw) if m.kind == "Place"]
    inside = dict(region_pairs(raw))
    for i in places:
        if i in inside.values() or raw[i].titled:
            regional = [g for g in every[i] + gaz.region(raw[i].text) if g.feature in {"admin1", "country"}]
            if regional:
                candidates[i] = list(dict.fromkeys(regional))
    for a in sorted(inside, reverse=True):  # the outermost first: "Ontario" is read in "Canada"
        b = inside[a]
        if not candidates.get(b):
            continue
        held = [g for g in every[a] + gaz.region(raw[a].text) if any(geo_within(g, r) for r in candidates[b])]
        if held:
            candidates[a] = list(dict.fromkeys(held))


# words that make a name another body of the same name: "New GM", "Old Acme"
_AGE_WORDS = frozenset({"new", "old", "former", "future", "legacy"})


def _organizations(raw: list[RawMention], cluster_of: dict[int, str], body_start: int = 0) -> None:
    orgs = [i for i, m in enumerate(raw) if m.kind == "Organization"]
    base = {i: org_base(raw[i].text) for i in orgs}
    bases = sorted(set(base.values()), key=lambda b: (-len(b.split()), b))
    target: dict[str, str] = {b: b for b in bases}
    legal = {org_base(raw[i].text): has_legal_suffix(raw[i].text) for i in orgs}
    written_upper = {base[i] for i in orgs if raw[i].text.isupper()}
    after_place = {o: (place_prefix(o) or ("", ""))[1] for o in bases}  # "us air force" -> "air force"
    first_seen: dict[str, float] = defaultdict(lambda: float("inf"))  # first in the body: headlines use short names
    for i in orgs:
        if raw[i].start >= body_start:
            first_seen[base[i]] = min(first_seen[base[i]], raw[i].start)
    for b in bases:
        words = b.split()
        # "Dominion" = "Dominion Textile Inc", "Lorne" = "Lorne Grumby", but "Acme" is not "Acme
        # Commercial Jets" (a division), "Acme Europe" (a branch) nor "Acme Foundation"
        longer = [o for o in bases if o != b and o.split()[: len(words)] == words]
        if len(longer) == 1 and (
            (len(words) < len(longer[0].split()) and legal.get(longer[0]))
            # news names a firm in full first: "Lorne" before "Lorne Grumby" is another firm
            or (on("org_short_form") and shortens(b, longer[0]) and first_seen[b] > first_seen[longer[0]])
        ):
            target[b] = target[longer[0]]
            continue
        # "United" = "Manchester United": the distinctive last word of one two-word name
        # but "GM" is not "New GM": an old or new company of that name is another one
        ending = [o for o in bases if len(o.split()) == 2 and o.split()[-1] == b and o.split()[0] not in _AGE_WORDS]
        if len(words) == 1 and len(ending) == 1 and not longer:
            target[b] = target[ending[0]]
            continue
        placed = [o for o in bases if o != b and after_place[o] == b]
        if on("org_placed_name") and len(placed) == 1 and not longer:
            target[b] = target[placed[0]]
            continue
        if len(words) == 1 and 2 <= len(b) <= 6:
            if on("org_acronym_letters") and b in written_upper:  # "HILA": "Hildor Lorne Airways"
                expanded = [o for o in bases if o != b and is_acronym_of(b, o)]
            else:
                expanded = [o for o in bases if o != b and initials(o, _INITIALS_SKIP) == b]
            if len(expanded) == 1:
                target[b] = target[expanded[0]]
    owners: dict[str, set[str]] = defaultdict(set)
    for i in orgs:
        if raw[i].owner:
            owners[target[base[i]]].add(raw[i].owner)
    for i in orgs:
        cluster = target[base[i]]
        owner = owners.get(cluster)
        cluster_of[i] = f"org:{cluster}" + (f"@{sorted(owner)[0]}" if owner and len(owner) == 1 else "")


def _products(raw: list[RawMention], cluster_of: dict[int, str]) -> dict[int, str]:
    """Products: one per name, the maker's name written before it included ("Orvale X5" = "the X5").

    Returns each product mention's full name (maker and model) where it differs from its text.
    """
    names: dict[int, str] = {}
    full: dict[int, str] = {}
    for i, m in enumerate(raw):
        if m.kind != "Product":
            continue
        name = _singular(m.text)
        full[i] = norm(name)
        if name != m.text:
            names[i] = name
    # "the X5" beside "Orvale X5": the one fuller name that ends with it
    for i, name in full.items():
        longer = {f for f in full.values() if f != name and f.endswith(" " + name)}
        cluster_of[i] = f"product:{longer.pop() if len(longer) == 1 else name}"
    return names


def _singular(name: str) -> str:
    """'A380s', '737s', '787 Dreamliners' -> one of them."""
    words = name.split()
    last = words[-1]
    if len(last) > 2 and last.endswith("s") and not last.endswith("ss") and (last[-2].isdigit() or len(words) > 1):
        words[-1] = last[:-1]
    return " ".join(words)


# the words an organisation's initials skip in an article ("Banque de Lorvie": BL)
_INITIALS_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le"})


def shortens(short: str, longer: str) -> bool:
    """Whether one organisation name (org_base form) is a shorter name of another.

    "lorne" shortens "lorne grumby" and "lorne airways"; a generic name ("air force",
    "supreme court") plus a word names a part or another body, never the same one.
    """
    words = short.split()
    return bool(words) and words[-1] not in ORG_HEADS and short_form_of(short, longer, not_of_the_name)


def not_of_the_name(word: str) -> bool:
    """A word that, added to a firm's name, names something else: a place (a branch) or a title."""
    return word in PERSON_TITLES or names_place(word)


def _people(raw: list[RawMention], cluster_of: dict[int, str]) -> None:
    people = [i for i, m in enumerate(raw) if m.kind == "Person"]
    full: dict[int, str] = {i: norm(raw[i].text) for i in people}
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    for i in people:
        other = raw[i].follows_slash_of
        if other is not None and other in full:
            parent[find(full[i])] = find(full[other])
    multi = sorted({n for n in full.values() if len(n.split()) >= 2})
    hyphenated = {norm(raw[i].text) for i in people if "-" in raw[i].text and " " not in raw[i].text.strip()}
    for name in sorted(set(full.values())):
        words = name.split()
        # "Zelensky" = "Volodymyr Zelensky"; "Bankman-Fried" = "Sam Bankman-Fried"; "de Moraes"
        if len(words) == 1 or name in hyphenated or (len(words) > 1 and words[0] in _PARTICLES):
            owners = {find(m) for m in multi if m != name and m.split()[-len(words) :] == words}
            if len(owners) == 1:
                parent[find(name)] = owners.pop()
    for i in people:
        cluster_of[i] = f"person:{find(full[i])}"
