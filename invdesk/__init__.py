"""invdesk: a desktop inventory manager for the workbench."""

__version__ = "0.1.0"
