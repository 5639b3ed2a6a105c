"""Issue 10's reproducers: no input, fault or hostile value breaks a run, loses data or leaks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.outputs import Writer, claim
from kg.read import parse_wire, read_articles
from kg.records import Article, Failure

from .conftest import HttpPeer, forward

GOOD = (
    "# Harbour board names a new chair\n\nMarch 4, 2024\n\n"
    "The Portsmouth harbour board named Ines Albright its chair on Monday, the board said.\n"
)


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _parses(out: Path) -> None:
    """Every RDF output parses with an independent parser (pyoxigraph)."""
    for path in [*out.glob("*.ttl"), *(out / "articles").glob("*.ttl")]:
        list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
    list(ox.parse((out / "kg.trig").read_bytes(), format=ox.RdfFormat.TRIG))


def _offsets_exact(out: Path) -> int:
    """How many NIF strings there are; fails unless each anchor is its context's text at its offsets."""
    store = ox.Store()
    store.bulk_load(path=str(out / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    rows = list(
        store.query(
            f"SELECT ?a ?b ?e ?text WHERE {{ ?m <{nif}anchorOf> ?a ; <{nif}beginIndex> ?b ; <{nif}endIndex> ?e ;"
            f" <{nif}referenceContext> ?c . ?c <{nif}isString> ?text }}"
        )
    )
    for row in rows:
        assert row["text"].value[int(row["b"].value) : int(row["e"].value)] == row["a"].value
    return len(rows)


def _triples(out: Path) -> list:
    return list(ox.parse((out / "kg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))


# --- one bad article never stops the others ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "published_as"),
    [
        ("https://en.wikinews.org/wiki/Shares_see_9%_drop_in_a_day", "https://en.wikinews.org/wiki/Shares_see_9%25_drop_in_a_day"),
        ("http://example.com:notaport/story", None),
        ("http://[::1/story", None),
        ("javascript:alert(document.domain)//0", None),
    ],
)  # fmt: skip
def test_article_urls_of_any_shape(nlp, tmp_path, url, published_as):
    _write(tmp_path / "in", "a.md", GOOD + f"\nOriginal url: {url}\n")
    _write(tmp_path / "in", "b.md", GOOD.replace("Ines Albright", "Tomas Reyes"))
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp, site_dir=tmp_path / "site")
    assert report.ok and len(report.published) == 2
    _parses(tmp_path / "out")
    urls = {str(t.object.value) for t in _triples(tmp_path / "out") if t.predicate.value == "https://schema.org/url"}
    stated = {t.object.value for t in _triples(tmp_path / "out") if t.predicate.value.endswith("#statedUrl")}
    if published_as:
        assert published_as in urls and not stated
    else:
        assert url in stated and not any("example.com" in u or "::1" in u or "javascript" in u for u in urls)
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    # shown as text, and as a literal in a page's JSON-LD; never a link
    data = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
    assert "javascript:" not in data.sub("", pages).replace("javascript:alert(document.domain)//0</", "")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x85"])
def test_line_separators_anywhere(nlp, tmp_path, separator):
    text = (
        f"# Harbour{separator} board names a chair\n\nBy Ana{separator} Ruiz for Coast Wire\n\nMarch 4, 2024\n\n"
        f"The Portsmouth{separator} harbour board named Ines Albright its chair.{separator} She starts Monday.\n"
    )
    _write(tmp_path / "in", "sep.md", text)
    _write(tmp_path / "in", "good.md", GOOD)
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    assert report.ok and len(report.published) == 2, report.failures
    _parses(tmp_path / "out")
    assert _offsets_exact(tmp_path / "out") >= 2


def test_jsonl_lines_of_any_shape_fail_alone(nlp, tmp_path):
    lines = [
        json.dumps({"text": "Acme Corp opened a plant in Leeds.", "author": 5}),
        '{"text": "Acme Corp opened a plant in \\ud800 Leeds.", "title": "Lone \\udc00 surrogate"}',
        '{"text": "Acme Corp in Leeds.", "id": ' + "9" * 5000 + "}",
        '{"text": "Acme Corp in Leeds.", "author": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"text": "Acme Corp opened a plant in Leeds on Monday.", "date": "0001-01-01"}),
        json.dumps({"text": "Acme Corp will open a plant in Leeds next week.", "date": "9999-12-31"}),
        json.dumps({"text": "Acme Corp opened a plant in Leeds.", "id": True}),
        json.dumps({"text": "Acme Corp opened a plant in Leeds.", "id": "plain"}),
    ]
    _write(tmp_path / "in", "corpus.jsonl", "\n".join(lines) + "\n")
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp, site_dir=tmp_path / "site")
    failed = sorted(f.source.rsplit(":", 1)[1] for f in report.failures)
    assert failed == ["1", "3", "4", "7"], report.failures
    assert all("\n" not in f.message for f in report.failures)
    assert len(report.published) == 4
    _parses(tmp_path / "out")
    assert "\ufffd" in (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "events" / "index.html").exists()


def test_an_article_that_breaks_a_rule_costs_only_itself(nlp, tmp_path, monkeypatch):
    import kg.extract as extract

    real = extract.analyse

    def flaky(article, *args, **kwargs):
        if "Tomas" in article.text:
            raise RuntimeError("a rule failed\nover two lines")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(extract, "analyse", flaky)
    _write(tmp_path / "in", "a.md", GOOD)
    _write(tmp_path / "in", "b.md", GOOD.replace("Ines Albright", "Tomas Reyes"))
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    assert report.published == ("a",)
    [failure] = report.failures
    assert failure.stage == "extract" and failure.source.endswith("b.md") and "\n" not in failure.message


def test_a_component_that_raises_on_one_article_costs_only_it(nlp, tmp_path):
    from spacy.language import Language

    name = "kg_test_trap"
    if name not in Language.factories:

        @Language.component(name)
        def trap(doc):
            if "Tomas" in doc.text:
                raise ValueError("the trap")
            return doc

    nlp.add_pipe(name, last=True)
    try:
        for i in range(10):
            _write(tmp_path / "in", f"{i}.md", GOOD if i != 4 else GOOD.replace("Ines Albright", "Tomas Reyes"))
        report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    finally:
        nlp.remove_pipe(name)
    assert len(report.published) == 9 and [f.source.rsplit("/", 1)[1] for f in report.failures] == ["4.md"]
    assert list(report.published) == [str(i) for i in range(10) if i != 4]


# --- data never lost or mixed ---------------------------------------------------------------


def test_site_never_deletes_a_folder_kg_did_not_write(cli, tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    _write(inputs, "a.md", GOOD)
    result = cli("build", inputs, "-o", tmp_path / "out", "--site", inputs)
    assert result.exit_code == 2 and (inputs / "a.md").exists()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for site in (".", str(tmp_path)):
        result = cli("build", "in", "-o", "out", "--site", site)
        assert result.exit_code == 2 and (tmp_path / "notes.txt").exists(), result.output
    mine = tmp_path / "mine"
    _write(mine, "diary.txt", "keep me")
    assert cli("build", "in", "-o", "out", "--site", mine).exit_code == 2
    assert cli("build", "in", "-o", mine, "--no-site").exit_code == 2
    assert (mine / "diary.txt").read_text(encoding="utf-8") == "keep me"
    assert cli("build", "in", "-o", "out", "--site", "site").exit_code == 0
    assert cli("site", "out", "-o", mine).exit_code == 2 and (mine / "diary.txt").exists()
    assert cli("site", "out", "-o", inputs).exit_code == 2 and (inputs / "a.md").exists()
    # what kg wrote it may replace, but not what someone added since
    (tmp_path / "site" / "my-page.html").write_text("added by hand", encoding="utf-8")
    result = cli("site", "out", "-o", "site")
    assert result.exit_code == 2 and "my-page.html" in result.output
    assert (tmp_path / "site" / "my-page.html").exists()
    (tmp_path / "site" / "my-page.html").unlink()
    assert cli("site", "out", "-o", "site").exit_code == 0


def test_output_folders_must_not_hold_inputs_or_each_other(cli, tmp_path):
    out = tmp_path / "out"
    _write(out / "in", "a.md", GOOD)
    assert cli("build", out / "in", "-o", out, "--no-site").exit_code == 2
    _write(tmp_path / "in", "a.md", GOOD)
    assert cli("build", tmp_path / "in", "-o", tmp_path / "site" / "out", "--site", tmp_path / "site").exit_code == 2
    assert (out / "in" / "a.md").exists()


@pytest.mark.parametrize(
    "names",
    [("a_b.md", "a-b.md"), ("café.md", "cafe.md"), ("Story.md", "story.txt")],
)
def test_keys_that_collide_are_made_distinct_and_reported(cli, tmp_path, names):
    for i, name in enumerate(names):
        _write(tmp_path / "in", name, GOOD.replace("Ines Albright", ["Ines Albright", "Tomas Reyes"][i]))
    result = cli("build", tmp_path / "in", "-o", tmp_path / "out", "--no-site")
    assert result.exit_code == 0 and "kg: note:" in result.output
    files = sorted((tmp_path / "out" / "articles").glob("*.ttl"))
    assert len(files) == 2
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["graphs"]) == 3  # two articles and the corpus graph
    text = (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert "Ines Albright" in text and "Tomas Reyes" in text


def test_jsonl_ids_that_collide(nlp, tmp_path):
    lines = [json.dumps({"text": GOOD, "id": "x y"}), json.dumps({"text": GOOD.replace("Ines", "Ana"), "id": "x-y"})]
    _write(tmp_path / "in", "c.jsonl", "\n".join(lines))
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    assert len(report.published) == 2 and len(report.notes) == 1


def test_a_second_build_into_a_claimed_folder_stops_with_exit_2(tmp_path):
    _write(tmp_path / "in", "a.md", GOOD)
    out = tmp_path / "out"
    with claim(out, "out"):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", str(tmp_path / "in"), "-o", str(out), "--no-site"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2 and "another kg process" in done.stderr
        assert "Traceback" not in done.stderr and time.monotonic() - started < 60
    assert not out.exists()


def test_emoji_glued_to_a_name(nlp, tmp_path):
    _write(
        tmp_path / "in",
        "e.md",
        "# Test\n\nMarch 3, 2024\n\nNadia Okafor🚀 met the Acme Corp board in Leeds. Nadia Okafor said "
        "Acme😀 would grow.\n",
    )
    report = build([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    assert report.ok and report.published == ("e",)
    labels = [
        t
        for t in _triples(tmp_path / "out")
        if t.predicate.value.endswith("#label") and t.subject.value.endswith("/nadia-okafor")
    ]
    assert [t.object.value for t in labels] == ["Nadia Okafor"]


# --- hangs and quadratic time ---------------------------------------------------------------


def test_a_fifo_among_the_inputs_is_refused_not_read(tmp_path):
    folder = tmp_path / "in"
    _write(folder, "a.md", GOOD)
    os.mkfifo(folder / "pipe.md")
    started = time.monotonic()
    items = list(read_articles([folder, folder / "pipe.md"]))
    assert time.monotonic() - started < 2
    assert [type(i) for i in items] == [Article, Failure]
    assert "not a regular file" in items[1].message


def test_unclosed_emphasis_reads_in_linear_time():
    started = time.perf_counter()
    article = parse_wire("# T\n\n" + "**a " * 8000 + "\n", key="k", source="k.md")
    assert time.perf_counter() - started < 2
    assert article.text.count("**") == 8000


def test_many_quotation_marks_are_analysed_in_linear_time(nlp):
    from kg.extract import analyse, model_info

    def seconds(n: int) -> tuple[float, int]:
        text = "# Quotes\n\n" + " ".join('"we agree" said Mr Tom' if i % 2 else '"a b' for i in range(n)) + "\n"
        article = parse_wire(text, key="q", source="q.md")
        docs = [(0, nlp(article.text))]
        started = time.perf_counter()
        extraction = analyse(article, docs, model_info(nlp))
        return time.perf_counter() - started, len(extraction.quotes)

    small = large = float("inf")
    for _ in range(3):  # interleaved, the fastest of each: a burst of a neighbour's load slows one, not all
        small = min(small, seconds(700)[0])
        spent, quotes = seconds(2800)  # four times the text, more than 4,000 quotation marks
        large = min(large, spent)
    assert quotes >= 1000
    # a ratio measured in one run (shared machines are noisy): linear is ~4, quadratic ~16
    assert large / small < 9, (small, large)


# --- security -------------------------------------------------------------------------------


def test_reconciliation_never_links_outside_the_allowed_schemes(nlp, oxigraph, tmp_path):
    wd, wdt = "http://www.wikidata.org/entity/", "http://www.wikidata.org/prop/direct/"
    data = (
        f'<javascript:alert(document.domain)//0> <http://www.w3.org/2000/01/rdf-schema#label> "Acme Corp"@en ;'
        f" <{wdt}P31> <{wd}Q4830453> .\n"
        f'<{wd}Q1> <http://www.w3.org/2000/01/rdf-schema#label> "Ines Albright"@en ; <{wdt}P31> <{wd}Q5> .\n'
    )
    graph = "https://kg.example.org/test/reconcile"
    request = urllib.request.Request(
        f"{oxigraph.store}?graph={urllib.parse.quote(graph)}", data=data.encode(), method="PUT",
        headers={"Content-Type": "text/turtle"},
    )  # fmt: skip
    urllib.request.urlopen(request, timeout=10).close()
    try:
        _write(tmp_path / "in", "a.md", GOOD.replace("The Portsmouth harbour board", "Acme Corp"))
        report = build(
            [tmp_path / "in"], tmp_path / "out", nlp=nlp, site_dir=tmp_path / "site", reconcile=oxigraph.query
        )
    finally:
        urllib.request.urlopen(
            urllib.request.Request(f"{oxigraph.store}?graph={urllib.parse.quote(graph)}", method="DELETE"), timeout=10
        ).close()
    assert report.ok
    same_as = {t.object.value for t in _triples(tmp_path / "out") if t.predicate.value.endswith("#sameAs")}
    assert f"{wd}Q1" in same_as and not any(v.startswith("javascript") for v in same_as)
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "javascript:" not in pages


def test_secrets_never_printed(cli, seed_out, monkeypatch):
    port = _closed_port()
    result = cli(
        "query", "statistics", "--endpoint", f"http://ann:Hunter2Secret@127.0.0.1:{port}/sparql", "--timeout", "1"
    )
    assert result.exit_code == 2 and "Hunter2Secret" not in result.output and "Traceback" not in result.output
    monkeypatch.setenv("KG_STORE_TOKEN", "tok-Abc123\r")
    result = cli("query", "statistics", "--endpoint", f"http://127.0.0.1:{port}/sparql")
    assert result.exit_code == 2 and "Abc123" not in result.output and "KG_STORE_TOKEN" in result.output
    result = cli(
        "load", seed_out, "--endpoint", f"http://127.0.0.1:{port}/q", "--update-endpoint", f"http://127.0.0.1:{port}/u"
    )
    assert result.exit_code == 2 and "Abc123" not in result.output


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_validate_fetches_nothing(cli, tmp_path):
    peer = HttpPeer(
        lambda handler, body: (200, "application/ld+json", b'{"@context": {"name": "http://schema.org/name"}}')
    )
    try:
        remote = _write(
            tmp_path, "remote.jsonld", json.dumps({"@context": peer.url + "/ctx", "@id": "http://x.org/a", "name": "A"})
        )
        local = _write(
            tmp_path,
            "local.jsonld",
            json.dumps({"@context": (tmp_path / "ctx.jsonld").as_uri(), "@id": "http://x.org/a"}),
        )
        _write(tmp_path, "ctx.jsonld", '{"@context": {}}')
        entity = _write(
            tmp_path, "entity.rdf",
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{peer.url}/x">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://x.org/a">'
            "<rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>",
        )  # fmt: skip
        for path in (remote, local, entity):
            result = cli("validate", path)
            assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert peer.requests == 0
    finally:
        peer.close()


def test_query_table_escapes_terminal_sequences(cli, nlp, tmp_path):
    _write(tmp_path / "in", "a.md", GOOD.replace("the board said", "the board said \x1b[2J\x1b]0;owned\x07 \x9b31m"))
    assert build([tmp_path / "in"], tmp_path / "out", nlp=nlp).ok
    for fmt in ("table", "json"):
        result = cli("query", "quotes-by-speaker", "--out", tmp_path / "out", "-f", fmt)
        result = cli("query", "mentions-in-context", "-p", "name=Portsmouth", "--out", tmp_path / "out", "-f", fmt)
        assert result.exit_code == 0
    table = cli("query", "statistics", "--out", tmp_path / "out").output
    rows = cli("query", "articles-mentioning", "-p", "name=Ines Albright", "--out", tmp_path / "out").output
    text = cli("query", "entities-by-type", "--out", tmp_path / "out").output + table + rows
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


def test_a_tampered_manifest_is_refused(cli, seed_out, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [(graph, meta)] = [(g, m) for g, m in manifest["graphs"].items() if m["article"]]
    for change in (
        {graph: {**meta, "file": "../../../etc/passwd"}},
        {graph: {**meta, "file": "/etc/passwd"}},
        {graph + "> } ; DROP ALL ; INSERT DATA { <x": meta},
        {"file:///etc/passwd": meta},
    ):
        (out / "manifest.json").write_text(json.dumps({**manifest, "graphs": change}), encoding="utf-8")
        result = cli("load", out, "--store", tmp_path / "store")
        assert result.exit_code == 2 and "Traceback" not in result.output and "rebuild" in result.output


# --- errors are messages, with the right exit code --------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.nt", "<http://a> <http://b> oops ."),
        ("bad.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><unclosed>"),
        ("bad.trig", "<http://g> { <http://a> <http://b> "),
        ("deep.ttl", "<http://a> <http://b> " + "[ <http://c> " * 100_000 + "]" * 100_000),
        ("deep.jsonld", '{"@id": "http://a", "http://b": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("empty.ttl", ""),
        ("binary.ttl", b"\x00\xff\xfe"),
    ],
)
def test_validate_bad_files_one_line_exit_2(cli, tmp_path, name, content):
    path = _write(tmp_path, name, content)
    result = cli("validate", path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and name in result.output


def test_validate_deeply_nested_valid_rdf(cli, tmp_path):
    path = _write(tmp_path, "deep.ttl", "<http://a> <http://b> " + "(" * 50_000 + ")" * 50_000 + " .")
    result = cli("validate", path)
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_a_corrupt_out_folder_is_one_line_exit_2(cli, seed_out, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    [article] = list((out / "articles").glob("*.ttl"))
    article.write_text("@prefix : <http://x/> . :a :b ", encoding="utf-8")
    result = cli("load", out, "--store", tmp_path / "store")
    assert result.exit_code == 2 and article.name in result.output and "Traceback" not in result.output
    (out / "kg.ttl").write_bytes(b"\xff\xfe not turtle")
    result = cli("site", out, "-o", tmp_path / "site")
    assert result.exit_code == 2 and "kg.ttl" in result.output and "Traceback" not in result.output
    (out / "manifest.json").write_text("[]", encoding="utf-8")
    result = cli("load", out, "--store", tmp_path / "store")
    assert result.exit_code == 2 and "manifest" in result.output


def test_query_on_a_corrupt_graph_or_a_bad_query_file(cli, seed_out, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    (out / "kg.ttl").write_text("@prefix : <http://x/> . :a :b ", encoding="utf-8")
    result = cli("query", "statistics", "--out", out)
    assert result.exit_code == 2 and "kg.ttl" in result.output and "Traceback" not in result.output
    queries = tmp_path / "queries"
    shutil.copytree(Path(__file__).resolve().parent.parent / "queries", queries)
    (queries / "broken.rq").write_bytes(b"SELECT \xff\xfe WHERE {}")
    result = cli("query", "statistics", "--out", seed_out, "--queries", queries)
    assert result.exit_code == 0 and "NewsArticle" in result.output
    result = cli("query", "--list", "--queries", queries)
    assert result.exit_code == 0 and "broken.rq" in result.output and "statistics" in result.output
    result = cli("query", "broken", "--queries", queries)
    assert result.exit_code == 2 and "UTF-8" in result.output


@pytest.mark.parametrize(
    "answer",
    [
        lambda handler, body: (200, "text/html", b"<html><body>Welcome to the portal</body></html>"),
        lambda handler, body: (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": '),
        lambda handler, body: (200, "application/sparql-results+json", b"[1, 2, 3]"),
    ],
)
def test_a_store_answering_nonsense(cli, seed_out, answer):
    peer = HttpPeer(answer)
    try:
        result = cli("query", "statistics", "--endpoint", peer.url + "/sparql")
    finally:
        peer.close()
    assert result.exit_code == 2 and "not SPARQL JSON" in result.output and "Traceback" not in result.output


def test_query_endpoint_5xx_is_retried(cli, oxigraph, seed_out):
    failures = {"left": 2}

    def flaky(handler, body):
        if failures["left"]:
            failures["left"] -= 1
            return 503, "text/plain", b"busy"
        return forward(oxigraph.url, handler, body)

    peer = HttpPeer(flaky)
    try:
        result = cli("query", "statistics", "--endpoint", peer.url + "/query")
    finally:
        peer.close()
    assert result.exit_code == 0 and failures["left"] == 0 and peer.requests == 3


def test_timeout_under_a_second_is_kept(cli, seed_out):
    def slow(handler, body):
        time.sleep(3)
        return 200, "application/sparql-results+json", b'{"head": {"vars": []}, "results": {"bindings": []}}'

    peer = HttpPeer(slow)
    try:
        started = time.monotonic()
        result = cli("query", "statistics", "--endpoint", peer.url + "/q", "--timeout", "0.5")
        elapsed = time.monotonic() - started
    finally:
        peer.close()
    assert result.exit_code == 2 and elapsed < 2.9 * 4, elapsed


def test_usage_and_environment_errors_are_one_line_exit_2(cli, tmp_path):
    _write(tmp_path / "in", "a.md", GOOD)
    a_file = _write(tmp_path, "a-file", "x")
    bad_toml = _write(tmp_path, "kg.toml", 'merge = "not a list"\n')
    worse_toml = _write(
        tmp_path, "worse.toml", '[[link]]\nkind = "person"\nname = "X"\nsame_as = "javascript:alert(1)"\n'
    )
    for args in (
        ("build", tmp_path / "in", "-o", tmp_path / "o1", "--base", "foo", "--no-site"),
        ("build", tmp_path / "in", "-o", a_file, "--no-site"),
        ("build", tmp_path / "in", "-o", a_file / "sub", "--no-site"),
        ("build", tmp_path / "in", "-o", "/proc/kg-cannot-write-here", "--no-site"),
        ("build", tmp_path / "in", "-o", tmp_path / "o2", "--overrides", bad_toml, "--no-site"),
        ("build", tmp_path / "in", "-o", tmp_path / "o3", "--overrides", worse_toml, "--no-site"),
        ("site", tmp_path / "nowhere", "-o", tmp_path / "s1"),
        ("site", tmp_path / "in", "-o", tmp_path / "s2", "--base", "ftp://x/"),
        ("load", tmp_path / "in", "--store", tmp_path / "st"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output


@pytest.mark.parametrize("background", [True, False])
def test_the_site_writer_writes_everything_or_names_the_first_failure(tmp_path, background):
    with Writer(background=background) as writer:
        for i in range(300):
            writer.write(tmp_path / "ok" / f"p{i % 7}" / f"{i}.html", f"page {i}".encode())
    assert sorted(p.read_text() for p in (tmp_path / "ok").rglob("*.html")) == sorted(f"page {i}" for i in range(300))
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with pytest.raises(OSError, match="blocked"), Writer(background=background) as writer:
        writer.write(tmp_path / "blocked" / "page" / "index.html", b"x")
        for i in range(2000):  # more than a pipe holds: the writer reads on after failing
            writer.write(tmp_path / "later" / f"{i}.html", b"y" * 1000)


def test_the_site_writer_is_not_broken_by_modules_beside_the_callers_script(tmp_path):
    # a caller's script folder may hold a module named like one of the standard library's
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "types.py").write_text("raise SystemExit('a module of the caller, not the standard library')\n")
    (folder / "write.py").write_text(
        "import sys\nfrom pathlib import Path\nfrom kg.outputs import Writer\n"
        "with Writer() as writer:\n    writer.write(Path(sys.argv[1]) / 'a' / 'index.html', b'page')\n"
    )
    done = subprocess.run(
        [sys.executable, str(folder / "write.py"), str(tmp_path / "site")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "a" / "index.html").read_bytes() == b"page"
