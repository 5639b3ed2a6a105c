"""Every extraction rule, switched on and off on a text written for it: what it changes, by name.

Each case gives, for a few surface forms, the kind of entity they name (Person,
Organization, Place, or None for no mention) with the rule on and with it off; both must
hold. The texts are invented (names of no one in particular) and mimic the shapes the
rules were written for.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.extract import KgEntities, analyse, extract_variants, model_info
from kg.read import parse_wire
from kg.rules import RULES, RuleSet

P, ORG, L, PRO = "Person", "Organization", "Place", "Product"


@dataclass(frozen=True)
class Case:
    text: str
    on: dict[str, str | None]
    off: dict[str, str | None]
    # the model's entities, when a test must fix them ((surface, spaCy label)): the rule then meets
    # the exact span it exists for, whatever the statistical model of the day finds
    model: tuple[tuple, ...] | None = None  # (surface, label) or (surface, label, occurrence from 0)
    also_off: frozenset[str] = frozenset()  # rules that would decide the same and are off in both runs


CASES = {
    "split_firms": Case(
        "Underwriters are led by Kestrel Boston Corp, Goldfield, Marsh and Co and Ebersole Fenwick Inc.",
        on={"Ebersole Fenwick Inc": ORG},
        off={"Ebersole Fenwick Inc": None},
    ),
    "split_town_region": Case(
        "Funds will help re-open Brill Mining's Chibougamau, Quebec copper mine.",
        on={"Chibougamau": L, "Quebec": L},
        off={"Chibougamau, Quebec": ORG},
        model=(("Brill Mining", "ORG"), ("Chibougamau, Quebec", "ORG")),
    ),
    "demonyms": Case("Ukrainian said the talks failed.", on={"Ukrainian": None}, off={"Ukrainian": ORG}),
    # trimming
    "trim_leading": Case(
        "The Halvorsen Corporation said on Monday that profits rose in Norway.",
        on={"Halvorsen Corporation": ORG, "The Halvorsen Corporation": None},
        off={"The Halvorsen Corporation": ORG},
    ),
    "trim_lower_word": Case(
        "Brantwell will remain active in the Colorado House of Representatives until Union and Public Service "
        "assure legislators they agree.",
        on={"Colorado House of Representatives": ORG},
        off={"Colorado House of Representatives until Union and Public Service": ORG},
    ),
    "trim_title": Case(
        "Spokeswoman Sandy Marsh said the plan failed.",
        on={"Sandy Marsh": P},
        off={"Sandy Marsh": None, "Spokeswoman Sandy Marsh": ORG},
    ),
    "trim_possessive": Case("Ann Lee's company said profits rose in Oslo.", on={"Ann Lee": P}, off={"Ann Lee": None}),
    "trim_legal_of": Case(
        "Dominion Textiles Inc of Canada said it would sell the unit.",
        on={"Dominion Textiles Inc": ORG},
        off={"Dominion Textiles Inc of Canada": ORG},
    ),
    "sentence_final_dot": Case(
        "Profits rose at Brantwell Inc. The company said sales were strong.",
        on={"Brantwell Inc": ORG},
        off={"Brantwell Inc.": ORG},
    ),
    # dropping what is not a name
    "noise_links": Case("The agent said NS/HRW laydays include July 1-10.", on={"NS/HRW": None}, off={"NS/HRW": ORG}),
    "noise_words": Case(
        "It said when cooled to 91 degrees Kelvin, or 296 degrees below zero Fahrenheit, the wires conduct.",
        on={"Fahrenheit": None},
        off={"Fahrenheit": ORG},
    ),
    "noise_qualifier": Case("Prices of Treasury bonds fell on Monday.", on={"Treasury": None}, off={"Treasury": ORG}),
    "noise_portfolio": Case(
        "The Secretary of Commerce met bankers in Chicago on Monday.", on={"Commerce": None}, off={"Commerce": ORG}
    ),
    "common_nouns": Case(
        "Millet was harvested on 23 pct of the area. Farmers said millet prices rose.",
        on={"Millet": None},
        off={"Millet": L},
        model=(("Millet", "GPE"),),
    ),
    "adjective": Case(
        "4th qtr Shr loss 17 cts vs loss 22 cts Net loss 14.5 mln vs loss 18.0 mln", on={"Net": None}, off={"Net": ORG}
    ),
    # a made thing is a product, never a person, organisation or place
    "product_name": Case("Kestrel Air ordered the KC-40s on Monday.", on={"KC-40s": PRO}, off={"KC-40s": ORG}),
    "thing_named": Case(
        "The drug is Cardivex, a heart medicine made by Brantwell Inc.", on={"Cardivex": PRO}, off={"Cardivex": L}
    ),
    "honorific": Case(
        "Mr Ostberg said the plant would close.", on={"Ostberg": P}, off={"Ostberg": ORG}, model=(("Ostberg", "ORG"),)
    ),
    "product_noun_after": Case(
        "The Orvale Total Confidence programme helps buyers.",
        on={"Orvale Total Confidence": PRO},
        off={"Orvale Total Confidence": ORG},
        model=(("Orvale Total Confidence", "ORG"),),
    ),
    "products": Case(
        "The final Orvale X5 was built in Hamburg.",
        on={"Orvale X5": PRO, "Orvale": None},  # the maker's name is part of the model's
        off={"X5": None, "Orvale": ORG},
        model=(("Orvale", "ORG"), ("X5", "PRODUCT"), ("Hamburg", "GPE")),
    ),
    "political_union": Case(
        "Leaders of the African Union (AU) met in Lagos. The AU said it would send observers.",
        on={"African Union": L, "AU": L},  # the acronym is of the kind of the name it abbreviates
        off={"African Union": ORG, "AU": ORG},
        model=(("African Union", "ORG"), ("AU", "ORG"), ("Lagos", "GPE"), ("AU", "ORG", 1)),
    ),
    "owned_site": Case(
        "Workers at Halvik's Assembly Center went on strike.",
        on={"Assembly Center": L, "Halvik": ORG},
        off={"Assembly Center": ORG},
        model=(("Halvik", "ORG"), ("Assembly Center", "ORG")),
    ),
    "place_named_firm": Case(
        "Norway Airways will fly the new jets. Norway has an order for ten more of them.",
        on={"Norway": ORG, "Norway Airways": ORG},
        off={"Norway": L},
        model=(("Norway Airways", "ORG"), ("Norway", "GPE", 1)),
    ),
    "modifier_org": Case("Analysts said Kestrova services would resume.", on={"Kestrova": None}, off={"Kestrova": ORG}),
    # extending spans
    "extend_compound": Case(
        "Halvik Bank PLCs Halden Bank Canada bought the assets.",
        on={"Halvik Bank PLCs Halden Bank Canada": ORG},
        off={"Halden Bank Canada": ORG},
    ),
    "extend_particles": Case(
        "Exchange officials said Halvorsen chairman Jan van der Brugge told the annual shareholders meeting.",
        on={"Jan van der Brugge": P},
        off={"Jan van der Brugge": None},
    ),
    "extend_firm_tail": Case(
        "The deal was arranged by Hambrecht and Quist Inc, the bank said.",
        on={"Hambrecht and Quist Inc": ORG},
        off={"Hambrecht and Quist Inc": None, "Quist Inc": ORG},
    ),
    "extend_region": Case(
        "Fighting continued in the Kharkiv region on Monday.", on={"Kharkiv region": L}, off={"Kharkiv": L}
    ),
    # types
    "surname_person": Case(
        "Chief executive Tomas Reyes spoke. Reyes said sales rose.", on={"Reyes": P}, off={"Reyes": ORG}
    ),
    "org_first_word": Case(
        "Burlington Industries Inc said on Monday that Burlington would cut jobs.",
        on={"Burlington": ORG},
        off={"Burlington": L},
    ),
    "org_last_word": Case(
        "The Lockwood era ended when Halvik Lockwood was sold.", on={"Lockwood": None}, off={"Lockwood": L}
    ),
    "noun_before": Case(
        "German magazine Ostra Posten cited documents.", on={"Ostra Posten": ORG}, off={"Ostra Posten": P}
    ),
    "org_opening_word": Case(
        "Jets went to Air Nordvik on Monday.",
        on={"Air Nordvik": ORG},
        off={"Air Nordvik": L},
        model=(("Air Nordvik", "GPE"),),
    ),
    "org_head": Case(
        "The plant was the original home of Fairchild Aircraft and Halden Fairchild.",
        on={"Fairchild Aircraft": ORG},
        off={"Fairchild Aircraft": P},
    ),
    "gazetteer_place": Case("Reyes flew to Kiev on Monday.", on={"Kiev": L}, off={"Kiev": P}),
    # completing the list of mentions
    "merge_adjacent": Case(
        "Shares of Pemberton Houston Willoughby Bell Gouinlock Inc fell on Monday.",
        on={"Pemberton Houston Willoughby Bell Gouinlock Inc": ORG},
        off={"Pemberton Houston Willoughby Bell Gouinlock Inc": None},
    ),
    "firm_lists": Case(
        "Burns, Pauli and Co Inc bought the bonds.",
        on={"Burns, Pauli and Co Inc": ORG},
        off={"Burns, Pauli and Co Inc": None},
    ),
    "acronyms": Case(
        "The Cocoa Producers Alliance (CPA) said prices would rise. The CPA met in Accra.",
        on={"CPA": ORG},
        off={"CPA": None},
    ),
    "governments": Case(
        "The Zambian government said talks would resume on Monday.",
        on={"Zambian government": ORG},
        off={"Zambian government": None},
    ),
    "propagate": Case(
        "Maria Lindqvist, the chief executive of Brantwell Inc, said sales rose. Brantwell shares rose.",
        on={"Brantwell": ORG},
        off={"Brantwell": None},
    ),
    # wire copy
    "trim_ticker": Case(
        "Shares of Motorola Inc MOT rose on Monday.", on={"Motorola Inc": ORG}, off={"Motorola Inc MOT": ORG}
    ),
    "noise_credit_rating": Case(
        "Kestrova bonds are rated AAA/AA. Halvorsen was downgraded to Baa2 by the agency.",
        on={"AAA": None},
        off={"AAA": ORG},
    ),
    "noise_table_row": Case("Revs 27.3 mln vs 25.1 mln, Brantwell said.", on={"Revs 27.3": None}, off={"Revs 27.3": P}),
    "signature": Case("Brantwell said profits rose on Monday.\n\nReuter", on={"Reuter": ORG}, off={"Reuter": None}),
    "country_modifier": Case(
        "The U.S. dollar fell against the yen in Tokyo on Monday.", on={"U.S.": None}, off={"U.S.": L}
    ),
    # extra
    "trim_inner_title": Case(
        "Halvorsen Executive Vice President Maria Lund said so.",
        on={"Halvorsen": ORG},
        off={"Halvorsen Executive": ORG},
    ),
    "trim_bracket": Case(
        "The World Health Organization (WHO) agreed.",
        on={"World Health Organization": ORG, "WHO": ORG},
        off={"World Health Organization (WHO": ORG},
    ),
    "extend_subsidiary": Case(
        "Underwriters are Alder Grant Inc and Halvorsen Co of Norway Ltd.",
        on={"Halvorsen Co of Norway Ltd": ORG},
        off={"Halvorsen Co": ORG},
    ),
    "untagged_region": Case(
        "Shelling hit the Volyn region overnight.", on={"Volyn region": L}, off={"Volyn region": None}, model=()
    ),
    "of_toponym": Case(
        "The tanker sailed from the Gulf of Aden to the Bay of Biscay on Monday.",
        on={"Bay of Biscay": L},
        off={"Bay of Biscay": None},
    ),
    "hyphenated_person": Case(
        "Sam Okonjo-Reyes was convicted. Okonjo-Reyes will appeal.", on={"Okonjo-Reyes": P}, off={"Okonjo-Reyes": ORG}
    ),
    "org_in_person": Case(
        "Grumman said profits rose. Grumman Wheeler was sold.", on={"Grumman Wheeler": ORG}, off={"Grumman Wheeler": P}
    ),
    "owned_thing": Case(
        "Lund, who also runs Brantwell and Kestrova, spoke.", on={"Kestrova": ORG}, off={"Kestrova": L}
    ),
    "toponym_suffix": Case("Forces pressed on Zelenivka on Monday.", on={"Zelenivka": L}, off={"Zelenivka": P}),
    "complete_lists": Case(
        "Hrytsenko, Yarmolenko, Marchuk and Ann Lee met.",
        on={"Marchuk": P},
        off={"Marchuk": None},
        model=(("Hrytsenko", "PERSON"), ("Yarmolenko", "PERSON"), ("Ann Lee", "PERSON")),
    ),
    "surname_full_name": Case(
        "Nadia Brandt won the vote. Brandt, a former governor, spoke.",
        on={"Nadia Brandt": P},
        off={"Nadia Brandt": ORG},
    ),
    "title_after": Case(
        "Halvik CEO Mick Farrell said fares would fall.",
        on={"Halvik": ORG},
        off={"Halvik": P},
        model=(("Halvik", "PERSON"), ("Mick Farrell", "PERSON")),
    ),
    "title_before": Case(
        "German Chancellor Olaf Scholz visited Oslo.",
        on={"Olaf Scholz": P},
        off={"Olaf Scholz": ORG},
        also_off=frozenset({"trim_title"}),
    ),
    "agree": Case(
        "Halvik said fares would fall. Analysts said Halvik grew. Halvik hired staff.",
        on={"Halvik": ORG},
        off={"Halvik": P},
        model=(("Halvik", "ORG"), ("Halvik", "ORG", 1), ("Halvik", "PERSON", 2)),  # the last one is the odd one
    ),
    "conjoined_org": Case(
        "Halvik and Lockwood Martin bid for the contract.",
        on={"Halvik": ORG},
        off={"Halvik": P},
        model=(("Halvik", "PERSON"), ("Lockwood Martin", "ORG")),
    ),
    "country_in_name": Case(
        "Nordvik Indonesia said flights would resume.",
        on={"Nordvik Indonesia": ORG},
        off={"Nordvik Indonesia": P},
        model=(("Nordvik Indonesia", "PERSON"),),
    ),
    "place_head": Case(
        "The ship sailed to Halvik Island.",
        on={"Halvik Island": L},
        off={"Halvik Island": P},
        model=(("Halvik Island", "PERSON"),),
        also_off=frozenset({"country_in_name"}),
    ),
    "org_opener_of": Case(
        "The Institute of Nordvik Studies said so.",
        on={"Institute of Nordvik Studies": ORG},
        off={"Institute of Nordvik Studies": P},
        model=(("Institute of Nordvik Studies", "PERSON"),),
        also_off=frozenset({"org_opening_word", "org_head"}),
    ),
    "title_alone": Case(
        "The Chief Operating Officer said profits rose.",
        on={"Chief Operating Officer": None},
        off={"Chief Operating Officer": ORG},
        model=(("Chief Operating Officer", "ORG"),),
    ),
    "plural_of": Case(
        "Halvorsen builds jets. Kestrel Air wants two new Halvorsens.",
        on={"Halvorsens": None},
        off={"Halvorsens": ORG},
        model=(("Halvorsen", "ORG"), ("Kestrel Air", "ORG"), ("Halvorsens", "ORG")),
    ),
    "trim_line_break": Case(
        "Talks with Ann Lee\nBoard members resumed.",
        on={"Ann Lee": P},
        off={"Ann Lee\nBoard": ORG},
        model=(("Ann Lee\nBoard", "PERSON"),),
    ),
    "named_place": Case(
        "Strikes hit the province of Nordvik Sharif.", on={"Nordvik Sharif": L}, off={"Nordvik Sharif": ORG}
    ),
    "extend_org_head": Case("Officials at the Halden Ministry spoke.", on={"Halden Ministry": ORG}, off={"Halden": L}),
    "appositive_person": Case(
        "Mykola Zhuravel, 54, a lawyer, said no.", on={"Mykola Zhuravel": P}, off={"Mykola Zhuravel": ORG}
    ),
    "product_after_model": Case(
        "Halvik unveils new 797 Dreamjet\n\nAircraft maker Halvik unveiled its new 797 Dreamjet at its plant "
        "near Oslo. The Dreamjet is aimed at smaller airports.",
        on={"Dreamjet": PRO},
        off={"Dreamjet": ORG},
    ),
}


def _kinds(extraction) -> dict[str, str]:
    kinds = {e.key: e.kind for e in extraction.entities}
    return {m.text: kinds[m.entity] for m in extraction.mentions}


def _run(nlp, case: Case, variants: dict[str, RuleSet]) -> dict[str, dict[str, str]]:
    article = parse_wire(case.text, key="rule", source="rule.md")
    if case.model is None:
        return {name: _kinds(found[0]) for name, found in extract_variants([article], nlp, variants).items()}
    doc = nlp(article.text, disable=["kg_entities"])
    ents = []
    for surface, label, *nth in case.model:
        start = -1
        for _ in range((nth or [0])[0] + 1):
            start = article.text.index(surface, start + 1)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    info = model_info(nlp)
    return {
        name: _kinds(analyse(article, [(0, KgEntities(rules=rules)(doc.copy()))], info, None, rules))
        for name, rules in variants.items()
    }


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule(rule, nlp_all):
    case = CASES[rule]
    profiles = {"default", RULES[rule].profile} | {RULES[r].profile for r in case.also_off}
    variants = {"on": RuleSet.of(case.also_off, profiles), "off": RuleSet.of(case.also_off | {rule}, profiles)}
    found = _run(nlp_all, case, variants)
    for surface, kind in case.on.items():
        assert found["on"].get(surface) == kind, (rule, "on", surface, found["on"])
    for surface, kind in case.off.items():
        assert found["off"].get(surface) == kind, (rule, "off", surface, found["off"])


@pytest.mark.parametrize(
    ("text", "model", "kinds"),
    [
        # a maker's name and a word the model took for a model, beside another firm: one firm's name
        (
            "Shares of Halvik and Lockwood Marten fell on Monday.",
            (("Halvik", "ORG"), ("Lockwood", "ORG"), ("Marten", "PRODUCT")),
            {"Lockwood Marten": ORG},
        ),
        (
            "Lockwood Marten, a rival of Halvik, cut jobs.",
            (("Lockwood", "ORG"), ("Marten", "PRODUCT"), ("Halvik", "ORG")),
            {"Lockwood Marten": ORG},
        ),
        # a maker beside a maker, each before its model: two products
        (
            "The navy will retire its Lockwood Skylark and Vickery VX-10 aircraft.",
            (("Lockwood", "ORG"), ("Skylark", "PRODUCT"), ("Vickery", "ORG"), ("VX-10", "PRODUCT")),
            {"Lockwood Skylark": PRO, "Vickery VX-10": PRO},
        ),
        # a place that begins a firm's name and only lies somewhere stays a place
        (
            "Norway Airways will fly the new jets. Prices in Norway rose.",
            (("Norway Airways", "ORG"), ("Norway", "GPE", 1)),
            {"Norway": L, "Norway Airways": ORG},
        ),
    ],
)
def test_products_and_firms_by_their_context(nlp_all, text, model, kinds):
    found = _run(nlp_all, Case(text, on={}, off={}, model=model), {"on": RuleSet()})["on"]
    assert {surface: found.get(surface) for surface in kinds} == kinds, found


def test_an_acronym_of_a_place_is_that_place(nlp_all):
    article = parse_wire(CASES["political_union"].text, key="rule", source="rule.md")
    [extraction] = extract_variants([article], nlp_all, {"on": RuleSet()})["on"]
    nodes = {m.text: m.entity for m in extraction.mentions}
    assert nodes["AU"] == nodes["African Union"]


def test_mentions_carry_the_rule_that_made_them(nlp_all):
    article = parse_wire(CASES["trim_title"].text, key="rule", source="rule.md")
    [extraction] = extract_variants([article], nlp_all, {"on": RuleSet()})["on"]
    assert {m.text: m.rule for m in extraction.mentions}["Sandy Marsh"] == "trim_title"


def test_every_rule_has_a_case():
    # the event rules' cases live with the event tests, the identity rules' with the identity tests
    from tests.test_events import FACTUALITY_CASES, PARTICIPANT_CASES
    from tests.test_extract import LINK_CASES
    from tests.test_identity import IDENTITY_CASES

    missing = (
        set(RULES) - set(CASES) - set(FACTUALITY_CASES) - set(PARTICIPANT_CASES) - set(IDENTITY_CASES) - set(LINK_CASES)
    )
    assert missing == set() or pytest.fail(f"rules without a case: {sorted(missing)}")
