# Served as https://example.com/shop/...: the proxy strips "/shop" and the server is told
# the prefix (`uvicorn main:app --root-path /shop`), so the app sees path "/shop/items/1"
# with root_path "/shop", matches "/items/1" and builds links under "/shop".
from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


def item(request: Request, item_id: int) -> dict[str, object]:
    return {
        "id": item_id,
        "url": str(request.url),
        "root_path": request.scope["root_path"],
        "link": str(request.path_for("item", item_id=item_id + 1)),
    }


app = Lilya(routes=[Path("/items/{item_id:int}", item, name="item")])
