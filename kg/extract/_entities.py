"""The ``kg_entities`` spaCy component: named-entity spans a news editor would sign off.

spaCy's statistical NER is the starting point. This component trims spans to the name
itself, drops what is not a named entity, corrects types with evidence (titles, name
heads such as "Ministry" or "Oblast", the GeoNames and ISO gazetteer), makes each
surface form keep one type within the document, and finds the mentions the model
missed: further occurrences of names it found, surnames of people it found, and the
other members of a list of people.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import REGION_WORDS, gazetteer
from ..rules import MODEL, RuleSet, on, register, using
from ._lexicon import (
    COMPASS,
    EARNED_BY_ORGS,
    FACILITY_HEADS,
    FIRM_HOLDINGS,
    FIRM_VERBS,
    GENERIC_ORG_WORDS,
    GROUP_ADJECTIVES,
    NON_ENTITY_WORDS,
    OF_TOPONYMS,
    ORG_ANAPHORS,
    ORG_FIRST_WORDS,
    ORG_HEADS,
    ORG_OPENERS,
    ORG_ROLES,
    OWNED_BY_ORGS,
    PERSON_ONLY_TITLES,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PLACE_HEADS,
    PLACE_OF_NOUNS,
    PRODUCT_NOUNS,
    RUN_VERBS,
    TITLE_OPENERS,
    TOPONYM_SUFFIXES,
    UNION_ADJECTIVES,
)

PERSON, ORG, GPE, LOC, FAC, NORP, PRODUCT = "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"
KEPT_LABELS = {PERSON, ORG, GPE, LOC, FAC}
PLACE_LABELS = {GPE, LOC, FAC}
_LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "its"}
# handles, links and hashtags; a site's own name ("Example.com") is a name, a path after it is a link
_NOISE = re.compile(r"^@|://|^www\.|^pic\.|\.(?:com|org|net|gov)/|^#\w", re.I)
_POSSESSIVE = {"'s", "’s", "'", "’"}
_TICKER = re.compile(r"[A-Z]{2,5}(?:\.[A-Z]{1,2})?")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "di",
    "del",
    "della",
    "du",
    "la",
    "le",
    "al",
    "bin",
    "ibn",
    "ter",
    "ten",
}
_NAME_LINKS = {
    "of",
    "and",
    "the",
    "for",
    "&",
    "de",
    "du",
    "des",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "y",
    "da",
    "di",
    "del",
    "on",
    "at",
    "in",
    "upon",
    "-",
}
_REGION_TAILS = {w for w in REGION_WORDS if w not in {"republic", "territory", "department", "state"}}
_STRONG = 3  # weight of evidence that overrides the model

# The rules of this component, in the order they act; each can be switched off (kg.rules).
for _name, _stage, _summary, *_profile in [
    ("split_firms", "split", "a legal suffix closes a firm's name: 'A and Co and B Inc' is two firms"),
    ("split_town_region", "split", "'Town, Region' is two places"),
    ("demonyms", "drop", "demonyms and group adjectives ('Ukrainian', 'West African') are not mentions"),
    ("trim_line_break", "trim", "a name never runs over a line break", "extra"),
    ("trim_leading", "trim", "no leading determiner, punctuation or lower-case word"),
    ("trim_lower_word", "trim", "a name stops at a lower-case word"),
    ("trim_title", "trim", "a title before a name is cut and says the name is a person's: 'President X'"),
    ("trim_possessive", "trim", "no possessive or trailing punctuation"),
    ("trim_inner_title", "trim", "a title starting inside a name is cut: 'Acme Executive Vice President'", "extra"),
    ("trim_bracket", "trim", "a name stops before a bracket: 'World Health Organization (WHO)'", "extra"),
    ("trim_legal_of", "trim", "a firm's name ends at its legal suffix: 'Dominion Textiles Inc of Canada'"),
    ("trim_ticker", "trim", "a stock ticker after a company name is not part of it: 'Motorola Inc MOT'", "wire"),
    ("noise_links", "drop", "handles, links and hashtags are not names"),
    ("noise_credit_rating", "drop", "a credit rating is not a name: 'rated AAA/AA'", "wire"),
    ("noise_words", "drop", "words that are never names on their own (lexicon NON_ENTITY_WORDS)"),
    ("noise_table_row", "drop", "a decimal number inside a span is a table row: 'Revs 27.3'", "wire"),
    ("noise_qualifier", "drop", "a generic organisation word qualifying another: 'Treasury notes'"),
    ("noise_portfolio", "drop", "a title's portfolio: 'Secretary of Commerce'"),
    ("extend_compound", "extend", "a capitalised compound word the model left out: 'Oleksandr Shtupun'"),
    ("extend_particles", "extend", "name particles and the surname after them: 'Cor van der Klugt'"),
    ("extend_firm_tail", "extend", "'Hambrecht and Quist Inc' is one firm"),
    (
        "extend_subsidiary",
        "extend",
        "a subsidiary named after its parent with its own suffix: 'Halvorsen Co of Norway Ltd'",
        "extra",
    ),
    (
        "extend_org_head",
        "extend",
        "a legal suffix or organisation head word after a name: 'U.S. District Court'",
        "extra",
    ),
    ("extend_region", "extend", "'the Donetsk region', 'Belgorod Oblast' name the subdivision"),
    (
        "untagged_region",
        "complete",
        "a capitalised word before a region word, untagged by the model, is a place",
        "extra",
    ),
    ("of_toponym", "complete", "'Gulf of Aden', 'Strait of Hormuz': a place word, 'of' and a name", "extra"),
    ("surname_person", "type", "a single word that is the surname of a person named in full is a person"),
    ("hyphenated_person", "type", "the hyphenated surname of a person named in full is a person", "extra"),
    ("org_first_word", "type", "a word the text uses to begin a company's name is that company: 'Burlington'"),
    ("org_last_word", "type", "a word that ends an organisation's name elsewhere is that organisation"),
    ("org_in_person", "type", "a 'person' whose first word the text names as an organisation is one", "extra"),
    (
        "place_named_firm",
        "type",
        "a place that begins a firm's name the text gives, ordering or buying, is the firm: 'Kestrel Air ... Kestrel ordered'",
    ),
    ("product_name", "drop", "a model name or number is a product, not an entity: '787 Dreamliner', 'A380'"),
    ("title_alone", "drop", "a title alone names nobody: 'Chief Operating Officer'", "extra"),
    ("adjective", "drop", "a one-word adjective is not a name: 'European'"),
    ("political_union", "type", "a union of states is a place, as a country is: 'the African Union'"),
    ("owned_site", "type", "a site a firm owns is a place: 'Acme's Assembly Center', 'Acme's Tulsa Plant'"),
    ("noun_before", "type", "the noun before a name says its kind: 'the airline X'"),
    ("title_after", "type", "a name before a title is whom the title serves: 'Ryanair CEO X'", "extra"),
    ("owned_thing", "type", "what only organisations have or are run, owned, bought: 'the takeover of X'", "extra"),
    ("named_place", "type", "'the city of X' is a place", "extra"),
    ("org_opening_word", "type", "a first word only organisations have (lexicon ORG_FIRST_WORDS)"),
    ("country_in_name", "type", "people are not named after countries: 'Garuda Indonesia'", "extra"),
    ("org_head", "type", "a name ending in an organisation head or legal suffix is an organisation"),
    ("org_opener_of", "type", "'Bank of X', 'University of X' are organisations", "extra"),
    ("place_head", "type", "a name ending in a place head ('Island', 'Oblast') is a place", "extra"),
    ("title_before", "type", "'Chancellor X' is a person, even where the model says organisation", "extra"),
    ("appositive_person", "type", "'X, a spokesman for Y', 'X, 54,' say X is a person", "extra"),
    ("gazetteer_place", "type", "a GeoNames country, region or big city is a place"),
    ("toponym_suffix", "type", "a 'person' with a place-name ending is a place", "extra"),
    ("conjoined_org", "type", "a 'person' joined by 'and' to an organisation is one", "extra"),
    ("product_after_model", "drop", "a name written once after a model number is a product everywhere"),
    ("thing_named", "drop", "a name the text calls a made thing: 'the drug is X', 'X, a sleeping pill'"),
    ("plural_of", "drop", "a maker's name counting its products: 'two new Boeings'", "extra"),
    ("surname_full_name", "type", "the full name of a surname the text shows to be a person is a person", "extra"),
    ("agree", "type", "one surface form, one type within a document", "extra"),
    ("merge_adjacent", "complete", "two spans that touch and end in a firm are one firm"),
    ("firm_lists", "complete", "partners' names joined into one firm: 'Stifel, Nicolaus and Co Inc'"),
    ("complete_lists", "complete", "the untagged members of a list of people are people", "extra"),
    ("acronyms", "complete", "an acronym in brackets names the organisation before it"),
    ("signature", "complete", "a wire story's closing agency signature", "wire"),
    ("governments", "complete", "'the Zambian government' is an organisation"),
    ("propagate", "complete", "later occurrences of names found, surnames of people, short company names"),
    ("country_modifier", "drop", "a country qualifying a thing is not a mention: 'the U.S. dollar'", "wire"),
    ("common_nouns", "drop", "words capitalised only by position or abbreviation are not names"),
    ("modifier_org", "drop", "a one-word organisation qualifying a thing: 'Reuter services'"),
    # neutral on both corpora (Reuters-128 scores no types; MEANTIME's region has no such case): opt-in
    ("honorific", "type", "'Mr X', 'Dr X': an honorific says X is a person", "extra"),
    ("product_noun_after", "type", "'the Halvik brand', 'its X5 model', 'the Y programme': a product", "extra"),
    ("products", "complete", "models, makes and named things are products: 'A380', '787 Dreamliner', 'the X5'"),
]:
    register(_name, _stage, _summary, *_profile)


def _title_word(token_text: str) -> bool:
    return token_text.lower().rstrip(".") in PERSON_TITLES


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A sentence never runs across a line break (title, paragraphs and headings stay apart).

    The line-break token itself is marked as a sentence start, not the word after it:
    marking the word changes what the English model's NER finds there (it dropped
    "Angela Merkel" after a title line).
    """
    breaks = [t.i for t in doc[1:] if t.is_space and "\n" in t.text]
    if breaks:
        # one write for all: setting Token.is_sent_start checks the whole document each time
        starts = doc.to_array([SENT_START])
        starts[breaks] = 1
        doc.from_array([SENT_START], starts)
    return doc


@Language.factory(
    "kg_entities",
    default_config={"min_city_population": 100_000, "disabled_rules": [], "profiles": ["default"]},
    assigns=["doc.ents", "doc.spans"],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
)
def make_kg_entities(
    nlp: Language, name: str, min_city_population: int, disabled_rules: list[str], profiles: list[str]
) -> KgEntities:
    """Create the component that corrects and completes spaCy's entities (rules switchable, see kg.rules)."""
    return KgEntities(min_city_population=min_city_population, rules=RuleSet.of(disabled_rules, profiles))


class KgEntities:
    """Trim, filter, retype and complete ``doc.ents``; demonyms go to ``doc.spans['kg_demonyms']``."""

    def __init__(self, *, min_city_population: int = 100_000, rules: RuleSet | None = None) -> None:
        self.min_city_population = min_city_population
        self.gazetteer = gazetteer()
        self.rules = rules or RuleSet()

    def __call__(self, doc: Doc) -> Doc:
        with using(self.rules):
            return self._correct(doc)

    def _because(self, span: Span, label: str | None, rule: str) -> str | None:
        """Record that ``rule`` gave ``span`` its label (spans carry it as their id); return the label."""
        self._why[(span.start, span.end)] = rule
        return label

    def _correct(self, doc: Doc) -> Doc:
        self._why: dict[tuple[int, int], str] = {}
        demonyms: list[Span] = []
        candidates: list[tuple[Span, str, int]] = []  # span, label, evidence weight
        known = {e.text for e in doc.ents} | {e[0].text for e in doc.ents if len(e) > 1 and e.label_ == ORG}
        product_spans = [e for e in doc.ents if e.label_ == PRODUCT]  # the model's own products
        pieces = list(doc.ents)
        if on("split_firms"):
            pieces = [piece for whole in pieces for piece in _split_firms(whole)]
        if on("split_town_region"):
            pieces = [piece for whole in pieces for piece in self._split_town_region(whole)]
        for ent in pieces:
            if ent.label_ == NORP:
                if on("demonyms") and (self.gazetteer.demonym(ent.text) is not None or self._is_demonym(ent.text)):
                    demonyms.append(ent)
                    continue
                # a NORP the gazetteer does not know may be a place ("Belgorod region")
            elif ent.label_ not in KEPT_LABELS:
                continue
            elif on("demonyms") and self._is_demonym(ent.text):
                demonyms.append(ent)
                continue
            trimmed = _trim(ent)
            if trimmed is None or _is_noise(trimmed[0]):
                continue
            span, titled = trimmed
            label = ent.label_ if ent.label_ != NORP else None
            if titled:
                label = self._because(span, PERSON, "trim_title")
            candidates.append((span, label, _STRONG if titled and label in {PERSON, ORG, None} else 0))
        candidates = self._extend(doc, candidates, known)
        org_starts = {
            span[0].text
            for span, label, _ in candidates
            if len(span) > 1 and (label == ORG or _legal_suffix(span[-1].text))
        }
        # "Georgia" after "Georgia Power" is still the place when it is a country or state ...
        place_firms = {w for w in org_starts if self._is_major_place(w)}
        org_starts -= place_firms
        org_tails = {
            span[-1].text
            for span, label, _ in candidates
            if len(span) > 1 and label == ORG and span[-1].text[:1].isupper() and not _legal_suffix(span[-1].text)
        }
        org_tails -= {span[-1].text for span, label, w in candidates if label == PERSON and len(span) > 1}
        org_tails = {w for w in org_tails if w.lower() not in GENERIC_ORG_WORDS and not self._is_major_place(w)}
        hyphenated = {
            doc[span.start + 1 : span.end].text
            for span, label, w in candidates
            if len(span) > 2 and label == PERSON and any(t.text == "-" for t in span[1:])
        }
        single_orgs = {span.text for span, label, _ in candidates if len(span) == 1 and label == ORG}
        single_orgs -= {w for w in single_orgs if self._is_major_place(w)}
        surnames = {
            span[-1].text
            for span, label, w in candidates
            if len(span) > 1 and (label == PERSON or w >= _STRONG) and span[-1].lower_ not in ORG_HEADS
        }
        decided = []
        for span, label, weight in candidates:
            if (
                on("surname_person")
                and len(span) == 1
                and span.text in surnames
                and label != PERSON
                and not self._is_country(span.text)
            ):
                # "Angers said" after "spokeswoman Sandy Angers"
                decided.append((span, self._because(span, PERSON, "surname_person"), _STRONG))
            elif on("hyphenated_person") and len(span) > 1 and span.text in hyphenated and label != PERSON:
                # "Bankman-Fried said" after "Sam Bankman-Fried"
                decided.append((span, self._because(span, PERSON, "hyphenated_person"), _STRONG))
            elif (
                on("org_first_word")
                and len(span) == 1
                and span.text in org_starts
                and not _title_word(span.text)
                and not (label in PLACE_LABELS and self._gazetteer_place(span, label))  # "in London", not the LSE
            ):
                # "Burlington" after "Burlington Industries Inc"
                decided.append((span, self._because(span, ORG, "org_first_word"), _STRONG))
            elif on("place_named_firm") and len(span) == 1 and span.text in place_firms and _acts_as_firm(span):
                # ... unless it does what firms do: "Kestrel has an order for ten jets" after "Kestrel Air"
                decided.append((span, self._because(span, ORG, "place_named_firm"), _STRONG))
            elif (
                on("org_last_word")
                and label in {PERSON, GPE, None}
                and weight < _STRONG
                and len(span) == 1
                and span.text in org_tails
                and not self._gazetteer_place(span, None)
            ):
                # "the Halloran era" beside "Vantrell Halloran"
                decided.append((span, self._because(span, ORG, "org_last_word"), _STRONG))
            elif (
                on("org_in_person")
                and label == PERSON
                and weight < _STRONG
                and len(span) > 1
                and span[0].text in single_orgs
            ):
                # "Grumman Wheeler" where the text also names "Grumman"
                decided.append((span, self._because(span, ORG, "org_in_person"), _STRONG))
            else:
                decided.append((span, *self._decide(doc, span, label, weight, known)))
        # a name written once after a model number ("787 Dreamliner") is a product everywhere
        after_model = {
            doc[i + 1].text for i in range(len(doc) - 1) if _model_number(doc[i].text) and doc[i + 1].text[:1].isupper()
        }
        products = {
            _key(s.text)
            for s, _, _ in candidates
            if (on("product_name") and _product_name(s))
            or (on("product_after_model") and len(s) == 1 and s.text in after_model)
            or (on("thing_named") and _thing_named(s))
            or (on("plural_of") and _plural_of(s, single_orgs))
        }
        product_spans += [s for s, _, _ in candidates if _key(s.text) in products and not _plural_of(s, single_orgs)]
        decided = [(s, lab, w) for s, lab, w in decided if lab is not None and _key(s.text) not in products]
        # "defeating Nikki Haley ... Haley, a former governor": the full name of a surname known to be a person
        people = {s.text for s, lab, w in decided if len(s) == 1 and lab == PERSON and w >= _STRONG}
        decided = [
            (s, self._because(s, PERSON, "surname_full_name"), w)
            if on("surname_full_name")
            and lab == ORG
            and w < _STRONG
            and len(s) == 2
            and s[-1].text in people
            and not any(t.lower_ in ORG_HEADS or _legal_suffix(t.text) for t in s)
            else (s, lab, w)
            for s, lab, w in decided
        ]
        if on("agree"):
            agreed = _agree(decided)
            for (s, before, _), (_, after, _) in zip(decided, agreed, strict=True):
                if after != before:
                    self._because(s, after, "agree")
            decided = agreed
        spans = filter_spans(
            [
                Span(doc, s.start, s.end, label=lab, span_id=self._why.get((s.start, s.end), MODEL))
                for s, lab, _ in decided
            ]
        )
        # passes that complete the list; the spans they add or change carry the pass's name
        for name, complete in (
            ("merge_adjacent", _merge_adjacent),
            ("firm_lists", _firm_lists),
            ("complete_lists", _complete_lists),
            ("acronyms", _acronyms),
            ("signature", _signature),
            ("governments", lambda d, found: self._governments(d, found, demonyms)),
            ("propagate", lambda d, found: _propagate(d, found, self.gazetteer)),
        ):
            if on(name):
                spans = _named(complete(doc, spans), spans, name)
        spans = [s for s in spans if _key(s.text) not in products]
        if on("country_modifier"):
            spans = [s for s in spans if not self._country_modifier(s)]
        if on("common_nouns"):
            spans = _drop_common_nouns(doc, spans)
        if on("modifier_org"):
            spans = [s for s in spans if not (s.label_ == ORG and len(s) == 1 and _modifier_org(s))]
        makers: list[Span] = []
        if on("products"):
            spans, makers = _with_products(doc, spans, product_spans)
        doc.ents = sorted(spans, key=lambda s: s.start)
        doc.spans["kg_makers"] = makers
        doc.spans["kg_demonyms"] = [d for d in demonyms if not any(d.start < s.end and s.start < d.end for s in spans)]
        return doc

    # -- spans ------------------------------------------------------------

    def _country_modifier(self, span: Span) -> bool:
        """'U.S. textile makers', 'the U.S. dollar': a country qualifying a thing is an attribute, not a mention."""
        if span.label_ not in PLACE_LABELS or not _modifier_place(span):
            return False
        found = self.gazetteer.lookup(span.text, include_alternates=False)
        # a name that is also a state ("Georgia") may not be the country: keep the mention
        return bool(found) and found[0].feature == "country" and not any(g.feature == "admin1" for g in found)

    def _governments(self, doc: Doc, spans: list[Span], demonyms: list[Span]) -> list[Span]:
        """'the Zambian government': a country's government is an organisation."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        added = []
        for demonym in demonyms:
            if (
                demonym.end < len(doc)
                and doc[demonym.end].lower_ == "government"
                and demonym.end not in taken
                and self.gazetteer.demonym(demonym.text) is not None  # a country's, not "European"
            ):
                added.append(Span(doc, demonym.start, demonym.end + 1, label=ORG))
        return filter_spans(spans + added) if added else spans

    def _split_town_region(self, ent: Span) -> list[Span]:
        """'Pointe-Aux-Loups, Quebec': a town and the region or country it is in are two places."""
        commas = [t.i for t in ent if t.text == ","]
        if len(commas) != 1 or commas[0] == ent.start or commas[0] == ent.end - 1 or self.gazetteer.lookup(ent.text):
            return [ent]
        doc, k = ent.doc, commas[0]
        town, region = doc[ent.start : k], doc[k + 1 : ent.end]
        found = self.gazetteer.lookup(region.text, include_alternates=False)
        if not found or not all(t.text[:1].isupper() for t in town) or any(_legal_suffix(t.text) for t in ent):
            return [ent]
        return [Span(doc, town.start, town.end, label=GPE), Span(doc, region.start, region.end, label=GPE)]

    def _is_demonym(self, text: str) -> bool:
        if self.gazetteer.demonym(text) is not None and not self.gazetteer.lookup(text):
            return True
        words = text.split()
        # "a European company": the adjective of a continent
        if len(words) == 1 and words[0].endswith("n") and not self.gazetteer.lookup(text):
            for base in (text[:-1], text[:-2]):
                found = self.gazetteer.lookup(base, include_alternates=False)
                if found and found[0].feature == "continent":
                    return True
        # "the first Black American", "Native Americans": a group of people, not a name
        if (
            len(words) == 2
            and self.gazetteer.demonym(words[1]) is not None
            and (words[0].lower() in GROUP_ADJECTIVES or self.gazetteer.demonym(words[0]) is not None)
        ):
            return True
        # "West African growers", "the South Australian unit": an adjective of a region
        return (
            len(words) == 2
            and words[0].lower() in COMPASS
            and not self.gazetteer.lookup(text)
            and (
                self.gazetteer.demonym(words[1]) is not None
                or (
                    words[1].endswith("n")
                    and any(self.gazetteer.lookup(w, include_alternates=False) for w in (words[1][:-1], words[1][:-2]))
                )
            )
        )

    def _extend(
        self, doc: Doc, candidates: list[tuple[Span, str | None, int]], known: set[str]
    ) -> list[tuple[Span, str | None, int]]:
        taken = {i for span, _, _ in candidates for i in range(span.start, span.end)}
        result = []
        for span, label, weight in candidates:
            start, end = span.start, span.end
            rule = self._why.get((start, end))
            # "Oleksandr Shtupun": a capitalised compound word the model left out
            while (
                on("extend_compound")
                and start > 0
                and start - 1 not in taken
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].text[:1].isupper()
                and doc[start - 1].head.i in range(start, end)
                and not _title_word(doc[start - 1].text)
                and doc[start - 1].lower_ not in NON_ENTITY_WORDS
                and lost_possessive(doc[start - 1], known, self.gazetteer) is None  # "Kestrels Moreau said"
            ):
                start -= 1
                taken.add(start)
            # "Cor van der Klugt": name particles and the surname after them
            if on("extend_particles") and label == PERSON:
                k = end
                while k < len(doc) and doc[k].lower_ in _PARTICLES:
                    k += 1
                if k > end and k < len(doc) and doc[k].text[:1].isupper() and doc[k].pos_ == "PROPN":
                    end = k + 1
                    taken.update(range(start, end))
                elif doc[end - 1].lower_ in _PARTICLES and end < len(doc) and doc[end].text[:1].isupper():
                    end += 1
                    taken.update(range(start, end))
            # "Hambrecht and Quist Inc", "Morgan Stanley and Co Inc": one firm
            if on("extend_firm_tail") and label in {ORG, PERSON, None}:
                end2 = _firm_tail(doc, start, end)
                if end2:
                    end, label, weight, rule = end2, ORG, _STRONG, "extend_firm_tail"
                    taken.update(range(start, end))
            # "Halvorsen Co of Norway Ltd": a subsidiary named after its parent, with its own suffix
            if (
                on("extend_subsidiary")
                and _legal_suffix(doc[end - 1].text)
                and end + 2 < len(doc)
                and doc[end].lower_ == "of"
            ):
                k = end + 1
                while k < len(doc) and k - end <= 3 and doc[k].text[:1].isupper() and not _legal_suffix(doc[k].text):
                    k += 1
                if k < len(doc) and k > end + 1 and _legal_suffix(doc[k].text):
                    end, label, weight, rule = k + 1, ORG, _STRONG, "extend_subsidiary"
                    taken.update(range(start, end))
            # "Key Tronic corp", "U.S. District Court": a legal suffix or organisation head word after the name
            if on("extend_org_head") and label in {ORG, GPE, None} and end < len(doc):
                nxt = doc[end]
                title_follows = end + 1 < len(doc) and (
                    _title_word(doc[end + 1].text) or doc[end + 1].lower_ in TITLE_OPENERS
                )
                if _legal_suffix(nxt.text.capitalize()) or (
                    nxt.text[:1].isupper()
                    and nxt.lower_ in ORG_HEADS
                    and not nxt.is_sent_start
                    and end not in taken
                    and not (nxt.lower_ in TITLE_OPENERS and title_follows)
                ):
                    end += 1
                    label, weight, rule = ORG, _STRONG, "extend_org_head"
                    taken.update(range(start, end))
            # "the Donetsk region", "Belgorod Oblast": the subdivision, not the city
            if (
                on("extend_region")
                and end < len(doc)
                and end not in taken
                and doc[end].lower_ in _REGION_TAILS
                and label in PLACE_LABELS | {None, ORG, PERSON}
                and not (end + 1 < len(doc) and _title_word(doc[end + 1].text))  # "U.S. District Judge"
            ):
                end += 1
                label, weight, rule = GPE, _STRONG, "extend_region"
            if rule:
                self._because(doc[start:end], label, rule)
            result.append((doc[start:end], label, weight))
        # a capitalised word followed by a region word that the model did not tag at all
        for token in doc[:-1] if on("untagged_region") else ():
            nxt = doc[token.i + 1]
            if (
                token.i not in taken
                and nxt.i not in taken
                and token.pos_ == "PROPN"
                and token.text[:1].isupper()
                and nxt.lower_ in _REGION_TAILS
                and token.lower_ not in NON_ENTITY_WORDS
            ):
                result.append(
                    (
                        doc[token.i : token.i + 2],
                        self._because(doc[token.i : token.i + 2], GPE, "untagged_region"),
                        _STRONG,
                    )
                )
        # "Gulf of Aden", "Strait of Hormuz", "Isle of Man": a place word, "of" and a name
        for token in doc[:-2] if on("of_toponym") else ():
            if token.lower_ not in OF_TOPONYMS or not token.text[:1].isupper() or doc[token.i + 1].lower_ != "of":
                continue
            k = token.i + 2
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
                k += 1
            if k > token.i + 2:
                result.append((doc[token.i : k], self._because(doc[token.i : k], LOC, "of_toponym"), _STRONG))
        return result

    def _decide(self, doc: Doc, span: Span, label: str | None, weight: int, known: set[str]) -> tuple[str | None, int]:
        """The label the evidence supports and how strongly: the first rule that decides, in order."""
        words = [t.text for t in span]
        last = words[-1].lower().rstrip(".")
        first = words[0].lower()
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if on("product_name") and _product_name(span):
            return self._because(span, None, "product_name"), _STRONG  # "787 Dreamliner", "A380", "KC-30s"
        if on("title_alone") and all(
            _title_word(w) or w.lower() in {"chief", "executive", "operating", "officer", "vice", "deputy"}
            for w in words
        ):
            return self._because(span, None, "title_alone"), _STRONG  # "Chief Operating Officer" names nobody
        if on("adjective") and len(span) == 1 and span[0].pos_ == "ADJ" and label != PERSON:
            return self._because(span, None, "adjective"), _STRONG  # "European": an adjective is not a name
        if on("political_union") and len(words) == 2 and last == "union" and first in UNION_ADJECTIVES:
            return self._because(span, GPE, "political_union"), _STRONG  # "the African Union"
        if (
            on("owned_site")
            and len(words) > 1
            and last in FACILITY_HEADS
            and before is not None
            and before.text in _POSSESSIVE
            and label != PERSON
        ):
            return self._because(span, FAC, "owned_site"), _STRONG  # "Acme's Assembly Center"
        if (
            on("noun_before")
            and before is not None
            and before.lemma_.lower() in ORG_ANAPHORS
            and before.text.islower()
            and not self._gazetteer_place(span, label)  # "automaker Kestrova", even if the model says a place
        ):
            return self._because(span, ORG, "noun_before"), _STRONG  # "the airline Virgin Atlantic"
        if (
            on("honorific")
            and before is not None
            and before.text.rstrip(".").lower() in _HONORIFICS
            and before.text[:1].isupper()
            and _looks_like_name(span)
        ):
            return self._because(span, PERSON, "honorific"), _STRONG  # "Mr Ostberg" names a person
        if (
            on("product_noun_after")
            and after is not None
            and after.lemma_.lower() in _PRODUCT_LINES
            and after.text.islower()
            and not self._gazetteer_place(span, label)
            # "the Halvorsen brand chief": a brand run as a unit of the firm, with its own head
            and not (after.i + 1 < len(doc) and _title_word(doc[after.i + 1].text))
        ):
            return self._because(span, PRODUCT, "product_noun_after"), _STRONG  # "its Halvik brand"
        if (
            on("title_after")
            and after is not None
            and after.lower_.rstrip(".")
            in PERSON_ONLY_TITLES | {"executive", "chief", "boss", "founder", "spokesperson"}
            and label in {PERSON, None}
            and len(span) == 1
        ):
            if self._gazetteer_place(span, GPE):
                return self._because(span, GPE, "title_after"), _STRONG  # "Kiev mayor Vitali Klitschko"
            return self._because(span, ORG, "title_after"), _STRONG  # "Ryanair CEO Michael O'Leary"
        if (
            on("owned_thing")
            and label in {PERSON, GPE, None}
            and weight < _STRONG
            and _owned_thing(span)
            and not self._gazetteer_place(span, None)
        ):
            return self._because(span, ORG, "owned_thing"), _STRONG  # "the takeover of X", "shares of X"
        if on("named_place") and label in {PERSON, ORG, None} and weight < _STRONG and _named_place(span):
            return self._because(span, GPE, "named_place"), _STRONG  # "the city of Khan Yunis"
        if on("org_opening_word") and len(words) > 1 and first in ORG_FIRST_WORDS and words[0][:1].isupper():
            return self._because(span, ORG, "org_opening_word"), _STRONG
        if on("country_in_name") and label == PERSON and len(words) > 1 and self._is_country(words[-1]):
            return self._because(span, ORG, "country_in_name"), _STRONG  # "Garuda Indonesia"
        if (
            on("org_head")
            and len(words) > 1
            and (last in ORG_HEADS or _legal_suffix(words[-1]))
            and (last not in PLACE_HEADS or label == ORG)
        ):
            return self._because(span, ORG, "org_head"), _STRONG
        if on("org_opener_of") and len(words) > 2 and first in ORG_OPENERS and any(w.lower() == "of" for w in words):
            return self._because(span, ORG, "org_opener_of"), _STRONG
        if on("place_head") and len(words) > 1 and last in PLACE_HEADS and last not in ORG_HEADS:
            return self._because(span, GPE if last in REGION_WORDS else LOC, "place_head"), _STRONG
        if (
            on("title_before")
            and before is not None
            and _title_word(before.text)
            and _looks_like_name(span)
            and (label != ORG or (before.lower_.rstrip(".") in PERSON_ONLY_TITLES and len(span) >= 2))
        ):
            return self._because(span, PERSON, "title_before"), _STRONG  # "Chancellor Olaf Scholz"
        if on("appositive_person") and label in {PERSON, ORG, None} and _appositive_person(span):
            return self._because(span, PERSON, "appositive_person"), _STRONG
        if on("gazetteer_place") and self._gazetteer_place(span, label):
            return self._because(span, GPE, "gazetteer_place"), _STRONG
        if on("toponym_suffix") and label == PERSON and len(span) == 1 and span.text.lower().endswith(TOPONYM_SUFFIXES):
            return self._because(span, GPE, "toponym_suffix"), 1
        if on("conjoined_org") and label == PERSON and _conjoined_with_org(span):
            return self._because(span, ORG, "conjoined_org"), 1  # "Boeing and Lockheed Martin"
        return label, 0

    def _is_major_place(self, word: str) -> bool:
        found = self.gazetteer.lookup(word, include_alternates=False)
        return (
            bool(found)
            and self.gazetteer.is_main_name(word, found[0])
            and found[0].feature in {"country", "admin1", "continent"}
        )

    def _is_country(self, word: str) -> bool:
        return any(g.feature == "country" for g in self.gazetteer.lookup(word, include_alternates=False))

    def _gazetteer_place(self, span: Span, label: str | None) -> bool:
        found = self.gazetteer.lookup(span.text)
        if not found:
            return False
        if label in PLACE_LABELS:
            return True
        best = found[0]
        if not self.gazetteer.is_main_name(span.text, best):
            # another spelling of a big city ("Kiev") still names it; of a small town it is too weak
            return len(span) == 1 and best.feature == "city" and best.population >= 1_000_000
        if best.feature in {"country", "continent", "admin1"}:
            return True
        return best.population >= self.min_city_population


def _modifier_place(span: Span) -> bool:
    """'U.S. textile maker', 'Treasury notes': a name used to qualify a thing is not a mention of it."""
    if span.label_ not in PLACE_LABELS:
        return False
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "amod", "nmod"}
        and head.i >= span.end
        and head.pos_ == "NOUN"
        and head.text.islower()
        and not any(t.text in {"'s", "’s"} for t in span.doc[span.end : head.i])
    )


_MODEL = re.compile(r"[A-Z]{0,3}-?\d{2,4}[A-Za-z-]*s?")
# a number with a unit or an ordinal suffix is a measure, not a model: "150px", "40mm", "20th"
_MEASURE = re.compile(r"\d+(?:px|pt|em|mm|cm|km|kg|ft|mph|kph|kw|mw|gb|mb|th|st|nd|rd)", re.I)


def _model_number(text: str) -> bool:
    """A model name or number ('A380', '787', 'KC-30s'), not a measure ('150px')."""
    return bool(_MODEL.fullmatch(text)) and not _MEASURE.fullmatch(text)


def _product_name(span: Span) -> bool:
    """A model name or number: '787 Dreamliner', 'A380', 'KC-30s'."""
    if any(_model_number(t.text) for t in span):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and _model_number(before.text) and span.label_ != "GPE"


# honorifics before a name: only people have them
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mme", "herr", "frau"}
# nouns after a name that make it a product, a line or a programme
_PRODUCT_LINES = {"brand", "model", "programme", "program", "range", "marque", "nameplate", "line", "series"}


def _with_products(doc: Doc, spans: list[Span], products: list[Span]) -> tuple[list[Span], list[Span]]:
    """The names found plus the products named where no other name is: 'the A380', 'Orvale X5'.

    A firm named just before a model is part of the model's name ("Orvale X5" is one name,
    as annotators write it); its span comes back apart, as the product's maker.
    """
    taken = {i for s in spans for i in range(s.start, s.end)}
    ends = {s.end: s for s in spans if s.label_ == ORG}
    added: list[Span] = []
    makers: list[Span] = []
    for span in sorted(products, key=lambda p: (p.start, -len(p))):
        trimmed = _trim(span)
        if trimmed is None:
            continue
        span = trimmed[0]
        if not span.text.strip() or any(i in taken for i in range(span.start, span.end)):
            continue
        if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in span):
            continue  # "the jumbo": a common noun the model took for a product
        start = span.start
        maker = ends.get(span.start)
        if maker is not None and not any(t.is_digit for t in span) and _firm_in_context(doc[maker.start : span.end]):
            # "Lockwood Marten, Acme's rival": a firm's two-word name, its second word taken for a model
            added.append(Span(doc, maker.start, span.end, label=ORG, span_id="products"))
            taken.update(range(maker.start, span.end))
            continue
        if maker is not None:
            makers.append(Span(doc, maker.start, maker.end, label=ORG))
            start = maker.start
        added.append(Span(doc, start, span.end, label=PRODUCT, span_id="products"))
        taken.update(range(start, span.end))
    absorbed = {(m.start, m.end) for m in makers} | {(a.start, a.end) for a in added if a.label_ == ORG}
    kept = [s for s in spans if not (s.label_ == ORG and any(a.start <= s.start and s.end <= a.end for a in added))]
    kept = [s for s in kept if (s.start, s.end) not in absorbed]
    return kept + added, makers


def _firm_in_context(span: Span) -> bool:
    """'between Acme and Lockwood Marten', 'Lockwood Marten, Acme's rival': a firm, not a model."""
    root = span.root
    if root.dep_ == "compound" and _product_noun(root.head):
        return False  # "the Lockwood Skylark and Vickery VX-10 aircraft"
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        partner = root.head if root.dep_ == "conj" else next(c for c in root.children if c.dep_ == "conj")
        after = span.doc[partner.i + 1] if partner.i + 1 < len(span.doc) else None
        # a firm beside a firm, not a maker beside its model ("Lockwood Skylark and Vickery VX-10")
        if partner.ent_type_ == ORG and not (
            after is not None and (after.ent_type_ == PRODUCT or _model_number(after.text))
        ):
            return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in ORG_ROLES | ORG_ANAPHORS for c in root.children)


def _thing_named(span: Span) -> bool:
    """'The drug is Cardivex', 'Somnolin, a sleeping pill', 'a fragrance called Lumiora': a made thing's name."""
    root = span.root
    inside = range(span.start, span.end)
    if any(c.i >= span.end and c.dep_ in {"nummod", "compound"} for c in root.children):
        return False  # "the final Boeing 717 was the last plane": the maker of the thing
    if any(c.dep_ == "appos" and c.i >= span.end and _product_noun(c) for c in root.children):
        return True
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and _product_noun(head):
        return True
    if (
        root.dep_ in {"compound", "amod", "nmod"}
        and head.i == span.end
        and _product_noun(head)
        and any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in head.children)
    ):
        return True  # "its Blackwell chips": the maker's own product line
    if (
        root.dep_ in {"attr", "nsubj"}
        and head.lemma_ == "be"
        and any(c.dep_ in {"nsubj", "attr"} and c.i not in inside and _product_noun(c) for c in head.children)
    ):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in {"called", "named", "dubbed", "branded"}:
        # "a perfume packaged in a tube called X": the nearest thing the name is given to
        node, steps = before.head, 0
        while steps < 4 and node.i != node.head.i:
            if node.pos_ == "NOUN":
                lemma = node.lemma_.lower()
                if lemma in ORG_ANAPHORS or lemma in PERSON_ROLE_NOUNS or lemma in PLACE_HEADS:
                    return False
                if lemma in PRODUCT_NOUNS:
                    return True
            node, steps = node.head, steps + 1
    return False


def _named_place(span: Span) -> bool:
    """Whether the name completes 'the city of', 'the province of' and the like."""
    root = span.root
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in PLACE_OF_NOUNS
        and prep.head.text.islower()
    )


def _acts_as_firm(span: Span) -> bool:
    """'Kestrel ordered ten jets', 'Kestrel has an order for ten', 'Kestrel's fleet': what firms do."""
    root = span.root
    head = root.head
    if root.dep_ == "poss":
        return head.lemma_.lower() in FIRM_HOLDINGS
    if root.dep_ != "nsubj":
        return False
    lemma = head.lemma_.lower()
    if lemma in FIRM_VERBS:
        return True
    return lemma == "have" and any(c.dep_ == "dobj" and c.lemma_.lower() in FIRM_HOLDINGS for c in head.children)


def _owned_thing(span: Span) -> bool:
    """Whether the name completes a noun only companies and institutions have: 'the takeover of X'.

    Or it is what someone runs, owns or buys: 'Musk, who also runs Tesla and SpaceX'.
    """
    root = span.root
    obj = root
    while obj.dep_ == "conj" and obj.head.i < obj.i:
        obj = obj.head
    if obj.dep_ == "dobj" and obj.head.pos_ == "VERB" and obj.head.lemma_.lower() in RUN_VERBS:
        return True
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"of", "for", "in"}:
        return False
    noun = prep.head
    return noun.pos_ == "NOUN" and (
        (prep.lower_ == "of" and noun.lemma_.lower() in OWNED_BY_ORGS)
        or (prep.lower_ == "for" and noun.lemma_.lower() in {"spokesman", "spokeswoman", "spokesperson"})
        or (prep.lower_ == "in" and noun.lemma_.lower() in {"stake", "share", "shareholder", "investor"})
    )


def _plural_of(span: Span, makers: set[str]) -> bool:
    """'new Airbuses', 'two Boeings': the maker's name counting its products."""
    if len(span) != 1 or span.start == 0 or span.doc[span.start - 1].pos_ not in {"ADJ", "NUM"}:
        return False
    text = span.text
    return (text.endswith("s") and text[:-1] in makers) or (text.endswith("es") and text[:-2] in makers)


def _product_noun(token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in PRODUCT_NOUNS


def _conjoined_with_org(span: Span) -> bool:
    root = span.root
    partners = [root.head] if root.dep_ == "conj" else []
    partners += [c for c in root.children if c.dep_ == "conj"]
    return any(p.ent_type_ == ORG for p in partners)


def _trim(ent: Span) -> tuple[Span, bool] | None:
    """The span without determiners, titles, possessives and punctuation; and whether a title was cut."""
    doc = ent.doc
    start, end = ent.start, ent.end
    titled = False
    # cut at a line break: a name never runs over one
    for token in doc[start:end] if on("trim_line_break") else ():
        if "\n" in token.text:
            if token.i - start >= 1:
                end = token.i
            else:
                start = token.i + 1
            break
    while (
        on("trim_leading")
        and start < end
        and (
            doc[start].lower_ in _LEADING_DROP
            or doc[start].is_punct
            or doc[start].is_space
            or (doc[start].text[:1].islower() and doc[start].lower_ not in _PARTICLES and doc[start].is_alpha)
        )
    ):
        start += 1
    # "Colorado House of Representatives until Union": a name stops at a lower-case word
    for k in range(start + 1, end) if on("trim_lower_word") else ():
        if (
            doc[k].is_alpha
            and doc[k].text[:1].islower()
            and doc[k].lower_ not in _NAME_LINKS
            and not _legal_suffix(doc[k].text.capitalize())
        ):
            end = k
            break
    while (
        on("trim_title")
        and end - start > 1
        and doc[start + 1].text[:1].isupper()
        and (
            (ent.label_ == PERSON and _title_word(doc[start].text))
            or doc[start].lower_.rstrip(".") in PERSON_ONLY_TITLES  # "Spokeswoman Sandy Angers", even if tagged ORG
        )
    ):
        titled = True
        start += 1
    while (
        on("trim_possessive")
        and end > start
        and (
            doc[end - 1].text in _POSSESSIVE
            or (doc[end - 1].is_punct and doc[end - 1].text not in {".", ")"})
            or doc[end - 1].is_space
            or doc[end - 1].lower_ in {"and", "&", "of"}
        )
    ):
        end -= 1
    # "Halvorsen Executive Vice President Maria Lund": the title starts inside the span
    while (
        on("trim_inner_title")
        and end - start > 1
        and doc[end - 1].lower_ in TITLE_OPENERS
        and end < len(doc)
        and (_title_word(doc[end].text) or doc[end].lower_ in TITLE_OPENERS)
    ):
        end -= 1
    if on("trim_bracket") and end > start and doc[end - 1].text == ")" and "(" not in doc[start:end].text:
        end -= 1
    # "World Health Organization (WHO)": the name stops before the bracket
    for k in range(start + 1, end) if on("trim_bracket") else ():
        if doc[k].text == "(":
            end = k
            break
    # "Dominion Textiles Inc of Canada": the name ends at its legal suffix, unless the
    # subsidiary's own suffix follows ("Halvorsen Co of Norway Ltd")
    for k in range(start + 1, end - 1) if on("trim_legal_of") else ():
        if _legal_suffix(doc[k].text) and doc[k + 1].lower_ == "of" and not _legal_suffix(doc[end - 1].text):
            end = k + 1
            break
    # "Motorola Inc MOT", "Philips PGLO.AS": a stock ticker after the company name
    if (
        on("trim_ticker")
        and end - start >= 2
        and _TICKER.fullmatch(doc[end - 1].text)
        and (_legal_suffix(doc[end - 2].text) or "." in doc[end - 1].text)
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start:end], titled


def _is_noise(span: Span) -> bool:
    text = span.text
    if on("noise_links") and (_NOISE.search(text) or "/" in text):
        return True
    if on("noise_credit_rating") and len(span) == 1 and _credit_rating(span[0]):
        return True
    if on("noise_words") and text.lower().rstrip(".") in NON_ENTITY_WORDS:
        return True
    if all(t.like_num or t.is_punct for t in span):
        return True
    if on("noise_table_row") and any(t.like_num and not t.is_alpha and "." in t.text for t in span):
        return True  # "Revs 27.3": a table row, not a name
    if (
        on("noise_qualifier")
        and len(span) == 1
        and span[0].lower_ in GENERIC_ORG_WORDS
        and span[0].dep_ in {"compound", "amod"}
        and span[0].head.i > span[0].i
    ):
        return True  # "Treasury notes", "Finance Minister": a word qualifying another
    if on("noise_portfolio") and len(span) == 1 and span[0].lower_ in GENERIC_ORG_WORDS and _portfolio(span):
        return True  # "Chancellor of the Exchequer", "Secretary of Commerce": part of a title
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    # a name is written with a capital in scripts that have them
    return any(c.isascii() for c in letters) and not any(c.isupper() for c in text)


def lost_possessive(token, known: set[str], gaz) -> str | None:
    """'Syrias forces', 'Indias Tata Motors Ltd', 'KLMs board': a name whose possessive apostrophe was lost."""
    word, doc = token.text, token.doc
    if len(word) < 3 or not word.endswith("s") or word.endswith("ss") or not word[:1].isupper():
        return None
    base = _possessor(token, word[:-1], known, gaz)
    # "Lawrence Chads" is a surname; asked last, as it reads every entity of the document
    if base is not None and any(e.label_ == PERSON and len(e) > 1 and e[-1].text == word for e in doc.ents):
        return None
    return base


def _possessor(token, base: str, known: set[str], gaz) -> str | None:
    if base in known:
        return base  # "KLMs board" where the text also writes "KLM"
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    # a possessive stands for the determiner before a noun: "a similar Chiles plan" is a name
    if after is None or after.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"} or not after.is_alpha:
        return None
    if before is not None and before.pos_ in {"DET", "ADJ"}:
        return None
    found = gaz.lookup(base, include_alternates=False)
    if found and found[0].feature in {"country", "admin1"} and gaz.is_main_name(base, found[0]):
        return base
    return None


def _split_firms(ent: Span) -> list[Span]:
    """'Morrow, Tate and Co and Lindqvist Bell Inc': a legal suffix closes one firm's name."""
    doc, pieces, start = ent.doc, [], ent.start
    for k in range(ent.start + 1, ent.end - 1):
        if doc[k].lower_ in {"and", "&"} and _legal_suffix(doc[k - 1].text) and doc[k + 1].text[:1].isupper():
            pieces.append(Span(doc, start, k, label=ent.label_))
            start = k + 1
    return [*pieces, Span(doc, start, ent.end, label=ent.label_)] if pieces else [ent]


_RATING = re.compile(r"(?:AAA|AA|A|BBB|BB|B|CCC|CC|C|Aaa|Aa|Baa|Ba|Caa|Ca)[1-3+-]?")
_RATING_CUES = {"rated", "rating", "ratings", "rate", "upgraded", "downgraded", "affirmed", "cut", "raised", "lowered"}


def _credit_rating(token) -> bool:
    """'rated AAA/AA', 'cut to Baa2': a credit rating, not a name."""
    if not _RATING.fullmatch(token.text):
        return False
    doc = token.doc
    before = {t.lower_ for t in doc[max(0, token.i - 4) : token.i]}
    after = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    return bool(before & _RATING_CUES) or after == "/"


def _portfolio(span: Span) -> bool:
    doc, k = span.doc, span.start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ == "of" and _title_word(doc[k - 1].text)


def _firm_tail(doc: Doc, start: int, end: int) -> int | None:
    """The end of "Hambrecht and Quist Inc" or "Morgan Stanley and Co Inc": one firm, not two.

    The part after the conjunction must be at most one name word closed by legal
    suffixes; "Lucky Stores Inc and Fruehauf Corp" names two firms and stays two.
    """
    if end >= len(doc) or doc[end].lower_ not in {"and", "&"} or _legal_suffix(doc[end - 1].text):
        return None
    k = end + 1
    names = 0
    while k < len(doc) and doc[k].text[:1].isupper() and not doc[k].is_sent_start:
        if _legal_suffix(doc[k].text) or doc[k].text in {"Sons", "Partners", "Associates", "Company"}:
            while k + 1 < len(doc) and _legal_suffix(doc[k + 1].text):
                k += 1
            return k + 1
        names += 1
        if names > 1:
            return None
        k += 1
    return None


def _legal_suffix(word: str) -> bool:
    return bool(
        re.fullmatch(
            r"(?:Inc|Corp|Co|Cos|Ltd|LTd|LLC|PLC|Plc|AG|GmbH|S\.?A|N\.?V|B\.?V|SpA|AB|ASA|Oyj|K\.?K|Pty)\.?", word
        )
    )


def _looks_like_name(span: Span) -> bool:
    return all(
        t.text[:1].isupper()
        or t.lower_ in {"van", "von", "de", "der", "da", "di", "al", "bin", "el", "la", "le", "du", "-"}
        for t in span
    )


def _appositive_person(span: Span) -> bool:
    """'X, a spokesman for Y' or 'X, 54, a lawyer' says X is a person."""
    head = span.root
    for child in head.children:
        lemma = child.lemma_.lower()
        if child.dep_ == "appos" and child.i >= span.end and lemma in PERSON_ROLE_NOUNS and lemma not in ORG_ROLES:
            return child.tag_ in {"NN", "NNS"} or child.text.islower()
    return False


def _named(found: list[Span], before: list[Span], rule: str) -> list[Span]:
    """The spans a pass returned, those it added or changed carrying its name as their id."""
    known = {(s.start, s.end, s.label_): s for s in before}
    return [
        known.get((s.start, s.end, s.label_)) or Span(s.doc, s.start, s.end, label=s.label_, span_id=rule)
        for s in found
    ]


def _agree(decided: list[tuple[Span, str, int]]) -> list[tuple[Span, str, int]]:
    """One surface form, one type within a document: strong evidence first, then the majority."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for span, label, weight in decided:
        votes[_key(span.text)][_family(label)] += 1 + weight * 10
    result = []
    for span, label, weight in decided:
        winner = votes[_key(span.text)].most_common(1)[0][0]
        if _family(label) != winner:
            label = winner if winner != "PLACE" else GPE
        result.append((span, label, weight))
    return result


def _family(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _complete_lists(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Budanov, Yermak, Usov, Maliuk': the untagged members of a list of people are people too."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added = []
    i = 0
    while i < len(doc):
        items, j = [], i
        while j < len(doc) and doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN":
            k = j
            while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN" and doc[k + 1].text[:1].isupper():
                k += 1
            items.append((j, k + 1))
            if (k + 1 < len(doc) and doc[k + 1].text == ",") or (k + 1 < len(doc) and doc[k + 1].lower_ == "and"):
                j = k + 2
                if j < len(doc) and doc[j].lower_ == "and":
                    j += 1
            else:
                j = k + 1
                break
        if len(items) >= 3:
            labels = {by_token[a].label_ for a, _ in items if a in by_token}
            if labels == {PERSON}:
                for a, b in items:
                    titles = all(
                        _title_word(doc[t].text) or doc[t].lower_ in {"chief", "operating", "executive", "vice"}
                        for t in range(a, b)
                    )
                    if (
                        all(t not in by_token for t in range(a, b))
                        and doc[a].lower_ not in NON_ENTITY_WORDS
                        and not titles
                    ):
                        added.append(Span(doc, a, b, label=PERSON))
        i = max(j, i + 1)
    return filter_spans(spans + added) if added else spans


def _firm_lists(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Stifel, Nicolaus and Co Inc', 'Burns, Pauli and Co Inc': partners' names joined into one firm."""
    added = []
    for i, token in enumerate(doc):
        if token.lower_ not in {"and", "&"} or i + 1 >= len(doc):
            continue
        start = i - 1
        if start < 0 or not doc[start].text[:1].isupper() or _legal_suffix(doc[start].text):
            continue
        if doc[start].text == doc[i + 1].text and doc[start].pos_ == "PROPN":
            added.append(Span(doc, start, i + 2, label=ORG))  # "Harwell and Harwell"
            continue
        while (
            start >= 2
            and doc[start - 1].text == ","
            and doc[start - 2].text[:1].isupper()
            and doc[start - 2].pos_ == "PROPN"
        ):
            # "Alder Grant Inc AGI, Fenwick and Marsh Inc": a suffix or a ticker ends the firm before
            if _legal_suffix(doc[start - 2].text) or (
                start >= 3 and _TICKER.fullmatch(doc[start - 2].text) and _legal_suffix(doc[start - 3].text)
            ):
                break
            start -= 2
        if (
            start < i - 1
            and start >= 2
            and doc[start - 1].lower_ == "of"
            and doc[start - 1].head.lemma_.lower() in ORG_ANAPHORS
            and doc[i + 1].text[:1].isupper()
            and (i + 2 >= len(doc) or not doc[i + 2].text[:1].isupper())
        ):
            added.append(Span(doc, start, i + 2, label=ORG))  # "the firm of Pruitt, Dane, Oakes and Lark"
            continue
        # "Pruitt, Dane and Oakes Canada Ltd": a list of partners' names may take a longer last part
        longest = 3 if start < i - 1 else 2
        k = i + 1
        while k < len(doc) and k - i <= longest and doc[k].text[:1].isupper() and not _legal_suffix(doc[k].text):
            k += 1
        if k >= len(doc) or not _legal_suffix(doc[k].text) or k - i > longest:
            continue
        while k + 1 < len(doc) and _legal_suffix(doc[k + 1].text):
            k += 1
        if start < i - 1:
            added.append(Span(doc, start, k + 1, label=ORG))
    if not added:
        return spans
    keep = [s for s in spans if not any(a.start <= s.start and s.end <= a.end for a in added)]
    return filter_spans(keep + added)


def _merge_adjacent(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Pemberton Houston' + 'Willoughby Bell Gouinlock Inc': two spans that touch and end in a firm are one firm.

    Likewise a place and the public body after it ('U.S.' + 'District Court').
    """
    spans = sorted(spans, key=lambda s: s.start)
    merged: list[Span] = []
    for span in spans:
        if merged:
            last = merged[-1]
            touching = (
                last.end == span.start
                and doc[last.end - 1].whitespace_ != ""
                and "\n" not in doc[last.end - 1].whitespace_
            )
            if touching and span.text == last.text:
                continue  # "Corp IBM IBM": a ticker written like the name it follows
            if (
                touching
                and span.label_ == ORG
                and not _legal_suffix(last[-1].text)  # a legal suffix closes a firm's name
                and (
                    (last.label_ in {ORG, PERSON} and (_legal_suffix(span[-1].text) or last.label_ == ORG))
                    # "U.S." + "District Court": a place naming a public body is part of its name
                    or (
                        last.label_ in PLACE_LABELS
                        and span[-1].lower_ in GENERIC_ORG_WORDS
                        and not _legal_suffix(span[-1].text)
                    )
                )
            ):
                merged[-1] = Span(doc, last.start, span.end, label=ORG)
                continue
        merged.append(span)
    return merged


def _modifier_org(span: Span) -> bool:
    """'Reuter services', 'Treasury notes': a one-word organisation name qualifying a thing is an attribute.

    As with countries ("U.S. dollar") and demonyms ("Ukrainian soldiers"), the thing is
    what the phrase is about; a name qualifying a person ("a Boeing spokesman") or something
    the organisation owns or earns ("Apple shares", "Nvidia revenue") stays a mention.
    """
    root = span.root
    head = root.head
    return (
        root.dep_ == "compound"
        and head.i >= span.end
        and head.pos_ == "NOUN"
        and head.text.islower()
        and head.lemma_.lower() not in PERSON_ROLE_NOUNS
        and head.lemma_.lower() not in OWNED_BY_ORGS | EARNED_BY_ORGS
    )


def _drop_common_nouns(doc: Doc, spans: list[Span]) -> list[Span]:
    """Capitalised only by position or by abbreviation, not names.

    'Sorghum was harvested' when the text also writes 'sorghum'; 'ACE' when the text
    spells it out in lower case, 'angiotensin converting enzyme inhibitor (ACE)'.
    """
    lower_words = {t.text for t in doc if t.is_lower and t.is_alpha}
    common_acronyms = set()
    for i, token in enumerate(doc):
        if token.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and doc[i + 1].is_upper:
            acronym = doc[i + 1].text
            words = doc[max(0, i - len(acronym)) : i]
            if len(words) == len(acronym) and all(w.is_lower for w in words):
                common_acronyms.add(acronym)
    kept = []
    for span in spans:
        if span.text in common_acronyms:
            continue
        if len(span) == 1 and span[0].is_sent_start and span.text.lower() in lower_words and span.label_ != PERSON:
            continue
        kept.append(span)
    return kept


def _signature(doc: Doc, spans: list[Span]) -> list[Span]:
    """A wire story that ends with a lone capitalised word after its last sentence ends with its agency's name."""
    words = [t for t in doc if not t.is_space]
    if len(words) < 3:
        return spans
    last, before = words[-1], words[-2]
    if (
        last.is_alpha
        and last.text[:1].isupper()
        and before.text in {".", '"', "”", "!", "?"}
        and not any(s.start <= last.i < s.end for s in spans)
        and last.lower_ not in NON_ENTITY_WORDS
    ):
        return [*spans, Span(doc, last.i, last.i + 1, label=ORG)]
    return spans


def _acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Cocoa Producers Alliance (CPA)': the acronym in brackets names the same thing, of the same kind."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    added, kinds = [], {}
    for span in spans:
        k = span.end
        if (
            span.label_ in {ORG, *PLACE_LABELS}
            # "Maintenance, Repair and Overhaul (MRO)": a list of common words is a term, not a name
            and not ("," in span.text and not _legal_suffix(span[-1].text))
            and k + 2 < len(doc)
            and doc[k].text == "("
            and doc[k + 2].text == ")"
            and re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", doc[k + 1].text)
        ):
            kinds.setdefault(doc[k + 1].text, span.label_)
            if k + 1 not in taken:
                added.append(Span(doc, k + 1, k + 2, label=span.label_))
    if not kinds:
        return spans
    # the model's own tag of the acronym, there and wherever else the text uses it, yields to the name's
    relabelled = [
        Span(doc, s.start, s.end, label=kinds[s.text], span_id=s.id)
        if len(s) == 1 and s.text in kinds and s.label_ != kinds[s.text] and s.label_ in {ORG, *PLACE_LABELS}
        else s
        for s in spans
    ]
    return filter_spans(relabelled + added)


def _propagate(doc: Doc, spans: list[Span], gaz) -> list[Span]:
    """Tag the further occurrences of names found once, and surnames of people found in full."""
    forms: dict[tuple[str, ...], str] = {}
    for span in spans:
        forms.setdefault(tuple(t.text for t in span), span.label_)
    surnames: dict[str, set[str]] = defaultdict(set)
    for span in spans:
        if span.label_ == PERSON and len(span) >= 2 and span[-1].text[:1].isupper():
            surnames[span[-1].text].add(span.text)
    for surname, fulls in surnames.items():
        if len(fulls) == 1:
            forms.setdefault((surname,), PERSON)
    # "Avnet" after "Avnet Inc": the short name of an organisation, where it is tagged a proper noun
    prefixes: set[tuple[str, ...]] = set()
    for span in spans:
        if span.label_ == ORG and len(span) >= 2 and span[0].pos_ == "PROPN" and span[0].text[:1].isupper():
            first = span[0].text
            if (
                first.lower() not in NON_ENTITY_WORDS
                and not _title_word(first)
                and len(first) > 2
                and not gaz.lookup(first, include_alternates=False)
                and gaz.demonym(first) is None
            ):
                prefixes.add((first,))
    for words in prefixes:
        if words not in forms:
            forms[words] = ORG
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for words, label in forms.items():
        if words[0][:1].isupper() and not (len(words) == 1 and len(words[0]) < 2):
            by_first[words[0]].append((words, label))
    for options in by_first.values():
        options.sort(key=lambda o: -len(o[0]))
    taken = {i for s in spans for i in range(s.start, s.end)}
    added = []
    i = 0
    while i < len(doc):
        options = by_first.get(doc[i].text) if i not in taken else None
        matched = False
        for words, label in options or ():
            end = i + len(words)
            if end <= len(doc) and all(doc[i + k].text == w for k, w in enumerate(words)):
                if words in prefixes and (doc[i].pos_ != "PROPN" or forms[words] != ORG):
                    continue
                if not any(t in taken for t in range(i, end)) and not _inside_name(doc, i, end):
                    added.append(Span(doc, i, end, label=label))
                    taken.update(range(i, end))
                    i = end
                    matched = True
                    break
        if not matched:
            i += 1
    return filter_spans(spans + added) if added else spans


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the words continue a longer capitalised name (then they are not this one)."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if _capitalised_word(before) and not before.is_sent_start and not _title_word(before.text):
        return True
    return _capitalised_word(after)


def _capitalised_word(token) -> bool:
    return token is not None and token.pos_ == "PROPN" and token.text[:1].isupper()
