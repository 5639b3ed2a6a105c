"""Stores: one way to ask and change RDF wherever it lives — a build's files, an embedded store, an endpoint.

Every store answers ``select`` with a :class:`QueryResult` of rdflib terms, so ``query``,
``load``, ``reconcile`` and the site share one path to a store and do not depend on each
other. Parameters are bound as RDF terms: rdflib's ``initBindings`` over files, an escaped
``VALUES`` block everywhere else (:func:`with_values`).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .errors import (
    ParameterError,
    QueryError,
    RequestTooLarge,
    StoreError,
    StoreRejected,
    StoreUnavailable,
    UsageError,
    one_line,
)
from .secrets import Credentials, redact

IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`]')


@dataclass(frozen=True)
class QueryResult:
    """The variables and rows of a SELECT query (None where a variable is unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]


class Store(Protocol):
    """What kg asks of any store."""

    name: str

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        """Run a SELECT query with its parameters bound as RDF terms."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        ...

    def named_graphs(self) -> set[str]:
        """The names of the graphs the store holds."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def open_store(
    *,
    out_dir: str | Path | None = None,
    folder: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    timeout: float = 60.0,
    retries: int = 3,
) -> Store:
    """The store a command names: an endpoint, else an embedded store folder, else a build's files."""
    if endpoint or update_endpoint:
        return RemoteStore(endpoint, update_endpoint, timeout=timeout, retries=retries)
    if folder:
        return EmbeddedStore(Path(folder), read_only=True)
    return FileStore(Path(out_dir or "out"))


class FileStore:
    """The merged graph of a build (``out/kg.ttl``), read into memory; it cannot be changed.

    Queried with pyoxigraph, like the embedded store: rdflib's engine takes minutes on joins
    that Oxigraph answers in milliseconds (an entity's timeline over 30 articles: 400 s).
    """

    _cache: dict[tuple[str, int], object] = {}

    def __init__(self, path: Path) -> None:
        import pyoxigraph as ox

        merged = path / "kg.ttl" if path.is_dir() else path
        if not merged.exists():
            raise UsageError(f"{merged}: no such file; run 'kg build' first or pass the output folder with --out")
        self.name = str(merged)
        key = (str(merged), merged.stat().st_mtime_ns)
        if key not in self._cache:
            store = ox.Store()
            try:
                store.bulk_load(path=str(merged), format=ox.RdfFormat.TURTLE)
            except (SyntaxError, ValueError, OSError) as exc:
                raise UsageError(f"{merged}: cannot read it ({one_line(exc)}); rebuild it with 'kg build'") from exc
            self._cache.clear()
            self._cache[key] = store
        self.store = self._cache[key]

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        """Run a SELECT query over the merged graph, its parameters bound as RDF terms."""
        try:
            solutions = self.store.query(with_values(sparql, bindings or {}))
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"the query failed on {self.name}: {one_line(exc)}") from exc
        return oxigraph_result(solutions)

    def update(self, sparql: str) -> None:
        """Refused: a build's files change only by building again."""
        raise UsageError(f"{self.name}: a build's files are not a store to update; load them with 'kg load'")

    def named_graphs(self) -> set[str]:
        """None: the merged graph has no named graphs."""
        return set()

    def close(self) -> None:
        """Nothing to release."""


class EmbeddedStore:
    """An on-disk pyoxigraph store (the default target of ``kg load``)."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.name = str(folder)
        self.read_only = read_only
        if read_only and not folder.exists():
            raise UsageError(f"{folder}: no such store; run 'kg load out/ --store {folder}' first")
        try:
            self.store = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as exc:
            raise UsageError(
                f"{folder}: cannot open a store there ({exc}); is it a kg store folder, not used by another kg process?"
            ) from exc

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        """Run a SELECT query over the union of the named graphs."""
        try:
            solutions = self.store.query(with_values(sparql, bindings or {}), use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"the query failed on the store {self.name}: {one_line(exc)}") from exc
        return oxigraph_result(solutions)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction."""
        self.store.update(sparql)

    def named_graphs(self) -> set[str]:
        """The names of the graphs the store holds."""
        return {g.value for g in self.store.named_graphs()}

    def close(self) -> None:
        """Write what is buffered to disk."""
        if not self.read_only:
            self.store.flush()


class RemoteStore:
    """A SPARQL 1.1 endpoint (query and update), with retries of 5xx, 429 and unanswered requests."""

    def __init__(
        self,
        endpoint: str | None,
        update_endpoint: str | None = None,
        *,
        credentials: Credentials | None = None,
        timeout: float = 60.0,
        retries: int = 3,
    ) -> None:
        self.endpoint, self.update_endpoint = endpoint, update_endpoint
        self.name = redact(endpoint or update_endpoint or "")
        self.credentials = credentials or Credentials.from_environment()
        self.timeout, self.retries = timeout, retries
        self.requests = 0
        # HTTP Digest instead of Basic: asked for, or found needed (Virtuoso's -auth endpoints)
        self.digest = self.credentials.scheme == "digest"
        self._realms: dict[str, str] = {}

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        """Run a SELECT query (parameters in a VALUES block); the answer must be SPARQL JSON results."""
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        if not self.endpoint:
            raise UsageError("this needs the store's query endpoint too; pass --endpoint")
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setQuery(with_values(sparql, bindings or {}))
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod(POST)
        wrapper.timeout = self.timeout  # setTimeout() truncates to whole seconds, and 0 means none
        body = self.retry("querying", lambda: self._authorised(wrapper).query().response.read())
        return _select_result(body, redact(self.endpoint))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, sent as the request body."""
        from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

        if not self.update_endpoint:
            raise UsageError("this needs the store's update endpoint; pass --update-endpoint")
        wrapper = SPARQLWrapper(self.endpoint or self.update_endpoint, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        # the update as the request body (application/sparql-update): URL-encoding a large
        # update as a form parameter costs more than the store takes to apply it
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.timeout = self.timeout
        # setQuery() runs client-side regexes over the whole text to guess its type, which
        # dominates large updates; the type is known, so set it directly.
        wrapper.queryString = sparql
        wrapper.queryType = "INSERT"
        self._authorised(wrapper).query()
        self.requests += 1

    def _authorised(self, wrapper):
        """The wrapper with the credentials: a Basic or Bearer header, or Digest's challenge and answer."""
        from SPARQLWrapper import DIGEST

        wrapper.customHttpHeaders.pop("Authorization", None)
        if self.digest and self.credentials.user is not None:
            wrapper.setHTTPAuth(DIGEST)
            realm = self._realm(wrapper.updateEndpoint if wrapper.isSparqlUpdateRequest() else wrapper.endpoint)
            wrapper.setCredentials(self.credentials.user, self.credentials.password or "", realm=realm)
        else:
            wrapper.user = wrapper.passwd = None
            for name, value in self.credentials.header().items():
                wrapper.addCustomHttpHeader(name, value)
        return wrapper

    def _realm(self, url: str) -> str:
        """The realm of a store's Digest challenge (SPARQLWrapper answers one realm only); asked once."""
        known = self._realms
        if url not in known:
            realm = "SPARQL"  # Virtuoso's
            try:
                urllib.request.build_opener().open(urllib.request.Request(url, method="GET"), timeout=self.timeout)
            except urllib.error.HTTPError as error:
                challenge = error.headers.get("WWW-Authenticate") or ""
                found = re.search(r'Digest\s.*?realm="([^"]*)"', challenge, re.IGNORECASE)
                realm = found.group(1) if found else realm
            except OSError:
                pass  # the real request will say what is wrong
            known[url] = realm
        return known[url]

    def opener(self, url: str) -> urllib.request.OpenerDirector:
        """A urllib opener for requests to ``url``: it answers a Digest challenge when Digest is in use."""
        if not (self.digest and self.credentials.user is not None):
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, self.credentials.user, self.credentials.password or "")
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))

    def headers(self) -> dict[str, str]:
        """The headers that carry the credentials when Digest is not in use."""
        return {} if self.digest and self.credentials.user is not None else self.credentials.header()

    def named_graphs(self) -> set[str]:
        """The names of the graphs the store holds."""
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return {str(row[0]) for row in result.rows}

    def close(self) -> None:
        """Nothing to release."""

    def retry(self, what: str, action: Callable):
        """``action()``, retried with backoff while the store is unreachable or answers 5xx or 429."""
        delay = 0.5
        for attempt in range(self.retries + 1):
            try:
                return action()
            except (UsageError, StoreRejected):
                raise
            except StoreUnavailable:
                if attempt == self.retries:
                    raise
            except Exception as exc:  # urllib, SPARQLWrapper and socket errors of many kinds
                status = http_status(exc)
                if status == 401 and not self.digest and self.credentials.scheme == "auto" and self.credentials.user:
                    # Basic refused: the store may want Digest (Virtuoso's -auth endpoints); ask once that way
                    self.digest = True
                    try:
                        return action()
                    except (UsageError, StoreError):
                        raise
                    except Exception as again:  # judged like the first answer
                        exc, status = again, http_status(again)
                        if status == 401:
                            self.digest = False
                if status == 413 or "SP031" in str(exc)[:2000]:
                    raise RequestTooLarge(
                        redact(f"{self.name}: the store refused a request as too large while {what}")
                    ) from None
                retryable = status is None or status >= 500 or status == 429
                if not retryable or attempt == self.retries:
                    raise store_error(exc, status, self.name, what) from None
            time.sleep(delay)
            delay *= 2
        return None


def _select_result(body: bytes, target: str) -> QueryResult:
    """SPARQL JSON results as a QueryResult; anything else is the store's error, said in one line."""
    try:
        data = json.loads(body)
        variables = tuple(str(v) for v in data["head"]["vars"])
        bindings = data["results"]["bindings"] if "results" in data else []
        term = _once(_json_term, lambda v: (v["type"], v["value"], v.get("xml:lang"), v.get("datatype")))
        rows = tuple(tuple(term(binding.get(name)) for name in variables) for binding in bindings)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        start = body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
        raise StoreRejected(
            f"{target}: the store's answer is not SPARQL JSON results ({type(exc).__name__}; it begins {start!r}); "
            "check the endpoint URL is the store's SPARQL query endpoint"
        ) from None
    return QueryResult(variables, rows)


def _json_term(value: dict | None) -> Node | None:
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    datatype = value.get("datatype")
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def http_status(exc: Exception) -> int | None:
    """The HTTP status an exception from urllib or SPARQLWrapper carries, if any."""
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code
    code = getattr(exc, "code", None) or getattr(getattr(exc, "response", None), "status", None)
    if isinstance(code, int):
        return code
    match = re.search(r"\b(4\d\d|5\d\d)\b", type(exc).__name__ + " " + str(exc)[:200])
    if type(exc).__module__.startswith("SPARQLWrapper") and match:
        return int(match.group(1))
    names = {
        "Unauthorized": 401,
        "EndPointNotFound": 404,
        "QueryBadFormed": 400,
        "URITooLong": 414,
        "EndPointInternalError": 500,
    }
    return names.get(type(exc).__name__)


def store_error(exc: Exception, status: int | None, target: str, what: str) -> StoreError:
    """The one-line error for a failed request: unreachable, or the status with a hint."""
    if status is None:
        reason = getattr(exc, "reason", None) or exc
        return StoreUnavailable(
            redact(
                f"{target}: the store did not answer while {what} ({reason}); check the URL and that the store is running"
            )
        )
    hint = {
        401: "check KG_STORE_USER/KG_STORE_PASSWORD or KG_STORE_TOKEN",
        403: "the credentials lack write access",
        404: "check the endpoint URL",
        413: "lower --chunk-triples",
    }.get(status, "see the store's log")
    return StoreRejected(redact(f"{target}: the store answered HTTP {status} while {what}; {hint}"))


def oxigraph_result(solutions) -> QueryResult:
    """pyoxigraph query solutions as a QueryResult of rdflib terms."""
    variables = tuple(v.value for v in solutions.variables)
    term = _once(from_oxigraph)
    width = range(len(variables))
    rows = tuple(tuple(term(solution[i]) for i in width) for solution in solutions)
    return QueryResult(variables, rows)


def _once(convert, key=lambda value: value):
    """``convert`` applied once per distinct value (``key``), None kept as None.

    Rows repeat their values (classes, labels, roles), and building an rdflib Literal (which
    parses its value) costs more than a store takes to answer the query.
    """
    done: dict = {}

    def term(value):
        if value is None:
            return None
        k = key(value)
        found = done.get(k)
        if found is None:
            found = done[k] = convert(value)
        return found

    return term


def from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value if term.datatype else None
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype) if datatype else None)


def with_values(sparql: str, bindings: dict[str, Node]) -> str:
    """The query with its parameters bound as RDF terms.

    Each use of a parameter in an expression or a pattern becomes the term itself,
    serialised by rdflib (escaped, so a value cannot end the term and change the query):
    a store's planner then sees a constant it can use an index for, where a VALUES block
    joined in first leaves it filtering the whole join (seconds instead of milliseconds on
    a 1,000-article Oxigraph store). A parameter the query projects or assigns (``AS
    ?_x``) is bound by a VALUES block at the start of the WHERE clause instead.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for term in bindings.values():
        if isinstance(term, URIRef) and IRI_FORBIDDEN.search(str(term)):
            raise ParameterError(f"{term!s} is not a valid IRI")
    code = _IRIREF.sub(lambda m: " " * len(m.group()), _blank_comments(sparql))
    where = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    uses = [
        (m.start(), m.end(), m.group(1))
        for m in re.finditer(r"[?$](" + "|".join(map(re.escape, names)) + r")(?![\w\u00B7\u0300-\u036F])", code)
    ]
    projected = where is None or any(
        start < where.start() or re.search(r"\bAS\s*$", code[:start], re.IGNORECASE) for start, _, _ in uses
    )
    if not projected:
        out, at = [], 0
        for start, end, name in uses:
            out.append(sparql[at:start])
            out.append(bindings[name].n3())
            at = end
        return "".join(out) + sparql[at:]
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") }"
    match = re.search(r"\bWHERE\s*\{", _blank_comments(sparql), re.IGNORECASE)
    if not match:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } clause")
    return sparql[: match.end()] + "\n  " + block + "\n" + sparql[match.end() :]


_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def _blank_comments(sparql: str) -> str:
    """The query with comments and string contents blanked (same length), to find keywords safely."""
    out = []
    i = 0
    while i < len(sparql):
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            end = len(sparql) if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            end = i + 1
            while end < len(sparql) and sparql[end] != c:
                end += 2 if sparql[end] == "\\" else 1
            end = min(end + 1, len(sparql))
            out.append(c + " " * (end - i - 2) + (c if end - i >= 2 else ""))
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)
