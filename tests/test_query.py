"""Canned queries: grlc headers, parameters bound as RDF terms, and the rows they return on the seed."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.errors import ParameterError, QueryError
from kg.query import bind, format_result, get_query, list_queries, run
from kg.store import with_values

KGO = "https://kg.example.org/ontology#"


def rows(result):
    return [
        dict(zip(result.variables, (None if v is None else str(v) for v in row), strict=True)) for row in result.rows
    ]


def test_at_least_eight_queries_with_grlc_headers():
    queries = list_queries()
    assert len(queries) >= 8
    for q in queries:
        assert q.summary and q.summary != q.name
        assert q.tags
        assert q.sparql.lstrip().startswith("#+ summary:")
        for p in q.parameters:
            assert p.variable.startswith("_")


def test_entities_by_type_on_seed(seed_out):
    people = rows(run("entities-by-type", out_dir=seed_out))
    by_label = {r["label"]: r for r in people}
    assert int(by_label["Volodymyr Zelensky"]["mentions"]) >= 7
    assert int(by_label["Vladimir Putin"]["mentions"]) >= 4
    assert "Kyiv" not in by_label and "Moscow" not in by_label
    places = rows(run("entities-by-type", {"type": KGO + "Place"}, out_dir=seed_out))
    assert {"Kyiv", "Moscow", "Ukraine", "Russia"} <= {r["label"] for r in places}


def test_articles_mentioning_by_alias(seed_out):
    found = rows(run("articles-mentioning", {"name": "zelensky"}, out_dir=seed_out))
    assert [r["article"] for r in found] == ["https://kg.example.org/id/article/000-8f301b88a781ef20"]
    assert found[0]["headline"] == "Russia and Ukraine Exchange Hundreds of POWs"
    assert rows(run("articles-mentioning", {"name": "Nobody Atall"}, out_dir=seed_out)) == []


def test_mentions_in_context(seed_out):
    found = rows(run("mentions-in-context", {"name": "Kyiv"}, out_dir=seed_out))
    assert len(found) >= 6 and all(r["anchor"] == "Kyiv" for r in found)


def test_places_with_coordinates(seed_out):
    found = {r["label"]: r for r in rows(run("places-coordinates", out_dir=seed_out))}
    kyiv = found["Kyiv"]
    assert kyiv["geonames"] == "https://sws.geonames.org/703448/"
    assert abs(float(kyiv["lat"]) - 50.45) < 0.1 and abs(float(kyiv["long"]) - 30.52) < 0.1
    assert found["Moscow"]["country"] == "RU"


def test_cooccurrence_needs_two_articles(seed_out, wikinews_out):
    assert rows(run("cooccurrence", out_dir=seed_out)) == []  # one article: no pair shares two
    pairs = rows(run("cooccurrence", {"name": "Airbus"}, out_dir=wikinews_out))
    # the entity named is ?a, whichever of the two IRIs sorts first, and its partners ?b
    assert pairs and all("airbus" in r["aLabel"].lower() for r in pairs)
    assert any(r["bLabel"] == "Boeing" for r in pairs)
    other_way = rows(run("cooccurrence", {"name": "Boeing"}, out_dir=wikinews_out))
    assert any(r["aLabel"] == "Boeing" and r["bLabel"] == "Airbus" for r in other_way)
    assert all(int(r["articles"]) >= 2 for r in pairs)
    every = rows(run("cooccurrence", out_dir=wikinews_out))  # left empty: each pair once
    assert len({frozenset((r["a"], r["b"])) for r in every}) == len(every)
    assert [int(r["articles"]) for r in every] == sorted((int(r["articles"]) for r in every), reverse=True)


def test_statistics(seed_out):
    counts = {r["class"].rsplit("#", 1)[-1]: int(r["count"]) for r in rows(run("statistics", out_dir=seed_out))}
    assert counts["NewsArticle"] == 1
    assert counts["Person"] >= 6 and counts["Place"] >= 10 and counts["Mention"] >= 40


def test_unknown_query_and_parameter_errors():
    with pytest.raises(QueryError, match="kg query --list"):
        get_query("no-such-query")
    q = get_query("articles-mentioning")
    with pytest.raises(ParameterError, match="has no parameter"):
        bind(q, {"nmae": "x"})
    q = get_query("entities-by-type")
    with pytest.raises(ParameterError, match="give a iri"):
        bind(q, {"type": "not an iri>"})


@pytest.mark.parametrize("evil", ['x" } } DROP ALL ; #', "x> <y", 'a"\\"b', "line\nbreak }"])
def test_values_cannot_change_the_query(seed_out, evil):
    q = get_query("articles-mentioning")
    bound = bind(q, {"name": evil})
    assert bound["_name"] == Literal(evil)
    text = with_values(q.sparql, bound)
    from rdflib.plugins.sparql import prepareQuery

    prepared = prepareQuery(text)  # still one well-formed SELECT
    assert prepared.algebra.name == "SelectQuery"
    assert rows(run(q, {"name": evil}, out_dir=seed_out)) == []
    with pytest.raises(ParameterError):
        bind(get_query("entities-by-type"), {"type": "https://x.org/a> <b"})


def test_formats(seed_out):
    result = run("statistics", out_dir=seed_out)
    assert format_result(result, "csv").splitlines()[0] == "class,count"
    assert format_result(result, "tsv").splitlines()[1].startswith("<https://kg.example.org/ontology#")
    import json

    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["class", "count"]
    assert data["results"]["bindings"][0]["class"]["type"] == "uri"
    assert "rows)" in format_result(result, "table")


def test_term_kinds():
    q = get_query("entities-by-type")
    assert bind(q, {})["_type_iri"] == URIRef(KGO + "Person")


def test_people_with_roles_on_seed(seed_out):
    found = {(r["name"], r["role"], r["inLabel"]) for r in rows(run("people-roles", out_dir=seed_out))}
    assert ("Vladimir Putin", "president", None) in found
    assert ("Volodymyr Zelensky", "president", "Ukraine") in found


def test_quotes_by_speaker_on_seed(seed_out):
    quotes = rows(run("quotes-by-speaker", out_dir=seed_out))
    by_speaker: dict[str, list[str]] = {}
    for r in quotes:
        by_speaker.setdefault(r["speakerName"], []).append(r["text"])
    assert "This has already been established by forensics" in by_speaker["Vladimir Putin"]
    zelensky = by_speaker["Volodymyr Zelensky"]
    assert "They have different ranks and experience. All are equally important for Ukraine" in zelensky
    assert "We will release all our people in the same way. And this is our duty" in zelensky
    assert any(t.startswith("Our people are back. 207 of them.") for t in zelensky)
    only = rows(run("quotes-by-speaker", {"speaker": "putin"}, out_dir=seed_out))
    assert {r["speakerName"] for r in only} == {"Vladimir Putin"}


def test_events_in_time_order_on_seed(seed_out):
    events = rows(run("events-timeline", out_dir=seed_out))
    who: dict[str, set[str]] = {}  # one row per participant: gather each event's
    for r in events:
        who.setdefault(r["event"], set()).add(r["participantLabel"])
    by_class: dict[str, list[dict]] = {}
    for r in events:
        by_class.setdefault(r["class"].rsplit("#", 1)[-1], []).append(r)
    # the exchange the story is about (the text also tells of a scheduled one and of earlier swaps)
    [exchange] = {r["event"]: r for r in by_class["PrisonerExchange"] if "Russia" in who[r["event"]]}.values()
    assert exchange["date"] == "2024-01-31"
    assert {r["factuality"] for r in events} == {"asserted"}  # hedged events only on request
    assert who[exchange["event"]] >= {"Russia", "Ukraine"}
    assert {r["role"] for r in events if r["event"] == exchange["event"]} <= {"agent", "patient", "mediator"}
    crash = next(r for r in by_class["Accident"] if r["date"] == "2024-01-24")
    assert crash["placeLabel"] == "Belgorod region"
    dated = [r["date"] for r in events if r["date"]]
    assert dated == sorted(dated)
    planned = rows(run("events-timeline", {"factuality": "future"}, out_dir=seed_out))
    assert planned and {r["factuality"] for r in planned} == {"future"}
    meeting = next(r for r in planned if r["class"].endswith("#Meeting"))  # "leaders will meet on Thursday"
    assert meeting["date"] == "2024-02-01" and meeting["participantLabel"] in {"EU", "European Union"}


def test_parameters_become_terms_where_they_are_used():
    from kg.query import CannedQuery

    q = get_query("entities-by-type")
    text = with_values(q.sparql, bind(q, {"type": "https://kg.example.org/ontology#Place"}))
    # a constant the store can use an index for, not a VALUES block joined in first
    assert "?entity a <https://kg.example.org/ontology#Place>" in text and "VALUES" not in text.split("WHERE", 1)[1]
    # a '?_x' inside a string or an IRI is not a use of the parameter
    sparql = 'SELECT ?s WHERE { ?s <http://x.org/p?_name=1> "?_name" . FILTER (STR(?s) = ?_name) }'
    text = with_values(sparql, {"_name": Literal("v")})
    assert text == 'SELECT ?s WHERE { ?s <http://x.org/p?_name=1> "?_name" . FILTER (STR(?s) = "v") }'
    # a parameter the query returns or assigns is bound by VALUES, so the query stays valid
    projected = CannedQuery("p", q.path, "", "", (), (), "SELECT ?_name WHERE { ?s ?p ?o }")
    text = with_values(projected.sparql, {"_name": Literal("v")})
    assert 'VALUES (?_name) { ("v") }' in text and text.startswith("SELECT ?_name")


def test_the_tables_in_the_queries_match_the_ontology():
    import re

    from rdflib import RDFS, Graph

    from .conftest import ROOT

    ontology = Graph().parse(ROOT / "ontology.ttl")
    event = URIRef(KGO + "Event")
    classes = {str(c)[len(KGO) :] for c in ontology.transitive_subjects(RDFS.subClassOf, event) if c != event}
    factuality = {
        str(value)[len(KGO) :]: str(ontology.value(value, RDFS.label))
        for value in ontology.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(KGO + "Factuality")
        )
    }
    seen = 0
    for query in list_queries():
        # the event classes a query lists are all of the ontology's (a class added there is not lost here)
        for block in re.findall(r"VALUES \?class \{([^}]*)\}", query.sparql):
            listed = set(re.findall(r"kgo:(\w+)", block))
            if listed & classes:
                assert listed >= classes, (query.name, classes - listed)
                seen += 1
        for block in re.findall(r"VALUES \(\?factualityValue \?factuality\) \{([^}]*)\}", query.sparql):
            assert dict(re.findall(r'\(kgo:(\w+) "(\w+)"\)', block)) == factuality, query.name
            seen += 1
    assert seen >= 2 and len(classes) >= 10 and len(factuality) == 5


def test_an_entity_timeline_names_its_entity(seed_out):
    with pytest.raises(ParameterError, match="entity"):
        run("entity-timeline", out_dir=seed_out)
    events = rows(run("entity-timeline", {"entity": "UKRAINE"}, out_dir=seed_out))  # any case
    assert events and all("/ukraine" in r["entity"] for r in events)
