"""lilya.enums as Lilya 0.7.5 shows its members."""

from __future__ import annotations

from lilya.conf.enums import EnvironmentType
from lilya.enums import Event, HTTPMethod, MediaType, ScopeType


def test_str_enum_members_show_their_bare_value() -> None:
    """Lilya 0.7.5's StrEnum: repr() and str() are the value (ASGI messages holding members,
    such as {'type': websocket.close}, print that way)."""
    assert repr(MediaType.JSON) == "application/json"
    assert repr(Event.WEBSOCKET_CLOSE) == "websocket.close"
    assert str(HTTPMethod.GET) == "GET"
    assert repr([ScopeType.HTTP]) == "[http]"
    assert repr(EnvironmentType.TESTING) == "testing"
    assert MediaType.JSON == "application/json"
