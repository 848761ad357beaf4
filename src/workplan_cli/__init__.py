"""workplan: track ASEAN cooperation plans against transnational crime; the CLI is the interface."""

__version__ = "0.1.0"
