from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya.environments import (
    BooleanParser,
    EnvironCastError,
    EnvironLoader,
    MissingEnvironmentValue,
    parse_env_file,
)
from lilya.exceptions import EnvironmentError


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        "# database\n"
        "\n"
        "DATABASE_URL=postgres://localhost/db\n"
        "export PORT=8000\n"
        "DEBUG = true\n"
        "NAME='single # not a comment'\n"
        'GREETING="hello\\nworld"\n'
        "SHARED=from-file\n"
        "TRAILING=value # not a comment either\n"
        "EMPTY=\n",
        encoding="utf-8",
    )
    return path


def test_values_come_from_the_env_file(env_file: Path) -> None:
    env = EnvironLoader(env_file=env_file, environ={})
    assert env("DATABASE_URL") == "postgres://localhost/db"
    assert env("PORT", cast=int) == 8000
    assert env("DEBUG", cast=bool) is True


def test_env_file_values_are_read_as_lilya_reads_them(env_file: Path) -> None:
    """Lilya 0.7.5 strips the quotes around a value and interprets nothing else: no escapes,
    and a # after an unquoted value is part of it."""
    env = EnvironLoader(env_file=env_file, environ={})
    assert env("NAME") == "single # not a comment"
    assert env("GREETING") == "hello\\nworld"
    assert env("TRAILING") == "value # not a comment either"
    assert env("EMPTY") == ""


def test_environment_wins_over_the_env_file(env_file: Path) -> None:
    env = EnvironLoader(env_file=env_file, environ={"SHARED": "from-environ"})
    assert env("SHARED") == "from-environ"


def test_process_environment_is_used_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LILYA_TEST_ENV_VALUE", "42")
    env = EnvironLoader()
    assert env.env("LILYA_TEST_ENV_VALUE", cast=int) == 42


def test_missing_env_file_warns_and_uses_the_environment(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="not found"):
        env = EnvironLoader(env_file=tmp_path / "absent.env", environ={"A": "1"})
    assert env("A") == "1"


def test_missing_required_value_names_the_variable() -> None:
    env = EnvironLoader(environ={})
    with pytest.raises(EnvironmentError, match="'SECRET_KEY'"):
        env("SECRET_KEY")


def test_missing_value_is_also_a_key_error_with_a_readable_message(env_file: Path) -> None:
    env = EnvironLoader(env_file=env_file, environ={})
    with pytest.raises(KeyError) as info:
        env("ABSENT")
    assert isinstance(info.value, MissingEnvironmentValue)
    assert str(info.value).startswith("Environment variable 'ABSENT' is not set")
    assert ".env" in str(info.value)


def test_default_is_returned_when_missing() -> None:
    env = EnvironLoader(environ={})
    assert env("PORT", cast=int, default=9000) == 9000
    assert env("DEBUG", cast=bool, default=False) is False
    assert env("OPTIONAL", default=None) is None


def test_string_default_is_cast() -> None:
    env = EnvironLoader(environ={})
    assert env("PORT", cast=int, default="8080") == 8080


def test_bad_cast_names_the_variable() -> None:
    env = EnvironLoader(environ={"PORT": "eighty"})
    with pytest.raises(EnvironmentError, match=r"'PORT'.*not a valid int"):
        env("PORT", cast=int)


def test_bad_cast_is_also_a_value_error() -> None:
    env = EnvironLoader(environ={"RATIO": "x"})
    with pytest.raises(ValueError, match="RATIO"):
        env("RATIO", cast=float)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("on", True),
        ("y", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
        ("off", False),
    ],
)
def test_bool_cast_understands_common_spellings(raw: str, expected: bool) -> None:
    env = EnvironLoader(environ={"FLAG": raw})
    assert env("FLAG", cast=bool) is expected


def test_bool_cast_rejects_other_values_naming_the_variable() -> None:
    env = EnvironLoader(environ={"FLAG": "maybe"})
    with pytest.raises(EnvironCastError, match=r"'FLAG'.*not a boolean"):
        env("FLAG", cast=bool)


def test_boolean_parser_passes_bools_through() -> None:
    assert BooleanParser("X", True)() is True


def test_custom_cast_callable() -> None:
    env = EnvironLoader(environ={"HOSTS": "a.com, b.com"})
    hosts = env("HOSTS", cast=lambda v: [h.strip() for h in v.split(",")])
    assert hosts == ["a.com", "b.com"]


def test_prefix_is_prepended_to_keys() -> None:
    env = EnvironLoader(environ={"MYAPP_PORT": "1", "PORT": "2"}, prefix="MYAPP_")
    assert env("PORT") == "1"


def test_prefix_appears_in_missing_message() -> None:
    env = EnvironLoader(environ={}, prefix="MYAPP_")
    with pytest.raises(EnvironmentError, match="'MYAPP_PORT'"):
        env("PORT")


def test_keys_are_case_sensitive_by_default() -> None:
    env = EnvironLoader(environ={"Port": "1"})
    with pytest.raises(EnvironmentError):
        env("PORT")
    assert env("Port") == "1"


def test_ignore_case_matches_any_case() -> None:
    env = EnvironLoader(environ={"Port": "1"}, ignore_case=True)
    assert env("port") == "1"
    assert env("PORT") == "1"
    assert "pOrT" in env
    assert env["port"] == "1"


def test_items_can_be_set_before_being_read() -> None:
    env = EnvironLoader(environ={})
    env["NEW"] = "value"
    assert env("NEW") == "value"


def test_setting_a_value_already_read_is_refused() -> None:
    env = EnvironLoader(environ={"A": "1"})
    assert env["A"] == "1"
    with pytest.raises(EnvironmentError, match="already been read"):
        env["A"] = "2"


def test_deleting_a_value_already_read_is_refused() -> None:
    env = EnvironLoader(environ={"A": "1"})
    env("A")
    with pytest.raises(EnvironmentError, match="already been read"):
        del env["A"]


def test_deleting_an_unread_value() -> None:
    env = EnvironLoader(environ={"A": "1"})
    del env["A"]
    assert "A" not in env


def test_deleting_a_missing_value_is_an_environment_error() -> None:
    env = EnvironLoader(environ={})
    with pytest.raises(EnvironmentError, match="not set"):
        del env["A"]


def test_multi_items_lists_every_pair() -> None:
    env = EnvironLoader(environ={"A": "1", "B": "2"})
    assert sorted(env.multi_items()) == [("A", "1"), ("B", "2")]
    assert sorted(env.get_multi_items()) == [("A", "1"), ("B", "2")]


def test_malformed_env_file_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("GOOD=1\nthis is not an assignment\n", encoding="utf-8")
    with pytest.raises(EnvironmentError, match="line 2: expected KEY=VALUE"):
        EnvironLoader(env_file=path, environ={})


def test_quote_characters_around_a_value_are_stripped(tmp_path: Path) -> None:
    """As in Lilya 0.7.5: every ' and " at either end goes, an unmatched one too."""
    path = tmp_path / ".env"
    path.write_text(
        'A="open\nB=\'raw\\n\'\nC=\'"both"\'\nD="a"b\nE="x" # c\nF=a=b=c\n  G  =  spaced  \n',
        encoding="utf-8",
    )
    assert parse_env_file(path) == {
        "A": "open",
        "B": "raw\\n",
        "C": "both",
        "D": 'a"b',
        "E": 'x" # c',
        "F": "a=b=c",
        "G": "spaced",
    }


def test_keys_lilya_accepts_are_kept(tmp_path: Path) -> None:
    """Lilya 0.7.5 reads an empty key or one with a space without complaint."""
    path = tmp_path / ".env"
    path.write_text("=x\nMY KEY=2\n", encoding="utf-8")
    assert parse_env_file(path) == {"": "x", "MY KEY": "2"}


_keys = st.from_regex(r"[A-Z_][A-Z0-9_]{0,10}", fullmatch=True)
_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), max_size=20
).filter(lambda v: v[:1] not in ("'", '"') and v[-1:] not in ("'", '"'))


@given(key=_keys, value=_values)
def test_quoted_values_round_trip(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: str
) -> None:
    path = tmp_path_factory.mktemp("env") / ".env"
    path.write_text(f'{key}="{value}"\n', encoding="utf-8")
    assert parse_env_file(path) == {key: value}


def test_default_is_cast_unless_none() -> None:
    """Lilya 0.7.5 casts a default of any type, and returns None as it is."""
    env = EnvironLoader(environ={})
    assert env("ABSENT", cast=int, default=3.5) == 3
    assert env("ABSENT", cast=bool, default=1) is True
    assert env("ABSENT", cast=int, default="7") == 7
    assert env("ABSENT", cast=str, default=None) is None
    assert env("ABSENT", default=5) == 5


def test_add_keeps_earlier_values_and_reads_the_first() -> None:
    """Lilya 0.7.5's loader is a multidict: add() appends, env[key] is the first value."""
    env = EnvironLoader(environ={})
    env.add("B", "2")
    env.add("B", "3")
    assert env.getall("B") == ["2", "3"]
    assert env["B"] == "2"


def test_extend_adds_pairs_from_mappings_iterables_and_keywords() -> None:
    env = EnvironLoader(environ={})
    env.extend({"C": "4"}, [("C", "5")], D="6")
    assert env.getall("C") == ["4", "5"]
    assert env["D"] == "6"


def test_getone_gives_the_first_value_or_the_default() -> None:
    env = EnvironLoader(environ={"A": "1"})
    env.add("A", "2")
    assert env.getone("A") == "1"
    assert env.getone("MISSING", "d") == "d"


def test_getone_of_a_missing_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        EnvironLoader(environ={}).getone("MISSING")


def test_popall_removes_and_returns_every_value() -> None:
    env = EnvironLoader(environ={"C": "4"})
    env.add("C", "5")
    assert env.popall("C") == ["4", "5"]
    assert "C" not in env


def test_popall_of_a_missing_key_gives_the_default_or_raises_key_error() -> None:
    env = EnvironLoader(environ={})
    assert env.popall("MISSING", "d") == "d"
    with pytest.raises(KeyError):
        env.popall("MISSING")


def test_multidict_methods_follow_ignore_case() -> None:
    env = EnvironLoader(environ={}, ignore_case=True)
    env.add("name", "x")
    assert env.getone("NAME") == "x"
    assert env.popall("Name") == ["x"]


def test_repr_is_written_as_a_multidict() -> None:
    """Lilya 0.7.5's loader is a multidict and is written as one."""
    env = EnvironLoader(environ={"A": "1", "B": "2"})
    assert repr(env) == "<EnvironLoader('A': '1', 'B': '2')>"
    assert str(env) == repr(env)


def test_missing_env_file_warning_names_the_file(tmp_path: Path) -> None:
    absent = tmp_path / "absent.env"
    with pytest.warns(UserWarning, match="^EnvironLoader file ") as record:
        EnvironLoader(env_file=absent, environ={})
    assert str(record[0].message) == f"EnvironLoader file {str(absent)!r} not found."
