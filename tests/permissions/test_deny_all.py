from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.permissions import DefinePermission
from lilya.permissions.deny_all import DenyAll
from lilya.routing import Include, Path


async def home() -> str:
    return "home"


def test_deny_all_refuses_with_401(test_client_factory: Any) -> None:
    """Lilya 0.7.5's DenyAll raises NotAuthorized (this used to be a 403 PermissionDenied)."""
    app = Lilya(
        routes=[
            Path("/closed", home, permissions=[DefinePermission(DenyAll)]),
            Include("/admin", routes=[Path("/", home)], permissions=[DefinePermission(DenyAll)]),
            Path("/open", home),
        ]
    )
    client = test_client_factory(app)
    closed = client.get("/closed")
    assert closed.status_code == 401
    assert closed.text == "You do not have authorization to perform this action."
    assert client.get("/admin/").status_code == 401
    assert client.get("/open").json() == "home"
