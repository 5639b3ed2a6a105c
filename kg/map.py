"""Map: one Extraction to one RDF graph under ontology.ttl (NIF 2.0 mentions, PROV-O provenance)."""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import quote

import rdflib
from rdflib import Graph, Literal, URIRef

from .gazetteer import gazetteer
from .identity import Kind, entity_key, org_base, split_key
from .iri import DCT, GEO, ITSRDF, KGO, NIF, PREFIXES, PROV, SCHEMA, Minter, external_iri
from .records import Entity, Event, Extraction, Geo, Quote, Role, Span, TimeValue


class _Cached:
    """One of rdflib's namespaces (RDF, XSD, ...) with each term made once: rdflib builds a new
    URIRef on every attribute lookup, tens of thousands of times a build."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found on the instance from now on
        return term


RDF, RDFS, SKOS, XSD, OWL = (_Cached(n) for n in (rdflib.RDF, rdflib.RDFS, rdflib.SKOS, rdflib.XSD, rdflib.OWL))

_CLASS = {"Person": KGO.Person, "Organization": KGO.Organization, "Place": KGO.Place, "Product": KGO.Product}
_SCHEMA_CLASS = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Product": SCHEMA.Product,
}
_DATATYPE = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}
_ROLE_PROPERTY = {
    "agent": KGO.agent,
    "patient": KGO.patient,
    "mediator": KGO.mediator,
    "recipient": KGO.recipient,
    "supplier": KGO.supplier,
    "origin": KGO.origin,
    "destination": KGO.destination,
    "region": KGO.region,  # the region written after the place ("Everett, Washington")
    "location": SCHEMA.location,  # another place of a list the event's place opens, a waypoint
}


def to_graph(extraction: Extraction, minter: Minter, labels: dict[str, str] | None = None) -> Graph:
    """The RDF graph of one article: metadata, text, mentions, entities, events, quotes, roles."""
    graph = new_graph()
    for triple in _Mapper(extraction, minter, labels if labels is not None else {}).triples:
        graph.add(triple)
    return graph


def to_ntriples(extraction: Extraction, minter: Minter, labels: dict[str, str] | None = None) -> list[str]:
    """The same graph as ``to_graph``, as its sorted N-Triples statements (no rdflib store: 3x faster)."""
    triples = _Mapper(extraction, minter, labels if labels is not None else {}).triples
    return sorted({f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in triples})


def _term(term) -> str:
    """A term in N-Triples, written as rdflib's N-Triples serialiser writes it (the same bytes)."""
    if not isinstance(term, Literal):
        return f"<{term}>"
    escaped = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    quoted = f'"{escaped}"'
    if term.language:
        return f"{quoted}@{term.language}"
    return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted


def entity_iri(minter: Minter, key: str) -> URIRef:
    """The IRI of an entity from its key ("Person:volodymyr zelensky")."""
    kind, identity = split_key(key)
    return URIRef(minter.entity(kind, identity))


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


class _Mapper:
    def __init__(self, extraction: Extraction, minter: Minter, labels: dict[str, str]) -> None:
        self.x = extraction
        self.minter = minter
        self.labels = labels
        self.key = extraction.article.key
        # the pipeline reads English; texts, titles, labels and quotes say so
        self.language = "en"
        self.triples: set[tuple] = set()
        self.article = URIRef(minter.article(self.key))
        self.context = URIRef(minter.context(self.key, len(extraction.article.text)))
        self._places_described: set[str] = set()
        self._article()
        self._provenance()
        entities = {e.key: e for e in extraction.entities}
        for entity in extraction.entities:
            self._entity(entity, entities)
        for mention in extraction.mentions:
            node = self._span(Span(mention.start, mention.end, mention.text), kind=KGO.Mention)
            entity = entities[mention.entity]
            self.add(node, ITSRDF.taIdentRef, entity_iri(minter, mention.entity))
            self.add(node, ITSRDF.taClassRef, _CLASS[entity.kind])
        for event in extraction.events:
            self._event(event)
        for quote_ in extraction.quotes:
            self._quote(quote_)
        for role in extraction.roles:
            self._role(role)

    def add(self, s, p, o) -> None:
        self.triples.add((s, p, o))

    def text(self, value: str) -> Literal:
        """Words from the article (or names it gives), tagged with its language.

        A name the article gives only in another script ("Володимир Зеленський" in an English
        story) is tagged "und" (language undetermined), not the article's language.
        """
        letters = [c for c in value if c.isalpha()]
        if letters and not any(_latin(c) for c in letters):
            return Literal(value, lang="und")
        return Literal(value, lang=self.language)

    # -- article -----------------------------------------------------------

    def _article(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, RDF.type, KGO.NewsArticle)
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, SCHEMA.identifier, Literal(art.key))
        self.add(a, RDFS.label, self.text(art.title or art.key))
        if art.title:
            self.add(a, SCHEMA.headline, self.text(art.title))
        if art.published:
            self.add(a, SCHEMA.datePublished, Literal(art.published.isoformat(), datatype=XSD.date))
        else:
            # said, not guessed: relative dates ("on Friday") in it stay unresolved
            self.add(a, KGO.publicationDateFound, Literal(False))
        iri = external_iri(art.url)
        url = URIRef(iri) if iri else None
        if url is not None:
            self.add(a, SCHEMA.url, url)
        elif art.url:
            self.add(a, KGO.statedUrl, Literal(art.url))
        host = art.publisher_host if url is not None else None
        if host:
            publisher = URIRef(self.minter.publisher(host))
            self.add(a, SCHEMA.publisher, publisher)
            self._typed(publisher, "Organization", host)
            self.add(publisher, SCHEMA.url, URIRef(f"https://{quote(host, safe='.-')}/"))
        for name in art.authors:
            key = entity_key(Kind.PERSON, name)
            author = entity_iri(self.minter, key)
            self.add(a, SCHEMA.author, author)
            self._typed(author, "Person", self.labels.get(key, name))
        if art.agency:
            key = f"{Kind.ORGANIZATION}:{org_base(art.agency)}"
            agency = entity_iri(self.minter, key)
            self.add(a, KGO.agency, agency)
            self._typed(agency, "Organization", self.labels.get(key, art.agency))
        self.add(a, DCT.source, Literal(_display_source(art.source)))
        if art.language:
            self.add(a, SCHEMA.inLanguage, Literal(art.language))
        if art.site_name:
            self.add(a, KGO.siteName, Literal(art.site_name))
        record = _record_iri(art.archive_record)
        if record is not None:
            # the web archive capture the article was read from, as PROV describes a source
            self.add(a, PROV.wasDerivedFrom, record)
            # a prov:Entity by the ontology; not typed so here, which would file it with the corpus
            # graph's shared descriptions: it belongs to this article alone
            self.add(record, RDF.type, KGO.ArchiveRecord)
            target = external_iri(art.url) if art.url else None
            if target:
                self.add(record, KGO.capturedFrom, URIRef(target))
            captured = _timestamp(art.captured)
            if captured is not None:
                self.add(record, PROV.generatedAtTime, captured)
        self.add(a, KGO.context, self.context)
        c = self.context
        self.add(c, RDF.type, NIF.Context)
        self.add(c, RDF.type, NIF.RFC5147String)
        self.add(c, NIF.isString, Literal(art.text))
        self.add(c, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger))
        self.add(c, NIF.endIndex, Literal(len(art.text), datatype=XSD.nonNegativeInteger))
        if url is not None:
            self.add(c, NIF.sourceUrl, url)
        self.add(c, PROV.wasDerivedFrom, a)

    def _provenance(self) -> None:
        info = self.x.model
        activity = URIRef(self.minter.activity(self.key))
        software = URIRef(self.minter.software(info.version))
        model = URIRef(self.minter.model(info.model, info.model_version))
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, RDFS.label, Literal(f"kg extraction of {self.key}", lang="en"))
        self.add(activity, PROV.used, self.article)
        self.add(activity, PROV.wasAssociatedWith, software)
        self.add(activity, KGO.model, model)
        self.add(self.context, PROV.wasGeneratedBy, activity)
        self.add(software, RDF.type, PROV.SoftwareAgent)
        self.add(software, RDF.type, SCHEMA.SoftwareApplication)
        self.add(software, RDFS.label, Literal(f"{info.software} {info.version}", lang="en"))
        self.add(software, SCHEMA.softwareVersion, Literal(info.version))
        self.add(model, RDF.type, PROV.Entity)
        self.add(model, RDF.type, SCHEMA.CreativeWork)  # a trained model: schema:version's domain
        self.add(model, RDFS.label, Literal(f"{info.model} {info.model_version}", lang="en"))
        self.add(model, SCHEMA.version, Literal(info.model_version))

    # -- entities ------------------------------------------------------------

    def _typed(self, node: URIRef, kind: str, label: str) -> None:
        self.add(node, RDF.type, _CLASS[kind])
        self.add(node, RDF.type, _SCHEMA_CLASS[kind])
        self.add(node, RDFS.label, self.text(label))
        self.add(node, SKOS.prefLabel, self.text(label))
        self.add(node, SCHEMA.name, self.text(label))

    def _entity(self, entity: Entity, entities: dict[str, Entity]) -> None:
        node = entity_iri(self.minter, entity.key)
        label = self.labels.get(entity.key, entity.label)
        self._typed(node, entity.kind, label)
        for alias in sorted(set(entity.aliases) | ({entity.label} - {label})):
            if alias != label:
                self.add(node, SKOS.altLabel, self.text(alias))
        for link in entity.same_as:
            self.add(node, OWL.sameAs, URIRef(link))
        for reason in entity.evidence:
            self.add(node, KGO.identityEvidence, Literal(reason, lang="en"))
        self.add(node, PROV.wasDerivedFrom, self.article)
        self.add(self.article, SCHEMA.mentions, node)
        if entity.geo is not None:
            self._geo(node, entity.geo)
        if entity.maker and entity.maker in entities:
            self.add(node, SCHEMA.manufacturer, entity_iri(self.minter, entity.maker))
        if entity.nationality:
            country = entity_iri(self.minter, entity.nationality)
            self.add(node, SCHEMA.nationality, country)
            if entity.nationality not in entities:
                self._country_node(entity.nationality)

    def _geo(self, node: URIRef, geo: Geo) -> None:
        if geo.geonames_id:
            self.add(node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{geo.geonames_id}/"))
        if geo.latitude is not None and geo.longitude is not None:
            self.add(node, GEO.lat, Literal(_decimal(round(geo.latitude, 5)), datatype=XSD.decimal))
            self.add(node, GEO.long, Literal(_decimal(round(geo.longitude, 5)), datatype=XSD.decimal))
        if geo.feature == "country":
            self.add(node, RDF.type, SCHEMA.Country)  # what schema:nationality points at
        if geo.iso_code:
            self.add(node, KGO.isoCode, Literal(geo.iso_code))
        if geo.country_code:
            self.add(node, KGO.countryCode, Literal(geo.country_code))
            if geo.feature != "country":
                country = gazetteer().countries.get(geo.country_code)
                if country is not None:
                    key = _place_key(country)
                    self.add(node, SCHEMA.containedInPlace, entity_iri(self.minter, key))
                    self._country_node(key, country)

    def _country_node(self, key: str, geo: Geo | None = None) -> None:
        if key in self._places_described:
            return
        self._places_described.add(key)
        node = entity_iri(self.minter, key)
        if geo is None:
            code = key.rsplit(" ", 1)[-1]
            geo = next((g for g in gazetteer().countries.values() if str(g.geonames_id) == code), None)
        if geo is None:
            return
        self._typed(node, "Place", self.labels.get(key, geo.name))
        self._geo(node, geo)

    # -- spans -----------------------------------------------------------------

    def _span(self, span: Span, kind: URIRef | None = None) -> URIRef:
        node = URIRef(self.minter.span(self.key, span.start, span.end))
        self.add(node, RDF.type, NIF.RFC5147String)
        if kind is not None:
            self.add(node, RDF.type, kind)
            if kind == KGO.Mention:
                self.add(node, RDF.type, NIF.Phrase)
        self.add(node, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(node, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(node, NIF.anchorOf, Literal(span.text))
        self.add(node, NIF.referenceContext, self.context)
        return node

    def _sentence(self, span: Span) -> URIRef:
        return self._span(span, kind=NIF.Sentence)

    def _time(self, node: URIRef, time: TimeValue) -> None:
        if time.datatype == "interval":
            begin, end = time.value.split("/")
            self.add(node, SCHEMA.startDate, Literal(begin, datatype=XSD.date))
            self.add(node, SCHEMA.endDate, Literal(end, datatype=XSD.date))
        else:
            self.add(node, SCHEMA.startDate, Literal(time.value, datatype=_DATATYPE[time.datatype]))
        self.add(node, KGO.timeExpression, self.text(time.text))
        self.add(node, KGO.timeMention, self._span(Span(time.start, time.end, time.text)))

    # -- events, quotes, roles -------------------------------------------------

    def _event(self, event: Event) -> None:
        node = URIRef(self.minter.event(event.kind, event.key))
        self.add(node, RDF.type, KGO[event.kind])
        self.add(node, RDF.type, KGO.Event)
        self.add(node, RDF.type, SCHEMA.Event)
        self.add(node, RDFS.label, Literal(event.label, lang="en"))  # kg's own words
        self.add(node, SCHEMA.name, Literal(event.label, lang="en"))
        for trigger in event.triggers:
            mention = self._span(trigger, kind=KGO.Mention)
            self.add(node, KGO.trigger, mention)
            self.add(mention, ITSRDF.taIdentRef, node)
        self.add(node, KGO.sentence, self._sentence(event.sentence))
        if event.time is not None:
            self._time(node, event.time)
        elif event.as_of is not None:
            # no date in the text: the tense places it at the article's date ("has signed", "signs")
            self.add(node, SCHEMA.startDate, Literal(event.as_of, datatype=XSD.date))
            self.add(node, KGO.dateSource, KGO.PublicationDate)
        elif event.not_after is not None:
            # told in the past tense with no date: on or before the article's date, no more is known
            self.add(node, KGO.notAfter, Literal(event.not_after, datatype=XSD.date))
        if event.place:
            self.add(node, SCHEMA.location, entity_iri(self.minter, event.place))
        for participant in event.participants:
            self.add(
                node, _ROLE_PROPERTY.get(participant.role, KGO.participant), entity_iri(self.minter, participant.entity)
            )
        for quantity in event.quantities:
            q = URIRef(self.minter.quantity(self.key, quantity.start, quantity.end))
            self.add(node, KGO.quantity, q)
            self.add(q, RDF.type, SCHEMA.QuantitativeValue)
            self.add(q, SCHEMA.value, Literal(_decimal(quantity.value), datatype=XSD.decimal))
            self.add(q, SCHEMA.unitText, Literal(quantity.unit))
            self.add(q, RDFS.label, self.text(quantity.text))
            self.add(q, KGO.evidence, self._span(Span(quantity.start, quantity.end, quantity.text)))
        if event.reported_by:
            self.add(node, KGO.reportedBy, entity_iri(self.minter, event.reported_by))
        self.add(node, KGO.factuality, KGO[event.factuality])
        if event.same_as_evidence:
            self.add(node, KGO.identityEvidence, Literal(event.same_as_evidence, lang="en"))
        if event.factuality_cue is not None:
            self.add(node, KGO.factualityCue, self._span(event.factuality_cue))
        self.add(node, PROV.wasDerivedFrom, self.article)
        self.add(self.article, SCHEMA.mentions, node)

    def _quote(self, quote_: Quote) -> None:
        node = URIRef(self.minter.quote(self.key, quote_.span.start, quote_.span.end))
        if quote_.direct:
            self.add(node, RDF.type, KGO.Quotation)
            self.add(node, RDF.type, SCHEMA.Quotation)
        else:
            self.add(node, RDF.type, KGO.Claim)
            self.add(node, RDF.type, SCHEMA.Claim)
        self.add(node, SCHEMA.text, self.text(quote_.span.text))
        self.add(node, KGO.evidence, self._span(quote_.span))
        self.add(node, KGO.sentence, self._sentence(quote_.sentence))
        if quote_.speaker:
            self.add(node, KGO.speaker, entity_iri(self.minter, quote_.speaker))
        if quote_.cue:
            self.add(node, KGO.cue, self.text(quote_.cue))
        self.add(node, KGO.quotedIn, self.article)

    def _role(self, role: Role) -> None:
        title = f"{role.status} {role.title}" if role.status else role.title  # a former CEO is another role
        node = URIRef(self.minter.role(role.holder, title.lower(), role.organization))
        holder = entity_iri(self.minter, role.holder)
        self.add(node, RDF.type, KGO.Role)
        self.add(node, RDF.type, SCHEMA.Role)
        self.add(node, SCHEMA.roleName, self.text(role.title.lower()))
        self.add(node, RDFS.label, self.text(role.title.lower()))
        self.add(node, KGO.holder, holder)
        self.add(holder, KGO.holdsRole, node)
        if role.organization:
            self.add(node, KGO.roleIn, entity_iri(self.minter, role.organization))
        if role.status:
            self.add(node, KGO.roleStatus, Literal(role.status))
        if role.affiliation:
            self.add(holder, SCHEMA.affiliation, entity_iri(self.minter, role.affiliation))
        self.add(node, KGO.evidence, self._span(role.evidence))
        self.add(node, PROV.wasDerivedFrom, self.article)


def _place_key(geo: Geo) -> str:
    return entity_key(Kind.PLACE, geo.name, geo)


def _latin(char: str) -> bool:
    """Whether a letter is of the Latin script (with its accented forms)."""
    import unicodedata

    return unicodedata.name(char, "").startswith("LATIN")


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


_UUID_URN = re.compile(r"^<?(urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})>?$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def _record_iri(record_id: str | None) -> URIRef | None:
    """A WARC-Record-ID as an IRI: only the urn:uuid form WARC writers use, checked, never other schemes."""
    found = _UUID_URN.match(record_id.strip()) if record_id else None
    return URIRef(found.group(1).lower()) if found else None


def _timestamp(value: str | None) -> Literal | None:
    if value and _TIMESTAMP.match(value.strip()):
        return Literal(value.strip(), datatype=XSD.dateTime)
    return None


def _display_source(source: str) -> str:
    if re.match(r"^https?://", source):
        return source
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return f"{PurePath(path).name}:{line}"
    return PurePath(source).name
