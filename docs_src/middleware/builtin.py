from __future__ import annotations

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.compression import GZipMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.trustedhost import TrustedHostMiddleware
from lilya.responses import PlainText
from lilya.routing import Path


def report() -> PlainText:
    return PlainText("figures " * 200)


app = Lilya(
    routes=[Path("/report", report)],
    middleware=[
        # The first one listed is the outermost: it sees the request first.
        DefineMiddleware(TrustedHostMiddleware, allowed_hosts=["example.com", "*.example.com"]),
        DefineMiddleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_methods=["GET", "POST"],
        ),
        DefineMiddleware(GZipMiddleware, minimum_size=500),
    ],
)
