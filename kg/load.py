"""Load: put each article's named graph into a triple store, idempotently and incrementally.

Targets: an embedded on-disk store (pyoxigraph, the default), any SPARQL 1.1 store over
the query and update protocols (SPARQLWrapper), or the Graph Store HTTP Protocol.

Each graph (one per article, and the corpus graph with the entities' descriptions) is replaced
as a whole. Its content hash is kept in the store, in the
metadata graph ``<base>kg/manifest``, and written in the same request as the graph (or,
over the Graph Store protocol, right after it), so a load killed half way and run again
resends exactly the articles whose stored hash is missing or different.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import RequestTooLarge, UsageError, one_line
from .iri import KGO, external_iri
from .publish import CORPUS, MANIFEST, MANIFEST_FORMAT
from .secrets import Credentials, redact
from .store import EmbeddedStore, RemoteStore

DEFAULT_STORE = "kg-store"
CHUNK_TRIPLES = 20_000  # triples per request; stores cap request sizes
_HASH = str(KGO.contentHash)
_ARTICLE = str(KGO.article)
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Plan:
    """What a load would change: graphs to add, replace, keep or drop."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    pruned: tuple[str, ...]


@dataclass(frozen=True)
class LoadReport:
    """What a load did (or, on a dry run, would do)."""

    target: str
    plan: Plan
    dry_run: bool
    triples_sent: int = 0
    seconds: float = 0.0
    requests: int = 0
    fitted_chunk: int | None = None  # triples per request the store took, where it refused more


def load(
    out_dir: str | Path = "out",
    *,
    store: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp: str | None = None,
    prune: bool = False,
    dry_run: bool = False,
    retries: int = 3,
    timeout: float = 60.0,
    chunk_triples: int = CHUNK_TRIPLES,
    bulk: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the article graphs of ``out_dir`` into a store; only changed articles are sent."""
    manifest = read_manifest(out_dir)
    if endpoint or update_endpoint or gsp:
        if gsp and not endpoint:
            raise UsageError("--gsp needs --endpoint too (the query URL, to read what the store holds)")
        if not gsp and not (endpoint and update_endpoint):
            raise UsageError("a SPARQL store needs --endpoint (query URL) and --update-endpoint (update URL), or --gsp")
        if bulk and not gsp:
            raise UsageError("--bulk goes with --gsp (it posts N-Quads to the store's dataset URL)")
        target: _Target = _Remote(
            endpoint, update_endpoint, gsp, manifest["base"], Credentials.from_environment(), retries, timeout, bulk
        )
    else:
        target = _Embedded(Path(store or DEFAULT_STORE), manifest["base"])
    started = time.perf_counter()
    try:
        stored = target.hashes()
        existing = target.graphs()
        wanted = {g: meta["sha256"] for g, meta in manifest["graphs"].items()}
        plan = Plan(
            added=tuple(sorted(g for g in wanted if g not in stored)),
            changed=tuple(sorted(g for g in wanted if g in stored and stored[g] != wanted[g])),
            unchanged=tuple(sorted(g for g in wanted if stored.get(g) == wanted[g])),
            pruned=tuple(sorted(g for g in stored if g not in wanted)) if prune else (),
        )
        if dry_run:
            return LoadReport(target.name, plan, True, seconds=time.perf_counter() - started)
        sent = 0
        todo = plan.added + plan.changed
        tick = progress or (lambda stage, done, total: None)
        batch: list[tuple[str, list[str], str, str, bool]] = []
        size = 0
        done = 0
        for graph in todo:
            meta = manifest["graphs"][graph]
            lines = _ntriples(Path(out_dir) / meta["file"])
            if batch and size + len(lines) > chunk_triples:
                target.replace_many(batch, chunk_triples)
                done += len(batch)
                tick("load", done, len(todo))
                batch, size = [], 0
            # a graph the store does not hold needs no DROP first (dropping costs the store a scan)
            batch.append((graph, lines, meta["sha256"], meta["article"], graph in existing))
            size += len(lines)
            sent += len(lines)
        if batch:
            target.replace_many(batch, chunk_triples)
            done += len(batch)
            tick("load", done, len(todo))
        for graph in plan.pruned:
            target.drop(graph)
        fitted = getattr(target, "fit", None)
        return LoadReport(target.name, plan, False, sent, time.perf_counter() - started, target.requests, fitted)
    finally:
        target.close()


def read_manifest(out_dir: str | Path) -> dict:
    """The manifest a build wrote beside its outputs, checked: files inside ``out_dir``, graph names IRIs."""
    path = Path(out_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file; run 'kg build' to make {out_dir} first") from exc
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"{path}: unreadable manifest ({one_line(exc)}); rebuild with 'kg build'") from exc
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or not isinstance(manifest.get("graphs"), dict)
    ):
        raise UsageError(f"{path}: not a kg manifest; rebuild with 'kg build'")
    base = manifest.get("base")
    if not isinstance(base, str) or external_iri(base) != base:
        raise UsageError(f"{path}: its base is not an http(s) IRI; rebuild with 'kg build'")
    root = Path(out_dir).absolute().resolve()
    for graph, meta in manifest["graphs"].items():
        problem = _manifest_problem(graph, meta, base, root)
        if problem:
            raise UsageError(f"{path}: graph {graph[:80]!r}: {problem}; rebuild with 'kg build'")
    return manifest


def _manifest_problem(graph: str, meta: object, base: str, root: Path) -> str | None:
    """What is wrong with one manifest entry (a tampered file could name any path or paste into SPARQL)."""
    if external_iri(graph) != graph or not graph.startswith(base):
        return f"not an IRI under {base}"
    if not isinstance(meta, dict):
        return "not an object"
    if not isinstance(meta.get("sha256"), str) or not re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]):
        return "no sha256 hash"
    if not isinstance(meta.get("article"), str) or not isinstance(meta.get("triples"), int):
        return "no article key or triple count"
    file = meta.get("file")
    if not isinstance(file, str) or not (file == CORPUS or re.fullmatch(r"articles/[^/\\]+\.ttl", file)):
        return f"its file is neither articles/NAME.ttl nor {CORPUS}"
    resolved = (root / file).resolve()
    if root not in resolved.parents:
        return "its file is outside the output folder"
    return None


def _ntriples(path: Path) -> list[str]:
    import pyoxigraph as ox

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror}); rebuild with 'kg build'") from exc
    try:
        quads = ox.parse(data, format=ox.RdfFormat.TURTLE)
        text = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{path}: not readable Turtle ({one_line(exc)}); rebuild with 'kg build'") from exc
    return [line for line in text.split("\n") if line]


def _meta_graph(base: str) -> str:
    return f"{base}kg/manifest"


def _update_text(graph: str, meta: str, lines: list[str], digest: str | None, article: str, *, drop: bool) -> str:
    parts = []
    if drop:
        parts.append(f"DROP SILENT GRAPH <{graph}>")
        parts.append(f"DELETE WHERE {{ GRAPH <{meta}> {{ <{graph}> ?p ?o }} }}")
    if lines:
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }")
    if digest is not None:
        article_literal = json.dumps(article, ensure_ascii=False)
        parts.append(
            f'INSERT DATA {{ GRAPH <{meta}> {{ <{graph}> <{_HASH}> "{digest}" ; <{_ARTICLE}> {article_literal} . }} }}'
        )
    return " ;\n".join(parts)


_MIN_CHUNK = 50  # triples: a store refusing fewer in one request is refusing something else


def _parts(items: list, size: int) -> Iterator[list]:
    """Consecutive groups of graphs of at most ``size`` triples (a bigger graph alone)."""
    part: list = []
    total = 0
    for item in items:
        if part and total + len(item[1]) > size:
            yield part
            part, total = [], 0
        part.append(item)
        total += len(item[1])
    if part:
        yield part


def _chunks(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), max(1, size)):
        yield lines[start : start + size]


class _Target:
    name = ""
    requests = 0

    def hashes(self) -> dict[str, str]:
        raise NotImplementedError

    def graphs(self) -> set[str]:
        raise NotImplementedError

    def replace(self, graph: str, lines: list[str], digest: str, article: str, chunk: int) -> None:
        raise NotImplementedError

    def replace_many(self, items: list[tuple[str, list[str], str, str, bool]], chunk: int) -> None:
        """Replace several article graphs; by default one request each."""
        for graph, lines, digest, article, _ in items:
            self.replace(graph, lines, digest, article, chunk)

    def drop(self, graph: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _Embedded(_Target):
    """An on-disk pyoxigraph store: each article replaced in one transaction."""

    def __init__(self, folder: Path, base: str) -> None:
        self.store = EmbeddedStore(folder)
        self.name = self.store.name
        self.meta = _meta_graph(base)

    def hashes(self) -> dict[str, str]:
        query = f"SELECT ?g ?h WHERE {{ GRAPH <{self.meta}> {{ ?g <{_HASH}> ?h }} }}"
        return {str(g): str(h) for g, h in self.store.select(query).rows}

    def graphs(self) -> set[str]:
        return self.store.named_graphs()

    def replace(self, graph: str, lines: list[str], digest: str, article: str, chunk: int) -> None:
        self.store.update(_update_text(graph, self.meta, lines, digest, article, drop=True))
        self.requests += 1

    def drop(self, graph: str) -> None:
        self.store.update(_update_text(graph, self.meta, [], None, "", drop=True))
        self.requests += 1

    def close(self) -> None:
        self.store.close()


class _Remote(_Target):
    """A SPARQL 1.1 store (kg.store's RemoteStore), plus plain HTTP for the Graph Store protocol."""

    def __init__(
        self,
        endpoint: str | None,
        update: str | None,
        gsp: str | None,
        base: str,
        auth: Credentials,
        retries: int,
        timeout: float,
        bulk: bool = False,
    ) -> None:
        self.remote = RemoteStore(endpoint, update, credentials=auth, timeout=timeout, retries=retries)
        self.remote.name = self.name = redact(gsp or update or endpoint or "")
        self.gsp = gsp
        self.meta = _meta_graph(base)
        self.timeout = timeout  # the credentials live in self.remote
        self.fit: int | None = None  # the request size (triples) the store was found to take
        self.bulk = bulk
        self._dataset_post: bool | None = None  # whether the dataset URL takes N-Quads
        self._gsp_requests = 0

    @property
    def requests(self) -> int:  # type: ignore[override]
        return self.remote.requests + self._gsp_requests

    def hashes(self) -> dict[str, str]:
        query = f"SELECT ?g ?h WHERE {{ GRAPH <{self.meta}> {{ ?g <{_HASH}> ?h }} }}"
        return {str(row[0]): str(row[1]) for row in self.remote.select(query).rows}

    def graphs(self) -> set[str]:
        return self.remote.named_graphs()

    def replace(self, graph: str, lines: list[str], digest: str, article: str, chunk: int) -> None:
        what = f"loading article {article}"
        if len(lines) <= chunk:
            self._retry(what, lambda: self._update(_update_text(graph, self.meta, lines, digest, article, drop=True)))
            return
        # too big for one request: drop first (the hash goes with it), insert in chunks, hash last
        pieces = list(_chunks(lines, chunk))
        self._retry(what, lambda: self._update(_update_text(graph, self.meta, pieces[0], None, article, drop=True)))
        for piece in pieces[1:]:
            self._retry(
                what, lambda piece=piece: self._update(_update_text(graph, self.meta, piece, None, article, drop=False))
            )
        self._retry(what, lambda: self._update(_update_text(graph, self.meta, [], digest, article, drop=False)))

    def replace_many(self, items: list[tuple[str, list[str], str, str, bool]], chunk: int) -> None:
        """Send a batch; a request the store refuses as too large is cut in two until it passes."""
        chunk = min(chunk, self.fit or chunk)
        size = sum(len(lines) for _, lines, _, _, _ in items)
        if len(items) > 1 and size > chunk:
            for part in _parts(items, chunk):
                self.replace_many(part, chunk)
            return
        try:
            self._replace_many(items, chunk)
        except RequestTooLarge:
            if chunk <= _MIN_CHUNK:
                raise
            self.fit = max(_MIN_CHUNK, min(chunk, size) // 2)  # remembered for the rest of this load
            self.replace_many(items, self.fit)

    def _replace_many(self, items: list[tuple[str, list[str], str, str, bool]], chunk: int) -> None:
        if self.gsp:
            what = f"loading articles {items[0][3]} to {items[-1][3]}"
            present = [g for g, _, _, _, there in items if there]
            if present:  # graphs the store holds go first, with their hashes
                drop = " ;\n".join(_update_text(g, self.meta, [], None, "", drop=True) for g in present)
                self._retry(what, lambda: self._update(drop))
            posted = self._dataset_post is not False and self._retry(what, lambda: self._gsp_post_quads(items))
            if not posted:
                # the store takes no quads on its dataset URL: one PUT per graph (it replaces the graph)
                for graph, lines, _, article, _ in items:
                    self._retry(
                        f"loading article {article}", lambda graph=graph, lines=lines: self._gsp_put(graph, lines)
                    )
            # hashes last: a graph whose hash is missing is sent again by the next load
            text = " ;\n".join(
                f"DELETE WHERE {{ GRAPH <{self.meta}> {{ <{g}> ?p ?o }} }} ;\n"
                + _update_text(g, self.meta, [], digest, article, drop=False)
                for g, _, digest, article, _ in items
            )
            self._retry(f"recording hashes of {items[0][3]} to {items[-1][3]}", lambda: self._update(text))
            return
        if len(items) == 1 and len(items[0][1]) > chunk:
            graph, lines, digest, article, _ = items[0]
            self.replace(graph, lines, digest, article, chunk)
            return
        # small articles go together: one request, one transaction, each graph with its hash
        text = " ;\n".join(
            _update_text(g, self.meta, lines, digest, article, drop=present)
            for g, lines, digest, article, present in items
        )
        what = f"loading articles {items[0][3]} to {items[-1][3]}"
        self._retry(what, lambda: self._update(text))

    def drop(self, graph: str) -> None:
        self._retry(f"dropping {graph}", lambda: self._update(_update_text(graph, self.meta, [], None, "", drop=True)))

    def _update(self, text: str) -> None:
        if not self.remote.update_endpoint:
            raise UsageError("the Graph Store protocol load also needs --update-endpoint to record content hashes")
        self.remote.update(text)

    def _retry(self, what: str, action: Callable):
        return self.remote.retry(what, action)

    def _gsp_post_quads(self, items: list[tuple[str, list[str], str, str, bool]]) -> bool:
        """POST the batch as N-Quads to the dataset URL; False if the store does not take quads there."""
        body = "\n".join(f"{line[:-1]}<{graph}> ." for graph, lines, _, _, _ in items for line in lines).encode("utf-8")
        url = _with_query(self.gsp or "", {"no_transaction": ""}) if self.bulk else self.gsp or ""
        request = urllib.request.Request(url, data=body + b"\n", method="POST")
        request.add_header("Content-Type", "application/n-quads")
        for name, value in self.remote.headers().items():
            request.add_header(name, value)
        try:
            with self.remote.opener(url).open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in {400, 405, 415} and self._dataset_post is None:
                self._dataset_post = False
                return False
            raise
        self._dataset_post = True
        self._gsp_requests += 1
        return True

    def _gsp_put(self, graph: str, lines: list[str]) -> None:
        url = _with_query(self.gsp or "", {"graph": graph})
        body = ("\n".join(lines) + "\n").encode("utf-8")
        request = urllib.request.Request(url, data=body, method="PUT")
        request.add_header("Content-Type", "application/n-triples")
        for name, value in self.remote.headers().items():
            request.add_header(name, value)
        with self.remote.opener(url).open(request, timeout=self.timeout) as response:
            response.read()
        self._gsp_requests += 1


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode(params)
    return urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))
