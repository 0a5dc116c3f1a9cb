"""Enumerations for settings: `StrEnum` and `EnvironmentType`, the conventional environments."""

from __future__ import annotations

from lilya.enums import StrEnum

__all__ = ["EnvironmentType", "StrEnum"]


class EnvironmentType(StrEnum):
    """Conventional environment names; members compare and format as their value."""

    DEVELOPMENT = "development"
    TESTING = "testing"
    PRODUCTION = "production"
