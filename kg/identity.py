"""Entity identity: kinds, keys, name normalisation, the preferred label, and merging.

Used by extraction (one node per entity in an article), consolidation (across the build)
and mapping (keys to IRIs), so that all three agree on what makes two names one entity.
A key is ``"Kind:identity"``: the kind, then a normalised name or a gazetteer id; make
keys with :func:`entity_key` and read them with :func:`split_key`, never by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Geo


class Kind(StrEnum):
    """The kinds of named entity; a kind is also its ontology class name."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


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
    """An organisation's name without legal suffix, normalised ("Paxar Corp." -> "paxar")."""
    base = _LEGAL.sub("", name.strip())
    return norm(base or name)


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
