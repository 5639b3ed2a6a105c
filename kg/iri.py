"""Deterministic, always-valid IRIs for everything kg publishes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace

DEFAULT_BASE = "https://kg.example.org/id/"
KGO = Namespace("https://kg.example.org/ontology#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GN = Namespace("https://www.geonames.org/ontology#")
DCT = Namespace("http://purl.org/dc/terms/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kgo": str(KGO),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "prov": str(PROV),
    "geo": str(GEO),
    "gn": str(GN),
    "dct": str(DCT),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_MAX_SLUG = 64


def slug(text: str) -> str:
    """A readable IRI path segment for any string: letters and digits joined by hyphens."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(_fold_latin(c) for c in folded)
    words = [w for w in re.split(r"[^\w]+|_", folded) if w and all(c.isalnum() for c in w)]
    result = "-".join(words)
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if not result:
        return f"x-{digest}"
    if len(result) > _MAX_SLUG:
        return f"{result[:_MAX_SLUG].rstrip('-')}-{digest}"
    return result


def _fold_latin(char: str) -> str:
    """Drop accents from Latin letters (é -> e); leave other scripts as they are."""
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[0].isascii():
        return "".join(c for c in decomposed if c.isascii())
    return char


def check_base(base: str) -> str:
    """The base IRI if usable (absolute http(s), ending in / or #), else ValueError."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", base):
        raise ValueError(f"base IRI {base!r} must be an absolute http(s) IRI ending in '/' or '#'")
    return base


class Minter:
    """Mints the IRIs of one build from its base IRI."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = check_base(base)

    def article(self, key: str) -> str:
        """The article itself (a schema:NewsArticle)."""
        return f"{self.base}article/{slug(key)}"

    def graph(self, key: str) -> str:
        """The named graph that holds one article's statements."""
        return f"{self.article(key)}/graph"

    def context(self, key: str, length: int) -> str:
        """The NIF context: the whole analysed text."""
        return self.span(key, 0, length)

    def span(self, key: str, start: int, end: int) -> str:
        """A NIF string: characters [start, end) of the article's text (RFC 5147)."""
        return f"{self.article(key)}/text#char={start},{end}"

    def entity(self, kind: str, name: str) -> str:
        """A person, organisation or place: the same name and kind give the same IRI."""
        return f"{self.base}{kind.lower()}/{slug(name)}"

    def event(self, kind: str, identity: str) -> str:
        """An event, identified by its class and what makes it that event."""
        digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
        return f"{self.base}event/{slug(kind)}-{digest}"

    def quote(self, key: str, start: int, end: int) -> str:
        """A quotation at characters [start, end) of an article."""
        return f"{self.article(key)}/quote/{start}-{end}"

    def role(self, holder: str, title: str, organization: str | None) -> str:
        """A role: who holds which title where."""
        parts = [holder, title, organization or ""]
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
        return f"{self.base}role/{slug(title)}-{digest}"

    def time(self, value: str) -> str:
        """A normalised time value (a day, month, year or interval)."""
        return f"{self.base}time/{value.replace('/', '--')}"

    def quantity(self, key: str, start: int, end: int) -> str:
        """A quantity stated at characters [start, end) of an article."""
        return f"{self.article(key)}/quantity/{start}-{end}"

    def activity(self, key: str) -> str:
        """The extraction run that produced one article's graph."""
        return f"{self.article(key)}/extraction"

    def software(self, version: str) -> str:
        """The kg release that did the work."""
        return f"{self.base}software/kg/{slug(version)}"

    def model(self, name: str, version: str) -> str:
        """The spaCy pipeline that did the work."""
        return f"{self.base}software/{slug(name)}/{slug(version)}"

    def publisher(self, host: str) -> str:
        """The organisation behind a website host."""
        return f"{self.base}organization/{slug(host)}"

    def dataset(self) -> str:
        """The published dataset as a whole."""
        return f"{self.base}dataset"
