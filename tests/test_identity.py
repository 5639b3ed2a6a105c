"""Cross-document identity: which names of a build are one organisation, and why (kg.consolidate)."""

from __future__ import annotations

import pytest

from kg.consolidate import Registry
from kg.identity import entity_key, is_acronym_of, org_base, spelling_variants
from kg.records import Article, Entity, Extraction, Mention, ModelInfo
from kg.rules import RuleSet, using

MODEL = ModelInfo("kg", "test", "none", "0")


def _article(key: str, *names: tuple[str, str]) -> Extraction:
    """An extraction naming each (kind, name) once, as if read from article ``key``."""
    text = ". ".join(name for _, name in names) + "."
    entities, mentions, at = {}, [], 0
    for kind, name in names:
        entity = Entity(key=entity_key(kind, name), kind=kind, label=name)
        entities.setdefault(entity.key, entity)
        mentions.append(Mention(at, at + len(name), name, entity.key))
        at += len(name) + 2
    return Extraction(
        article=Article(key=key, source=f"{key}.md", text=text),
        model=MODEL,
        entities=tuple(entities.values()),
        mentions=tuple(mentions),
    )


def _nodes(*articles: Extraction, rules: RuleSet | None = None) -> dict[str, str]:
    """Each name of the build -> the key of its node after consolidation."""
    registry = Registry()
    for article in articles:
        registry.observe(article)
    with using(rules or RuleSet()):
        resolution = registry.resolve()
    return {e.label: resolution.key(e.key) for x in articles for e in x.entities}


ORG, PERSON = "Organization", "Person"


# each identity rule: names, one article each, that are one node with the rule on and apart with it off
IDENTITY_CASES = {
    # an acronym may take more than the initials
    "org_acronym_letters": [(ORG, "Hildor Lorne Airways"), (ORG, "HILA")],
    # a name less its last word
    "org_short_form": [(ORG, "Norvik Grumby"), (ORG, "Norvik")],
    # two spellings of one long name, one with a legal form and its own acronym after it
    "org_spelling": [(ORG, "Lorvian Aeronautic Defence and Space Company LADS N.V."),
                     (ORG, "Lorvian Aeronautic Defense & Space")],
    # one place written two ways before one name
    "org_placed_name": [(ORG, "U.S. Coast Guard"), (ORG, "United States Coast Guard")],
    # a lone name the model calls a person where another article calls it a firm
    "kind_agreement": [(ORG, "Quellor"), (PERSON, "Quellor")],
}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(IDENTITY_CASES))
def test_names_of_one_organisation_across_articles_are_one_node(rule):
    articles = [_article(f"a{i}", named) for i, named in enumerate(IDENTITY_CASES[rule])]
    keys = {e.key for x in articles for e in x.entities}
    registry = Registry()
    for x in articles:
        registry.observe(x)
    joined = {registry.resolve().key(k) for k in keys}
    assert len(joined) == 1 and next(iter(joined)).startswith("Organization:")
    # the rule that joins them can be switched off, and then they stay apart
    with using(RuleSet.of({rule})):
        apart = {registry.resolve().key(k) for k in keys}
    assert len(apart) == len(keys)


@pytest.mark.parametrize(
    "names",
    [
        # a firm, its legal name and a plural of its head word
        ["Orvale", "Orvale Motor Company", "Orvale Motors Co."],
        # a short name, a word cut short, the legal name and its acronym
        ["Halvik", "Halvik Auto", "Halvik Automotive Group", "HAG"],
        # a short name, and the full one whose last word is also a small town's name
        ["Norvik", "Norvik Martin"],
        # one chamber behind one country written two ways, and bare beside it
        ["U.S. Lorvian Chamber", "United States Lorvian Chamber"],
    ],
)
def test_the_shapes_that_split_one_firm_give_one_node(names):
    nodes = _nodes(*[_article(f"a{i}", (ORG, name)) for i, name in enumerate(names)])
    assert len(set(nodes.values())) == 1, nodes


def test_a_bare_name_joins_the_one_placed_name_an_article_gives_it():
    placed = _article("a", (ORG, "United States Coast Guard"), (ORG, "Coast Guard"))
    elsewhere = _article("b", (ORG, "Coast Guard"))
    nodes = _nodes(placed, elsewhere)
    assert nodes["Coast Guard"] == nodes["United States Coast Guard"]
    # another country's coast patrol named only where the bare name is not changes nothing
    kenya = _article("c", (ORG, "Kenya Coast Guard"))
    nodes = _nodes(placed, elsewhere, kenya)
    assert nodes["Coast Guard"] == nodes["United States Coast Guard"] != nodes["Kenya Coast Guard"]
    # but where articles using the bare name name both, it could be either
    both = _article("d", (ORG, "Kenya Coast Guard"), (ORG, "Coast Guard"))
    nodes = _nodes(placed, elsewhere, both)
    assert nodes["Coast Guard"] not in {nodes["United States Coast Guard"], nodes["Kenya Coast Guard"]}


def test_a_bare_name_joins_the_placed_body_an_article_names_by_its_acronym():
    spelled = _article("a", (ORG, "United States Lorvian Guard"), (ORG, "USLG"))
    acronym_only = _article("b", (ORG, "USLG"), (ORG, "Lorvian Guard"))
    nodes = _nodes(spelled, acronym_only)
    assert nodes["Lorvian Guard"] == nodes["USLG"] == nodes["United States Lorvian Guard"]


@pytest.mark.parametrize(
    ("short", "longer"),
    [
        ("Norvik", "Norvik Foundation"),  # another body
        ("Norvik", "Norvik Europe"),  # a branch named by a place
        ("Norvik", "Norvik Texas"),  # by a region
        ("Norvik", "Norvik London"),  # by a city
        ("Norvik", "Norvik Commercial Jets"),  # a division: two words more
        ("Coast Guard", "Coast Guard Communications"),  # a generic name plus a word is a part of it
        ("Norvik", "Norvik Executive"),  # a title the model swallowed
    ],
)
def test_different_bodies_that_share_words_stay_apart(short, longer):
    nodes = _nodes(_article("a", (ORG, longer)), _article("b", (ORG, short)))
    assert nodes[short] != nodes[longer]


def test_an_article_that_names_both_apart_keeps_them_apart():
    rivals = _article("a", (ORG, "Norvik"), (ORG, "Norvik Grumby"))
    nodes = _nodes(rivals, _article("b", (ORG, "Norvik")))
    assert nodes["Norvik"] != nodes["Norvik Grumby"]


def test_two_names_a_short_one_could_shorten_stay_apart():
    nodes = _nodes(
        _article("a", (ORG, "Norvik Grumby")), _article("b", (ORG, "Norvik Airways")), _article("c", (ORG, "Norvik"))
    )
    assert len(set(nodes.values())) == 3


def test_a_lone_name_the_model_calls_a_person_is_the_firm_the_build_knows():
    firm = _article("a", (ORG, "Quellor"))
    also = _article("b", (ORG, "Quellor"), (PERSON, "Quellor"))
    nodes = _nodes(firm, also)
    assert nodes["Quellor"].startswith("Organization:")
    assert len({nodes["Quellor"], *(_nodes(firm, also).values())}) == 1
    # a person named in full is not taken for a firm that shares a word
    person = _article("c", (PERSON, "Anna Quellor"), (ORG, "Quellor"))
    assert _nodes(person)["Anna Quellor"].startswith("Person:")


def test_an_acronym_the_model_calls_a_firm_joins_the_one_place_it_abbreviates():
    union = _article("a", ("Place", "Andean Union"), (ORG, "Halvik Air"))
    acronym = _article("b", (ORG, "AU"))
    nodes = _nodes(union, acronym)
    assert nodes["AU"] == nodes["Andean Union"] and nodes["AU"].startswith("Place:")
    assert nodes["Halvik Air"] != nodes["AU"]
    # and where the model took it for a place of its own
    assert len(set(_nodes(union, _article("d", ("Place", "AU"))).values()) - {nodes["Halvik Air"]}) == 1
    # a firm it abbreviates too makes it that firm's, as before
    firm = _article("c", (ORG, "Arvo Utilities"))
    assert _nodes(union, acronym, firm)["AU"] == _nodes(union, acronym, firm)["Arvo Utilities"]
    apart = _nodes(union, acronym, rules=RuleSet.of({"kind_agreement"}))
    assert apart["AU"] != apart["Andean Union"]


def test_merges_say_why():
    registry = Registry()
    for x in (_article("a", (ORG, "Hildor Lorne Airways")), _article("b", (ORG, "HILA"))):
        registry.observe(x)
    resolution = registry.resolve()
    root = resolution.key(entity_key(ORG, "HILA"))
    assert any("acronym" in why and "HILA" in why for why in resolution.evidence[root])


def test_adding_an_article_that_names_nothing_new_changes_no_node():
    first = [_article("a", (ORG, "Hildor Lorne Airways"), (ORG, "Norvik Grumby")), _article("b", (ORG, "HILA"))]
    before = _nodes(*first)
    after = _nodes(*first, _article("c", (ORG, "Norvik Grumby"), (PERSON, "Anna Quellor")))
    assert {name: before[name] for name in before} == {name: after[name] for name in before}


def test_name_helpers():
    assert is_acronym_of("HILA", "Hildor Lorne Airways") and is_acronym_of("NTSB", "National Transport Safety Board")
    assert not is_acronym_of("QX", "Hildor Lorne Airways")
    assert org_base("Lorne Trading and Shipping Company LTS N.V.") == "lorne trading and shipping"
    assert spelling_variants("lorne defence systems", "lorne defense systems")
    assert not spelling_variants("lorne defence systems", "lorne offence systems")
