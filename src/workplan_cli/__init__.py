"""workplan: track ASEAN cooperation plans against transnational crime; the CLI is the interface."""

import os

__version__ = "0.1.0"

# pydantic reads the entry points of every installed package, looking for plugins, the first
# time a model is built: about 20 ms of each run. workplan's models use none. A user who sets
# the variable keeps their own value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
