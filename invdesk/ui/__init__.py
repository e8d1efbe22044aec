"""The PySide6 desktop interface."""

from invdesk.ui.qtfix import keep_singletons_alive

keep_singletons_alive()
