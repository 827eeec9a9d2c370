"""One key per person across channels: normalised e-mail, else phone, else the connector's customer id, hashed."""

from __future__ import annotations

import hashlib
import re

_NON_DIGITS = re.compile(r"\D+")


def normalise_phone(phone: str) -> str | None:
    """Digits only, an international 00 prefix read as +; None when too short to identify anyone."""
    digits = _NON_DIGITS.sub("", phone.strip())
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= 7 else None


def identity_key(*, email: str | None, phone: str | None, source: str, external_id: str) -> str:
    """SHA-256 of the strongest identifier: the same person writing by e-mail and chat gets the same key, and the
    key itself reveals no contact detail."""
    if email and "@" in email:
        basis = "email:" + email.strip().lower()
    elif phone and (digits := normalise_phone(phone)):
        basis = "phone:" + digits
    else:
        basis = f"id:{source}:{external_id}"
    return hashlib.sha256(basis.encode()).hexdigest()
