"""Score entity recognition against a NIF gold corpus, as GERBIL does (strict and weak micro P/R/F1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .extract import extract, extract_variants, load_pipeline
from .records import Article
from .rules import RuleSet

_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
# class names (of DBpedia, schema.org, kg, NERD...) by the kind they mean
_KINDS = {
    "person": "Person", "organization": "Organization", "organisation": "Organization", "company": "Organization",
    "place": "Place", "location": "Place", "country": "Place", "city": "Place",
}  # fmt: skip
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
    """Strict and weak scores of one system on one corpus (and strict with the type, if the gold has types)."""

    system: str
    documents: int
    strict: Score
    weak: Score
    errors: tuple[tuple[str, str, tuple[int, int, str], str], ...] = ()  # (doc, fp|fn, span, rule)
    typed: Score | None = None  # same span and same kind, where the gold gives kinds


@dataclass(frozen=True)
class GoldDocument:
    """One NIF context with its gold mentions."""

    uri: str
    text: str
    mentions: frozenset[tuple[int, int]]
    types: dict[tuple[int, int], str] = field(default_factory=dict)  # Person, Organization, Place where known


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
        mentions, types = set(), {}
        for mention in graph.subjects(nif.referenceContext, context):
            begin, end = graph.value(mention, nif.beginIndex), graph.value(mention, nif.endIndex)
            if begin is not None and end is not None and mention != context:
                mentions.add((int(begin), int(end)))
                kind = _kind_of(graph.value(mention, rdflib.URIRef(_ITSRDF + "taClassRef")))
                if kind:
                    types[(int(begin), int(end))] = kind
        documents.append(GoldDocument(str(context), text, frozenset(mentions), types))
    if not documents:
        raise UsageError(f"{path}: no nif:isString contexts found; pass a NIF 2.0 corpus")
    return documents


def evaluate(
    documents: list[GoldDocument], predictions: Iterable[dict[tuple[int, int], tuple[str, str]]], system: str
) -> Evaluation:
    """Score predicted mentions ({(start, end): (kind, rule)}) against the gold ones."""
    strict_tp = weak_predicted = weak_gold = predicted = gold = 0
    typed_tp = typed_gold = typed_predicted = 0
    errors = []
    for document, found in zip(documents, predictions, strict=True):
        truth = set(document.mentions)
        spans = set(found)
        predicted += len(spans)
        gold += len(truth)
        strict_tp += len(spans & truth)
        weak_predicted += sum(1 for span in spans if any(_overlap(span, g) for g in truth))
        weak_gold += sum(1 for g in truth if any(_overlap(span, g) for span in spans))
        if document.types:
            typed_gold += len(document.types)
            typed_predicted += len(spans)
            typed_tp += sum(1 for span, kind in document.types.items() if span in found and found[span][0] == kind)
        for kind, wrong in (("fp", spans - truth), ("fn", truth - spans)):
            for start, end in sorted(wrong):
                rule = found[(start, end)][1] if kind == "fp" else ""
                errors.append((document.uri, kind, (start, end, document.text[start:end]), rule))
    return Evaluation(
        system=system,
        documents=len(documents),
        strict=Score(strict_tp, predicted, strict_tp, gold),
        weak=Score(weak_predicted, predicted, weak_gold, gold),
        errors=tuple(errors),
        typed=Score(typed_tp, typed_predicted, typed_tp, typed_gold) if typed_gold else None,
    )


def _kind_of(cls) -> str | None:
    if cls is None:
        return None
    name = str(cls).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
    return _KINDS.get(name)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run_evaluation(
    path: str | Path, *, model: str, baseline: bool = True, rules: RuleSet | None = None
) -> list[Evaluation]:
    """Score kg (and raw spaCy, for comparison) on a NIF gold corpus."""
    documents = read_gold(path)
    results = []
    if baseline:
        raw = load_pipeline(model, components=False)
        predictions = [
            {
                (e.start_char, e.end_char): (_RAW_KINDS.get(e.label_, ""), "model")
                for e in doc.ents
                if e.label_ in RAW_LABELS
            }
            for doc in raw.pipe((d.text for d in documents), batch_size=16)
        ]
        results.append(evaluate(documents, predictions, f"spaCy {model} (raw NER)"))
    nlp = load_pipeline(model, rules=rules)
    results.append(evaluate(documents, [_found(x) for x in extract(_articles(documents), nlp)], f"kg {model}"))
    return results


def run_ablation(path: str | Path, *, model: str, rules: RuleSet | None = None) -> list[tuple[str, Evaluation]]:
    """Score kg with all its rules, then with each rule switched off in turn: ("", all) first, then (rule, score)."""
    documents = read_gold(path)
    rules = rules or RuleSet()
    nlp = load_pipeline(model, rules=rules)
    variants = {"": rules} | {name: RuleSet.of(rules.disabled | {name}, rules.profiles) for name in rules.names()}
    results = extract_variants(_articles(documents), nlp, variants)
    return [
        (name, evaluate(documents, [_found(x) for x in found], name or "all rules")) for name, found in results.items()
    ]


_RAW_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}


def _articles(documents: list[GoldDocument]) -> list[Article]:
    return [Article(key=f"gold-{i}", source=d.uri, text=d.text) for i, d in enumerate(documents)]


def _found(extraction) -> dict[tuple[int, int], tuple[str, str]]:
    """Predicted mentions with their kind and the rule that made them (nothing for a failed article)."""
    if not hasattr(extraction, "mentions"):
        return {}
    kinds = {e.key: e.kind for e in extraction.entities}
    # the NIF corpora annotate people, organisations and places: a product is outside what they judge
    return {
        (m.start, m.end): (kinds.get(m.entity, ""), m.rule)
        for m in extraction.mentions
        if kinds.get(m.entity) != "Product"
    }
