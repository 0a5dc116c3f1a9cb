"""The broadcast sample of docs/deployment.md does what the page says."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Factory = Callable[..., Any]


def test_a_notification_reaches_an_open_event_stream(test_client_factory: Factory) -> None:
    sample = importlib.reload(importlib.import_module("docs_src.deployment.broadcast"))
    with (
        test_client_factory(sample.app) as client,
        client.stream_events("/notifications", headers={"Last-Event-ID": "41"}) as stream,
    ):
        assert next(stream).comment == "listening (last seen: 41)"
        assert client.post("/notify", json={"text": "deploy done"}).status_code == 202
        event = next(stream)
    assert (event.event, event.data) == ("notification", "deploy done")
