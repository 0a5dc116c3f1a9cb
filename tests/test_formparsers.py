from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lilya._formparsers import FormLimits, parse_form
from lilya.datastructures import DataUpload, Headers
from lilya.exceptions import BadRequest, ContentTooLarge

pytestmark = pytest.mark.anyio

BOUNDARY = "xyzBOUNDARY"
MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def part(name: str, data: bytes, filename: str | None = None, ctype: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n"
    if ctype:
        head += f"Content-Type: {ctype}\r\n"
    return head.encode() + b"\r\n" + data + b"\r\n"


def multipart_body(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


async def chunks(data: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def parse(data: bytes, headers: dict[str, str] = MULTIPART, **limits: int) -> object:
    return await parse_form(Headers(headers), chunks(data), FormLimits(**limits))


async def test_fields_and_files_stream_into_the_form(anyio_backend: str) -> None:
    data = multipart_body(
        part("name", "José".encode()),
        part("doc", b"file body " * 50, filename="a.txt", ctype="text/plain"),
        part("doc", b"second", filename="b.bin"),
    )
    form = await parse(data)
    assert form["name"] == "José"  # type: ignore[index]
    first, second = form.getlist("doc")  # type: ignore[attr-defined]
    assert isinstance(first, DataUpload)
    assert first.filename == "a.txt"
    assert first.content_type == "text/plain"
    assert await first.read() == b"file body " * 50
    assert first.size == 500
    assert await second.read() == b"second"
    await form.close()  # type: ignore[attr-defined]


async def test_missing_boundary_is_a_bad_request(anyio_backend: str) -> None:
    with pytest.raises(BadRequest, match="boundary"):
        await parse(b"whatever", headers={"content-type": "multipart/form-data"})


async def test_broken_boundary_is_a_bad_request(anyio_backend: str) -> None:
    with pytest.raises(BadRequest, match="Malformed"):
        await parse(b"--wrongboundary\r\nnonsense\r\n\r\n")


async def test_part_without_content_disposition_is_a_bad_request(anyio_backend: str) -> None:
    data = f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode()
    with pytest.raises(BadRequest, match="Content-Disposition"):
        await parse(data)


async def test_part_without_a_name_is_a_bad_request(anyio_backend: str) -> None:
    data = f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{BOUNDARY}--\r\n"
    with pytest.raises(BadRequest, match="field name"):
        await parse(data.encode())


async def test_thousands_of_tiny_fields_hit_the_field_limit(anyio_backend: str) -> None:
    data = multipart_body(*(part(f"f{i}", b"1") for i in range(3000)))
    with pytest.raises(BadRequest, match="Too many fields"):
        await parse(data)


async def test_too_many_files_is_a_bad_request(anyio_backend: str) -> None:
    data = multipart_body(*(part("f", b"1", filename=f"{i}.txt") for i in range(3)))
    with pytest.raises(BadRequest, match="Too many files"):
        await parse(data, max_files=2)


async def test_limit_errors_use_lilyas_wording(anyio_backend: str) -> None:
    """Lilya 0.7.5's messages for too many files and fields."""
    files = multipart_body(*(part("f", b"1", filename=f"{i}.txt") for i in range(3)))
    with pytest.raises(BadRequest) as caught:
        await parse(files, max_files=2)
    assert caught.value.detail == "Too many files. Maximum number of files is 2."
    fields = multipart_body(*(part(f"f{i}", b"1") for i in range(3)))
    with pytest.raises(BadRequest) as caught:
        await parse(fields, max_fields=2)
    assert caught.value.detail == "Too many fields. Maximum number of fields is 2."


async def test_oversized_field_is_413(anyio_backend: str) -> None:
    data = multipart_body(part("big", b"x" * 2000))
    with pytest.raises(ContentTooLarge):
        await parse(data, max_part_size=1000)


async def test_error_closes_uploads_already_spooled(anyio_backend: str) -> None:
    created: list[DataUpload] = []
    original = DataUpload.__init__

    def spy(self: DataUpload, **kwargs: object) -> None:
        original(self, **kwargs)  # type: ignore[arg-type]
        created.append(self)

    DataUpload.__init__ = spy  # type: ignore[method-assign]
    try:
        data = multipart_body(part("f", b"data", filename="a"), part("g", b"y" * 50))
        with pytest.raises(ContentTooLarge):
            await parse(data, max_part_size=10)
    finally:
        DataUpload.__init__ = original  # type: ignore[method-assign]
    assert created
    assert all(upload.file.closed for upload in created)


async def test_urlencoded_body_past_the_limit_is_413(anyio_backend: str) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    with pytest.raises(ContentTooLarge):
        await parse(b"a=" + b"x" * 100, headers=headers, max_body_size=50)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_urlencoded_parser_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    import anyio

    async def run() -> None:
        form = await parse(data, headers={"content-type": "application/x-www-form-urlencoded"})
        assert all(isinstance(v, str) for v in form.values())  # type: ignore[attr-defined]

    anyio.run(run)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_multipart_parser_raises_only_bad_request(data: bytes) -> None:
    import anyio

    async def run() -> None:
        try:
            await parse(data)
        except BadRequest:
            pass

    anyio.run(run)


async def test_client_leaving_mid_upload_closes_temporary_files(anyio_backend: str) -> None:
    from lilya.exceptions import ClientDisconnect
    from lilya.requests import Request

    created: list[DataUpload] = []
    original = DataUpload.__init__

    def spy(self: DataUpload, **kwargs: object) -> None:
        original(self, **kwargs)  # type: ignore[arg-type]
        created.append(self)

    head = part("f", b"x" * 1000, filename="big.bin")[:-200]
    messages = [
        {"type": "http.request", "body": head, "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    scope = {
        "type": "http",
        "method": "POST",
        "headers": [(b"content-type", MULTIPART["content-type"].encode())],
    }
    DataUpload.__init__ = spy  # type: ignore[method-assign]
    try:
        with pytest.raises(ClientDisconnect):
            await Request(scope, receive).form()  # type: ignore[arg-type]
    finally:
        DataUpload.__init__ = original  # type: ignore[method-assign]
    assert len(created) == 1
    assert created[0].file.closed


@given(st.text(alphabet=st.characters(max_codepoint=255)))
def test_urlencoded_decoding_matches_the_reference(text: str) -> None:
    """Lilya 0.7.5 (as Starlette) unquotes each latin-1 decoded piece: percent-escapes are
    UTF-8, raw bytes stay latin-1 characters; the shortcuts give the same."""
    from urllib.parse import unquote_plus

    from lilya._formparsers import _decode

    assert _decode(text) == unquote_plus(text, errors="replace")


async def test_raw_bytes_of_an_urlencoded_body_read_as_latin_1(anyio_backend: str) -> None:
    """Lilya 0.7.5: raw (unescaped) bytes are latin-1 characters, escapes are UTF-8."""
    form = await parse(
        "raw=é&escaped=%C3%A9".encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert form["raw"] == "\u00c3\u00a9"  # type: ignore[index]
    assert form["escaped"] == "\u00e9"  # type: ignore[index]


def test_adopt_takes_the_list_without_copying() -> None:
    from lilya.datastructures import FormData

    pairs = [("a", "1"), ("a", "2"), ("b", "3")]
    form = FormData.adopt(pairs)
    assert form.getlist("a") == ["1", "2"]
    assert form["a"] == "1"  # the first value of a repeated key, as in Lilya 0.7.5
    assert form._list is pairs


async def test_repeated_forms_parse_alike_and_remember_only_short_headers(
    anyio_backend: str,
) -> None:
    from lilya import _formparsers as formparsers

    remembered = formparsers._remembered_options
    remembered.cache_clear()
    long_name = "n" * 300
    data = multipart_body(part("title", b"a"), part(long_name, b"b"), part("doc", b"c", "x.txt"))
    forms = [await parse(data) for _ in range(3)]
    for form in forms:
        assert form["title"] == "a"  # type: ignore[index]
        assert form[long_name] == "b"  # type: ignore[index]
        assert await form["doc"].read() == b"c"  # type: ignore[index]
        await form.close()  # type: ignore[attr-defined]
    # Remembered: the Content-Type and the two short part headers; never the long one.
    assert remembered.cache_info().currsize == 3
    hits = remembered.cache_info().hits
    remembered(b'form-data; name="title"')
    assert remembered.cache_info().hits == hits + 1
    for index in range(2 * formparsers._REMEMBERED_OPTIONS):
        await parse(multipart_body(part(f"field{index}", b"v")))
    assert remembered.cache_info().currsize == formparsers._REMEMBERED_OPTIONS


async def test_boundary_longer_than_the_parser_accepts_is_a_bad_request(anyio_backend: str) -> None:
    headers = {"content-type": "multipart/form-data; boundary=" + "b" * 300}
    with pytest.raises(BadRequest, match="boundary"):
        await parse(b"--" + b"b" * 300 + b"--\r\n", headers=headers)


@pytest.mark.parametrize(
    "cut",
    [
        part("a", b"value"),  # no closing boundary at all
        part("a", b"value")[:-2],  # cut inside the part's data
        part("a", b"value") + f"--{BOUNDARY}-".encode(),  # closing boundary cut short
        f"--{BOUNDARY}\r\nContent-Disposition: form".encode(),  # cut inside the headers
    ],
)
async def test_body_ending_before_its_closing_boundary_is_a_bad_request(
    anyio_backend: str, cut: bytes
) -> None:
    with pytest.raises(BadRequest, match="closing boundary"):
        await parse(cut)


async def test_empty_multipart_body_is_an_empty_form(anyio_backend: str) -> None:
    assert list(await parse(b"")) == []  # type: ignore[call-overload]


async def test_uploads_of_a_cut_short_body_are_closed(anyio_backend: str) -> None:
    upload_part = part("f", b"data", filename="a.txt")
    closed: list[DataUpload] = []
    original = DataUpload.close

    async def tracking_close(self: DataUpload) -> None:
        closed.append(self)
        await original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DataUpload, "close", tracking_close)
        with pytest.raises(BadRequest):
            await parse(upload_part)
    assert len(closed) == 1


@pytest.mark.parametrize("body", [b"f=" + b"x" * 101, b"x" * 101 + b"=v", b"a=1&" + b"x" * 101])
async def test_urlencoded_field_over_the_part_limit_is_too_large(
    anyio_backend: str, body: bytes
) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    with pytest.raises(ContentTooLarge):
        await parse(body, headers=headers, max_part_size=100)


URLENCODED_HEADERS = {"content-type": "application/x-www-form-urlencoded"}


async def test_empty_urlencoded_pieces_do_not_count_as_fields(anyio_backend: str) -> None:
    form = await parse(b"a=1" + b"&" * 50 + b"b=2", URLENCODED_HEADERS, max_fields=2)
    assert list(form.multi_items()) == [("a", "1"), ("b", "2")]  # type: ignore[attr-defined]


async def test_urlencoded_fields_over_the_limit_are_refused(anyio_backend: str) -> None:
    with pytest.raises(BadRequest, match="Too many fields"):
        await parse(b"a=1&b=2&c=3", URLENCODED_HEADERS, max_fields=2)
