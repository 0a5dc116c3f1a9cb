"""ApplicationSettingsMiddleware: put the application's settings in the scope.

Code far from the app (a permission, a helper given only the scope) then reads
scope["settings"], and `request.settings` returns it. The settings are those of the Lilya
app serving the request, or the global `lilya.conf.settings` when there is none.
"""

from __future__ import annotations

from typing import Any

from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ApplicationSettingsMiddleware"]


class ApplicationSettingsMiddleware:
    """Store the serving app's settings under scope["settings"] (unless already there)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "settings" not in scope:
            scope["settings"] = self.settings_for(scope)
        await self.app(scope, receive, send)

    @staticmethod
    def settings_for(scope: Scope) -> Any:
        app = scope.get("app")
        settings = getattr(app, "settings", None)
        if settings is not None:
            return settings
        from lilya.conf import settings as global_settings

        return global_settings
