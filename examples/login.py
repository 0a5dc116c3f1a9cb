"""HTML forms with sessions and CSRF: a login page, a protected notes form, and logout.

uvicorn examples.login:app
# open http://127.0.0.1:8000/ and log in as alice / wonderland

Every form carries the CSRF token in a hidden field (`{{ csrf_token }}`, which the templates get
from CSRFMiddleware on the first GET), so plain `<form method="post">` works without JavaScript.
A form whose token is missing or changed is answered with the 403 page. The session cookie is
signed (SessionMiddleware, itsdangerous). Set LOGIN_EXAMPLE_SECRET to keep sessions across
restarts or share them between workers; without it each process picks a random secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path as FilePath
from typing import Any

from lilya import status
from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.middleware.csrf import CSRFMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.responses import RedirectResponse, Response
from lilya.routing import Path
from lilya.templating import Jinja2Template

TEMPLATES = FilePath(__file__).parent / "templates" / "login"
MAX_NOTE_LENGTH = 200
MAX_NOTES = 20  # per user, newest first: the store never grows past users x MAX_NOTES

# Demo accounts: only salted PBKDF2 hashes are kept, never the passwords.
_ITERATIONS = 100_000
_SALT = b"lilya-login-example"
USERS = {"alice": "6f2700f92b160dc4b1bbf2c0fa38a38932b6b685d04e501877395bd34b869a00"}


def hash_password(password: str) -> str:
    """The stored form of `password`: slow to guess, compared in constant time."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), _SALT, _ITERATIONS)
    return digest.hex()


def check_credentials(username: str, password: str) -> bool:
    """Whether the pair names a demo account. An unknown user costs as much as a wrong
    password, so timing does not tell which usernames exist."""
    stored = USERS.get(username, "0" * 64)
    return hmac.compare_digest(hash_password(password), stored) and username in USERS


def create_app(secret: str | None = None) -> Lilya:
    """A fresh app with its own notes store (tests build one each, so they do not share notes)."""
    secret = secret or os.environ.get("LOGIN_EXAMPLE_SECRET") or secrets.token_urlsafe(32)
    templates = Jinja2Template(directory=str(TEMPLATES))
    notes_by_user: dict[str, list[str]] = {}

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        user = request.session.get("user")
        return templates.get_template_response(
            request, name, {"user": user, **context}, status_code=status_code
        )

    def notes_page(request: Request, user: str, status_code: int = 200, **context: Any) -> Response:
        notes = notes_by_user.get(user, [])
        return page(
            request, "notes.html", status_code, notes=notes, max_length=MAX_NOTE_LENGTH, **context
        )

    async def home(request: Request) -> Response:
        target = "notes" if request.session.get("user") else "login"
        return RedirectResponse(request.path_for(target), status.HTTP_303_SEE_OTHER)

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html")
        async with request.form() as form:
            username = str(form.get("username") or "")
            password = str(form.get("password") or "")
        if not check_credentials(username, password):
            return page(
                request,
                "login.html",
                status.HTTP_401_UNAUTHORIZED,
                error="Wrong username or password.",
            )
        request.session.clear()
        request.session["user"] = username
        return RedirectResponse(request.path_for("notes"), status.HTTP_303_SEE_OTHER)

    async def notes(request: Request) -> Response:
        user = request.session.get("user")
        if not isinstance(user, str) or user not in USERS:
            return RedirectResponse(request.path_for("login"), status.HTTP_303_SEE_OTHER)
        if request.method == "GET":
            return notes_page(request, user, saved=request.query_params.get("saved") == "1")
        async with request.form() as form:
            note = str(form.get("note") or "").strip()
        if not note or len(note) > MAX_NOTE_LENGTH:
            error = f"A note needs 1 to {MAX_NOTE_LENGTH} characters."
            return notes_page(request, user, status.HTTP_400_BAD_REQUEST, error=error)
        kept = notes_by_user.setdefault(user, [])
        kept.insert(0, note)
        del kept[MAX_NOTES:]
        # Post/redirect/get: reloading the page does not send the note again.
        return RedirectResponse(f"{request.path_for('notes')}?saved=1", status.HTTP_303_SEE_OTHER)

    async def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse(request.path_for("login"), status.HTTP_303_SEE_OTHER)

    async def forbidden(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", None) or "Forbidden."
        return templates.get_template_response(
            request, "forbidden.html", {"detail": detail}, status_code=status.HTTP_403_FORBIDDEN
        )

    return Lilya(
        routes=[
            Path("/", home, name="home"),
            Path("/login", login, methods=["GET", "POST"], name="login"),
            Path("/notes", notes, methods=["GET", "POST"], name="notes"),
            Path("/logout", logout, methods=["POST"], name="logout"),
        ],
        middleware=[
            # Sessions outside CSRF, so the 403 page can still see who is logged in.
            DefineMiddleware(SessionMiddleware, secret_key=secret),
            DefineMiddleware(CSRFMiddleware, secret=secret, httponly=True),
        ],
        exception_handlers={PermissionDenied: forbidden},
    )


app = create_app()
