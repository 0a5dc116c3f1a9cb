from __future__ import annotations

from lilya.conf.enums import StrEnum


class Environment(StrEnum):
    PRODUCTION = "production"


def test_str_enum_members_are_their_values() -> None:
    assert str(Environment.PRODUCTION) == "production"
    assert f"{Environment.PRODUCTION}" == "production"
    assert Environment.PRODUCTION == "production"
    assert Environment("production") is Environment.PRODUCTION


def test_environment_type_is_a_str_enum_of_the_three_environments() -> None:
    """Lilya 0.7.5: lilya.conf.enums.EnvironmentType, members with .value."""
    from enum import Enum

    from lilya.conf.enums import EnvironmentType

    assert issubclass(EnvironmentType, str)
    assert issubclass(EnvironmentType, Enum)
    assert [member.value for member in EnvironmentType] == ["development", "testing", "production"]
    assert EnvironmentType("testing") is EnvironmentType.TESTING
    assert f"{EnvironmentType.DEVELOPMENT}" == "development"


def test_global_settings_use_the_same_environment_type() -> None:
    from lilya.conf import global_settings
    from lilya.conf.enums import EnvironmentType

    assert global_settings.EnvironmentType is EnvironmentType
    assert global_settings.Settings().environment is EnvironmentType.PRODUCTION
    assert global_settings.Settings().environment == "production"
