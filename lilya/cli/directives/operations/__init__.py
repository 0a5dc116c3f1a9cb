"""The built-in directives, one module each, imported lazily by the `lilya` group."""
