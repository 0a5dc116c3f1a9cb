from __future__ import annotations

from lilya.conf.enums import StrEnum


class Environment(StrEnum):
    PRODUCTION = "production"


def test_str_enum_members_are_their_values() -> None:
    assert str(Environment.PRODUCTION) == "production"
    assert f"{Environment.PRODUCTION}" == "production"
    assert Environment.PRODUCTION == "production"
    assert Environment("production") is Environment.PRODUCTION
