"""Build: read, extract, consolidate, map, validate and publish a folder of articles."""

from __future__ import annotations

import pickle
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .consolidate import Overrides, Registry, load_overrides
from .extract import DEFAULT_MODEL, extract, load_pipeline
from .iri import DEFAULT_BASE, Minter
from .map import to_graph
from .publish import Publisher
from .read import DEFAULT_MAX_CHARS, read_articles
from .records import Article, Extraction, ReadFailure
from .validate import validate

Progress = Callable[[str, int, int | None], None]
STAGES = ("read", "extract", "consolidate", "map", "validate", "publish", "site")


@dataclass(frozen=True)
class Rejection:
    """An article whose graph did not conform, with the first reason."""

    key: str
    source: str
    message: str
    path: Path


@dataclass(frozen=True)
class BuildReport:
    """What a build did: what it published, set aside or could not read, and where time went."""

    out_dir: Path
    published: tuple[str, ...]
    rejected: tuple[Rejection, ...]
    failures: tuple[ReadFailure, ...]
    triples: int
    seconds: dict[str, float] = field(default_factory=dict)
    site_dir: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether every input was read and every article conformed."""
        return not self.rejected and not self.failures


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path = "out",
    *,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    overrides: str | Path | Overrides | None = None,
    site_dir: str | Path | None = None,
    reconcile: str | None = None,
    progress: Progress | None = None,
    nlp=None,
) -> BuildReport:
    """Turn articles into a validated knowledge graph in ``out_dir`` (and a site, if ``site_dir``)."""
    minter = Minter(base)
    curator = overrides if isinstance(overrides, Overrides) else load_overrides(overrides)
    seconds: dict[str, float] = defaultdict(float)
    tick = progress or (lambda stage, done, total: None)
    nlp = nlp if nlp is not None else load_pipeline(model)
    failures: list[ReadFailure] = []
    registry = Registry()
    order: list[str] = []
    sources: dict[str, str] = {}
    with tempfile.TemporaryFile(prefix="kg-extractions-") as spill:
        articles = _timed(
            _articles_only(read_articles(inputs, encoding=encoding, max_chars=max_chars), failures), seconds, "read"
        )
        started = time.perf_counter()
        for count, extraction in enumerate(extract(articles, nlp, overrides=curator), 1):
            registry.observe(extraction)
            order.append(extraction.article.key)
            sources[extraction.article.key] = extraction.article.source
            pickle.dump(extraction, spill, protocol=pickle.HIGHEST_PROTOCOL)
            tick("extract", count, None)
        seconds["extract"] += time.perf_counter() - started - seconds["read"]
        started = time.perf_counter()
        resolution = registry.resolve(curator, reconcile_with=reconcile)
        seconds["consolidate"] += time.perf_counter() - started
        spill.seek(0)
        publisher = Publisher(out_dir, minter)
        rejected: list[Rejection] = []
        for done, extraction in enumerate(_unspill(spill, len(order)), 1):
            started = time.perf_counter()
            extraction = resolution.apply(extraction)
            graph = to_graph(extraction, minter, resolution.labels)
            seconds["map"] += time.perf_counter() - started
            started = time.perf_counter()
            report = validate(graph)
            seconds["validate"] += time.perf_counter() - started
            started = time.perf_counter()
            key = extraction.article.key
            if report.conforms:
                publisher.publish(key, graph)
            else:
                path = publisher.reject(key, graph, report)
                first = report.violations[0] if report.violations else None
                reason = f"{first.message} (at {first.value or first.focus})" if first else "does not conform"
                rejected.append(Rejection(key, sources[key], reason, path))
            seconds["publish"] += time.perf_counter() - started
            tick("publish", done, len(order))
        started = time.perf_counter()
        published = publisher.finish(order)
        seconds["publish"] += time.perf_counter() - started
    site_path = None
    if site_dir is not None:
        from .site import build_site

        started = time.perf_counter()
        site_path = build_site(out_dir, site_dir, base=base)
        seconds["site"] += time.perf_counter() - started
    return BuildReport(
        out_dir=Path(out_dir),
        published=published.articles,
        rejected=tuple(rejected),
        failures=tuple(failures),
        triples=published.triples,
        seconds={stage: seconds.get(stage, 0.0) for stage in STAGES},
        site_dir=site_path,
    )


def _articles_only(items: Iterable[Article | ReadFailure], failures: list[ReadFailure]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
        else:
            yield item


def _timed(items: Iterator, seconds: dict[str, float], stage: str) -> Iterator:
    iterator = iter(items)
    while True:
        started = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            seconds[stage] += time.perf_counter() - started
            return
        seconds[stage] += time.perf_counter() - started
        yield item


def _unspill(spill, count: int) -> Iterator[Extraction]:
    for _ in range(count):
        yield pickle.load(spill)
