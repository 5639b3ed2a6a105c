"""Score entity recognition on a NIF gold corpus (Reuters-128 by default), kg beside raw spaCy.

    .venv/bin/python bench/ner_eval.py [GOLD.ttl] [--errors N]

The same figures as `kg eval`: strict (same offsets) and weak (overlap) micro precision,
recall and F1, as GERBIL scores them, both systems measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.evaluate import run_evaluation

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "n3-reuters-128" / "Reuters-128.ttl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--errors", type=int, default=0, help="print this many of kg's errors")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"no gold corpus at {args.gold}", file=sys.stderr)
        return 2
    results = run_evaluation(args.gold, model=args.model)
    print(f"{'system':36} {'strict P':>8} {'R':>6} {'F1':>6} | {'weak P':>6} {'R':>6} {'F1':>6}")
    for r in results:
        print(
            f"{r.system:36} {r.strict.precision:8.3f} {r.strict.recall:6.3f} {r.strict.f1:6.3f} | "
            f"{r.weak.precision:6.3f} {r.weak.recall:6.3f} {r.weak.f1:6.3f}"
        )
    kg = results[-1]
    print(f"documents {kg.documents}, gold mentions {kg.strict.gold}, kg mentions {kg.strict.predicted}")
    gap = kg.strict.recall - kg.strict.precision
    print(f"precision not below recall - 0.05: {'yes' if gap <= 0.05 else 'no'} (R - P = {gap:+.3f})")
    for uri, kind, (start, end, text), rule in kg.errors[: args.errors]:
        print(f"  {kind} {uri.rsplit('/', 1)[-1]} [{start},{end}) {text!r}" + (f" ({rule})" if rule else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
