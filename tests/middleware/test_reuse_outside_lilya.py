"""Lilya's middleware and permissions are plain ASGI: around a bare callable they behave as
they do inside a Lilya application."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.permissions import DefinePermission
from lilya.protocols.permissions import PermissionProtocol
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Path
from lilya.types import ASGIApp, Receive, Scope, Send

CORS = {"allow_origins": ["https://good.example"], "allow_methods": ["GET", "POST"]}
SESSION = {"secret_key": "reuse-secret"}


class AllowAccess(PermissionProtocol):
    """The permission from the issue, unchanged."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope=scope, receive=receive, send=send)
        if "allow-admin" in request.headers:
            await self.app(scope, receive, send)
            return
        raise PermissionDenied()


async def bare_counter(scope: Scope, receive: Receive, send: Send) -> None:
    """A bare ASGI callable counting visits in the session."""
    scope["session"]["visits"] = scope["session"].get("visits", 0) + 1
    await JSONResponse({"visits": scope["session"]["visits"]})(scope, receive, send)


async def lilya_counter(request: Request) -> JSONResponse:
    request.session["visits"] = request.session.get("visits", 0) + 1
    return JSONResponse({"visits": request.session["visits"]})


def bare_stack() -> ASGIApp:
    guarded = ExceptionMiddleware(AllowAccess(bare_counter))
    return CORSMiddleware(SessionMiddleware(guarded, **SESSION), **CORS)


def lilya_app() -> ASGIApp:
    return Lilya(
        routes=[Path("/{path:path}", lilya_counter, methods=["GET", "POST"])],
        middleware=[
            DefineMiddleware(CORSMiddleware, **CORS),
            DefineMiddleware(SessionMiddleware, **SESSION),
        ],
        permissions=[DefinePermission(AllowAccess)],
    )


@pytest.fixture(params=["bare", "lilya"])
def client(request: pytest.FixtureRequest, test_client_factory: Any) -> Any:
    app = bare_stack() if request.param == "bare" else lilya_app()
    return test_client_factory(app)


def test_permission_denies_without_the_header(client: Any) -> None:
    assert client.get("/page").status_code == 403


def test_session_counts_across_requests(client: Any) -> None:
    headers = {"allow-admin": "yes"}
    assert client.get("/page", headers=headers).json() == {"visits": 1}
    assert client.get("/page", headers=headers).json() == {"visits": 2}


def test_allowed_origin_gets_cors_headers(client: Any) -> None:
    response = client.get("/page", headers={"allow-admin": "yes", "origin": "https://good.example"})
    assert response.headers["access-control-allow-origin"] == "https://good.example"


def test_disallowed_origin_gets_no_cors_headers(client: Any) -> None:
    response = client.get("/page", headers={"allow-admin": "yes", "origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_preflight_is_answered_before_the_permission(client: Any) -> None:
    response = client.options(
        "/page",
        headers={"origin": "https://good.example", "access-control-request-method": "POST"},
    )
    assert response.status_code == 200
    assert "POST" in response.headers["access-control-allow-methods"]
    refused = client.options(
        "/page",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
