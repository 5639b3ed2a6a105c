"""Events: factuality rules one by one, dates from the tense, publication dates of every input shape.

The texts are invented; each factuality rule is switched on and off on a text written for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from rdflib import RDF, Graph, Literal, Namespace

from kg.extract import extract_variants
from kg.read import parse_wire, read_articles
from kg.records import Article
from kg.rules import RULES, RuleSet

KGO = Namespace("https://kg.example.org/ontology#")


@dataclass(frozen=True)
class Case:
    text: str
    trigger: str
    on: str
    off: str = "Asserted"


FACTUALITY_CASES = {
    "factuality_negation": Case("# Mill news\n\nKestrova did not buy the Halden mill.", "buy", "Negated"),
    "factuality_modal": Case("# Mill news\n\nKestrova will buy the Halden mill.", "buy", "Future"),
    "factuality_headline_infinitive": Case("# Kestrova to buy Halden mill\n\nThe board met.", "buy", "Future"),
    "factuality_governor": Case("# Mill news\n\nKestrova refused to buy the Halden mill.", "buy", "Negated"),
    "factuality_modifier": Case(
        "# Mill news\n\nThe planned merger of Kestrova and Halden drew fire.", "merger", "Future"
    ),
    "factuality_condition": Case(
        "# Mill news\n\nKestrova pays nothing if the court upholds the Halden ruling.", "upholds", "Possible"
    ),
    "factuality_purpose": Case(
        "# Mill news\n\nKestrova is the first maker to supply Halden with engines.", "supply", "Future"
    ),
    "factuality_generic": Case("# Mill news\n\nIn Lorvia, airliners are bought by the state.", "bought", "Generic"),
    "factuality_after_publication": Case(
        "# Mill news\n\nMay 1, 2030\n\nKestrova delivers the first engines to Halden on June 3, 2031.",
        "delivers",
        "Future",
    ),
}


def _factuality(extraction, trigger: str) -> str | None:
    for event in extraction.events:
        if any(t.text == trigger for t in event.triggers):
            return event.factuality
    return None


@pytest.mark.parametrize("rule", sorted(FACTUALITY_CASES))
def test_factuality_rule(rule, nlp):
    case = FACTUALITY_CASES[rule]
    article = parse_wire(case.text, key="f", source="f.md")
    profiles = {"default", RULES[rule].profile}
    runs = extract_variants([article], nlp, {"on": RuleSet.of((), profiles), "off": RuleSet.of({rule}, profiles)})
    [on], [off] = runs["on"], runs["off"]
    assert _factuality(on, case.trigger) == case.on, on.events
    assert _factuality(off, case.trigger) == case.off, off.events


def test_every_factuality_rule_has_a_case():
    rules = {name for name, rule in RULES.items() if rule.stage == "factuality"}
    assert rules == set(FACTUALITY_CASES)


def test_what_someone_said_is_not_a_hedge(nlp):
    article = parse_wire("# Mill news\n\nKestrova said it bought the Halden mill.", key="s", source="s.md")
    [x] = extract_variants([article], nlp, {"on": RuleSet()})["on"]
    assert _factuality(x, "bought") == "Asserted"


def _events(nlp, text: str):
    article = parse_wire(text, key="t", source="t.md")
    [x] = extract_variants([article], nlp, {"on": RuleSet()})["on"]
    return x.events


def test_tense_dates_an_undated_event(nlp):
    events = _events(nlp, "# Mill news\n\nMay 4, 2030\n\nKestrova has bought the Halden mill. Orvale sold a depot.")
    by_trigger = {e.triggers[0].text: e for e in events}
    perfect, past = by_trigger["bought"], by_trigger["sold"]
    assert perfect.time is None and perfect.as_of == "2030-05-04" and perfect.not_after is None
    assert past.as_of is None and past.not_after == "2030-05-04"  # on or before, no more


def test_a_hedged_event_gets_no_date_from_the_tense(nlp):
    [event] = _events(nlp, "# Mill news\n\nMay 4, 2030\n\nKestrova has refused to buy the Halden mill.")
    assert event.factuality == "Negated" and event.as_of is None and event.not_after is None


def test_an_event_does_not_take_the_date_of_another(nlp):
    events = _events(
        nlp,
        "# Mill news\n\nMay 4, 2030\n\nKestrova has bought the Halden mill. Kestrova bought a depot in Lund in 2011.",
    )
    dates = sorted((e.triggers[0].text, e.time.value if e.time else e.as_of) for e in events if e.kind == "Transaction")
    assert ("bought", "2030-05-04") in dates and ("bought", "2011") in dates


def _built(cli, tmp_path, text: str) -> Graph:
    """The graph ``kg build`` publishes for one Markdown article."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(text)
    result = cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-site")
    assert result.exit_code == 0, result.output
    return Graph().parse(tmp_path / "out" / "articles" / "a.ttl")


def test_factuality_is_published_with_its_cue(tmp_path, cli):
    g = _built(cli, tmp_path, "# Mill news\n\nMay 4, 2030\n\nKestrova will buy the Halden mill.\n")
    [event] = list(g.subjects(KGO.factuality, KGO.Future))
    [cue] = list(g.objects(event, KGO.factualityCue))
    assert (
        str(g.value(cue, Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#").anchorOf))
        == "will"
    )


# --- publication dates of every input shape -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plain.txt", "Kestrova buys Halden mill\nJanuary 23, 2006\n\nKestrova said on Friday it bought the mill.\n"),
        ("spaced.txt", "Kestrova buys Halden mill\n\nMonday, Jan. 23, 2006\n\nKestrova said on Friday it bought it.\n"),
        ("iso.txt", "Kestrova buys Halden mill\n\n2006-01-23T10:00:00Z\n\nKestrova said on Friday it bought it.\n"),
        ("story.md", "# Kestrova buys Halden mill\n\n23 January 2006\n\nKestrova said on Friday it bought it.\n"),
        (
            "feed.jsonl",
            json.dumps(
                {"id": "k1", "title": "Kestrova buys mill", "date": "2006-01-23", "text": "It bought it Friday."}
            )
            + "\n",
        ),
    ],
)
def test_every_input_shape_yields_its_publication_date(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    [article] = list(read_articles([tmp_path]))
    assert isinstance(article, Article)
    assert article.published is not None and article.published.isoformat() == "2006-01-23"


def test_plain_text_title_is_the_first_line(tmp_path):
    (tmp_path / "a.txt").write_text("Kestrova buys Halden mill\nJanuary 23, 2006\n\nThe deal closed.\n")
    [article] = list(read_articles([tmp_path]))
    assert article.title == "Kestrova buys Halden mill"
    assert "January 23" not in article.text


def test_an_article_without_a_date_says_so(tmp_path, cli):
    g = _built(cli, tmp_path, "# Mill news\n\nKestrova bought the Halden mill on Friday.\n")
    assert (None, KGO.publicationDateFound, Literal(False)) in g
    assert not list(g.objects(None, Namespace("https://schema.org/").startDate))  # "Friday" stays unresolved


# --- one event across articles --------------------------------------------------------------

FILINGS = {
    "a.md": "# Halvard Motors files for bankruptcy\n\nJune 2, 2009\n\nHalvard Motors filed for bankruptcy on Monday "
    "in a Manhattan court.\n",
    "b.md": "# Halvard Motors in court\n\nJune 3, 2009\n\nHalvard Motors has filed for bankruptcy, its lawyers said.\n",
    "c.md": "# Halvard Motors again\n\nMarch 10, 2019\n\nHalvard Motors filed for bankruptcy on Friday.\n",
}


def test_two_reports_of_one_filing_are_one_event_and_another_filing_is_not(tmp_path, nlp):
    from kg.build import build

    (tmp_path / "in").mkdir()
    for name, text in FILINGS.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    assert build([tmp_path / "in"], tmp_path / "out", nlp=nlp).ok
    g = Graph().parse(tmp_path / "out" / "kg.ttl")
    nif = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    filings = sorted(
        (str(g.value(e, Namespace("https://schema.org/").startDate)), e) for e in g.subjects(RDF.type, KGO.LegalAction)
    )
    assert [date for date, _ in filings] == ["2009-06-01", "2019-03-08"]
    first, second = (e for _, e in filings)
    articles = {
        str(g.value(g.value(t, nif.referenceContext), nif.isString))[:30] for t in g.objects(first, KGO.trigger)
    }
    assert len(articles) == 2  # each article's own mention kept on the one event
    assert len({str(t) for t in g.objects(second, KGO.trigger)}) >= 1
    [why] = list(g.objects(first, KGO.identityEvidence))
    assert "Halvard Motors" in str(why) and "first reported in article a" in str(why)
    assert not list(g.objects(second, KGO.identityEvidence))
    from kg.validate import validate_files

    assert validate_files([tmp_path / "out" / "kg.ttl"]).conforms  # one label, one date for the one node


# --- participants ---------------------------------------------------------------------------


def _participants(nlp, text: str, trigger: str) -> set[tuple[str, str]]:
    from kg.extract import extract

    article = parse_wire(text, key="p", source="p.md")
    [x] = list(extract([article], nlp))
    names = {e.key: e.label for e in x.entities}
    [event] = [e for e in x.events if any(t.text == trigger for t in e.triggers)]
    return {(p.role, names.get(p.entity, p.entity)) for p in event.participants}


# the first sentence names the company, so that the small model of the tests knows it everywhere
NAMED = "# News\n\nShares of Orvale Corp and Qantara Airways rose. "


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a pronoun subject of a reported clause is the reporter
        ("Orvale Corp said on Monday that it had bought the Tamsin plant.", "bought", ("agent", "Orvale Corp")),
        # a relative pronoun is the noun its clause describes
        ("Qantara Airways, which bought ten jets, also leased two.", "bought", ("agent", "Qantara Airways")),
        # what is delivered goes to someone
        ("Orvale Corp delivered the first jet to Qantara Airways on Monday.", "delivered",
         ("recipient", "Qantara Airways")),
        # the winner of a contract supplies
        ("Orvale Corp won a contract to supply the Lorvian Air Force with tankers.", "supply",
         ("agent", "Orvale Corp")),
        # a contract with someone to supply: they get what is supplied
        ("Orvale Corp signed a contract with Qantara Airways to supply ten jets.", "supply",
         ("recipient", "Qantara Airways")),
        # officials from a body act for it
        ("Officials from Orvale Corp have agreed to buy the Tamsin plant.", "agreed", ("agent", "Orvale Corp")),
        # orders received are sales
        ("Orvale Corp has received orders for 40 jets from Qantara Airways.", "received", ("agent", "Orvale Corp")),
        # whose protest a body upholds
        ("The court upheld Orvale Corp's protest.", "upheld", ("patient", "Orvale Corp")),
        # a region written after the place: the event is there too
        ("The Orvale Corp jet landed in Wayne, Michigan on Monday.", "landed", ("region", "Michigan")),
        # where a flight starts and ends
        ("The Orvale Corp jet flew from Paris to Madrid on Monday.", "flew", ("origin", "Paris")),
        ("The Orvale Corp jet flew from Paris to Madrid on Monday.", "flew", ("destination", "Madrid")),
        # a destination the parser hung on what follows it
        ("Although it can fly from Paris to Madrid non-stop, the jet will have to break its return journey.", "fly",
         ("destination", "Madrid")),
        # whoever something is leased or bought from
        ("Qantara Airways leased ten jets from Orvale Corp.", "leased", ("supplier", "Orvale Corp")),
        # the firm a place-based phrase describes, not the place
        ("Denver-based Orvale Corp bought the Tamsin plant.", "bought", ("agent", "Orvale Corp")),
        # "by saying": who said it is who did the verb above
        ("Maria Ostberg justified the choice by saying that the jets were cheaper.", "saying",
         ("agent", "Maria Ostberg")),
        # "he" in the next sentence is the person just named
        ("Maria Ostberg joined Orvale Corp in May. He said that sales fell.", "said",
         ("agent", "Maria Ostberg")),
        # whose plan it is does what the plan says
        ("Orvale Corp's plan to build the jets in Denver was approved.", "build", ("agent", "Orvale Corp")),
        # an event noun after a verb of winning or sealing is the subject's
        ("Orvale Corp secured $5 billion of orders.", "orders", ("agent", "Orvale Corp")),
        # ... and so is one that "make" turns into something ("made the purchase a priority")
        ("Qantara Airways operates twenty jets, and had made the purchase of new airliners a top priority.",
         "purchase", ("agent", "Qantara Airways")),
        # the body a protest or complaint is put before
        ("Orvale Corp challenged the award in a formal protest before the Tamsin Accountability Office.", "protest",
         ("recipient", "Tamsin Accountability Office")),
    ],
)  # fmt: skip
def test_participants_found_through_the_clause(nlp, text, trigger, expected):
    assert expected in _participants(nlp, NAMED + text, trigger)


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "not_expected"),
    [
        ("The Orvale Corp jetliner crashed into the sea.", "crashed", None, "Orvale Corp"),
        ("France's Orvale Corp has announced record profits.", "announced", "Orvale Corp", "France"),
        # a maker naming a model is not the buyer's counterpart
        ("Qantara Airways bought twenty Orvale Corp 450 jets.", "bought", "Qantara Airways", "Orvale Corp"),
        # the firm qualifies the title; the person speaks
        ("Orvale Corp chief executive, Maria Ostberg, denied the report by saying it was false.", "saying",
         "Maria Ostberg", "Orvale Corp"),
    ],
)  # fmt: skip
def test_a_name_that_only_qualifies_is_not_a_participant(nlp, text, trigger, expected, not_expected):
    found = {name for _, name in _participants(nlp, NAMED + text, trigger)}
    assert not_expected not in found and (expected is None or expected in found)


def test_the_same_verb_done_to_different_things_is_two_events(nlp):
    text = "# News\n\nOrvale Corp sold 500 cars in 2005. Orvale Corp sold a plant in 2005."
    sales = [e for e in _events(nlp, text) if e.kind == "Transaction"]
    assert len(sales) == 2


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Orvale Corp unveiled a jet capable of flying from Paris to Madrid.", "flying", "Generic"),
        ("The jet was unable to land in Madrid.", "land", "Negated"),
        ("The jet would have been delivered in May.", "delivered", "Possible"),
    ],
)
def test_ability_and_what_did_not_come_to_pass(nlp, text, trigger, expected):
    [event] = [e for e in _events(nlp, NAMED + text) if any(t.text == trigger for t in e.triggers)]
    assert event.factuality == expected


def test_a_plant_named_by_its_town_places_what_it_builds(nlp):
    events = _events(nlp, NAMED + "The last jet was the 900th plane built by the Denver plant of Orvale Corp.")
    [built] = [e for e in events if any(t.text == "built" for t in e.triggers)]
    assert built.place is not None and built.place.startswith("Place:denver")


def test_deals_with_different_parties_stay_two(nlp):
    text = (NAMED + "Orvale Corp signed a deal with Qantara Airways and Brillstone Group. "
            "The deal between Orvale Corp and Halvik Air was revived.")  # fmt: skip
    deals = [e for e in _events(nlp, text) if e.kind == "Agreement" and len(e.participants) >= 2]
    assert len(deals) == 2, [(e.triggers, e.participants) for e in deals]


def test_two_statements_in_two_sentences_stay_two(nlp):
    events = _events(nlp, "# News\n\nHalvard Motors said sales rose. Halvard Motors said prices fell.")
    assert sum(1 for e in events if e.kind == "Statement") == 2


def test_not_telling_of_a_deal_does_not_undo_it(nlp):
    text = "# News\n\nNeither firm would reveal the agreement reached between Orvale Corp and Qantara Airways."
    [deal] = [e for e in _events(nlp, text) if e.kind == "Agreement"]
    assert deal.factuality == "Asserted"


def test_how_a_deal_is_seen_does_not_hedge_the_deal(nlp):
    text = "# News\n\nAsked whether the deal between Orvale Corp and Qantara Airways should be seen as a step, he said yes."
    [deal] = [e for e in _events(nlp, text) if e.kind == "Agreement"]
    assert deal.factuality == "Asserted"


def test_a_negative_subject_negates(nlp):
    [event] = [e for e in _events(nlp, "# News\n\nNeither company would reveal the price.") if e.kind == "Statement"]
    assert event.factuality == "Negated"


def test_a_participle_describing_a_thing_is_no_event(nlp):
    events = _events(nlp, "# News\n\nThe rhetoric surrounding the crash grew louder.")
    assert "MilitaryAction" not in {e.kind for e in events}


def test_what_will_be_given_is_to_come(nlp):
    [aid] = [e for e in _events(nlp, "# News\n\nThe government will give 150 million euros in aid.") if e.kind == "Aid"]
    assert aid.factuality == "Future"


# the holder of a title the article names stands for "the <title>" later, or in the headline
TITLED = (
    "# News\n\nThe new terminal was opened before 400 guests, including the Prime Minister of Ruritania, "
    "Mr. Jan Kowalski, and Anna Berg, minister of transport for Ruritania. "
)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (TITLED + "The Prime Minister praised Zenda Airways.", "praised", ("agent", "Jan Kowalski")),
        (TITLED + "The transport minister announced new rules.", "announced", ("agent", "Anna Berg")),
        # a possessive that opens a fronted phrase is the subject that follows
        (TITLED + "In his speech, the Prime Minister praised Zenda Airways.", "speech", ("agent", "Jan Kowalski")),
    ],
)
def test_a_title_without_a_name_is_the_holder_the_article_names(nlp, text, trigger, expected):
    assert expected in _participants(nlp, text, trigger)


def test_a_headline_title_is_the_holder_the_story_names(nlp):
    text = (
        "# Ruritania's transport minister tells airlines to buy local aircraft\n\n"
        "Anna Berg, minister of transport for Ruritania, has recommended that airlines buy local aircraft."
    )
    assert ("agent", "Anna Berg") in _participants(nlp, text, "tells")


@pytest.mark.parametrize(
    ("text", "trigger", "not_expected"),
    [
        # no holder named before: "the minister" stays unresolved
        ("# News\n\nThe minister praised Zenda Airways. Anna Berg, minister of transport, spoke later.", "praised",
         "Anna Berg"),
        # a former holder is not who "the minister" is now
        ("# News\n\nAnna Berg, former minister of transport, left. The minister praised Zenda Airways.", "praised",
         "Anna Berg"),
        # who was told to buy buys, named or not; never the teller
        ("# News\n\nAnna Berg told airlines to buy local aircraft.", "buy", "Anna Berg"),
    ],
)  # fmt: skip
def test_titles_and_orders_do_not_give_the_wrong_participant(nlp, text, trigger, not_expected):
    assert not_expected not in {name for _, name in _participants(nlp, text, trigger)}


# each participant rule on a text written for it: (text, trigger, the participant it adds)
PARTICIPANT_CASES = {
    "event_title_holder": (TITLED + "The Prime Minister praised Zenda Airways.", "praised", ("agent", "Jan Kowalski")),
    "event_fronted_possessive": (
        TITLED + "After his visit to Zenda, the Prime Minister praised Zenda Airways.",
        "visit",
        ("agent", "Jan Kowalski"),
    ),
    "role_title_comma_name": (
        TITLED + "The Prime Minister praised Zenda Airways.",
        "praised",
        ("agent", "Jan Kowalski"),
    ),
    "event_quoted_we": (
        NAMED + '"We thank Orvale Corp for enabling us to build a modern fleet," said Jan Roe, chairman of Qantara '
        "Airways.",
        "build",
        ("agent", "Qantara Airways"),
    ),
    "event_relative_subject": (
        NAMED + "Qantara Airways will display the aircraft they intend to launch into service in November.",
        "launch",
        ("agent", "Qantara Airways"),
    ),
    "event_place_list": (
        NAMED + "Orvale Corp will cut 400 jobs in France, 300 in Germany and 200 in Spain.",
        "cut",
        ("location", "Germany"),
    ),
    "event_route_arrival": (
        NAMED + 'Qantara Airways will take off for a "special test-flight" from Oslo and land in Lima on October 25.',
        "flight",
        ("destination", "Lima"),
    ),
    "event_gathering_place": (
        NAMED + "Orvale Corp delivered the last plane built for Qantara Airways at a ceremony in Lima.",
        "delivered",
        ("place", "Lima"),
    ),
    # a rule that takes a wrong participant away: absent with the rule, present without it
    "event_owner_qualifier": (
        NAMED + "Orvale Corp and Zenda Airways parent Kestrel Holdings have defeated Qantara Airways for a contract.",
        "defeated",
        ("agent", "Zenda Airways"),
        False,
    ),
}


@pytest.mark.parametrize("rule", sorted(PARTICIPANT_CASES))
def test_participant_rule(nlp, rule):
    text, trigger, expected, *kept = PARTICIPANT_CASES[rule]
    kept = kept[0] if kept else True
    runs = extract_variants(
        [parse_wire(text, key="p", source="p.md")], nlp, {"on": RuleSet(), "off": RuleSet.of({rule})}
    )
    found = {}
    for variant, [x] in runs.items():
        names = {e.key: e.label for e in x.entities}
        [event] = [e for e in x.events if any(t.text == trigger for t in e.triggers)]
        found[variant] = {(p.role, names.get(p.entity)) for p in event.participants}
        found[variant].add(("place", names.get(event.place)))
    assert (expected in found["on"]) is kept and (expected in found["off"]) is not kept, found


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # places in a list are each a place of the event, and none is the region of the one before it
        ("Orvale Corp will cut 900 jobs in France, Germany, Italy and Spain.", "cut",
         {("location", "Germany"), ("location", "Italy"), ("location", "Spain")}),
        # amounts by place
        ("Orvale Corp will cut 400 jobs in France, 300 in Germany and 200 in Spain.", "cut",
         {("location", "Germany"), ("location", "Spain")}),
        # a waypoint
        ("The Orvale Corp jet flew from Paris to Madrid via Lyon.", "flew", {("location", "Lyon")}),
    ],
)  # fmt: skip
def test_every_place_of_a_list_is_a_place_of_the_event(nlp, text, trigger, expected):
    found = _participants(nlp, NAMED + text, trigger)
    assert expected <= found and not any(role == "region" for role, _ in found)
