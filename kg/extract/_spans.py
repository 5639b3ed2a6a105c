"""Character offsets to spaCy tokens and spans, safely, and per-document indexes.

spaCy recomputes ``Doc.sents`` (and so ``Token.sent``) by walking the document on every
access, which makes any per-token sentence lookup quadratic; the index here walks each
document once and answers by binary search.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

T = TypeVar("T")
_CACHES: weakref.WeakKeyDictionary[Doc, dict[str, object]] = weakref.WeakKeyDictionary()


def doc_cache(doc: Doc, name: str, make: Callable[[Doc], T]) -> T:
    """``make(doc)``, computed once per document and name (for a finished parse only)."""
    cache = _CACHES.setdefault(doc, {})
    if name not in cache:
        cache[name] = make(doc)
    return cache[name]  # type: ignore[return-value]


def forget(doc: Doc) -> None:
    """Drop what was computed for a document. Its indexes hold its tokens, which hold the
    document: left in the cache, no document would ever be freed (memory growing with the corpus)."""
    _CACHES.pop(doc, None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins from every token on each access, computed once."""
    return doc_cache(doc, "text", lambda d: d.text)


def _heads(doc: Doc) -> list[tuple[int, int, int]]:
    """(token, its head, its dependency's string id) for every token but the roots, in text order.

    Read from the parse's arrays: walking ``token.head`` makes two Token objects a token.
    """
    from spacy.attrs import DEP, HEAD

    if not len(doc):
        return []
    arrays = doc.to_array([HEAD, DEP])
    offsets = arrays[:, 0].astype("int64").tolist()  # the head's offset from the token, stored unsigned
    deps = arrays[:, 1].tolist()
    return [(i, i + offset, deps[i]) for i, offset in enumerate(offsets) if offset]


def _children(doc: Doc) -> list[list[Token]]:
    found: list[list[Token]] = [[] for _ in range(len(doc))]
    for i, head, _ in doc_cache(doc, "heads", _heads):
        found[head].append(doc[i])
    return found


def _children_by_dep(doc: Doc) -> dict[tuple[int, str], list[Token]]:
    found: dict[tuple[int, str], list[Token]] = {}
    strings = doc.vocab.strings
    for i, head, dep in doc_cache(doc, "heads", _heads):
        found.setdefault((head, strings[dep]), []).append(doc[i])
    return found


def children_of(token: Token, *deps: str) -> list[Token]:
    """``token.children`` (in text order), or only those with the given dependency labels.

    spaCy finds a token's children by scanning its whole subtree, which is the whole
    sentence for its root: quadratic when every quotation asks the root for its subject.
    Here an index is built once per document.
    """
    if not deps:
        return doc_cache(token.doc, "children", _children)[token.i]
    index = doc_cache(token.doc, "children_by_dep", _children_by_dep)
    if len(deps) == 1:
        return index.get((token.i, deps[0]), [])
    return sorted((c for dep in set(deps) for c in index.get((token.i, dep), [])), key=lambda c: c.i)


def tokens_with(doc: Doc, attr: str, values: frozenset[str] | set[str]) -> list[Token]:
    """The tokens whose ``attr`` ("POS", "LOWER", ...) is one of ``values``, in text order.

    Read from the parse's arrays, so that only the tokens wanted become Token objects.
    """
    column = doc_cache(doc, f"array:{attr}", lambda d: d.to_array(attr).tolist() if len(d) else [])
    strings = doc.vocab.strings
    wanted = {strings[v] for v in values if v in strings}
    return [doc[i] for i, value in enumerate(column) if value in wanted]


def _token_starts(doc: Doc) -> list[int]:
    from spacy.attrs import IDX

    return doc.to_array([IDX]).tolist() if len(doc) else []


def _sentences(doc: Doc) -> tuple[list[int], list[Span]]:
    found = list(doc.sents)
    return [s.start for s in found], found


def sentences(doc: Doc) -> list[Span]:
    """The sentences of a parsed document, computed once."""
    return doc_cache(doc, "sentences", _sentences)[1]


def sentence_of(token: Token) -> Span:
    """The sentence holding a token (``token.sent`` without walking the document)."""
    starts, found = doc_cache(token.doc, "sentences", _sentences)
    return found[bisect_right(starts, token.i) - 1]


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character, else the next token, else None."""
    starts = doc_cache(doc, "token_starts", _token_starts)
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
