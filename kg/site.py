"""Site: a static Linked Data site from a build's output, rendered with jinja2 (autoescaped).

Each resource's page sits at the path of its IRI under the base IRI (``person/x`` ->
``site/person/x/index.html``) with its Turtle description beside it (``index.ttl``, a
``<link rel="alternate">``) and its JSON-LD in the page (a ``<script type="application/ld+json">``,
as schema.org and the JSON-LD spec describe: one file fewer per resource), so any static
web server serves them; links are relative, so the site also works from ``file://``.
Pictures (entity graphs, the co-occurrence network, the timeline) are SVG drawn here;
nothing is loaded from the internet when a page is viewed.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pyoxigraph as ox

from .errors import UsageError, one_line
from .heap import frozen
from .iri import DEFAULT_BASE, PREFIXES, check_base, external_iri
from .outputs import Writer, claim
from .query import bind, list_queries
from .records import Failure
from .resources import ontology_file
from .store import with_values

KGO = PREFIXES["kgo"]
_TYPE_NAMES = {"Person": "people", "Organization": "organizations", "Place": "places", "Product": "products"}
_COLOURS = {
    "Person": "#1f77b4",
    "Organization": "#d62728",
    "Place": "#2ca02c",
    "Product": "#ff7f0e",
    "Event": "#9467bd",
}
EVENT_COLOURS = [
    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e", "#1f77b4", "#2ca02c",
    "#d62728", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d",
]  # fmt: skip


@dataclass
class Resource:
    """What a page shows of one entity, event or article."""

    iri: str
    kind: str
    label: str
    types: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    lat: float | None = None
    long: float | None = None
    country: str | None = None
    iso: str | None = None
    mentions: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


@dataclass
class Article:
    """What an article page shows."""

    iri: str
    key: str
    title: str
    date: str | None
    url: str | None
    authors: list[str]
    publisher: str | None
    agency: str | None
    text: str
    conforms: bool = True
    mentions: list[dict] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)


@dataclass
class EventInfo:
    """What an event page shows."""

    iri: str
    kind: str
    label: str
    date: str | None = None
    end: str | None = None
    when: str | None = None
    place: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, iri)
    triggers: list[dict] = field(default_factory=list)
    article: str | None = None
    reported_by: str | None = None
    quantities: list[str] = field(default_factory=list)
    factuality: str = "Asserted"
    not_after: str | None = None  # the latest date of an undated event told in the past tense

    @property
    def asserted(self) -> bool:
        """Whether the article states that the event happened (not denied, hedged or expected)."""
        return self.factuality == "Asserted"

    @property
    def order(self) -> tuple:
        """Sort key for a timeline: by date (else the latest possible date), undated last."""
        return (self.date or self.not_after or "~", self.label)


@dataclass(frozen=True)
class SiteReport:
    """What a site build wrote, and the pages it had to leave out."""

    site_dir: Path
    failures: tuple[Failure, ...] = ()


def build_site(
    out_dir: str | Path = "out",
    site_dir: str | Path = "site",
    *,
    base: str = DEFAULT_BASE,
    templates: str | Path | None = None,
) -> SiteReport:
    """Write the HTML site of a build into ``site_dir``, replacing it whole once complete."""
    out, site = Path(out_dir), Path(site_dir)
    check_base(base)
    merged = out / "kg.ttl"
    if not merged.is_file():
        raise UsageError(f"{merged}: no such file; run 'kg build' first")
    if site.absolute().resolve() == out.absolute().resolve():
        raise UsageError("the site folder must differ from the build output folder; pass another -o")
    with claim(site, "site", keep=[out]) as site_claim:
        data = _Data(merged, out / "validation.ttl", base)
        staging = site_claim.stage()
        with frozen(), Writer() as writer:  # what lives before the pages outlives them
            renderer = _Renderer(staging, base, templates, writer)
            renderer.copy_static()
            renderer.render_all(data)
        site_claim.commit(staging)
    return SiteReport(site, tuple(renderer.failures))


# --- reading the graph ---------------------------------------------------------------


class _Data:
    def __init__(self, merged: Path, validation: Path, base: str) -> None:
        self.base = base
        self.store = ox.Store()
        report = ox.Store()
        for store, path in ((self.store, merged), (report, validation)):
            if store is report and not path.exists():
                continue
            try:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            except (OSError, SyntaxError, ValueError) as exc:
                raise UsageError(
                    f"{path}: cannot read it ({one_line(exc)}); rebuild the outputs with 'kg build'"
                ) from exc
        self.status: dict[str, bool] = {}
        if validation.exists():
            for row in report.query(
                "SELECT ?a ?c WHERE { ?r <http://purl.org/dc/terms/subject> ?a ; <http://www.w3.org/ns/shacl#conforms> ?c }"
            ):
                self.status[row["a"].value] = row["c"].value == "true"
        self.entities: dict[str, Resource] = {}
        self.articles: dict[str, Article] = {}
        self.events: dict[str, EventInfo] = {}
        self._by_subject: dict[str, list] | None = None
        self._load()

    def q(self, sparql: str) -> Iterable:
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
        return self.store.query(prefixes + sparql)

    def _load(self) -> None:
        for row in self.q(
            """SELECT ?e ?type ?label WHERE {
                 ?e a ?type ; rdfs:label ?label .
                 FILTER (?type IN (kgo:Person, kgo:Organization, kgo:Place, kgo:Product)) }"""
        ):
            kind = row["type"].value.rsplit("#", 1)[-1]
            self.entities[row["e"].value] = Resource(row["e"].value, kind, row["label"].value, types=[kind])
        for row in self.q("SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias } ORDER BY ?alias"):
            if row["e"].value in self.entities:
                self.entities[row["e"].value].aliases.append(row["alias"].value)
        for row in self.q("SELECT ?e ?link WHERE { ?e owl:sameAs ?link } ORDER BY ?link"):
            if row["e"].value in self.entities:
                self.entities[row["e"].value].links.append(row["link"].value)
        for row in self.q(
            """SELECT ?e ?lat ?long ?country ?iso WHERE { ?e a kgo:Place .
                 OPTIONAL { ?e geo:lat ?lat ; geo:long ?long } OPTIONAL { ?e kgo:countryCode ?country }
                 OPTIONAL { ?e kgo:isoCode ?iso } }"""
        ):
            entity = self.entities.get(row["e"].value)
            if entity is None:
                continue
            if row["lat"] is not None:
                entity.lat, entity.long = float(row["lat"].value), float(row["long"].value)
            entity.country = row["country"].value if row["country"] else None
            entity.iso = row["iso"].value if row["iso"] else None
        for row in self.q(
            """SELECT ?a ?key ?title ?date ?url ?publisher ?agency ?text WHERE {
                 ?a a kgo:NewsArticle ; schema:identifier ?key ; kgo:context ?c . ?c nif:isString ?text .
                 OPTIONAL { ?a schema:headline ?title } OPTIONAL { ?a schema:datePublished ?date }
                 OPTIONAL { ?a schema:url ?url }
                 OPTIONAL { ?a schema:publisher ?p . ?p rdfs:label ?publisher }
                 OPTIONAL { ?a kgo:agency ?g . ?g rdfs:label ?agency } }"""
        ):
            iri = row["a"].value
            self.articles[iri] = Article(
                iri=iri,
                key=row["key"].value,
                title=row["title"].value if row["title"] else row["key"].value,
                date=row["date"].value if row["date"] else None,
                url=row["url"].value if row["url"] else None,
                authors=[],
                publisher=row["publisher"].value if row["publisher"] else None,
                agency=row["agency"].value if row["agency"] else None,
                text=row["text"].value,
                conforms=self.status.get(iri, True),
            )
        for row in self.q("SELECT ?a ?name WHERE { ?a schema:author ?p . ?p rdfs:label ?name } ORDER BY ?name"):
            if row["a"].value in self.articles:
                self.articles[row["a"].value].authors.append(row["name"].value)
        contexts = {}
        for row in self.q("SELECT ?a ?c WHERE { ?a kgo:context ?c }"):
            contexts[row["c"].value] = row["a"].value
        for row in self.q(
            """SELECT ?m ?target ?c ?b ?e ?anchor WHERE {
                 ?m a kgo:Mention ; itsrdf:taIdentRef ?target ; nif:referenceContext ?c ;
                    nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }"""
        ):
            article = self.articles.get(contexts.get(row["c"].value, ""))
            if article is None:
                continue
            mention = {
                "target": row["target"].value,
                "begin": int(row["b"].value),
                "end": int(row["e"].value),
                "anchor": row["anchor"].value,
                "article": article.iri,
            }
            article.mentions.append(mention)
            entity = self.entities.get(mention["target"])
            if entity is not None:
                entity.mentions.append(mention)
        for article in self.articles.values():
            article.mentions.sort(key=lambda m: (m["begin"], -m["end"]))
        for entity in self.entities.values():
            entity.mentions.sort(key=lambda m: (self.articles[m["article"]].date or "", m["article"], m["begin"]))
        self._events(contexts)
        self._quotes()
        self._roles()

    def _events(self, contexts: dict[str, str]) -> None:
        for row in self.q(
            """SELECT ?ev ?class ?label ?date ?end ?when ?place ?article ?by ?factuality ?notAfter WHERE {
                 ?ev a kgo:Event ; a ?class ; rdfs:label ?label ; prov:wasDerivedFrom ?article .
                 FILTER (?class != kgo:Event && STRSTARTS(STR(?class), STR(kgo:)))
                 OPTIONAL { ?ev kgo:factuality ?factuality } OPTIONAL { ?ev kgo:notAfter ?notAfter }
                 OPTIONAL { ?ev schema:startDate ?date } OPTIONAL { ?ev schema:endDate ?end }
                 OPTIONAL { ?ev kgo:timeExpression ?when } OPTIONAL { ?ev schema:location ?place }
                 OPTIONAL { ?ev kgo:reportedBy ?by } }"""
        ):
            iri = row["ev"].value
            self.events[iri] = EventInfo(
                iri=iri,
                kind=row["class"].value.rsplit("#", 1)[-1],
                label=row["label"].value,
                date=row["date"].value if row["date"] else None,
                end=row["end"].value if row["end"] else None,
                when=row["when"].value if row["when"] else None,
                place=row["place"].value if row["place"] else None,
                article=row["article"].value,
                reported_by=row["by"].value if row["by"] else None,
                factuality=row["factuality"].value.rsplit("#", 1)[-1] if row["factuality"] else "Asserted",
                not_after=row["notAfter"].value if row["notAfter"] else None,
            )
            article = self.articles.get(row["article"].value)
            if article is not None and iri not in article.events:
                article.events.append(iri)
        for row in self.q(
            """SELECT ?ev ?p ?who WHERE { ?ev a kgo:Event ; ?p ?who .
                 FILTER (?p IN (kgo:agent, kgo:patient, kgo:mediator, kgo:recipient, kgo:supplier, kgo:origin,
                                kgo:destination, kgo:region, kgo:participant)) } ORDER BY ?p ?who"""
        ):
            event = self.events.get(row["ev"].value)
            if event is not None:
                event.participants.append((row["p"].value.rsplit("#", 1)[-1], row["who"].value))
                entity = self.entities.get(row["who"].value)
                if entity is not None and event.iri not in entity.events:
                    entity.events.append(event.iri)
        for row in self.q(
            """SELECT ?ev ?b ?e ?anchor ?c WHERE { ?ev kgo:trigger ?t . ?t nif:beginIndex ?b ; nif:endIndex ?e ;
                 nif:anchorOf ?anchor ; nif:referenceContext ?c } ORDER BY ?b"""
        ):
            event = self.events.get(row["ev"].value)
            if event is not None:
                event.triggers.append(
                    {
                        "begin": int(row["b"].value),
                        "end": int(row["e"].value),
                        "anchor": row["anchor"].value,
                        "article": contexts.get(row["c"].value),
                    }
                )
        for row in self.q("SELECT ?ev ?label WHERE { ?ev kgo:quantity ?q . ?q rdfs:label ?label } ORDER BY ?label"):
            event = self.events.get(row["ev"].value)
            if event is not None:
                event.quantities.append(row["label"].value)
        for event in self.events.values():
            if event.place and event.place in self.entities and event.iri not in self.entities[event.place].events:
                self.entities[event.place].events.append(event.iri)

    def _quotes(self) -> None:
        for row in self.q(
            """SELECT ?quote ?type ?text ?speaker ?cue ?article ?b WHERE {
                 ?quote kgo:quotedIn ?article ; schema:text ?text ; a ?type ; kgo:evidence ?span .
                 ?span nif:beginIndex ?b .
                 FILTER (?type IN (kgo:Quotation, kgo:Claim))
                 OPTIONAL { ?quote kgo:speaker ?speaker } OPTIONAL { ?quote kgo:cue ?cue } } ORDER BY ?article ?b"""
        ):
            quote_ = {
                "text": row["text"].value,
                "direct": row["type"].value.endswith("Quotation"),
                "speaker": row["speaker"].value if row["speaker"] else None,
                "cue": row["cue"].value if row["cue"] else None,
                "article": row["article"].value,
            }
            article = self.articles.get(quote_["article"])
            if article is not None:
                article.quotes.append(quote_)
            speaker = self.entities.get(quote_["speaker"] or "")
            if speaker is not None:
                speaker.quotes.append(quote_)

    def _roles(self) -> None:
        for row in self.q(
            """SELECT ?holder ?name ?in ?article WHERE { ?r a kgo:Role ; kgo:holder ?holder ; schema:roleName ?name ;
                 prov:wasDerivedFrom ?article . OPTIONAL { ?r kgo:roleIn ?in } } ORDER BY ?name"""
        ):
            entity = self.entities.get(row["holder"].value)
            if entity is not None:
                entity.roles.append(
                    {
                        "title": row["name"].value,
                        "in": row["in"].value if row["in"] else None,
                        "article": row["article"].value,
                    }
                )

    def subjects_under(self, base: str) -> list[str]:
        """Every IRI under the base that the data describes."""
        return sorted(iri for iri in self._descriptions() if iri.startswith(base))

    def describe(self, iri: str) -> list:
        """The triples about a resource (its concise description), for its Turtle and JSON-LD."""
        return self._descriptions().get(iri, [])

    def _descriptions(self) -> dict[str, list]:
        # one pass over the store, not one lookup per resource: a site describes nearly every subject
        if self._by_subject is None:
            self._by_subject = defaultdict(list)
            for q in self.store.quads_for_pattern(None, None, None):
                if isinstance(q.subject, ox.NamedNode):  # quads of the default graph: Turtle takes them as they are
                    self._by_subject[q.subject.value].append(q)
        return self._by_subject


# --- rendering -------------------------------------------------------------------------------


@functools.cache
def _environment_class():
    from jinja2 import Environment

    class DictsFirst(Environment):
        """Reads ``row.text`` of a dict as its item first: the pages hold many small dicts, and
        jinja's own order (the attribute, then the item) raises and catches an error for each."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return DictsFirst


@functools.cache
def _package_environment():
    """kg's own templates, compiled once a process (they do not change while it runs)."""
    return _environment(None)


def _environment(templates: str | None):
    """A jinja environment with every template compiled: a broken one is a usage error up front."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, TemplateError, select_autoescape

    loaders = [FileSystemLoader(templates)] if templates else []
    loaders.append(PackageLoader("kg", "templates"))
    env = _environment_class()(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat per page
    )
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except TemplateError as exc:
            raise UsageError(f"template {name}: {one_line(exc)}; fix it or leave out --templates") from exc
    return env


class _Renderer:
    def __init__(self, site: Path, base: str, templates: str | Path | None, writer: Writer) -> None:
        self.env = _environment(str(templates)) if templates else _package_environment()
        self.site = site
        self.base = base
        self.failures: list[Failure] = []
        self._writer = writer
        self._paths: dict[str, PurePosixPath] = {}
        self._hrefs: dict[str, str] = {}

    # paths

    def path_of(self, iri: str) -> PurePosixPath:
        """The folder (relative to the site) of a resource's page, always inside the site."""
        found = self._paths.get(iri)
        if found is None:
            found = self._paths[iri] = self._path_of(iri)
        return found

    def _href(self, iri: str) -> str:
        """The page of a resource, relative to the site's root, quoted for an href."""
        found = self._hrefs.get(iri)
        if found is None:
            found = self._hrefs[iri] = "/".join(quote(p) for p in self.path_of(iri).parts) + "/index.html"
        return found

    def _path_of(self, iri: str) -> PurePosixPath:
        if iri.startswith(self.base):
            path = PurePosixPath(iri[len(self.base) :].strip("/") or "index")
            # a graph edited by hand could name "../../x": such a page goes under external/
            if all(part not in {"", ".", ".."} and len(part.encode("utf-8")) <= 200 for part in path.parts):
                return path
        return PurePosixPath("external") / hashlib.sha1(iri.encode("utf-8", "replace")).hexdigest()

    def copy_static(self) -> None:
        from importlib.resources import files

        folder = self.site / "static"
        for item in files("kg").joinpath("static").iterdir():
            if item.is_file():
                self._writer.write(folder / item.name, item.read_bytes())

    def _write(self, page: PurePosixPath, template: str, **context) -> None:
        depth = len(page.parts)
        root = "../" * depth if depth else "./"

        def link(iri: str | None) -> str:
            if not iri:
                return ""
            if not iri.startswith(self.base):
                return _external(iri) or ""  # never a javascript: or data: link
            doc, _, fragment = iri.partition("#")  # '.../text#char=3,9': a place on the text's page
            page = root + self._href(doc)
            return page + ("#" + quote(fragment, safe="=,") if fragment else "")

        html = self.env.get_template(template).render(root=root, link=link, external=_external, **context)
        self._writer.write(self.site / page / "index.html", html.encode("utf-8"))

    def _describe(self, iri: str, triples: list) -> str:
        """Write the resource's Turtle beside its page; its JSON-LD, for a script element of the page."""
        folder = self.site / self.path_of(iri)
        self._writer.write(folder / "index.ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
        # "<" escaped inside JSON strings (the only place it can be): no "</script>" ends the element early
        return compact_jsonld(triples).replace("<", "\\u003c")

    def render_all(self, data: _Data) -> None:
        labels = {iri: e.label for iri, e in data.entities.items()}
        labels.update({iri: e.label for iri, e in data.events.items()})
        labels.update({iri: a.title for iri, a in data.articles.items()})
        kinds = {iri: e.kind for iri, e in data.entities.items()}
        articles = sorted(data.articles.values(), key=lambda a: (a.date or "", a.key), reverse=True)
        counts = Counter(e.kind for e in data.entities.values())
        popular = sorted(data.entities.values(), key=lambda e: (-len(e.mentions), e.label))[:20]
        cooc = _cooccurrence(data)
        common = {
            "labels": labels,
            "kinds": kinds,
            "colours": _COLOURS,
            "event_colours": _event_colours(data),
            "articles_by_iri": data.articles,
            "base": self.base,
        }
        with self._page("index.html"):
            self._write(
                PurePosixPath(),
                "index.html",
                counts=counts,
                article_count=len(articles),
                event_count=len(data.events),
                latest=articles[:15],
                popular=popular,
                network=_network_svg(data, cooc, self, popular_limit=40),
                **common,
            )
        for kind, folder in _TYPE_NAMES.items():
            members = sorted(
                (e for e in data.entities.values() if e.kind == kind), key=lambda e: (-len(e.mentions), e.label)
            )
            self._write(
                PurePosixPath(folder), "list.html", title=folder.capitalize(), kind=kind, members=members, **common
            )
        self._write(PurePosixPath("articles"), "articles.html", articles=articles, **common)
        # the timeline is of what the articles say happened; what they deny, hedge or expect is listed apart
        timeline = sorted((e for e in data.events.values() if e.asserted), key=lambda e: e.order)
        hedged = sorted((e for e in data.events.values() if not e.asserted), key=lambda e: (e.factuality, e.order))
        with self._page("events/index.html"):
            self._write(
                PurePosixPath("events"),
                "events.html",
                events=timeline,
                hedged=hedged,
                chart=_timeline_svg(timeline, common["event_colours"]),
                **common,
            )
        for article in articles:
            with self._page(article.iri):
                self._article(data, article, common)
        for entity in data.entities.values():
            with self._page(entity.iri):
                self._entity(data, entity, cooc, common)
        for event in data.events.values():
            with self._page(event.iri):
                self._event(data, event, common)
        rendered = {self.path_of(iri) for iri in (*data.articles, *data.entities, *data.events)}
        self._resources(data, rendered, common)
        self._queries(data, common)
        self._ontology(common)

    def _resources(self, data: _Data, rendered: set[PurePosixPath], common: dict) -> None:
        """A page for every other IRI the site publishes (quotes, roles, quantities, texts, runs).

        A '#char=b,e' string is a fragment of its article's text: one page for the text
        holds them all, each at its fragment, so every published IRI leads to a page.
        """

        docs: dict[str, list[str]] = defaultdict(list)
        for subject in data.subjects_under(self.base):
            doc = subject.split("#", 1)[0]
            if self.path_of(doc) not in rendered:
                docs[doc].append(subject)
        for doc, subjects in sorted(docs.items()):
            with self._page(doc):
                nodes, strings, triples = [], [], []
                for subject in sorted(subjects):
                    described = _sorted_description(data.describe(subject))
                    triples += described
                    fragment = subject.split("#", 1)[1] if "#" in subject else ""
                    if fragment:  # a string of a text: one row of the text's table; the rest is in index.ttl
                        strings.append(_string_row(fragment, described))
                        continue
                    rows = [(_compact_iri(t.predicate.value)[1], _cell(t.object)) for t in described]
                    nodes.append({"iri": subject, "fragment": fragment, "rows": rows})
                strings.sort(key=_offsets)
                jsonld = self._describe(doc, triples)
                title = next(
                    (c["text"] for n in nodes for name, c in n["rows"] if name == "rdfs:label"), doc[len(self.base) :]
                )
                self._write(
                    self.path_of(doc),
                    "resource.html",
                    described=True,
                    jsonld=jsonld,
                    doc=doc,
                    title=title,
                    nodes=nodes,
                    strings=strings,
                    **common,
                )

    @contextmanager
    def _page(self, name: str):
        """One page's work: if it fails, the page is left out and the failure recorded, the others go on."""
        try:
            yield
        except OSError:
            raise
        except Exception as exc:
            self.failures.append(Failure(name, f"page left out of the site ({one_line(exc)})", stage="site"))

    def _article(self, data: _Data, article: Article, common: dict) -> None:
        self._write(
            self.path_of(article.iri),
            "article.html",
            described=True,
            jsonld=self._describe(article.iri, _sorted_description(data.describe(article.iri))),
            article=article,
            segments=_segments(article.text, article.mentions, common["labels"], common["kinds"]),
            events=[data.events[e] for e in article.events if e in data.events],
            entity_graph=_article_svg(article, data, self),
            **common,
        )

    def _entity(self, data: _Data, entity: Resource, cooc: dict, common: dict) -> None:
        self._write(
            self.path_of(entity.iri),
            "entity.html",
            described=True,
            jsonld=self._describe(entity.iri, _sorted_description(data.describe(entity.iri))),
            entity=entity,
            contexts=[_context(data.articles[m["article"]].text, m) for m in entity.mentions[:200]],
            events=sorted((data.events[e] for e in entity.events if e in data.events), key=lambda e: e.order),
            related=cooc.get(entity.iri, [])[:15],
            **common,
        )

    def _event(self, data: _Data, event: EventInfo, common: dict) -> None:
        article = data.articles.get(event.article or "")
        contexts = [_context(article.text, t) for t in event.triggers] if article else []
        jsonld = self._describe(event.iri, _sorted_description(data.describe(event.iri)))
        self._write(
            self.path_of(event.iri),
            "event.html",
            described=True,
            jsonld=jsonld,
            event=event,
            contexts=contexts,
            **common,
        )

    def _queries(self, data: _Data, common: dict) -> None:
        queries = list_queries()
        results = []
        for q in queries:
            variables, rows, error = [], [], None
            needs = [p.name for p in q.parameters if p.required]
            try:
                # a query that needs a value (whose entity?) is shown with how to run it, not run
                if not needs:
                    solutions = data.store.query(with_values(q.sparql, bind(q, {})))
                    variables = [v.value for v in solutions.variables]
                    rows = [[s[v] for v in variables] for s in itertools.islice(solutions, 200)]
            except (SyntaxError, ValueError, OSError) as exc:
                variables, rows, error = [], [], str(exc)
            page = PurePosixPath("queries") / q.name
            self._write(
                page,
                "query.html",
                query=q,
                variables=variables,
                rows=[[_cell(v) for v in row] for row in rows],
                error=error,
                needs=needs,
                **common,
            )
            results.append((q, None if needs else len(rows)))
        self._write(PurePosixPath("queries"), "queries.html", queries=results, **common)

    def _ontology(self, common: dict) -> None:
        from rdflib import OWL, RDF, RDFS, Graph

        graph = Graph().parse(ontology_file())
        terms = []
        for kind, cls in (
            ("Class", OWL.Class),
            ("Object property", OWL.ObjectProperty),
            ("Datatype property", OWL.DatatypeProperty),
            ("Annotation property", OWL.AnnotationProperty),
        ):
            for term in sorted(graph.subjects(RDF.type, cls)):
                terms.append(
                    {
                        "iri": str(term),
                        "name": str(term).rsplit("#", 1)[-1],
                        "kind": kind,
                        "label": str(graph.value(term, RDFS.label) or ""),
                        "comment": str(graph.value(term, RDFS.comment) or ""),
                        "parents": sorted(str(p) for p in graph.objects(term, RDFS.subClassOf) if True)
                        + sorted(str(p) for p in graph.objects(term, RDFS.subPropertyOf)),
                    }
                )
        [ontology] = list(graph.subjects(RDF.type, OWL.Ontology)) or [None]
        meta = {
            "label": str(graph.value(ontology, RDFS.label) or "ontology"),
            "comment": str(graph.value(ontology, RDFS.comment) or ""),
            "version": str(graph.value(ontology, OWL.versionInfo) or ""),
        }
        self._write(PurePosixPath("ontology"), "ontology.html", terms=terms, meta=meta, **common)
        self._writer.write(self.site / "ontology" / "ontology.ttl", ontology_file().read_bytes())


_NAMESPACES = {**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


@functools.lru_cache(maxsize=65536)
def _compact_iri(iri: str) -> tuple[str | None, str]:
    """(prefix, prefix:name) for an IRI in one of kg's namespaces, else (None, the IRI)."""
    for prefix, namespace in sorted(_NAMESPACES.items(), key=lambda item: -len(item[1])):
        rest = iri[len(namespace) :]
        if iri.startswith(namespace) and rest and not any(c in rest for c in ":/#"):
            return prefix, f"{prefix}:{rest}"
    return None, iri


def compact_jsonld(triples) -> str:
    """JSON-LD in compact form: an @context of kg's prefixes, CURIEs, one object per subject.

    A web developer reads ``"schema:name": {"@value": "Kyiv", "@language": "en"}`` where the
    expanded form spells every IRI out; any JSON-LD processor expands it back to the same triples.
    """
    used: set[str] = set()
    names: dict[str, str] = {}  # IRI -> its CURIE (or itself), for this description

    def curie(iri: str) -> str:
        prefix, compact = _compact_iri(iri)
        if prefix:
            used.add(prefix)
        names[iri] = compact
        return compact

    # a site has tens of thousands of statements: each term's kind is read once, its type compared
    literal, blank = ox.Literal, ox.BlankNode
    nodes: dict[str, dict] = {}
    subject, node = None, {}
    for triple in triples:
        if triple.subject != subject:  # a description's triples come subject by subject
            subject = triple.subject
            value = subject.value
            key = f"_:{value}" if type(subject) is blank else (names.get(value) or curie(value))
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = {"@id": key}
        term, predicate = triple.object, triple.predicate.value
        kind = type(term)
        if kind is literal:
            if term.language:
                item = {"@value": term.value, "@language": term.language}
            else:
                datatype = term.datatype.value
                if datatype == _XSD_STRING:
                    item = {"@value": term.value}
                else:
                    item = {"@value": term.value, "@type": names.get(datatype) or curie(datatype)}
        else:
            value = term.value
            if kind is blank:
                item = {"@id": f"_:{value}"}
            elif predicate == _RDF_TYPE:
                node.setdefault("@type", []).append(names.get(value) or curie(value))
                continue
            else:
                item = {"@id": names.get(value) or curie(value)}
        node.setdefault(names.get(predicate) or curie(predicate), []).append(item)
    graph = [
        {key: (items[0] if type(items) is list and len(items) == 1 else items) for key, items in node.items()}
        for _, node in sorted(nodes.items())
    ]
    context = {prefix: _NAMESPACES[prefix] for prefix in sorted(used)}
    # one node a line: readable, and written by json's C encoder (indenting falls back to pure Python)
    nodes_text = ",\n".join(_json(node) for node in graph)
    return f'{{"@context": {_json(context)},\n"@graph": [\n{nodes_text}\n]}}\n'


_json = functools.partial(json.dumps, ensure_ascii=False, sort_keys=True)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NIF = PREFIXES["nif"]
_ITSRDF = PREFIXES["itsrdf"]


def _sorted_description(triples: list) -> list:
    return sorted(triples, key=lambda t: (str(t.predicate), str(t.object)))


def _string_row(fragment: str, triples: list) -> dict:
    """A string of an article's text as one row of its page: where, what it says, what it names."""
    row: dict = {"fragment": fragment, "text": "", "names": [], "classes": []}
    for t in triples:
        predicate = t.predicate.value
        if predicate in (_NIF + "anchorOf", _NIF + "isString"):
            row["text"] = _clip(t.object.value, 160)
        elif predicate == _ITSRDF + "taIdentRef":
            row["names"].append(t.object.value)
        elif predicate == _ITSRDF + "taClassRef":
            row["classes"].append(_compact_iri(t.object.value)[1])
    return row


def _offsets(row: dict) -> tuple:
    """A text's strings in reading order: by the offsets of 'char=b,e' (others after them)."""
    begin, _, end = row["fragment"].removeprefix("char=").partition(",")
    if begin.isdigit() and end.isdigit():
        return (0, int(begin), -int(end), "")
    return (1, 0, 0, row["fragment"])


@functools.lru_cache(maxsize=65536)
def _external(value: str | None) -> str | None:
    # a site asks again and again about the same few addresses
    return external_iri(value)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(term) -> dict:
    if term is None:
        return {"text": "", "iri": None}
    value = term.value
    return {"text": value, "iri": value if isinstance(term, ox.NamedNode) else None}


def _segments(text: str, mentions: list[dict], labels: dict[str, str], kinds: dict[str, str]) -> list[dict]:
    """The text cut into plain runs and highlighted mentions (outermost first, no overlaps), each
    mention with its class and title looked up here, not by the template once per mention."""
    parts, position = [], 0
    for m in mentions:
        if m["begin"] < position:
            continue
        if m["begin"] > position:
            parts.append({"text": text[position : m["begin"]], "target": None})
        target = m["target"]
        parts.append(
            {
                "text": text[m["begin"] : m["end"]],
                "target": target,
                "kind": (kinds.get(target) or "Event").lower(),
                "title": labels.get(target, ""),
            }
        )
        position = m["end"]
    parts.append({"text": text[position:], "target": None})
    return parts


def _context(text: str, mention: dict) -> dict:
    """The sentence around a mention, cut into before / the mention / after."""
    begin, end = mention["begin"], mention["end"]
    start = max(
        text.rfind("\n\n", 0, begin),
        max(text.rfind(". ", 0, begin), text.rfind("? ", 0, begin), text.rfind("! ", 0, begin)) + 1,
    )
    start = 0 if start < 0 else start
    stop_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end), text.find("? ", end)) if i >= 0]
    stop = min(stop_candidates) + 1 if stop_candidates else len(text)
    return {
        "before": text[start:begin].lstrip(),
        "anchor": text[begin:end],
        "after": text[end:stop],
        "article": mention.get("article"),
    }


def _cooccurrence(data: _Data) -> dict[str, list[tuple[str, int]]]:
    pairs: Counter = Counter()
    for article in data.articles.values():
        present = sorted({m["target"] for m in article.mentions if m["target"] in data.entities})
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pairs[(a, b)] += 1
    related: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (a, b), n in pairs.items():
        related[a].append((b, n))
        related[b].append((a, n))
    for key in related:
        related[key].sort(key=lambda item: (-item[1], data.entities[item[0]].label))
    return related


def _event_colours(data: _Data) -> dict[str, str]:
    kinds = sorted({e.kind for e in data.events.values()})
    return {kind: EVENT_COLOURS[i % len(EVENT_COLOURS)] for i, kind in enumerate(kinds)}


def _layout(
    nodes: list[str], edges: list[tuple[str, str, int]], width: float, height: float, iterations: int = 60
) -> dict[str, tuple[float, float]]:
    """A deterministic force-directed layout (Fruchterman-Reingold, started on a circle).

    Computed on arrays (numpy), a point a complex number: every pair's repulsion in one step,
    and half the array operations of separate x and y columns (the graphs are small, so each
    operation's fixed cost is most of the time).
    """
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    angles = 2 * np.pi * np.arange(n) / n
    pos = (width / 2 + 0.4 * width * np.cos(angles)) + 1j * (height / 2 + 0.4 * height * np.sin(angles))
    index = {node: i for i, node in enumerate(nodes)}
    first = np.array([index[a] for a, _, _ in edges], dtype=int)
    second = np.array([index[b] for _, b, _ in edges], dtype=int)
    pull = np.array([min(w, 4) / 2 for _, _, w in edges], dtype=float)
    # each edge's pull moves its ends in opposite directions: one product, not two ufunc.at calls
    ends = np.zeros((n, len(edges)))
    ends[first, np.arange(len(edges))] -= 1
    ends[second, np.arange(len(edges))] += 1
    middle = width / 2 + 1j * height / 2
    k = math.sqrt(width * height / n) * 0.6
    temperature = width / 10
    for _ in range(iterations):
        apart = pos[:, None] - pos[None, :]  # every a - b
        squared = np.maximum(apart.real**2 + apart.imag**2, 0.0001)  # distances of at least 0.01
        shift = (apart * (k * k / squared)).sum(axis=1)
        shift += (middle - pos) * (0.05 * k / 10)  # gravity keeps loose parts near the middle
        if len(edges):
            along = pos[first] - pos[second]
            shift += ends @ (along * (np.maximum(np.abs(along), 0.01) / k * pull))
        size = np.maximum(np.abs(shift), 0.01)
        pos = pos + shift / size * np.minimum(size, temperature)
        pos = np.clip(pos.real, 40.0, width - 40.0) + 1j * np.clip(pos.imag, 20.0, height - 20.0)
        temperature *= 0.92  # as cool after 60 steps as 0.96 after 120: the same settling, half the work
    return {node: (round(float(p.real), 1), round(float(p.imag), 1)) for node, p in zip(nodes, pos, strict=True)}


def _graph_svg(
    nodes: list[tuple[str, str, str, int]],
    edges: list[tuple[str, str, int]],
    renderer: _Renderer,
    page: str,
    width: int,
    height: int,
) -> dict:
    """Nodes (iri, label, kind, size) and weighted edges, laid out for the svg template."""
    layout = _layout([n[0] for n in nodes], edges, width, height)
    return {
        "width": width,
        "height": height,
        "nodes": [
            {
                "iri": iri,
                "label": label,
                "colour": _COLOURS.get(kind, "#777"),
                "x": layout[iri][0],
                "y": layout[iri][1],
                "r": min(18, 4 + 2 * math.sqrt(size)),
            }
            for iri, label, kind, size in nodes
        ],
        "edges": [
            {"x1": layout[a][0], "y1": layout[a][1], "x2": layout[b][0], "y2": layout[b][1], "w": min(6, weight)}
            for a, b, weight in edges
        ],
    }


def _network_svg(data: _Data, cooc: dict, renderer: _Renderer, popular_limit: int) -> dict:
    chosen = sorted(data.entities.values(), key=lambda e: (-len({m["article"] for m in e.mentions}), e.label))[
        :popular_limit
    ]
    keep = {e.iri for e in chosen}
    edges = sorted({(min(a, b), max(a, b), n) for a in keep for b, n in cooc.get(a, []) if b in keep and n >= 2})
    linked = {a for a, _, _ in edges} | {b for _, b, _ in edges}
    nodes = [(e.iri, e.label, e.kind, len({m["article"] for m in e.mentions})) for e in chosen if e.iri in linked]
    return _graph_svg(nodes, edges, renderer, "", 900, 560)


def _article_svg(article: Article, data: _Data, renderer: _Renderer) -> dict:
    counts = Counter(m["target"] for m in article.mentions if m["target"] in data.entities)
    chosen = [iri for iri, _ in counts.most_common(25)]
    sentences: list[set[str]] = []
    text = article.text
    bounds = (
        [0]
        + [i + 1 for i, c in enumerate(text) if c == "." and i + 1 < len(text) and text[i + 1] in " \n"]
        + [len(text)]
    )
    for lo, hi in itertools.pairwise(bounds):
        present = {m["target"] for m in article.mentions if lo <= m["begin"] < hi and m["target"] in chosen}
        if len(present) > 1:
            sentences.append(present)
    weights: Counter = Counter()
    for present in sentences:
        ordered = sorted(present)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weights[(a, b)] += 1
    nodes = [(iri, data.entities[iri].label, data.entities[iri].kind, counts[iri]) for iri in sorted(chosen)]
    edges = [(a, b, n) for (a, b), n in sorted(weights.items())]
    return _graph_svg(nodes, edges, renderer, article.iri, 760, 420)


def _timeline_svg(events: list[EventInfo], colours: dict[str, str]) -> dict:
    import datetime as dt

    def ordinal(value: str) -> int | None:
        """A day number for a date, month or year (its middle); None for what no calendar holds."""
        try:
            parts = [int(p) for p in value.split("-")]
            year, month = parts[0], parts[1] if len(parts) > 1 else 7
            day = parts[2] if len(parts) > 2 else 15 if len(parts) > 1 else 1
            return dt.date(year, month, min(day, 28)).toordinal()
        except (ValueError, IndexError, OverflowError):
            return None

    dated = [(e, ordinal(e.date)) for e in events if e.date]
    dated = [(e, day) for e, day in dated if day is not None]
    if not dated:
        return {"width": 900, "height": 60, "points": [], "ticks": []}
    lo, hi = min(day for _, day in dated), max(day for _, day in dated)
    span = max(hi - lo, 1)
    width, left, right = 900, 40, 20
    lanes: dict[str, int] = {}
    points = []
    for e, day in dated:
        lane = lanes.setdefault(e.kind, len(lanes))
        x = left + (day - lo) / span * (width - left - right)
        points.append(
            {
                "x": round(x, 1),
                "y": 30 + lane * 22,
                "colour": colours.get(e.kind, "#777"),
                "label": e.label,
                "iri": e.iri,
                "kind": e.kind,
            }
        )
    first, last = dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year
    step = max(1, math.ceil((last - first + 1) / 20))  # at most about twenty year ticks
    ticks = []
    for year in range(first + (-first % step), min(last, 9998) + 2, step):
        x = left + (dt.date(year, 1, 1).toordinal() - lo) / span * (width - left - right)
        if left <= x <= width - right:
            ticks.append({"x": round(x, 1), "label": str(year)})
    height = 50 + 22 * len(lanes)
    return {
        "width": width,
        "height": height,
        "points": points,
        "ticks": ticks,
        "lanes": [{"kind": k, "y": 30 + i * 22, "colour": colours.get(k, "#777")} for k, i in lanes.items()],
    }
