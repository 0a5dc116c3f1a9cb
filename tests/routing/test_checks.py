from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.context import Context
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.routing import Host, Include, Path
from lilya.routing._checks import check_handler_arguments

ClientFactory = Callable[..., Any]


def needs_tenant(tenant: str, request: Request, context: Context, page: int = 1) -> str:
    return tenant


def needs_nothing_known(unknown: str) -> str:
    return unknown


def takes_extras(item: str, *args: Any, **kwargs: Any) -> str:
    return item


def test_unknown_argument_is_refused_naming_handler_and_argument() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"needs_nothing_known\(\).*'unknown'"):
        check_handler_arguments([Path("/", needs_nothing_known)])


def test_argument_named_after_an_enclosing_include_parameter_is_accepted() -> None:
    check_handler_arguments([Include("/{tenant}", routes=[Path("/", needs_tenant)])])


def test_argument_named_after_a_host_parameter_is_accepted() -> None:
    check_handler_arguments(
        [Host("{tenant}.example.org", app=Lilya(routes=[Path("/", needs_tenant)]))]
    )


def test_star_args_and_defaults_are_accepted() -> None:
    check_handler_arguments([Path("/{item}", takes_extras), Path("/x/{tenant}", needs_tenant)])


def test_app_refuses_to_start_with_an_unknown_argument(test_client_factory: ClientFactory) -> None:
    app = Lilya(routes=[Include("/api", routes=[Path("/", needs_nothing_known)])])
    with pytest.raises(ImproperlyConfigured, match="'unknown'"), test_client_factory(app):
        pass


def test_child_app_under_a_parametrised_include_serves_its_parameter(
    test_client_factory: ClientFactory,
) -> None:
    child = ChildLilya(routes=[Path("/", needs_tenant)])
    client = test_client_factory(Lilya(routes=[Include("/{tenant}", app=child)]))
    assert client.get("/acme/").json() == "acme"
