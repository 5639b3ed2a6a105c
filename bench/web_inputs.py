"""The development articles as the web holds them: pages, a web archive, and memory at 1x and 10x records.

    .venv/bin/python bench/web_inputs.py [FOLDER] [--no-memory]

1. Each article of FOLDER (default: the MEANTIME development articles) is wrapped in a news
   site's page (header, navigation, cookie banner, sidebar, comments, footer; tests/webpages.py)
   and read back: how many give the same analysed text and publication date as the article
   file, and, after building both, the same article graph (apart from what only the page says:
   its url, author, site name, language).
2. The pages go into a gzipped WARC with a request record before each response, an image, a
   PDF and one damaged record: how many of its article graphs equal the pages' graphs, what was
   skipped and what failed.
3. Peak resident memory of reading (and of building, --no-site) the archive with its records
   once and ten times over, each in a process of its own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from webpages import article_page, write_warc  # noqa: E402

from kg.build import build  # noqa: E402
from kg.extract import load_pipeline  # noqa: E402
from kg.read import read_articles  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "meantime-airbus" / "articles"
PAGE_ONLY = {
    "https://schema.org/url",
    "https://schema.org/author",
    "https://schema.org/publisher",
    "https://schema.org/inLanguage",
    "https://kg.example.org/ontology#siteName",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#sourceUrl",
    "http://purl.org/dc/terms/source",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--no-memory", action="store_true", help="Skip the memory measures (slow).")
    args = parser.parse_args()
    articles = [a for a in read_articles([args.folder]) if hasattr(a, "text")]
    if not articles:
        print(f"no articles in {args.folder}; pass a folder of articles", file=sys.stderr)
        return 2
    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        pages.mkdir()
        records = []
        for a in articles:
            paragraphs = [a.text[b.start : b.end] for b in a.blocks if b.kind != "title"]
            url = f"https://news.example.org/{a.key}.html"
            page = article_page(a.title or a.key, paragraphs, published=a.published, author="Lois Lane", url=url)
            (pages / f"{a.key}.html").write_text(page, encoding="utf-8")
            records.append((url, "text/html; charset=utf-8", page.encode("utf-8")))
        read_back = {p.key: p for p in read_articles([pages]) if hasattr(p, "text")}
        same_text = sum(1 for a in articles if a.key in read_back and read_back[a.key].text == a.text)
        same_date = sum(1 for a in articles if a.key in read_back and read_back[a.key].published == a.published)
        print(
            f"1. pages: {len(read_back)}/{len(articles)} read; same text {same_text}, same publication date {same_date}"
        )
        build([args.folder], tmp / "out-text", nlp=nlp, jobs=2)
        build([pages], tmp / "out-pages", nlp=nlp, jobs=2)
        equal = _equal_graphs(tmp / "out-text", tmp / "out-pages", [a.key for a in articles])
        print(f"   article graphs equal to the files' (page metadata aside): {equal}/{len(articles)}")

        extra = [
            ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(256)),
            ("https://news.example.org/report.pdf", "application/pdf", b"%PDF-1.7 an annual report"),
        ]
        archive = tmp / "crawl.warc.gz"
        write_warc(archive, records[:3] + extra + records[3:], corrupt_after=len(records) // 2)
        report = build([archive], tmp / "out-warc", nlp=nlp, jobs=2)
        equal = _equal_graphs(tmp / "out-pages", tmp / "out-warc", [a.key for a in articles])
        print(
            f"2. archive ({archive.stat().st_size / 1e6:.1f} MB): {len(report.published)} articles, "
            f"graphs equal to the pages' {equal}/{len(articles)}; failures {len(report.failures)} "
            f"({'; '.join(f.message for f in report.failures)})"
        )
        for note in report.notes:
            print(f"   {note}")
        if args.no_memory:
            return 0
        big = tmp / "crawl10.warc.gz"
        write_warc(
            big,
            [
                (f"{u[:-5]}-{n}.html", kind, body)
                for n in range(10)
                for u, kind, body in records[:3] + extra + records[3:]
            ],
        )
        read_1, read_10 = _peak("read", archive), _peak("read", big)
        print(
            f"3. peak memory reading the archive: {read_1:.0f} MiB at 1x ({archive.stat().st_size / 1e6:.1f} MB), "
            f"{read_10:.0f} MiB at 10x ({big.stat().st_size / 1e6:.1f} MB): {read_10 / read_1:.2f}x"
        )
        build_1, build_10 = _peak("build", archive), _peak("build", big)
        print(
            f"   peak memory building it: {build_1:.0f} MiB at 1x, {build_10:.0f} MiB at 10x: {build_10 / build_1:.2f}x"
        )
    return 0


def _content(path: Path) -> Graph:
    g = Graph().parse(path)
    out = Graph()
    for s, p, o in g:
        if str(p) in PAGE_ONLY or str(s).startswith("urn:uuid:") or str(o).startswith("urn:uuid:"):
            continue
        if "/person/lois-lane" in str(s) or "/organization/news-example-org" in str(s):
            continue
        out.add((s, p, o))
    return out


def _equal_graphs(a: Path, b: Path, keys: list[str]) -> int:
    same = 0
    for key in keys:
        one, two = a / "articles" / f"{key}.ttl", b / "articles" / f"{key}.ttl"
        if one.is_file() and two.is_file() and isomorphic(_content(one), _content(two)):
            same += 1
    return same


def _peak(what: str, archive: Path) -> float:
    """Peak resident memory (MiB) of a process that reads every article of the archive, or builds it."""
    if what == "read":
        action = "n = sum(1 for _ in read_articles([sys.argv[1]]))"
    else:
        action = "build([sys.argv[1]], sys.argv[2], jobs=1, cache=False)"
    code = (
        "import resource, sys; from kg.read import read_articles; from kg.build import build; "
        f"{action}; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"  # KiB on Linux
    )
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-c", code, str(archive), str(Path(tmp) / "out")],
            check=True,
            capture_output=True,
            text=True,
        )
    return int(done.stdout.split()[-1]) / 1024


if __name__ == "__main__":
    sys.exit(main())
