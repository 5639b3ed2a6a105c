"""Timelines: one entity's events in time order, and their export in the SemEval-2015 TimeLine format.

The events come from the canned query ``entity-timeline`` (over a build's files, an embedded
store or an endpoint). The export writes, per entity, ``ORDER<TAB>DATE<TAB>DOCID-SENT-WORD...``
lines (Minard et al. 2015): dated events ordered by date, a less specific date before the
dates it holds and equal dates sharing an order; undated events at order 0. Trigger offsets
are turned into the task's token names with a token map (``tokens.json``: per document its
text and tokens ``[index, sentence, word, begin, end]``), aligning kg's analysed text to the
document's text, since kg drops markup such as a Markdown title's ``# `` and the date line.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from .errors import UsageError
from .outputs import claim
from .query import run
from .store import open_store

_CONTEXTS = """
PREFIX kgo: <https://kg.example.org/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?article ?text WHERE { ?article kgo:context ?context . ?context nif:isString ?text }
"""


@dataclass(frozen=True)
class Mention:
    """Where a trigger stands: the article's IRI and character offsets into its analysed text."""

    article: str
    begin: int
    end: int
    text: str


@dataclass(frozen=True)
class TimelineEvent:
    """One event of an entity's timeline."""

    event: str
    kind: str
    label: str
    factuality: str
    date: str | None  # ISO date, month or year: the event's own, else the latest it can have
    bound: str | None  # "on" for a date of the event, "not after" for a latest date
    roles: tuple[str, ...]
    mentions: tuple[Mention, ...]


def timeline(
    entity: str,
    *,
    factuality: str = "asserted",
    out_dir: str | Path | None = "out",
    store: str | Path | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
) -> tuple[TimelineEvent, ...]:
    """The events an entity (named by any of its labels) takes part in, dated ones first, in time order."""
    if not entity.strip():
        raise UsageError("name the entity whose timeline you want")
    result = run(
        "entity_timeline",
        {"entity": entity, "factuality": factuality},
        out_dir=out_dir,
        store=store,
        endpoint=endpoint,
        timeout=timeout,
    )
    column = {name: i for i, name in enumerate(result.variables)}
    found: dict[str, dict] = {}
    for row in result.rows:
        value = {name: (None if row[i] is None else str(row[i])) for name, i in column.items()}
        item = found.setdefault(
            value["event"],
            {
                "kind": value["class"].rsplit("#", 1)[-1],
                "label": value["label"],
                "factuality": value["factuality"],
                "date": value["date"] or value["notAfter"],
                "bound": "on" if value["date"] else "not after" if value["notAfter"] else None,
                "roles": set(),
                "mentions": set(),
            },
        )
        item["roles"].add(value["role"])
        item["mentions"].add(Mention(value["article"], int(value["begin"]), int(value["end"]), value["trigger"]))
    events = [
        TimelineEvent(
            event=iri,
            kind=item["kind"],
            label=item["label"],
            factuality=item["factuality"],
            date=item["date"],
            bound=item["bound"],
            roles=tuple(sorted(item["roles"])),
            mentions=tuple(sorted(item["mentions"], key=lambda m: (m.article, m.begin, m.end))),
        )
        for iri, item in found.items()
    ]
    return tuple(sorted(events, key=lambda e: (e.date is None, _date_key(e.date), e.event)))


def export_semeval(
    entities: list[str],
    tokens: Path,
    target: Path,
    *,
    factuality: str = "asserted",
    out_dir: str | Path | None = "out",
    store: str | Path | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
) -> dict[str, tuple[int, int]]:
    """Write one SemEval-2015 TimeLine file per entity into ``target``; per file, (dated, undated) lines."""
    try:
        documents = json.loads(tokens.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{tokens}: not a readable token map (JSON): {exc}") from exc
    if not isinstance(documents, dict):
        raise UsageError(f"{tokens}: a token map is a JSON object of documents")
    texts = _article_texts(out_dir=out_dir, store=store, endpoint=endpoint, timeout=timeout)
    maps = _TokenMaps(documents, texts)
    written: dict[str, tuple[int, int]] = {}
    with claim(target, "timelines", keep=[p for p in (out_dir, store) if p]) as owned:
        staging = owned.stage()
        for entity in entities:
            rows = []
            for event in timeline(
                entity, factuality=factuality, out_dir=out_dir, store=store, endpoint=endpoint, timeout=timeout
            ):
                names = [n for n in (maps.name(m) for m in event.mentions) if n]
                if names:
                    rows.append((_task_date(event.date), names))
            name = file_stem(entity) + ".txt"
            lines, dated, undated = _lines(rows)
            (staging / name).write_text(entity + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
            written[name] = (dated, undated)
        owned.commit(staging)
    return written


def file_stem(entity: str) -> str:
    """The task's file name for an entity: 'Boeing 787 Dreamliner' -> 'boeing_787_dreamliner'."""
    return re.sub(r"[^0-9a-z]+", "_", entity.lower().replace("&", "_and_")).strip("_")


def _article_texts(**where) -> dict[str, str]:
    target = open_store(
        out_dir=where["out_dir"], folder=where["store"], endpoint=where["endpoint"], timeout=where["timeout"]
    )
    try:
        result = target.select(_CONTEXTS)
    finally:
        target.close()
    return {str(a): str(t) for a, t in result.rows if isinstance(a, URIRef) and isinstance(t, Literal)}


class _TokenMaps:
    """Article offsets to the task's DOCID-SENTENCE-WORD names, one alignment per article."""

    def __init__(self, documents: dict, texts: dict[str, str]) -> None:
        self.documents, self.texts = documents, texts
        self.maps: dict[str, tuple[str, list[int | None]] | None] = {}

    def _map(self, article: str) -> tuple[str, list[int | None]] | None:
        if article not in self.maps:
            doc_id = article.rstrip("/").rsplit("/", 1)[-1]
            document, text = self.documents.get(doc_id), self.texts.get(article)
            if not isinstance(document, dict) or text is None or not isinstance(document.get("text"), str):
                self.maps[article] = None
            else:
                offsets: list[int | None] = [None] * (len(text) + 1)
                matcher = difflib.SequenceMatcher(None, text, document["text"], autojunk=False)
                for a, b, size in matcher.get_matching_blocks():
                    for k in range(size):
                        offsets[a + k] = b + k
                self.maps[article] = (doc_id, offsets)
        return self.maps[article]

    def name(self, mention: Mention) -> str | None:
        found = self._map(mention.article)
        if found is None:
            return None
        doc_id, offsets = found
        text = self.texts[mention.article]
        positions = [offsets[i] for i in range(mention.begin, min(mention.end, len(text))) if offsets[i] is not None]
        if not positions:
            return None
        begin, end = min(positions), max(positions) + 1
        tokens = [t for t in self.documents[doc_id].get("tokens", []) if t[3] < end and t[4] > begin]
        if not tokens:
            return None
        return f"{doc_id}-{tokens[0][1]}-{'_'.join(str(t[2]) for t in tokens)}"


def _task_date(date: str | None) -> str | None:
    if not date:
        return None
    parts = ([*date.split("-"), "XX", "XX"])[:3]
    return "-".join(p if p.isdigit() else "XX" for p in parts)


def _date_key(date: str | None) -> tuple[int, ...]:
    """'2008-03' -> (2008, 3, 0): a less specific date sorts before the dates it holds."""
    if not date:
        return ()
    return tuple(int(p) if p.isdigit() else 0 for p in ([*date.split("-"), "0", "0"])[:3])


def _lines(rows: list[tuple[str | None, list[str]]]) -> tuple[list[str], int, int]:
    seen: set[str] = set()
    dated, undated = [], []
    for date, names in sorted(rows, key=lambda r: (r[0] is None, _date_key(r[0]), r[1])):
        fresh = [n for n in dict.fromkeys(names) if n not in seen]  # a mention is listed once
        seen.update(fresh)
        if fresh:
            (dated if date else undated).append((date, fresh))
    rank: dict[tuple[int, ...], int] = {}
    lines = ["0\tXXXX-XX-XX\t" + "\t".join(names) for _, names in undated]
    for date, names in dated:
        rank.setdefault(_date_key(date), len(rank) + 1)
        lines.append(f"{rank[_date_key(date)]}\t{date}\t" + "\t".join(names))
    return lines, len(dated), len(undated)
