"""News where it lives: article pages, web archives and feeds (fixtures written here, served on loopback)."""

from __future__ import annotations

import datetime as dt
import json
import socket

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.build import build
from kg.read import read_articles
from kg.records import Article, Failure, Skip

from .conftest import HttpPeer
from .webpages import article_page, rss_feed, write_warc

SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
KGO = Namespace("https://kg.example.org/ontology#")

STORIES = {
    "acme-buys-foo": (
        "Acme Robotics agrees to buy Foo Motors for $2 billion",
        dt.date(2021, 5, 14),
        [
            "Acme Robotics said on Tuesday it had agreed to buy Foo Motors, the Oslo-based maker of electric "
            "tractors, for $2 billion in cash.",
            "Jane Roe, chief executive of Acme Robotics, told reporters in Chicago that the deal would close "
            "by the end of the year.",
            "Foo Motors employs 3,000 people in Norway and Sweden.",
        ],
    ),
    "port-strike": (
        "Dock workers strike in Rotterdam",
        dt.date(2021, 6, 2),
        [
            "Dock workers in Rotterdam walked out on Monday after talks with the Port of Rotterdam Authority "
            "broke down, the Federation of Dutch Trade Unions said.",
            "John Doe, a spokesman for the union, said the strike would last until Friday.",
        ],
    ),
    "bank-fine": (
        "Regulator fines Northwind Bank",
        dt.date(2021, 7, 9),
        [
            "The Financial Conduct Authority fined Northwind Bank 40 million pounds on Wednesday for failings "
            "in its money-laundering controls.",
            "Northwind Bank said it accepted the findings.",
        ],
    ),
}
# what only the page's metadata says, and what is boilerplate
METADATA = {SCHEMA.url, SCHEMA.author, SCHEMA.publisher, SCHEMA.inLanguage, KGO.siteName, NIF.sourceUrl}


def _markdown(title: str, date: dt.date, paragraphs: list[str]) -> str:
    return f"# {title}\n\n{date:%B %d, %Y}\n\n" + "\n\n".join(paragraphs) + "\n"


def _page(key: str, **extra) -> str:
    title, date, paragraphs = STORIES[key]
    return article_page(
        title, paragraphs, published=date, author="Maria Lopez", url=f"https://news.example.org/{key}.html", **extra
    )


def _content(path) -> Graph:
    """An article graph without what only a page or archive says about where it came from."""
    g = Graph().parse(path)
    out = Graph()
    for s, p, o in g:
        if p in METADATA or p == DCT_SOURCE or str(s).startswith("urn:uuid:"):
            continue
        if p == PROV.wasDerivedFrom and str(o).startswith("urn:uuid:"):
            continue
        if "/person/maria-lopez" in str(s) or "/organization/news-example-org" in str(s):
            continue
        out.add((s, p, o))
    return out


DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")


def test_a_page_in_site_furniture_gives_the_graph_of_its_text_with_the_pages_metadata(tmp_path, nlp):
    text, pages = tmp_path / "text", tmp_path / "pages"
    text.mkdir()
    pages.mkdir()
    for key, (title, date, paragraphs) in STORIES.items():
        (text / f"{key}.md").write_text(_markdown(title, date, paragraphs))
        (pages / f"{key}.html").write_text(_page(key))
    from_text = build([text], tmp_path / "out-text", nlp=nlp)
    from_pages = build([pages], tmp_path / "out-pages", nlp=nlp)
    assert from_text.ok and from_pages.ok, (from_pages.failures, from_pages.rejected)
    for key in STORIES:
        assert isomorphic(
            _content(tmp_path / "out-text" / "articles" / f"{key}.ttl"),
            _content(tmp_path / "out-pages" / "articles" / f"{key}.ttl"),
        ), key
    g = Graph().parse(tmp_path / "out-pages" / "articles" / "acme-buys-foo.ttl")
    article = URIRef("https://kg.example.org/id/article/acme-buys-foo")
    assert g.value(article, SCHEMA.headline) == Literal(
        "Acme Robotics agrees to buy Foo Motors for $2 billion", lang="en"
    )
    assert str(g.value(article, SCHEMA.datePublished)) == "2021-05-14"
    assert g.value(article, SCHEMA.url) == URIRef("https://news.example.org/acme-buys-foo.html")
    assert str(g.value(article, KGO.siteName)) == "The Morning Ledger"
    assert str(g.value(article, SCHEMA.inLanguage)) == "en"
    author = g.value(article, SCHEMA.author)
    assert str(author).endswith("/person/maria-lopez")
    analysed = str(next(g.objects(None, NIF.isString)))
    for furniture in ("cookies", "Subscribe", "Most read", "reader42", "All rights reserved", "Privacy policy"):
        assert furniture not in analysed


def test_a_web_archive_builds_the_article_graphs_of_its_pages_and_skips_or_reports_the_rest(tmp_path, nlp):
    pages = tmp_path / "pages"
    pages.mkdir()
    records = []
    for key in STORIES:
        (pages / f"{key}.html").write_text(_page(key))
        records.append((f"https://news.example.org/{key}.html", "text/html; charset=utf-8", _page(key).encode()))
    records.insert(1, ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)))
    records.insert(2, ("https://news.example.org/annual.pdf", "application/pdf", b"%PDF-1.7 not an article"))
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, records, corrupt_after=3)

    from_pages = build([pages], tmp_path / "out-pages", nlp=nlp)
    report = build([archive], tmp_path / "out-warc", nlp=nlp)
    assert sorted(report.published) == sorted(STORIES)
    [damaged] = report.failures
    assert damaged.source.startswith(f"{archive}#") and "damaged record" in damaged.message
    assert any("skipped 1 image/png response" in n for n in report.notes)
    assert any("skipped 1 application/pdf response" in n for n in report.notes)
    assert not report.ok  # an input part was lost: exit code 1
    for key in from_pages.published:
        assert isomorphic(
            _content(tmp_path / "out-pages" / "articles" / f"{key}.ttl"),
            _content(tmp_path / "out-warc" / "articles" / f"{key}.ttl"),
        ), key
    g = Graph().parse(tmp_path / "out-warc" / "articles" / "port-strike.ttl")
    article = URIRef("https://kg.example.org/id/article/port-strike")
    [record] = [o for o in g.objects(article, PROV.wasDerivedFrom) if str(o).startswith("urn:uuid:")]
    assert (record, RDF.type, KGO.ArchiveRecord) in g
    assert g.value(record, KGO.capturedFrom) == URIRef("https://news.example.org/port-strike.html")
    assert g.value(record, PROV.generatedAtTime).datatype == URIRef("http://www.w3.org/2001/XMLSchema#dateTime")

    again = build([archive], tmp_path / "out-warc", nlp=nlp)
    assert again.extracted == 0 and sorted(again.published) == sorted(STORIES)  # a re-run parses nothing again


def test_an_archive_is_read_one_record_at_a_time(tmp_path):
    archive = tmp_path / "big.warc.gz"
    write_warc(
        archive, [(f"https://news.example.org/{i}.html", "text/html", _page("bank-fine").encode()) for i in range(5)]
    )
    items = read_articles([archive])
    first = next(i for i in items if isinstance(i, Article))
    # a generator that has handed out one article has not read the others yet
    assert first.key == "0"
    rest = [i.key for i in items if isinstance(i, Article)]
    assert rest == ["1", "2", "3", "4"]


def _site(pages: dict[str, tuple[str, bytes]], log: list[str]) -> HttpPeer:
    def answer(handler, body):
        log.append(handler.path)
        if handler.path in pages:
            kind, data = pages[handler.path]
            return 200, kind, data
        return 404, "text/plain", b"not here"

    return HttpPeer(answer)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_feed_on_loopback_with_fetch_builds_its_items_and_a_rerun_builds_only_the_new_one(tmp_path, nlp):
    log: list[str] = []
    pages: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n")}
    peer = _site(pages, log)
    try:
        items = []
        for key in ("acme-buys-foo", "port-strike"):
            title, date, _ = STORIES[key]
            pages[f"/news/{key}.html"] = ("text/html; charset=utf-8", _page(key).encode())
            items.append({"title": title, "link": f"{peer.url}/news/{key}.html", "date": date})
        pages["/feed.xml"] = ("application/rss+xml", rss_feed(items, link=peer.url).encode())
        out = tmp_path / "out"
        first = build([f"{peer.url}/feed.xml"], out, nlp=nlp, fetch=True, fetch_delay=0)
        assert first.ok, first.failures
        assert len(first.published) == 2 and first.extracted == 2
        assert log.count("/news/acme-buys-foo.html") == 1

        title, date, _ = STORIES["bank-fine"]
        pages["/news/bank-fine.html"] = ("text/html", _page("bank-fine").encode())
        items.insert(0, {"title": title, "link": f"{peer.url}/news/bank-fine.html", "date": date})
        pages["/feed.xml"] = ("application/rss+xml", rss_feed(items, link=peer.url).encode())
        log.clear()
        second = build([f"{peer.url}/feed.xml"], out, nlp=nlp, fetch=True, fetch_delay=0)
        assert second.ok, second.failures
        assert len(second.published) == 3
        assert second.extracted == 1  # one article built: the new item's
        assert [p for p in log if p.startswith("/news/")] == ["/news/bank-fine.html"]  # the others were kept
        keys_first = set(first.published)
        assert keys_first <= set(second.published)  # an item keeps its key when others arrive
        g = Graph().parse(out / "kg.ttl")
        dates = {str(o) for o in g.objects(None, SCHEMA.datePublished)}
        assert {"2021-05-14", "2021-06-02", "2021-07-09"} <= dates
    finally:
        peer.close()


def test_a_feed_without_fetch_reads_the_text_its_items_carry(tmp_path, nlp):
    title, date, paragraphs = STORIES["port-strike"]
    feed = rss_feed(
        [
            {
                "title": title,
                "link": "https://news.example.org/port-strike.html",
                "date": date,
                "author": "desk@example.org (Maria Lopez)",
                "description": "".join(f"<p>{p}</p>" for p in paragraphs),
            },
            {"title": "Item with no text", "link": "https://news.example.org/empty.html", "date": date},
        ]
    )
    (tmp_path / "business.rss").write_text(feed)
    items = list(read_articles([tmp_path / "business.rss"]))
    [article] = [i for i in items if isinstance(i, Article)]
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert article.title == title and article.published == date
    assert article.text == title + "\n\n" + "\n\n".join(paragraphs)
    assert article.url == "https://news.example.org/port-strike.html"
    assert "--fetch" in failure.message


def test_bad_web_inputs_cost_one_line_each_and_the_rest_is_built(tmp_path, cli):
    log: list[str] = []
    pages = {
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/news/ok.html": ("text/html", _page("bank-fine").encode()),
        "/private/secret.html": ("text/html", _page("port-strike").encode()),
    }
    peer = _site(pages, log)
    try:
        silent = f"http://127.0.0.1:{_closed_port()}/feed.xml"
        items = [
            {"title": "ok", "link": f"{peer.url}/news/ok.html", "date": dt.date(2021, 7, 9)},
            {"title": "gone", "link": f"{peer.url}/news/gone.html", "date": dt.date(2021, 7, 9)},
            {"title": "private", "link": f"{peer.url}/private/secret.html", "date": dt.date(2021, 7, 9)},
        ]
        pages["/feed.xml"] = ("application/rss+xml", rss_feed(items, link=peer.url).encode())
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "story.md").write_text(_markdown(*STORIES["acme-buys-foo"]))
        (folder / "menu-only.html").write_text(
            "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><footer>(c)</footer></body></html>"
        )
        (folder / "broken.html").write_bytes(b"\x00\x01<html><bo\xff\xfe")
        (folder / "not-a-feed.rss").write_text("this is { not xml")
        (folder / "cut.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage that is not a gzip member")
        result = cli(
            "build", folder, f"{peer.url}/feed.xml", silent, "--fetch", "--fetch-delay", "0", "-o", tmp_path / "out",
            "--no-site", "-j", "1",
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if line.startswith("kg: skipped")]
        text = "\n".join(lines)
        assert "menu-only.html" in text and "broken.html" in text and "not-a-feed.rss" in text
        assert "cut.warc.gz" in text
        assert "gone.html" in text and "404" in text
        assert "robots.txt" in text and "secret.html" in text
        assert silent in text
        assert "/private/secret.html" not in log  # robots.txt was honoured
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
        published = json.dumps(manifest)
        assert "story" in published and "ok-" in published
    finally:
        peer.close()


def test_fetched_pages_carry_the_user_agent_and_only_http_addresses_are_fetched(tmp_path):
    from kg.errors import InputError
    from kg.web import Fetcher

    agents: list[str] = []

    def answer(handler, body):
        agents.append(handler.headers.get("User-Agent"))
        return 200, "text/plain", b"User-agent: *\nAllow: /\n" if handler.path == "/robots.txt" else b"hello"

    peer = HttpPeer(answer)
    try:
        got = Fetcher(user_agent="newsdesk-bot/2.0", delay=0).fetch(f"{peer.url}/page")
        assert got.data == b"hello" and set(agents) == {"newsdesk-bot/2.0"}
    finally:
        peer.close()
    for address in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        try:
            Fetcher(delay=0).fetch(address)
        except InputError as exc:
            assert "not an http or https address" in str(exc)
        else:
            raise AssertionError(address)


def test_the_reader_skips_rather_than_fails_archive_records_that_hold_no_article(tmp_path):
    archive = tmp_path / "mixed.warc.gz"
    write_warc(
        archive,
        [
            ("https://news.example.org/a.html", "text/html", _page("bank-fine").encode()),
            ("https://news.example.org/style.css", "text/css", b"body{}"),
        ],
    )
    items = list(read_articles([archive]))
    assert [type(i) for i in items if not isinstance(i, Skip)] == [Article]
    reasons = sorted(i.reason for i in items if isinstance(i, Skip))
    assert reasons == ["request record", "request record", "text/css response"]
