"""Properties (hypothesis) that keep issue 10 fixed: any input, through the library and the CLI.

Each property runs on 300 generated examples in CI (the "ci" profile in conftest.py) and on
5,000 with ``make fuzz`` (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build
from kg.cli import terminal_safe
from kg.iri import Minter, external_iri, slug
from kg.read import read_articles, strip_emphasis
from kg.records import Article, Failure
from kg.secrets import redact

pytestmark = pytest.mark.properties

GOOD = (
    "# Harbour board names a chair\n\nMarch 4, 2024\n\n"
    "The Portsmouth harbour board named Ines Albright its chair on Monday, the board said.\n"
)
# pieces of news-shaped Markdown, names and the characters that broke kg before
FRAGMENTS = [
    "# ", "## ", "### Embed:\n\n", "— Ana Ruiz (@ana) March 3, 2024", "**", "__", "*", "[", "](", ")", "<", ">",
    '"', "“", "”", "'", "’", "«", "»", "\n", "\n\n", " ", ". ", ", ", ":", "(", "By Ana Ruiz for Coast Wire",
    "March 4, 2024", "0001-01-01", "9999-12-31", "Jan. 24", "on Monday", "last week", "two years ago", "next year",
    "Original url: ", "https://example.org/a%_b", "http://h:port/x", "http://[::1", "javascript:alert(1)",
    "Ines Albright", "Acme Corp", "Acme Corp.", "Leeds", "Portsmouth", "the company", "said", "told reporters",
    "Tomas Reyes, chief executive of Acme Corp,", "U.S.", "the European Union (EU)", "\u2028", "\u2029", "\x0b",
    "\x0c", "\x85", "\x1b[2J", "\u202e", "🚀", "é", "東京", "\ufeff", "\u00a0", "\t", "\\", "`", "&amp;", "@handle",
]  # fmt: skip
fragment_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=40).map(
    "".join
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
jsonl_records = st.fixed_dictionaries(
    {"text": st.one_of(fragment_text, json_values)},
    optional={
        "title": st.one_of(fragment_text, json_values),
        "date": st.one_of(st.sampled_from(["2024-03-04", "0001-01-01", "9999-12-31", "March 4, 2024"]), json_values),
        "url": st.one_of(st.sampled_from(FRAGMENTS), json_values),
        "author": json_values,
        "id": st.one_of(st.text(max_size=12), st.integers(), json_values),
    },
)
file_names = st.from_regex(r"[A-Za-z0-9_\-é ]{1,12}", fullmatch=True)


def _inputs(root: Path, articles: list[tuple[str, str]], suffix: str) -> Path:
    """A folder with the known-good article and the generated ones."""
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "000-good.md").write_text(GOOD, encoding="utf-8")
    for name, text in articles:
        (inputs / f"{name}{suffix}").write_text(text, encoding="utf-8")
    return inputs


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _all_parse(out: Path) -> None:
    for path in sorted(out.rglob("*.ttl")):
        list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
    list(ox.parse((out / "kg.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@given(data=st.binary(max_size=400), suffix=st.sampled_from([".md", ".txt", ".jsonl"]))
def test_reading_any_bytes_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"x{suffix}").write_bytes(data)
        for item in read_articles([folder]):
            assert isinstance(item, Article | Failure)
            if isinstance(item, Failure):
                assert "\n" not in item.message and item.message


@given(lines=st.lists(st.one_of(jsonl_records.map(json.dumps), json_values.map(json.dumps), st.text()), max_size=6))
def test_reading_any_json_lines_never_raises(lines):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "x.jsonl").write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        items = list(read_articles([folder]))
        keys = [i.key for i in items if isinstance(i, Article)]
        assert len({slug(k) for k in keys}) == len(keys)  # keys stay distinct as IRI segments
        for item in items:
            if isinstance(item, Article):
                item.text.encode("utf-8")  # writable: no lone surrogates
            else:
                assert "\n" not in item.message


@given(value=st.one_of(st.text(), st.sampled_from(FRAGMENTS).map(lambda f: "https://x.org/" + f), fragment_text))
def test_outside_iris_are_valid_or_refused(value):
    iri = external_iri(value)
    if iri is not None:
        ox.NamedNode(iri)
        assert iri.split(":", 1)[0] in {"http", "https"}
    ox.NamedNode(Minter().entity("Person", value))
    ox.NamedNode(Minter().article(value))
    assert re.fullmatch(r"[\w\-]+", slug(value))


@given(text=st.text(alphabet="*_ a\nb.é", max_size=40))
def test_emphasis_stripping_matches_the_reference_rules(text):
    reference = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
    assert strip_emphasis(text) == reference.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), text)


@given(
    text=st.text(),
    secret=st.tuples(
        st.text(alphabet=st.characters(blacklist_characters="*\x00", blacklist_categories=("Cs",)), min_size=6),
        st.sampled_from(["", "\udc80", "\udcff\udcfe"]),  # bytes the locale could not decode
    ).map("".join),
)
def test_messages_are_safe_for_a_terminal_and_hold_no_secret(text, secret):
    os.environ["KG_STORE_TOKEN"] = secret
    try:
        for message in (text, f"{text}{secret}{text}", f"http://u:{secret}@h/ {text} {secret!r}"):
            shown = terminal_safe(redact(message))
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", shown)
            if secret.strip() and len(secret.strip()) >= 3:
                assert secret.strip() not in redact(message)
    finally:
        del os.environ["KG_STORE_TOKEN"]


@given(value=st.text(max_size=60))
def test_query_parameters_never_change_the_query(value, seed_out):
    from kg.errors import ParameterError
    from kg.query import bind, get_query, run
    from kg.store import with_values

    query = get_query("articles-mentioning")
    try:
        result = run(query, {"name": value}, out_dir=seed_out)
    except ParameterError:
        return
    assert result.variables
    ox.Store().query(with_values(query.sparql, bind(query, {"name": value})))


@given(articles=st.lists(st.tuples(file_names, fragment_text), max_size=3), site=st.booleans())
def test_any_batch_builds_deterministically_with_the_good_article_published(nlp, articles, site):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inputs = _inputs(root, articles, ".md")
        reports = [
            build([inputs], root / f"out{i}", nlp=nlp, site_dir=root / f"site{i}" if site else None) for i in (1, 2)
        ]
        for report in reports:
            assert "000-good" in report.published
            assert not report.rejected, report.rejected  # kg's own graphs always conform
            assert all(f.stage == "read" and "\n" not in f.message for f in report.failures), report.failures
        _all_parse(root / "out1")
        assert _snapshot(root / "out1") == _snapshot(root / "out2")
        if site:
            assert _snapshot(root / "site1") == _snapshot(root / "site2")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the runner holds no state between runs
@given(articles=st.lists(st.tuples(file_names, fragment_text), max_size=2), jsonl=st.lists(jsonl_records, max_size=3))
def test_the_cli_keeps_its_exit_code_contract(cli, articles, jsonl):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inputs = _inputs(root, articles, ".txt")
        (inputs / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in jsonl), encoding="utf-8")
        result = cli("build", inputs, "-o", root / "out", "--site", root / "site", "-q")
        assert result.exit_code in {0, 1}, result.output
        assert "Traceback" not in result.output
        assert all(line.startswith("kg: ") for line in result.output.splitlines()), result.output
        _all_parse(root / "out")
        for name in ("entities-by-type", "events-timeline", "quotes-by-speaker"):
            query = cli("query", name, "--out", root / "out")
            assert query.exit_code == 0 and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", query.output)
