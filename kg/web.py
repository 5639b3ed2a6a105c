"""News where it lives: saved article pages (HTML), web archives (WARC) and RSS/Atom feeds.

The reading stage (``kg.read``) turns what this module finds into articles. Pages are read
with trafilatura (main text and metadata, boilerplate left out), archives with warcio (one
record at a time, so an archive of any size is read in bounded memory), feeds with
feedparser; pages are fetched politely by :class:`Fetcher`.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import gzip
import hashlib
import json
import re
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .errors import InputError, one_line
from .iri import external_iri
from .records import Failure, Skip

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_PAGE_BYTES = 20_000_000  # a page bigger than this is not an article
_MIN_WORDS = 8  # fewer words than a one-sentence news brief: menus or a stub, not a story
DEFAULT_USER_AGENT = "kg (news knowledge graph builder; +https://pypi.org/project/kg/)"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# a WARC record starts with its version line; a gzipped archive has one gzip member per record
_WARC_START = re.compile(rb"WARC/1\.[01]\r?\n")
_GZIP_START = b"\x1f\x8b\x08"


@dataclass(frozen=True)
class Page:
    """What an article page says: its title, paragraphs of main text and metadata."""

    title: str | None
    paragraphs: tuple[str, ...]
    published: dt.date | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None  # the page's canonical address, else where it was found
    language: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class ArchivedPage:
    """One HTML response of a web archive, with where and when it was captured."""

    offset: int  # of the record in the archive file (compressed offset for .warc.gz)
    record_id: str
    target: str
    captured: str  # the WARC-Date, as written
    payload: bytes


@dataclass(frozen=True)
class FeedItem:
    """One item of an RSS or Atom feed."""

    key: str  # stable across runs: from the item's link or id, never its position
    title: str | None
    link: str | None
    published: dt.date | None
    authors: tuple[str, ...]
    content: str | None  # HTML or text the feed carries for it (full content, else summary)


@dataclass(frozen=True)
class Fetched:
    """A page fetched over HTTP(S)."""

    url: str  # where it ended up, after redirects
    content_type: str
    data: bytes


def read_page(data: bytes | str, *, url: str | None = None) -> Page:
    """The main text and metadata of an article page; ``ValueError`` when it holds no article text."""
    import trafilatura

    tree = trafilatura.load_html(data)
    if tree is None:
        raise ValueError("not an HTML page (nothing to parse); check the file is a saved web page")
    language = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        # dates from the page's markup and url only: a date guessed from any number in the
        # text would be a wrong date said with confidence
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise ValueError("no article text found in the page (only navigation, links or boilerplate)")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = _clean(meta.get("title"))
    paragraphs = [p for p in (_clean(line) for line in (meta.get("text") or "").split("\n")) if p]
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline printed above the story is the title, once
    if sum(len(p.split()) for p in paragraphs) < _MIN_WORDS:
        # what is left of a page of menus and links after boilerplate removal: not a story
        raise ValueError("no article text found in the page (only navigation, links or boilerplate)")
    page_url = meta.get("url") or url
    return Page(
        title=title,
        paragraphs=tuple(paragraphs),
        published=_date(meta.get("date")),
        authors=tuple(a for a in (_clean(a) for a in (meta.get("author") or "").split(";")) if a),
        url=page_url if external_iri(page_url) else url,
        language=language.strip() if isinstance(language, str) and _LANGUAGE.match(language.strip()) else None,
        site_name=_clean(meta.get("sitename")),
    )


def archive_records(path: Path) -> Iterator[ArchivedPage | Skip | Failure]:
    """Every record of a WARC file in order, streamed: HTML responses, records that hold no
    article (skipped), and records that cannot be read (failed), each named ``FILE#OFFSET``.

    A record that cannot be read is reported and reading resumes at the next record start
    found after it, so one corrupt record costs that record only.
    """
    from warcio.archiveiterator import ArchiveIterator

    compressed = path.name.lower().endswith(".gz")
    start = 0
    with path.open("rb") as handle:
        opens = _gzip_opens(handle, 0) if compressed else handle.read(8).startswith(b"WARC/")
        if not opens:
            raise ValueError(
                "not a WARC archive (it does not start with a WARC record"
                + (" in a gzip member" if compressed else "")
                + "); check the file is a complete .warc or .warc.gz"
            )
        while True:
            handle.seek(start)
            records = ArchiveIterator(handle)
            offset = following = start
            try:
                for record in records:
                    if record.format != "warc":  # warcio also reads the older ARC format: not ours
                        raise ValueError(f"an {record.format} record")
                    item = _archived(record)
                    # asked only now: warcio reads the record to its end to say where it started
                    offset = start + records.get_record_offset()
                    following = offset + records.get_record_length()
                    if isinstance(item, str):
                        yield Skip(f"{path}#{offset}", item)
                    elif item is not None:
                        yield replace(item, offset=offset)
                return
            except Exception as exc:  # warcio raises many kinds on a damaged record
                reason = "not a WARC record" if type(exc).__name__ == "ArchiveLoadFailed" else one_line(exc)[:80]
                yield Failure(
                    f"{path}#{following}", f"damaged record ({reason}); skipped it, read the rest of the archive"
                )
            following = _next_record_start(handle, following + 1, compressed)
            if following is None:
                return
            start = following


def _archived(record) -> ArchivedPage | str | None:
    """An HTML response, else why the record holds no article (None: the archive's own description)."""
    kind = record.rec_type
    if kind in {"warcinfo", "request", "metadata", "revisit", "resource", "conversion", "continuation"}:
        if kind == "warcinfo":
            return None  # the archive's own description: not a record of the crawl
        return f"{kind} record"
    if kind != "response":
        return f"{kind} record"
    status = record.http_headers.get_statuscode() if record.http_headers else None
    content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    if status is not None and not status.startswith("2"):
        return f"HTTP {status} response"
    if "html" not in content_type.lower():
        return f"{content_type.split(';')[0].strip() or 'untyped'} response"
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(payload) > MAX_PAGE_BYTES:
        return f"response over {MAX_PAGE_BYTES:,} bytes"
    headers = record.rec_headers
    return ArchivedPage(
        offset=0,
        record_id=(headers.get_header("WARC-Record-ID") or "").strip(),
        target=(headers.get_header("WARC-Target-URI") or "").strip(),
        captured=(headers.get_header("WARC-Date") or "").strip(),
        payload=payload,
    )


def _next_record_start(handle, after: int, compressed: bool) -> int | None:
    """Where the next record starts after a damaged one (a gzip member or a WARC version line)."""
    pattern = re.compile(re.escape(_GZIP_START)) if compressed else _WARC_START
    chunk = 1 << 20
    position = after
    while True:
        handle.seek(position)
        data = handle.read(chunk + 16)
        if not data:
            return None
        for found in pattern.finditer(data):
            candidate = position + found.start()
            if not compressed or _gzip_opens(handle, candidate):
                return candidate
        if len(data) <= chunk:
            return None
        position += chunk


def _gzip_opens(handle, position: int) -> bool:
    """Whether a gzip member that begins with a WARC record starts at ``position``."""
    handle.seek(position)
    with contextlib.suppress(Exception), gzip.GzipFile(fileobj=handle) as member:
        return member.read(8).startswith(b"WARC/")
    return False


def archive_key(target: str, record_id: str) -> str:
    """An article key from the captured address: its last path segment ("acme-buys-foo" for
    "https://news.example.org/2024/acme-buys-foo.html"), else its host, else the record id."""
    parts = urlsplit(target) if target else None
    if parts is not None and parts.hostname:
        return _last_segment(parts.path) or parts.hostname
    return record_id.strip("<>").rpartition(":")[2] or "record"


def read_feed(data: bytes, *, base: str | None = None) -> list[FeedItem]:
    """The items of an RSS or Atom feed, in the feed's order; ``ValueError`` if it is not a feed."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base} if base else None)
    if not parsed.entries:
        if parsed.bozo and not parsed.version:
            reason = one_line(parsed.get("bozo_exception")) if parsed.get("bozo_exception") else "unreadable"
            raise ValueError(f"not an RSS or Atom feed ({reason}); check the file or address")
        if not parsed.version:
            raise ValueError("not an RSS or Atom feed (no channel or feed element); check the file or address")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        link = urljoin(base, link) if base and link else link
        identity = link or entry.get("id") or entry.get("title") or ""
        content = None
        if entry.get("content"):
            content = max((c.get("value") or "" for c in entry.content), key=len) or None
        content = content or entry.get("summary") or None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        authors = [a.get("name") for a in entry.get("authors") or () if a.get("name")] or (
            [entry.get("author")] if entry.get("author") else []
        )
        items.append(
            FeedItem(
                key=_item_key(identity),
                title=_clean(entry.get("title")),
                link=link if external_iri(link) else None,
                published=dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC).date() if stamp else None,
                authors=tuple(a for a in (_clean(a) for a in authors) if a),
                content=content,
            )
        )
    return items


def fragment_text(content: str) -> list[str]:
    """The paragraphs of an HTML fragment or plain text a feed carries."""
    if "<" not in content:
        return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", content)) if p]
    import trafilatura

    text = trafilatura.extract(f"<html><body>{content}</body></html>", include_comments=False, include_tables=False)
    if not text:
        from lxml import html as lxml_html

        with contextlib.suppress(Exception):
            text = lxml_html.fromstring(f"<div>{content}</div>").text_content()
    return [p for p in (_clean(line) for line in (text or "").split("\n")) if p]


def _last_segment(path: str) -> str:
    """'acme-buys-foo' for '/2024/acme-buys-foo.html': the name a page's address gives it."""
    return re.sub(r"\.(?:s?html?|php|aspx?)$", "", path.rstrip("/").rpartition("/")[2], flags=re.I)


def _item_key(identity: str) -> str:
    parts = urlsplit(identity)
    if parts.scheme in {"http", "https"} and parts.hostname:
        tail = _last_segment(parts.path)
        digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
        # the last path segment reads well; the digest keeps two "/index.html" items apart
        return f"{tail}-{digest}" if tail else digest
    return hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]


class Fetcher:
    """A polite HTTP(S) client: a user agent, robots.txt, a pause between requests to one host,
    timeouts and retries; pages fetched before are read from ``cache`` instead of the network."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        delay: float = 1.0,
        timeout: float = 20.0,
        retries: int = 2,
        cache: Path | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.cache = cache
        self.used: set[str] = set()  # cache entries this run read or wrote
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener(_SafeRedirects())

    def fetch(self, url: str, *, cached: bool = True) -> Fetched:
        """The page at ``url``; ``InputError`` with a one-line reason when it cannot be had."""
        if not external_iri(url) or urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise InputError(url, "not an http or https address")
        entry = hashlib.sha256(url.encode("utf-8")).hexdigest()
        if cached and self.cache is not None:
            kept = self._kept(entry)
            if kept is not None:
                self.used.add(entry)
                return kept
        if not self._allowed(url):
            raise InputError(url, f"robots.txt does not allow {self.user_agent.split()[0]} to fetch it")
        response = self._get(url)
        if self.cache is not None:
            self._keep(entry, response)
            self.used.add(entry)
        return response

    def _get(self, url: str) -> Fetched:
        last = "no answer"
        for attempt in range(self.retries + 1):
            self._pause(url)
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    data = answer.read(MAX_PAGE_BYTES + 1)
                    if len(data) > MAX_PAGE_BYTES:
                        raise InputError(url, f"over {MAX_PAGE_BYTES:,} bytes; not an article page or feed")
                    return Fetched(answer.geturl(), answer.headers.get("Content-Type", ""), data)
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code not in {408, 429, 500, 502, 503, 504}:
                    break  # a 404 stays a 404
                wait = _retry_after(exc.headers.get("Retry-After"))
                time.sleep(min(wait if wait is not None else self.delay * 2**attempt, 30.0))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = one_line(reason) if not isinstance(reason, str) else reason
                time.sleep(min(self.delay * 2**attempt, 30.0))
        raise InputError(url, f"could not be fetched ({last}, {self.retries + 1} tries)")

    def _pause(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            rules = urllib.robotparser.RobotFileParser()
            try:
                got = self._get_robots(f"{root}/robots.txt")
            except InputError:
                got = None  # no answer about robots.txt: as if there were none
            if got is None:
                rules.allow_all = True
            else:
                rules.parse(got.splitlines())
            self._robots[root] = rules
        return self._robots[root].can_fetch(self.user_agent, url)

    def _get_robots(self, url: str) -> str | None:
        self._pause(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return answer.read(500_000).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if exc.code in {401, 403}:
                return "User-agent: *\nDisallow: /\n"  # the site keeps robots out
            return None
        except (urllib.error.URLError, TimeoutError, OSError):
            return None

    def _kept(self, entry: str) -> Fetched | None:
        assert self.cache is not None
        try:
            meta = json.loads((self.cache / f"{entry}.json").read_text("utf-8"))
            data = (self.cache / f"{entry}.body").read_bytes()
        except (OSError, ValueError):
            return None
        return Fetched(meta["url"], meta["content_type"], data)

    def _keep(self, entry: str, page: Fetched) -> None:
        assert self.cache is not None
        with contextlib.suppress(OSError):  # best effort: a cache that cannot be written costs a refetch
            self.cache.mkdir(parents=True, exist_ok=True)
            body = self.cache / f"{entry}.body"
            body.with_suffix(".tmp").write_bytes(page.data)
            body.with_suffix(".tmp").replace(body)
            meta = {"url": page.url, "content_type": page.content_type}
            (self.cache / f"{entry}.json").write_text(json.dumps(meta), "utf-8")

    def prune(self) -> None:
        """Drop kept pages this run did not use (items gone from their feeds)."""
        if self.cache is None or not self.cache.is_dir():
            return
        with contextlib.suppress(OSError):
            for path in self.cache.iterdir():
                if path.name.split(".")[0] not in self.used:
                    path.unlink(missing_ok=True)


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only (never ftp: or file:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in {"http", "https"}:
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http address {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def is_url(value: object) -> bool:
    """Whether an input names a web address rather than a file."""
    return isinstance(value, str) and re.match(r"^https?://", value.strip(), re.I) is not None


def looks_like_feed(content_type: str, data: bytes) -> bool:
    """Whether fetched bytes are a feed (by type, else by their first element)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return True
    if "html" in kind:
        return False
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _date(value: object) -> dt.date | None:
    if isinstance(value, str) and _DATE.match(value.strip()):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    return None


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("\u00a0", " ").split())
    return text or None
