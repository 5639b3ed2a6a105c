"""Map: one Extraction to one RDF graph under ontology.ttl (NIF 2.0 mentions, PROV-O provenance)."""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath
from urllib.parse import quote

from rdflib import Literal, URIRef

from .gazetteer import gazetteer
from .identity import Kind, entity_key, org_base, split_key
from .iri import DCT, GEO, ITSRDF, KGO, NIF, PROV, SCHEMA, Minter, external_iri
from .records import Entity, Event, Extraction, Geo, Quote, Role, Span, TimeValue


class _NT:
    """A namespace whose terms are N-Triples IRIs ("<https://schema.org/name>"), each made once."""

    def __init__(self, base: str) -> None:
        self._base = str(base)

    def __getattr__(self, name: str) -> str:
        term = f"<{self._base}{name}>"
        setattr(self, name, term)  # found on the instance from now on
        return term

    __getitem__ = __getattr__


RDF = _NT("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = _NT("http://www.w3.org/2000/01/rdf-schema#")
SKOS = _NT("http://www.w3.org/2004/02/skos/core#")
OWL = _NT("http://www.w3.org/2002/07/owl#")
DCT, GEO, ITSRDF, KGO, NIF, PROV, SCHEMA = (_NT(n) for n in (DCT, GEO, ITSRDF, KGO, NIF, PROV, SCHEMA))
# datatypes stay bare IRIs: they follow "^^" in a literal
_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE, XSD_DECIMAL, XSD_COUNT = f"{_XSD}date", f"{_XSD}decimal", f"{_XSD}nonNegativeInteger"
_FALSE = f'"false"^^<{_XSD}boolean>'

_CLASS = {"Person": KGO.Person, "Organization": KGO.Organization, "Place": KGO.Place, "Product": KGO.Product}
_SCHEMA_CLASS = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Product": SCHEMA.Product,
}
_DATATYPE = {"date": XSD_DATE, "gYearMonth": f"{_XSD}gYearMonth", "gYear": f"{_XSD}gYear"}
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


def to_ntriples(extraction: Extraction, minter: Minter, labels: dict[str, str] | None = None) -> list[str]:
    """The RDF graph of one article (metadata, text, mentions, entities, events, quotes, roles) as
    its sorted N-Triples statements, in the bytes rdflib's N-Triples serialiser writes."""
    return sorted(_Mapper(extraction, minter, labels if labels is not None else {}).statements)


# Terms are written straight as N-Triples: making rdflib terms only to write them out again was
# two thirds of the mapping's time.
def _iri(value: str) -> str:
    return f"<{value}>"


def _plain(value: str) -> str:
    """A string literal, escaped as rdflib's N-Triples serialiser escapes it."""
    return '"' + value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'


def _lang(value: str, language: str) -> str:
    return f"{_plain(value)}@{language}"


_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _literal(value: str | int, datatype: str) -> str:
    """A typed literal in the lexical form rdflib gives it (which normalises some, such as a
    dateTime's "Z"): the forms kg writes most are checked to be that form already."""
    if datatype == XSD_COUNT and type(value) is int:
        return f'"{value}"^^<{datatype}>'
    if (datatype == XSD_DECIMAL and _DECIMAL.fullmatch(value)) or (datatype == XSD_DATE and _valid_date(value)):
        return f'"{value}"^^<{datatype}>'
    term = Literal(value, datatype=URIRef(datatype))
    return f"{_plain(str(term))}^^<{datatype}>"


def _valid_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def entity_iri(minter: Minter, key: str) -> str:
    """The IRI of an entity from its key ("Person:volodymyr zelensky"), in N-Triples."""
    kind, identity = split_key(key)
    return _iri(minter.entity(kind, identity))


class _Mapper:
    def __init__(self, extraction: Extraction, minter: Minter, labels: dict[str, str]) -> None:
        self.x = extraction
        self.minter = minter
        self.labels = labels
        self.key = extraction.article.key
        # the pipeline reads English; texts, titles, labels and quotes say so
        self.language = "en"
        self.statements: set[str] = set()
        self.article = _iri(minter.article(self.key))
        self.context = _iri(minter.context(self.key, len(extraction.article.text)))
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

    def add(self, s: str, p: str, o: str) -> None:
        self.statements.add(f"{s} {p} {o} .")

    def text(self, value: str) -> str:
        """Words from the article (or names it gives), tagged with its language.

        A name the article gives only in another script ("Володимир Зеленський" in an English
        story) is tagged "und" (language undetermined), not the article's language.
        """
        letters = [c for c in value if c.isalpha()]
        if letters and not any(_latin(c) for c in letters):
            return _lang(value, "und")
        return _lang(value, self.language)

    # -- article -----------------------------------------------------------

    def _article(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, RDF.type, KGO.NewsArticle)
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, SCHEMA.identifier, _plain(art.key))
        self.add(a, RDFS.label, self.text(art.title or art.key))
        if art.title:
            self.add(a, SCHEMA.headline, self.text(art.title))
        if art.published:
            self.add(a, SCHEMA.datePublished, _literal(art.published.isoformat(), XSD_DATE))
        else:
            # said, not guessed: relative dates ("on Friday") in it stay unresolved
            self.add(a, KGO.publicationDateFound, _FALSE)
        iri = external_iri(art.url)
        url = _iri(iri) if iri else None
        if url is not None:
            self.add(a, SCHEMA.url, url)
        elif art.url:
            self.add(a, KGO.statedUrl, _plain(art.url))
        host = art.publisher_host if url is not None else None
        if host:
            publisher = _iri(self.minter.publisher(host))
            self.add(a, SCHEMA.publisher, publisher)
            self._typed(publisher, "Organization", host)
            self.add(publisher, SCHEMA.url, _iri(f"https://{quote(host, safe='.-')}/"))
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
        self.add(a, DCT.source, _plain(_display_source(art.source)))
        if art.language:
            self.add(a, SCHEMA.inLanguage, _plain(art.language))
        if art.site_name:
            self.add(a, KGO.siteName, _plain(art.site_name))
        record = _record_iri(art.archive_record)
        if record is not None:
            # the web archive capture the article was read from, as PROV describes a source
            self.add(a, PROV.wasDerivedFrom, record)
            # a prov:Entity by the ontology; not typed so here, which would file it with the corpus
            # graph's shared descriptions: it belongs to this article alone
            self.add(record, RDF.type, KGO.ArchiveRecord)
            target = external_iri(art.url) if art.url else None
            if target:
                self.add(record, KGO.capturedFrom, _iri(target))
            captured = _timestamp(art.captured)
            if captured is not None:
                self.add(record, PROV.generatedAtTime, captured)
        self.add(a, KGO.context, self.context)
        c = self.context
        self.add(c, RDF.type, NIF.Context)
        self.add(c, RDF.type, NIF.RFC5147String)
        self.add(c, NIF.isString, _plain(art.text))
        self.add(c, NIF.beginIndex, _literal(0, XSD_COUNT))
        self.add(c, NIF.endIndex, _literal(len(art.text), XSD_COUNT))
        if url is not None:
            self.add(c, NIF.sourceUrl, url)
        self.add(c, PROV.wasDerivedFrom, a)

    def _provenance(self) -> None:
        info = self.x.model
        activity = _iri(self.minter.activity(self.key))
        software = _iri(self.minter.software(info.version))
        model = _iri(self.minter.model(info.model, info.model_version))
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, RDFS.label, _lang(f"kg extraction of {self.key}", "en"))
        self.add(activity, PROV.used, self.article)
        self.add(activity, PROV.wasAssociatedWith, software)
        self.add(activity, KGO.model, model)
        self.add(self.context, PROV.wasGeneratedBy, activity)
        self.add(software, RDF.type, PROV.SoftwareAgent)
        self.add(software, RDF.type, SCHEMA.SoftwareApplication)
        self.add(software, RDFS.label, _lang(f"{info.software} {info.version}", "en"))
        self.add(software, SCHEMA.softwareVersion, _plain(info.version))
        self.add(model, RDF.type, PROV.Entity)
        self.add(model, RDF.type, SCHEMA.CreativeWork)  # a trained model: schema:version's domain
        self.add(model, RDFS.label, _lang(f"{info.model} {info.model_version}", "en"))
        self.add(model, SCHEMA.version, _plain(info.model_version))

    # -- entities ------------------------------------------------------------

    def _typed(self, node: str, kind: str, label: str) -> None:
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
            self.add(node, OWL.sameAs, _iri(link))
        for reason in entity.evidence:
            self.add(node, KGO.identityEvidence, _lang(reason, "en"))
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

    def _geo(self, node: str, geo: Geo) -> None:
        if geo.geonames_id:
            self.add(node, OWL.sameAs, _iri(f"https://sws.geonames.org/{geo.geonames_id}/"))
        if geo.latitude is not None and geo.longitude is not None:
            self.add(node, GEO.lat, _literal(_decimal(round(geo.latitude, 5)), XSD_DECIMAL))
            self.add(node, GEO.long, _literal(_decimal(round(geo.longitude, 5)), XSD_DECIMAL))
        if geo.feature == "country":
            self.add(node, RDF.type, SCHEMA.Country)  # what schema:nationality points at
        if geo.iso_code:
            self.add(node, KGO.isoCode, _plain(geo.iso_code))
        if geo.country_code:
            self.add(node, KGO.countryCode, _plain(geo.country_code))
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

    def _span(self, span: Span, kind: str | None = None) -> str:
        node = _iri(self.minter.span(self.key, span.start, span.end))
        self.add(node, RDF.type, NIF.RFC5147String)
        if kind is not None:
            self.add(node, RDF.type, kind)
            if kind == KGO.Mention:
                self.add(node, RDF.type, NIF.Phrase)
        self.add(node, NIF.beginIndex, _literal(span.start, XSD_COUNT))
        self.add(node, NIF.endIndex, _literal(span.end, XSD_COUNT))
        self.add(node, NIF.anchorOf, _plain(span.text))
        self.add(node, NIF.referenceContext, self.context)
        return node

    def _sentence(self, span: Span) -> str:
        return self._span(span, kind=NIF.Sentence)

    def _time(self, node: str, time: TimeValue) -> None:
        if time.datatype == "interval":
            begin, end = time.value.split("/")
            self.add(node, SCHEMA.startDate, _literal(begin, XSD_DATE))
            self.add(node, SCHEMA.endDate, _literal(end, XSD_DATE))
        else:
            self.add(node, SCHEMA.startDate, _literal(time.value, _DATATYPE[time.datatype]))
        self.add(node, KGO.timeExpression, self.text(time.text))
        self.add(node, KGO.timeMention, self._span(Span(time.start, time.end, time.text)))

    # -- events, quotes, roles -------------------------------------------------

    def _event(self, event: Event) -> None:
        node = _iri(self.minter.event(event.kind, event.key))
        self.add(node, RDF.type, KGO[event.kind])
        self.add(node, RDF.type, KGO.Event)
        self.add(node, RDF.type, SCHEMA.Event)
        self.add(node, RDFS.label, _lang(event.label, "en"))  # kg's own words
        self.add(node, SCHEMA.name, _lang(event.label, "en"))
        for trigger in event.triggers:
            mention = self._span(trigger, kind=KGO.Mention)
            self.add(node, KGO.trigger, mention)
            self.add(mention, ITSRDF.taIdentRef, node)
        self.add(node, KGO.sentence, self._sentence(event.sentence))
        if event.time is not None:
            self._time(node, event.time)
        elif event.as_of is not None:
            # no date in the text: the tense places it at the article's date ("has signed", "signs")
            self.add(node, SCHEMA.startDate, _literal(event.as_of, XSD_DATE))
            self.add(node, KGO.dateSource, KGO.PublicationDate)
        elif event.not_after is not None:
            # told in the past tense with no date: on or before the article's date, no more is known
            self.add(node, KGO.notAfter, _literal(event.not_after, XSD_DATE))
        if event.place:
            self.add(node, SCHEMA.location, entity_iri(self.minter, event.place))
        for participant in event.participants:
            self.add(
                node, _ROLE_PROPERTY.get(participant.role, KGO.participant), entity_iri(self.minter, participant.entity)
            )
        for quantity in event.quantities:
            q = _iri(self.minter.quantity(self.key, quantity.start, quantity.end))
            self.add(node, KGO.quantity, q)
            self.add(q, RDF.type, SCHEMA.QuantitativeValue)
            self.add(q, SCHEMA.value, _literal(_decimal(quantity.value), XSD_DECIMAL))
            self.add(q, SCHEMA.unitText, _plain(quantity.unit))
            self.add(q, RDFS.label, self.text(quantity.text))
            self.add(q, KGO.evidence, self._span(Span(quantity.start, quantity.end, quantity.text)))
        if event.reported_by:
            self.add(node, KGO.reportedBy, entity_iri(self.minter, event.reported_by))
        self.add(node, KGO.factuality, KGO[event.factuality])
        if event.same_as_evidence:
            self.add(node, KGO.identityEvidence, _lang(event.same_as_evidence, "en"))
        if event.factuality_cue is not None:
            self.add(node, KGO.factualityCue, self._span(event.factuality_cue))
        self.add(node, PROV.wasDerivedFrom, self.article)
        self.add(self.article, SCHEMA.mentions, node)

    def _quote(self, quote_: Quote) -> None:
        node = _iri(self.minter.quote(self.key, quote_.span.start, quote_.span.end))
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
        node = _iri(self.minter.role(role.holder, title.lower(), role.organization))
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
            self.add(node, KGO.roleStatus, _plain(role.status))
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


def _record_iri(record_id: str | None) -> str | None:
    """A WARC-Record-ID as an IRI: only the urn:uuid form WARC writers use, checked, never other schemes."""
    found = _UUID_URN.match(record_id.strip()) if record_id else None
    return _iri(found.group(1).lower()) if found else None


def _timestamp(value: str | None) -> str | None:
    if value and _TIMESTAMP.match(value.strip()):
        return _literal(value.strip(), f"{_XSD}dateTime")
    return None


def _display_source(source: str) -> str:
    if re.match(r"^https?://", source):
        return source
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return f"{PurePath(path).name}:{line}"
    return PurePath(source).name
