"""Hostile article shapes: kg's own time on each, at n and 2n, beside raw spaCy on the same text.

    .venv/bin/python bench/adversarial.py [--scale N]

For each shape it prints the seconds kg spends reading the file and in its own extraction code
(its pipeline components and the analysis of the parse, timed apart from spaCy's components),
the ratio of those at 2n to n (about 2 means linear, 4 quadratic), and a whole build against
spaCy's own components on the same text. Timings on a
shared machine are noisy: read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.extract import analyse, load_pipeline, model_info
from kg.read import read_articles

SHAPES = {
    "unclosed **": lambda n: "**a " * n,
    "unclosed __": lambda n: "__a " * n,
    "lone *": lambda n: "*a " * n,
    "unclosed [": lambda n: "[a " * n,
    "links [a](b": lambda n: "[a](b " * n,
    "quotation marks": lambda n: " ".join('"we agree" said Mr Tom' if i % 2 else '"a b' for i in range(n // 2)),
    "pairs of quotes": lambda n: '"a b" ' * (n // 2),
    "curly quotes": lambda n: "“a ” " * (n // 2),
    "one long sentence": lambda n: " ".join(f"Ann Lee{i % 7} told Bo Reyes" for i in range(n // 4)) + ".",
    "many short lines": lambda n: "word\n" * n,
    "many paragraphs": lambda n: "word \n\nword" * (n // 2),
    "many headings": lambda n: "## Heading Of Section\n\nSome text here.\n\n" * (n // 8),
    "many embeds": lambda n: "### Embed:\n\nA post\n\n— Ann Lee (@ann) March 3, 2024\n\n" * (n // 12),
    "no spaces": lambda n: "x" * (n * 4),
    "dates": lambda n: " ".join("on Monday, March 3, 2024, two years ago" for _ in range(n // 8)),
    # names alike but for one word, acronyms, towns with regions: the identity and place rules
    "many firms": lambda n: " ".join(
        f"Orvale Trading Co{i} Systems, OTCS and Orvale met in Wayne, Michigan." for i in range(n // 12)
    ),
}


def _time_read(path: Path) -> float:
    started = time.perf_counter()
    list(read_articles([path]))
    return time.perf_counter() - started


def _measure(nlp, text: str, folder: Path) -> dict[str, float]:
    path = folder / "a.md"
    path.write_text("# Title of the story\n\n" + text + "\n", encoding="utf-8")
    read = _time_read(path)
    [article] = list(read_articles([path]))
    # the pipeline run by hand, component by component: kg's components and analysis are kg's time
    doc = nlp.make_doc(article.text)
    kg_seconds = spacy_seconds = 0.0
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        doc = component(doc)
        if name.startswith("kg_"):
            kg_seconds += time.perf_counter() - started
        else:
            spacy_seconds += time.perf_counter() - started
    started = time.perf_counter()
    analyse(article, [(0, doc)], model_info(nlp))
    kg_seconds += time.perf_counter() - started
    started = time.perf_counter()
    build([path], folder / "out", nlp=nlp)
    whole = time.perf_counter() - started
    return {"read": read, "analyse": kg_seconds, "spacy": spacy_seconds, "build": whole}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4000, help="n, the size of the smaller input of each shape")
    args = parser.parse_args()
    nlp = load_pipeline()
    print(f"{'shape':18} {'chars':>7} {'read s':>7} {'kg s':>6} {'x2 read':>7} {'x2 kg':>6} {'build/spaCy':>11}")
    worst = 0.0
    for name, make in SHAPES.items():
        rows = []
        for n in (args.scale, args.scale * 2):
            with tempfile.TemporaryDirectory() as folder:
                rows.append((len(make(n)), _measure(nlp, make(n), Path(folder))))
        (chars, small), (_, big) = rows
        worst = max(worst, small["read"], small["analyse"])
        print(
            f"{name:18} {chars:7d} {small['read']:7.3f} {small['analyse']:6.3f} "
            f"{big['read'] / max(small['read'], 1e-4):7.1f} {big['analyse'] / max(small['analyse'], 1e-4):6.1f} "
            f"{small['build'] / max(small['spacy'], 1e-4):11.2f}"
        )
    print(f"slowest read or analysis at n={args.scale}: {worst:.2f} s (target: under 2 s); cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
