from __future__ import annotations

from docs_src.settings.app_settings import AppSettings, shop_name
from lilya.apps import Lilya
from lilya.routing import Path

app = Lilya(routes=[Path("/shop", shop_name)], settings_module=AppSettings)
