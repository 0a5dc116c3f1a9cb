from __future__ import annotations

from lilya.apps import ChildLilya, Lilya
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Host, Include, Path


def list_users() -> list[str]:
    return ["ada", "grace"]


def get_user(name: str) -> dict[str, str]:
    return {"name": name}


def status() -> dict[str, str]:
    return {"status": "ok"}


def admin_home(request: Request) -> dict[str, str]:
    return {"admin": "home", "user_url": str(request.path_for("api:users:user", name="ada"))}


def docs_home() -> PlainText:
    return PlainText("docs for docs.example.com")


admin = ChildLilya(routes=[Path("/", admin_home)])

app = Lilya(
    routes=[
        Include(
            "/api",
            name="api",
            routes=[
                Include(
                    "/users",
                    name="users",
                    routes=[
                        Path("/", list_users, name="list"),
                        Path("/{name}", get_user, name="user"),
                    ],
                ),
                Path("/status", status),
            ],
        ),
        Include("/admin", app=admin),
        Host("docs.example.com", app=Lilya(routes=[Path("/", docs_home)])),
    ]
)
