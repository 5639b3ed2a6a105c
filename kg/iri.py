"""Deterministic, always-valid IRIs for everything kg publishes."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import Namespace

from .errors import UsageError

DEFAULT_BASE = "https://kg.example.org/id/"


class _Terms(Namespace):
    """A namespace whose terms (``KGO.Person``) are made once: rdflib makes and checks a new
    URIRef on every attribute access, tens of thousands of times a build."""

    @functools.cache  # noqa: B019 (a handful of module-level namespaces, never freed)
    def __getattr__(self, name: str):
        return super().__getattr__(name)


KGO = _Terms("https://kg.example.org/ontology#")
SCHEMA = _Terms("https://schema.org/")
NIF = _Terms("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = _Terms("http://www.w3.org/2005/11/its/rdf#")
PROV = _Terms("http://www.w3.org/ns/prov#")
GEO = _Terms("http://www.w3.org/2003/01/geo/wgs84_pos#")
GN = _Terms("https://www.geonames.org/ontology#")
DCT = _Terms("http://purl.org/dc/terms/")
VOID = _Terms("http://rdfs.org/ns/void#")
DCAT = _Terms("http://www.w3.org/ns/dcat#")
SH = _Terms("http://www.w3.org/ns/shacl#")

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
ALLOWED_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_HOST_PORT = re.compile(r"(?:(?:[^\s/?#@:\[\]<>\"{}|\\^`%]|%[0-9A-Fa-f]{2})+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?")
_NOT_IN_IRI = frozenset('<>"{}|\\^`[]')
_NOT_IN_IRI_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})


def external_iri(value: object) -> str | None:
    """A value from outside kg (an article's url, a same-as link) as an IRI, or None if it cannot be one.

    This is the one gate for such values before they reach RDF or HTML: the scheme must be
    one of ``ALLOWED_SCHEMES`` (never ``javascript:``, ``data:`` or ``file:``), the host a
    host and the port a number; characters an IRI cannot hold are percent-encoded, as a
    browser does ("9%_drop" becomes "9%25_drop", a space "%20").
    """
    from urllib.parse import urlsplit, urlunsplit

    if not isinstance(value, str):
        return None
    text = value.strip()
    scheme = _SCHEME.match(text)
    if not scheme or scheme.group(1).lower() not in ALLOWED_SCHEMES or any(c.isspace() for c in scheme.group(0)):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:  # an unclosed IPv6 bracket, a port that is not a number
        return None
    if not _HOST_PORT.fullmatch(parts.netloc.rpartition("@")[2]):
        return None
    iri = urlunsplit(
        (
            parts.scheme.lower(),
            parts.netloc,
            _encode(parts.path, ""),
            _encode(parts.query, "?"),
            _encode(parts.fragment, "?"),
        )
    )
    # urlunsplit drops an empty query or fragment; "https://x.org/kg#" must keep its "#"
    head, hash_mark, _ = text.partition("#")
    if head.endswith("?") and not parts.query:
        iri = iri.split("#", 1)[0] + "?" + (iri[len(iri.split("#", 1)[0]) :])
    if hash_mark and not parts.fragment:
        iri += "#"
    try:
        import pyoxigraph

        pyoxigraph.NamedNode(iri)
    except ValueError:
        return None
    return iri


def _encode(component: str, also_allowed: str) -> str:
    """A URL component with what an IRI cannot hold percent-encoded (UTF-8)."""
    out = []
    for i, char in enumerate(component):
        if char == "%" and _HEX2.match(component, i + 1):
            out.append(char)
        elif (
            char == "%"
            or (char in _NOT_IN_IRI and char not in also_allowed)
            or (char == "#" and "#" not in also_allowed)
            or (char == "?" and "?" not in also_allowed)
            or unicodedata.category(char) in _NOT_IN_IRI_CATEGORIES
            or _noncharacter(char)
        ):
            out.append("".join(f"%{b:02X}" for b in char.encode("utf-8", "replace")))
        else:
            out.append(char)
    return "".join(out)


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


@functools.lru_cache(maxsize=1 << 16)  # an entity's name is minted once a mention: fold it once
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
    """The base IRI if usable (absolute http(s), ending in / or #), else a UsageError."""
    if not isinstance(base, str) or not base.endswith(("/", "#")) or external_iri(base) != base:
        raise UsageError(
            f"base IRI {base!r} must be an absolute http(s) IRI ending in '/' or '#'; pass --base with one"
        )
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

    def corpus_graph(self) -> str:
        """The named graph that holds what the articles share: one description of each entity."""
        return f"{self.base}corpus/graph"

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
