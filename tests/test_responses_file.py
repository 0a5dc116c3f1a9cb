"""FileResponse: whole files, HEAD, 304s, byte ranges and their abuse."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lilya.background import Task
from lilya.responses import File, FileResponse
from lilya.types import Message
from tests.asgi_helpers import Sent, call_asgi, make_scope

pytestmark = pytest.mark.anyio

CONTENT = bytes(range(256)) * 400  # 102400 bytes: more than one 64 KiB chunk


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(CONTENT)
    return path


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "hello.txt"
    path.write_text("hello, world")
    return path


async def get(path: Path, *headers: tuple[str, str], method: str = "GET", **kw: object) -> Sent:
    return await call_asgi(FileResponse(path, **kw), method=method, headers=headers)  # type: ignore[arg-type]


async def test_file_response_sends_whole_file(data_file: Path) -> None:
    sent = await get(data_file)
    assert sent.status == 200
    assert sent.body == CONTENT
    assert sent.header("content-length") == str(len(CONTENT))
    assert sent.header("accept-ranges") == "bytes"
    assert sent.header("content-type") == "application/octet-stream"
    assert File is FileResponse


async def test_file_response_reads_in_chunks(data_file: Path) -> None:
    sent = await get(data_file)
    chunks = [m["body"] for m in sent.messages[1:] if m["body"]]
    assert [len(c) for c in chunks] == [64 * 1024, len(CONTENT) - 64 * 1024]
    assert sent.messages[-1]["more_body"] is False


async def test_a_file_of_one_chunk_goes_out_in_one_message(text_file: Path) -> None:
    sent = await get(text_file)
    assert [m["type"] for m in sent.messages] == ["http.response.start", "http.response.body"]
    assert sent.messages[1] == {
        "type": "http.response.body",
        "body": b"hello, world",
        "more_body": False,
    }


async def test_a_small_range_is_read_from_its_offset(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=1000-1009"))
    assert sent.status == 206
    assert sent.body == CONTENT[1000:1010]
    assert len(sent.messages) == 2


async def test_a_small_file_that_shrank_since_its_stat_sends_what_is_left(
    text_file: Path,
) -> None:
    stat_result = os.stat(text_file)
    text_file.write_text("hello")
    sent = await get(text_file, stat_result=stat_result)
    assert sent.header("content-length") == "12"  # from the stat it was given
    assert sent.body == b"hello"


async def test_file_response_guesses_text_type_with_charset(text_file: Path) -> None:
    sent = await get(text_file)
    assert sent.header("content-type") == "text/plain; charset=utf-8"
    assert sent.body == b"hello, world"


async def test_file_response_unknown_extension_defaults_to_text(tmp_path: Path) -> None:
    path = tmp_path / "noext"
    path.write_bytes(b"x")
    assert (await get(path)).header("content-type") == "text/plain; charset=utf-8"


async def test_file_response_explicit_media_type(text_file: Path) -> None:
    sent = await get(text_file, media_type="application/x-custom")
    assert sent.header("content-type") == "application/x-custom"


async def test_file_response_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    sent = await get(path)
    assert sent.status == 200
    assert sent.body == b""
    assert sent.header("content-length") == "0"


async def test_file_response_etag_and_last_modified_come_from_stat(text_file: Path) -> None:
    os.utime(text_file, (0, 86400))
    sent = await get(text_file)
    assert sent.header("last-modified") == "Fri, 02 Jan 1970 00:00:00 GMT"
    etag = sent.header("etag")
    assert etag is not None
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', etag)


async def test_file_response_etag_changes_when_file_changes(text_file: Path) -> None:
    first = (await get(text_file)).header("etag")
    text_file.write_text("changed content")
    assert (await get(text_file)).header("etag") != first


async def test_file_response_with_given_stat_result(text_file: Path) -> None:
    response = FileResponse(text_file, stat_result=os.stat(text_file))
    assert response.headers["content-length"] == "12"
    assert (await call_asgi(response)).body == b"hello, world"


async def test_file_response_user_headers_win(text_file: Path) -> None:
    sent = await get(text_file, headers={"ETag": '"mine"', "Cache-Control": "no-cache"})
    assert sent.header_all("etag") == ['"mine"']
    assert sent.header("cache-control") == "no-cache"


async def test_file_response_content_disposition_ascii(text_file: Path) -> None:
    sent = await get(text_file, filename="report.txt")
    assert sent.header("content-disposition") == 'attachment; filename="report.txt"'


async def test_file_response_content_disposition_non_ascii_inline(text_file: Path) -> None:
    sent = await get(text_file, filename="r\u00e9sum\u00e9.txt", content_disposition_type="inline")
    assert sent.header("content-disposition") == "inline; filename*=utf-8''r%C3%A9sum%C3%A9.txt"


async def test_file_response_media_type_guessed_from_filename(data_file: Path) -> None:
    sent = await get(data_file, filename="page.html")
    assert sent.header("content-type") == "text/html; charset=utf-8"


async def test_file_response_head_request_has_no_body(data_file: Path) -> None:
    sent = await get(data_file, method="HEAD")
    assert sent.status == 200
    assert sent.body == b""
    assert sent.header("content-length") == str(len(CONTENT))


async def test_file_response_method_head_argument_sends_no_body(data_file: Path) -> None:
    response = FileResponse(data_file, method="head")
    sent = await call_asgi(response)
    assert sent.body == b""
    assert sent.header("content-length") == str(len(CONTENT))


async def test_file_response_missing_file_raises_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        await get(tmp_path / "missing.txt")


async def test_file_response_directory_raises_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="is not a file"):
        await get(tmp_path)


async def test_file_response_runs_background(text_file: Path) -> None:
    done: list[int] = []
    await call_asgi(FileResponse(text_file, background=Task(done.append, 1)))
    assert done == [1]


async def test_file_response_to_websocket_scope(text_file: Path) -> None:
    sent = await call_asgi(FileResponse(text_file), scope=make_scope(type="websocket"))
    assert {m["type"] for m in sent.messages} == {
        "websocket.http.response.start",
        "websocket.http.response.body",
    }
    assert sent.body == b"hello, world"


# -- conditional requests ---------------------------------------------------------------


async def test_if_none_match_with_current_etag_gives_304(text_file: Path) -> None:
    etag = (await get(text_file)).header("etag")
    assert etag is not None
    sent = await get(text_file, ("if-none-match", etag), headers={"cache-control": "max-age=5"})
    assert sent.status == 304
    assert sent.body == b""
    assert sent.header("etag") == etag
    assert sent.header("cache-control") == "max-age=5"
    assert sent.header("content-length") is None
    assert sent.header("content-type") is None


async def test_if_none_match_star_gives_304(text_file: Path) -> None:
    assert (await get(text_file, ("if-none-match", "*"))).status == 304


async def test_if_none_match_weak_tag_gives_304(text_file: Path) -> None:
    etag = (await get(text_file)).header("etag")
    assert (await get(text_file, ("if-none-match", f'"other", W/{etag}'))).status == 304


async def test_if_none_match_other_etag_sends_file(text_file: Path) -> None:
    sent = await get(text_file, ("if-none-match", '"stale"'))
    assert sent.status == 200
    assert sent.body == b"hello, world"


async def test_if_none_match_on_head_gives_304(text_file: Path) -> None:
    assert (await get(text_file, ("if-none-match", "*"), method="HEAD")).status == 304


async def test_if_modified_since_later_date_gives_304(text_file: Path) -> None:
    os.utime(text_file, (0, 86400))
    sent = await get(text_file, ("if-modified-since", "Sat, 03 Jan 1970 00:00:00 GMT"))
    assert sent.status == 304


async def test_if_modified_since_same_date_gives_304(text_file: Path) -> None:
    os.utime(text_file, (0, 86400.5))
    sent = await get(text_file, ("if-modified-since", "Fri, 02 Jan 1970 00:00:00 GMT"))
    assert sent.status == 304


async def test_if_modified_since_earlier_date_sends_file(text_file: Path) -> None:
    os.utime(text_file, (0, 86400))
    sent = await get(text_file, ("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"))
    assert sent.status == 200


@pytest.mark.parametrize("value", ["garbage", "", "Mon, 99 Zzz 2020", "\u00e9\u00e9"])
async def test_if_modified_since_garbage_is_ignored(text_file: Path, value: str) -> None:
    assert (await get(text_file, ("if-modified-since", value))).status == 200


async def test_if_none_match_wins_over_if_modified_since(text_file: Path) -> None:
    sent = await get(
        text_file,
        ("if-none-match", '"stale"'),
        ("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT"),
    )
    assert sent.status == 200


async def test_conditional_headers_ignored_for_non_200_status(text_file: Path) -> None:
    sent = await get(text_file, ("if-none-match", "*"), ("range", "bytes=0-1"), status_code=404)
    assert sent.status == 404
    assert sent.body == b"hello, world"


async def test_conditional_headers_ignored_for_post(text_file: Path) -> None:
    sent = await get(text_file, ("if-none-match", "*"), method="POST")
    assert sent.status == 200


async def test_not_modified_runs_background(text_file: Path) -> None:
    done: list[int] = []
    response = FileResponse(text_file, background=Task(done.append, 1))
    await call_asgi(response, headers=[("if-none-match", "*")])
    assert done == [1]


# -- ranges -----------------------------------------------------------------------------


async def test_single_range_gives_206(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=10-19"))
    assert sent.status == 206
    assert sent.body == CONTENT[10:20]
    assert sent.header("content-range") == f"bytes 10-19/{len(CONTENT)}"
    assert sent.header_all("content-length") == ["10"]
    assert sent.header("content-type") == "application/octet-stream"


async def test_open_ended_range(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=100000-"))
    assert sent.status == 206
    assert sent.body == CONTENT[100000:]


async def test_suffix_range(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=-5"))
    assert sent.body == CONTENT[-5:]
    assert (
        sent.header("content-range")
        == f"bytes {len(CONTENT) - 5}-{len(CONTENT) - 1}/{len(CONTENT)}"
    )


async def test_range_spanning_several_chunks(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=1000-90000"))
    assert sent.body == CONTENT[1000:90001]


async def test_range_end_beyond_eof_is_clamped(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=102000-999999999"))
    assert sent.status == 206
    assert sent.body == CONTENT[102000:]
    assert sent.header("content-range") == f"bytes 102000-{len(CONTENT) - 1}/{len(CONTENT)}"


async def test_overlapping_ranges_merge_into_one(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=0-10,5-20,21-30"))
    assert sent.status == 206
    assert sent.body == CONTENT[0:31]
    assert sent.header("content-range") == f"bytes 0-30/{len(CONTENT)}"


def parse_multipart(sent: Sent) -> list[tuple[str, bytes]]:
    content_type = sent.header("content-type")
    assert content_type is not None
    match = re.fullmatch(r"multipart/byteranges; boundary=([0-9a-f]+)", content_type)
    assert match
    boundary = match.group(1).encode()
    parts = []
    for chunk in sent.body.split(b"--" + boundary)[1:-1]:
        head, _, data = chunk.partition(b"\r\n\r\n")
        assert data.endswith(b"\r\n")
        range_line = [line for line in head.split(b"\r\n") if line.startswith(b"Content-Range")]
        parts.append((range_line[0].decode(), data[:-2]))
    assert sent.body.endswith(b"--" + boundary + b"--\r\n")
    return parts


async def test_multiple_ranges_give_multipart_byteranges(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=50-59, 0-4 ,-3"))
    assert sent.status == 206
    assert sent.header("content-length") == str(len(sent.body))
    size = len(CONTENT)
    assert parse_multipart(sent) == [
        (f"Content-Range: bytes 0-4/{size}", CONTENT[0:5]),
        (f"Content-Range: bytes 50-59/{size}", CONTENT[50:60]),
        (f"Content-Range: bytes {size - 3}-{size - 1}/{size}", CONTENT[-3:]),
    ]
    assert b"Content-Type: application/octet-stream\r\n" in sent.body


async def test_multipart_parts_carry_text_charset(text_file: Path) -> None:
    sent = await get(text_file, ("range", "bytes=0-0,2-2"))
    assert b"Content-Type: text/plain; charset=utf-8\r\n" in sent.body
    assert [data for _, data in parse_multipart(sent)] == [b"h", b"l"]


async def test_multipart_boundary_is_random(data_file: Path) -> None:
    first = await get(data_file, ("range", "bytes=0-0,2-2"))
    second = await get(data_file, ("range", "bytes=0-0,2-2"))
    assert first.header("content-type") != second.header("content-type")


@pytest.mark.parametrize(
    "value",
    [
        "bytes=abc",
        "bytes=5-1",
        "bytes=",
        "bytes=-",
        "lines=0-5",
        "0-5",
        "bytes=0-5,x",
        "bytes=1-2-3",
        "bytes=\u00b9-2",
    ],
)
async def test_malformed_range_sends_whole_file(data_file: Path, value: str) -> None:
    sent = await get(data_file, ("range", value))
    assert sent.status == 200
    assert sent.body == CONTENT


async def test_unsatisfiable_range_gives_416(data_file: Path) -> None:
    sent = await get(data_file, ("range", f"bytes={len(CONTENT)}-"))
    assert sent.status == 416
    assert sent.header("content-range") == f"bytes */{len(CONTENT)}"
    assert sent.body == b""


async def test_range_on_empty_file_gives_416(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    sent = await get(path, ("range", "bytes=0-"))
    assert sent.status == 416
    assert sent.header("content-range") == "bytes */0"


async def test_hundreds_of_ranges_are_ignored(data_file: Path) -> None:
    value = "bytes=" + ",".join(f"{i}-{i}" for i in range(0, 1000, 2))
    sent = await get(data_file, ("range", value))
    assert sent.status == 200
    assert sent.body == CONTENT


async def test_many_overlapping_whole_file_ranges_are_ignored(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=" + ",".join(["0-"] * 500)))
    assert sent.status == 200
    assert len(sent.body) == len(CONTENT)


async def test_a_few_overlapping_ranges_cost_one_copy(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=" + ",".join(["0-"] * 50)))
    assert sent.status == 206
    assert len(sent.body) == len(CONTENT)


async def test_range_is_ignored_for_head(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=0-1"), method="HEAD")
    assert sent.status == 200
    assert sent.header("content-length") == str(len(CONTENT))


async def test_first_range_header_is_used(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=0-1"), ("range", "bytes=5-6"))
    assert sent.body == CONTENT[0:2]


async def test_if_range_with_current_etag_applies_range(data_file: Path) -> None:
    etag = (await get(data_file)).header("etag")
    assert etag is not None
    sent = await get(data_file, ("range", "bytes=0-1"), ("if-range", etag))
    assert sent.status == 206


async def test_if_range_with_stale_etag_sends_whole_file(data_file: Path) -> None:
    sent = await get(data_file, ("range", "bytes=0-1"), ("if-range", '"stale"'))
    assert sent.status == 200
    assert sent.body == CONTENT


async def test_if_range_with_last_modified_date_applies_range(data_file: Path) -> None:
    modified = (await get(data_file)).header("last-modified")
    assert modified is not None
    sent = await get(data_file, ("range", "bytes=0-1"), ("if-range", modified))
    assert sent.status == 206


async def test_if_range_with_other_date_sends_whole_file(data_file: Path) -> None:
    sent = await get(
        data_file, ("range", "bytes=0-1"), ("if-range", "Thu, 01 Jan 1970 00:00:00 GMT")
    )
    assert sent.status == 200


async def test_range_reads_stop_at_eof_if_file_shrinks(data_file: Path) -> None:
    response = FileResponse(data_file, stat_result=os.stat(data_file))
    data_file.write_bytes(CONTENT[:100])
    sent = await call_asgi(response, headers=[("range", "bytes=50-150,200-300")])
    assert sent.status == 206
    assert CONTENT[50:100] in sent.body


async def test_range_response_headers_do_not_leak_into_response_object(data_file: Path) -> None:
    response = FileResponse(data_file)
    await call_asgi(response, headers=[("range", "bytes=0-1")])
    assert response.headers["content-length"] == str(len(CONTENT))
    assert "content-range" not in response.headers


async def test_unsatisfiable_range_has_no_body_messages_beyond_empty(data_file: Path) -> None:
    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    scope = make_scope(headers=[("range", "bytes=999999999-")])
    await FileResponse(data_file)(scope, receive, send)
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]
