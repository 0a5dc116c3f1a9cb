from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from lilya.apps import Lilya
from lilya.datastructures import UploadFile
from lilya.params import Form
from lilya.routing import Path


@dataclass
class Signup:
    email: str
    age: int | None = None
    topics: list[str] = field(default_factory=list)


async def comment(
    text: Annotated[str, Form(min_length=1, max_length=500)],
    stars: int = Form(5, ge=1, le=5),
    tag: list[str] = Form(default=[]),
) -> dict[str, object]:
    return {"text": text, "stars": stars, "tag": tag}


async def upload(picture: UploadFile = Form(), caption: str = Form("")) -> dict[str, object]:
    content = await picture.read()
    return {"name": picture.filename, "size": len(content), "caption": caption}


async def signup(data: Signup = Form()) -> dict[str, object]:
    return {"email": data.email, "age": data.age, "topics": data.topics}


app = Lilya(
    routes=[
        Path("/comments", comment, methods=["POST"]),
        Path("/pictures", upload, methods=["POST"]),
        Path("/signup", signup, methods=["POST"]),
    ]
)
