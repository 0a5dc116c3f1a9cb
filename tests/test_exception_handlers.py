"""lilya.exception_handlers: handlers ready to register."""

from __future__ import annotations

import pytest

from lilya.exception_handlers import handle_value_error
from lilya.requests import Request


@pytest.mark.anyio
async def test_handle_value_error_gives_a_400_json_detail(anyio_backend: str) -> None:
    """Lilya 0.7.5: handle_value_error answers {"detail": str(exc)} with status 400."""
    response = await handle_value_error(Request({"type": "http"}), ValueError("bad thing"))
    assert response.status_code == 400
    assert response.body == b'{"detail":"bad thing"}'
    assert response.media_type == "application/json"
