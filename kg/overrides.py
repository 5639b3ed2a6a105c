"""Curator overrides (``kg.toml``): merges, splits, types and links that a build applies."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .identity import norm
from .iri import external_iri

_KINDS = {
    "person": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "place": "Place",
    "product": "Product",
}


@dataclass(frozen=True)
class Overrides:
    """What a curator forces: merges, splits, types and links (from kg.toml)."""

    merges: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, names): first name is the label
    splits: frozenset[tuple[str, str]] = frozenset()  # (kind, name) never merged into another
    types: tuple[tuple[str, str], ...] = ()  # (name, kind)
    links: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (kind, name, IRIs)
    source: str | None = None

    def type_of(self, name: str) -> str | None:
        """The kind the curator forces for a name, if any."""
        wanted = norm(name)
        return next((kind for n, kind in self.types if norm(n) == wanted), None)


def load_overrides(path: str | Path | None) -> Overrides:
    """Read a curator overrides file (TOML); a missing default file means no overrides."""
    if path is None:
        return Overrides()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such overrides file; create it or leave out --overrides") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the overrides file ({exc.strerror or exc})") from exc

    def kind(value: object, where: str) -> str:
        found = _KINDS.get(value.lower()) if isinstance(value, str) else None
        if not found:
            raise ConfigError(f"{path}: {where}: kind must be person, organization or place, not {value!r}")
        return found

    def names(entry: dict, where: str) -> tuple[str, ...]:
        values = entry.get("names") or ([entry["name"]] if "name" in entry else [])
        if isinstance(values, str):
            values = [values]
        if not values or not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f'{path}: {where}: give "name" or "names" as non-empty strings')
        return tuple(v.strip() for v in values)

    def entries(table: str) -> list[tuple[str, dict]]:
        found = data.get(table, [])
        if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
            raise ConfigError(f"{path}: {table} must be a list of tables, written [[{table}]]")
        return [(f"[[{table}]] #{i}", entry) for i, entry in enumerate(found, 1)]

    merges, splits, types, links = [], set(), [], []
    for where, entry in entries("merge"):
        found = names(entry, where)
        if len(found) < 2:
            raise ConfigError(f"{path}: {where}: list at least two names to merge")
        merges.append((kind(entry.get("kind"), where), found))
    for where, entry in entries("split"):
        for name in names(entry, where):
            splits.add((kind(entry.get("kind"), where), name))
    for where, entry in entries("type"):
        for name in names(entry, where):
            types.append((name, kind(entry.get("kind"), where)))
    for where, entry in entries("link"):
        iris = entry.get("same_as") or []
        if isinstance(iris, str):
            iris = [iris]
        checked = [external_iri(v) for v in iris] if isinstance(iris, list) else [None]
        if not checked or None in checked:
            raise ConfigError(f"{path}: {where}: same_as must be one or more http(s) IRIs")
        for name in names(entry, where):
            links.append((kind(entry.get("kind"), where), name, tuple(checked)))
    return Overrides(tuple(merges), frozenset(splits), tuple(types), tuple(links), str(path))
