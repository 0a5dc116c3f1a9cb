from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.permissions import DefinePermission
from lilya.permissions.deny_all import DenyAll
from lilya.routing import Include, Path


async def home() -> str:
    return "home"


def test_deny_all_refuses_with_403(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Path("/closed", home, permissions=[DefinePermission(DenyAll)]),
            Include("/admin", routes=[Path("/", home)], permissions=[DefinePermission(DenyAll)]),
            Path("/open", home),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/closed").status_code == 403
    assert client.get("/admin/").status_code == 403
    assert client.get("/open").json() == "home"
