"""Match's members as module constants, for the routing modules' per-request comparisons."""

from __future__ import annotations

from typing import Final

from lilya.enums import Match

__all__ = ["FULL", "NONE", "PARTIAL"]

# PERF: imported by name (`from lilya.routing._match import FULL`), each is a global of the
# importing module: reading it costs ~8 ns, reading Match.FULL ~79 ns (Python 3.11), and a
# request reads three or four. With the other request-path shortcuts (see routing/table.py,
# responses/base.py, requests.py), removing them measured 4-8% on benchmarks.inprocess's path
# parameter, not found and two Includes rows (lilya / bare).
FULL: Final = Match.FULL
PARTIAL: Final = Match.PARTIAL
NONE: Final = Match.NONE
