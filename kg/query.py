"""Query: canned SPARQL queries (grlc-style .rq files) over out/, an embedded store or an endpoint."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .errors import ParameterError, QueryError, UsageError, one_line
from .resources import queries_folder
from .store import IRI_FORBIDDEN, QueryResult, open_store

_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*?)(?:_(iri|integer|decimal|number|date|boolean|literal))?\b")
FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class Parameter:
    """A query parameter named the BASIL way: ``?_name`` (a string), ``?_name_iri``, ``?_name_integer``..."""

    name: str
    variable: str
    kind: str  # literal, iri, integer, decimal, date, boolean
    default: str | None
    required: bool
    enumerate: bool = False


@dataclass(frozen=True)
class CannedQuery:
    """One .rq file: its grlc header and its SPARQL."""

    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    sparql: str


def list_queries(folder: str | Path | None = None, problems: list[QueryError] | None = None) -> list[CannedQuery]:
    """Every readable canned query in a folder (kg's own by default), by name; unreadable ones go to ``problems``."""
    found = []
    for path in _query_files(folder):
        try:
            found.append(_load(path))
        except QueryError as exc:  # one bad file must not hide the others
            if problems is not None:
                problems.append(exc)
    return found


def get_query(name: str, folder: str | Path | None = None) -> CannedQuery:
    """A canned query by name (file name without .rq; hyphens and underscores alike)."""
    wanted = name.replace("-", "_").removesuffix(".rq")
    files = _query_files(folder)
    for path in files:
        if path.stem == wanted:
            return _load(path)
    names = ", ".join(p.stem.replace("_", "-") for p in files)
    raise QueryError(f"no canned query named {name!r}; run 'kg query --list' (known: {names})")


def _query_files(folder: str | Path | None) -> list[Path]:
    path = Path(folder) if folder else queries_folder()
    if not path.is_dir():
        raise UsageError(f"{path}: no such queries folder; pass a folder of .rq files")
    return sorted(path.glob("*.rq"))


def bind(query: CannedQuery, values: dict[str, str]) -> dict[str, Node]:
    """RDF terms for the parameters: given values, else defaults; unknown or missing ones are errors."""
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        hint = ", ".join(sorted(known)) or "none"
        raise ParameterError(f"query {query.name!r} has no parameter {', '.join(unknown)} (it takes: {hint})")
    bound: dict[str, Node] = {}
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.required:
                raise ParameterError(f"query {query.name!r} needs --param {param.name}=VALUE")
            continue
        bound[param.variable] = _term(param, raw)
    return bound


def _term(param: Parameter, raw: str) -> Node:
    try:
        if param.kind == "iri":
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw) or IRI_FORBIDDEN.search(raw):
                raise ValueError("not an absolute IRI")
            return URIRef(raw)
        if param.kind == "integer":
            return Literal(int(raw), datatype=XSD.integer)
        if param.kind in {"decimal", "number"}:
            from decimal import Decimal

            return Literal(Decimal(raw), datatype=XSD.decimal)
        if param.kind == "date":
            import datetime as dt

            return Literal(dt.date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        if param.kind == "boolean":
            if raw.lower() not in {"true", "false"}:
                raise ValueError("not true or false")
            return Literal(raw.lower() == "true", datatype=XSD.boolean)
    except (ValueError, ArithmeticError) as exc:
        raise ParameterError(f"--param {param.name}={raw!r}: {exc}; give a {param.kind}") from exc
    return Literal(raw)


def run(
    query: CannedQuery | str,
    values: dict[str, str] | None = None,
    *,
    out_dir: str | Path | None = "out",
    store: str | Path | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
) -> QueryResult:
    """Run a canned query over out/ (rdflib), an embedded store (pyoxigraph) or a SPARQL endpoint."""
    canned = query if isinstance(query, CannedQuery) else get_query(query)
    bindings = bind(canned, values or {})
    target = open_store(out_dir=out_dir, folder=store, endpoint=endpoint, timeout=timeout)
    try:
        return target.select(canned.sparql, bindings)
    finally:
        target.close()


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as a text table, CSV, TSV (SPARQL terms) or SPARQL JSON."""
    if fmt == "json":
        text = json.dumps(_json(result), indent=2, ensure_ascii=False)
        # C1 controls and bidirectional overrides are valid raw in JSON; escaped, nothing steers a terminal
        return re.sub(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if v is None else v.n3() for v in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        cells = [list(result.variables)] + [["" if v is None else str(v) for v in row] for row in result.rows]
        widths = [min(60, max(len(row[i]) for row in cells)) for i in range(len(result.variables))]
        lines = []
        for n, row in enumerate(cells):
            lines.append("  ".join(_clip(value, w).ljust(w) for value, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
        return "\n".join(lines) + "\n"
    raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _clip(value: str, width: int) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= width else value[: width - 1] + "…"


def _json(result: QueryResult) -> dict:
    bindings = []
    for row in result.rows:
        entry = {}
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                entry[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                entry[name] = {"type": "bnode", "value": str(term)}
            else:
                item = {"type": "literal", "value": str(term)}
                if term.language:
                    item["xml:lang"] = term.language
                elif term.datatype:
                    item["datatype"] = str(term.datatype)
                entry[name] = item
        bindings.append(entry)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _load(path: Path) -> CannedQuery:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({one_line(exc)}); save it as UTF-8 text") from exc
    header_lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: the '#+' header is not valid YAML ({exc})") from exc
    if not isinstance(header, dict):
        raise QueryError(f"{path}: the '#+' header must be a YAML mapping (summary:, tags:, defaults:)")
    defaults = {}
    for item in header.get("defaults") or []:
        if isinstance(item, dict):
            defaults.update({str(k): "" if v is None else str(v) for k, v in item.items()})
    enumerated = {str(v) for v in header.get("enumerate") or []}
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    parameters: dict[str, Parameter] = {}
    for match in _PARAM.finditer(body):
        underscores, name, kind = match.groups()
        variable = match.group(0)[1:]
        if name not in parameters:
            parameters[name] = Parameter(
                name=name,
                variable=variable,
                kind=kind if kind and kind != "literal" else ("literal" if kind != "iri" else "iri"),
                default=defaults.get(name),
                required=underscores == "_" and name not in defaults,
                enumerate=name in enumerated,
            )
    return CannedQuery(
        name=path.stem,
        path=path,
        summary=str(header.get("summary") or path.stem),
        description=str(header.get("description") or ""),
        tags=tuple(str(t) for t in header.get("tags") or ()),
        parameters=tuple(parameters.values()),
        sparql=text,
    )
