"""lilya.responses is a package, one module per kind of response; its imports are unchanged."""

from __future__ import annotations

import importlib

import lilya.responses

PUBLIC_NAMES = {
    "HTML",
    "JSON",
    "AsyncContentStream",
    "Content",
    "ContentStream",
    "Error",
    "File",
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "Ok",
    "PlainText",
    "Redirect",
    "RedirectResponse",
    "Response",
    "Streaming",
    "StreamingResponse",
    "SyncContentStream",
    "TemplateResponse",
    "make_response",
}


def test_the_package_exports_the_public_names_of_the_former_module() -> None:
    assert set(lilya.responses.__all__) == PUBLIC_NAMES
    for name in PUBLIC_NAMES:
        assert getattr(lilya.responses, name) is not None


def test_each_kind_module_exports_what_the_package_re_exports() -> None:
    kinds = ["base", "plain", "html", "json", "redirect", "streaming", "file"]
    found: dict[str, object] = {}
    for kind in kinds:
        module = importlib.import_module(f"lilya.responses.{kind}")
        found.update({name: getattr(module, name) for name in module.__all__})
    assert found == {name: getattr(lilya.responses, name) for name in PUBLIC_NAMES}
