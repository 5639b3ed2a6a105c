"""Quotations and reported speech, attributed to their speakers.

Direct quotes are the text between quotation marks ("...", “...”), two words or more.
The speaker is the subject of the speech verb next to the quote (`"...," X said`,
`X said: "..."`, `"...," said X`), of the verb the quote completes (`accused Moscow of
"..."`), or, for a quote with no cue in its sentence, the speaker of the quote just
before it in the same paragraph or the next. A pronoun subject ("he added") is the
nearest person named before it; "it" and "they" the nearest organisation or place. An
embedded post is quoted from the person its attribution line names.

Reported speech ("Putin claimed Kyiv knew ...") becomes a claim: the clause, its speaker
and its cue verb, never a fact.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Block, Quote, Span
from ._lexicon import ORG_ANAPHORS, PERSON_ROLE_NOUNS, SPEECH_VERBS
from ._spans import children_of, doc_cache, doc_text, sentence_of, span_of, tokens_with

_OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_GROUP = {"it", "they", "them", "we"}
_INVERTED_CUES = {
    "said": "say", "says": "say", "claims": "claim", "claimed": "claim", "added": "add", "adds": "add",
    "stated": "state", "states": "state", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write",
    "explained": "explain", "explains": "explain", "continued": "continue", "noted": "note", "notes": "note",
    "insisted": "insist", "warned": "warn", "asked": "ask", "replied": "reply", "commented": "comment",
}  # fmt: skip
_CLAIM_VERBS = SPEECH_VERBS | {"believe", "think", "insist", "fear", "hope", "estimate", "expect"}


@dataclass(frozen=True)
class SpeakerMention:
    """An entity mention a speaker can resolve to."""

    start: int
    end: int
    entity: str
    kind: str


class Mentions(tuple):
    """Speaker mentions in text order, answering "which covers this character" in log time."""

    def __new__(cls, items=()):
        return super().__new__(cls, sorted(items, key=lambda m: (m.start, m.end)))

    @functools.cached_property
    def starts(self) -> list[int]:
        """Where each mention starts."""
        return [m.start for m in self]


def covering(mentions, char: int) -> SpeakerMention | None:
    """The first mention (in text order) whose characters include ``char``."""
    if not isinstance(mentions, Mentions):
        return next((m for m in mentions if m.start <= char < m.end), None)
    starts = mentions.starts
    k = bisect_right(starts, char)
    # mentions do not overlap, so only the last few starting at or before char can cover it
    found = [m for m in mentions[max(0, k - 8) : k] if char < m.end]
    return found[0] if found else None


def within(mentions, lo: int, hi: int) -> list[SpeakerMention]:
    """The mentions lying inside characters [lo, hi), in text order."""
    if not isinstance(mentions, Mentions):
        return [m for m in mentions if lo <= m.start and m.end <= hi]
    starts = mentions.starts
    return [m for m in mentions[bisect_left(starts, lo) : bisect_left(starts, hi)] if m.end <= hi]


def find_quotes(
    doc: Doc,
    offset: int,
    text: str,
    blocks: tuple[Block, ...],
    mentions: list[SpeakerMention],
) -> list[Quote]:
    """Direct quotations and reported-speech claims of one parsed chunk."""
    quotes: list[Quote] = []
    spans = _quoted_spans(doc_text(doc))
    last_speaker: tuple[int, str | None] | None = None  # (paragraph start, speaker)
    for start, end in spans:
        inner_start, inner_end = _strip(doc_text(doc), start, end)
        if inner_end <= inner_start or len(doc_text(doc)[inner_start:inner_end].split()) < 2:
            continue
        sentence = _sentence(doc, start, end)
        speaker, cue = _attribute(doc, start, end, mentions, offset)
        paragraph = _paragraph_start(doc, start)
        continues = start == 0 or doc_text(doc)[max(0, start - 2) : start] == "\n\n"
        if speaker is None and cue is None and last_speaker and (last_speaker[0] == paragraph or continues):
            speaker, cue = last_speaker[1], "continue"
        if speaker is None and cue is None:
            speaker, cue = _following_cue(doc, end, mentions, offset)
        if speaker is not None or cue is not None:
            last_speaker = (paragraph, speaker)
        quotes.append(
            Quote(
                span=Span(offset + inner_start, offset + inner_end, doc_text(doc)[inner_start:inner_end]),
                speaker=speaker,
                cue=cue,
                sentence=Span(offset + sentence[0], offset + sentence[1], doc_text(doc)[sentence[0] : sentence[1]]),
            )
        )
    # a quote running to its paragraph's end whose speaker is named after its continuation
    for i in range(len(quotes) - 2, -1, -1):
        current, following = quotes[i], quotes[i + 1]
        gap = doc_text(doc)[current.span.end - offset : following.span.start - offset]
        if current.speaker is None and following.speaker is not None and gap.strip(' "“”') == "":
            quotes[i] = Quote(current.span, following.speaker, "continue", current.sentence)
    quotes.extend(_embedded_posts(doc, offset, text, blocks, mentions, quotes))
    quotes.extend(_claims(doc, offset, spans, mentions))
    return quotes


def _paragraph_start(doc: Doc, char: int) -> int:
    """``doc.text.rfind("\\n\\n", 0, char)`` by binary search (a search from ``char`` back is linear)."""
    breaks = doc_cache(doc, "paragraph_breaks", lambda d: [m.start() for m in re.finditer(r"(?=\n\n)", doc_text(d))])
    k = bisect_right(breaks, char - 2)
    return breaks[k - 1] if k else -1


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted passage, marks excluded.

    Curly marks pair by shape. Straight marks pair in order within a paragraph (1st with
    2nd, 3rd with 4th), which also survives text whose spacing around marks was lost
    ('better on range "than'); an odd one out opens a quote that runs to the paragraph's end.
    """
    spans = []
    start = 0
    left_open = False
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        found, left_open = _paragraph_quotes(text, start, end, left_open)
        spans.extend(found)
        start = end + 2
    return spans


def _paragraph_quotes(text: str, start: int, end: int, after_open: bool) -> tuple[list[tuple[int, int]], bool]:
    """The quotes of one paragraph, and whether one is left open at its end."""
    spans = []
    left_open = False
    straight = [i for i in range(start, end) if text[i] == '"' and not _inch_mark(text, i)]
    if len(straight) % 2:
        first = straight[0]
        before = text[start:first].rstrip()
        opens, closes = _opens(text, first), _closes(text, first)
        if after_open or not (len(straight) == 1 and opens != closes):
            # the quote left open in the paragraph before closes here, even where spacing was lost
            closing = bool(before) and before[-1] in ",.!?"
        else:
            closing = closes  # the mark's shape says which: 'said, "We want ...' opens
        if closing:
            # a quote that began before this paragraph closes here: '... Kansas jobs." A group'
            spans.append((start, first))
            straight = straight[1:]
        else:
            spans.append((straight[-1] + 1, end))
            straight = straight[:-1]
            left_open = True
    for a, b in zip(straight[0::2], straight[1::2], strict=False):
        spans.append((a + 1, b))
    i = start
    while i < end:
        c = text[i]
        if c in _OPEN and c != '"' and _opens(text, i):
            j = text.find(_OPEN[c], i + 1, end)
            close = j if j > 0 else end
            spans.append((i + 1, close))
            i = close + 1
            continue
        i += 1
    return sorted(spans), left_open


def _inch_mark(text: str, i: int) -> bool:
    """'a 12" screen': a double prime after a digit is not a quotation mark."""
    return i > 0 and text[i - 1].isdigit() and (i + 1 >= len(text) or text[i + 1] in " ,.;")


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _closes(text: str, j: int) -> bool:
    before = text[j - 1]
    after = text[j + 1] if j + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–-'’")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _sentence(doc: Doc, start: int, end: int) -> tuple[int, int]:
    first = span_of(doc, start, min(start + 1, len(doc_text(doc))))
    last = span_of(doc, max(end - 1, start), end)
    if first is None or last is None:
        return start, end
    begin = min(sentence_of(first[0]).start_char, start - 1 if start else 0)
    finish = max(sentence_of(last[-1]).end_char, end)
    text = doc_text(doc)
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def _attribute(
    doc: Doc, start: int, end: int, mentions: list[SpeakerMention], offset: int
) -> tuple[str | None, str | None]:
    """The speaker and cue of a quote: the speech verb governing it, else the nearest one in its sentence(s)."""
    inside = range(start - 1, end + 1)
    first = span_of(doc, start, min(start + 1, len(doc_text(doc))))
    last = span_of(doc, max(end - 1, start), end)
    if first is None or last is None:
        return None, None
    cues = SPEECH_VERBS | {"accuse", "call", "describe", "brand", "label", "quote"}
    # the verb whose clause the quote belongs to: accused Moscow of "playing ...", said "..."
    for token in (first[0], last[-1]):
        head = token
        for _ in range(8):
            if head.head == head:
                break
            head = head.head
            if head.idx not in inside and head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in cues:
                return _subject_entity(head, mentions, offset), head.lemma_.lower()
    # '"...," says ANA senior vice president Mitsuo Morimoto': the cue and speaker follow the quote,
    # even where the tagger reads "claims" as a noun
    tail = doc_text(doc)[end : end + 3].lstrip(' ,"”')
    after = span_of(doc, end + (len(doc_text(doc)[end : end + 3]) - len(tail)), min(len(doc_text(doc)), end + 4))
    if after is not None and after[0].lower_ in _INVERTED_CUES:
        cue_token = after[0]
        window_end = offset + cue_token.idx + 120
        named = [
            m
            for m in mentions
            if offset + cue_token.idx < m.start < window_end
            and m.kind in {"Person", "Organization"}
            and "." not in doc_text(doc)[cue_token.idx : m.start - offset]
        ]
        if named:
            return named[0].entity, cue_token.lemma_.lower() if cue_token.pos_ == "VERB" else _INVERTED_CUES[
                cue_token.lower_
            ]
    # 'Secretary James Roche: "Oy. ..."': a name then a colon introduces the quote
    before = doc_text(doc)[:start].rstrip(' "“')
    if before.endswith(":"):
        colon = offset + len(before) - 1
        named = [m for m in mentions if m.end <= colon and colon - m.end <= 3 and m.kind in {"Person", "Organization"}]
        if named:
            return named[-1].entity, "colon"
    # the speech verb of the quote's sentence(s) nearest to it, outside it
    positions, verbs = doc_cache(doc, "speech_verbs", _speech_verbs)
    candidates: list[tuple[int, Token]] = []
    for sent in {sentence_of(first[0]), sentence_of(last[-1])}:
        before = bisect_left(positions, start - 1) - 1
        if before >= 0 and positions[before] >= sent.start_char:
            candidates.append((start - positions[before], verbs[before]))
        after = bisect_right(positions, end)
        if after < len(positions) and positions[after] < sent.end_char:
            candidates.append((positions[after] - end, verbs[after]))
    if not candidates:
        return None, None
    verb = min(candidates, key=lambda c: (c[0], c[1].i))[1]
    return _subject_entity(verb, mentions, offset), verb.lemma_.lower()


def _speech_verbs(doc: Doc) -> tuple[list[int], list[Token]]:
    verbs = [t for t in tokens_with(doc, "POS", {"VERB", "AUX"}) if t.lemma_.lower() in SPEECH_VERBS]
    return [t.idx for t in verbs], verbs


def _following_cue(doc: Doc, end: int, mentions: list[SpeakerMention], offset: int) -> tuple[str | None, str | None]:
    """'"....." <new sentence> X said.' is rare; a short cue sentence right after the quote."""
    tail = span_of(doc, end, min(len(doc_text(doc)), end + 2))
    if tail is None or tail[-1].i + 1 >= len(doc):
        return None, None
    sentence = sentence_of(doc[tail[-1].i + 1])
    if len(sentence) > 8 or "\n\n" in doc_text(doc)[end : sentence.start_char]:
        return None, None
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS:
            return _subject_entity(token, mentions, offset), token.lemma_.lower()
    return None, None


_OWN_WORDS = {"statement", "message", "letter", "post", "tweet", "release", "email", "note", "video", "speech"}


def _subject_entity(verb: Token, mentions: list[SpeakerMention], offset: int) -> str | None:
    if verb.lemma_.lower() == "quote":
        # "Detik.com quoted Djamal as saying": the one quoted is the speaker
        for child in children_of(verb):
            if child.dep_ == "dobj":
                hit = _mention_in(child, mentions, offset)
                if hit is not None:
                    return hit
    subjects = children_of(verb, "nsubj", "nsubjpass")
    if (
        not subjects
        and verb.dep_ == "acl"
        and verb.head.pos_ == "PROPN"
        and verb.head.i < verb.i
        and any(c.dep_ in {"dobj", "oprd", "ccomp"} for c in children_of(verb))
    ):
        subjects = [verb.head]  # "Musk, who runs X, called Y ...": the parser hung the verb on its subject
    head = verb
    # "justified his choice by saying, ...": the subject of the verb the speech verb hangs from
    for _ in range(5):
        if subjects or head.head == head:
            break
        # "released a statement saying ...": the statement's author speaks
        own_words = (head.dep_ == "acl" and head.head.lemma_.lower() in _OWN_WORDS) or (
            head.dep_ == "dobj" and head.lemma_.lower() in _OWN_WORDS
        )
        if not own_words and head.dep_ not in {"conj", "advcl", "xcomp", "pcomp", "pobj", "prep", "ccomp"}:
            break
        head = head.head
        subjects = list(children_of(head, "nsubj")) if head.pos_ in {"VERB", "AUX"} else []
    if not subjects:
        return None
    # the parser may give a verb two subjects ("As well as new routes to the US, Mannion stated")
    for subject in sorted(subjects, key=lambda t: -t.i):
        speaker = _speaker_of(subject, mentions, offset)
        if speaker is not None:
            return speaker
    return None


def _speaker_of(subject: Token, mentions: list[SpeakerMention], offset: int) -> str | None:
    if subject.lower_ in _PRONOUNS_PERSON:
        return _nearest(mentions, offset + subject.idx, {"Person"})
    if subject.lower_ in _PRONOUNS_GROUP:
        return _nearest(mentions, offset + subject.idx, {"Organization", "Place"})
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in ORG_ANAPHORS and not _mention_in(subject, mentions, offset):
        return _nearest(mentions, offset + subject.idx, {"Organization"})
    if (
        subject.pos_ == "NOUN"
        and subject.lemma_.lower() in PERSON_ROLE_NOUNS
        and not _mention_in(subject, mentions, offset)
    ):
        return _nearest(mentions, offset + subject.idx, {"Person"})
    tokens = list(subject.subtree)
    lo, hi = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])
    head_start = offset + subject.idx
    inside = within(mentions, lo, hi)
    if not inside:
        return None
    # the head of the subject if it is named, else the first person, else the first entity
    for m in inside:
        if m.start <= head_start < m.end:
            return m.entity
    people = [m for m in inside if m.kind == "Person"]
    # "a group of Washington politicians": a place qualifying the speakers does not speak
    speakers = people or [m for m in inside if m.kind == "Organization"]
    return speakers[0].entity if speakers else None


def _mention_in(token: Token, mentions: list[SpeakerMention], offset: int) -> str | None:
    tokens = list(token.subtree)
    lo, hi = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])
    inside = within(mentions, lo, hi)
    return inside[0].entity if inside else None


def _nearest(mentions: list[SpeakerMention], before: int, kinds: set[str]) -> str | None:
    found = [m for m in mentions if m.end <= before and m.kind in kinds]
    return found[-1].entity if found else None


def _embedded_posts(
    doc: Doc, offset: int, text: str, blocks: tuple[Block, ...], mentions: list[SpeakerMention], quotes: list[Quote]
) -> list[Quote]:
    """An embedded post is a quotation of the person its attribution line ("— Name (@handle) date") names."""
    result = []
    pending: list[Block] = []
    for block in blocks:
        if not (offset <= block.start and block.end <= offset + len(doc_text(doc))):
            continue
        if block.kind == "embed":
            pending.append(block)
        elif block.kind == "attribution" and pending:
            speaker = next(
                (m.entity for m in mentions if block.start <= m.start < block.end and m.kind == "Person"), None
            )
            speaker = speaker or next((m.entity for m in mentions if block.start <= m.start < block.end), None)
            for post in pending:
                body = text[post.start : post.end]
                span = Span(post.start, post.end, body)
                if len(body.split()) < 2 or any(q.span.start <= span.start < q.span.end for q in quotes):
                    continue
                result.append(Quote(span=span, speaker=speaker, cue="post", sentence=span))
            pending = []
        else:
            pending = []
    return result


_WHEN_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
    "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night",
}  # fmt: skip
_LEAD_TIME_WORDS = _WHEN_WORDS | {"on", "in", "late", "early", "last", "this", "next", "earlier", "later", "the"}


def _claims(doc: Doc, offset: int, quoted: list[tuple[int, int]], mentions: list[SpeakerMention]) -> list[Quote]:
    """'Putin claimed Kyiv knew ...': the clause a speech verb reports, as an attributed claim."""
    claims = []
    ordered = sorted(quoted)
    starts = [s for s, _ in ordered]
    reach = list(itertools.accumulate((e for _, e in ordered), max))  # the furthest end of the quotes so far

    def quoted_at(start: int, end: int) -> bool:
        """Whether a quotation holds ``start`` or ends at or after ``end`` having begun before it."""
        k = bisect_right(starts, start)
        if k and reach[k - 1] > start:
            return True
        k = bisect_left(starts, end)
        return bool(k) and reach[k - 1] >= end

    for token in tokens_with(doc, "POS", {"VERB"}):
        if token.lemma_.lower() not in _CLAIM_VERBS:
            continue
        clauses = [c for c in children_of(token, "ccomp") if c.i > token.i]
        for clause in clauses:
            words = list(clause.subtree)
            # "said on Tuesday it would ...": the time belongs to the saying, not to the claim
            for k in range(min(4, len(words) - 3)):
                if words[k].i >= clause.i or words[k].lower_ not in _LEAD_TIME_WORDS:
                    break
                if words[k].lower_ in _WHEN_WORDS:
                    words = words[k + 1 :]
                    break
            start, end = words[0].idx, words[-1].idx + len(words[-1])
            while end > start and doc_text(doc)[end - 1] in ".,;:!? \n":
                end -= 1
            if quoted_at(start, end):
                continue  # already a direct quotation
            if len(doc_text(doc)[start:end].split()) < 3:
                continue
            speaker = _subject_entity(token, mentions, offset)
            if speaker is None:
                continue
            sent = sentence_of(token)
            claims.append(
                Quote(
                    span=Span(offset + start, offset + end, doc_text(doc)[start:end]),
                    speaker=speaker,
                    cue=token.lemma_.lower(),
                    sentence=Span(
                        offset + sent.start_char,
                        offset + _rstrip(doc_text(doc), sent.end_char),
                        doc_text(doc)[sent.start_char : _rstrip(doc_text(doc), sent.end_char)],
                    ),
                    direct=False,
                )
            )
    return claims


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
