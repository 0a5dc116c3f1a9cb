"""Typed handler parameters, 422 problem documents and the OpenAPI docs page.

Run it with `uvicorn examples.typed:app` and open http://127.0.0.1:8000/docs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Annotated

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.exceptions import NotFound
from lilya.openapi import OpenAPIConfig, ResponseInfo, operation
from lilya.params import Cookie, Form, Header, PathParam, Query
from lilya.responses import PlainText
from lilya.routing import Include, Path


class Colour(enum.Enum):
    """The colours an item comes in."""

    RED = "red"
    GREEN = "green"
    BLUE = "blue"


@dataclass
class NewItem:
    """What a client sends to add an item."""

    name: Annotated[str, "the item's name"]
    price: float
    colour: Colour = Colour.RED
    tags: list[str] = field(default_factory=list)


@dataclass
class Item:
    """An item of the catalogue."""

    id: int
    name: str
    price: float
    colour: Colour
    tags: list[str]


CATALOGUE: dict[int, Item] = {
    1: Item(id=1, name="pen", price=1.5, colour=Colour.BLUE, tags=["office"]),
}
MAX_ITEMS = 1000


@operation(tags=["items"])
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100, description="How many items at most")] = 10,
    colour: Colour | None = Query(None),
    tag: list[str] = Query(default=[]),
) -> list[Item]:
    """List the catalogue.

    Filters by colour and by tags (every tag given must be on the item).
    """
    found = [
        item
        for item in CATALOGUE.values()
        if (colour is None or item.colour == colour) and all(t in item.tags for t in tag)
    ]
    return found[:limit]


@operation(
    tags=["items"],
    responses={409: ResponseInfo("The catalogue is full", media_type="text/plain")},
)
async def add_item(item: NewItem, dry_run: bool = Query(False)) -> Item:
    """Add an item to the catalogue."""
    if len(CATALOGUE) >= MAX_ITEMS:
        return PlainText("The catalogue is full", status_code=409)  # type: ignore[return-value]
    created = Item(
        id=max(CATALOGUE, default=0) + 1,
        name=item.name,
        price=item.price,
        colour=item.colour,
        tags=list(item.tags),
    )
    if not dry_run:
        CATALOGUE[created.id] = created
    return created


@operation(tags=["items"], responses={404: ResponseInfo("No such item", media_type="text/plain")})
async def get_item(item_id: Annotated[int, PathParam(ge=1)]) -> Item:
    """Read one item."""
    found = CATALOGUE.get(item_id)
    if found is None:
        raise NotFound("No such item")
    return found


@dataclass
class Review:
    """A customer's review of an item."""

    item_id: int
    stars: int
    comment: str


@operation(tags=["items"], responses={404: ResponseInfo("No such item", media_type="text/plain")})
async def review_item(
    item_id: Annotated[int, PathParam(ge=1)],
    stars: Annotated[int, Form(ge=1, le=5, description="From 1 to 5")],
    comment: Annotated[str, Form(max_length=500)] = "",
) -> Review:
    """Review an item, from an HTML form (application/x-www-form-urlencoded)."""
    if item_id not in CATALOGUE:
        raise NotFound("No such item")
    return Review(item_id=item_id, stars=stars, comment=comment)


class Whoami(Controller):
    """Who the client says it is."""

    async def get(
        self,
        user_agent: str = Header("unknown"),
        session: str | None = Cookie(None, max_length=64),
    ) -> dict[str, str | None]:
        """Echo the client's User-Agent and session cookie."""
        return {"user_agent": user_agent, "session": session}


app = Lilya(
    routes=[
        Include(
            "/api",
            routes=[
                Path("/items", list_items),
                Path("/items", add_item, methods=["POST"], name="add_item"),
                Path("/items/{item_id}", get_item),
                Path("/items/{item_id}/reviews", review_item, methods=["POST"]),
                Path("/whoami", Whoami),
            ],
        )
    ],
    openapi=OpenAPIConfig(title="Catalogue", version="1.0.0", description="A typed example."),
)
