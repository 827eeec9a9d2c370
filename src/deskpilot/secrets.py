"""Secrets are stored as references (``env:NAME`` or ``file:/path``), never as values, and read when used."""

from __future__ import annotations

import os
from pathlib import Path

SCHEMES = ("env", "file")


class SecretError(ValueError):
    """A secret reference that is malformed or points at nothing."""


def is_reference(ref: str) -> bool:
    """True for ``env:NAME`` or ``file:/path``."""
    scheme, _, target = ref.partition(":")
    return scheme in SCHEMES and bool(target.strip())


def resolve_secret(ref: str | None) -> str | None:
    """The secret a reference points at: ``env:NAME`` (environment) or ``file:/path`` (first line of a file)."""
    if ref is None or not ref.strip():
        return None
    if not is_reference(ref):
        raise SecretError(f"secret reference {ref[:12]!r}… is neither env:NAME nor file:/path (secrets are never "
                          "stored as values)")
    scheme, _, target = ref.partition(":")
    if scheme == "env":
        value = os.environ.get(target)
        if value is None:
            raise SecretError(f"the environment variable {target} named by a secret reference is unset")
        return value
    try:
        return Path(target).read_text(encoding="utf-8").splitlines()[0].strip()
    except (OSError, IndexError) as exc:
        raise SecretError(f"cannot read the secret file {target}: {exc}") from exc
