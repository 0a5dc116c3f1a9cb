from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from typing import Any

import pytest

from lilya.middleware.compression import GZipMiddleware, GZipResponder
from lilya.responses import PlainText, Response, StreamingResponse
from lilya.types import Receive, Scope, Send

BIG = "lilya " * 200


def serve(response: Response) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await response(scope, receive, send)

    return app


def raw_get(client: Any, encoding: str = "gzip", method: str = "GET") -> Any:
    return client.request(method, "/", headers={"accept-encoding": encoding})


def test_large_body_is_compressed_with_length_and_vary(test_client_factory: Any) -> None:
    client = test_client_factory(GZipMiddleware(serve(PlainText(BIG))))
    response = raw_get(client)
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.text == BIG  # httpx decodes
    assert int(response.headers["content-length"]) < len(BIG)


def test_small_body_is_left_alone_without_vary(test_client_factory: Any) -> None:
    """Lilya 0.7.5 sends a body under minimum_size exactly as the app did: no Vary added."""
    client = test_client_factory(GZipMiddleware(serve(PlainText("tiny"))))
    response = raw_get(client)
    assert "content-encoding" not in response.headers
    assert "vary" not in response.headers
    assert response.text == "tiny"


def test_client_without_gzip_gets_identity(test_client_factory: Any) -> None:
    client = test_client_factory(GZipMiddleware(serve(PlainText(BIG))))
    response = raw_get(client, encoding="identity")
    assert "content-encoding" not in response.headers
    assert response.text == BIG


def test_already_encoded_response_is_never_compressed(test_client_factory: Any) -> None:
    payload = gzip.compress(BIG.encode())
    already = Response(payload, headers={"content-encoding": "gzip"}, media_type="text/plain")
    client = test_client_factory(GZipMiddleware(serve(already)))
    response = raw_get(client)
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == BIG  # decoded once: it was not compressed twice


@pytest.mark.parametrize("media_type", ["image/png", "application/zip", "text/event-stream"])
def test_compressed_media_types_are_skipped(test_client_factory: Any, media_type: str) -> None:
    client = test_client_factory(
        GZipMiddleware(serve(Response(b"x" * 2000, media_type=media_type)))
    )
    response = raw_get(client)
    assert "content-encoding" not in response.headers
    assert response.content == b"x" * 2000


def test_streaming_body_is_compressed_incrementally(test_client_factory: Any) -> None:
    async def chunks() -> AsyncIterator[str]:
        for _ in range(50):
            yield "chunk " * 20

    client = test_client_factory(GZipMiddleware(serve(StreamingResponse(chunks()))))
    response = raw_get(client)
    assert response.headers["content-encoding"] == "gzip"
    assert "content-length" not in response.headers
    assert response.text == "chunk " * 20 * 50


def test_head_is_not_compressed(test_client_factory: Any) -> None:
    client = test_client_factory(GZipMiddleware(serve(PlainText(BIG))))
    response = raw_get(client, method="HEAD")
    assert "content-encoding" not in response.headers


@pytest.mark.anyio
async def test_responder_must_be_called_before_sending(anyio_backend: str) -> None:
    responder = GZipResponder(serve(PlainText("x")), minimum_size=1)
    with pytest.raises(RuntimeError):
        await responder.send({"type": "http.response.body"})


def test_non_http_scopes_pass_through(test_client_factory: Any) -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    with test_client_factory(GZipMiddleware(app)):
        pass
    assert seen == ["lifespan"]


def test_rewrite_headers_merges_vary_and_replaces_length() -> None:
    from lilya.middleware.compression import rewrite_headers

    headers = [
        (b"content-length", b"10240"),
        (b"vary", b"Origin"),
        (b"x-other", b"1"),
        (b"vary", b"Cookie"),
    ]
    assert rewrite_headers(headers, compressed=True, length=99) == [
        (b"x-other", b"1"),
        (b"vary", b"Origin, Cookie, Accept-Encoding"),
        (b"content-encoding", b"gzip"),
        (b"content-length", b"99"),
    ]
    assert headers[0] == (b"content-length", b"10240")  # the original is left alone
    streamed = rewrite_headers([(b"content-length", b"5")], compressed=True)
    assert streamed == [(b"vary", b"Accept-Encoding"), (b"content-encoding", b"gzip")]
    listed = rewrite_headers([(b"Vary".lower(), b"accept-encoding")], compressed=False)
    assert listed == [(b"vary", b"accept-encoding")]
    assert rewrite_headers([(b"vary", b"*")], compressed=False) == [(b"vary", b"*")]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (b"gzip", True),
        (b"deflate, GZIP;q=0.5", True),
        (b"*", True),
        (b"gzip;q=0", False),
        (b"gzip; q=0.0", False),
        (b"gzip;q=abc", False),
        (b"br, deflate", False),
        (b"*;q=0, gzip", True),
        (b"gzip;q=0, *", False),
        (b"", False),
    ],
)
def test_accept_encoding_is_parsed(value: bytes, accepted: bool) -> None:
    from lilya.middleware.compression import accepts_gzip

    assert accepts_gzip(value) is accepted


@pytest.mark.anyio
async def test_responder_sends_the_held_start_before_an_extension_message(
    anyio_backend: str,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.debug", "info": {}})  # an extension's message
        await send({"type": "http.response.body", "body": BIG.encode()})

    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    responder = GZipResponder(app, minimum_size=10)
    await responder({"type": "http", "method": "GET", "headers": []}, receive, send)
    # The held start goes out before the extension's message, uncompressed since the body
    # may not pass through here; the body then follows as the app sent it.
    assert [m["type"] for m in sent] == [
        "http.response.start",
        "http.response.debug",
        "http.response.body",
    ]
    assert (b"content-encoding", b"gzip") not in sent[0]["headers"]
    assert (b"vary", b"Accept-Encoding") not in sent[0]["headers"]
    assert sent[2]["body"] == BIG.encode()


def test_partial_content_is_never_compressed(test_client_factory: Any) -> None:
    partial = Response(
        b"x" * 2000,
        status_code=206,
        headers={"content-range": "bytes 0-1999/10000"},
        media_type="text/plain",
    )
    client = test_client_factory(GZipMiddleware(serve(partial)))
    response = raw_get(client)
    assert response.status_code == 206
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == "2000"
    assert response.content == b"x" * 2000


def test_multipart_byteranges_is_never_compressed(test_client_factory: Any) -> None:
    body = b"--sep\r\nContent-Range: bytes 0-999/5000\r\n\r\n" + b"y" * 1000 + b"\r\n--sep--\r\n"
    ranges = Response(body, status_code=200, media_type="multipart/byteranges; boundary=sep")
    client = test_client_factory(GZipMiddleware(serve(ranges)))
    response = raw_get(client)
    assert "content-encoding" not in response.headers
    assert response.content == body


def test_ranged_file_response_through_gzip_keeps_its_bytes(
    test_client_factory: Any, tmp_path: Any
) -> None:
    from lilya.responses import FileResponse

    path = tmp_path / "data.txt"
    path.write_bytes(b"0123456789" * 300)
    client = test_client_factory(GZipMiddleware(serve(FileResponse(path))))
    response = client.get("/", headers={"accept-encoding": "gzip", "range": "bytes=10-2009"})
    assert response.status_code == 206
    assert "content-encoding" not in response.headers
    assert response.content == (b"0123456789" * 300)[10:2010]
