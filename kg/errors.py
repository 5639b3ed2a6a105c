"""The one exception tree of kg.

Every error kg raises derives from :class:`KgError`. Library code raises; only
``kg.cli`` turns an error into a message and an exit code. Each message says what
went wrong and how to fix it.

    KgError
    ├── UsageError            bad arguments or settings (exit 2)
    │   └── ConfigError       a malformed kg.toml or overrides file
    ├── EnvironmentProblem    something missing from the machine (exit 2)
    │   └── ModelNotFound     the spaCy pipeline is not installed
    ├── InputError            one article could not be read (exit 1, others go on)
    ├── ValidationFailed      data did not conform to the shapes (exit 1)
    ├── QueryError            a canned query is missing, malformed or got bad parameters
    │   └── ParameterError
    └── StoreError            the triple store could not be reached or refused a request (exit 2)
        ├── StoreUnavailable
        └── StoreRejected
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises."""

    exit_code = 2


class UsageError(KgError):
    """Arguments or settings that cannot work."""


class ConfigError(UsageError):
    """A configuration or overrides file that cannot be used."""


class EnvironmentProblem(KgError):
    """Something the machine lacks (a model, a program, a folder)."""


class ModelNotFound(EnvironmentProblem):
    """The named spaCy pipeline is not installed."""


class InputError(KgError):
    """One input could not be read as an article."""

    exit_code = 1

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class ValidationFailed(KgError):
    """RDF that does not conform to the shapes."""

    exit_code = 1


class QueryError(KgError):
    """A canned query that cannot be found or run."""


class ParameterError(QueryError):
    """A query parameter that is unknown, missing or of the wrong form."""


class StoreError(KgError):
    """A triple store that cannot be reached or refused a request."""


class StoreUnavailable(StoreError):
    """The store did not answer (refused, timed out, DNS)."""


class StoreRejected(StoreError):
    """The store answered with an error status."""


class RequestTooLarge(StoreRejected):
    """The store refused a request for its size (HTTP 413, Virtuoso's SP031); a smaller one may pass."""


def one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
