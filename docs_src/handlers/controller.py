from __future__ import annotations

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.requests import Request
from lilya.responses import Ok
from lilya.routing import Path

NOTES: dict[int, str] = {1: "buy milk"}


class NoteController(Controller):
    """One class for a resource: a method per HTTP verb."""

    async def get(self, note_id: int) -> Ok:
        return Ok({"id": note_id, "text": NOTES.get(note_id)})

    async def put(self, request: Request, note_id: int) -> Ok:
        NOTES[note_id] = (await request.json())["text"]
        return Ok({"id": note_id, "text": NOTES[note_id]})


app = Lilya(routes=[Path("/notes/{note_id:int}", NoteController)])
