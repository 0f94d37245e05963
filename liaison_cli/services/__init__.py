"""The use cases. Each function takes an `App` and plain values and returns records or raises
LiaisonError; nothing here prints, exits, reads the environment or asks the clock for today."""

from .app import App, open_app

__all__ = ["App", "open_app"]
