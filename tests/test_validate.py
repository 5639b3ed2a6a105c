"""The build's SHACL engine against pySHACL, the reference, on kg's own shapes and graphs."""

from __future__ import annotations

import random

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from kg.errors import UsageError
from kg.validate import validate


def _verdict(report) -> tuple[bool, set]:
    return report.conforms, {(v.focus, v.path, v.message, v.severity) for v in report.violations}


def _mutations(graph: Graph, count: int, seed: int = 3):
    """Broken copies of a conforming graph: a statement dropped, a second value added, an IRI
    made a literal, a type changed, a number made negative."""
    rng = random.Random(seed)
    triples = sorted(graph, key=lambda t: tuple(map(str, t)))
    nodes = sorted({o for _, _, o in triples if isinstance(o, URIRef)}, key=str)
    for i in range(count):
        s, p, o = rng.choice(triples)
        broken = Graph()
        for t in triples:
            broken.add(t)
        kind = i % 5
        if kind == 0:
            broken.remove((s, p, o))
        elif kind == 1:
            broken.add((s, p, rng.choice(nodes)))
        elif kind == 2:
            broken.remove((s, p, o))
            broken.add((s, p, Literal(str(o))))
        elif kind == 3:
            broken.set((s, RDF.type, rng.choice(nodes)))
        else:
            broken.add((s, p, Literal(-rng.randint(1, 50))))
        yield f"{kind}:{p}", broken


def test_the_engines_agree_on_the_seed_graph(seed_out):
    graph = Graph().parse(seed_out / "kg.ttl")
    fast, reference = validate(graph), validate(graph, engine="pyshacl")
    assert fast.conforms and reference.conforms
    assert _verdict(fast) == _verdict(reference)


def test_the_engines_agree_on_broken_graphs(seed_out):
    graph = Graph().parse(seed_out / "articles" / next(p.name for p in (seed_out / "articles").glob("*.ttl")))
    graph += Graph().parse(seed_out / "corpus.ttl")
    disagreements, broken_ones = [], 0
    for name, broken in _mutations(graph, 40):
        fast, reference = validate(broken), validate(broken, engine="pyshacl")
        broken_ones += not reference.conforms
        if _verdict(fast) != _verdict(reference):
            disagreements.append((name, _verdict(fast), _verdict(reference)))
    assert broken_ones >= 10  # the mutations do break the graph, often
    assert not disagreements, disagreements[:3]


def test_text_and_graph_give_the_same_verdict(seed_out):
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    graph = Graph().parse(seed_out / "kg.ttl")
    mention = next(graph.subjects(URIRef(nif + "anchorOf"), None))
    graph.set((mention, URIRef(nif + "anchorOf"), Literal("Ruritania")))
    as_text = graph.serialize(format="nt")
    assert _verdict(validate(as_text)) == _verdict(validate(graph))
    assert not validate(as_text).conforms


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        validate(Graph(), engine="fastest")
