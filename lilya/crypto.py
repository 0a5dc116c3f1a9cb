"""Random strings for secrets (keys, tokens), drawn from the operating system's CSPRNG."""

from __future__ import annotations

import secrets
import string

__all__ = ["SECRET_KEY_CHARS", "get_random_secret_key", "get_random_string"]

_ALPHANUMERIC = string.ascii_letters + string.digits
# Letters, digits and punctuation that need no quoting in a settings file or a shell.
SECRET_KEY_CHARS = string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)"


def get_random_string(length: int = 12, allowed_chars: str = _ALPHANUMERIC) -> str:
    """`length` characters picked independently and uniformly from `allowed_chars`; a
    negative length gives an empty string, as in Lilya 0.7.5."""
    if length <= 0:
        return ""
    if not allowed_chars:
        raise ValueError("allowed_chars must not be empty.")
    return "".join(secrets.choice(allowed_chars) for _ in range(length))


def get_random_secret_key(length: int | None = 50) -> str:
    """A secret key for signing (sessions, CSRF): 50 characters by default, about 280 bits."""
    return get_random_string(50 if length is None else length, SECRET_KEY_CHARS)
