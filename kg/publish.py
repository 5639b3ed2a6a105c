"""Publish: per-article Turtle, TriG with one named graph per article, the merged Turtle,
a VoID/DCAT description and the SHACL report; every file written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import weakref
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version as _version
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from .iri import DCAT, DCT, KGO, PREFIXES, PROV, SCHEMA, SH, VOID, Minter, external_iri, slug
from .outputs import keep_entry, write_file
from .validate import ValidationReport

ARTICLES = "articles"
CORPUS = "corpus.ttl"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "kg-manifest/2"
# nodes every article that names them would describe again: described once, in the corpus graph
_SHARED_CLASSES = frozenset(
    f"<{c}>" for c in (KGO.Person, KGO.Organization, KGO.Place, KGO.Product, PROV.SoftwareAgent, PROV.Entity)
)
_RDF_TYPE = f"<{RDF.type}>"
# what decides the bytes of a serialised graph besides its statements
_WRITER = f"pyoxigraph {_version('pyoxigraph')} prefixes {sorted(PREFIXES.items())}"
_DATE_PUBLISHED = f"<{SCHEMA.datePublished}>"
_DERIVED_FROM = f"<{PROV.wasDerivedFrom}>"
_UMASK = os.umask(0)
os.umask(_UMASK)
REJECTED = "rejected"


@dataclass(frozen=True)
class Catalogue:
    """What a data catalogue needs to know of the dataset, from the command line."""

    license: str | None = None  # an http(s) IRI
    publisher: str | None = None  # a name, or an http(s) IRI
    download_base: str | None = None  # where out/ is served; default <base>download/
    issued: str | None = None  # YYYY-MM-DD; default the newest article's date


# media types as IRIs, as DCAT asks (IANA's registry)
_MEDIA = {
    "kg.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
    "kg.trig": "https://www.iana.org/assignments/media-types/application/trig",
}
FOAF = "http://xmlns.com/foaf/0.1/"


@dataclass(frozen=True)
class Published:
    """What one build wrote."""

    out_dir: Path
    articles: tuple[str, ...]
    rejected: tuple[str, ...]
    triples: int


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph's N-Triples statements, sorted and without duplicates."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # only "\n" ends a statement: str.splitlines() would also cut at U+2028 or a form feed inside a literal
    return sorted(set(text.split("\n")) - {""})


def turtle_of(lines: list[str], prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle with kg's prefixes (and any others given) for sorted N-Triples statements
    (pyoxigraph: linear, deterministic)."""
    import pyoxigraph as ox

    return ox.serialize(
        ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes={**PREFIXES, **(prefixes or {})},
    )


@dataclass(frozen=True)
class Summary:
    """What publishing learns of one article graph as it arrives (a function of its statements alone,
    so a worker can work it out and a later build can keep it): the digests of the statements another
    article could make too, the subjects of shared classes, the properties and classes it uses, the
    members of kg's classes, and its newest date."""

    repeatable: tuple[bytes, ...]
    shared: tuple[str, ...]
    terms: tuple[str, ...]
    members: tuple[tuple[str, str], ...]  # (class IRI, subject) another article may type too
    own_members: tuple[tuple[str, int], ...]  # (class IRI, how many of the article's own nodes)
    mentions: int
    newest: str


def _own_subjects(article_iri: str) -> tuple[str, str, str]:
    """How the N-Triples subjects of an article's own nodes begin: itself, its text, its mentions."""
    article = f"<{article_iri}"
    return f"{article}>", f"{article}/", f"{article}#"


def summarise(article_iri: str, lines: list[str]) -> Summary:
    """The summary of one article graph, given as its sorted N-Triples statements."""
    mine = _own_subjects(article_iri)
    repeatable: list[bytes] = []
    shared: set[str] = set()
    terms: set[str] = set()
    members: set[tuple[str, str]] = set()
    own_members: Counter = Counter()
    mentions, newest = 0, ""
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        # the article's own nodes (itself, its text, its mentions) no other article can describe
        own = subject.startswith(mine)
        if not own:
            repeatable.append(_digest(line))
        terms.add(predicate)
        if predicate == _RDF_TYPE and rest.startswith("<"):
            kind = rest[: rest.index(">") + 1]
            terms.add(kind)
            if kind in _SHARED_CLASSES:
                shared.add(subject)
            if kind.startswith(f"<{KGO}"):
                if own:
                    own_members[kind[1:-1]] += 1  # lines are distinct: each typing counted once
                else:
                    members.add((kind[1:-1], subject))
                mentions += kind[1:-1] == str(KGO.Mention)
        elif predicate == _DATE_PUBLISHED and rest.startswith('"'):
            newest = max(newest, rest[1 : rest.index('"', 1)])
    return Summary(
        tuple(repeatable),
        tuple(sorted(shared)),
        tuple(sorted(terms)),
        tuple(sorted(members)),
        tuple(sorted(own_members.items())),
        mentions,
        newest,
    )


class Publisher:
    """Writes one build's outputs into a (staging) folder, article by article, then the merged files.

    Article graphs wait in a spill file, not in memory: what the publisher holds grows with the
    entities and the statements two articles could share, not with the articles' text, mentions
    and quotes (kg.ttl and kg.trig are written as streams).
    """

    def __init__(
        self,
        out_dir: str | Path,
        minter: Minter,
        catalogue: Catalogue | None = None,
        blocks: Path | None = None,
        reuse: bool = True,
    ) -> None:
        self.out = Path(out_dir)
        # each graph's Turtle and TriG, kept by content beside the output: a rebuild serialises
        # only the graphs that changed (``reuse=False``: serialise all, keep afresh)
        self._blocks, self._reuse_blocks = blocks, reuse
        self.blocks_used: set[str] = set()
        self.minter = minter
        self.catalogue = catalogue or Catalogue()
        self._newest = ""  # the newest article date seen
        self.out.mkdir(parents=True, exist_ok=True)
        # named, so that workers started before the publisher existed can open it; in the output
        # folder (a build's staging folder, which goes whole if the build stops), removed by
        # finish, or when the publisher is collected
        fd, self._spill_path = tempfile.mkstemp(dir=self.out, prefix=".kg-publish-", suffix=".spill")
        self._spill = os.fdopen(fd, "w+b")
        self._discard = weakref.finalize(self, _discard, self._spill, self._spill_path)
        # graph IRI -> where its sorted N-Triples sit in the spill, and after them the digests of
        # those another article could make too (its summary's, in the same order)
        self._where: dict[str, tuple[int, int, int]] = {}
        self._serialised_at: dict[str, tuple[int, int, int]] = {}  # graph IRI -> where its TriG and Turtle sit
        self._repeatable: Counter = Counter()  # statements another article could make too, by digest
        self._shared: set[str] = set()  # subjects described in the corpus graph
        self._terms: set[str] = set()  # the properties and classes used
        self._files: dict[str, tuple[str, str]] = {}
        self._made: set = set()  # folders of the outputs made so far (one makedirs each, not one a file)
        self._rejected: dict[str, ValidationReport] = {}
        self._conforming: list[str] = []
        self._classes: dict[str, set] = defaultdict(set)  # members that more than one article may type
        self._own_members: Counter = Counter()  # members only their article types (its mentions, its context)
        self._counts: Counter = Counter()

    def __getstate__(self) -> dict:
        # what a worker needs to finish graphs (it reads the spill from its path), not what only
        # this process's finish uses: the rejected graphs' reports, the counts for void.ttl
        return {k: v for k, v in vars(self).items() if k in _FOR_WORKERS}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._spill = open(self._spill_path, "rb")  # noqa: SIM115 (the worker's, for as long as it lives)
        self._discard = self._spill.close

    def publish(self, key: str, graph: Graph) -> Path:
        """Keep one conforming article graph; its file is written by :meth:`finish`."""
        return self.publish_lines(key, ntriples_lines(graph))

    def publish_lines(self, key: str, lines: list[str], summary: Summary | None = None) -> Path:
        """Keep one conforming article graph given as its sorted N-Triples statements (and their
        summary, if a worker or an earlier build worked it out)."""
        name = f"{slug(key)}.ttl"
        path = self.out / ARTICLES / name
        graph_iri = self.minter.graph(key)
        summary = summary or summarise(self.minter.article(key), lines)
        self._conforming.append(key)
        self._keep(graph_iri, lines, summary.repeatable)
        self._files[graph_iri] = (key, f"{ARTICLES}/{name}")
        self._repeatable.update(summary.repeatable)
        self._shared.update(summary.shared)
        self._terms.update(summary.terms)
        for cls, subject in summary.members:
            self._classes[cls].add(subject)
        for cls, count in summary.own_members:
            self._own_members[cls] += count
        self._counts["mentions"] += summary.mentions
        self._newest = max(self._newest, summary.newest)
        return path

    def reject(self, key: str, graph: Graph, report: ValidationReport) -> Path:
        """Set aside a graph that does not conform, with its SHACL report beside it."""
        folder = self.out / REJECTED
        name = slug(key)
        write_file(folder / f"{name}.ttl", turtle_of(ntriples_lines(graph)))
        write_file(folder / f"{name}.report.ttl", _canonical_turtle(report.graph))
        self._rejected[key] = report
        return Path(REJECTED) / f"{name}.ttl"

    def finish(self, articles_in_order: Iterable[str], run=None) -> Published:
        """Write the article and corpus graphs, kg.trig, kg.ttl, void.ttl, manifest.json and validation.ttl.

        Each article graph is split and serialised by ``run`` (a local runner: its forked workers
        read the spill and write the graph's file themselves), else here; the outputs are the same.
        """
        corpus_iri = self.minter.corpus_graph()
        self._files[corpus_iri] = ("", CORPUS)
        corpus: set[str] = set()
        sizes: dict[str, tuple[int, str]] = {}  # graph IRI -> (statements, sha256 of them)
        self._spill.flush()  # workers read the statements from the file, not from this buffer
        graphs = _in_batches(list(self._where), _FINISH_BATCH)
        if run is None:
            _hold(self)
            done = (finished for batch in graphs for finished in _finish_batch(batch))
        else:  # results in order, one by one, as the runner yields them
            done = run.map(graphs, _finish_batch, partial(_hold, self))
        try:
            for graph_iri, count, sha256, common, trig, turtle in done:
                corpus.update(common)
                sizes[graph_iri] = (count, sha256)
                self.blocks_used.add(self._block_name(graph_iri, sha256))
                self._keep_serialised(graph_iri, trig, turtle)  # for kg.trig and kg.ttl
        finally:
            _FINISHING.clear()
        shared = sorted(corpus)
        sizes[corpus_iri] = (len(shared), _sha256(shared))
        trig, turtle = self._serialised(corpus_iri, shared, sizes[corpus_iri][1])
        write_file(self.out / CORPUS, turtle)
        self._keep_serialised(corpus_iri, trig, turtle)
        # one graph after another, in IRI order, under one prefix header (each statement is in
        # exactly one graph): what one serialisation of them all says, written graph by graph
        for name, which in (("kg.trig", 0), ("kg.ttl", 1)):
            path = self.out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                header_written = False
                for graph_iri in sorted(sizes):
                    header, body = _prefixes_apart(self._serialised_kept(graph_iri)[which])
                    if not header_written and header:
                        handle.write(header)
                        header_written = True
                    handle.write(body)
        self._discard()
        total = sum(count for count, _ in sizes.values())
        write_file(self.out / "void.ttl", self._void(total))
        write_file(self.out / MANIFEST, self._manifest(sizes))
        write_file(self.out / "validation.ttl", self._validation(articles_in_order))
        return Published(self.out, tuple(self._conforming), tuple(self._rejected), total)

    def _finish_one(self, graph_iri: str) -> tuple[str, int, str, list[str], bytes, bytes]:
        """Split one article graph, serialise and write what it keeps: (its IRI, how many
        statements it keeps and their hash, those for the corpus graph, its TriG and Turtle)."""
        own, common = self._split(graph_iri)
        sha256 = _sha256(own)
        trig, turtle = self._serialised(graph_iri, own, sha256)
        write_file(self.out / self._files[graph_iri][1], turtle, self._made)
        return graph_iri, len(own), sha256, common, trig, turtle

    def _block_name(self, graph_iri: str, sha256: str) -> str:
        return hashlib.sha256(f"{_WRITER}\n{graph_iri}\n{sha256}".encode()).hexdigest()

    def _serialised(self, graph_iri: str, lines: list[str], sha256: str) -> tuple[bytes, bytes]:
        """A graph's statements (their hash given) as TriG (in the graph) and as Turtle: kept ones
        if the same graph had the same statements before, else serialised now (and kept)."""
        name = self._block_name(graph_iri, sha256)
        self.blocks_used.add(name)
        path = self._blocks / f"{name}.pickle" if self._blocks is not None else None
        if path is not None and self._reuse_blocks:
            with contextlib.suppress(Exception):  # missing, truncated or not ours: serialise again
                trig, turtle = pickle.loads(path.read_bytes())
                if isinstance(trig, bytes) and isinstance(turtle, bytes):
                    return trig, turtle
        turtle = turtle_of(lines)
        trig = trig_of(turtle, graph_iri)
        if path is not None:
            keep_entry(path, pickle.dumps((trig, turtle), protocol=pickle.HIGHEST_PROTOCOL))
        return trig, turtle

    def _keep_serialised(self, graph_iri: str, trig: bytes, turtle: bytes) -> None:
        """Put a graph's TriG and Turtle in the spill, until kg.trig and kg.ttl are written."""
        self._spill.seek(0, os.SEEK_END)
        self._serialised_at[graph_iri] = (self._spill.tell(), len(trig), len(turtle))
        self._spill.write(trig + turtle)

    def _serialised_kept(self, graph_iri: str) -> tuple[bytes, bytes]:
        offset, trig, turtle = self._serialised_at[graph_iri]
        self._spill.seek(offset)
        data = self._spill.read(trig + turtle)
        return data[:trig], data[trig:]

    def _keep(self, graph_iri: str, lines: list[str], repeatable: tuple[bytes, ...]) -> None:
        """Put a graph's statements and the digests of its repeatable ones in the spill, in place
        of what it held for the graph."""
        data = "\n".join(lines).encode("utf-8")
        digests = b"".join(repeatable)
        self._spill.seek(0, os.SEEK_END)
        self._where[graph_iri] = (self._spill.tell(), len(data), len(digests))
        self._spill.write(data + digests)

    def _lines(self, graph_iri: str) -> tuple[list[str], bytes]:
        """A graph's statements, and the digests of those not about its own nodes, in order."""
        offset, length, digests = self._where[graph_iri]
        # pread: a forked worker shares the file's position with this process and the others
        data = os.pread(self._spill.fileno(), length + digests, offset)
        return (data[:length].decode("utf-8").split("\n") if length else []), data[length:]

    def _split(self, graph_iri: str) -> tuple[list[str], list[str]]:
        """An article graph's statements: those it keeps, and those for the corpus graph (what
        it shares with another article, and the descriptions of entities and software)."""
        own, common = [], []
        # the same test as the summary's: its digests are those of the lines it did not call own
        mine = _own_subjects(self.minter.article(self._files[graph_iri][0]))
        shared_subjects, repeatable = self._shared, self._repeatable
        lines, digests = self._lines(graph_iri)
        at = 0  # where the next digest starts: the summary's, one for each line not about the article's own nodes
        # the statements are sorted, so each subject's are together: they end before the first
        # line from "<subject>!" on (" " sorts before "!"), found by bisection. The article's own
        # nodes, most of its statements, then go to it whole (a rebuild splits every article again)
        start = 0
        while start < len(lines):
            subject = lines[start][: lines[start].find(" ")]
            end = max(bisect_left(lines, f"{subject}!", start), start + 1)
            if subject in shared_subjects:
                others = not subject.startswith(mine)
                for line in lines[start:end]:
                    cut = len(subject) + 1
                    shared = line[cut : line.find(" ", cut)] != _DERIVED_FROM
                    if others:
                        shared = shared or repeatable.get(digests[at : at + _DIGEST], 0) > 1
                        at += _DIGEST
                    (common if shared else own).append(line)
            elif subject.startswith(mine):  # the article's own nodes were never counted
                own.extend(lines[start:end])
            else:
                for line in lines[start:end]:
                    (common if repeatable.get(digests[at : at + _DIGEST], 0) > 1 else own).append(line)
                    at += _DIGEST
            start = end
        if at != len(digests):  # the summary was not of these statements: a bug, not bad input
            raise RuntimeError(f"{graph_iri}: {len(digests) // _DIGEST} digests for {at // _DIGEST} statements")
        return own, common

    def _manifest(self, sizes: dict[str, tuple[int, str]]) -> bytes:
        """Each graph's content hash, so a load sends only what changed."""
        import json

        graphs = {}
        for graph_iri in sorted(sizes):
            key, file = self._files[graph_iri]
            count, digest = sizes[graph_iri]
            graphs[graph_iri] = {"article": key, "file": file, "triples": count, "sha256": digest}
        manifest = {"format": MANIFEST_FORMAT, "base": self.minter.base, "graphs": graphs}
        return (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    def _void(self, triples: int) -> bytes:
        graph = Graph()
        dataset = URIRef(self.minter.dataset())
        graph.add((dataset, RDF.type, VOID.Dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCT.title, Literal("kg news knowledge graph")))
        graph.add(
            (
                dataset,
                DCT.description,
                Literal("Entities, events, quotations and roles extracted from news articles by kg."),
            )
        )
        graph.add((dataset, VOID.triples, Literal(triples, datatype=XSD.integer)))
        graph.add((dataset, VOID.uriSpace, Literal(self.minter.base)))
        for vocabulary in self._vocabularies():
            graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
        info = self.catalogue
        if info.license:
            graph.add((dataset, DCT.license, URIRef(info.license)))
        if info.publisher:
            if external_iri(info.publisher) == info.publisher:
                graph.add((dataset, DCT.publisher, URIRef(info.publisher)))
            else:
                agent = URIRef(f"{self.minter.dataset()}/publisher")
                graph.add((dataset, DCT.publisher, agent))
                graph.add((agent, RDF.type, URIRef(f"{FOAF}Agent")))
                graph.add((agent, URIRef(f"{FOAF}name"), Literal(info.publisher)))
        issued = info.issued or self._newest[:10]
        if issued:
            graph.add((dataset, DCT.issued, Literal(issued, datatype=XSD.date)))
        graph.add((dataset, KGO.articleCount, Literal(len(self._conforming), datatype=XSD.integer)))
        graph.add((dataset, KGO.rejectedCount, Literal(len(self._rejected), datatype=XSD.integer)))
        graph.add((dataset, KGO.mentionCount, Literal(self._counts["mentions"], datatype=XSD.integer)))
        entities = 0
        for cls in sorted({*self._classes, *self._own_members}):
            count = len(self._classes.get(cls, ())) + self._own_members[cls]
            name = cls[len(str(KGO)) :]
            partition = URIRef(f"{self.minter.dataset()}/class/{name}")
            graph.add((dataset, VOID.classPartition, partition))
            graph.add((partition, VOID["class"], URIRef(cls)))
            graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
            if name in {"Person", "Organization", "Place", "Product"}:
                entities += count
        graph.add((dataset, VOID.entities, Literal(entities, datatype=XSD.integer)))
        downloads = info.download_base or f"{self.minter.base}download/"
        for name, media in _MEDIA.items():
            dist = URIRef(f"{self.minter.dataset()}/distribution/{name}")
            url = URIRef(f"{downloads}{name}")
            graph.add((dataset, DCAT.distribution, dist))
            graph.add((dataset, VOID.dataDump, url))  # a download location, as VoID means it
            graph.add((dist, RDF.type, DCAT.Distribution))
            graph.add((dist, DCT.title, Literal(name)))
            graph.add((dist, DCAT.downloadURL, url))
            graph.add((dist, DCAT.mediaType, URIRef(media)))
            graph.add((dist, DCT["format"], URIRef(media)))
            if info.license:
                graph.add((dist, DCT.license, URIRef(info.license)))
        for prefix in ("void", "dcat", "dct", "kgo", "schema", "nif", "xsd"):
            graph.bind(prefix, {"void": str(VOID), "dcat": str(DCAT)}.get(prefix) or PREFIXES[prefix])
        graph.bind("foaf", FOAF)
        return graph.serialize(format="turtle", encoding="utf-8")

    def _vocabularies(self) -> list[str]:
        """The namespaces of the properties and classes the published graphs use."""
        terms = {term[1:-1] for term in self._terms}
        known = sorted({*PREFIXES.values(), str(RDF)}, key=len, reverse=True)
        cut = lambda term: term[: max(term.rfind("#"), term.rfind("/")) + 1]  # noqa: E731
        return sorted({next((ns for ns in known if term.startswith(ns)), cut(term)) for term in terms})

    def _validation(self, articles_in_order: Iterable[str]) -> bytes:
        graph = Graph()
        run = URIRef(f"{self.minter.dataset()}/validation")
        graph.add((run, RDF.type, SH.ValidationReport))
        graph.add((run, SH.conforms, Literal(not self._rejected)))
        for key in articles_in_order:
            node = URIRef(f"{self.minter.article(key)}/validation")
            report = self._rejected.get(key)
            graph.add((node, RDF.type, SH.ValidationReport))
            graph.add((node, DCT.subject, URIRef(self.minter.article(key))))
            graph.add((node, SH.conforms, Literal(report is None)))
            if report is not None:
                for s, p, o in report.graph:
                    if p == RDF.type and o == SH.ValidationReport:
                        continue
                    if p in (SH.conforms,):
                        continue
                    if p == SH.result:
                        graph.add((node, SH.result, o))
                        graph.add((run, SH.result, o))
                        continue
                    graph.add((s, p, o))
        if self._rejected:  # their reports have blank nodes: labelled canonically, so the bytes are stable
            graph.bind("sh", str(SH))
            graph.bind("dct", str(DCT))
            return _canonical_turtle(graph)
        return turtle_of(ntriples_lines(graph), {"sh": str(SH)})  # rdflib's Turtle writer is slow on many nodes


# what Publisher._finish_one reads: all a worker that finishes graphs gets of the publisher
_FOR_WORKERS = frozenset(
    {"out", "minter", "_files", "_where", "_spill_path", "_shared", "_repeatable", "_blocks", "_reuse_blocks"}
    | {"blocks_used", "_made"}
)


def _discard(spill, path: str) -> None:
    spill.close()
    with contextlib.suppress(OSError):
        os.unlink(path)


# the publisher whose graphs this process finishes (set by the finish stage's setup)
_FINISHING: list[Publisher] = []
_FINISH_BATCH = 8  # graphs per task of a worker


def _hold(publisher: Publisher) -> None:
    _FINISHING[:] = [publisher]


def _finish_batch(batch: list[str]) -> list[tuple]:
    [publisher] = _FINISHING
    return [publisher._finish_one(graph_iri) for graph_iri in batch]


def _in_batches(items: list, size: int) -> Iterator[list]:
    return (items[i : i + size] for i in range(0, len(items), size))


def trig_of(turtle: bytes, graph_iri: str) -> bytes:
    """pyoxigraph's TriG of one graph, made from its Turtle of the same statements: the same
    prefix lines, then the graph's block, every line of the Turtle indented by a tab (no second
    parse and serialisation)."""
    header, body = _prefixes_apart(turtle)
    if not body:
        return turtle
    lines = body.split(b"\n")[:-1]  # the Turtle ends with a line break
    return b"".join(
        [header, b"<", graph_iri.encode(), b"> {\n", *((b"\t" + x if x else x) + b"\n" for x in lines), b"}\n"]
    )


def _prefixes_apart(serialised: bytes) -> tuple[bytes, bytes]:
    """A Turtle or TriG document's leading @prefix lines, and the rest."""
    end = 0
    while serialised.startswith(b"@prefix ", end):
        end = serialised.index(b"\n", end) + 1
    return serialised[:end], serialised[end:]


_DIGEST = 16  # bytes


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=_DIGEST).digest()


def _sha256(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _canonical_turtle(graph: Graph) -> bytes:
    """Turtle with blank nodes relabelled canonically, so the bytes do not change between runs."""
    canonical = Graph()
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, override=True)
    canonical.bind("sh", str(SH))
    return canonical.serialize(format="turtle", encoding="utf-8")
