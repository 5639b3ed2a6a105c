"""Timelines: one entity's events in order (query, command, site) and the SemEval-2015 TimeLine export.

The articles are invented; the token map is built here from their text, as the task's is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.build import build
from kg.query import run
from kg.site import build_site
from kg.timeline import export_semeval, file_stem, timeline

ARTICLES = {
    "a1": "# Orvale Corp buys Tamsin mill\n\nMarch 3, 2031\n\nOrvale Corp has bought the Tamsin mill. "
    "Orvale Corp sold a depot in Lund in 2029.\n",
    "a2": "# Orvale Corp plans new line\n\nApril 9, 2031\n\nOrvale Corp will build a plant in Lund next year.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp) -> Path:
    folder = tmp_path_factory.mktemp("timeline")
    (folder / "in").mkdir()
    for key, text in ARTICLES.items():
        (folder / "in" / f"{key}.md").write_text(text, encoding="utf-8")
    report = build([folder / "in"], folder / "out", nlp=nlp)
    assert report.ok, report
    return folder


def test_an_entitys_asserted_events_come_in_time_order(built):
    events = timeline("orvale corp", out_dir=built / "out")  # any case of any of its names
    dated = [(e.date, e.bound, e.kind) for e in events]
    assert dated == [("2029", "on", "Transaction"), ("2031-03-03", "on", "Transaction")]
    assert all(e.factuality == "asserted" for e in events)
    assert "bought" in [m.text for m in events[1].mentions]


def test_the_rest_on_request(built):
    planned = timeline("Orvale Corp", factuality="future", out_dir=built / "out")
    assert [(e.kind, e.date) for e in planned] == [("Production", "2032")]
    every = timeline("Orvale Corp", factuality="all", out_dir=built / "out")
    assert len(every) == 3


def test_the_canned_query_names_the_entity(built):
    result = run("entity-timeline", {"entity": "Orvale Corp"}, out_dir=built / "out")
    dates = [str(r[result.variables.index("date")]) for r in result.rows]
    assert dates == sorted(dates) and "2029" in dates
    nobody = run("entity-timeline", {"entity": "Nobody Inc"}, out_dir=built / "out")
    assert nobody.rows == ()


def test_the_command_prints_the_timeline(built, cli):
    result = cli("timeline", "Orvale Corp", "--out", built / "out")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Orvale Corp: 2 event(s)"
    assert lines[1].split()[0] == "2029" and lines[2].split()[0] == "2031-03-03"
    assert "bought" in lines[2]


def _token_map(folder: Path) -> dict:
    """Per document its text and [index, sentence, word, begin, end] tokens (a sentence per line)."""
    documents = {}
    for key in ARTICLES:
        text = (folder / "in" / f"{key}.md").read_text(encoding="utf-8")
        tokens, sentence = [], 0
        for line in text.split("\n"):
            if not line.strip():
                continue
            start = text.index(line)
            for m in re.finditer(r"\w+|[^\w\s]", line):
                tokens.append([len(tokens), sentence, m.group(), start + m.start(), start + m.end()])
            sentence += 1
        documents[key] = {"text": text, "tokens": tokens}
    return documents


def test_semeval_export(built, tmp_path):
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps(_token_map(built)), encoding="utf-8")
    written = export_semeval(["Orvale Corp"], tokens, tmp_path / "timelines", out_dir=built / "out")
    assert written == {"orvale_corp.txt": (2, 0)}
    lines = (tmp_path / "timelines" / "orvale_corp.txt").read_text(encoding="utf-8").splitlines()
    # sentence 2 of a1 is its body line: title 0, date 1
    assert lines[:2] == ["Orvale Corp", "1\t2029-XX-XX\ta1-2-sold"]
    assert lines[2].startswith("2\t2031-03-03\t") and "a1-2-bought" in lines[2].split("\t")
    assert file_stem("Boeing 787 & Co.") == "boeing_787_and_co"


def test_the_site_shows_the_timeline_and_sets_hedged_events_apart(built, tmp_path):
    site = build_site(built / "out", tmp_path / "site").site_dir
    page = (site / "organization" / "orvale" / "index.html").read_text(encoding="utf-8")
    timeline_part, _, hedged_part = page.partition("Denied, possible or planned")
    assert timeline_part.index("2029") < timeline_part.index("2031-03-03")
    assert "future" in hedged_part and "production" in hedged_part.lower()
    events = (site / "events" / "index.html").read_text(encoding="utf-8")
    assert 'id="not-asserted"' in events
