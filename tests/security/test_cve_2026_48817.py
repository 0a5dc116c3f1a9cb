"""CVE-2026-48817 (Starlette): HTTPEndpoint called any method named after the request's verb.

Starlette's class-based endpoint looked the handler up as `getattr(self, method.lower())`, so a
request with the made-up method `_DO_DELETE` reached a private helper. lilya's equivalent is
Controller.
"""

from __future__ import annotations

import pytest

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.responses import PlainText
from lilya.routing import Path
from tests.security.hostile import send_request

pytestmark = pytest.mark.anyio


class Account(Controller):
    async def get(self) -> PlainText:
        return PlainText("account")

    async def _do_delete(self) -> PlainText:
        return PlainText("deleted by a private helper")

    async def handle_dispatch_helper(self) -> PlainText:
        return PlainText("internal")


@pytest.mark.parametrize("method", ["_DO_DELETE", "HANDLE_DISPATCH_HELPER", "__INIT__"])
async def test_controller_dispatches_only_http_verbs(method: str) -> None:
    """A request whose method names a non-verb attribute of the controller (`_DO_DELETE`)
    gets 405, never a call to that attribute."""
    app = Lilya(routes=[Path("/account", Account)])

    sent = await send_request(app, method=method, path="/account")

    assert sent.status == 405
    assert b"deleted" not in sent.body
    assert b"internal" not in sent.body


class Transfers(Controller):
    async def get(self) -> PlainText:
        return PlainText("listed")

    async def post(self) -> PlainText:
        return PlainText("transferred")


@pytest.mark.parametrize("method", ["post", "Post", "pOST", "get", "head"])
async def test_controller_does_not_dispatch_a_method_in_another_case(
    anyio_backend: str, method: str
) -> None:
    """HTTP methods are case-sensitive: `post` is not POST. uvicorn and granian pass the method
    as sent, and a check in front of the controller (`if request.method == "POST": ...`) would
    let `post` through to the post handler; a Path with methods=["POST"] answers it with 405,
    and so does a controller."""
    app = Lilya(routes=[Path("/transfers", Transfers)])

    sent = await send_request(app, method=method, path="/transfers")

    assert sent.status == 405
    assert b"transferred" not in sent.body
    assert b"listed" not in sent.body
