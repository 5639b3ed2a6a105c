"""Store credentials from the environment, and the redaction that keeps them out of every message."""

from __future__ import annotations

import base64
import os
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from .errors import UsageError

ENVIRONMENT = ("KG_STORE_USER", "KG_STORE_PASSWORD", "KG_STORE_TOKEN")
AUTH_SCHEMES = ("auto", "basic", "digest")
_USERINFO = re.compile(r"(?<=://)[^/?#\s@]*@")


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials for a store: user and password (Basic or Digest) or a bearer token."""

    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    # how a user and password are sent: Basic, Digest, or Basic first and Digest if the store asks
    scheme: str = "auto"

    @classmethod
    def from_environment(cls) -> Credentials:
        """KG_STORE_USER / KG_STORE_PASSWORD or KG_STORE_TOKEN; a value with a control character is refused."""
        for name in ENVIRONMENT:
            value = os.environ.get(name)
            if value is not None and any(unicodedata.category(c) in {"Cc", "Cs"} for c in value):
                raise UsageError(f"{name} holds a control character or undecodable byte; set it again without")
        token = os.environ.get("KG_STORE_TOKEN")
        if token is not None and not (token.isascii() and token.isprintable()):
            raise UsageError("KG_STORE_TOKEN must be printable ASCII (an HTTP header carries it); set it again")
        scheme = os.environ.get("KG_STORE_AUTH", "auto").strip().lower() or "auto"
        if scheme not in AUTH_SCHEMES:
            raise UsageError(f"KG_STORE_AUTH must be one of {', '.join(AUTH_SCHEMES)}, not {scheme[:20]!r}")
        return cls(*(os.environ.get(name) for name in ENVIRONMENT), scheme=scheme)

    def header(self) -> dict[str, str]:
        """The Authorization header, if any credentials are set."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            raw = f"{self.user}:{self.password or ''}".encode("utf-8", "surrogateescape")
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        return {}


def secrets_in_environment() -> list[str]:
    """Every form in which a secret from the environment could appear in a message."""
    forms: set[str] = set()
    user = os.environ.get("KG_STORE_USER")
    for name in ("KG_STORE_PASSWORD", "KG_STORE_TOKEN"):
        value = os.environ.get(name)
        if not value:
            continue
        for variant in (value, value.strip()):
            # a one- or two-character secret would blank out ordinary words; bytes the locale could
            # not decode reach Python as surrogate escapes, and every form must take them
            if len(variant) >= 3:
                forms |= {
                    variant,
                    repr(variant)[1:-1],
                    quote(variant, safe="", errors="surrogateescape"),
                    variant.encode("unicode_escape").decode(),
                }
        if name == "KG_STORE_PASSWORD" and user is not None:
            forms.add(base64.b64encode(f"{user}:{value}".encode("utf-8", "surrogateescape")).decode("ascii"))
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    """Text with the user-info of URLs and every known secret (from the environment too) replaced by '***'."""
    text = _USERINFO.sub("***@", text)
    for secret in [*(secrets or ()), *secrets_in_environment()]:
        if secret:
            text = text.replace(secret, "***")
    return text
