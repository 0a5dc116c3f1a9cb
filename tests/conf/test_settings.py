from __future__ import annotations

import pytest

from lilya.conf import ENVIRONMENT_VARIABLE, LilyaLazySettings, load_settings_class, reload_settings
from lilya.conf.global_settings import Settings
from lilya.exceptions import ImproperlyConfigured


class ProjectSettings(Settings):
    debug: bool = True
    version: str = "9.9"


def test_defaults_apply_when_the_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    lazy = LilyaLazySettings()
    assert lazy.debug is False
    assert lazy.routes == []
    assert lazy.default_route_pattern == "route_patterns"


def test_variable_names_the_settings_class(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "tests.conf.test_settings.ProjectSettings")
    lazy = LilyaLazySettings()
    assert repr(lazy) == "<LilyaLazySettings [Unevaluated]>"
    assert lazy.version == "9.9"
    assert repr(lazy) == '<LilyaLazySettings "ProjectSettings">'
    assert reload_settings() is ProjectSettings


def test_bad_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "tests.conf.missing_module.Nope")
    with pytest.raises(ImproperlyConfigured, match=ENVIRONMENT_VARIABLE):
        LilyaLazySettings().debug  # noqa: B018


@pytest.mark.parametrize(
    "path", ["nodots", "tests.conf.test_settings.NotThere", "tests.conf.test_settings.pytest"]
)
def test_paths_that_do_not_name_a_settings_class(path: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="LILYA_SETTINGS_MODULE"):
        load_settings_class(path)


def test_colon_form_is_accepted() -> None:
    assert load_settings_class("tests.conf.test_settings:ProjectSettings") is ProjectSettings


def test_configure_overrides_and_reset_forgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    lazy = LilyaLazySettings()
    assert not lazy.configured
    lazy.configure(ProjectSettings)
    assert lazy.configured
    assert lazy.debug is True
    lazy.debug = False
    assert lazy.debug is False
    lazy.reset()
    assert lazy.debug is False
    lazy.configure(ProjectSettings())
    assert lazy.version == "9.9"


def test_settings_dict_lists_fields() -> None:
    values = ProjectSettings().dict()
    assert values["debug"] is True
    assert "app" not in ProjectSettings().dict(exclude_none=True)


def test_settings_properties_have_empty_defaults() -> None:
    settings = Settings()
    assert settings.middleware == []
    assert settings.permissions == []
    assert settings.exception_handlers == {}
    # Lilya 0.7.5's defaults: None, not empty lists.
    assert settings.on_startup is None
    assert settings.on_shutdown is None
    assert settings.lifespan is None


def test_setting_before_loading_loads_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    lazy = LilyaLazySettings()
    lazy.environment = "testing"
    assert lazy.environment == "testing"


class WithMutableDefaults(Settings):
    allowed_hosts: list[str] = ["*"]


def test_subclasses_need_no_decorator_and_copy_mutable_defaults() -> None:
    first, second = WithMutableDefaults(), WithMutableDefaults()
    first.allowed_hosts.append("example.com")
    assert second.allowed_hosts == ["*"]
    assert ProjectSettings().version == "9.9"


def test_settings_tuple_lists_fields_as_pairs_like_lilya() -> None:
    # Lilya 0.7.5: Settings.tuple(exclude_none=False, upper=False) -> list of (name, value).
    pairs = Settings(environment=None).tuple()
    assert ("debug", False) in pairs
    assert ("environment", None) in pairs
    assert ("environment", None) not in Settings(environment=None).tuple(exclude_none=True)
    assert ("DEBUG", False) in Settings().tuple(upper=True)


def test_missing_settings_class_says_it_does_not_exist() -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        load_settings_class("tests.conf.test_settings.Nope")
    assert str(caught.value) == (
        "LILYA_SETTINGS_MODULE='tests.conf.test_settings.Nope': module "
        "'tests.conf.test_settings' has no 'Nope'."
    )


def test_object_that_is_not_a_settings_class_says_so() -> None:
    with pytest.raises(ImproperlyConfigured, match="is not a subclass"):
        load_settings_class("tests.conf.test_settings.pytest")


@pytest.mark.parametrize("path", ["nodots", "no_such_module_xyz.Settings"])
def test_settings_path_errors_have_no_status_prefix(path: str) -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        load_settings_class(path)
    assert str(caught.value).startswith("LILYA_SETTINGS_MODULE=")


def test_missing_settings_class_is_an_import_error_as_in_lilya() -> None:
    """Lilya 0.7.5 raises ImportError for a class the module lacks."""
    with pytest.raises(ImportError):
        load_settings_class("tests.conf.test_settings.Nope")


def test_missing_settings_module_is_a_module_not_found_error_as_in_lilya() -> None:
    """Lilya 0.7.5 raises ModuleNotFoundError for a module that does not exist."""
    with pytest.raises(ModuleNotFoundError, match="no_such_module_xyz"):
        load_settings_class("no_such_module_xyz.Settings")
    with pytest.raises(ImproperlyConfigured):
        load_settings_class("no_such_module_xyz.Settings")


def test_fields_come_in_lilya_order_and_class_variables_are_not_fields() -> None:
    """Lilya 0.7.5: debug, environment, version, app, ptpython_config_file, include_in_schema,
    default_route_pattern, enforce_return_annotation; ipython_args is a class variable, so
    dict() leaves it out."""
    lilya_fields = [
        "debug",
        "environment",
        "version",
        "app",
        "ptpython_config_file",
        "include_in_schema",
        "default_route_pattern",
        "enforce_return_annotation",
    ]
    assert list(Settings().dict())[: len(lilya_fields)] == lilya_fields
    assert "ipython_args" not in Settings().dict()
    assert "ipython_args" not in dict(Settings().tuple())
    positional = Settings(True, "dev", "1.0", None, "cfg")
    assert (positional.app, positional.ptpython_config_file) == (None, "cfg")
    assert positional.include_in_schema is True
