"""Reconcile: owl:sameAs links to a Wikidata-style SPARQL endpoint (optional, off by default).

An entity is linked when the endpoint has exactly one item of a compatible type for it:
places by their GeoNames ID (Wikidata's P1566), else by English label or alias; people and
organisations by English label or alias. Ambiguous or missing names get no link. Labels are
sent as RDF terms in VALUES blocks, never pasted into the query text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal

from .errors import StoreError
from .iri import external_iri
from .store import RemoteStore

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
# classes an item must be an instance of (directly or through subclass-of) to match a kind
CLASSES = {
    "Person": ("Q5",),
    "Organization": ("Q43229", "Q4830453", "Q783794", "Q7278", "Q327333", "Q2659904", "Q46970", "Q1616075"),
    "Place": ("Q618123", "Q515", "Q6256", "Q486972", "Q10864048", "Q56061", "Q3624078"),
}
BATCH = 50


@dataclass(frozen=True)
class Candidate:
    """What reconciliation knows of one entity."""

    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    geonames_id: int | None = None


def reconcile(
    candidates: Iterable[Candidate], endpoint: str, *, timeout: float = 30.0, subclasses: bool = True
) -> dict[str, str]:
    """Entity key -> the one matching item IRI of the endpoint (keys without a unique match are left out)."""
    store = RemoteStore(endpoint, timeout=timeout)
    items = list(candidates)
    links: dict[str, str] = {}
    places = [c for c in items if c.kind == "Place" and c.geonames_id]
    for batch in _batches(places):
        values = " ".join(Literal(str(c.geonames_id)).n3() for c in batch)
        query = f"SELECT ?id ?item WHERE {{ VALUES ?id {{ {values} }} ?item <{WDT}P1566> ?id . }}"
        found = defaultdict(set)
        for row in _select(store, query).rows:
            item = external_iri(str(row[1]))
            if item is not None:  # an endpoint's answer is outside input: never a javascript: link
                found[str(row[0])].add(item)
        for c in batch:
            if len(found.get(str(c.geonames_id), ())) == 1:
                links[c.key] = next(iter(found[str(c.geonames_id)]))
    path = f"<{WDT}P31>/<{WDT}P279>*" if subclasses else f"<{WDT}P31>"
    for kind, classes in CLASSES.items():
        todo = [c for c in items if c.kind == kind and c.key not in links]
        for batch in _batches(todo):
            names = {}
            for c in batch:
                for name in (c.label, *c.aliases):
                    names[name] = c
            values = " ".join(Literal(name, lang="en").n3() for name in names)
            types = " ".join(f"<{WD}{q}>" for q in classes)
            query = (
                f"SELECT DISTINCT ?name ?item WHERE {{ VALUES ?name {{ {values} }} VALUES ?class {{ {types} }} "
                f"{{ ?item <http://www.w3.org/2000/01/rdf-schema#label> ?name }} UNION "
                f"{{ ?item <http://www.w3.org/2004/02/skos/core#altLabel> ?name }} "
                f"?item {path} ?class . }}"
            )
            found = defaultdict(set)
            for row in _select(store, query).rows:
                entity = names.get(str(row[0]))
                item = external_iri(str(row[1]))
                if entity is not None and item is not None:
                    found[entity.key].add(item)
            for c in batch:
                if len(found.get(c.key, ())) == 1:
                    links[c.key] = next(iter(found[c.key]))
    return links


def _batches(items: list) -> Iterable[list]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _select(store: RemoteStore, query: str):
    try:
        return store.select(query)
    except StoreError as exc:
        raise StoreError(f"reconciliation: {exc}") from None
