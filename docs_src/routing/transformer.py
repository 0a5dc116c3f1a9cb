from __future__ import annotations

from lilya.apps import Lilya
from lilya.routing import Path
from lilya.transformers import Transformer, register_path_transformer


class SlugTransformer(Transformer[str]):
    """Lower-case words joined by dashes: "hello-world"."""

    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"

    def transform(self, value: str) -> str:
        return value

    def normalise(self, value: str) -> str:
        return value


register_path_transformer("slug", SlugTransformer)


def article(slug: str) -> dict[str, str]:
    return {"slug": slug}


app = Lilya(routes=[Path("/articles/{slug:slug}", article)])
