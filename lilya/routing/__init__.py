"""Routing: paths, includes, hosts and the router that resolves them through an index."""

from lilya.routing._handlers import get_name
from lilya.routing._limits import UNLIMITED, NoBodyLimit
from lilya.routing.include import Host, Include
from lilya.routing.router import Router
from lilya.routing.routes import BasePath, NoMatchFound, Path, WebSocketPath
from lilya.routing.table import BaseRouter

__all__ = [
    "BasePath",
    "BaseRouter",
    "Host",
    "Include",
    "NoBodyLimit",
    "NoMatchFound",
    "Path",
    "Router",
    "UNLIMITED",
    "WebSocketPath",
    "get_name",
]
