"""Entity identity: kinds, keys, name normalisation, the preferred label, and merging.

Used by extraction (one node per entity in an article), consolidation (across the build)
and mapping (keys to IRIs), so that all three agree on what makes two names one entity.
A key is ``"Kind:identity"``: the kind, then a normalised name or a gazetteer id; make
keys with :func:`entity_key` and read them with :func:`split_key`, never by hand.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

from .rules import register

if TYPE_CHECKING:
    from .records import Geo

# identity rules, used by extraction (in an article) and consolidation (across the build)
register("org_short_form", "identity", "a firm's name less one last word names it: 'Lorne' = 'Lorne Grumby'")
register("org_placed_name", "identity", "'the Air Force' is the one 'Lorvian Air Force' the text names")
register("org_acronym_letters", "identity", "an acronym may take more than initials: 'SIA' = 'Singapore Airlines'")
register("kind_agreement", "identity", "a name the model calls a person where the build knows it as a firm is the firm")
register(
    "org_spelling", "identity", "one name written two ways: 'Defence'/'Defense', 'Motor'/'Motors', 'Auto'/'Automotive'"
)


class Kind(StrEnum):
    """The kinds of named entity; a kind is also its ontology class name."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    PRODUCT = "Product"


# legal forms that close a company's name ("Paxar Corp.", "Halvorsen AS")
LEGAL_SUFFIXES = (
    "inc", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "ag", "gmbh", "sa", "nv", "bv",
    "spa", "ab", "asa", "oyj", "kk", "pty", "lp", "llp", "holdings", "holding", "group",
)  # fmt: skip
_LEGAL = re.compile(r"(?:,?\s+(?:" + "|".join(LEGAL_SUFFIXES) + r")\.?)+$", re.I)
# accents, emoji, marks such as (R) and invisible format characters do not tell names apart
_NOT_NAME_CHARACTERS = frozenset({"Mn", "So", "Sk", "Cf", "Co", "Cn", "Cs"})


def norm(text: str) -> str:
    """Fold case, accents, dots and hyphens so that spellings of a name compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _NOT_NAME_CHARACTERS).casefold()
    text = text.replace(".", "").replace("’", "'")
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return text.removeprefix("the ")


def has_legal_suffix(name: str) -> bool:
    """Whether a name ends in a legal form ("Acme Corp.", "Nordlys AS")."""
    return _LEGAL.search(name.strip()) is not None


def org_base(name: str) -> str:
    """An organisation's name without legal suffix, normalised ("Paxar Corp." -> "paxar").

    "&" between words reads "and", and an acronym the name carries after itself goes:
    "Halden & Lorne Company HL N.V." -> "halden and lorne".
    """

    def strip(text: str) -> str:
        return _LEGAL.sub("", text).strip() or text

    words = strip(norm(strip(name.strip()))).replace(" & ", " and ").split()
    if len(words) >= 3 and is_acronym_of(words[-1], strip(" ".join(words[:-1]))):
        words = strip(" ".join(words[:-1])).split()
    return " ".join(words)


# words that join a name and need not give a letter to its acronym ("Bank of Lorvia", BL or BOL)
_LINKING = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "der", "die", "und", "on"})


def initials(name: str, skip: frozenset[str] = _LINKING) -> str:
    """The first letters of a name's words, less the joining ones ("bank of lorvia" -> "bl"); "" for one word."""
    words = [w for w in name.split() if w not in skip]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_acronym_of(short: str, name: str) -> bool:
    """Whether ``short`` abbreviates ``name``: every word gives its first letter or a few more, in order.

    "hla" is "Halden Lorne Airways", "hila" "Hildor Lorne Airways" (two letters from the
    first word), "hlt" "Halden and Lorne Trust" (the "and" gives nothing).
    """
    short = norm(short).replace(" ", "")
    words = norm(name).replace("&", " and ").split()
    if not (2 <= len(short) <= 8) or len(words) < 2 or not short.isalpha():
        return False

    @functools.cache
    def match(i: int, w: int) -> bool:  # memoised: at most len(short) x len(words) states
        if i == len(short):
            return all(word in _LINKING for word in words[w:])
        if w == len(words):
            return False
        word = words[w]
        if word in _LINKING and match(i, w + 1):
            return True
        # this word gives 1..k letters from its start
        k = 0
        while k < len(word) and i + k < len(short) and short[i + k] == word[k] and k < 3:
            k += 1
            if match(i + k, w + 1):
                return True
        return False

    return match(0, 0)


# what a longer name adds that makes it another body, not a fuller name of the same one
_OTHER_BODY = frozenset(
    """
    foundation institute university college school museum trust fund fc club union association
    council committee commission agency bureau board center centre hospital party church
    """.split()
)


def short_form_of(short: str, longer: str, names_other) -> bool:
    """Whether an organisation's name ``short`` is a shorter name of ``longer`` (both from org_base).

    "lorne" is "lorne grumby" and "lorne airways", one word more; not "lorne foundation"
    (another body), "lorne europe" (a branch named by a place: ``names_other`` says so) nor
    "lorne commercial jets" (a division, two words more).
    """
    words, more = short.split(), longer.split()
    if len(more) != len(words) + 1 or more[: len(words)] != words:
        return False
    extra = more[-1]
    return extra not in _OTHER_BODY and not names_other(extra)


def entity_key(kind: str, label: str, geo: Geo | None = None) -> str:
    """The identity of an entity: its kind plus a normalised name, or a gazetteer id for a linked place.

    An organisation named with its owner, "Defense Ministry (Russia)", keeps the owner apart.
    """
    if geo is not None:
        ident = str(geo.geonames_id) if geo.geonames_id else (geo.iso_code or "")
        return f"{Kind.PLACE}:{norm(geo.name)} {ident}".strip()
    if kind == Kind.ORGANIZATION:
        name, _, owner = label.partition(" (")
        return f"{Kind.ORGANIZATION}:{org_base(name)}" + (f" @{norm(owner.rstrip(')'))}" if owner else "")
    return f"{Kind(kind)}:{norm(label)}"


def split_key(key: str) -> tuple[Kind, str]:
    """A key's kind and identity ("Person:ann lee" -> (Kind.PERSON, "ann lee"))."""
    kind, _, identity = key.partition(":")
    return Kind(kind), identity


def key_words(key: str) -> list[str]:
    """The words of a key's identity ("Person:ann lee" -> ["ann", "lee"])."""
    return split_key(key)[1].split()


def label_rank(form: str, counts: Mapping[str, int]) -> tuple:
    """How good a name is as a label (smaller is better): Latin script, most words, most characters, most used.

    Callers add their own last tie-break (first written in an article, alphabetical across a build).
    """
    latin = any("a" <= c.lower() <= "z" for c in form)
    return (not latin, -len(form.split()), -len(form), -counts.get(form, 0))


class UnionFind:
    """Disjoint sets of keys: ``union`` merges two sets, ``find`` names a set by its root."""

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict = {item: item for item in items}

    def find(self, item: Hashable) -> Hashable:
        """The root of the set holding ``item`` (an unknown item is its own set)."""
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(item, item) != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, child: Hashable, root: Hashable) -> None:
        """Merge the set of ``child`` into the set of ``root`` (whose root stays the root)."""
        a, b = self.find(child), self.find(root)
        if a != b:
            self.parent[a] = b


def spelling_variants(a: str, b: str) -> bool:
    """Two names of one body written two ways in one word.

    "lorne defence systems" / "lorne defense systems" (one letter, three words or more),
    "lorne motor" / "lorne motors" (a plural), "lorne auto" / "lorne automotive" (a word cut
    short, four letters at least).
    """
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2:
        return False
    differ = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    short, long = sorted((x, y), key=len)
    if short + "s" == long or (len(short) >= 4 and long.startswith(short) and short.isalpha()):
        return left[0] != short and right[0] != short  # "lorne" and "lornes" are not one
    if len(left) < 3:
        return False
    if min(len(x), len(y)) < 5 or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(c != d for c, d in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
