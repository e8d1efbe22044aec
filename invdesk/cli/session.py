"""Open the database a command works on and sign in the acting user."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from invdesk.core import auth, db, users
from invdesk.core.errors import PermissionDenied
from invdesk.core.models import User


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[User | None]:
    db.open_database(args.db or db.default_url(), upgrade=getattr(args, "upgrade", True))
    try:
        yield sign_in(args.user)
    finally:
        db.close()


def sign_in(username: str | None) -> User | None:
    """The user named on the command line, checked; None means single-user mode."""
    if username is None:
        if auth.login_required():
            raise PermissionDenied("This database requires signing in: give --user NAME "
                                   "(password from INVDESK_PASSWORD or a prompt).")
        return None
    user = User.get_or_none(User.username == username)
    if user is None or not user.is_active:
        raise PermissionDenied(f"Unknown or disabled user {username!r}.")
    if user.password_hash or auth.login_required():
        password = os.environ.get("INVDESK_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise PermissionDenied(f"A password is needed for {username!r}: set "
                                       f"INVDESK_PASSWORD or run from a terminal.")
            password = getpass.getpass(f"Password for {username}: ")
        # Counts failures, so scripts guessing passwords meet the delay and lockout too.
        user = users.login(username, password)
    return user
