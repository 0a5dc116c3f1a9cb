"""Template rendering to responses; Jinja2 support needs the `templates` extra."""

from __future__ import annotations

from lilya.templating.jinja import Jinja2Template

__all__ = ["Jinja2Template"]
