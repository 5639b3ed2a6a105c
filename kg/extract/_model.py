"""The model's own components, run faster with the same annotations.

**The attribute ruler.** spaCy's ``AttributeRuler`` finds its matches with a ``Matcher``, which
tries every pattern at every token: en_core_web_sm's 179 patterns cost about as much as its
parser. Nearly all of them name a token by the values of a few attributes ("TAG": "PRP",
"LOWER": "you", or one of a set); here the tokens are looked up by those values instead, one
dictionary lookup per token and set of attributes, and only the tokens found are checked for
the rest (a value not in a set, a regular expression, the tokens after the first). Patterns
this does not read (operators, extension attributes, comparisons) still go through a Matcher
of their own. The matches are the ruler's own: the same list, sorted the same way, handed to
the ruler's own ``set_annotations``.

**The rule lemmatizer.** Its lemma is a function of a token's form, part of speech and
morphology, but it is worked out (or looked up in its cache) token by token through Token
objects, and its cache skips base forms. Here the three are read from the document's arrays
and each distinct one is lemmatized once, by the lemmatizer itself, in text order.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# attributes whose values the token arrays hold as the string store's ids, and flags held as 0/1
_STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "SHAPE", "PREFIX", "SUFFIX"})
_FLAG_ATTRS = frozenset({"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
                         "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"})  # fmt: skip


def run_faster(nlp: Language) -> None:
    """Give the pipeline's attribute rulers and rule lemmatizers their faster ways (the same annotations)."""
    for _, component in nlp.pipeline:
        if isinstance(component, AttributeRuler) and not isinstance(component.match, IndexedMatch):
            component.match = IndexedMatch(component)
        elif type(component).__call__ is Lemmatizer.__call__ and getattr(component, "mode", None) == "rule":
            # a pipeline calls its components through their class: the component becomes an
            # instance of a subclass of its own class (English's lemmatizer keeps its base forms)
            component.__class__ = _faster_lemmatizer(type(component))


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the ruler's number for it: later rules win
    key: int  # its match id
    tokens: tuple[tuple[Callable[[list, int], bool], ...], ...]  # each token's checks, after the lookup


class IndexedMatch:
    """``AttributeRuler.match`` for one ruler: the same sorted (rule, key, start, end) list."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self._built_for = -1  # how many rules the index holds: a ruler can gain rules later

    def __getstate__(self) -> dict:
        return {"ruler": self.ruler, "_built_for": -1}  # pickled without the index: built again on use

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._built_for != len(self.ruler.attrs):
            self._build()
        strings = self.ruler.vocab.strings
        found = self._rest(doc, allow_missing=True, as_spans=False) if len(self._rest) else ()
        matches = [(int(strings[key]), key, start, end) for key, start, end in found]
        n = len(doc)
        if not n or not self._attrs:
            return sorted(matches)
        rows = doc.to_array(self._attrs).reshape(n, len(self._attrs)).tolist()
        columns = [[row[c] for row in rows] for c in range(len(self._attrs))]
        for where, patterns in self._lookups:
            # no value to look up: every token is a candidate
            keys = zip(*(columns[c] for c in where), strict=True) if where else itertools.repeat((), n)
            for i, values in enumerate(keys):
                for pattern in patterns.get(values, ()):
                    end = i + len(pattern.tokens)
                    if end <= n and all(
                        check(columns, j) for j, checks in enumerate(pattern.tokens, i) for check in checks
                    ):
                        matches.append((pattern.rule, pattern.key, i, end))
        matches.sort()
        return matches

    def _build(self) -> None:
        ruler = self.ruler
        strings = ruler.vocab.strings
        attrs: dict[str, int] = {}  # the columns read, in order

        def column(name: str) -> int:
            return attrs.setdefault(name, len(attrs))

        lookups: dict[tuple[int, ...], dict[tuple, list[_Pattern]]] = defaultdict(lambda: defaultdict(list))
        rest = Matcher(ruler.vocab, validate=False)
        for rule in range(len(ruler.attrs)):
            name = str(rule)
            key = strings.add(name)
            found = ruler.matcher.get(name)
            for pattern in found[1] if found else ():
                compiled = _compile(pattern, strings, column)
                if compiled is None:
                    rest.add(name, [pattern])
                    continue
                where, choices, tokens = compiled
                for values in itertools.product(*choices):
                    lookups[where][values].append(_Pattern(rule, key, tokens))
        self._attrs = list(attrs)
        self._lookups = [(where, dict(found)) for where, found in sorted(lookups.items())]
        self._rest = rest
        self._built_for = len(ruler.attrs)


def _compile(pattern: list[dict], strings, column: Callable[[str], int]):
    """(the columns the first token is looked up by, the values each may have, every token's
    remaining checks), or None for a pattern this index does not read."""
    where: list[int] = []
    choices: list[tuple] = []
    tokens = []
    for position, spec in enumerate(pattern):
        if not isinstance(spec, dict) or not spec:
            return None
        checks = []
        for attr, value in sorted(spec.items(), key=lambda item: str(item[0])):
            name = attr.upper() if isinstance(attr, str) else None
            if name in _FLAG_ATTRS and isinstance(value, bool):
                wanted: object = {int(value)}
            elif name in _STRING_ATTRS and isinstance(value, str):
                wanted = {strings.add(value)}
            elif name in _STRING_ATTRS and isinstance(value, dict) and len(value) == 1:
                [(op, operand)] = value.items()
                if op == "IN" and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                    wanted = {strings.add(v) for v in operand}
                elif op == "NOT_IN" and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                    checks.append(_not_in(column(name), {strings.add(v) for v in operand}))
                    continue
                elif op == "REGEX" and isinstance(operand, str):
                    checks.append(_regex(column(name), re.compile(operand), strings))
                    continue
                else:
                    return None
            else:  # an operator ("OP"), an extension, a comparison, an attribute not read here
                return None
            if position == 0:
                where.append(column(name))
                choices.append(tuple(sorted(wanted)))  # type: ignore[arg-type]
            else:
                checks.append(_in(column(name), frozenset(wanted)))  # type: ignore[arg-type]
        tokens.append(tuple(checks))
    return tuple(where), choices, tuple(tokens)


def _in(c: int, values: frozenset[int]) -> Callable[[list, int], bool]:
    return lambda columns, i: columns[c][i] in values


def _not_in(c: int, values: set[int]) -> Callable[[list, int], bool]:
    return lambda columns, i: columns[c][i] not in values


def _regex(c: int, pattern: re.Pattern, strings) -> Callable[[list, int], bool]:
    return lambda columns, i: pattern.search(strings[columns[c][i]]) is not None


@functools.cache
def _faster_lemmatizer(kind: type) -> type:
    return type(kind.__name__, (kind,), {"__call__": _lemmatize, "__reduce_ex__": _as_its_model_made_it})


def _as_its_model_made_it(self: Lemmatizer, protocol: int):
    """Pickled as an instance of the model's own class (which has no name of its own to be found by)."""
    reduced = list(object.__reduce_ex__(self, protocol))
    made_by, args = reduced[0], reduced[1]
    if args and args[0] is type(self):
        reduced[1] = (type(self).__mro__[1], *args[1:])
    else:  # not the reduction this expects: pickling would fail anyway
        raise TypeError(f"cannot pickle {type(self).__name__} made by {made_by!r}")
    return tuple(reduced)


def _lemmatize(self: Lemmatizer, doc: Doc) -> Doc:
    """``Lemmatizer.__call__`` for a rule lemmatizer: each distinct (form, part of speech,
    morphology) lemmatized once, by the lemmatizer's own ``rule_lemmatize``, in text order."""
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    if not len(doc):
        return doc
    if not self._validated:
        self._validate_tables(Errors.E1004)
    known = self.__dict__.setdefault("_kg_lemmas", {})  # (form, part of speech, morphology) -> lemma
    strings = doc.vocab.strings
    lemmas = []
    for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
        if lemma and not self.overwrite:
            lemmas.append(lemma)
            continue
        found = known.get((orth, pos, morph))
        if found is None:
            found = known[(orth, pos, morph)] = strings.add(self.rule_lemmatize(doc[i])[0])
        lemmas.append(found)
    doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
    return doc
