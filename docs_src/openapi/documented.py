from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from lilya.apps import Lilya
from lilya.exceptions import NotFound
from lilya.openapi import OpenAPIConfig, ResponseInfo, operation
from lilya.params import PathParam, Query
from lilya.routing import Include, Path


@dataclass
class Book:
    id: int
    title: str


BOOKS = {1: Book(id=1, title="Dune")}


@operation(tags=["books"])
async def list_books(limit: int = Query(10, ge=1)) -> list[Book]:
    """List the books.

    The newest first, at most `limit` of them.
    """
    return list(BOOKS.values())[:limit]


@operation(tags=["books"], responses={404: ResponseInfo("No such book", media_type="text/plain")})
async def show_book(book_id: Annotated[int, PathParam()]) -> Book:
    """Read one book."""
    if book_id not in BOOKS:
        raise NotFound("No such book")
    return BOOKS[book_id]


app = Lilya(
    routes=[
        Include(
            "/api",
            routes=[Path("/books", list_books), Path("/books/{book_id}", show_book)],
        )
    ],
    openapi=OpenAPIConfig(
        title="Library",
        version="1.0.0",
        tags=[{"name": "books", "description": "The catalogue"}],
    ),
)
