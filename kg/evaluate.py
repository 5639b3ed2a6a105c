"""Score entity recognition against a NIF gold corpus, as GERBIL does (strict and weak micro P/R/F1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .extract import extract, load_pipeline
from .records import Article

_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RAW_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


@dataclass(frozen=True)
class Score:
    """Micro precision, recall and F1 from counts.

    ``matched_predicted`` predictions matched some gold mention and ``matched_gold`` gold
    mentions were matched by some prediction; the two differ under weak matching, where
    one long gold span can be overlapped by two predicted ones (GERBIL counts both).
    """

    matched_predicted: int
    predicted: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    """Strict and weak scores of one system on one corpus."""

    system: str
    documents: int
    strict: Score
    weak: Score
    errors: tuple[tuple[str, str, tuple[int, int, str]], ...] = ()  # (doc, fp|fn, span)


@dataclass(frozen=True)
class GoldDocument:
    """One NIF context with its gold mentions."""

    uri: str
    text: str
    mentions: frozenset[tuple[int, int]]


def read_gold(path: str | Path) -> list[GoldDocument]:
    """The contexts and mention offsets of a NIF 2.0 corpus."""
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(str(path), format=rdflib.util.guess_format(str(path)) or "turtle")
    except (OSError, ValueError, SyntaxError) as exc:
        raise UsageError(f"{path}: cannot read it as NIF RDF ({exc}); pass a NIF 2.0 Turtle file") from exc
    nif = rdflib.Namespace(_NIF)
    documents = []
    for context in sorted(set(graph.subjects(nif.isString, None))):
        text = str(graph.value(context, nif.isString))
        mentions = set()
        for mention in graph.subjects(nif.referenceContext, context):
            begin, end = graph.value(mention, nif.beginIndex), graph.value(mention, nif.endIndex)
            if begin is not None and end is not None and mention != context:
                mentions.add((int(begin), int(end)))
        documents.append(GoldDocument(str(context), text, frozenset(mentions)))
    if not documents:
        raise UsageError(f"{path}: no nif:isString contexts found; pass a NIF 2.0 corpus")
    return documents


def evaluate(documents: list[GoldDocument], predictions: Iterable[set[tuple[int, int]]], system: str) -> Evaluation:
    """Score predicted mention offsets against the gold ones."""
    strict_tp = weak_predicted = weak_gold = predicted = gold = 0
    errors = []
    for document, found in zip(documents, predictions, strict=True):
        truth = set(document.mentions)
        predicted += len(found)
        gold += len(truth)
        strict_tp += len(found & truth)
        weak_predicted += sum(1 for span in found if any(_overlap(span, g) for g in truth))
        weak_gold += sum(1 for g in truth if any(_overlap(span, g) for span in found))
        for kind, spans in (("fp", found - truth), ("fn", truth - found)):
            for start, end in sorted(spans):
                errors.append((document.uri, kind, (start, end, document.text[start:end])))
    return Evaluation(
        system=system,
        documents=len(documents),
        strict=Score(strict_tp, predicted, strict_tp, gold),
        weak=Score(weak_predicted, predicted, weak_gold, gold),
        errors=tuple(errors),
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run_evaluation(path: str | Path, *, model: str, baseline: bool = True) -> list[Evaluation]:
    """Score kg (and raw spaCy, for comparison) on a NIF gold corpus."""
    documents = read_gold(path)
    results = []
    if baseline:
        raw = load_pipeline(model, components=False)
        predictions = [
            {(e.start_char, e.end_char) for e in doc.ents if e.label_ in RAW_LABELS}
            for doc in raw.pipe((d.text for d in documents), batch_size=16)
        ]
        results.append(evaluate(documents, predictions, f"spaCy {model} (raw NER)"))
    nlp = load_pipeline(model)
    articles = [Article(key=f"gold-{i}", source=d.uri, text=d.text) for i, d in enumerate(documents)]
    predictions = [{(m.start, m.end) for m in x.mentions} for x in extract(articles, nlp)]
    results.append(evaluate(documents, predictions, f"kg {model}"))
    return results
