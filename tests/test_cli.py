"""The command line: every command, its exit codes, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import SEEDS


def test_unknown_command_and_option_exit_2():
    for args in (["bogus"], ["build", "--bogus", "seeds"], ["query", "--format", "xml", "statistics"]):
        done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)
        assert done.returncode == 2, args
        assert "Usage:" in done.stderr


def test_build_ok(cli, tmp_path):
    result = cli("build", SEEDS, "-o", tmp_path / "out", "--no-site")
    assert result.exit_code == 0, result.output
    assert "published 1 article(s)" in result.output
    assert (tmp_path / "out" / "kg.ttl").exists()


def test_build_bad_inputs_exit_1_and_publish_the_rest(cli, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.md").write_text("# Good\n\nTalks in Paris went well, Emmanuel Macron said.\n", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "latin1.txt").write_bytes("Caf\xe9 in M\xfcnchen".encode("latin-1"))
    (inputs / "huge.txt").write_text("word " * 1_100_000, encoding="utf-8")
    (inputs / "corpus.jsonl").write_text('{"text": "Floods hit Dhaka."}\nnot json\n', encoding="utf-8")
    (tmp_path / "none").mkdir()
    result = cli("build", inputs, tmp_path / "none", "-o", tmp_path / "out", "--no-site")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("kg: skipped")]
    assert len(lines) == 6
    for name in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "corpus.jsonl:2", "none"):
        assert sum(name in line for line in lines) == 1, name
    published = sorted(p.name for p in (tmp_path / "out" / "articles").iterdir())
    assert published == ["corpus-1.ttl", "good.ttl"]


def test_build_missing_model_exit_2(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            str(SEEDS),
            "-o",
            str(tmp_path / "o"),
            "--no-site",
            "--model",
            "xx_nope",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "not installed" in done.stderr and "--model" in done.stderr


def test_validate_command(cli, seed_out, tmp_path):
    assert cli("validate", seed_out / "kg.ttl").exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kgo: <https://kg.example.org/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://x.org/p> a kgo:Person .\n",
        encoding="utf-8",
    )
    result = cli("validate", bad)
    assert result.exit_code == 1
    assert "exactly one non-empty rdfs:label" in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = cli("validate", broken)
    assert result.exit_code == 2 and "cannot parse" in result.output


def test_query_command(cli, seed_out):
    listed = cli("query", "--list")
    assert listed.exit_code == 0 and "entities-by-type" in listed.output
    result = cli("query", "entities-by-type", "--out", seed_out, "-f", "json")
    assert result.exit_code == 0
    labels = {b["label"]["value"] for b in json.loads(result.output)["results"]["bindings"]}
    assert "Volodymyr Zelensky" in labels
    evil = cli("query", "articles-mentioning", "--out", seed_out, "-p", 'name=x" } } DROP ALL #>', "-f", "csv")
    assert evil.exit_code == 0 and evil.output.strip() == "article,headline,date,entity,mentions"
    assert cli("query", "nope", "--out", seed_out).exit_code == 2
    assert cli("query", "statistics", "--out", seed_out, "-p", "x=1").exit_code == 2
    assert cli("query", "statistics", "--out", seed_out / "missing").exit_code == 2
    assert cli("query", "statistics", "-p", "novalue", "--out", seed_out).exit_code == 2


def test_load_and_query_store_command(cli, seed_out, tmp_path):
    store = tmp_path / "store"
    result = cli("load", seed_out, "--store", store)
    assert result.exit_code == 0 and "added 2" in result.output  # the article's graph and the corpus graph
    again = cli("load", seed_out, "--store", store)
    assert "added 0, replaced 0, dropped 0, kept 2" in again.output
    dry = cli("load", seed_out, "--store", store, "--dry-run")
    assert dry.exit_code == 0 and "would add 0" in dry.output
    result = cli("query", "statistics", "--store", store, "-f", "csv")
    assert result.exit_code == 0 and "NewsArticle,1" in result.output
    assert cli("load", tmp_path / "nothing-built").exit_code == 2


def test_eval_command(cli, tmp_path):
    gold = tmp_path / "gold.ttl"
    gold.write_text(
        """@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://t/1#char=0,38> nif:isString "Angela Merkel met Emmanuel Macron." .
<http://t/1#char=0,13> nif:referenceContext <http://t/1#char=0,38> ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "13"^^xsd:nonNegativeInteger .
<http://t/1#char=18,33> nif:referenceContext <http://t/1#char=0,38> ;
    nif:beginIndex "18"^^xsd:nonNegativeInteger ; nif:endIndex "33"^^xsd:nonNegativeInteger .
""",
        encoding="utf-8",
    )
    result = cli("eval", gold, "--no-baseline")
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("kg ")]
    assert row.split()[-7:-1] == ["1.000", "1.000", "1.000", "1.000", "1.000", "1.000"]


def test_site_command_and_build_writes_site(cli, seed_out, tmp_path):
    result = cli("site", seed_out, "-o", tmp_path / "site")
    assert result.exit_code == 0 and (tmp_path / "site" / "index.html").exists()
    assert cli("site", tmp_path / "nothing", "-o", tmp_path / "s2").exit_code == 2
    built = cli("build", SEEDS, "-o", tmp_path / "out", "--site", tmp_path / "site3")
    assert built.exit_code == 0 and "site in" in built.output
    assert (tmp_path / "site3" / "article" / "000-8f301b88a781ef20" / "index.html").exists()
