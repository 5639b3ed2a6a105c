"""Named extraction rules: a registry to list them, switch them off one by one and say which one decided.

Each rule of the extraction components registers here with a name, the stage it belongs
to and a one-line summary (the way pySHACL lists its constraint components and SUTime its
rule files). A :class:`RuleSet` says which rules run: all of the default profile except
those switched off (``kg build --disable-rule NAME``, the ``disabled_rules`` setting of the
``kg_entities`` component); rules of an opt-in profile run only when it is asked for.
Spans a rule made or typed carry its name (``Span.id_``), and so do the mentions kg
publishes, so ``kg eval --errors`` can say which rule made each mistake.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from .errors import UsageError

PROFILES = {
    "default": "rules that help on news of any period and source",
    "wire": "1980s wire copy and its benchmark's conventions: tickers after names, table rows, credit ratings, a "
    "closing agency signature, no country qualifying a thing ('the U.S. dollar') as a mention",
    "extra": "rules with no measured effect on the development corpora (bench/ablate.py), for texts that need them",
}
MODEL = "model"  # what a span carries when no rule changed the model's decision


@dataclass(frozen=True)
class Rule:
    """One rule: its name, the stage it acts in, what it does, and the profile it belongs to."""

    name: str
    stage: str  # split, trim, drop, type, extend, complete, resolve, identity, or a later stage (factuality)
    summary: str
    profile: str = "default"


RULES: dict[str, Rule] = {}


def register(name: str, stage: str, summary: str, profile: str = "default") -> str:
    """Add a rule to the registry (once, at import) and return its name."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    existing = RULES.get(name)
    if existing is not None and existing != Rule(name, stage, summary, profile):
        raise ValueError(f"rule {name!r} is registered twice")
    RULES[name] = Rule(name, stage, summary, profile)
    return name


@dataclass(frozen=True)
class RuleSet:
    """Which rules run: the rules of the chosen profiles, less the ones switched off."""

    disabled: frozenset[str] = frozenset()
    profiles: frozenset[str] = field(default_factory=lambda: frozenset({"default"}))

    @classmethod
    def of(cls, disabled: Iterable[str] = (), profiles: Iterable[str] = ("default",)) -> RuleSet:
        """A rule set from names, checked against the registry."""
        disabled, profiles = frozenset(disabled), frozenset(profiles)
        unknown = sorted(disabled - set(RULES))
        if unknown:
            raise UsageError(f"no rule named {', '.join(unknown)}; 'kg rules' lists them")
        if profiles - set(PROFILES):
            raise UsageError(
                f"no rule profile {', '.join(sorted(profiles - set(PROFILES)))}; known: {', '.join(PROFILES)}"
            )
        return cls(disabled, profiles)

    def on(self, name: str) -> bool:
        """Whether the rule runs."""
        return name not in self.disabled and RULES[name].profile in self.profiles

    def names(self) -> list[str]:
        """The rules that run, in registry order."""
        return [name for name in RULES if self.on(name)]


_DEFAULT = RuleSet()
_ACTIVE: ContextVar[RuleSet | None] = ContextVar("kg_rules", default=None)


def on(name: str) -> bool:
    """Whether a rule runs under the rule set in force (see :func:`using`); the default set otherwise."""
    return (_ACTIVE.get() or _DEFAULT).on(name)


@contextlib.contextmanager
def using(rules: RuleSet) -> Iterator[RuleSet]:
    """Put a rule set in force for the code inside (one document's component call or analysis)."""
    token = _ACTIVE.set(rules)
    try:
        yield rules
    finally:
        _ACTIVE.reset(token)
