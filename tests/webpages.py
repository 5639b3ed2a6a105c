"""Fixtures of the web: article pages wrapped in a news site's furniture, WARC archives, feeds.

Used by the tests and by ``bench/web_inputs.py``; every page, archive and feed is written here.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from pathlib import Path


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    published: dt.date | None = None,
    author: str | None = None,
    site: str = "The Morning Ledger",
    url: str | None = None,
    language: str = "en",
) -> str:
    """A realistic article page: header, navigation, cookie banner, sidebar, comments, footer."""
    meta = [f'<meta property="og:site_name" content="{html.escape(site)}">']
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published.isoformat()}T08:15:00Z">')
    if url:
        meta.append(f'<link rel="canonical" href="{html.escape(url)}">')
    story = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">By <a href="/authors/x">{html.escape(author)}</a></p>' if author else ""
    when = f'<time datetime="{published.isoformat()}">{published:%B %d, %Y}</time>' if published else ""
    return f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
{chr(10).join(meta)}
<script>window.dataLayer = window.dataLayer || []; function track(e) {{ dataLayer.push(e); }}</script>
<style>body {{ font-family: serif; }} .cookie {{ position: fixed; }}</style>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{html.escape(site)}</a>
  <nav class="main-nav"><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
    <li><a href="/technology">Technology</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
  </ul></nav>
  <div class="cookie">We use cookies to give you the best experience on our site.
    <button>Accept all cookies</button> <a href="/cookies">Manage preferences</a></div>
  <form class="search"><input name="q" placeholder="Search"></form>
</header>
<main>
<article class="story">
  <h1 class="headline">{html.escape(title)}</h1>
  {byline}
  {when}
  <div class="story-body">
{story}
  </div>
  <div class="share">Share this article: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
</article>
<aside class="sidebar">
  <h2>Most read</h2>
  <ol>
    <li><a href="/a">Heatwave closes schools across the region for a third day</a></li>
    <li><a href="/b">Ten recipes for a quick weeknight dinner</a></li>
    <li><a href="/c">Local team wins the cup after a dramatic penalty shoot-out</a></li>
  </ol>
  <div class="newsletter"><h3>Sign up to our newsletter</h3><p>The day's top stories in your inbox every morning.</p>
  <form><input type="email"><button>Subscribe</button></form></div>
</aside>
<section class="comments">
  <h2>Comments (3)</h2>
  <div class="comment"><span class="user">reader42</span><p>Great article, thanks for sharing this with all of us!</p></div>
  <div class="comment"><span class="user">skeptic</span><p>I disagree with every word of this and the editor should know it.</p></div>
  <div class="comment"><span class="user">anon</span><p>First time commenting here, long time reader of the paper.</p></div>
</section>
</main>
<footer class="site-footer">
  <p>&copy; {html.escape(site)}. All rights reserved.</p>
  <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms</a></li></ul>
</footer>
</body>
</html>
"""


def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, corrupt_after: int | None = None) -> None:
    """A gzipped WARC of response records (uri, content type, body), with a request record before
    each response; with ``corrupt_after``, a damaged record after that many responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg tests"}))
    for index, (uri, content_type, body) in enumerate(records):
        if corrupt_after is not None and index == corrupt_after:
            # a gzip member that starts well and then breaks off: a truncated download
            good = io.BytesIO()
            WARCWriter(good, gzip=True).write_record(_response(writer, uri + "-broken", content_type, body))
            out.write(good.getvalue()[: len(good.getvalue()) // 2])
        request = writer.create_warc_record(
            uri,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True),
        )
        writer.write_record(request)
        writer.write_record(_response(writer, uri, content_type, body))
    path.write_bytes(out.getvalue())


def _response(writer, uri: str, content_type: str, body: bytes):
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)


def rss_feed(items: list[dict], *, title: str = "The Morning Ledger: Business", link: str = "http://127.0.0.1/") -> str:
    """An RSS 2.0 feed; each item a dict with title, link, date (a date), author, description."""
    entries = []
    for item in items:
        parts = [f"<title>{html.escape(item['title'])}</title>", f"<link>{html.escape(item['link'])}</link>"]
        parts.append(f"<guid>{html.escape(item['link'])}</guid>")
        if item.get("date"):
            stamp = dt.datetime.combine(item["date"], dt.time(9, 0), tzinfo=dt.UTC)
            parts.append(f"<pubDate>{stamp.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>")
        if item.get("author"):
            parts.append(f"<author>{html.escape(item['author'])}</author>")
        if item.get("description"):
            parts.append(f"<description>{html.escape(item['description'])}</description>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>{html.escape(link)}</link><description>News</description>"
        + "".join(entries)
        + "</channel></rss>\n"
    )
