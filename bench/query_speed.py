"""Median time of every canned query on a 1,000-article store: the embedded store and an Oxigraph server.

    .venv/bin/python bench/query_speed.py [--articles 1000] [--repeat 5]

Builds the Wikinews development corpus once, makes a synthetic build of N articles from it
(its article graphs under new IRIs, its corpus graph once: see bench/load_speed.py), loads
that into kg's embedded store and into `oxigraph serve`, then runs each query with its
default parameters `--repeat` times on both and prints the median seconds. The target is
under 1 s for every query on both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
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
            for query in list_queries():
                local, rows = median_seconds(lambda q=query: run(q, store=work / "store"), args.repeat)
                remote, _ = median_seconds(lambda q=query: run(q, endpoint=server.query), args.repeat)
                worst = max(worst, local, remote)
                print(f"  {query.name:22} {local:9.3f} {remote:9.3f} {rows:7}")
            print(f"  slowest: {worst:.3f} s ({'under' if worst < 1 else 'NOT under'} 1 s)")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
