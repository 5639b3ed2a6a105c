"""Validate: SHACL over RDF graphs with the shapes in shapes/.

Two engines: ``shacl`` (compiled Rust, the default: it passes the W3C SHACL core tests
pySHACL passes, and validates kg's article graphs about seventy times faster;
bench/shacl_conformance.py) and pySHACL, the reference, which the tests check it against.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.plugins.sparql import processor

from .errors import UsageError, one_line
from .iri import SH
from .resources import shapes_files


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether a graph conforms, with its results and the raw SHACL report graph."""

    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph


@functools.lru_cache(maxsize=4)
def load_shapes(extra: tuple[str, ...] = ()) -> Graph:
    """The shapes graph: kg's shapes plus any extra shapes files."""
    graph = Graph()
    for path in [*shapes_files(), *map(Path, extra)]:
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise UsageError(f"{path}: cannot read the shapes ({exc}); fix the Turtle syntax") from exc
    return graph


ENGINES = ("shacl", "pyshacl")
DEFAULT_ENGINE = "shacl"


@functools.lru_cache(maxsize=4)
def _compiled(extra: tuple[str, ...] = ()):
    """The shapes compiled once for the Rust engine."""
    import shacl as engine

    return engine.Shapes.from_text(load_shapes(extra).serialize(format="nt"), format="ntriples")


@functools.lru_cache(maxsize=1)
def shapes_digest() -> str:
    """A digest of what decides whether a graph conforms: kg's shapes, the engines' and kg's versions."""
    import hashlib
    from importlib.metadata import version

    from . import __version__

    versions = f"kg {__version__} pyshacl {version('pyshacl')} shacl {version('shacl')} {DEFAULT_ENGINE}"
    digest = hashlib.sha256(f"{versions}\n".encode())
    for path in shapes_files():
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=256)
def _translated(text: str, base: str | None, namespaces: tuple):
    return processor.translateQuery(processor.parseQuery(text), base, dict(namespaces))


@contextlib.contextmanager
def _sparql_translations_reused():
    """While validating, parse each SHACL-SPARQL query once per process, not once per graph.

    pySHACL hands rdflib the same query text for every graph, and rdflib's parser
    (pyparsing) then dominates validation time. A translated query is not changed by
    evaluation, so the translation of a given text can be reused. rdflib is patched only
    for the duration, and restored after: other users of rdflib in the process see it as it is.
    """
    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def prepare(extra_shapes: tuple[str, ...] = ()) -> None:
    """Compile the shapes now: worker processes forked afterwards share them instead of each
    compiling its own (a fifth of a second each)."""
    _compiled(extra_shapes)


def validate(
    graph: Graph | str, *, extra_shapes: tuple[str, ...] = (), engine: str = DEFAULT_ENGINE
) -> ValidationReport:
    """Validate one graph (rdflib, or N-Triples text) against the shapes; no inference: the data states its types."""
    if engine == "pyshacl":
        data = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="nt")
        with _sparql_translations_reused():
            conforms, report, _ = shacl(
                data,
                shacl_graph=load_shapes(extra_shapes),
                inference="none",
                advanced=True,
                allow_warnings=True,
            )
        return ValidationReport(bool(conforms), tuple(_violations(report)), report)
    if engine != "shacl":
        raise UsageError(f"unknown SHACL engine {engine!r}: use {' or '.join(ENGINES)}")
    text = graph if isinstance(graph, str) else graph.serialize(format="nt")
    try:
        result = _compiled(extra_shapes).validate_text(text, format="ntriples", allow_warnings=True)
    except ValueError as exc:  # shapes or data the engine cannot read
        raise UsageError(f"cannot validate: {one_line(exc)}") from exc
    report = Graph().parse(data=result.serialize("ntriples"), format="nt")
    report.bind("sh", str(SH))
    return ValidationReport(bool(result.conforms), tuple(_violations(report)), report)


_FORMATS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".trig": "TRIG", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".nquads": "N_QUADS", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML",
    ".owl": "RDF_XML", ".xml": "RDF_XML", ".n3": "N3",
}  # fmt: skip


def validate_files(
    paths: Iterable[str | Path], *, extra_shapes: Iterable[str] = (), engine: str = DEFAULT_ENGINE
) -> ValidationReport:
    """Validate RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) as one graph.

    Files are parsed by pyoxigraph, which never fetches anything: a JSON-LD context named by
    URL, an XML entity or an import is not loaded, it is an error (or ignored).
    """
    import pyoxigraph as ox

    data = Graph()
    for path in map(Path, paths):
        name = _FORMATS.get(path.suffix.lower(), "TURTLE")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"{path}: cannot read it ({exc.strerror or exc}); check the path") from exc
        try:
            quads = ox.parse(raw, format=getattr(ox.RdfFormat, name), base_iri=path.absolute().as_uri())
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as exc:
            raise UsageError(
                f"{path}: cannot parse it as {name.replace('_', '-').lower()} ({one_line(exc)}); "
                "fix the syntax or the file extension"
            ) from exc
        if not triples:
            raise UsageError(f"{path}: holds no triples; there is nothing to validate")
        data.parse(data=text, format="nt")
    extra = tuple(str(p) for p in extra_shapes)
    load_shapes(extra)  # unreadable extra shapes: a usage error before any validation
    return validate(data, extra_shapes=extra, engine=engine)


def _violations(report: Graph) -> list[Violation]:
    results = []
    # the report's own results, not the sh:detail results nested in them (pySHACL gives those)
    for result in report.objects(report.value(predicate=RDF.type, object=SH.ValidationReport), SH.result):
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                value=_short(value),
                message=str(message) if message is not None else "does not conform",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return sorted(results, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


def _short(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    if isinstance(value, Literal) and len(text) > 80:
        return text[:77] + "..."
    return text
