"""Read articles from files, folders and addresses: wire-story Markdown, plain text, JSON Lines,
saved web pages (HTML), web archives (WARC) and RSS/Atom feeds."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from .dates import parse_date
from .errors import InputError, one_line
from .iri import slug
from .records import Article, Block, Failure, Skip
from .web import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    MAX_PAGE_BYTES,
    WARC_SUFFIXES,
    ArchivedPage,
    Fetcher,
    Page,
    archive_key,
    archive_records,
    fragment_text,
    is_url,
    looks_like_feed,
    read_feed,
    read_page,
)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DEFAULT_MAX_CHARS = 1_000_000

_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|\"'])")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BYLINE = re.compile(r"^by\s+(?P<names>.+?)(?:\s+(?:for|of)\s+(?P<agency>[^,]+?))?\s*$", re.I)
_URL_LINE = re.compile(r"^(?:original\s+url|source\s+url|url|source)\s*:\s*(?P<url>\S*)\s*$", re.I)
_ATTRIBUTION = re.compile(r"^(?:—|–|--|&mdash;)\s*\S")
_LIST_MARKER = re.compile(r"^(?:[-*+]\s+|>\s?|:\s+)")
# characters no RDF syntax can carry (lone surrogates) or that break lines where a reader
# does not expect it; each is replaced by one character, so offsets stay exact
_UNWRITABLE = re.compile(r"[\ud800-\udfff]")


def read_articles(
    paths: Iterable[str | Path],
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    fetcher: Fetcher | None = None,
    fetch_links: bool = False,
) -> Iterator[Article | Failure | Skip]:
    """Yield every article under ``paths`` (files, folders, http(s) addresses) in a stable order,
    a failure saying why one could not be read, or a skip for archive records that hold none.

    Keys are unique by the IRI segment they become: an article whose key another article
    of the run already has gets a suffix, and names that article in ``collides_with``.
    Addresses are fetched with ``fetcher``; ``fetch_links`` also fetches the page each feed
    item links to, instead of reading the item's own text.
    """
    seen: dict[str, str] = {}
    for given in paths:
        if is_url(given):
            address = str(given).strip()
            try:
                for item in _read_url(address, fetcher or Fetcher(), fetch_links, max_chars):
                    yield _unique(item, seen) if isinstance(item, Article) else item
            except Exception as exc:  # a reader bug must cost one address, never the run
                yield Failure(address, f"could not be read ({one_line(exc)}); please report this")
            continue
        path = Path(given)
        try:
            files = _article_files(path) if path.is_dir() else [path]
        except OSError as exc:
            yield Failure(str(path), f"cannot list the folder ({exc.strerror or exc}); check it is readable")
            continue
        if not files:
            yield Failure(
                str(path),
                "no articles found (looked for "
                + ", ".join(sorted(_FOLDER_SUFFIXES) + list(WARC_SUFFIXES))
                + "); point kg at a folder or file of articles",
            )
            continue
        for file in files:
            try:
                # an archive is read one record at a time: never whole into memory
                items = _read_file(
                    file, encoding=encoding, max_chars=max_chars, fetcher=fetcher, fetch_links=fetch_links
                )
                for item in items:
                    yield _unique(item, seen) if isinstance(item, Article) else item
            except Exception as exc:  # a reader bug must cost one file, never the run
                yield Failure(str(file), f"could not be read ({one_line(exc)}); please report this")


def parse_wire(raw: str, *, key: str, source: str) -> Article:
    """Parse one wire story (Markdown-ish or plain text) into an Article."""
    return _build_article(_blocks_of(raw), key=key, source=source, checksum=_sha(raw))


# ".xml" is read when named, not picked up from folders, where it is more often something else
_FOLDER_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | (FEED_SUFFIXES - {".xml"})


def _article_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and (p.suffix.lower() in _FOLDER_SUFFIXES or p.name.lower().endswith(WARC_SUFFIXES))
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _read_file(
    file: Path, *, encoding: str, max_chars: int, fetcher: Fetcher | None = None, fetch_links: bool = False
) -> Iterator[Article | Failure | Skip]:
    source = str(file)
    suffix = file.suffix.lower()
    if file.name.lower().endswith(WARC_SUFFIXES):
        yield from _read_warc(file, max_chars=max_chars)
        return
    jsonl = suffix in JSONL_SUFFIXES
    limit = max_chars * 4  # UTF-8 takes at most 4 bytes a character
    if suffix in HTML_SUFFIXES | FEED_SUFFIXES:
        limit = max(limit, MAX_PAGE_BYTES)  # markup, scripts and styles around the story
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            # a FIFO, socket or device would block the run or never end
            yield Failure(source, "not a regular file (a pipe, socket or device); pass files or folders of articles")
            return
        with file.open("rb") as handle:
            data = handle.read() if jsonl else handle.read(limit + 1)
    except OSError as exc:
        yield Failure(source, f"cannot read the file ({exc.strerror or exc}); check it exists and is readable")
        return
    if not jsonl and len(data) > limit:
        yield _too_long(source, None, max_chars)
        return
    if suffix in HTML_SUFFIXES | FEED_SUFFIXES:
        # a page or feed says its own encoding (meta charset, XML declaration): the parsers read it
        if not data.strip():
            yield Failure(source, "empty file; remove it or put an article in it")
            return
        if suffix in HTML_SUFFIXES:
            yield _page_article(data, key=_slug(file.stem), source=source, max_chars=max_chars)
        else:
            yield from _feed_articles(
                data, source=source, base=None, fetcher=fetcher, fetch_links=fetch_links, max_chars=max_chars
            )
        return
    text_or_failure = _decode(data, source, encoding)
    if isinstance(text_or_failure, Failure):
        yield text_or_failure
        return
    text = text_or_failure
    if jsonl:
        yield from _read_jsonl(text, file, max_chars=max_chars)
        return
    if len(text) > max_chars:
        yield _too_long(source, len(text), max_chars)
        return
    try:
        yield parse_wire(text, key=_slug(file.stem), source=source)
    except ValueError as exc:
        yield Failure(source, str(exc))


def _read_url(url: str, fetcher: Fetcher, fetch_links: bool, max_chars: int) -> Iterator[Article | Failure]:
    """An address given as input: a feed (its items) or an article page."""
    try:
        got = fetcher.fetch(url, cached=False)  # asked for by name: always the page as it is now
    except InputError as exc:
        yield Failure(url, exc.reason)
        return
    if looks_like_feed(got.content_type, got.data):
        yield from _feed_articles(
            got.data, source=url, base=got.url, fetcher=fetcher, fetch_links=fetch_links, max_chars=max_chars
        )
    else:
        yield _page_article(got.data, key=_url_key(got.url), source=url, url=got.url, max_chars=max_chars)


def _feed_articles(
    data: bytes, *, source: str, base: str | None, fetcher: Fetcher | None, fetch_links: bool, max_chars: int
) -> Iterator[Article | Failure]:
    try:
        items = read_feed(data, base=base)
    except ValueError as exc:
        yield Failure(source, str(exc))
        return
    stem = _slug(Path(urlsplit(source).path).stem if is_url(source) else Path(source).stem) or "feed"
    for item in items:
        where = f"{source}#{item.key}"
        key = f"{stem}-{item.key}"
        if fetch_links and item.link:
            try:
                got = (fetcher or Fetcher()).fetch(item.link)
            except InputError as exc:
                yield Failure(where, str(exc))
                continue
            article = _page_article(got.data, key=key, source=where, url=got.url, max_chars=max_chars)
        elif item.content:
            page = Page(title=item.title, paragraphs=tuple(fragment_text(item.content)), url=item.link)
            article = _from_page(page, key=key, source=where, checksum=_sha(repr(item)), max_chars=max_chars)
        else:
            article = Failure(where, "the item carries no text; pass --fetch to read the page it links to")
        if isinstance(article, Article):
            # what the feed says fills what the page left unsaid
            article = replace(
                article,
                title=article.title or item.title,
                published=article.published or item.published,
                authors=article.authors or item.authors,
                url=article.url or item.link,
            )
        yield article


def _read_warc(file: Path, *, max_chars: int) -> Iterator[Article | Failure | Skip]:
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            yield Failure(str(file), "not a regular file (a pipe, socket or device); pass files or folders of articles")
            return
        for record in archive_records(file):
            if isinstance(record, ArchivedPage):
                yield _archived_article(record, f"{file}#{record.offset}", max_chars)
            else:
                yield record
    except ValueError as exc:
        yield Failure(str(file), str(exc))
    except OSError as exc:
        yield Failure(str(file), f"cannot read the archive ({exc.strerror or exc}); check it exists and is readable")


def _archived_article(record: ArchivedPage, where: str, max_chars: int) -> Article | Failure:
    key = _slug(archive_key(record.target, record.record_id)) or "record"
    article = _page_article(record.payload, key=key, source=where, url=record.target or None, max_chars=max_chars)
    if isinstance(article, Failure):
        return article
    return replace(article, archive_record=record.record_id or None, captured=record.captured or None)


def _page_article(data: bytes, *, key: str, source: str, max_chars: int, url: str | None = None) -> Article | Failure:
    try:
        page = read_page(data, url=url)
    except ValueError as exc:
        return Failure(source, str(exc))
    return _from_page(page, key=key, source=source, checksum=hashlib.sha256(data).hexdigest(), max_chars=max_chars)


def _from_page(page: Page, *, key: str, source: str, checksum: str, max_chars: int) -> Article | Failure:
    blocks = ([("title", _writable(page.title))] if page.title else []) + [
        ("paragraph", _writable(p)) for p in page.paragraphs
    ]
    if sum(len(text) + 2 for _, text in blocks) > max_chars:
        return _too_long(source, sum(len(text) + 2 for _, text in blocks), max_chars)
    try:
        article = _build_article(blocks, key=key, source=source, checksum=checksum)
    except ValueError as exc:
        return Failure(source, str(exc))
    return replace(
        article,
        published=page.published or article.published,
        authors=page.authors or article.authors,
        url=page.url or article.url,
        language=page.language,
        site_name=page.site_name,
    )


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    return _slug(f"{parts.hostname or ''}{parts.path}".rstrip("/").replace("/", "-")) or "page"


# Unicode's control characters (category Cc: C0, DEL and C1) but the line and page breaks and tab
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _decode(data: bytes, source: str, encoding: str) -> str | Failure:
    if not data.strip():
        return Failure(source, "empty file; remove it or put an article in it")
    if b"\x00" in data[:8192]:
        return Failure(source, "binary file, not a text article; remove it from the input folder")
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding)
    except UnicodeDecodeError as exc:
        return Failure(
            source,
            f"not {encoding} text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"re-encode it as UTF-8 (iconv -f latin1 -t utf-8) or pass --encoding latin-1",
        )
    except LookupError:
        return Failure(source, f"unknown encoding {encoding!r}; pass a Python codec name such as latin-1")
    controls = len(_CONTROLS.findall(text, 0, 8192))
    if controls > 8:
        return Failure(source, "binary file, not a text article; remove it from the input folder")
    return text


def _too_long(source: str, size: int | None, max_chars: int) -> Failure:
    size_text = f"{size:,} characters" if size is not None else "longer than that"
    return Failure(
        source,
        f"article is {size_text}, over the {max_chars:,} character limit; split it into articles or raise --max-chars",
    )


def _read_jsonl(text: str, file: Path, *, max_chars: int) -> Iterator[Article | Failure]:
    stem = _slug(file.stem)
    # only "\n" ends a JSON line: U+2028, form feeds and the like may sit inside a string
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{file}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(source, f"not JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object")
            continue
        except (ValueError, RecursionError) as exc:  # numbers over Python's digit limit, deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
            yield Failure(source, f"not usable JSON ({reason}); each line must be one flat JSON object")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            yield Failure(source, 'no "text" string; each line needs {"text": "...", ...}')
            continue
        if len(record["text"]) > max_chars:
            yield _too_long(source, len(record["text"]), max_chars)
            continue
        try:
            yield _article_from_record(record, key=f"{stem}-{number}", source=source)
        except ValueError as exc:
            yield Failure(source, str(exc))


def _article_from_record(record: dict, *, key: str, source: str) -> Article:
    blocks = _blocks_of(_writable(record["text"]))
    meta = {
        "title": _string(record.get("title")),
        "url": _string(record.get("url")),
        "date": _string(record.get("date")),
    }
    authors = record.get("author", record.get("authors"))
    if isinstance(authors, str):
        authors = [authors]
    if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise ValueError('"author" must be a string or a list of strings')
    if meta["title"]:
        blocks = [("title", _inline(meta["title"]))] + [b for b in blocks if b[0] != "title"]
    identifier = record.get("id")
    if isinstance(identifier, (str, int)) and not isinstance(identifier, bool):
        text_id = _writable(str(identifier)) if isinstance(identifier, str) or len(str(abs(identifier))) <= 80 else ""
        key = _slug(text_id) or key
    elif identifier is not None:
        raise ValueError('"id" must be a string or a number')
    checksum = _sha(json.dumps(record, sort_keys=True, ensure_ascii=True))
    article = _build_article(blocks, key=key, source=source, checksum=checksum)
    published = parse_date(meta["date"]) if meta["date"] else None
    if meta["date"] and published is None:
        raise ValueError(f"date {meta['date']!r} is not a date; write it as YYYY-MM-DD")
    return replace(
        article,
        url=meta["url"] or article.url,
        published=published or article.published,
        authors=tuple(a.strip() for a in authors or () if a.strip()) or article.authors,
    )


def _writable(text: str) -> str:
    """Text with lone surrogates (from JSON escapes) as U+FFFD: one character each, offsets kept."""
    return _UNWRITABLE.sub("\ufffd", text)


def _string(value: object) -> str | None:
    return _writable(value.strip()) if isinstance(value, str) and value.strip() else None


def _unique(article: Article, seen: dict[str, str]) -> Article:
    """The article with a key no earlier article of the run has, as an IRI segment ("a_b" and "a-b" collide)."""
    key = article.key or "article"
    taken = seen.get(slug(key))
    if taken is not None:
        digest = hashlib.sha1(article.source.encode("utf-8", "surrogatepass")).hexdigest()
        for length in range(8, len(digest) + 1, 4):
            candidate = f"{key}-{digest[:length]}"
            if slug(candidate) not in seen:
                key = candidate
                break
    seen[slug(key)] = article.source
    if key == article.key:
        return article
    return replace(article, key=key, collides_with=taken)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_")[:80]


# --- Markdown-ish blocks ----------------------------------------------------


def _blocks_of(raw: str) -> list[tuple[str, str]]:
    """Split raw text into (kind, cleaned text) blocks; metadata blocks keep their raw form."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    groups: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            groups[-1].append(line.rstrip())
        elif groups[-1]:
            groups.append([])
    blocks: list[tuple[str, str]] = []
    in_embed = False
    for group in (g for g in groups if g):
        first = group[0].strip()
        url_line = _URL_LINE.match(first)
        if url_line:
            url = url_line.group("url").strip("<>") or None
            blocks.append(("url", url or ""))
            continue
        if blocks and blocks[-1] == ("url", "") and len(group) == 1:
            blocks[-1] = ("url", first.strip("<>"))
            continue
        heading = _HEADING.match(first) if len(group) == 1 else None
        if heading:
            level, content = len(heading.group(1)), _inline(heading.group(2))
            if level == 1 and not any(kind == "title" for kind, _ in blocks):
                blocks.append(("title", content))
            elif content.rstrip(":").strip().lower() in {"embed", "embedded post", "embedded content"}:
                in_embed = True
            elif content:
                blocks.append(("heading", content))
            continue
        cleaned = "\n".join(_inline(_LIST_MARKER.sub("", line.strip())) for line in group).strip()
        if not cleaned or _is_link_only(group):
            continue
        if _ATTRIBUTION.match(cleaned):
            blocks.append(("attribution" if in_embed else "paragraph", cleaned))
            in_embed = False
            continue
        blocks.append(("embed" if in_embed else "paragraph", cleaned))
    return blocks


def _is_link_only(group: list[str]) -> bool:
    """A block that is one link and nothing else is a credit or embed chrome, not prose."""
    joined = " ".join(line.strip() for line in group)
    match = _LINK.fullmatch(joined)
    if match:
        return True
    return bool(_AUTOLINK.fullmatch(joined))


def _inline(text: str) -> str:
    text = _LINK.sub(lambda m: "" if m.group(0).startswith("!") else m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    for _ in range(2):  # twice, for emphasis inside emphasis
        text = strip_emphasis(text)
    text = _ESCAPE.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def strip_emphasis(text: str) -> str:
    r"""``**bold**``, ``__bold__`` and ``*italic*`` without their marks, in time linear in the text.

    The rules are those of the regular expression
    ``(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])``,
    which backtracks to the end of the line for every unclosed mark (quadratic time); here
    the closing mark each opening one would find is looked up in sorted positions.
    """
    if "*" not in text and "__" not in text:
        return text
    closers = {mark: [m.start() for m in re.finditer(rf"(?<=\S)(?={re.escape(mark)})", text)] for mark in ("**", "__")}
    newlines = [m.start() for m in re.finditer("\n", text)]
    stops = [m.start() for m in re.finditer(r"[*\n]", text)]  # where an italic's content must end
    n = len(text)

    def first_at_or_after(positions: list[int], k: int) -> int:
        i = bisect_left(positions, k)
        return positions[i] if i < len(positions) else n

    def is_word(c: str) -> bool:
        return c.isalnum() or c == "_"

    parts: list[str] = []
    position = 0
    for candidate in re.finditer(r"[*_]", text):
        i = candidate.start()
        if i < position:
            continue
        mark = text[i : i + 2]
        if mark in closers and i + 2 < n and not text[i + 2].isspace():
            j = first_at_or_after(closers[mark], i + 3)
            if j < first_at_or_after(newlines, i + 2):
                parts += [text[position:i], text[i + 2 : j]]
                position = j + 2
                continue
        if text[i] != "*" or (i and (is_word(text[i - 1]) or text[i - 1] == "*")):
            continue
        if i + 1 >= n or text[i + 1].isspace():
            continue
        j = first_at_or_after(stops, i + 1)
        if (
            j < n
            and j >= i + 2
            and text[j] == "*"
            and not text[j - 1].isspace()
            and not (j + 1 < n and (is_word(text[j + 1]) or text[j + 1] == "*"))
        ):
            parts += [text[position:i], text[i + 1 : j]]
            position = j + 1
    parts.append(text[position:])
    return "".join(parts)


def _build_article(blocks: list[tuple[str, str]], *, key: str, source: str, checksum: str) -> Article:
    blocks = _plain_title(blocks)
    title = next((text for kind, text in blocks if kind == "title"), None)
    url = next((text for kind, text in blocks if kind == "url" and text), None)
    # everything after the url line is page furniture (page numbers, footers)
    cut = next((i for i, (kind, _) in enumerate(blocks) if kind == "url"), len(blocks))
    body = [b for b in blocks[:cut] if b[0] != "title"]
    authors: tuple[str, ...] = ()
    agency = None
    published = None
    # metadata sits in the first blocks before the story starts
    header_end = 0
    for index, (kind, text) in enumerate(body[:4]):
        if kind != "paragraph" or len(text) > 160:
            break
        byline = _BYLINE.match(text)
        date = parse_date(text)
        if date and published is None:
            published = date
        elif byline and not authors and "\n" not in text:
            authors = _split_names(byline.group("names"))
            agency = byline.group("agency").strip() if byline.group("agency") else None
            if agency is None and "," in byline.group("names"):
                names, _, maybe_agency = byline.group("names").rpartition(",")
                if maybe_agency.strip().isupper():
                    authors, agency = _split_names(names), maybe_agency.strip()
        else:
            break
        header_end = index + 1
    body = _rejoin_broken_paragraphs(body[header_end:])
    parts: list[str] = []
    spans: list[Block] = []
    position = 0
    for kind, text in ([("title", title)] if title else []) + body:
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(text)
        spans.append(Block(kind, position, position + len(text)))
        position += len(text)
    text = "".join(parts)
    if not text.strip():
        raise ValueError("no article text after removing markup; check the file holds a story")
    return Article(
        key=key,
        source=source,
        text=text,
        title=title,
        published=published,
        url=url,
        authors=authors,
        agency=agency,
        blocks=tuple(spans),
        checksum=checksum,
    )


def _plain_title(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Plain text has no '# ' heading: a short first line with no end punctuation, followed by
    more text, is the title; lines under it in the same block (a date, a byline) are blocks."""
    if not blocks or any(kind == "title" for kind, _ in blocks) or blocks[0][0] != "paragraph":
        return blocks
    first, *rest = blocks[0][1].split("\n")
    more = bool(rest) or len(blocks) > 1
    if not more or len(first) > 200 or first.rstrip().endswith(_SENTENCE_ENDS) or not first[:1].isupper():
        return blocks
    if parse_date(first) or _BYLINE.match(first):
        return blocks  # the story starts with its date or byline: it has no headline
    if rest and not (parse_date(rest[0]) or _BYLINE.match(rest[0])):
        return blocks  # a paragraph broken into lines, not a headline over its date or byline
    under = [("paragraph", line) for line in rest[:3]] + ([("paragraph", " ".join(rest[3:]))] if rest[3:] else [])
    return [("title", first.strip()), *under, *blocks[1:]]


def _rejoin_broken_paragraphs(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join a paragraph cut mid-sentence (no end punctuation, next starts lower-case)."""
    joined: list[tuple[str, list[str]]] = []  # pieces joined once at the end: linear in the text
    for kind, text in blocks:
        if (
            joined
            and kind == "paragraph"
            and joined[-1][0] == "paragraph"
            and text[:1].islower()
            and not joined[-1][1][-1].endswith(_SENTENCE_ENDS)
        ):
            joined[-1][1].append(text)
        else:
            joined.append((kind, [text]))
    return [(kind, " ".join(pieces)) for kind, pieces in joined]


_SENTENCE_ENDS = tuple(".!?:;\"'”’)]")


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return tuple(p.strip() for p in parts if p.strip())
