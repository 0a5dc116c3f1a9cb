"""Random strings for secrets: the requested length, only allowed characters, never repeated."""

from __future__ import annotations

import pytest

from lilya.crypto import SECRET_KEY_CHARS, get_random_secret_key, get_random_string


def test_random_string_defaults_to_twelve_alphanumerics() -> None:
    value = get_random_string()
    assert len(value) == 12
    assert value.isascii()
    assert value.isalnum()


def test_random_string_uses_only_the_allowed_characters() -> None:
    value = get_random_string(200, allowed_chars="ab")
    assert len(value) == 200
    assert set(value) == {"a", "b"}  # 200 draws from two characters use both


def test_random_strings_differ() -> None:
    assert len({get_random_string(32) for _ in range(50)}) == 50


def test_zero_or_negative_length_is_empty_and_no_characters_are_refused() -> None:
    """Lilya 0.7.5 gives "" for a negative length too."""
    assert get_random_string(0) == ""
    assert get_random_string(-1) == ""
    with pytest.raises(ValueError, match="empty"):
        get_random_string(5, allowed_chars="")


@pytest.mark.parametrize(("length", "expected"), [(50, 50), (None, 50), (64, 64)])
def test_secret_key_length(length: int | None, expected: int) -> None:
    # None means the default (Lilya 0.7.5 fails with a TypeError there).
    key = get_random_secret_key(length)
    assert len(key) == expected
    assert set(key) <= set(SECRET_KEY_CHARS)


def test_secret_keys_draw_from_punctuation_too() -> None:
    drawn = set("".join(get_random_secret_key() for _ in range(40)))
    assert drawn - set("abcdefghijklmnopqrstuvwxyz0123456789")
