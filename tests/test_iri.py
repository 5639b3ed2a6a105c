"""IRIs: deterministic, readable, and valid for any string."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import UsageError
from kg.iri import Minter, check_base, slug

NASTY = ['He said "no" <b>', "  spaces  ", "Володимир Зеленський", "東京", "a/b?c#d", "", "{}|\\^`", "x" * 300, "é́"]


@pytest.mark.parametrize("text", NASTY)
def test_any_string_mints_a_valid_iri(text):
    iri = Minter().entity("Person", text)
    assert iri.startswith("https://kg.example.org/id/person/")
    # both parsers accept it
    ox.NamedNode(iri)
    graph = Graph().parse(data=f"<{iri}> <http://e.org/p> 1 .", format="turtle")
    assert (URIRef(iri), URIRef("http://e.org/p"), Literal(1)) in graph
    assert len(iri) < 200


def test_slug_is_readable_and_deterministic():
    assert slug("Volodymyr Zelensky") == "volodymyr-zelensky"
    assert slug("Café Müller") == "cafe-muller"
    assert slug("Володимир") == "володимир"
    assert slug("!!!") == slug("!!!") != slug("???")


def test_same_name_same_iri_different_kind_different_iri():
    m = Minter()
    assert m.entity("Place", "Georgia") == m.entity("Place", "Georgia")
    assert m.entity("Place", "Georgia") != m.entity("Person", "Georgia")


def test_base_must_be_absolute():
    for bad in ("kg/", "foo", "https://x.org/no-slash", "javascript:alert(1)//", "http://[::1/", "http://h:port/"):
        with pytest.raises(UsageError):
            check_base(bad)
    assert Minter("https://data.example.com/kg#").article("a") == "https://data.example.com/kg#article/a"
