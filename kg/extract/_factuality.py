"""Factuality of an event mention: asserted as having happened, negated, possible or future.

NewsReader and TimeML distinguish an event's polarity, certainty and time: "the union
refused to meet" does not report a meeting, "the airline may buy jets" no purchase,
"will deliver in May" no delivery yet. The cues are data below, one named rule each (in
the rule registry, so each can be switched off and measured). A mention's own cues are
read first (a negation, a modal or future auxiliary, a hedging modifier); then the words
that govern it, up a short chain of heads: "refused to meet", "plans to buy", "agreed the
purchase of", "the now-cancelled deal to lease". Whoever reported an event (``reportedBy``)
is a separate matter: a reported event can be asserted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

from ..records import Span, TimeValue
from ..rules import on, register
from ._lexicon import SPEECH_VERBS
from ._spans import children_of, sentence_of

ASSERTED, NEGATED, POSSIBLE, FUTURE, GENERIC = "Asserted", "Negated", "Possible", "Future", "Generic"
VALUES = (ASSERTED, NEGATED, POSSIBLE, FUTURE, GENERIC)

# auxiliaries and modals on the trigger or a verb above it
AUXILIARIES = {
    "will": FUTURE, "shall": FUTURE, "'ll": FUTURE, "wo": FUTURE, "would": FUTURE, "'d": FUTURE,
    "may": POSSIBLE, "might": POSSIBLE, "could": POSSIBLE, "should": POSSIBLE, "must": POSSIBLE,
    "can": GENERIC, "ca": GENERIC,  # "it can fly 9,000 miles": what something is able to do, no event
}  # fmt: skip
# adjectives of ability: "capable of flying", "able to land" say what can be, "unable to land" what was not
ABILITY = {"capable": GENERIC, "able": GENERIC, "unable": NEGATED, "incapable": NEGATED}
# verbs whose complement ("refused to meet", "plans to buy") or object ("cancelled the
# order", "agreed a purchase") has not happened, by what they make of it
GOVERNING_VERBS = {
    NEGATED: {
        "refuse", "decline", "fail", "reject", "deny", "cancel", "scrap", "abandon", "halt", "block", "veto",
        "oppose", "prevent", "stop", "avoid", "drop", "forgo", "rule", "call", "kill", "torpedo", "shelve",
        "axe", "terminate", "withdraw", "revoke", "overturn",
    },
    FUTURE: {
        "plan", "intend", "expect", "aim", "hope", "want", "wish", "seek", "propose", "prepare", "schedule",
        "promise", "pledge", "vow", "threaten", "agree", "decide", "set", "plot", "mean", "await", "anticipate",
        "look", "try", "attempt", "offer", "order", "ask", "urge", "need", "require", "push", "press",
        "announce", "negotiate", "finalise", "finalize", "due", "be", "delay", "postpone", "defer", "reschedule",
    },
    POSSIBLE: {
        "consider", "mull", "weigh", "explore", "study", "evaluate", "discuss", "debate", "examine", "review",
        "contemplate", "may", "might", "could", "believe", "think", "suspect", "doubt", "fear", "rumour", "rumor",
        "speculate", "assess", "eye", "hint",
    },
}  # fmt: skip
# "announce", "order", "approve" only make a future of an event noun they take as object:
# "announced job cuts"; "announced that it had cut jobs" is a report of a cut made
OBJECT_ONLY = {"announce", "order", "negotiate", "finalise", "finalize", "call", "delay", "postpone", "defer",
               "reschedule"}  # fmt: skip
# verbs that say how something is seen, not whether it is: "the deal should be seen as a step"
_CHARACTERISING = {"see", "consider", "regard", "view", "describe", "deem", "judge", "treat", "call", "label"}
# verbs of telling what already is: "did not disclose the price of the deal"
_DISCLOSING = {"reveal", "disclose", "detail", "specify", "confirm", "publish", "release", "comment", "discuss"}
# the prepositions through which a verb hedges an event noun: "hoped for a deal", "agreed on a sale"
HEDGING_PREPOSITIONS = {"for", "on", "over", "about", "to", "at"}
# nouns that report a decision taken: "the decision to ban" is a ban
_FACTIVE_NOUNS = {"decision", "move", "step", "vote", "resolution", "order"}
# nouns whose complement has not happened: "plans to buy", "a bid for", "the delay in delivery"
GOVERNING_NOUNS = {
    NEGATED: {"delay", "postponement", "cancellation", "refusal", "failure", "rejection", "suspension", "halt"},
    FUTURE: {"plan", "intention", "proposal", "offer", "hope", "promise", "pledge", "threat", "attempt", "bid",
             "option", "aim", "goal", "target", "ambition", "deadline", "schedule", "order", "agreement", "deal",
             "contract", "request", "demand", "call", "effort", "push", "desire", "priority", "objective"},
    POSSIBLE: {"talk", "talks", "negotiation", "possibility", "prospect", "speculation", "rumour", "rumor",
               "consideration", "chance", "likelihood", "risk", "question"},
}  # fmt: skip
# words before an event noun that hedge it: "the cancelled order", "a planned merger"
MODIFIERS = {
    NEGATED: {"cancelled", "canceled", "scrapped", "failed", "abandoned", "aborted", "rejected", "halted",
              "blocked", "stalled", "collapsed", "suspended", "postponed", "delayed", "thwarted", "vetoed"},
    FUTURE: {"planned", "proposed", "future", "upcoming", "forthcoming", "prospective", "intended", "expected",
             "scheduled", "impending", "pending", "next", "imminent", "anticipated", "coming"},
    POSSIBLE: {"possible", "potential", "likely", "unlikely", "rumoured", "rumored", "hypothetical", "mooted",
               "alleged", "suspected", "probable", "reported"},
}  # fmt: skip
CONDITIONS = {"if", "unless", "whether", "once", "until", "before"}
NEGATIONS = {"not", "n't", "never", "no"}
_GIVING = {"give", "provide", "offer", "pledge", "send", "pay", "grant", "lend", "donate", "receive", "get"}
_SAID = {"accusation", "claim", "statement", "allegation", "report", "charge", "remark", "comment", "criticism",
         "warning", "announcement", "suggestion", "proposal"}  # fmt: skip
NEGATIVE_SUBJECTS = {"neither", "none", "nobody", "nothing", "noone"}
# verbs that pass on what their complement says without hedging it: "began to deliver"
_FACTIVE = {"begin", "start", "continue", "manage", "help", "go", "come", "keep", "get", "remain", "use", "have"}
_STEPS = 4

register("factuality_negation", "factuality", "'did not buy', 'never met', 'no deal': a negated event", "default")
register(
    "factuality_modal", "factuality", "'will deliver', 'may buy': a future or possible event; 'can fly': an ability"
)
# measured on MEANTIME (bench/events_eval.py), switched off one by one: the headline infinitive
# costs a factual event there and the condition rule changes nothing: both opt-in ("extra")
register("factuality_headline_infinitive", "factuality", "a headline 'Acme to buy Foo': a planned event", "extra")
register(
    "factuality_governor", "factuality", "'refused to meet', 'plans to buy', 'announced job cuts': the governing word"
)
register("factuality_modifier", "factuality", "'the planned merger', 'a cancelled order', 'a possible sale'")
register("factuality_condition", "factuality", "'if the board approves the sale': a possible event", "extra")
register("factuality_purpose", "factuality", "'a contract to supply tankers', 'the first jet to be built': to come")
register("factuality_generic", "factuality", "'airliners are bought by the state': a habit, no particular event")
register("factuality_after_publication", "factuality", "an event dated after the article's date is future")


@dataclass(frozen=True)
class Factuality:
    """How the text presents an event mention, the rule that decided and the word that cued it."""

    value: str = ASSERTED
    rule: str | None = None
    cue: Span | None = None


_END = Factuality(rule="end")  # the chain of governors ends: nothing above hedges the mention


def factuality_of(token: Token, offset: int, time: TimeValue | None, published: dt.date | None) -> Factuality:
    """Whether the text asserts the event of a trigger, or negates, hedges or places it in the future."""
    found = _own(token, offset, trigger=True)
    node = token
    for _ in range(_STEPS):
        if found is not None:
            break
        governor, relation = _governor(node)
        if governor is None:
            break
        found = _governed(node, governor, relation, offset)
        node = governor
    if found is not None and found is not _END:
        return found
    begins = time.value.split("/")[0] if time is not None else ""
    day = published.isoformat()[: len(begins)] if published else ""
    # "is flying to Oslo on Monday": the present progressive with a date from today on is a plan
    progressive = token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in children_of(token))
    if on("factuality_after_publication") and time and published and (begins > day or (progressive and begins == day)):
        return Factuality(FUTURE, "factuality_after_publication", Span(time.start, time.end, time.text))
    return Factuality()


def _cue(token: Token, offset: int, value: str, rule: str) -> Factuality:
    return Factuality(value, rule, Span(offset + token.idx, offset + token.idx + len(token), token.text))


def _own(token: Token, offset: int, *, trigger: bool = False) -> Factuality | None:
    """Cues on the word itself: its negation, auxiliaries, modifiers and condition."""
    children = children_of(token)
    if on("factuality_negation"):
        for c in children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and token.pos_ == "NOUN"):
                return _cue(c, offset, NEGATED, "factuality_negation")
            # "neither company would say", "nobody signed", "no bank has bid"
            if c.dep_ in {"nsubj", "nsubjpass"} and (
                c.lower_ in NEGATIVE_SUBJECTS
                or any(d.dep_ in {"det", "preconj"} and d.lower_ in {"no", "neither"} for d in children_of(c))
            ):
                return _cue(c, offset, NEGATED, "factuality_negation")
    if on("factuality_modal") and token.pos_ in {"VERB", "AUX"}:
        for c in children:
            if c.dep_ in {"aux", "auxpass"} and c.lower_ in AUXILIARIES:
                value = AUXILIARIES[c.lower_]
                if (
                    value == FUTURE
                    and c.lower_ in {"would", "'d"}
                    and any(a.dep_ == "aux" and a.lower_ == "have" for a in children)
                ):
                    value = POSSIBLE  # "would have been delivered": what did not come to pass
                return _cue(c, offset, value, "factuality_modal")
            # "is going to buy", "is about to sign"
        if token.dep_ == "xcomp" and token.head.lower_ in {"going", "about"}:
            return _cue(token.head, offset, FUTURE, "factuality_modal")
    to = next((c for c in children if c.dep_ in {"aux", "auxpass"} and c.lower_ == "to"), None)
    if on("factuality_headline_infinitive") and trigger and token.dep_ == "ROOT" and to is not None:
        return _cue(to, offset, FUTURE, "factuality_headline_infinitive")
    if on("factuality_modifier") and token.pos_ in {"NOUN", "PROPN"}:
        for c in children:
            if c.dep_ in {"amod", "compound", "advmod"} and c.i < token.i:
                word = c.lower_.split("-")[-1]
                for value, words in MODIFIERS.items():
                    if word in words:
                        return _cue(c, offset, value, "factuality_modifier")
    # a headline's present tells the news ("Airlines buy jets"), not a habit
    in_headline = sentence_of(token).start_char == 0
    if on("factuality_generic") and not in_headline and token.pos_ == "VERB" and _generic_present(token):
        subject = next(c for c in children if c.dep_ in {"nsubj", "nsubjpass"})
        return _cue(subject, offset, GENERIC, "factuality_generic")
    if on("factuality_condition") and token.pos_ in {"VERB", "AUX"}:
        for c in children:
            if c.dep_ == "mark" and c.lower_ in CONDITIONS:
                return _cue(c, offset, POSSIBLE, "factuality_condition")
    return None


def _generic_present(verb: Token) -> bool:
    """A simple present with a bare plural subject tells a habit: 'airlines buy', 'jets are sold'."""
    children = children_of(verb)
    auxiliaries = [c for c in children if c.dep_ in {"aux", "auxpass"}]
    present = (not auxiliaries and verb.tag_ in {"VBZ", "VBP"}) or (
        verb.tag_ == "VBN" and [a.lower_ for a in auxiliaries] in (["are"], ["is"])
    )
    subject = next((c for c in children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if not present or subject is None or subject.tag_ != "NNS":
        return False
    return not any(c.dep_ in {"det", "poss", "nummod", "compound"} for c in children_of(subject))


def _hedging_verb(verb: Token) -> bool:
    return any(verb.lemma_.lower() in words for words in GOVERNING_VERBS.values())


def _governor(token: Token) -> tuple[Token | None, str]:
    """The word a mention depends on for its factuality, and how: complement, object, phrase."""
    head = token.head
    if head.i == token.i:
        return None, ""
    dep = token.dep_
    if dep in {"xcomp", "ccomp", "acl", "advcl", "relcl", "conj", "dobj", "nsubjpass", "nsubj", "attr", "oprd"}:
        return head, dep
    if dep in {"pobj", "pcomp"} and head.dep_ == "prep" and head.head.i != head.i:
        return head.head, "pobj:" + head.lower_
    if dep == "compound":  # "the bailout plan", "job cuts talks"
        return head, dep
    return None, ""


def _governed(node: Token, governor: Token, relation: str, offset: int) -> Factuality | None:
    """What the governing word makes of the mention below it, then the governor's own cues."""
    lemma = governor.lemma_.lower()
    children = children_of(node)
    infinitive = any(c.dep_ in {"aux", "auxpass"} and c.lower_ == "to" for c in children)
    if relation in {"conj", "ccomp"} and governor.pos_ in {"VERB", "AUX"} and not _hedging_verb(governor):
        finite = any(c.dep_ in {"aux", "auxpass"} for c in children) or node.tag_ in {"VBD", "VBZ", "VBP"}
        if finite and any(c.dep_ in {"nsubj", "nsubjpass"} for c in children):
            return _END  # a clause of its own: "it flies today; the other will fly in May"
        return _own(governor, offset)  # "will design and build": the first verb's auxiliary
    if on("factuality_modal") and lemma in ABILITY and relation in {"xcomp", "pobj:of"}:
        return _cue(governor, offset, ABILITY[lemma], "factuality_modal")  # "capable of flying 9,000 miles"
    if relation in {"ccomp"} and lemma in SPEECH_VERBS and lemma not in GOVERNING_VERBS[POSSIBLE]:
        return _END  # what someone said: their report, not a hedge
    if (relation == "relcl" and not infinitive) or (relation == "nsubj" and governor.pos_ in {"VERB", "AUX"}):
        return _END  # "the deal, which was signed": its own clause decides
    if relation == "advcl":
        return _END  # "when the plane made its flight", "..., enabling us to": a clause of its own
    if relation in {"pobj:in", "pobj:as"} and lemma in _GIVING:
        return _own(governor, offset)  # "will give 150 million in aid": the aid is what is given
    if relation.startswith("pobj:") and governor.pos_ in {"VERB", "AUX", "ADJ"} and not _hedging_verb(governor):
        return _END  # "compensated for the delay": the delay is not what is to come
    if relation.startswith("pobj:") and relation[5:] not in HEDGING_PREPOSITIONS and governor.pos_ != "NOUN":
        return _END  # "killed because of reports": a cause, not a complement
    if on("factuality_governor"):
        if governor.pos_ in {"VERB", "AUX", "ADJ"}:
            for value, words in GOVERNING_VERBS.items():
                if lemma not in words or lemma in _FACTIVE:
                    continue
                if lemma in OBJECT_ONLY and (relation not in {"dobj", "nsubjpass"} or node.pos_ != "NOUN"):
                    continue
                if value == NEGATED and node.lemma_.lower() in _SAID:
                    continue  # "rejected the accusation": it was made; denying it is another matter
                if lemma == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in children_of(governor)):
                    continue
                if lemma == "call" and not any(c.dep_ == "prt" and c.lower_ == "off" for c in children_of(governor)):
                    continue
                if lemma == "look" and relation == "pobj:at":
                    continue  # "looked at the deal" is no plan
                if lemma == "be" and not (relation == "xcomp" and infinitive):
                    continue  # "were to take delivery": planned; "is that..." is not
                if lemma in {"expect", "set"} and relation not in {"xcomp", "ccomp"}:
                    continue
                if relation in {"dobj", "nsubjpass", "xcomp", "ccomp", "oprd", "attr"} or relation.startswith("pobj:"):
                    return _cue(governor, offset, value, "factuality_governor")
        # "made the purchase a priority": a noun predicated of the event in a small clause
        small_clause = relation == "nsubj" and governor.dep_ in {"ccomp", "oprd", "xcomp"}
        if governor.pos_ in {"NOUN", "PROPN"} and (
            infinitive or relation.startswith("pobj:") or relation in {"compound", "acl"} or small_clause
        ):
            for value, words in GOVERNING_NOUNS.items():
                if lemma in words and (
                    value != FUTURE or infinitive or small_clause or relation in {"pobj:for", "pobj:of", "acl"}
                ):
                    return _cue(governor, offset, value, "factuality_governor")
    if on("factuality_purpose") and infinitive and relation in {"acl", "relcl"} and lemma not in _FACTIVE_NOUNS:
        return _cue(next(c for c in children if c.lower_ == "to"), offset, FUTURE, "factuality_purpose")
    if relation in {"pobj:in", "pobj:as"} and governor.dep_ == "dobj" and governor.head.lemma_.lower() in _GIVING:
        return _own(governor.head, offset)  # "will give 150 million euros in aid"
    if relation.startswith("pobj:") and governor.pos_ in {"NOUN", "PROPN"}:
        # "the departure on a tour": the noun's own cues hedge the tour, what governs the noun does not
        return _own(governor, offset) or _END
    if relation in {"dobj", "nsubjpass"} and node.pos_ == "NOUN" and lemma in _DISCLOSING:
        return _END  # "would not reveal the agreement reached": it was reached; only the telling is denied
    if relation == "nsubjpass" and lemma in _CHARACTERISING:
        return _END  # "whether the deal should be seen as a step": how it is seen is hedged, not the deal
    if relation in {"dobj", "nsubjpass", "xcomp", "attr", "oprd", "ccomp", "acl", "compound"} or (
        relation.startswith("pobj:")
    ):
        return _own(governor, offset)
    return _END
