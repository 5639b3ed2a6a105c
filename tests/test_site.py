"""The static site: pages for articles, entities and events, escaping, Linked Data files, a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.build import build
from kg.site import build_site

ARTICLE = "article/000-8f301b88a781ef20/index.html"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory, seed_out) -> Path:
    return build_site(seed_out, tmp_path_factory.mktemp("site") / "site").site_dir


def test_pages_exist_where_the_iris_are(seed_site):
    for page in ("index.html", ARTICLE, "person/volodymyr-zelensky/index.html", "place/kyiv-703448/index.html",
                 "people/index.html", "organizations/index.html", "places/index.html", "articles/index.html",
                 "events/index.html", "queries/index.html", "queries/statistics/index.html", "ontology/index.html"):  # fmt: skip
        assert (seed_site / page).is_file(), page
    assert any((seed_site / "event").glob("prisonerexchange-*/index.html"))


def test_every_iri_the_site_publishes_leads_to_a_page(seed_site, seed_out):
    import html as html_module

    base = "https://kg.example.org/id/"
    graph = Graph().parse(seed_out / "kg.ttl")
    iris = {
        str(t) for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef) and str(t).startswith(base)
    }
    kinds = {iri[len(base) :].split("/")[0] for iri in iris}
    assert {"article", "person", "role", "software"} <= kinds
    for iri in sorted(iris):
        doc, _, fragment = iri.partition("#")
        page = seed_site / doc[len(base) :] / "index.html"
        assert page.is_file(), iri
        if fragment:  # a string of an article's text: a place on the text's page
            assert f'id="{html_module.escape(fragment)}"' in page.read_text(encoding="utf-8"), iri
    # a role, for one, has its own description with a link to its holder
    role = next(i for i in iris if i.startswith(base + "role/"))
    page = (seed_site / role[len(base) :] / "index.html").read_text(encoding="utf-8")
    assert "kgo:holder" in page and "person/" in page


def _embedded_jsonld(html: str) -> str:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return script


def test_linked_data_beside_and_inside_pages(seed_site):
    folder = seed_site / "person" / "volodymyr-zelensky"
    html = (folder / "index.html").read_text()
    assert '<link rel="alternate" type="text/turtle" href="index.ttl">' in html
    turtle = Graph().parse(folder / "index.ttl")
    subject = URIRef("https://kg.example.org/id/person/volodymyr-zelensky")
    assert (subject, None, None) in turtle
    # JSON-LD in the page, in compact form: a readable @context, CURIEs, the same triples as the Turtle
    document = json.loads(_embedded_jsonld(html))
    assert document["@context"]["schema"] == "https://schema.org/"
    [node] = [n for n in document["@graph"] if n["@id"] == str(subject)]
    assert "kgo:Person" in node["@type"] and node["rdfs:label"]["@language"] == "en"
    pages = sorted(p.parent for p in seed_site.rglob("index.ttl"))
    assert len(pages) > 100 and not list(seed_site.rglob("index.jsonld"))
    for page in pages:
        jsonld = Graph().parse(data=_embedded_jsonld((page / "index.html").read_text()), format="json-ld")
        assert isomorphic(jsonld, Graph().parse(page / "index.ttl")), page


def test_article_page_highlights_and_links_mentions(seed_site):
    html = (seed_site / ARTICLE).read_text()
    assert '<a class="mention place" href="../../place/kyiv-703448/index.html" title="Kyiv">Kyiv</a>' in html
    assert 'class="mention person"' in html
    assert "conforms to the shapes" in html
    assert "https://www.themoscowtimes.com/2024/01/31/" in html
    assert "This has already been established by forensics" in html
    assert "PrisonerExchange" in html


def test_entity_page_content(seed_site):
    html = (seed_site / "person" / "volodymyr-zelensky" / "index.html").read_text()
    assert "Володимир Зеленський" in html  # alias
    assert "president" in html and "../../place/ukraine-690791/index.html" in html  # role
    assert "We will release all our people in the same way" in html  # quote
    assert "<mark>Zelensky</mark>" in html  # a mention in its sentence
    place = (seed_site / "place" / "kyiv-703448" / "index.html").read_text()
    assert "https://sws.geonames.org/703448/" in place and "50.45" in place


def test_query_and_ontology_pages(seed_site):
    html = (seed_site / "queries" / "people_roles" / "index.html").read_text()
    assert "Volodymyr Zelensky" in html and "SELECT" in html
    onto = (seed_site / "ontology" / "index.html").read_text()
    assert "kgo:PrisonerExchange" in onto and (seed_site / "ontology" / "ontology.ttl").exists()


def test_script_in_title_and_text_is_escaped(tmp_path, nlp):
    story = tmp_path / "in" / "xss.md"
    story.parent.mkdir()
    story.write_text(
        '# Talks <script>alert(1)</script> in "Paris"\n\nMarch 2, 2020\n\n'
        'Emmanuel Macron said "<script>alert(2)</script> is not a plan" in Paris on Monday.\n',
        encoding="utf-8",
    )
    report = build([story.parent], tmp_path / "out", nlp=nlp, site_dir=tmp_path / "site")
    assert report.ok
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        assert "<script>" not in page.read_text(), page
    html = (tmp_path / "site" / "article" / "xss" / "index.html").read_text()
    # the title, in the page's JSON-LD too, cannot close its script element early
    embedded = Graph().parse(data=_embedded_jsonld(html), format="json-ld")
    assert 'Talks <script>alert(1)</script> in "Paris"' in {str(o) for o in embedded.objects()}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;Paris&#34;" in html or "&quot;Paris&quot;" in html


def test_user_templates_override(tmp_path, seed_out):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text("<p>custom {{ article_count }}</p>", encoding="utf-8")
    site = build_site(seed_out, tmp_path / "site", templates=templates).site_dir
    assert (site / "index.html").read_text() == "<p>custom 1</p>"
    assert (site / ARTICLE).exists()


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.browser
def test_real_browser_follows_links(seed_site, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install adds it)")
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium: tests/setup_browser.sh could not install Debian's chromium here")
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((seed_site / "index.html").as_uri())
        page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
        page.get_by_role("link", name="Volodymyr Zelensky").first.click()
        assert page.locator("h1").inner_text() == "Volodymyr Zelensky"
        page.screenshot(path=str(tmp_path / "entity.png"), full_page=True)
        page.locator("ul.contexts a").first.click()
        assert page.locator("h1").first.inner_text() == "Russia and Ukraine Exchange Hundreds of POWs"
        mention = page.locator("a.mention.person", has_text="Zelensky").first
        assert mention.is_visible()
        assert mention.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
        browser.close()
    assert errors == []
    for name in ("index.png", "entity.png", "article.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_served_by_a_static_web_server(seed_site):
    """python -m http.server serves the pages and the Turtle beside them; relative links resolve."""
    import functools
    import http.server
    import re
    import threading
    import urllib.request

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(seed_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        html = urllib.request.urlopen(base + ARTICLE, timeout=10).read().decode()
        links = re.findall(r'href="(\.\./\.\./[^"#]+)"', html)
        assert links
        for href in sorted(set(links))[:25]:
            url = urllib.parse.urljoin(base + ARTICLE, href)
            assert urllib.request.urlopen(url, timeout=10).status == 200, url
        ttl = urllib.request.urlopen(base + "person/volodymyr-zelensky/index.ttl", timeout=10)
        assert b"volodymyr-zelensky" in ttl.read()
    finally:
        server.shutdown()
        server.server_close()
