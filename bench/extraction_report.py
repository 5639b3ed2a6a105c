"""Report events, quotes and roles over the Wikinews development articles, and draw hand-check samples.

    .venv/bin/python bench/extraction_report.py [FOLDER ...] [--samples bench/samples]

Prints events per article by class, the share of events with a date, a place and at least
one participant, quotes found and attributed, claims and roles found; writes 25 random
events and 20 random quotes and roles (fixed seed) to the samples folder for reading by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from kg.extract import extract, load_pipeline
from kg.read import read_articles
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "seeds", ROOT.parent / "shared" / "corpora" / "wikinews-dev"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--samples", type=Path, default=ROOT / "bench" / "samples")
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--event-size", type=int, default=25)
    args = parser.parse_args()
    articles = [a for a in read_articles(args.folders) if isinstance(a, Article)]
    extractions = list(extract(articles, load_pipeline()))
    labels = {}
    for x in extractions:
        labels.update({e.key: e.label for e in x.entities})
    events = [(x, e) for x in extractions for e in x.events]
    quotes = [(x, q) for x in extractions for q in x.quotes if q.direct]
    claims = [(x, q) for x in extractions for q in x.quotes if not q.direct]
    roles = [(x, r) for x in extractions for r in x.roles]
    n = len(extractions)
    print(f"articles {n}")
    print(f"events   {len(events)} ({len(events) / n:.1f} per article)")
    for kind, count in Counter(e.kind for _, e in events).most_common():
        print(f"  {kind:18} {count:4}  {count / n:.2f} per article")
    if events:
        dated = sum(1 for _, e in events if e.time)
        placed = sum(1 for _, e in events if e.place)
        with_participant = sum(1 for _, e in events if e.participants)
        print(
            f"  with a date {dated / len(events):.0%}, a place {placed / len(events):.0%}, a participant {with_participant / len(events):.0%}"
        )
    attributed = sum(1 for _, q in quotes if q.speaker)
    print(
        f"quotes   {len(quotes)} direct, {attributed} attributed ({attributed / max(1, len(quotes)):.0%}); {len(claims)} claims"
    )
    print(f"roles    {len(roles)} ({sum(1 for _, r in roles if r.organization)} with an organisation or place)")
    headline = 0
    for x in extractions:
        title = next((b for b in x.article.blocks if b.kind == "title"), None)
        if title and any(any(title.start <= t.start < title.end for t in e.triggers) for e in x.events):
            headline += 1
    print(f"headline event found in {headline} of {n} articles")
    rng = random.Random(7)
    args.samples.mkdir(parents=True, exist_ok=True)
    _write(args.samples / "events.md", "Events", rng.sample(events, min(args.event_size, len(events))), labels, _event)
    _write(args.samples / "quotes.md", "Quotes", rng.sample(quotes, min(args.size, len(quotes))), labels, _quote)
    _write(args.samples / "roles.md", "Roles", rng.sample(roles, min(args.size, len(roles))), labels, _role)
    print(f"samples written to {args.samples}/ (events.md, quotes.md, roles.md)")
    return 0


def _write(path: Path, title: str, items, labels, render) -> None:
    lines = [
        f"# {title}: a random sample to check by hand",
        "",
        "Mark each line ok / wrong after reading the sentence.",
        "",
    ]
    for i, (x, item) in enumerate(items, 1):
        lines.append(f"{i}. [{x.article.key}] " + render(item, labels, x))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _event(e, labels, x) -> str:
    who = ", ".join(f"{p.role}={labels.get(p.entity, p.entity)}" for p in e.participants)
    if e.time:
        when = f"{e.time.value} ('{e.time.text}')"
    else:
        when = f"{e.as_of} (article date)" if e.as_of else f"by {e.not_after}" if e.not_after else "no date"
    sentences = dict.fromkeys(
        s.text for t in e.triggers for s in x.sentences if s.start <= t.start < s.end
    )  # every mention's sentence, in order
    said = "\n".join(f"   > {s}" for s in sentences)
    return (
        f"**{e.kind}** [{e.factuality}] {when}; place={labels.get(e.place, e.place)}; {who}; "
        f"triggers={[t.text for t in e.triggers]}\n{said}"
    )


def _quote(q, labels, x=None) -> str:
    return f"speaker={labels.get(q.speaker, q.speaker)} cue={q.cue}: “{q.span.text}”\n   > {q.sentence.text}"


def _role(r, labels, x=None) -> str:
    status = f" ({r.status})" if r.status else ""
    party = f"; party {labels.get(r.affiliation, r.affiliation)}" if r.affiliation else ""
    return (
        f"{labels.get(r.holder, r.holder)} — {r.title}{status} — {labels.get(r.organization, r.organization)}{party}"
        f"\n   > {r.evidence.text}"
    )


if __name__ == "__main__":
    sys.exit(main())
