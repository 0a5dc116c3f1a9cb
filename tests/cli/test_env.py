from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.cli.env import CliState, DirectiveEnv, import_app, lifespan_of
from lilya.cli.exceptions import DirectiveError
from tests.cli.conftest import FIXTURE_APP, SIMPLE_APP, ProjectFactory
from tests.cli.fixtures.project import main as fixture_main


def test_explicit_app_path_is_loaded() -> None:
    env = DirectiveEnv().load_from_env(path=FIXTURE_APP)
    assert env.app is fixture_main.app
    assert env.path == FIXTURE_APP
    assert env.is_factory is False


def test_command_path_is_the_top_level_package_folder() -> None:
    env = DirectiveEnv().load_from_env(path=FIXTURE_APP)
    assert env.command_path is not None
    assert Path(env.command_path).name == "tests"


def test_default_app_variable_is_used_without_app_option(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LILYA_DEFAULT_APP", FIXTURE_APP)
    assert DirectiveEnv().load_from_env().app is fixture_main.app


def test_app_option_wins_over_default_app_variable(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project({"other.py": SIMPLE_APP})
    monkeypatch.setenv("LILYA_DEFAULT_APP", FIXTURE_APP)
    assert DirectiveEnv().load_from_env(path="other:app").path == "other:app"


def test_bad_default_app_variable_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LILYA_DEFAULT_APP", "no_such_module_xyz:app")
    with pytest.raises(DirectiveError, match="LILYA_DEFAULT_APP: cannot import"):
        DirectiveEnv().load_from_env()


def test_factory_function_is_called(make_project: ProjectFactory) -> None:
    make_project(
        {
            "factory.py": """
            from lilya.apps import Lilya

            def get_application():
                return Lilya()
            """
        }
    )
    env = import_app("factory:get_application")
    assert isinstance(env.app, Lilya)
    assert env.is_factory is True


def test_module_only_path_finds_the_app_inside(make_project: ProjectFactory) -> None:
    make_project({"web.py": SIMPLE_APP})
    assert import_app("web").path == "web:app"


def test_module_only_path_without_app_is_an_error(make_project: ProjectFactory) -> None:
    make_project({"empty.py": "x = 1\n"})
    with pytest.raises(DirectiveError, match="exposes no Lilya application"):
        import_app("empty")


def test_dotted_attribute_is_followed(make_project: ProjectFactory) -> None:
    make_project({"holder.py": SIMPLE_APP + "\nclass Box:\n    inner = app\n"})
    assert import_app("holder:Box.inner").path == "holder:Box.inner"


def test_child_lilya_is_accepted(make_project: ProjectFactory) -> None:
    make_project({"child.py": "from lilya.apps import ChildLilya\napp = ChildLilya()\n"})
    assert isinstance(import_app("child:app").app, ChildLilya)


@pytest.mark.parametrize("path", ["module:", ":app", ""])
def test_malformed_path_is_an_error(path: str) -> None:
    with pytest.raises(DirectiveError, match="not of the form"):
        import_app(path)


def test_missing_module_is_an_error() -> None:
    with pytest.raises(DirectiveError, match="cannot import module 'nowhere_xyz'"):
        import_app("nowhere_xyz:app")


def test_missing_attribute_is_an_error() -> None:
    with pytest.raises(DirectiveError, match="has no attribute 'nope'"):
        import_app("tests.cli.fixtures.project.main:nope")


def test_non_app_attribute_is_an_error() -> None:
    with pytest.raises(DirectiveError, match="is a list, not a Lilya application"):
        import_app("tests.cli.fixtures.project.main:EVENTS")


def test_coroutine_function_is_not_called() -> None:
    with pytest.raises(DirectiveError, match="is a function, not a Lilya application"):
        import_app("tests.cli.fixtures.project.views:home")


def test_module_raising_on_import_is_reported(make_project: ProjectFactory) -> None:
    make_project({"broken.py": "raise RuntimeError('boom at import')\n"})
    with pytest.raises(DirectiveError, match=r"RuntimeError: boom at import \(.*broken.py"):
        import_app("broken:app")


def test_module_with_missing_dependency_is_reported(make_project: ProjectFactory) -> None:
    make_project({"needs.py": "import not_installed_pkg_xyz\n"})
    with pytest.raises(DirectiveError, match="importing 'needs' failed: ModuleNotFoundError"):
        import_app("needs:app")


def test_factory_raising_is_reported(make_project: ProjectFactory) -> None:
    make_project({"fails.py": "def create_app():\n    raise ValueError('no db')\n"})
    with pytest.raises(DirectiveError, match=r"Calling fails:create_app\(\) failed: ValueError"):
        import_app("fails:create_app")


def test_scan_finds_main_in_current_folder(make_project: ProjectFactory) -> None:
    make_project({"main.py": SIMPLE_APP})
    env = DirectiveEnv().load_from_env()
    assert env.path == "main:app"


def test_scan_prefers_app_named_app(make_project: ProjectFactory) -> None:
    make_project({"main.py": SIMPLE_APP + "\nzzz_other = Lilya()\naaa_other = Lilya()\n"})
    assert DirectiveEnv().load_from_env().path == "main:app"


def test_scan_finds_app_one_level_down(make_project: ProjectFactory) -> None:
    make_project({"README.txt": "hi", "myproject/__init__.py": "", "myproject/app.py": SIMPLE_APP})
    env = DirectiveEnv().load_from_env()
    assert env.path == "myproject.app:app"
    assert env.command_path is not None
    assert Path(env.command_path).name == "myproject"


def test_scan_finds_application_py_with_factory(make_project: ProjectFactory) -> None:
    make_project(
        {
            "application.py": """
            from lilya.apps import Lilya

            def create_application():
                return Lilya()
            """
        }
    )
    env = DirectiveEnv().load_from_env()
    assert env.path == "application:create_application"
    assert env.is_factory is True


def test_scan_does_not_go_two_levels_down(make_project: ProjectFactory) -> None:
    make_project({"a/b/main.py": SIMPLE_APP})
    with pytest.raises(DirectiveError, match="No Lilya application found"):
        DirectiveEnv().load_from_env()


def test_scan_skips_hidden_and_virtualenv_folders(make_project: ProjectFactory) -> None:
    make_project({".hidden/main.py": SIMPLE_APP, "venv/main.py": SIMPLE_APP})
    with pytest.raises(DirectiveError, match="Pass --app"):
        DirectiveEnv().load_from_env()


def test_scan_names_files_that_had_no_app(make_project: ProjectFactory) -> None:
    make_project({"main.py": "import lilya\nx = 1\n"})
    with pytest.raises(DirectiveError, match=r"No Lilya application found in main\.py"):
        DirectiveEnv().load_from_env()


def test_scan_reports_files_that_failed_to_import(make_project: ProjectFactory) -> None:
    make_project({"main.py": "import lilya\nraise ImportError('half-installed')\n"})
    with pytest.raises(DirectiveError, match="half-installed"):
        DirectiveEnv().load_from_env()


def test_scan_skips_a_broken_candidate_when_another_works(make_project: ProjectFactory) -> None:
    make_project({"main.py": "1/0\n", "app.py": SIMPLE_APP})
    assert DirectiveEnv().load_from_env().path == "app:app"


def test_scan_of_an_empty_folder_says_how_to_fix(make_project: ProjectFactory) -> None:
    make_project({})
    with pytest.raises(DirectiveError, match="LILYA_DEFAULT_APP"):
        DirectiveEnv().load_from_env()


def test_scan_of_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DirectiveError, match="No Lilya application found"):
        DirectiveEnv().load_from_env(cwd=tmp_path / "missing")


def test_cli_state_loads_once() -> None:
    state = CliState(app_path=FIXTURE_APP)
    assert state.directive_env() is state.directive_env()


@pytest.mark.anyio
async def test_lifespan_of_runs_startup_and_shutdown(anyio_backend: str) -> None:
    async with lifespan_of(fixture_main.app)(fixture_main.app):
        assert fixture_main.EVENTS == ["startup"]
    assert fixture_main.EVENTS == ["startup", "shutdown"]


@pytest.mark.anyio
async def test_lifespan_of_a_plain_asgi_app_does_nothing(anyio_backend: str) -> None:
    async def bare(scope: object, receive: object, send: object) -> None: ...

    async with lifespan_of(bare)(bare) as state:
        assert state is None


@pytest.mark.parametrize("folder", ["json", "sys"])
def test_scan_explains_folders_shadowed_by_installed_modules(
    make_project: ProjectFactory, folder: str
) -> None:
    make_project({f"{folder}/main.py": SIMPLE_APP})
    with pytest.raises(DirectiveError, match=f"'{folder}' is also the name of an installed"):
        DirectiveEnv().load_from_env()


def test_scan_accepts_a_namespace_package_folder(make_project: ProjectFactory) -> None:
    make_project({"webshop/main.py": SIMPLE_APP})
    assert DirectiveEnv().load_from_env().path == "webshop.main:app"


RECORDS_IMPORT = "import pathlib\npathlib.Path('{name}.imported').write_text('ran')\n"


def test_scan_does_not_run_modules_that_do_not_import_lilya(
    make_project: ProjectFactory,
) -> None:
    """A script called main.py beside the app (or of another framework) is read, not run."""
    root = make_project(
        {"aaa/main.py": RECORDS_IMPORT.format(name="aaa"), "shop/main.py": SIMPLE_APP}
    )
    env = DirectiveEnv().load_from_env()
    assert env.path == "shop.main:app"
    assert not (root / "aaa.imported").exists()


def test_scan_names_the_files_it_did_not_import(make_project: ProjectFactory) -> None:
    make_project({"main.py": RECORDS_IMPORT.format(name="main")})
    with pytest.raises(
        DirectiveError, match=r"Not imported, as they do not import lilya: main\.py"
    ):
        DirectiveEnv().load_from_env()


@pytest.mark.parametrize(
    "source",
    ["from lilya.apps import Lilya\napp = Lilya()\n", "def get_app():\n    import lilya.apps\n"],
)
def test_scan_imports_modules_that_import_lilya_anywhere(
    make_project: ProjectFactory, source: str
) -> None:
    make_project({"main.py": source + "import pathlib\npathlib.Path('ran').write_text('')\n"})
    with contextlib.suppress(DirectiveError):
        DirectiveEnv().load_from_env()
    assert (Path.cwd() / "ran").exists()


def test_scan_imports_a_file_it_cannot_parse_to_report_it(make_project: ProjectFactory) -> None:
    make_project({"main.py": "def broken(:\n"})
    with pytest.raises(DirectiveError, match="SyntaxError"):
        DirectiveEnv().load_from_env()


def test_scan_reports_a_configuration_error_as_itself(make_project: ProjectFactory) -> None:
    """A settings or routing mistake met while importing the app is what the user is told,
    not "No Lilya application found"."""
    make_project(
        {
            "main.py": (
                "from lilya.exceptions import ImproperlyConfigured\n"
                "raise ImproperlyConfigured('settings module has no Nope')\n"
            )
        }
    )
    with pytest.raises(DirectiveError) as raised:
        DirectiveEnv().load_from_env()
    assert str(raised.value.detail).startswith("settings module has no Nope")
    assert "No Lilya application found" not in str(raised.value.detail)


def test_an_explicit_app_with_a_configuration_error_reports_it(
    make_project: ProjectFactory,
) -> None:
    make_project(
        {
            "main.py": (
                "from lilya.exceptions import ImproperlyConfigured\n"
                "raise ImproperlyConfigured('bad')\n"
            )
        }
    )
    with pytest.raises(DirectiveError, match=r"^bad \(while importing 'main'\)$"):
        DirectiveEnv().load_from_env(path="main:app")
