"""Median time of every canned query on a 1,000-article store: the embedded store and an Oxigraph server.

    .venv/bin/python bench/query_speed.py [--articles 1000] [--repeat 5]

Builds the Wikinews development corpus once, makes a synthetic build of N articles from it
(its article graphs under new IRIs, its corpus graph once: see bench/load_speed.py), loads
that into kg's embedded store and into `oxigraph serve`, then runs each query with its
default parameters `--repeat` times on both and prints the median seconds. A parameter a
query requires (entity-timeline's entity) gets the worst case: the entity taking part in
most events. The target is under 1 s for every query on both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_speed import WIKINEWS, synthetic  # noqa: E402

from kg.build import build  # noqa: E402
from kg.load import load  # noqa: E402
from kg.query import list_queries, run  # noqa: E402
from tests.conftest import OxigraphServer  # noqa: E402


def median_seconds(action, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(action().rows)
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def busiest_entity(store: Path) -> str:
    """The label of the entity taking part in most events (entity-timeline's worst case)."""
    events = run("events_timeline", {"factuality": "all"}, store=store)
    column = events.variables.index("participantLabel")
    return Counter(str(row[column]) for row in events.rows if row[column] is not None).most_common(1)[0][0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not WIKINEWS.is_dir():
        print(f"no corpus at {WIKINEWS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build([WIKINEWS], work / "wikinews", site_dir=None)
        synthetic(work / "wikinews", work / "synthetic", args.articles)
        load(work / "synthetic", store=work / "store")
        server = OxigraphServer(work / "server")
        server.start()
        try:
            report = load(work / "synthetic", endpoint=server.query, update_endpoint=server.update)
            print(f"{args.articles} articles, {report.triples_sent:,} triples; median of {args.repeat} runs, seconds")
            print(f"  {'query':22} {'embedded':>9} {'server':>9} {'rows':>7}")
            worst = 0.0
            busiest = busiest_entity(work / "store")
            for query in list_queries():
                values = {"entity": busiest} if any(p.required for p in query.parameters) else {}
                local, rows = median_seconds(lambda q=query, v=values: run(q, v, store=work / "store"), args.repeat)
                remote, _ = median_seconds(lambda q=query, v=values: run(q, v, endpoint=server.query), args.repeat)
                worst = max(worst, local, remote)
                shown = f"{query.name} ({busiest})" if values else query.name
                print(f"  {shown:22} {local:9.3f} {remote:9.3f} {rows:7}")
            print(f"  slowest: {worst:.3f} s ({'under' if worst < 1 else 'NOT under'} 1 s)")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
