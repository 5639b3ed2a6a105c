"""The attribute ruler's indexed matcher: the same matches and annotations as spaCy's own."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.extract import load_pipeline
from kg.extract._model import IndexedMatch, run_faster

# contractions, colloquial forms and auxiliaries: what the model's multi-token and set patterns are for
# no line break: kg_paragraphs starts a sentence there, which changes the parse itself
TEXT = (
    "Y'all ain't gonna believe it, c'mon! Let's go, said Orla Vinter, who'd been waiting at Halvik Port. "
    "I ain't got nothin' to say to you. There's a man who does things; it's not what I'd do. "
    "They gotta leave now, haven't they? Unless it rains, which it isn't, give it to me, not him."
)


def _annotations(doc: Doc) -> tuple:
    return doc.to_array([POS, TAG, LEMMA, DEP, HEAD]).tolist(), [str(t.morph) for t in doc]


def test_the_pipeline_annotates_as_the_model_does(nlp):
    plain = load_pipeline(components=False, faster=False)  # the model as it comes
    assert _annotations(nlp(TEXT)) == _annotations(plain(TEXT))


def test_the_indexed_matches_are_the_rulers_own(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedMatch)
    for text in (TEXT, "", "   ", "Gon na. Got ta."):
        doc = nlp(text)
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc)


def test_every_kind_of_pattern_matches_and_later_rules_win():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "brisk"}]], {"TAG": "JJ", "LEMMA": "first"})
    ruler.add([[{"LOWER": {"IN": ["brisk", "calm"]}}]], {"LEMMA": "second"})  # later: wins for "brisk"
    ruler.add([[{"ORTH": {"NOT_IN": ["Calm"]}, "LOWER": "calm"}]], {"TAG": "NN"})
    ruler.add([[{"LOWER": {"REGEX": "^wind.*y$"}}]], {"TAG": "RB"})
    ruler.add([[{"LOWER": "north"}, {"LOWER": {"IN": ["wind", "gale"]}}]], {"LEMMA": "northerly"}, index=1)
    ruler.add([[{"IS_PUNCT": True}]], {"TAG": "PUNCT"})
    ruler.add([[{"LOWER": "gale", "OP": "+"}]], {"LEMMA": "storm"})  # an operator: left to a Matcher
    docs = [nlp.make_doc(t) for t in ("Brisk calm Calm windy north wind, north gale gale.", "", "north")]
    expected = [AttributeRuler.match(ruler, doc) for doc in docs]
    run_faster(nlp)
    assert isinstance(ruler.match, IndexedMatch)
    assert [ruler.match(doc) for doc in docs] == expected
    [doc] = [nlp("Brisk calm Calm windy north wind, north gale gale.")]
    assert [t.lemma_ for t in doc][:2] == ["second", "second"]
    assert [t.tag_ for t in doc][:4] == ["JJ", "NN", "", "RB"]
    assert doc[5].lemma_ == "northerly" and doc[6].tag_ == "PUNCT" and doc[8].lemma_ == "storm"
    # a rule added later is matched too
    ruler.add([[{"LOWER": "windy"}]], {"LEMMA": "wind"})
    assert nlp("windy")[0].lemma_ == "wind"


def test_the_lemmatizer_gives_the_models_lemmas_and_still_pickles(nlp):
    import pickle

    plain = load_pipeline(components=False, faster=False)
    text = "Mice were singing; the geese had flown. She's been running, and he does have a point."
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert type(lemmatizer) is not type(plain.get_pipe("lemmatizer"))  # kg's faster way is in place
    for _ in range(2):  # the second time from what the first one learnt
        assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in plain(text)]
    assert "mouse" in [t.lemma_ for t in nlp(text)]
    # a pipeline can be pickled (for a process of its own): as the model's own lemmatizer
    again = pickle.loads(pickle.dumps(nlp))
    assert type(again.get_pipe("lemmatizer")) is type(plain.get_pipe("lemmatizer"))
    assert [t.lemma_ for t in again(text)] == [t.lemma_ for t in plain(text)]
