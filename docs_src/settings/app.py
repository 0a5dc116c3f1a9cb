from __future__ import annotations

from lilya.apps import Lilya
from lilya.conf import settings
from lilya.conf.global_settings import Settings
from lilya.routing import Path


class AppSettings(Settings):
    """Project settings: a dataclass; override any default of lilya's Settings."""

    debug: bool = False
    shop_name: str = "Corner Shop"
    max_body_size: int | None = 1024 * 1024  # request bodies up to 1 MiB (413 beyond)


def shop_name() -> dict[str, str]:
    # `lilya.conf.settings` is the settings of the app handling the request.
    return {"shop": settings.shop_name}


app = Lilya(routes=[Path("/shop", shop_name)], settings_module=AppSettings)
