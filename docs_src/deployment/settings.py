# Every machine and every worker builds the same app from the same environment.
from __future__ import annotations

from lilya.apps import Lilya
from lilya.environments import EnvironLoader
from lilya.middleware import DefineMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.routing import Path

env = EnvironLoader()

# The same SECRET_KEY everywhere: a session cookie signed by one machine is read by another.
SECRET_KEY: str = env("SECRET_KEY", default="change-me")
DEBUG: bool = env("DEBUG", cast=bool, default=False)


def visits(request: Request) -> dict[str, int]:
    # The session lives in the signed cookie, not in this process's memory.
    request.session["visits"] = request.session.get("visits", 0) + 1
    return {"visits": request.session["visits"]}


def build_app(secret_key: str = SECRET_KEY) -> Lilya:
    return Lilya(
        debug=DEBUG,
        routes=[Path("/visits", visits)],
        middleware=[DefineMiddleware(SessionMiddleware, secret_key=secret_key)],
    )


app = build_app()
