"""Events measured on the development gold: MEANTIME figures, the TimeLine score, and each factuality rule switched off.

    .venv/bin/python bench/events_eval.py [--no-ablation]

MEANTIME (the 30 development stories, ``score_meantime.py``): trigger precision and recall,
the triggers asserted where the gold event is negated, uncertain or future (and the factual
ones marked not asserted), event dates and participants. SemEval-2015 TimeLine: kg's own
export (``kg timeline --semeval``) of the 13 target entities, scored by the task's metric.
Then each factuality rule off in turn: a rule helps when switching it off raises the sum of
the two factuality error counts; and each participant rule off in turn: it helps when
switching it off lowers the participants' F1.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.build import build
from kg.extract import load_pipeline
from kg.rules import RULES, RuleSet
from kg.timeline import export_semeval

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
MEANTIME = SHARED / "meantime-airbus"
TIMELINE = SHARED / "timeline-airbus"


def meantime(nlp, rules: RuleSet) -> dict[str, float]:
    """Build the MEANTIME articles under ``rules``; the scorer's event figures."""
    nlp.get_pipe("kg_entities").rules = rules
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        build([MEANTIME / "articles"], out, nlp=nlp, rules=rules)
        scorer = [sys.executable, str(MEANTIME / "score_meantime.py"), str(MEANTIME / "gold.json"), str(out)]
        text = subprocess.run([*scorer, "--sections", "3,4,5"], capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = {}
    if m := re.search(r"all gold events\s+P=([0-9.]+)", text):
        figures["trigger P"] = float(m.group(1))
    if m := re.search(r"recall non-GRAMMATICAL\s+([0-9.]+)", text):
        figures["recall (non-grammatical)"] = float(m.group(1))
    if m := re.search(r"gold event is negated/uncertain/future: (\d+) triggers.*not asserted: (\d+)", text):
        figures["asserted, gold not factual"] = int(m.group(1))
        figures["factual, marked not asserted"] = int(m.group(2))
    if m := re.search(r"same date at the gold granularity: (\d+)/(\d+)", text):
        figures["same date"] = int(m.group(1)) / int(m.group(2))
        dated = int(m.group(2))
        if u := re.search(r"left undated: (\d+)", text):
            figures["gold-dated left undated"] = int(u.group(1)) / (dated + int(u.group(1)))
    if m := re.search(r"5\. Participants.*?\n\s+P=[0-9.]+ R=[0-9.]+ F1=([0-9.]+)", text, re.S):
        figures["participants F1"] = float(m.group(1))
    return figures


def timeline_f1(nlp) -> float:
    """kg's own SemEval-2015 TimeLine export of the development documents, scored by the task's metric."""
    targets = [t.strip() for t in (TIMELINE / "targets.txt").read_text(encoding="utf-8").splitlines() if t.strip()]
    with tempfile.TemporaryDirectory() as folder:
        out, lines = Path(folder) / "out", Path(folder) / "timelines"
        build([TIMELINE / "articles"], out, nlp=nlp)
        export_semeval(targets, TIMELINE / "tokens.json", lines, out_dir=out)
        scorer = [sys.executable, str(TIMELINE / "score_timeline.py"), str(TIMELINE / "gold"), str(lines)]
        text = subprocess.run(scorer, capture_output=True, text=True, check=True).stdout
    m = re.search(r"MICRO-FSCORE\s+([0-9.]+)", text)
    return float(m.group(1)) if m else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ablation", action="store_true", help="skip switching each factuality rule off")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not MEANTIME.is_dir() or not TIMELINE.is_dir():
        print(f"the corpora are not at {SHARED}", file=sys.stderr)
        return 2
    nlp = load_pipeline()
    report: dict[str, object] = {"meantime": meantime(nlp, RuleSet()), "timeline F1": timeline_f1(nlp)}
    for name, value in report["meantime"].items():  # type: ignore[union-attr]
        print(f"{name:32} {value:.3f}" if isinstance(value, float) else f"{name:32} {value}")
    print(f"{'SemEval-2015 TimeLine F1':32} {report['timeline F1']:.2f}")
    if not args.no_ablation:
        base = report["meantime"]
        errors = base["asserted, gold not factual"] + base["factual, marked not asserted"]  # type: ignore[index]
        print(f"\n{'factuality rule off':32} {'asserted/not':>12} {'factual/hedged':>15}  verdict")
        rows = {}
        for rule in (name for name, r in RULES.items() if r.stage == "factuality"):
            figures = meantime(nlp, RuleSet.of({rule}))
            off = figures["asserted, gold not factual"] + figures["factual, marked not asserted"]
            verdict = "helps" if off > errors else "hurts" if off < errors else "neutral"
            rows[rule] = {**figures, "verdict": verdict}
            print(
                f"{rule:32} {figures['asserted, gold not factual']:>12} "
                f"{figures['factual, marked not asserted']:>15}  {verdict}"
            )
        report["ablation"] = rows
        # the rules that find who took part (a title's holder, a fronted possessive's subject)
        print(f"\n{'participant rule off':32} {'participants F1':>15}  verdict")
        for rule in (name for name, r in RULES.items() if r.stage == "participants"):
            figures = meantime(nlp, RuleSet.of({rule}))
            change = figures["participants F1"] - base["participants F1"]  # type: ignore[index]
            verdict = "helps" if change < -0.0005 else "hurts" if change > 0.0005 else "neutral"
            rows[rule] = {**figures, "verdict": verdict}
            print(f"{rule:32} {figures['participants F1']:>15.3f}  {verdict} ({change:+.3f})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
