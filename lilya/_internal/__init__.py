"""Names that Lilya's documentation and its users import from `lilya._internal`.

Each module here only re-exports the public object that does the work, so programs written
for Lilya keep running; new code should import from the public modules named in each.
"""
