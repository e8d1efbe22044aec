"""Errors a person can act on.

Every refusal of a core operation raises an :class:`InvdeskError` subclass whose
message says what was wrong and what to do; the operation has changed nothing.
"""


class InvdeskError(Exception):
    """Base of every error the product raises on purpose."""


class ValidationError(InvdeskError):
    """The input is not acceptable (bad quantity, empty name, unknown unit...)."""


class NotFound(InvdeskError):
    """A part, item, location or other object named by the user does not exist."""


class Conflict(InvdeskError):
    """The request contradicts the current state (not enough stock, already undone...)."""


class PermissionDenied(InvdeskError):
    """The user's roles do not allow this."""


class DatabaseError(InvdeskError):
    """The database cannot be used: locked too long, read-only, missing, corrupt, too new."""


class DatabaseBusy(DatabaseError):
    """Another process held the database longer than we were willing to wait."""
