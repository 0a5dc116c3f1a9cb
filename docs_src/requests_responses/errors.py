from __future__ import annotations

from lilya.apps import Lilya
from lilya.exceptions import HTTPException, NotFound
from lilya.requests import Request
from lilya.responses import JSON, Response
from lilya.routing import Path

BOOKS = {1: "Dune"}


class OutOfStock(Exception):
    """Raised by the shop when a book cannot be ordered."""


def book(book_id: int) -> dict[str, str]:
    if book_id not in BOOKS:
        raise NotFound(detail=f"No book {book_id}")
    return {"title": BOOKS[book_id]}


def order(book_id: int) -> dict[str, str]:
    raise OutOfStock(f"book {book_id} is out of stock")


def not_found_as_json(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSON({"error": exc.detail}, status_code=exc.status_code)


def out_of_stock(request: Request, exc: Exception) -> Response:
    return JSON({"error": str(exc)}, status_code=409)


app = Lilya(
    routes=[
        Path("/books/{book_id:int}", book),
        Path("/books/{book_id:int}/order", order, methods=["POST"]),
    ],
    exception_handlers={404: not_found_as_json, OutOfStock: out_of_stock},
)
