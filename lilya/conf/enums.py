"""Enumerations for settings: `StrEnum`, a str-valued enum that formats as its value."""

from __future__ import annotations

from lilya.enums import StrEnum

__all__ = ["StrEnum"]
