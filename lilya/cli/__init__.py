"""The `lilya` command line: app discovery, built-in directives and custom directives."""

from lilya.cli.base import BaseDirective

__all__ = ["BaseDirective"]
