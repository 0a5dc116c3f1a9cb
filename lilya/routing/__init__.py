"""Routing: paths, includes, hosts and the router that resolves them through an index."""

from lilya.routing.handlers import get_name
from lilya.routing.include import Host, Include
from lilya.routing.limits import UNLIMITED
from lilya.routing.router import Router
from lilya.routing.routes import BasePath, NoMatchFound, Path, WebSocketPath
from lilya.routing.table import BaseRouter

__all__ = [
    "BasePath",
    "BaseRouter",
    "Host",
    "Include",
    "NoMatchFound",
    "Path",
    "Router",
    "UNLIMITED",
    "WebSocketPath",
    "get_name",
]
