"""The kg command line: each command is a thin wrapper over one library function."""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from click.core import ParameterSource

from . import __version__
from .errors import KgError, UsageError, one_line
from .secrets import redact

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
# what must not reach a terminal raw: control characters (escape sequences), bidirectional
# overrides (text that reads differently from what it is) and lone surrogates
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_OR_BREAK = re.compile(_UNSAFE.pattern[:-1] + r"\n\t]")


def terminal_safe(text: str, *, lines: bool = False) -> str:
    """Text with control characters and the like shown as escapes (``\\x1b``); newlines kept if ``lines``."""
    pattern = _UNSAFE if lines else _UNSAFE_OR_BREAK
    return pattern.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _say(message: str) -> None:
    """One line to standard error, with secrets redacted and nothing a terminal would obey."""
    click.echo(terminal_safe(redact(message)), err=True)


def _fail(error: KgError) -> None:
    _say(f"kg: error: {error}")
    sys.exit(error.exit_code)


@contextmanager
def _errors():
    try:
        yield
    except KgError as error:
        _fail(error)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
        raise
    except Exception as error:  # a bug: one line, the traceback only with --debug
        if _DEBUG["on"]:
            raise
        _say(f"kg: error: unexpected {one_line(error)}; run with 'kg --debug ...' to see where, and please report it")
        sys.exit(EXIT_USAGE)


_DEBUG = {"on": False}


@contextmanager
def _progress(label: str, quiet: bool):
    """A progress display on a terminal; nothing when piped or quiet."""
    if quiet or not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{label}: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield tick


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
def main(debug: bool) -> None:
    """Turn news articles into a validated, queryable knowledge graph.

    Exit codes: 0 ok; 1 some data did not conform or some inputs could not be read (the
    rest is published); 2 usage or environment (bad option, missing model, folder not
    kg's, another build running, store unreachable).
    """
    _DEBUG["on"] = debug


def _rule_options(command):
    """--disable-rule and --rules-profile, shared by the commands that extract."""
    command = click.option(
        "--rules-profile",
        "profiles",
        multiple=True,
        metavar="NAME",
        help="Rule profile to run (repeatable) [default: default]; 'kg rules' lists them.",
    )(command)
    return click.option(
        "--disable-rule", "disabled", multiple=True, metavar="NAME", help="Switch an extraction rule off (repeatable)."
    )(command)


def _rule_set(disabled: tuple[str, ...], profiles: tuple[str, ...]):
    from .extract import DEFAULT_MODEL  # noqa: F401  (registers the rules of the extraction components)
    from .rules import RuleSet

    return RuleSet.of(disabled, profiles or ("default",))


def _catalogue(license_iri: str | None, publisher: str | None, download_base: str | None, issued: str | None):
    """The catalogue options, checked: IRIs from outside must be http(s), the date a date."""
    import datetime as dt

    from .iri import external_iri
    from .publish import Catalogue

    for option, value in (("--license", license_iri), ("--download-base", download_base)):
        if value is not None and external_iri(value) != value:
            raise UsageError(f"{option} must be an absolute http(s) IRI, not {value[:80]!r}")
    if download_base is not None and not download_base.endswith("/"):
        download_base += "/"
    if issued is not None:
        try:
            dt.date.fromisoformat(issued)
        except ValueError:
            raise UsageError(f"--issued must be a date written YYYY-MM-DD, not {issued[:40]!r}") from None
    if publisher is not None and not publisher.strip():
        raise UsageError("--publisher must not be empty")
    return Catalogue(license_iri, publisher.strip() if publisher else None, download_base, issued)


def _default_user_agent() -> str:
    from . import __version__
    from .web import DEFAULT_USER_AGENT

    return DEFAULT_USER_AGENT.replace("kg ", f"kg/{__version__} ", 1)


class _Input(click.ParamType):
    """A file or folder that exists, or an http(s) address of a feed or page."""

    name = "FILE|FOLDER|URL"

    def convert(self, value, param, ctx):
        from .web import is_url

        if isinstance(value, str) and is_url(value):
            return value.strip()
        return click.Path(exists=True, path_type=Path).convert(value, param, ctx)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=_Input())
@click.option(
    "-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="Output folder."
)
@click.option("--model", default="en_core_web_sm", show_default=True, help="Installed spaCy pipeline to use.")
@click.option("--base", default="https://kg.example.org/id/", show_default=True, help="Base IRI of minted resources.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the article files.")
@click.option(
    "--max-chars", default=1_000_000, show_default=True, type=click.IntRange(1), help="Longest article accepted."
)
@click.option(
    "--overrides", type=click.Path(path_type=Path), help="Curator overrides (TOML) [default: ./kg.toml if present]."
)
@click.option(
    "--site",
    "site_dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder of the HTML site.",
)
@click.option("--no-site", is_flag=True, help="Do not write the HTML site.")
@click.option("--reconcile", metavar="URL", help="Link entities to a Wikidata-style SPARQL endpoint (off by default).")
@click.option("--license", "license_iri", metavar="IRI", help="Licence of the dataset, for void.ttl (an http(s) IRI).")
@click.option("--publisher", metavar="NAME|IRI", help="Who publishes the dataset, for void.ttl.")
@click.option(
    "--download-base",
    metavar="URL",
    help="Where OUT is served, for the download URLs in void.ttl [default: BASE/download/].",
)
@click.option("--issued", metavar="YYYY-MM-DD", help="Issue date for void.ttl [default: the newest article's date].")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1),
    default=lambda: len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
    show_default="the cores available",
    help="Worker processes that extract, map and validate articles side by side (same output for any number).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Extract and validate every article again, reusing nothing the previous build kept beside OUT.",
)
@click.option(
    "--fetch",
    is_flag=True,
    help="Fetch the page each feed item links to and read it (politely: robots.txt, a pause per host).",
)
@click.option(
    "--user-agent",
    envvar="KG_USER_AGENT",
    default=lambda: _default_user_agent(),
    show_default="kg/VERSION",
    help="User agent for fetched feeds and pages [env: KG_USER_AGENT].",
)
@click.option(
    "--fetch-delay",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option(
    "--runner",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where articles are worked on: processes on this machine, or Ray actors (pip install 'kg[ray]').",
)
@click.option(
    "--address",
    envvar="RAY_ADDRESS",
    metavar="HOST:PORT",
    help="With --runner ray: the Ray cluster to use [env: RAY_ADDRESS; default: start one here].",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display or summary.")
@_rule_options
def build(
    inputs,
    out_dir,
    model,
    base,
    encoding,
    max_chars,
    overrides,
    site_dir,
    no_site,
    reconcile,
    license_iri,
    publisher,
    download_base,
    issued,
    jobs,
    no_cache,
    fetch,
    user_agent,
    fetch_delay,
    runner,
    address,
    quiet,
    disabled,
    profiles,
) -> None:
    """Read articles (files, folders, feed or page addresses), extract, validate and publish them to OUT.

    Files: Markdown, plain text, JSON Lines, HTML pages, WARC archives (.warc, .warc.gz),
    RSS/Atom feeds (.rss, .atom, .xml).
    """
    from .build import build as run_build

    if overrides is None and Path("kg.toml").is_file():
        overrides = Path("kg.toml")
    context = click.get_current_context()
    if runner != "ray":
        if address and context.get_parameter_source("address") is ParameterSource.COMMANDLINE:
            raise click.UsageError("--address needs --runner ray")
        address = None  # RAY_ADDRESS in the environment is for Ray builds only
    elif context.get_parameter_source("jobs") is ParameterSource.DEFAULT:
        jobs = None  # every CPU of the cluster, not of this machine
    with _errors(), _progress("build", quiet) as tick:
        catalogue = _catalogue(license_iri, publisher, download_base, issued)
        report = run_build(
            inputs,
            out_dir,
            catalogue=catalogue,
            rules=_rule_set(disabled, profiles),
            model=model,
            base=base,
            encoding=encoding,
            max_chars=max_chars,
            overrides=overrides,
            site_dir=None if no_site else site_dir,
            reconcile=reconcile,
            progress=tick,
            jobs=jobs,
            cache=not no_cache,
            fetch=fetch,
            user_agent=user_agent,
            fetch_delay=fetch_delay,
            runner=runner,
            address=address,
        )
    for failure in report.failures:
        verb = "skipped" if failure.stage == "read" else f"left out ({failure.stage})"
        _say(f"kg: {verb} {failure.source}: {failure.message}")
    for rejection in report.rejected:
        _say(f"kg: rejected {rejection.source}: {rejection.message}; see {rejection.path}")
    for note in report.notes:
        _say(f"kg: note: {note}")
    if not quiet:
        total = sum(report.seconds.values()) or 1e-9
        _say(
            f"kg: published {len(report.published)} article(s), {report.triples} triples, to {report.out_dir}/"
            + f" ({report.extracted} parsed anew)"
            + (f"; site in {report.site_dir}/" if report.site_dir else "")
            + (f"; {len(report.rejected)} rejected" if report.rejected else "")
            + (f"; {len(report.failures)} input(s) or page(s) left out" if report.failures else "")
        )
        shares = ", ".join(f"{stage} {100 * s / total:.0f}%" for stage, s in report.seconds.items() if s > 0)
        _say(f"kg: {total:.1f}s ({shares})")
    sys.exit(EXIT_OK if report.ok else EXIT_DATA)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--shapes", "extra_shapes", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra shapes file."
)
@click.option(
    "--engine",
    type=click.Choice(["shacl", "pyshacl"]),
    default="shacl",
    show_default=True,
    help="SHACL engine: the compiled one kg builds with, or pySHACL, the reference.",
)
def validate(files, extra_shapes, engine) -> None:
    """Validate RDF FILES against kg's shapes; exit 1 if they do not conform."""
    from .validate import validate_files

    with _errors():
        report = validate_files(files, extra_shapes=[str(s) for s in extra_shapes], engine=engine)
    if report.conforms:
        click.echo(f"kg: {len(files)} file(s) conform")
        return
    for v in report.violations:
        where = v.value or v.focus
        click.echo(
            terminal_safe(
                f"{v.severity}: {v.message} (node {v.focus}{', path ' + v.path if v.path else ''}"
                f"{', value ' + where if v.value else ''})"
            )
        )
    _say(f"kg: {len(report.violations)} violation(s)")
    sys.exit(EXIT_DATA)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r}: write --param name=value", param_hint="--param")
        params[name.strip()] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option(
    "-f", "--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "tsv", "json"])
)
@click.option(
    "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="Build output to query."
)
@click.option("--store", type=click.Path(path_type=Path), help="Query an embedded store folder instead.")
@click.option("--endpoint", help="Query a SPARQL endpoint instead.")
@click.option("--queries", "folder", type=click.Path(path_type=Path), help="Folder of .rq files [default: kg's own].")
@click.option(
    "--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1), help="Seconds to wait for an endpoint."
)
def query(name, list_only, params, fmt, out_dir, store, endpoint, folder, timeout) -> None:
    """Run the canned query NAME over out/, an embedded store or a SPARQL endpoint."""
    from .query import format_result, get_query, list_queries, run

    with _errors():
        if list_only or not name:
            problems: list = []
            for q in list_queries(folder, problems):
                args = " ".join(
                    f"[{p.name}={p.default}]" if p.default is not None else f"{p.name}=..." for p in q.parameters
                )
                line = f"{q.name.replace('_', '-'):22} {q.summary}" + (f"\n{'':22} params: {args}" if args else "")
                click.echo(terminal_safe(line, lines=True))
            for problem in problems:
                _say(f"kg: warning: {problem}")
            if not name and not list_only:
                _say("kg: give a query NAME to run it")
                sys.exit(EXIT_USAGE)
            return
        result = run(
            get_query(name, folder),
            _params(params),
            out_dir=out_dir,
            store=store,
            endpoint=endpoint,
            timeout=timeout,
        )
        text = format_result(result, fmt)
    # a table is for reading: nothing in it may steer the terminal; csv goes out as data unless shown
    click.echo(terminal_safe(text, lines=True) if fmt == "table" or sys.stdout.isatty() else text, nl=False)


@main.command()
@click.argument("entities", nargs=-1, required=True)
@click.option(
    "--factuality",
    default="asserted",
    show_default=True,
    type=click.Choice(["asserted", "negated", "possible", "future", "generic", "all"]),
    help="Which events: those the articles assert, deny, hedge, expect, tell as a habit, or all.",
)
@click.option(
    "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="Build output to read."
)
@click.option("--store", type=click.Path(path_type=Path), help="Read an embedded store folder instead.")
@click.option("--endpoint", help="Read a SPARQL endpoint instead.")
@click.option(
    "--semeval",
    "semeval_dir",
    type=click.Path(path_type=Path),
    help="Write SemEval-2015 TimeLine files (one per entity) into this folder instead of printing.",
)
@click.option(
    "--tokens",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Token map for --semeval (per document: its text and [index, sentence, word, begin, end] tokens).",
)
@click.option(
    "--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1), help="Seconds to wait for an endpoint."
)
def timeline(entities, factuality, out_dir, store, endpoint, semeval_dir, tokens, timeout) -> None:
    """Print each ENTITY's events in time order (any of its names), or export them for SemEval-2015 TimeLine."""
    from .timeline import export_semeval
    from .timeline import timeline as entity_timeline

    where = {"out_dir": out_dir, "store": store, "endpoint": endpoint, "timeout": timeout}
    with _errors():
        if semeval_dir is not None:
            if tokens is None:
                raise UsageError("--semeval needs --tokens, the token map of the documents")
            written = export_semeval(list(entities), tokens, semeval_dir, factuality=factuality, **where)
            for name, (dated, undated) in written.items():
                _say(f"kg: {semeval_dir / name}: {dated} dated, {undated} undated")
            return
        lines = []
        for entity in entities:
            events = entity_timeline(entity, factuality=factuality, **where)
            lines.append(f"{entity}: {len(events)} event(s)")
            for e in events:
                when = ("≤ " if e.bound == "not after" else "") + e.date if e.date else "undated"
                words = ", ".join(dict.fromkeys(m.text for m in e.mentions))
                lines.append(f"  {when:13} {e.label}  [{e.factuality}; {'/'.join(e.roles)}; {words}]")
    click.echo(terminal_safe("\n".join(lines), lines=True))


@main.command()
@click.argument("out_dir", default="out", type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(path_type=Path), help="Embedded store folder [default: ./kg-store].")
@click.option("--endpoint", help="SPARQL query endpoint of the store.")
@click.option("--update-endpoint", help="SPARQL update endpoint of the store.")
@click.option("--gsp", help="Graph Store HTTP Protocol URL (with --endpoint and --update-endpoint for hashes).")
@click.option("--prune", is_flag=True, help="Drop graphs of articles no longer in OUT_DIR.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0), help="Retries per request.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per request.")
@click.option("--chunk-triples", default=20_000, show_default=True, type=click.IntRange(1), help="Triples per request.")
@click.option("--bulk", is_flag=True, help="With --gsp on Oxigraph: post without transactions (its fast bulk path).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display or summary.")
def load(
    out_dir, store, endpoint, update_endpoint, gsp, prune, dry_run, retries, timeout, chunk_triples, bulk, quiet
) -> None:
    """Load the article graphs of OUT_DIR into a triple store (only what changed).

    Credentials come from KG_STORE_USER and KG_STORE_PASSWORD (HTTP basic) or
    KG_STORE_TOKEN (bearer); they are never printed.
    """
    from .load import load as run_load

    with _errors(), _progress("load", quiet) as tick:
        report = run_load(
            out_dir,
            store=store,
            endpoint=endpoint,
            update_endpoint=update_endpoint,
            gsp=gsp,
            prune=prune,
            dry_run=dry_run,
            retries=retries,
            timeout=timeout,
            chunk_triples=chunk_triples,
            bulk=bulk,
            progress=tick,
        )
    plan = report.plan
    if dry_run:
        for label, graphs in (("add", plan.added), ("replace", plan.changed), ("drop", plan.pruned)):
            for graph in graphs:
                click.echo(terminal_safe(f"{label} {graph}"))
        _say(
            f"kg: would add {len(plan.added)}, replace {len(plan.changed)}, drop {len(plan.pruned)}, "
            f"keep {len(plan.unchanged)} graph(s) in {report.target}"
        )
        return
    if not quiet:
        rate = report.triples_sent / report.seconds if report.seconds else 0
        _say(
            f"kg: added {len(plan.added)}, replaced {len(plan.changed)}, dropped {len(plan.pruned)}, "
            f"kept {len(plan.unchanged)} graph(s) in {report.target} ({report.triples_sent} triples, {rate:,.0f}/s)"
        )
        if report.fitted_chunk:
            _say(
                f"kg: note: the store refused larger requests; sent at most {report.fitted_chunk} triples each "
                f"(pass --chunk-triples {report.fitted_chunk} to start there)"
            )


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", default="en_core_web_sm", show_default=True, help="Installed spaCy pipeline to use.")
@click.option("--no-baseline", is_flag=True, help="Skip the raw spaCy NER baseline.")
@click.option(
    "--errors", "show_errors", default=0, show_default=True, type=click.IntRange(0), help="Print N errors of kg."
)
@click.option("--ablate", is_flag=True, help="Score with each rule switched off in turn, one line per rule.")
@_rule_options
def evaluate(gold, model, no_baseline, show_errors, ablate, disabled, profiles) -> None:
    """Score entity recognition on a NIF gold corpus (strict and weak micro P/R/F1, as GERBIL)."""
    from .evaluate import run_ablation, run_evaluation
    from .rules import RULES

    with _errors():
        rules = _rule_set(disabled, profiles)
        if ablate:
            rows = run_ablation(gold, model=model, rules=rules)
        else:
            results = run_evaluation(gold, model=model, baseline=not no_baseline, rules=rules)
    if ablate:
        (_, full), *others = rows
        typed = full.typed is not None
        click.echo(
            f"{'rule switched off':24} {'stage':8} {'strict F1':>9} {'change':>7} {'weak F1':>8} {'change':>7}"
            + (f" {'typed F1':>8} {'change':>7}" if typed else "")
        )
        click.echo(
            f"{'(none: all rules)':24} {'':8} {full.strict.f1:9.4f} {'':>7} {full.weak.f1:8.4f} {'':>7}"
            + (f" {full.typed.f1:8.4f}" if typed else "")
        )
        for name, r in others:
            line = (
                f"{name:24} {RULES[name].stage:8} {r.strict.f1:9.4f} {r.strict.f1 - full.strict.f1:+7.4f} "
                f"{r.weak.f1:8.4f} {r.weak.f1 - full.weak.f1:+7.4f}"
            )
            if typed and r.typed is not None:
                line += f" {r.typed.f1:8.4f} {r.typed.f1 - full.typed.f1:+7.4f}"
            click.echo(line)
        return
    click.echo(f"{'system':40} {'strict P':>8} {'R':>6} {'F1':>6}   {'weak P':>6} {'R':>6} {'F1':>6}   docs")
    for r in results:
        click.echo(
            f"{r.system:40} {r.strict.precision:8.3f} {r.strict.recall:6.3f} {r.strict.f1:6.3f}   "
            f"{r.weak.precision:6.3f} {r.weak.recall:6.3f} {r.weak.f1:6.3f}   {r.documents}"
            + (f"   typed F1 {r.typed.f1:.3f}" if r.typed is not None else "")
        )
    for uri, kind, (start, end, text), rule in results[-1].errors[:show_errors]:
        click.echo(terminal_safe(f"{kind} {uri} [{start},{end}) {text!r}" + (f" ({rule})" if rule else "")))


@main.command(name="rules")
@click.option("--stage", help="Only the rules of one stage (split, trim, drop, type, extend, complete).")
def list_rules(stage) -> None:
    """List the extraction rules: name, stage, profile and what each does."""
    from .extract import DEFAULT_MODEL  # noqa: F401  (registers the rules of the extraction components)
    from .rules import PROFILES, RULES

    for rule in RULES.values():
        if stage in (None, rule.stage):
            click.echo(f"{rule.name:22} {rule.stage:8} {rule.profile:8} {rule.summary}")
    click.echo("profiles: " + "; ".join(f"{name}: {text}" for name, text in PROFILES.items()), err=True)


@main.command()
@click.argument("out_dir", default="out", type=click.Path(path_type=Path))
@click.option("-o", "--output", "site_dir", default="site", show_default=True, type=click.Path(path_type=Path))
@click.option("--base", default="https://kg.example.org/id/", show_default=True, help="Base IRI the build used.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder overriding kg's templates.",
)
def site(out_dir, site_dir, base, templates) -> None:
    """Write a static HTML site (one page per article, entity and event) from OUT_DIR."""
    from .site import build_site

    with _errors():
        report = build_site(out_dir, site_dir, base=base, templates=templates)
    for failure in report.failures:
        _say(f"kg: left out {failure.source}: {failure.message}")
    _say(f"kg: site written to {report.site_dir}/ (open {report.site_dir}/index.html)")
    sys.exit(EXIT_DATA if report.failures else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
