"""The reader: wire-story Markdown, plain text, JSON Lines, and bad input."""

from __future__ import annotations

import datetime as dt
import json

from kg.read import parse_wire, read_articles
from kg.records import Article, Failure

WIRE = """# Port workers strike in Rotterdam

By [Jane Roe and John Doe for Reuters](#)

March 3, 2021



[@somehandle / Twitter](#)

Dock workers in **Rotterdam** walked out on Tuesday, the [union](https://example.com/u) said.

The strike \\$5 million a day, officials said.

### Embed:

We stand together.

— Union of Dockers (@dockers) [March 2, 2021](#)

## 'No deal yet'

Talks resume on Friday.

Original url:

<https://www.example-news.com/2021/03/03/strike?id=1>

7
"""


def test_wire_metadata_and_clean_text():
    article = parse_wire(WIRE, key="k", source="x.md")
    assert article.title == "Port workers strike in Rotterdam"
    assert article.authors == ("Jane Roe", "John Doe")
    assert article.agency == "Reuters"
    assert article.published == dt.date(2021, 3, 3)
    assert article.url == "https://www.example-news.com/2021/03/03/strike?id=1"
    assert article.publisher_host == "example-news.com"
    text = article.text
    assert text.startswith("Port workers strike in Rotterdam\n\n")
    assert "walked out on Tuesday, the union said." in text
    assert "**" not in text and "](" not in text and "@somehandle" not in text
    assert "$5 million" in text and "\\$" not in text
    assert "Embed" not in text and "Original url" not in text and "March 3, 2021" not in text
    assert not text.rstrip().endswith("7")


def test_blocks_cover_exact_text():
    article = parse_wire(WIRE, key="k", source="x.md")
    kinds = [b.kind for b in article.blocks]
    assert kinds[0] == "title"
    assert "embed" in kinds and "attribution" in kinds and "heading" in kinds
    for block in article.blocks:
        piece = article.text[block.start : block.end]
        assert piece == piece.strip() and piece
    embed = next(b for b in article.blocks if b.kind == "embed")
    assert article.text[embed.start : embed.end] == "We stand together."


def test_plain_text_without_title_or_date():
    article = parse_wire("Just a paragraph about Oslo.\n", key="p", source="p.txt")
    assert article.title is None and article.published is None and article.url is None
    assert article.text == "Just a paragraph about Oslo."


def test_broken_paragraph_is_joined():
    article = parse_wire("# T\n\nThe talks were the latest\n\n\n\nround of negotiations.\n", key="b", source="b.md")
    assert "the latest round of negotiations." in article.text


def test_jsonl(tmp_path):
    lines = [
        json.dumps(
            {"text": "Talks in Geneva ended.", "title": "Talks end", "date": "2020-05-01", "url": "https://n.org/a"}
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Second story.", "author": ["A. Writer"]}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([path]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.title for a in articles] == ["Talks end", None]
    assert articles[0].published == dt.date(2020, 5, 1)
    assert articles[0].text == "Talks end\n\nTalks in Geneva ended."
    assert articles[1].authors == ("A. Writer",)
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "not JSON" in failures[0].message and "text" in failures[1].message


def test_bad_inputs_each_get_a_message(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in M\xfcnchen".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("word " * 1_100_000, encoding="utf-8")
    (tmp_path / "good.md").write_text("# Fine\n\nA fine story about Lyon.\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    items = list(read_articles([tmp_path / "nothing", tmp_path]))
    by_source = {i.source.rsplit("/", 1)[-1]: i for i in items}
    assert isinstance(by_source["good.md"], Article)
    assert "no articles found" in by_source["nothing"].message
    assert "empty" in by_source["empty.txt"].message
    assert "binary" in by_source["binary.txt"].message
    assert "--encoding latin-1" in by_source["latin1.txt"].message
    assert "--max-chars" in by_source["huge.txt"].message


def test_latin1_reads_with_encoding(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in M\xfcnchen".encode("latin-1"))
    [article] = list(read_articles([tmp_path], encoding="latin-1"))
    assert article.text == "Café in München"


def test_duplicate_keys_are_made_unique(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.md").write_text("One.", encoding="utf-8")
    (tmp_path / "b" / "story.md").write_text("Two.", encoding="utf-8")
    keys = [a.key for a in read_articles([tmp_path])]
    assert len(keys) == 2 and len(set(keys)) == 2 and keys[0] == "story"
