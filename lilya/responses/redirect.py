"""RedirectResponse: a redirect whose Location is percent-encoded where unsafe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from lilya import status
from lilya.background import Task
from lilya.responses.base import Encoders, Response

if TYPE_CHECKING:
    from lilya.datastructures.url import URL

__all__ = ["Redirect", "RedirectResponse"]

# RFC 3986 reserved characters plus "%": kept as is in Location, everything else is escaped.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%"


class RedirectResponse(Response):
    """A redirect (307 by default) to `url`, percent-encoding anything unsafe in Location."""

    def __init__(
        self,
        url: str | URL,
        status_code: int = status.HTTP_307_TEMPORARY_REDIRECT,
        headers: Mapping[str, str] | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        super().__init__(
            content=b"",
            status_code=status_code,
            headers=headers,
            background=background,
            encoders=encoders,
        )
        # quote() leaves only ASCII. Set on the raw list: a Header view per redirect cost
        # more than the rest of the response.
        location = (b"location", quote(str(url), safe=_URL_SAFE).encode("ascii"))
        raw = self.raw_headers
        if headers:
            raw[:] = [pair for pair in raw if pair[0] != b"location"]
        raw.append(location)


Redirect = RedirectResponse
