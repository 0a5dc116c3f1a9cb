"""`include` (a module path -> its checked route list) and `reverse`, which live in
lilya.routing.include and lilya.compat."""

from __future__ import annotations

from lilya.compat import reverse
from lilya.routing._loading import load_route_patterns as include

__all__ = ["include", "reverse"]
