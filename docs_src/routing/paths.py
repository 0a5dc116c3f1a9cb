from __future__ import annotations

import uuid
from datetime import datetime

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


def item(item_id: int) -> dict[str, object]:
    # "/items/42" gives item_id == 42 (an int); "/items/abc" matches no route: 404.
    return {"id": item_id, "type": type(item_id).__name__}


def order(key: uuid.UUID) -> dict[str, str]:
    return {"key": str(key)}


def log_entry(when: datetime) -> dict[str, int]:
    return {"year": when.year}


def files(rest: str) -> dict[str, str]:
    # `path` spans segments: "/files/a/b/c.txt" gives rest == "a/b/c.txt".
    return {"rest": rest}


async def create_item(request: Request) -> dict[str, object]:
    return {"created": await request.json()}


def link(request: Request) -> dict[str, str]:
    return {"item_7": str(request.path_for("item", item_id=7))}


app = Lilya(
    routes=[
        Path("/items/{item_id:int}", item, name="item"),
        Path("/items", create_item, methods=["POST"]),
        Path("/orders/{key:uuid}", order),
        Path("/log/{when:datetime}", log_entry),
        Path("/files/{rest:path}", files),
        Path("/link", link),
    ]
)
