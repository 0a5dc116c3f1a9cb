"""lilya: a lightweight, fully typed ASGI toolkit compatible with the Lilya 0.7.5 API."""

__version__ = "0.1.0"
