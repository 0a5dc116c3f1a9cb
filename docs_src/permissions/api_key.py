from __future__ import annotations

from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.permissions import DefinePermission
from lilya.requests import Request
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send


class RequireAPIKey:
    """Lets a request through when it carries the right X-API-Key header; 403 otherwise."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app = app
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.headers.get("x-api-key") != self.key:
            raise PermissionDenied()
        await self.app(scope, receive, send)


def public() -> dict[str, str]:
    return {"visible": "to everyone"}


def secret() -> dict[str, str]:
    return {"visible": "with the key"}


app = Lilya(
    routes=[
        Path("/public", public),
        Include(
            "/private",
            routes=[Path("/data", secret)],
            permissions=[DefinePermission(RequireAPIKey, key="s3cret")],
        ),
    ]
)
