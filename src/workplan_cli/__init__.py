"""workplan: track ASEAN cooperation plans against transnational crime; the CLI is the interface."""

import importlib
import os
import sys
import types
from typing import Any

__version__ = "0.1.0"

_LOADER = "pydantic.plugin._loader"


class _PluginsOff(types.ModuleType):
    """pydantic's plugin loader when plugins are off: it has none to give.

    The real loader imports importlib.metadata to read the entry points of every installed
    package: about 25 ms of each run, for plugins that workplan's models never use. Any
    other name asked of it loads the real module, so a newer pydantic still works.
    """

    @staticmethod
    def get_plugins() -> tuple[()]:
        """No plugins, as pydantic's own loader answers when PYDANTIC_DISABLE_PLUGINS is set."""
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system asks whether it is a package
            raise AttributeError(name)
        if sys.modules.get(_LOADER) is self:
            del sys.modules[_LOADER]
        return getattr(importlib.import_module(_LOADER), name)


# Plugins off unless the user says otherwise (a user who sets the variable keeps their value);
# then the loader is stubbed, unless pydantic has loaded it already.
if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") in ("__all__", "1", "true"):
    sys.modules.setdefault(_LOADER, _PluginsOff(_LOADER))
