"""Value types shared across lilya: headers, URLs, multi-dicts, uploads, state, secrets."""

from lilya.datastructures.cookies import Cookie
from lilya.datastructures.headers import Header, Headers
from lilya.datastructures.multidict import (
    FormData,
    FormMultiDict,
    ImmutableMultiDict,
    MultiDict,
    MultiMixin,
    QueryParam,
)
from lilya.datastructures.secret import Secret
from lilya.datastructures.state import State
from lilya.datastructures.uploads import DataUpload, UploadFile
from lilya.datastructures.url import URL, URLPath

__all__ = [
    "URL",
    "Cookie",
    "DataUpload",
    "FormData",
    "FormMultiDict",
    "Header",
    "Headers",
    "ImmutableMultiDict",
    "MultiDict",
    "MultiMixin",
    "QueryParam",
    "Secret",
    "State",
    "URLPath",
    "UploadFile",
]
