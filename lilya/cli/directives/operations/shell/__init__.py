"""`lilya shell` and its kernels."""

from lilya.cli.directives.operations.shell.base import shell

__all__ = ["shell"]
