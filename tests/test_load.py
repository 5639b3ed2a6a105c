"""Loading into a real Oxigraph server (oxigraph serve on 127.0.0.1) and into the embedded store."""

from __future__ import annotations

import base64
import json
import shutil
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import StoreRejected, StoreUnavailable
from kg.load import load, read_manifest
from kg.query import list_queries, run

from .conftest import SEEDS, HttpPeer, OxigraphServer, forward

STORIES = {
    "berlin": "# Talks in Berlin\n\nMarch 3, 2021\n\nAngela Merkel met Emmanuel Macron in Berlin on Tuesday, officials said.\n",
    "lagos": "# Floods in Lagos\n\nMay 9, 2022\n\nFloods hit Lagos on Monday. Nigeria's government said 20 people died.\n",
    "lima": "# Vote in Peru\n\nJune 6, 2021\n\nPeruvians voted on Sunday in Lima. Pedro Castillo said he would win.\n",
    "oslo": "# Equinor profit\n\nFebruary 8, 2023\n\nEquinor, based in Oslo, said on Wednesday its profit rose.\n",
}


@pytest.fixture(scope="module")
def small_out(tmp_path_factory, nlp) -> Path:
    root = tmp_path_factory.mktemp("small")
    (root / "in").mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), root / "in" / "seed.txt")
    for name, text in STORIES.items():
        (root / "in" / f"{name}.md").write_text(text, encoding="utf-8")
    report = build([root / "in"], root / "out", nlp=nlp)
    assert report.ok and len(report.published) == 5
    return root / "out"


GRAPHS = 6  # the five articles' graphs and the corpus graph


def expected_triples(out: Path) -> int:
    return sum(g["triples"] for g in read_manifest(out)["graphs"].values())


def _count(server: OxigraphServer, query: str) -> int:
    """The ?n a counting SELECT gives on the server."""
    request = urllib.request.Request(
        f"{server.query}?query={urllib.parse.quote(query)}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def data_triples(server: OxigraphServer) -> int:
    return _count(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://kg.example.org/id/kg/manifest>) }",
    )


def clear(server: OxigraphServer) -> None:
    request = urllib.request.Request(server.update, data=b"update=CLEAR%20ALL", method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    urllib.request.urlopen(request, timeout=10).read()


def test_load_reload_and_query_remote(oxigraph, small_out):
    clear(oxigraph)
    first = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update)
    assert len(first.plan.added) == GRAPHS and first.triples_sent == expected_triples(small_out)
    assert data_triples(oxigraph) == expected_triples(small_out)
    again = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update)
    assert again.plan.added == () and again.plan.changed == () and len(again.plan.unchanged) == GRAPHS
    assert again.triples_sent == 0 and again.requests == 0
    assert data_triples(oxigraph) == expected_triples(small_out)  # nothing doubled
    for query in list_queries():
        values = next(parameter_sets(query, small_out))
        local = run(query, values, out_dir=small_out)
        remote = run(query, values, endpoint=oxigraph.query)
        assert local.variables == remote.variables, query.name
        assert sorted(map(_values, local.rows)) == sorted(map(_values, remote.rows)), query.name


def _values(row) -> tuple:
    """Terms compared by value: stores canonicalise lexical forms ("49.0" -> "49")."""
    return tuple(None if t is None else t.toPython() if hasattr(t, "toPython") else str(t) for t in row)


# one parameter set besides the defaults for each query that takes parameters
NON_DEFAULT = {
    "articles_mentioning": {"name": "Ukraine"},
    "cooccurrence": {"name": "Ukraine"},
    "entities_by_type": {"type": "https://kg.example.org/ontology#Place"},
    "entity_timeline": {"entity": "Ukraine", "factuality": "all"},
    "events_timeline": {"factuality": "all"},
    "mentions_in_context": {"name": "Lagos"},
    "people_roles": {"name": "zelensky"},
    "quotes_by_speaker": {"speaker": "zelensky"},
}


def parameter_sets(query, out: Path):
    """The defaults (with a value for each required parameter), then the query's other parameter set."""
    defaults = {}
    if any(p.required for p in query.parameters):
        assert query.name == "entity_timeline", f"{query.name}: say what its required parameters take"
        # the entity taking part in most events of this build
        events = run("events_timeline", out_dir=out)
        column = events.variables.index("participantLabel")
        taking_part = Counter(str(row[column]) for row in events.rows if row[column] is not None)
        defaults = {"entity": taking_part.most_common(1)[0][0]}
    yield defaults
    if query.name in NON_DEFAULT:
        yield NON_DEFAULT[query.name]


def test_every_query_gives_the_same_rows_in_the_same_order_everywhere(oxigraph, small_out, tmp_path):
    clear(oxigraph)
    load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update)
    load(small_out, store=tmp_path / "store")
    # no statement is held twice: the store's union of graphs counts each once
    assert data_triples(oxigraph) == distinct_triples(oxigraph) == expected_triples(small_out)
    compared = 0
    for query in list_queries():
        assert not query.parameters or query.name in NON_DEFAULT, f"{query.name}: give it a non-default case"
        for values in parameter_sets(query, small_out):
            files = run(query, values, out_dir=small_out)
            answers = {
                "embedded store": run(query, values, store=tmp_path / "store"),
                "Oxigraph server": run(query, values, endpoint=oxigraph.query),
            }
            for where, result in answers.items():
                assert result.variables == files.variables, (query.name, where)
                assert list(map(_values, result.rows)) == list(map(_values, files.rows)), (query.name, values, where)
            compared += len(files.rows)
    assert compared > 100


def test_graphs_read_back_from_the_stores_conform(oxigraph, small_out, tmp_path):
    import pyoxigraph as ox

    from kg.validate import validate_files

    clear(oxigraph)
    load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update)
    load(small_out, store=tmp_path / "store")
    construct = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://kg.example.org/id/kg/manifest>) }"
    )
    request = urllib.request.Request(
        f"{oxigraph.query}?query={urllib.parse.quote(construct)}", headers={"Accept": "application/n-triples"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        (tmp_path / "server.nt").write_bytes(response.read())
    embedded = ox.Store(str(tmp_path / "store"))
    quads = [q for q in embedded if "kg/manifest" not in str(q.graph_name)]
    (tmp_path / "embedded.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    del embedded
    for name in ("server.nt", "embedded.nq"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        # the stores hand offsets back in their canonical form, which the shapes accept
        assert 'nif-core#beginIndex> "0"^^<http://www.w3.org/2001/XMLSchema#integer>' in text, name
        assert len(text.splitlines()) == expected_triples(small_out), name
        report = validate_files([tmp_path / name])
        assert report.conforms, (name, report.violations[:3])


def distinct_triples(server: OxigraphServer) -> int:
    return _count(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (?g != <https://kg.example.org/id/kg/manifest>) } }",
    )


def test_embedded_store_matches_files(tmp_path, small_out):
    store = tmp_path / "store"
    report = load(small_out, store=store)
    assert len(report.plan.added) == GRAPHS
    answered = 0
    for query in list_queries():
        values = next(parameter_sets(query, small_out))
        local = run(query, values, out_dir=small_out)
        embedded = run(query, values, store=store)
        assert sorted(map(_values, local.rows)) == sorted(map(_values, embedded.rows)), query.name
        answered += bool(local.rows)
    assert answered >= 5  # some defaults find nothing in five articles (pairs in two articles...)


def test_only_changed_articles_are_sent_and_prune(oxigraph, tmp_path, nlp, small_out):
    clear(oxigraph)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, text in STORIES.items():
        (inputs / f"{name}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build([inputs], out, nlp=nlp)
    load(out, endpoint=oxigraph.query, update_endpoint=oxigraph.update)
    (inputs / "lima.md").write_text(STORIES["lima"].replace("Sunday", "Monday"), encoding="utf-8")
    (inputs / "oslo.md").unlink()
    build([inputs], out, nlp=nlp)
    dry = load(out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, prune=True, dry_run=True)
    # lima's graph, and the corpus graph that no longer describes what only oslo named
    lima, corpus = "https://kg.example.org/id/article/lima/graph", "https://kg.example.org/id/corpus/graph"
    assert dry.plan.changed == (lima, corpus)
    assert dry.plan.pruned == ("https://kg.example.org/id/article/oslo/graph",)
    assert data_triples(oxigraph) != expected_triples(out)  # a dry run changes nothing
    report = load(out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, prune=True)
    assert report.plan.changed == dry.plan.changed and report.plan.added == ()
    graphs = read_manifest(out)["graphs"]
    assert report.triples_sent == graphs[lima]["triples"] + graphs[corpus]["triples"]
    assert data_triples(oxigraph) == expected_triples(out)


def test_graph_store_protocol_and_chunks(oxigraph, small_out):
    clear(oxigraph)
    report = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, gsp=oxigraph.store)
    assert len(report.plan.added) == GRAPHS
    assert data_triples(oxigraph) == expected_triples(small_out)
    clear(oxigraph)
    bulk = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, gsp=oxigraph.store, bulk=True)
    assert len(bulk.plan.added) == GRAPHS and data_triples(oxigraph) == expected_triples(small_out)
    again = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, gsp=oxigraph.store, bulk=True)
    assert again.triples_sent == 0 and data_triples(oxigraph) == expected_triples(small_out)
    clear(oxigraph)
    chunked = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, chunk_triples=100)
    assert chunked.requests > 10
    assert data_triples(oxigraph) == expected_triples(small_out)
    again = load(small_out, endpoint=oxigraph.query, update_endpoint=oxigraph.update, chunk_triples=100)
    assert again.triples_sent == 0


def test_killed_mid_load_then_rerun_ends_right(tmp_path, small_out):
    server = OxigraphServer(tmp_path / "data")
    server.start()
    try:
        loaded = []

        def stop_after_first_request(stage, done, total):
            if not loaded:
                loaded.append(done)
                server.stop()

        with pytest.raises(StoreUnavailable) as caught:
            load(
                small_out,
                endpoint=server.query,
                update_endpoint=server.update,
                retries=1,
                timeout=5,
                chunk_triples=150,  # about one small article per request
                progress=stop_after_first_request,
            )
        assert server.url.split("//")[1] in str(caught.value) and "article" in str(caught.value)
        server.start()
        assert 0 < data_triples(server) < expected_triples(small_out)
        report = load(small_out, endpoint=server.query, update_endpoint=server.update)
        assert len(report.plan.unchanged) == loaded[0] and len(report.plan.added) == GRAPHS - loaded[0]
        assert data_triples(server) == expected_triples(small_out)
    finally:
        server.stop()


def test_endpoint_down_exit_2(small_out):
    runner = CliRunner()
    port = OxigraphServer(Path("/nonexistent")).port  # a free port nothing listens on
    result = runner.invoke(
        main,
        ["load", str(small_out), "--endpoint", f"http://127.0.0.1:{port}/query", "--update-endpoint",
         f"http://127.0.0.1:{port}/update", "--retries", "1", "--timeout", "2"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.output and "did not answer" in result.output


class _AuthProxy(HttpPeer):
    """Basic auth in front of the real Oxigraph server: 401 unless the credentials match."""

    def __init__(self, upstream: str, user: str, password: str) -> None:
        token = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.rejected = 0

        def answer(handler, body):
            if handler.headers.get("Authorization") != token:
                self.rejected += 1
                return 401, "", b"", {"WWW-Authenticate": 'Basic realm="kg"'}
            return forward(upstream, handler, body)

        super().__init__(answer)


def test_credentials_from_environment_never_printed(oxigraph, small_out, monkeypatch):
    clear(oxigraph)
    proxy = _AuthProxy(oxigraph.url, "editor", "s3cret-Pa55")
    try:
        monkeypatch.setenv("KG_STORE_USER", "editor")
        monkeypatch.setenv("KG_STORE_PASSWORD", "wrong-Pa55word")
        result = CliRunner().invoke(
            main,
            ["load", str(small_out), "--endpoint", proxy.url + "/query", "--update-endpoint", proxy.url + "/update"],
        )
        assert result.exit_code == 2 and "HTTP 401" in result.output and "KG_STORE_PASSWORD" in result.output
        assert "wrong-Pa55word" not in result.output and "s3cret" not in result.output
        with pytest.raises(StoreRejected) as caught:
            load(small_out, endpoint=proxy.url + "/query", update_endpoint=proxy.url + "/update")
        assert "wrong-Pa55word" not in str(caught.value) and "wrong-Pa55word" not in repr(caught.value)
        monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret-Pa55")
        report = load(small_out, endpoint=proxy.url + "/query", update_endpoint=proxy.url + "/update")
        assert len(report.plan.added) == GRAPHS
        assert data_triples(oxigraph) == expected_triples(small_out)
    finally:
        proxy.close()


class _DigestProxy(HttpPeer):
    """HTTP Digest (RFC 7616, MD5, qop=auth) in front of the real Oxigraph server, as Virtuoso's
    -auth endpoints want it: a Basic header is refused like no header."""

    def __init__(self, upstream: str, user: str, password: str) -> None:
        import hashlib
        import re

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()  # the scheme's own hash

        realm, nonce = "kg-test", "5f1d2c3b4a"
        self.basic_refused = 0

        def answer(handler, body):
            header = handler.headers.get("Authorization") or ""
            fields = (
                dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest ") :]))
                if header.startswith("Digest ")
                else {}
            )
            ha1 = md5(f"{user}:{realm}:{password}")
            ha2 = md5(f"{handler.command}:{fields.get('uri', '')}")
            expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
            if fields.get("username") != user or fields.get("response") != expected:
                self.basic_refused += header.startswith("Basic ")
                challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm=MD5'
                return 401, "text/plain", b"unauthorised", {"WWW-Authenticate": challenge}
            return forward(upstream, handler, body)

        super().__init__(answer)


def test_digest_authentication_is_used_when_the_store_asks_for_it(oxigraph, small_out, monkeypatch):
    clear(oxigraph)
    proxy = _DigestProxy(oxigraph.url, "dba", "d1gest-Pa55")
    try:
        monkeypatch.setenv("KG_STORE_USER", "dba")
        monkeypatch.setenv("KG_STORE_PASSWORD", "d1gest-Pa55")
        endpoints = {"endpoint": proxy.url + "/query", "update_endpoint": proxy.url + "/update"}
        report = load(small_out, **endpoints)  # Basic first (the default), then Digest when refused
        assert len(report.plan.added) == GRAPHS and proxy.basic_refused >= 1
        assert data_triples(oxigraph) == expected_triples(small_out)
        again = load(small_out, **endpoints)
        assert again.triples_sent == 0 and again.plan.unchanged and not again.plan.added
        monkeypatch.setenv("KG_STORE_AUTH", "digest")  # asked for: no Basic attempt at all
        refused = proxy.basic_refused
        clear(oxigraph)
        report = load(small_out, gsp=proxy.url + "/store", **endpoints)
        assert len(report.plan.added) == GRAPHS and proxy.basic_refused == refused
        assert data_triples(oxigraph) == expected_triples(small_out)
        rows = run("statistics", endpoint=proxy.url + "/query").rows
        assert rows and "d1gest" not in repr(report)
        monkeypatch.setenv("KG_STORE_PASSWORD", "wrong-Pa55word")
        with pytest.raises(StoreRejected) as caught:
            load(small_out, prune=True, **endpoints)
        assert "401" in str(caught.value) and "wrong-Pa55word" not in str(caught.value)
    finally:
        proxy.close()


class _SizeLimitProxy(HttpPeer):
    """Virtuoso's SP031 in front of the real Oxigraph server: an update over a size is refused."""

    def __init__(self, upstream: str, limit: int) -> None:
        self.refused = 0

        def answer(handler, body):
            if handler.path.startswith("/update") and len(body) > limit:
                self.refused += 1
                message = b"Virtuoso 37000 Error SP031: SPARQL: Internal error: The length of generated SQL text "
                return 500, "text/plain", message + b"has exceeded 10000 lines of code"
            return forward(upstream, handler, body)

        super().__init__(answer)


def test_requests_the_store_finds_too_large_are_cut_until_they_pass(oxigraph, small_out, cli):
    clear(oxigraph)
    proxy = _SizeLimitProxy(oxigraph.url, 60_000)
    try:
        args = ["load", small_out, "--endpoint", proxy.url + "/query", "--update-endpoint", proxy.url + "/update"]
        result = cli(*args)  # the default --chunk-triples sends every graph in one request
        assert result.exit_code == 0, result.output
        assert proxy.refused >= 1 and "refused larger requests" in result.output
        assert data_triples(oxigraph) == expected_triples(small_out)
        assert "added 0" in cli(*args).output  # and a second run sends nothing
    finally:
        proxy.close()


import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402


def test_reconciliation_against_a_local_wikidata_style_store(tmp_path, nlp):
    from .conftest import ROOT

    server = OxigraphServer(tmp_path / "wd")
    server.start()
    try:
        data = (ROOT / "tests" / "data" / "wikidata_fixture.ttl").read_bytes()
        request = urllib.request.Request(f"{server.store}?default", data=data, method="PUT")
        request.add_header("Content-Type", "text/turtle")
        urllib.request.urlopen(request, timeout=10).read()
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.md").write_text(
            "# A\n\nAngela Merkel met Olaf Scholz and John Smith in Berlin. The Bundestag voted.\n", encoding="utf-8"
        )
        plain = build([tmp_path / "in"], tmp_path / "plain", nlp=nlp)
        linked = build([tmp_path / "in"], tmp_path / "linked", nlp=nlp, reconcile=server.query)
    finally:
        server.stop()
    assert plain.ok and linked.ok
    assert "wikidata.org" not in (tmp_path / "plain" / "kg.ttl").read_text()  # off by default
    text = (tmp_path / "linked" / "kg.ttl").read_text()
    from rdflib import Graph, URIRef

    graph = Graph().parse(data=text, format="turtle")
    same = URIRef("http://www.w3.org/2002/07/owl#sameAs")
    links = {str(s).rsplit("/", 1)[-1]: str(o) for s, o in graph.subject_objects(same) if "wikidata" in str(o)}
    assert links["angela-merkel"] == "http://www.wikidata.org/entity/Q567"
    assert links["olaf-scholz"] == "http://www.wikidata.org/entity/Q61053"  # the ship is not a person
    assert links["berlin-2950159"] == "http://www.wikidata.org/entity/Q64"  # by GeoNames ID
    assert links["bundestag"] == "http://www.wikidata.org/entity/Q154797"  # through subclass-of
    assert "john-smith" not in links  # ambiguous


def test_virtuoso_loads_the_development_articles_and_answers_like_the_files(
    virtuoso, wikinews_out, cli, tmp_path, monkeypatch
):
    from kg.validate import validate_files

    monkeypatch.setenv("KG_STORE_USER", virtuoso.USER)
    monkeypatch.setenv("KG_STORE_PASSWORD", virtuoso.PASSWORD)
    # the README's settings: /sparql to read, /sparql-auth (HTTP Digest) to write, the default chunk size
    args = ["load", wikinews_out, "--endpoint", virtuoso.query, "--update-endpoint", virtuoso.update]
    first = cli(*args)
    assert first.exit_code == 0, first.output
    graphs = len(read_manifest(wikinews_out)["graphs"])
    assert f"added {graphs}," in first.output
    assert "added 0, replaced 0, dropped 0" in cli(*args).output  # a second run sends nothing
    # every query, defaults and one other parameter set: the same rows in the same order as the files
    for query in list_queries():
        for values in parameter_sets(query, wikinews_out):
            files = run(query, values, out_dir=wikinews_out)
            stored = run(query, values, endpoint=virtuoso.query)
            assert stored.variables == files.variables, query.name
            assert list(map(_values, stored.rows)) == list(map(_values, files.rows)), (query.name, values)
    # what the store hands back conforms to the shapes
    construct = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER (?g != <https://kg.example.org/id/kg/manifest> && STRSTARTS(STR(?g), "https://kg.example.org/id/")) }'
    )
    request = urllib.request.Request(
        f"{virtuoso.query}?query={urllib.parse.quote(construct)}", headers={"Accept": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        (tmp_path / "virtuoso.nt").write_bytes(response.read())
    assert len((tmp_path / "virtuoso.nt").read_text(encoding="utf-8").splitlines()) == expected_triples(wikinews_out)
    assert validate_files([tmp_path / "virtuoso.nt"]).conforms


def test_jena_tdb2_answers_like_the_files_and_what_it_holds_conforms(jena, small_out, tmp_path):
    import io

    from rdflib.query import Result

    from kg.query import bind
    from kg.store import with_values
    from kg.validate import validate_files

    # what a Jena user does with the TriG: TDB2's bulk loader, then queries over the union of the graphs
    loaded = jena.run("tdb2.tdbloader", "--loc", tmp_path / "tdb2", small_out / "kg.trig")
    assert loaded.returncode == 0, loaded.stderr[-500:]

    def tdb2_query(sparql: str, results: str) -> str:
        (tmp_path / "query.rq").write_text(sparql, encoding="utf-8")
        done = jena.run(
            "tdb2.tdbquery", "--loc", tmp_path / "tdb2", "--set", "tdb:unionDefaultGraph=true",
            f"--results={results}", "--query", tmp_path / "query.rq",
        )  # fmt: skip
        assert done.returncode == 0, (sparql[:200], done.stderr[-500:])
        return done.stdout

    compared = 0
    for query in list_queries():
        for values in parameter_sets(query, small_out):
            files = run(query, values, out_dir=small_out)
            answer = tdb2_query(with_values(query.sparql, bind(query, values)), "json")
            stored = Result.parse(io.StringIO(answer), format="json")
            assert tuple(map(str, stored.vars)) == files.variables, query.name
            assert [_values(tuple(row)) for row in stored] == list(map(_values, files.rows)), (query.name, values)
            compared += len(files.rows)
    assert compared > 100
    # a graph read back from TDB2 conforms to the shapes
    (tmp_path / "tdb2.nt").write_text(tdb2_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "ntriples"))
    assert len((tmp_path / "tdb2.nt").read_text(encoding="utf-8").splitlines()) == expected_triples(small_out)
    assert validate_files([tmp_path / "tdb2.nt"]).conforms
