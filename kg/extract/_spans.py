"""Character offsets to spaCy tokens and spans, safely."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character, else the next token, else None."""
    starts = [t.idx for t in doc]
    i = bisect_right(starts, char) - 1
    if i >= 0 and doc[i].idx <= char < doc[i].idx + len(doc[i]):
        return doc[i]
    return doc[i + 1] if i + 1 < len(doc) else None


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters [start, end), or None if there are none."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span):
        return span
    first, last = token_at(doc, start), token_at(doc, max(start, end - 1))
    if first is None or last is None or last.i < first.i:
        return None
    return doc[first.i : last.i + 1]
