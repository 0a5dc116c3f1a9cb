from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from lilya.apps import Lilya
from lilya.params import Cookie, Header, PathParam, Query
from lilya.routing import Path


@dataclass
class NewBook:
    title: str
    year: int
    tags: list[str]


async def search(
    q: str = Query(),
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    tag: list[str] = Query(default=[]),
    x_client: str | None = Header(None),
    theme: str = Cookie("light"),
) -> dict[str, object]:
    return {"q": q, "limit": limit, "tag": tag, "client": x_client, "theme": theme}


async def add_book(book: NewBook, dry_run: bool = Query(False)) -> dict[str, object]:
    return {"title": book.title, "year": book.year, "saved": not dry_run}


async def show_book(book_id: Annotated[int, PathParam(ge=1)]) -> dict[str, int]:
    return {"id": book_id}


app = Lilya(
    routes=[
        Path("/books", search),
        Path("/books", add_book, methods=["POST"], name="add_book"),
        Path("/books/{book_id}", show_book),
    ]
)
