"""A build killed at any moment leaves the previous complete outputs or the new complete ones."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.outputs import MARKER

ARTICLES = {
    "harbour.md": "# Harbour board names a chair\n\nMarch 4, 2024\n\n"
    "The Portsmouth harbour board named Ines Albright its chair on Monday, the board said.\n",
    "mill.md": "# Mill reopens\n\nMarch 5, 2024\n\n"
    'Acme Corp reopened its mill in Leeds on Tuesday. "We are back," said chief executive Tomas Reyes.\n',
    "vote.jsonl": '{"text": "Voters in Galway chose Maeve Quinn as mayor on Sunday.", "date": "2024-03-03"}\n'
    '{"text": "The Ruritania Shipping Company sold two ferries to Nordlys AS in Bergen.", "date": "2024-03-06"}\n',
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run_child(inputs: Path, out: Path, site: Path, nlp) -> int:
    pid = os.fork()
    if pid == 0:  # the child builds and leaves without running the parent's cleanup
        code = 1
        try:
            build([inputs], out, site_dir=site, nlp=nlp)
            code = 0
        finally:
            os._exit(code)
    return pid


def _wait_for_commit(folder: Path, pid: int, limit: float) -> None:
    """Return once the build in ``pid`` starts committing ``folder`` (its staging folder gets the marker)."""
    marker = folder.parent / f".{folder.name}.kg-staging-{pid}" / MARKER
    deadline = time.monotonic() + limit
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.0002)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() to kill a build at a random moment")
def test_sigkill_at_random_moments_never_mixes_generations(nlp, tmp_path):
    old_in, new_in = tmp_path / "old", tmp_path / "new"
    for folder, changed in ((old_in, False), (new_in, True)):
        folder.mkdir()
        for name, text in ARTICLES.items():
            (folder / name).write_text(text.replace("Monday", "Friday") if changed else text, encoding="utf-8")
    (new_in / "extra.md").write_text("# Extra\n\nMarch 7, 2024\n\nOslo hosted the talks.\n", encoding="utf-8")
    out, site = tmp_path / "out", tmp_path / "site"
    expected = {}
    for label, inputs in (("new", new_in), ("old", old_in)):  # "old" last: it is what out/ holds to begin with
        started = time.monotonic()
        report = build([inputs], out, site_dir=site, nlp=nlp)
        duration = time.monotonic() - started
        assert report.ok
        expected[label] = (_snapshot(out), _snapshot(site))
    assert expected["old"][0] != expected["new"][0] and expected["old"][1] != expected["new"][1]
    rng = random.Random(20261128)
    seen = {"out": set(), "site": set()}
    kills = 0
    current = "old"
    while kills < 36:
        target = "new" if current == "old" else "old"
        pid = _run_child(new_in if target == "new" else old_in, out, site, nlp)
        # a third anywhere in the build, the rest within milliseconds of a folder being swapped in
        if kills % 3 == 0:
            time.sleep(rng.uniform(0.0, duration * 1.2))
        else:
            _wait_for_commit(out if kills % 3 == 1 else site, pid, duration * 3)
            time.sleep(rng.uniform(0.0, 0.004))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        states = {}
        for name, folder, index in (("out", out, 0), ("site", site, 1)):
            found = _snapshot(folder)
            matches = [label for label in ("old", "new") if expected[label][index] == found]
            assert matches, f"kill {kills}: {name}/ is neither the previous nor the new generation"
            states[name] = matches[0]
            seen[name].add("kept" if matches[0] == current else "replaced")
        if states["out"] == states["site"]:
            current = states["out"]
        else:  # killed between the two swaps: a full build puts both on one generation again
            assert build([old_in], out, site_dir=site, nlp=nlp).ok
            current = "old"
    # the kills landed both before and after the swaps, so both outcomes were checked
    assert seen["out"] == {"kept", "replaced"}, seen
    leftovers = [p.name for p in tmp_path.iterdir() if ".kg-staging-" in p.name]
    assert build([old_in], out, site_dir=site, nlp=nlp).ok
    assert not [p.name for p in tmp_path.iterdir() if ".kg-staging-" in p.name], leftovers
