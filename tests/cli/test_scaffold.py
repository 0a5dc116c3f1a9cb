"""createproject, createapp and createdeployment: what they write, what they refuse, and the
newcomer's path - a new project whose own tests pass and which runserver serves."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lilya.cli.directives.operations import _scaffold
from lilya.cli.directives.operations._scaffold import (
    DISTRIBUTION,
    TEMPLATES,
    check_name,
    check_unshadowed,
    class_name,
)
from lilya.cli.exceptions import DirectiveError
from tests.cli.conftest import Invoke
from tests.servers import free_port, running_server

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LILYA_SETTINGS_MODULE")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_python_compiles(root: Path) -> None:
    for path in root.rglob("*.py"):
        compile(path.read_text("utf-8"), str(path), "exec")


# Lilya 0.7.5's files for `createproject shop --with-structure` (README.md and pyproject.toml
# are lilya's additions: where lilya-toolkit comes from, and `pip install .`).
FULL_LAYOUT = {
    ".gitignore",
    "Makefile",
    "README.md",
    "pyproject.toml",
    "requirements/base.txt",
    "requirements/development.txt",
    "requirements/testing.txt",
    "shop/__init__.py",
    "shop/main.py",
    "shop/serve.py",
    "shop/urls.py",
    "shop/apps/__init__.py",
    "shop/configs/__init__.py",
    "shop/configs/settings.py",
    "shop/configs/development/__init__.py",
    "shop/configs/development/settings.py",
    "shop/configs/testing/__init__.py",
    "shop/configs/testing/settings.py",
    "shop/tests/__init__.py",
    "shop/tests/conftest.py",
    "shop/tests/test_app.py",
}
# And for `createproject tiny` (no structure).
SIMPLE_LAYOUT = {
    ".gitignore",
    "Makefile",
    "README.md",
    "pyproject.toml",
    "requirements/base.txt",
    "requirements/development.txt",
    "requirements/testing.txt",
    "tiny/__init__.py",
    "tiny/app.py",
    "tiny/tests/__init__.py",
    "tiny/tests/conftest.py",
    "tiny/tests/test_app.py",
}
DEPLOYMENT = {
    "docker/Dockerfile",
    "nginx/nginx.conf",
    "nginx/nginx.json-logging.conf",
    "supervisor/supervisord.conf",
    "gunicorn/gunicorn_conf.py",
}


def test_createproject_full_layout(workdir: Path, invoke: Invoke) -> None:
    result = invoke("createproject", "shop", "--with-structure")
    assert result.exit_code == 0, result.output
    assert result.output == "Project shop generated successfully!\n"
    assert files_under(workdir / "shop") == FULL_LAYOUT
    main = (workdir / "shop/shop/main.py").read_text()
    assert "shop.configs.development.settings.DevelopmentAppSettings" in main
    assert "{{" not in main
    assert_python_compiles(workdir / "shop")


def test_createproject_without_options_is_lilyas_single_module_layout(
    workdir: Path, invoke: Invoke
) -> None:
    """Lilya 0.7.5's --with-structure is off by default: NAME/app.py and its tests."""
    result = invoke("createproject", "tiny")
    assert result.exit_code == 0, result.output
    assert files_under(workdir / "tiny") == SIMPLE_LAYOUT
    assert_python_compiles(workdir / "tiny")


def test_settings_classes_have_lilyas_names(workdir: Path, invoke: Invoke) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    configs = workdir / "shop/shop/configs"
    assert "class AppSettings(Settings)" in (configs / "settings.py").read_text()
    development = (configs / "development/settings.py").read_text()
    assert "class DevelopmentAppSettings(AppSettings)" in development
    assert "class TestingAppSettings(AppSettings)" in (configs / "testing/settings.py").read_text()
    assert 'secret_key: str = "lilya-insecure-' in (configs / "settings.py").read_text()
    makefile = (workdir / "shop/Makefile").read_text()
    assert "shop.configs.development.settings.DevelopmentAppSettings python -m shop.serve" in (
        makefile
    )


def test_createproject_simple_with_deployment_in_a_named_folder(
    workdir: Path, invoke: Invoke
) -> None:
    result = invoke(
        "createproject", "tiny", "--simple", "--with-deployment",
        "--deployment-folder-name", "ops", "-v", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = SIMPLE_LAYOUT | {f"ops/{name}" for name in DEPLOYMENT}
    assert files_under(workdir / "tiny") == expected
    assert "Creating tiny/ops/docker/Dockerfile" in result.output
    dockerfile = (workdir / "tiny/ops/docker/Dockerfile").read_text()
    assert "-f ops/docker/Dockerfile" in dockerfile
    assert "\n# ENV LILYA_SETTINGS_MODULE=" in dockerfile  # a --simple project has no configs
    supervisor = (workdir / "tiny/ops/supervisor/supervisord.conf").read_text()
    assert "gunicorn_conf.py tiny.app:app\n" in supervisor
    assert_python_compiles(workdir / "tiny")


def test_createdeployment(workdir: Path, invoke: Invoke) -> None:
    result = invoke("createdeployment", "shop")
    assert result.exit_code == 0, result.output
    assert result.output == "Deployment for shop generated successfully!\n"
    assert files_under(workdir / "deployment") == DEPLOYMENT
    gunicorn = (workdir / "deployment/gunicorn/gunicorn_conf.py").read_text()
    assert 'worker_class = "uvicorn.workers.UvicornWorker"' in gunicorn
    supervisor = (workdir / "deployment/supervisor/supervisord.conf").read_text()
    assert "shop.main:app" in supervisor
    assert "upstream shop_app" in (workdir / "deployment/nginx/nginx.conf").read_text()
    assert "# ENV LILYA_SETTINGS_MODULE" in (workdir / "deployment/docker/Dockerfile").read_text()
    assert_python_compiles(workdir / "deployment")


def test_createdeployment_inside_a_full_project_whose_package_is_importable(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    monkeypatch.chdir(workdir / "shop")
    monkeypatch.syspath_prepend(str(workdir / "shop"))  # as under `python -m lilya`
    result = invoke("createdeployment", "shop")
    assert result.exit_code == 0, result.output
    dockerfile = (workdir / "shop/deployment/docker/Dockerfile").read_text()
    assert "\nENV LILYA_SETTINGS_MODULE=shop.configs.settings.AppSettings\n" in dockerfile
    supervisor = (workdir / "shop/deployment/supervisor/supervisord.conf").read_text()
    assert "gunicorn_conf.py shop.main:app\n" in supervisor


DEPLOY_TO = ["--with-deployment", "--deployment-folder-name"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["createdeployment", "shop", "--deployment-folder-name", "../out"], "relative path"),
        (["createdeployment", "shop", "--deployment-folder-name", "/tmp/x"], "relative path"),
        (["createdeployment", "shop", "--deployment-folder-name", " "], "relative path"),
        (["createdeployment", "my-shop"], "not a valid project name"),
        (["createproject", "shop", *DEPLOY_TO, "."], "relative path"),
        (["createproject", "shop", *DEPLOY_TO, "requirements"], "clashes with a file of the new"),
        (["createproject", "shop", *DEPLOY_TO, "shop/x"], "clashes"),
        (["createproject", "shop", "--with-structure", *DEPLOY_TO, "Makefile"], "clashes"),
    ],
)
def test_bad_deployment_folders_write_nothing(
    workdir: Path, invoke: Invoke, args: list[str], message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert not any(workdir.iterdir())
    assert not (workdir.parent / "out").exists()


@pytest.mark.parametrize("layout", ["--with-structure", "--simple"])
def test_the_dockerfile_can_pip_install_the_project(
    workdir: Path, invoke: Invoke, layout: str
) -> None:
    """`pip install .` in the Dockerfile: setuptools must find the app alone, not the
    deployment and tests folders beside it (a flat layout otherwise refuses to build)."""
    pytest.importorskip("setuptools")
    assert invoke("createproject", "shop", layout, "--with-deployment", "-v", "0").exit_code == 0
    build = [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py"]
    outcome = subprocess.run(
        [*build, "--build-lib", str(workdir / "built")],
        cwd=workdir / "shop", env=clean_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    top_level = {path.name for path in (workdir / "built").iterdir()}
    assert top_level == {"shop"}


def test_createapp_writes_a_package_whose_test_passes(workdir: Path, invoke: Invoke) -> None:
    """Lilya 0.7.5's app layout: v1/ (controllers, schemas, urls), tests.py, directives."""
    result = invoke("createapp", "order_lines", "--verbosity", "0")
    assert (result.exit_code, result.output) == (0, "")
    assert files_under(workdir / "order_lines") == {
        "__init__.py",
        "tests.py",
        "v1/__init__.py",
        "v1/controllers.py",
        "v1/schemas.py",
        "v1/urls.py",
        "directives/__init__.py",
        "directives/operations/__init__.py",
    }
    assert (
        "class OrderLinesController(Controller)"
        in (workdir / "order_lines/v1/controllers.py").read_text()
    )
    assert invoke("createapp", "other").output == "App other generated successfully!\n"
    (workdir / "pytest.ini").write_text("[pytest]\npython_files = tests.py\n")
    outcome = run_pytest(workdir, "order_lines")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "1 passed" in outcome.stdout


@pytest.mark.parametrize("directive", ["createproject", "createapp"])
def test_an_existing_folder_is_never_overwritten(
    workdir: Path, invoke: Invoke, directive: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(workdir))  # "shop" is then importable, as a namespace
    (workdir / "shop").mkdir()
    (workdir / "shop" / "keep.txt").write_text("mine")
    result = invoke(directive, "shop")
    assert result.exit_code == 1
    assert "already exists; nothing was written" in result.output
    assert files_under(workdir / "shop") == {"keep.txt"}


def test_existing_deployment_folder_is_refused(workdir: Path, invoke: Invoke) -> None:
    (workdir / "deployment").mkdir()
    result = invoke("createdeployment", "shop")
    assert result.exit_code == 1
    assert "already exists" in result.output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("my-shop", "not a valid project name"),
        ("1shop", "not a valid project name"),
        ("class", "Python keyword"),
        ("os", "conflicts with an existing Python module"),
        ("lilya", "conflicts with an existing Python module"),
    ],
)
def test_bad_names_are_refused(workdir: Path, invoke: Invoke, name: str, message: str) -> None:
    result = invoke("createproject", name)
    assert result.exit_code == 1
    assert message in result.output
    assert not (workdir / name).exists()


def test_a_placeholder_without_value_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lilya.cli.directives.operations import _scaffold

    (tmp_path / "templates" / "odd").mkdir(parents=True)
    (tmp_path / "templates" / "odd" / "file.txt").write_text("{{ missing }}")
    monkeypatch.setattr(_scaffold, "TEMPLATES", tmp_path / "templates")
    with pytest.raises(KeyError, match="missing"):
        _scaffold.render_tree("odd", tmp_path / "out", {"name": "x"})


def test_name_helpers() -> None:
    assert class_name("order_lines") == "OrderLines"
    assert class_name("shop") == "Shop"
    check_name("surely_not_a_module_xyz", "app")
    check_name("os", "project")  # valid syntax; whether it shadows is check_unshadowed's job
    check_unshadowed("surely_not_a_module_xyz", "app")
    with pytest.raises(DirectiveError, match="app name"):
        check_name("9lives", "app")
    with pytest.raises(DirectiveError, match="conflicts"):
        check_unshadowed("json", "app")


def test_every_template_placeholder_has_a_value(workdir: Path, invoke: Invoke) -> None:
    for args in (
        ["createproject", "p1", "--with-deployment"],
        ["createproject", "p2", "--with-structure"],
        ["createapp", "a1"],
    ):
        assert invoke(*args).exit_code == 0
    for path in [*workdir.rglob("*")]:
        if path.is_file():
            assert "{{" not in path.read_text("utf-8"), path
    assert (TEMPLATES / "project").is_dir()


@pytest.mark.parametrize("directive", ["createproject", "createapp", "createdeployment"])
def test_help(invoke: Invoke, directive: str) -> None:
    result = invoke(directive, "--help")
    assert result.exit_code == 0
    assert "Usage: lilya " + directive in result.output
    assert "--verbosity" in result.output


# -- the newcomer's path ---------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["--with-structure", "--simple"])
def test_a_new_project_passes_its_own_tests(workdir: Path, invoke: Invoke, layout: str) -> None:
    assert invoke("createproject", "newcomer", layout).exit_code == 0
    outcome = run_pytest(workdir / "newcomer")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert " passed" in outcome.stdout
    assert "failed" not in outcome.stdout


def test_runserver_serves_a_new_project(workdir: Path, invoke: Invoke) -> None:
    assert invoke("createproject", "newcomer", "--with-structure").exit_code == 0
    port = free_port()
    command = [sys.executable, "-m", "lilya", "--app", "newcomer.main:app", "runserver"]
    command += ["--port", str(port), "--log-level", "warning"]
    with running_server(command, port, cwd=workdir / "newcomer", env=clean_env()) as url:
        response = httpx.get(f"{url}/", timeout=2)
        assert response.json() == {"message": "Welcome to newcomer", "environment": "development"}


@pytest.mark.parametrize("directive", ["createproject", "createdeployment"])
def test_verbosity_zero_is_silent(workdir: Path, invoke: Invoke, directive: str) -> None:
    result = invoke(directive, "quiet_one", "-v", "0")
    assert (result.exit_code, result.output) == (0, "")
    assert any(workdir.iterdir())


# -- installing the right distribution --------------------------------------------------------


def pyproject(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("layout", ["--with-structure", "--simple"])
def test_a_new_project_depends_on_this_distribution_not_the_other_lilya(
    workdir: Path, invoke: Invoke, layout: str
) -> None:
    assert invoke("createproject", "shop", layout, "-v", "0").exit_code == 0
    dependencies = pyproject(workdir / "shop/pyproject.toml")["project"]["dependencies"]
    assert dependencies == [f"{DISTRIBUTION}[cli]"]


def test_the_cli_extra_installs_what_a_new_projects_tests_need() -> None:
    ours = pyproject(Path(__file__).resolve().parents[2] / "pyproject.toml")["project"]
    assert ours["name"] == DISTRIBUTION
    cli = {re.split(r"[<>=\[ ]", item)[0] for item in ours["optional-dependencies"]["cli"]}
    assert {"click", "rich", "uvicorn", "pytest", "httpx"} <= cli


def test_the_dockerfile_refuses_to_build_without_knowing_where_lilya_comes_from(
    workdir: Path, invoke: Invoke
) -> None:
    """Installed from a checkout, there is no URL another machine could use: the build
    argument stays empty and the Dockerfile stops with a message instead of fetching the
    other "lilya" from the package index."""
    assert invoke("createdeployment", "shop", "-v", "0").exit_code == 0
    dockerfile = (workdir / "deployment/docker/Dockerfile").read_text()
    assert 'ARG LILYA_REQUIREMENT=""\n' in dockerfile
    assert "Set --build-arg LILYA_REQUIREMENT" in dockerfile
    assert 'pip install --no-cache-dir "$LILYA_REQUIREMENT"' in dockerfile


def test_the_dockerfile_installs_lilya_from_the_git_commit_it_was_installed_from(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = {
        "url": "https://example.org/lilya.git",
        "vcs_info": {"vcs": "git", "commit_id": "abc123"},
    }
    monkeypatch.setattr(_scaffold.importlib.metadata, "distribution", lambda name: FakeDist(origin))
    assert invoke("createdeployment", "shop", "-v", "0").exit_code == 0
    dockerfile = (workdir / "deployment/docker/Dockerfile").read_text()
    expected = (
        'ARG LILYA_REQUIREMENT="lilya-toolkit[cli] @ git+https://example.org/lilya.git@abc123"\n'
    )
    assert expected in dockerfile


class FakeDist:
    def __init__(self, origin: object) -> None:
        self.origin = origin

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.origin) if name == "direct_url.json" else None


@pytest.mark.parametrize(
    "origin",
    [
        {"url": "file:///somewhere", "dir_info": {"editable": True}},
        {"url": "https://example.org/x.git", "vcs_info": {"vcs": "hg", "commit_id": "1"}},
        ["not", "a", "mapping"],
        None,
    ],
)
def test_no_requirement_is_guessed_from_a_local_or_unknown_origin(
    monkeypatch: pytest.MonkeyPatch, origin: object
) -> None:
    monkeypatch.setattr(_scaffold.importlib.metadata, "distribution", lambda name: FakeDist(origin))
    assert _scaffold.distribution_requirement() == ""


def test_no_requirement_when_the_origin_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(FakeDist):
        def read_text(self, name: str) -> str | None:
            return "{not json"

    monkeypatch.setattr(_scaffold.importlib.metadata, "distribution", lambda name: Broken(None))
    assert _scaffold.distribution_requirement() == ""


def test_no_requirement_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(_scaffold.importlib.metadata, "distribution", missing)
    assert _scaffold.distribution_requirement() == ""


# -- createapp inside a project ----------------------------------------------------------------


def test_createapp_at_a_project_root_puts_the_app_in_the_projects_apps(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    monkeypatch.chdir(workdir / "shop")
    result = invoke("createapp", "orders")
    assert result.exit_code == 0, result.output
    assert (workdir / "shop/shop/apps/orders/v1/controllers.py").is_file()
    assert not (workdir / "shop/orders").exists()


def test_the_projects_test_run_collects_a_new_apps_tests(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    monkeypatch.chdir(workdir / "shop")
    assert invoke("createapp", "orders", "-v", "0").exit_code == 0
    outcome = run_pytest(workdir / "shop")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "3 passed" in outcome.stdout


def test_createapp_in_the_project_package_puts_the_app_in_its_apps(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    monkeypatch.chdir(workdir / "shop/shop")
    assert invoke("createapp", "orders", "-v", "0").exit_code == 0
    assert (workdir / "shop/shop/apps/orders/v1/urls.py").is_file()


def test_createapp_inside_apps_stays_there(
    workdir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("createproject", "shop", "--with-structure", "-v", "0").exit_code == 0
    monkeypatch.chdir(workdir / "shop/shop/apps")
    assert invoke("createapp", "orders", "-v", "0").exit_code == 0
    assert (workdir / "shop/shop/apps/orders/v1/urls.py").is_file()


def test_createapp_in_a_project_without_apps_uses_the_current_folder(
    workdir: Path, invoke: Invoke
) -> None:
    (workdir / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (workdir / "notes").mkdir()
    assert invoke("createapp", "orders", "-v", "0").exit_code == 0
    assert (workdir / "orders/v1/urls.py").is_file()
