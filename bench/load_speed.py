"""Time `kg load` into a real Oxigraph server against `oxigraph load` (its bulk loader) on the same data.

    .venv/bin/python bench/load_speed.py [--articles 10000]

Builds the Wikinews corpus once, then makes a synthetic build of N articles by copying its
article graphs under new IRIs. For the Wikinews build and the synthetic one it prints
triples/s of a fresh `kg load` over the SPARQL protocol (and the Graph Store protocol),
the bulk loader's time on the same N-Quads, their ratio, and the time of a no-change
re-load as a share of the fresh load, all measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.load import load  # noqa: E402
from kg.publish import CORPUS, MANIFEST_FORMAT  # noqa: E402
from tests.conftest import OxigraphServer  # noqa: E402

WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews-dev"


def synthetic(source: Path, target: Path, count: int) -> None:
    """A build of `count` articles: the source's article graphs again and again under new IRIs,
    and its corpus graph (the entities they all name) once."""
    manifest = json.loads((source / "manifest.json").read_text())
    graphs = [(g, meta) for g, meta in manifest["graphs"].items() if meta["file"] != CORPUS]
    out_graphs = {g: meta for g, meta in manifest["graphs"].items() if meta["file"] == CORPUS}
    (target / "articles").mkdir(parents=True)
    shutil.copy(source / CORPUS, target / CORPUS)
    for n in range(count):
        graph_iri, meta = graphs[n % len(graphs)]
        key = meta["article"]
        new_key = f"{key}-copy{n}"
        text = (source / meta["file"]).read_text(encoding="utf-8")
        text = text.replace(f"/article/{key}/", f"/article/{new_key}/").replace(
            f"/article/{key}>", f"/article/{new_key}>"
        )
        # each copy reports its own events and roles, as different articles would (a statement
        # two copies shared would be in two graphs, which a real build never writes)
        text = text.replace("/id/event/", f"/id/event/c{n}-").replace("/id/role/", f"/id/role/c{n}-")
        name = f"articles/{new_key}.ttl"
        (target / name).write_text(text, encoding="utf-8")
        out_graphs[graph_iri.replace(f"/article/{key}/", f"/article/{new_key}/")] = {
            "article": new_key,
            "file": name,
            "triples": meta["triples"],
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }
    (target / "manifest.json").write_text(
        json.dumps({"format": MANIFEST_FORMAT, "base": manifest["base"], "graphs": out_graphs})
    )


def nquads(out: Path, path: Path) -> int:
    import pyoxigraph as ox

    manifest = json.loads((out / "manifest.json").read_text())
    count = 0
    with path.open("wb") as handle:
        for graph_iri, meta in manifest["graphs"].items():
            triples = list(ox.parse(path=str(out / meta["file"]), format=ox.RdfFormat.TURTLE))
            quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph_iri)) for t in triples]
            handle.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            count += len(quads)
    return count


def bulk_seconds(binary: str, data: Path, folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(folder), "--file", str(data)], check=True, capture_output=True)
    return time.perf_counter() - started


def measure(
    label: str, out: Path, work: Path, binary: str, modes: tuple[str, ...] = ("sparql", "gsp", "gsp-bulk")
) -> None:
    data = work / f"{label}.nq"
    triples = nquads(out, data)
    bulk = bulk_seconds(binary, data, work / f"{label}-bulk")
    rows = []
    for mode in modes:
        server = OxigraphServer(work / f"{label}-{mode}")
        server.start()
        try:
            options = {"endpoint": server.query, "update_endpoint": server.update, "chunk_triples": 100_000}
            if mode in {"gsp", "gsp-bulk"}:
                options["gsp"] = server.store
            if mode == "gsp-bulk":
                options["bulk"] = True
            started = time.perf_counter()
            report = load(out, **options)
            fresh = time.perf_counter() - started
            started = time.perf_counter()
            again = load(out, **options)
            reload = time.perf_counter() - started
            assert again.triples_sent == 0
        finally:
            server.stop()
        rows.append((mode, report.triples_sent, fresh, reload))
    print(f"\n{label}: {len(json.loads((out / 'manifest.json').read_text())['graphs'])} articles, {triples} triples")
    print(f"  oxigraph load (bulk)      {bulk:8.2f} s  {triples / bulk:12,.0f} triples/s")
    for mode, sent, fresh, reload in rows:
        print(
            f"  kg load over {mode:8}    {fresh:8.2f} s  {sent / fresh:12,.0f} triples/s  "
            f"{fresh / bulk:5.2f}x bulk   no-change re-load {reload:6.2f} s = {100 * reload / fresh:4.1f} % of fresh"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not WIKINEWS.is_dir():
        print(f"no corpus at {WIKINEWS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build([WIKINEWS], work / "wikinews")
        measure("wikinews", work / "wikinews", work, binary)
        synthetic(work / "wikinews", work / "synthetic", args.articles)
        modes = ("sparql", "gsp", "gsp-bulk")
        measure("synthetic", work / "synthetic", work, binary, modes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
