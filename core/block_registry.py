"""Domain apps add their blocks to the shared streams here, from their AppConfig.ready().

Core never imports a domain app: shop, venues and marketing register their blocks under a
stream name, and each stream block in `core.blocks` builds itself from what was registered.
A block's `position` fixes its place in the stream, so the StreamField definitions (and the
migrations that record them) do not depend on the order apps become ready.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured

# Editorial bodies (home, content and blog pages), campaign pages on top of those, and
# newsletters (blocks that also have an email-safe template).
CONTENT = "content"
LANDING = "landing"
NEWSLETTER = "newsletter"


@dataclass(frozen=True)
class RegisteredBlock:
    name: str
    factory: object  # a Block class or any callable that returns a new block
    position: int


class BlockRegistry:
    def __init__(self):
        self._streams = {}
        self._built = set()

    def register(self, stream, name, factory, *, position):
        if stream in self._built:
            raise ImproperlyConfigured(
                f"Block {name!r} came after the {stream!r} stream was built: "
                "register blocks in AppConfig.ready()."
            )
        entries = self._streams.setdefault(stream, {})
        if name in entries:
            raise ImproperlyConfigured(f"Block {name!r} is registered twice in {stream!r}.")
        entries[name] = RegisteredBlock(name, factory, position)

    def blocks_for(self, stream):
        """(name, new block) pairs for the stream, in position order."""
        if not apps.ready:
            # Built earlier, a stream would silently miss the blocks of apps not ready yet.
            raise AppRegistryNotReady(f"The {stream!r} stream is built once every app is ready.")
        self._built.add(stream)
        entries = sorted(self._streams.get(stream, {}).values(), key=lambda entry: entry.position)
        return [(entry.name, entry.factory()) for entry in entries]


block_registry = BlockRegistry()
