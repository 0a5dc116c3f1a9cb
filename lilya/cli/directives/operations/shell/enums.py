"""The interactive shells `lilya shell` can start."""

from __future__ import annotations

from enum import Enum

__all__ = ["ShellOption"]


class ShellOption(str, Enum):
    """Shell kernels; PYTHON (the standard console) is the fallback when the others are absent."""

    IPYTHON = "ipython"
    PTPYTHON = "ptpython"
    PYTHON = "python"
