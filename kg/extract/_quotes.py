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

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Block, Quote, Span
from ._lexicon import SPEECH_VERBS
from ._spans import span_of

_OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_GROUP = {"it", "they", "them", "we"}
_CLAIM_VERBS = SPEECH_VERBS | {"believe", "think", "insist", "fear", "hope", "estimate", "expect"}


@dataclass(frozen=True)
class SpeakerMention:
    """An entity mention a speaker can resolve to."""

    start: int
    end: int
    entity: str
    kind: str


def find_quotes(
    doc: Doc,
    offset: int,
    text: str,
    blocks: tuple[Block, ...],
    mentions: list[SpeakerMention],
) -> list[Quote]:
    """Direct quotations and reported-speech claims of one parsed chunk."""
    quotes: list[Quote] = []
    spans = _quoted_spans(doc.text)
    last_speaker: tuple[int, str | None] | None = None  # (paragraph start, speaker)
    for start, end in spans:
        inner_start, inner_end = _strip(doc.text, start, end)
        if inner_end <= inner_start or len(doc.text[inner_start:inner_end].split()) < 2:
            continue
        sentence = _sentence(doc, start, end)
        speaker, cue = _attribute(doc, start, end, mentions, offset)
        paragraph = doc.text.rfind("\n\n", 0, start)
        if speaker is None and cue is None and last_speaker and last_speaker[0] == paragraph:
            speaker, cue = last_speaker[1], "continue"
        if speaker is None and cue is None:
            speaker, cue = _following_cue(doc, end, mentions, offset)
        if speaker is not None or cue is not None:
            last_speaker = (paragraph, speaker)
        quotes.append(
            Quote(
                span=Span(offset + inner_start, offset + inner_end, doc.text[inner_start:inner_end]),
                speaker=speaker,
                cue=cue,
                sentence=Span(offset + sentence[0], offset + sentence[1], doc.text[sentence[0] : sentence[1]]),
            )
        )
    quotes.extend(_embedded_posts(doc, offset, text, blocks, mentions, quotes))
    quotes.extend(_claims(doc, offset, spans, mentions))
    return quotes


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted passage, marks excluded; an unclosed quote runs to its paragraph's end."""
    spans = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in _OPEN and _opens(text, i):
            close = _OPEN[c]
            paragraph_end = text.find("\n\n", i)
            paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
            j = text.find(close, i + 1, paragraph_end)
            if c == '"':
                while j > 0 and not _closes(text, j):
                    j = text.find(close, j + 1, paragraph_end)
            end = j if j > 0 else paragraph_end
            spans.append((i + 1, end))
            i = end + 1
            continue
        i += 1
    return spans


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
    first = span_of(doc, start, min(start + 1, len(doc.text)))
    last = span_of(doc, max(end - 1, start), end)
    if first is None or last is None:
        return start, end
    begin = min(first[0].sent.start_char, start - 1 if start else 0)
    finish = max(last[-1].sent.end_char, end)
    text = doc.text
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def _attribute(
    doc: Doc, start: int, end: int, mentions: list[SpeakerMention], offset: int
) -> tuple[str | None, str | None]:
    """The speaker and cue of a quote from the speech verb in its sentence(s)."""
    inside = range(start - 1, end + 1)
    first = span_of(doc, start, min(start + 1, len(doc.text)))
    last = span_of(doc, max(end - 1, start), end)
    if first is None or last is None:
        return None, None
    candidates: list[tuple[int, Token]] = []
    for sent in {first[0].sent, last[-1].sent}:
        for token in sent:
            if token.idx in inside or token.pos_ not in {"VERB", "AUX"}:
                continue
            if token.lemma_.lower() in SPEECH_VERBS:
                distance = min(abs(token.idx - end), abs(token.idx - start))
                candidates.append((distance, token))
    if not candidates:
        # a partial quote completing a verb: accused Moscow of "playing with ..."
        head = first[0]
        for _ in range(8):
            if head.head == head:
                break
            head = head.head
            if (
                head.idx not in inside
                and head.pos_ == "VERB"
                and head.lemma_.lower() in SPEECH_VERBS | {"accuse", "call", "describe", "brand", "label"}
            ):
                candidates.append((0, head))
                break
    if not candidates:
        return None, None
    verb = min(candidates, key=lambda c: (c[0], c[1].i))[1]
    return _subject_entity(verb, mentions, offset), verb.lemma_.lower()


def _following_cue(doc: Doc, end: int, mentions: list[SpeakerMention], offset: int) -> tuple[str | None, str | None]:
    """'"....." <new sentence> X said.' is rare; a short cue sentence right after the quote."""
    tail = span_of(doc, end, min(len(doc.text), end + 2))
    if tail is None or tail[-1].i + 1 >= len(doc):
        return None, None
    sentence = doc[tail[-1].i + 1].sent
    if len(sentence) > 8 or "\n\n" in doc.text[end : sentence.start_char]:
        return None, None
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS:
            return _subject_entity(token, mentions, offset), token.lemma_.lower()
    return None, None


def _subject_entity(verb: Token, mentions: list[SpeakerMention], offset: int) -> str | None:
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and verb.dep_ in {"conj", "advcl", "xcomp"}:
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in _PRONOUNS_PERSON:
        return _nearest(mentions, offset + subject.idx, {"Person"})
    if subject.lower_ in _PRONOUNS_GROUP:
        return _nearest(mentions, offset + subject.idx, {"Organization", "Place"})
    tokens = list(subject.subtree)
    lo, hi = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])
    head_start = offset + subject.idx
    inside = [m for m in mentions if lo <= m.start and m.end <= hi]
    if not inside:
        return None
    # the head of the subject if it is named, else the first person, else the first entity
    for m in inside:
        if m.start <= head_start < m.end:
            return m.entity
    people = [m for m in inside if m.kind == "Person"]
    return (people or inside)[0].entity


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
        if not (offset <= block.start and block.end <= offset + len(doc.text)):
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


def _claims(doc: Doc, offset: int, quoted: list[tuple[int, int]], mentions: list[SpeakerMention]) -> list[Quote]:
    """'Putin claimed Kyiv knew ...': the clause a speech verb reports, as an attributed claim."""
    claims = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in _CLAIM_VERBS:
            continue
        clauses = [c for c in token.children if c.dep_ == "ccomp" and c.i > token.i]
        for clause in clauses:
            words = list(clause.subtree)
            start, end = words[0].idx, words[-1].idx + len(words[-1])
            while end > start and doc.text[end - 1] in ".,;:!? \n":
                end -= 1
            if any(s <= start < e or s < end <= e for s, e in quoted):
                continue  # already a direct quotation
            if len(doc.text[start:end].split()) < 3:
                continue
            speaker = _subject_entity(token, mentions, offset)
            if speaker is None:
                continue
            sent = token.sent
            claims.append(
                Quote(
                    span=Span(offset + start, offset + end, doc.text[start:end]),
                    speaker=speaker,
                    cue=token.lemma_.lower(),
                    sentence=Span(
                        offset + sent.start_char,
                        offset + _rstrip(doc.text, sent.end_char),
                        doc.text[sent.start_char : _rstrip(doc.text, sent.end_char)],
                    ),
                    direct=False,
                )
            )
    return claims


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


_SPACES = re.compile(r"\s+")
