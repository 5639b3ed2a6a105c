"""Frozen records passed from one pipeline stage to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """A region of the analysed text: title, heading, paragraph, embed or attribution."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One article as read: the analysed text and its metadata."""

    key: str
    source: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    agency: str | None = None
    blocks: tuple[Block, ...] = ()
    checksum: str = ""
    collides_with: str | None = None  # the source of an earlier article that had this article's key
    language: str | None = None  # as the page declares it (BCP 47), if it does
    site_name: str | None = None  # the name a page gives its site ("The Daily Planet")
    archive_record: str | None = None  # the WARC-Record-ID of the capture it was read from
    captured: str | None = None  # when that capture was made (the WARC-Date)

    @property
    def publisher_host(self) -> str | None:
        """The url's host without a leading ``www.``, if the url is one."""
        if not self.url:
            return None
        from urllib.parse import urlsplit

        try:
            host = (urlsplit(self.url).hostname or "").lower()
        except ValueError:  # "http://[::1" and other broken urls
            return None
        return host.removeprefix("www.") or None


@dataclass(frozen=True)
class Failure:
    """An input left out of a build: where, at which stage, and a one-line message saying why."""

    source: str
    message: str
    stage: str = "read"


@dataclass(frozen=True)
class Skip:
    """An input part that holds no article (a request record, a PDF in an archive): counted, not failed."""

    source: str
    reason: str


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the analysed text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Geo:
    """What GeoNames or ISO 3166 says about a place."""

    geonames_id: int | None
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str | None
    feature: str  # country, admin1, city, region
    population: int = 0
    iso_code: str | None = None
    admin1: str | None = None  # a city's first-level subdivision, GeoNames style: "US.WA", "CA.08"


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place named in an article."""

    key: str
    kind: str  # Person, Organization, Place, Product
    label: str
    aliases: tuple[str, ...] = ()
    geo: Geo | None = None
    same_as: tuple[str, ...] = ()
    nationality: str | None = None  # entity key of a Place
    evidence: tuple[str, ...] = ()  # why other names of the build were taken to be this entity
    maker: str | None = None  # a product's: entity key of the organisation that makes it


@dataclass(frozen=True)
class Mention:
    """Characters of the text that name an entity."""

    start: int
    end: int
    text: str
    entity: str  # Entity.key
    rule: str = "model"  # the extraction rule that made or typed the span (kg.rules), or "model"


@dataclass(frozen=True)
class TimeValue:
    """A temporal expression normalised against the publication date."""

    start: int
    end: int
    text: str
    value: str  # ISO form: 2024-01-31, 2024-01, 2024, or 2024-01-22/2024-01-28
    datatype: str  # date, gYearMonth, gYear, interval


@dataclass(frozen=True)
class Quantity:
    """A number the text attaches to something ("195 soldiers", "$40 billion")."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # a currency code or the counted noun


@dataclass(frozen=True)
class Participant:
    """An entity taking part in an event, with its role."""

    role: str  # agent, patient, mediator, location
    entity: str  # Entity.key


@dataclass(frozen=True)
class Event:
    """Something that happened, as the article reports it."""

    key: str
    kind: str  # a class name of the event taxonomy
    label: str
    triggers: tuple[Span, ...]
    sentence: Span
    time: TimeValue | None = None
    place: str | None = None  # Entity.key
    participants: tuple[Participant, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    reported_by: str | None = None  # Entity.key of whoever the article says reported it
    factuality: str = "Asserted"  # Asserted, Negated, Possible or Future
    factuality_rule: str | None = None  # the rule that decided it was not asserted
    factuality_cue: Span | None = None  # the word that says so: "not", "will", "plans"
    as_of: str | None = None  # the publication date, when the tense places the event there and the text gives no date
    not_after: str | None = None  # the publication date, for an undated event told in the past tense
    same_as_evidence: str | None = None  # why another article's report of it was taken to be the same event


@dataclass(frozen=True)
class Quote:
    """Words the article puts in someone's mouth."""

    span: Span
    speaker: str | None  # Entity.key
    cue: str | None
    sentence: Span
    direct: bool = True  # False: reported speech, an attributed claim


@dataclass(frozen=True)
class Role:
    """A position someone holds, as the article states it."""

    title: str
    holder: str  # Entity.key
    organization: str | None  # Entity.key of an organisation or place
    evidence: Span
    status: str | None = None  # "former", "acting", "interim", "outgoing", "designate": not a plain current holder
    affiliation: str | None = None  # Entity.key of the party the holder belongs to ("Republican senator X")


@dataclass(frozen=True)
class ModelInfo:
    """The software that made an extraction."""

    software: str
    version: str
    model: str
    model_version: str


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    model: ModelInfo
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeValue, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    roles: tuple[Role, ...] = ()
    sentences: tuple[Span, ...] = field(default=(), repr=False)
