"""Consolidate: one node per real-world entity across articles, and the curator's overrides.

Per-article extraction already merges mentions within an article. Across a build:

* a single-name person ("Zelensky") joins the one fuller name in the build that ends
  with it ("Volodymyr Zelensky"); if two fuller names end with it, it stays apart;
* an organisation written as an acronym ("EU") joins the one organisation of the build
  whose initials it is ("European Union");
* every entity gets one preferred label for the whole build: the GeoNames name for a
  linked place, else the longest name (most words, then most characters) written in
  Latin script, then the most frequent, then the first in alphabetical order;
* the curator's overrides (``kg.toml``) are applied last: merges, splits, types and links;
* an event reported by several articles is one node: events of two articles with the same
  class and factuality, a shared agent or patient (after the merges above), no disagreeing
  agents or patients and dates that agree (an undated event told in the perfect or past
  tense counts as happening in the week up to its article's date) take the key of the first
  report, and say why (``Event.same_as_evidence``). Without a date nothing says two reports
  are of one event, so undated events stay apart.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap, Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise

from .dates import day_bounds, recent
from .extract import event_label, shortens
from .gazetteer import place_prefix
from .identity import (
    Kind,
    UnionFind,
    entity_key,
    initials,
    is_acronym_of,
    key_words,
    label_rank,
    norm,
    org_base,
    spelling_variants,
    split_key,
)
from .iri import slug
from .overrides import Overrides
from .reconcile import Candidate, reconcile
from .records import Entity, Event, Extraction, Participant, Quote, Role
from .rules import on


@dataclass
class Registry:
    """What a build has seen of every entity, gathered article by article."""

    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kinds: dict[str, str] = field(default_factory=dict)
    geo_named: set[str] = field(default_factory=set)
    geonames: dict[str, int] = field(default_factory=dict)
    events: list[_Report] = field(default_factory=list)
    articles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def observe(self, extraction: Extraction) -> None:
        """Remember the entities and the dated events of one article."""
        for event in extraction.events:
            bounds = _bounds(event)
            who = {p.entity: p.role for p in event.participants if p.role in {"agent", "patient"}}
            if bounds is not None and who:
                self.events.append(_Report(extraction.article.key, event, bounds, who))
        counts = Counter(m.entity for m in extraction.mentions)
        for entity in extraction.entities:
            self.kinds[entity.key] = entity.kind
            self.articles[entity.key].add(extraction.article.key)
            self.labels[entity.key][entity.label] += max(1, counts[entity.key])
            for alias in entity.aliases:
                self.labels[entity.key][alias] += 0
            if entity.geo is not None and entity.geo.geonames_id:
                self.geo_named.add(entity.key)
                self.geonames[entity.key] = entity.geo.geonames_id

    def resolve(self, overrides: Overrides | None = None, reconcile_with: str | None = None) -> Resolution:
        """Decide the cross-article merges, the one preferred label of every entity, and its links."""
        overrides = overrides or Overrides()
        sets = UnionFind(self.kinds)
        union, find = sets.union, sets.find

        # keys that become one IRI are one entity ("ann lee" and "ann-lee" are both .../person/ann-lee)
        by_iri: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in sorted(self.kinds):
            kind, identity = split_key(key)
            by_iri[(kind, slug(identity))].append(key)
        for keys in by_iri.values():
            for other in keys[1:]:
                union(other, keys[0])
        split_keys = {f"{kind}:{norm(name)}" for kind, name in overrides.splits} | {
            f"{Kind.ORGANIZATION}:{org_base(name)}" for kind, name in overrides.splits if kind == Kind.ORGANIZATION
        }
        people = [k for k, kind in self.kinds.items() if kind == "Person"]
        full = defaultdict(set)
        for key in people:
            words = key_words(key)
            if len(words) >= 2:
                full[words[-1]].add(key)
        for key in sorted(people):
            words = key_words(key)
            if len(words) == 1 and len(full[words[0]]) == 1 and key not in split_keys:
                union(key, next(iter(full[words[0]])))
        orgs = sorted(k for k, kind in self.kinds.items() if kind == "Organization")
        evidence: dict[str, str] = {}
        for key, other, why in self._org_variants(orgs, split_keys):
            if find(key) != find(other):
                union(key, other)
                evidence[key] = why
        if on("kind_agreement"):
            for key in sorted(people):
                firm = f"{Kind.ORGANIZATION}:{org_base(split_key(key)[1])}"
                if firm not in self.kinds or key in split_keys or find(key) != key:
                    continue
                mine, theirs = self.articles.get(key, set()), self.articles.get(firm, set())
                # "Lorne" alone, with no fuller name to make it a person's; or the very name an
                # article also calls a firm
                if (len(key_words(key)) == 1 and len(theirs) >= len(mine)) or mine <= theirs:
                    union(key, firm)
                    evidence[key] = f"called a firm in {len(theirs)} article(s), a person in {len(mine)}"
            # "AU" where the model says a firm (or a place of its own), and the build knows "Andean Union" as
            # a place (a union of states): the acronym of the one unlinked place it abbreviates is that place
            places = {
                k: split_key(k)[1] for k, kind in self.kinds.items() if kind == Kind.PLACE and k not in self.geo_named
            }
            by_initial: dict[str, list[str]] = defaultdict(list)
            for k, name in places.items():
                by_initial[name[:1]].append(k)
            joined = Counter(find(k) for k in self.kinds)
            for key in orgs + sorted(places):
                name = split_key(key)[1]
                if " " in name or key in split_keys or find(key) != key or joined[key] > 1:
                    continue
                if not any(f.isupper() and len(f) >= 2 for f in self.labels.get(key, ())):
                    continue
                expanded = {
                    find(p) for p in by_initial.get(name[:1], ()) if p != key and is_acronym_of(name, places[p])
                }
                if len(expanded) == 1:
                    [place] = expanded
                    union(key, place)
                    evidence[key] = f"the acronym of {split_key(place)[1]!r}, a place"
        forced_labels: dict[str, str] = {}
        for kind, names in overrides.merges:
            keys = [self._key_for(kind, n) for n in names]
            root = keys[0]
            for other in keys[1:]:
                union(other, root)
            forced_labels[root] = names[0]
        mapping = {key: find(key) for key in self.kinds}
        why: dict[str, set[str]] = defaultdict(set)
        for key, reason in evidence.items():
            name = self.labels[key].most_common(1)[0][0] if self.labels.get(key) else split_key(key)[1]
            why[mapping[key]].add(f"{name!r}: {reason}")
        members: dict[str, list[str]] = defaultdict(list)
        for key, root in mapping.items():
            members[root].append(key)

        def members_forms(root: str) -> set[str]:
            return {form for key in members[root] for form in self.labels.get(key, {})}

        labels = {}
        for root, keys in members.items():
            counts: Counter = Counter()
            for key in keys:
                counts.update(self.labels.get(key, Counter()))
            if root in forced_labels:
                labels[root] = forced_labels[root]
            elif root in self.geo_named:
                labels[root] = self.labels[root].most_common(1)[0][0] if self.labels.get(root) else root
            elif counts:
                labels[root] = min(counts, key=lambda f: (*label_rank(f, counts), f))  # ties: alphabetical
        dropped = self._alias_owners(mapping, labels)
        links = defaultdict(set)
        if reconcile_with:
            candidates = [
                Candidate(
                    root,
                    self.kinds[root],
                    labels.get(root, root),
                    tuple(sorted(members_forms(root))),
                    self.geonames.get(root),
                )
                for root in members
                if root in self.kinds
            ]
            for key, iri in reconcile(candidates, reconcile_with).items():
                links[key].add(iri)
        for kind, name, iris in overrides.links:
            key = self._key_for(kind, name)
            links[mapping.get(key, key)].update(iris)
        return Resolution(
            mapping={k: v for k, v in mapping.items() if k != v},
            labels=labels,
            links={k: tuple(sorted(v)) for k, v in links.items()},
            dropped_aliases=dropped,
            events=_same_events(self.events, lambda key: mapping.get(key, key), labels),
            evidence={root: tuple(sorted(reasons)) for root, reasons in why.items()},
        )

    def _org_variants(self, orgs: list[str], split_keys: set[str]) -> list[tuple[str, str, str]]:
        """Pairs of organisation keys that name one body across the build, each with why.

        Long names one letter apart are one ("... Defence ..." / "... Defense ..."); a name
        behind a place ("U.S. Air Force") is the same name behind the same place ("United
        States Air Force"), and the bare name ("Air Force") the one placed body that the
        articles using it also name, by any of its names ("USAF"); an acronym written in capitals joins the one name it
        abbreviates ("SIA", "Singapore Airlines"); a name less its last word joins the one
        name it shortens, unless that word names another body, a place or a title ("Lorne"
        and "Lorne Grumby", not "Lorne Europe").
        """
        names = {key: split_key(key)[1] for key in orgs if "@" not in key and key not in split_keys}
        found: list[tuple[str, str, str]] = []

        def shown(key: str) -> str:
            return self.labels[key].most_common(1)[0][0] if self.labels.get(key) else names[key]

        same = UnionFind(names)  # what is already one, so that "one candidate" counts bodies

        def join(key: str, other: str, why: str) -> None:
            found.append((key, other, why))
            same.union(key, other)

        by_start: dict[str, list[str]] = defaultdict(list)  # all words but the last -> keys
        by_letter: dict[str, list[str]] = defaultdict(list)
        # names alike but for one word, found by blanking each word in turn: linear in the names
        by_shape: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for key, name in names.items():
            words = name.split()
            if len(words) >= 2:
                by_start[" ".join(words[:-1])].append(key)
                by_letter[name[0]].append(key)
                for i in range(1, len(words)):
                    by_shape[(*words[:i], "*", *words[i + 1 :])].append(key)
        if on("org_spelling"):
            for blank, keys in sorted(by_shape.items()):
                if len(keys) < 2:
                    continue
                at = blank.index("*")
                keys = sorted(keys, key=lambda k: names[k].split()[at])
                # every pair of a small group; neighbours in spelling order in a big one (bounded time)
                pairs = (
                    [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
                    if len(keys) <= _ALL_PAIRS
                    else list(pairwise(keys))
                )
                for a, b in pairs:
                    if same.find(a) != same.find(b) and spelling_variants(names[a], names[b]):
                        join(b, a, f"{shown(a)!r} spelt otherwise")
        bare_names: list[tuple[str, list[str]]] = []  # ("air force", one key per place it is named behind)
        if on("org_placed_name"):
            placed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # rest -> place -> keys
            for key, name in names.items():
                split = place_prefix(name)
                if split is not None:
                    placed[split[1]][split[0]].append(key)
            for rest, by_place in sorted(placed.items()):
                for keys in by_place.values():
                    for other in sorted(keys)[1:]:
                        join(
                            other, sorted(keys)[0], f"the same name behind the same place as {shown(sorted(keys)[0])!r}"
                        )
                bare = f"{Kind.ORGANIZATION}:{rest}"
                if bare in names:
                    bare_names.append((bare, [sorted(keys)[0] for _, keys in sorted(by_place.items())]))
        for key, name in names.items():
            if " " not in name and any(f.isupper() and len(f) >= 2 for f in self.labels.get(key, ())):
                if on("org_acronym_letters"):
                    candidates = (
                        o
                        for o in by_letter.get(name[0], ())
                        if o != key and any(is_acronym_of(name, f) for f in (names[o], *self.labels.get(o, ())))
                    )
                else:
                    candidates = (
                        o for o in by_letter.get(name[0], ()) if o != key and initials(names[o], _INITIALS_SKIP) == name
                    )
                expanded = {same.find(o) for o in candidates}
                if len(expanded) == 1 and same.find(key) not in expanded:
                    [whole] = expanded
                    join(key, whole, f"the acronym of {shown(whole)!r}")
                    continue
            # one body, however many spellings it has ("lorne motor", "lorne motors")
            longer = sorted({same.find(o) for o in by_start.get(name, [])})
            # an article that names both apart has told them apart ("Lorne ... Lorne Grumby, its rival")
            if (
                on("org_short_form")
                and len(longer) == 1
                and shortens(name, names[longer[0]])
                and not any(
                    self.articles.get(key, set()) & self.articles.get(o, set())
                    for o in by_start.get(name, [])
                    if same.find(o) == longer[0]
                )
            ):
                join(key, longer[0], f"{shown(longer[0])!r} less its last word")
        if bare_names:
            # after acronyms and short forms: an article naming the body by any of its names counts
            bodies: dict[str, set[str]] = defaultdict(set)
            for key in names:
                bodies[same.find(key)] |= self.articles.get(key, set())
            for bare, firsts in bare_names:
                # the placed bodies that the articles using the bare name also name, by any name
                beside = [f for f in firsts if self.articles.get(bare, set()) & bodies[same.find(f)]]
                if len(beside) == 1 and same.find(bare) != same.find(beside[0]):
                    join(bare, beside[0], f"named beside {shown(beside[0])!r} in one article, the only such name")
        return found

    def _alias_owners(self, mapping: dict[str, str], labels: dict[str, str]) -> dict[str, frozenset[str]]:
        """An alias belongs to one node: the entity it is the label of, else the one naming it most."""
        claims: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for key, forms in self.labels.items():
            root = mapping.get(key, key)
            for form, count in forms.items():
                claims[(self.kinds[key], form)][root] += count
        owners: dict[tuple[str, str], str] = {}
        for root, label in labels.items():
            owners.setdefault((self.kinds.get(root, ""), label), root)
        dropped: dict[str, set[str]] = defaultdict(set)
        for (kind, form), holders in claims.items():
            if len(holders) < 2 and (kind, form) not in owners:
                continue
            owner = owners.get((kind, form)) or max(sorted(holders), key=lambda h: holders[h])
            for holder in holders:
                if holder != owner:
                    dropped[holder].add(form)
        return {k: frozenset(v) for k, v in dropped.items()}

    def _key_for(self, kind: str, name: str) -> str:
        candidates = [entity_key(kind, name)]
        for key, known in self.kinds.items():
            if known == kind and name in self.labels.get(key, {}):
                candidates.insert(0, key)
                break
        return candidates[0]


@dataclass(frozen=True)
class Resolution:
    """Cross-article merges (old key -> new key), preferred labels and curator links."""

    mapping: dict[str, str]
    labels: dict[str, str]
    links: dict[str, tuple[str, ...]]
    dropped_aliases: dict[str, frozenset[str]] = field(default_factory=dict)
    # (article, event key) -> the first report of the same event, and why they are one
    events: dict[tuple[str, str], tuple[Event, str]] = field(default_factory=dict)
    # entity key -> why other names of the build were taken to be it
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _names(self, entities: dict[str, Entity]) -> dict[str, str]:
        return {key: self.labels.get(key, entity.label) for key, entity in entities.items()}

    def key(self, key: str) -> str:
        """The key an entity has after consolidation."""
        return self.mapping.get(key, key)

    def apply(self, extraction: Extraction) -> Extraction:
        """Rewrite one article's extraction with the build-wide keys, labels and links."""
        merged: dict[str, Entity] = {}
        for entity in extraction.entities:
            key = self.key(entity.key)
            old = merged.get(key)
            aliases = set(entity.aliases) | {entity.label}
            if old is not None:
                aliases |= set(old.aliases) | {old.label}
            label = self.labels.get(key, entity.label)
            base = old or entity
            merged[key] = replace(
                base,
                key=key,
                kind=split_key(key)[0].value,
                label=label,
                aliases=tuple(sorted(aliases - {label} - self.dropped_aliases.get(key, frozenset()))),
                same_as=tuple(sorted(set(base.same_as) | set(entity.same_as) | set(self.links.get(key, ())))),
                nationality=self.key(base.nationality) if base.nationality else None,
                evidence=self.evidence.get(key, ()),
            )
        k = self.key
        # the article's entities' labels over the build's: looked up, not copied for every event
        labels = ChainMap(self._names(merged), self.labels)
        # a record whose keys stay the same is kept as it is (replace() costs microseconds a call,
        # and a rebuild applies the resolution to every article)
        return replace(
            extraction,
            entities=tuple(sorted(merged.values(), key=lambda e: e.key)),
            mentions=tuple(
                m if k(m.entity) == m.entity else replace(m, entity=k(m.entity)) for m in extraction.mentions
            ),
            events=tuple(
                _event(e, k, labels, self.events.get((extraction.article.key, e.key))) for e in extraction.events
            ),
            quotes=tuple(_quote(q, k) for q in extraction.quotes),
            roles=tuple(_role(r, k) for r in extraction.roles),
        )


# names alike but for one word compared pair by pair up to this many; beyond, neighbours only
_ALL_PAIRS = 64


# the words initials skip across the build (with org_acronym_letters off)
_INITIALS_SKIP = frozenset({"of", "and", "the", "for", "&"})


def _quote(quote: Quote, k) -> Quote:
    speaker = k(quote.speaker) if quote.speaker else None
    return quote if speaker == quote.speaker else replace(quote, speaker=speaker)


def _role(role: Role, k) -> Role:
    holder = k(role.holder)
    organization = k(role.organization) if role.organization else None
    affiliation = k(role.affiliation) if role.affiliation else None
    if (holder, organization, affiliation) == (role.holder, role.organization, role.affiliation):
        return role
    return replace(role, holder=holder, organization=organization, affiliation=affiliation)


def _event(event: Event, k, labels: Mapping[str, str], same: tuple[Event, str] | None) -> Event:
    participants = tuple(Participant(p.role, k(p.entity)) for p in event.participants)
    label = event_label(event.kind, participants, event.time, labels)
    if same is not None:
        # a later report of an event: the node is the first report's, and so are its one label and
        # date (this article's own words for the date would contradict them, or repeat them)
        first, evidence = same
        first_participants = tuple(Participant(p.role, k(p.entity)) for p in first.participants)
        label = event_label(first.kind, first_participants, first.time, labels)
        event = replace(event, key=first.key, same_as_evidence=evidence, time=None, as_of=None, not_after=None)
    return replace(
        event,
        label=label,
        place=k(event.place) if event.place else None,
        participants=participants,
        reported_by=k(event.reported_by) if event.reported_by else None,
    )


@dataclass(frozen=True)
class _Report:
    """A dated event as one article reports it: enough to tell whether another report is of it."""

    article: str
    event: Event
    bounds: tuple[str, str]  # earliest and latest ISO day it can have happened on
    who: dict[str, str]  # entity key -> agent or patient


def _bounds(event: Event) -> tuple[str, str] | None:
    """The days an event can have happened on, from its date or its article's date."""
    if event.time is not None:
        return day_bounds(event.time.value)
    anchor = event.as_of or event.not_after
    if anchor is None:
        return None
    return day_bounds(recent(dt.date.fromisoformat(anchor)))


def _same_events(reports: list[_Report], key_of, labels: dict[str, str]) -> dict[tuple[str, str], tuple[Event, str]]:
    """For each report of an event another article reported first, that first report and why."""
    firsts: dict[tuple[str, str], list[tuple[_Report, dict[str, str]]]] = defaultdict(list)
    same: dict[tuple[str, str], tuple[Event, str]] = {}
    for report in reports:
        who = {key_of(e): role for e, role in report.who.items()}
        candidates = firsts[(report.event.kind, report.event.factuality)]
        match = next((f for f in candidates if f[0].article != report.article and _agree(f, report, who)), None)
        if match is None:
            candidates.append((report, who))
            continue
        first, first_who = match
        shared = sorted(labels.get(e, split_key(e)[1]) for e in set(who) & set(first_who))
        same[(report.article, report.event.key)] = (
            first.event,
            f"same class and factuality, shared {', '.join(shared)}, dates {'/'.join(report.bounds)} and "
            f"{'/'.join(first.bounds)} agree; first reported in article {first.article}",
        )
    return same


# the widest date range that can still single out one happening: a month
_PRECISE_DAYS = 31


def _days(bounds: tuple[str, str]) -> int:
    """How many days a range covers, give or take three (day_bounds ends every month on the 31st)."""
    try:
        lo, hi = (dt.date(int(b[:4]), int(b[5:7]), min(int(b[8:10]), 28)) for b in bounds)
    except ValueError:
        return _PRECISE_DAYS + 1  # a value this code cannot read identifies nothing
    return (hi - lo).days + 1


def _agree(first: tuple[_Report, dict[str, str]], report: _Report, who: dict[str, str]) -> bool:
    earlier, earlier_who = first
    if earlier.bounds[1] < report.bounds[0] or report.bounds[1] < earlier.bounds[0]:
        return False  # dates that cannot both hold
    if _days(earlier.bounds) > _PRECISE_DAYS or _days(report.bounds) > _PRECISE_DAYS:
        return False  # "in 2005": a firm makes many sales in a year; a date that loose identifies none
    for role in ("agent", "patient"):
        mine = {e for e, r in who.items() if r == role}
        theirs = {e for e, r in earlier_who.items() if r == role}
        if mine and theirs and not mine & theirs:
            return False
    return bool(set(who) & set(earlier_who))
