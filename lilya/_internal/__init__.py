"""Names that Lilya's documentation and its users import from `lilya._internal`.

Each module here re-exports the public object that does the work (`_module_loading` keeps
Lilya's own small `import_string`), so programs written for Lilya keep running; new code
should import from the public modules named in each.
"""

from lilya._internal._representation import Repr

__all__ = ["Repr"]
