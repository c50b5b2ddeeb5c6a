"""Errors whose message is meant for the user, and the one function that words every error."""

from __future__ import annotations

import math

from retrieval import CorpusError, RetrievalError
from retrieval.cast import UnknownPersonError


class UserFacingError(Exception):
    """Raised anywhere in the bot; the message is shown to the user, ephemeral."""


class NotModeratorError(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Only moderators (Manage Server permission or a moderator role) can use this command.")


class ReloadInProgressError(UserFacingError):
    def __init__(self) -> None:
        super().__init__("A reload is already running. Please wait a moment and check the result it posts.")


class ReloadFailedError(UserFacingError):
    def __init__(self, error: CorpusError, serving: str) -> None:
        self.error = error
        super().__init__(
            f"Reload failed, nothing was changed: `{error.path}` {error.reason}. "
            f"Still answering from the last good corpus ({serving})."
        )


APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again in a moment."


def cooldown_message(retry_after: float) -> str:
    seconds = max(1, math.ceil(retry_after))
    return f"You're asking faster than I can keep up: try again in {seconds} s."


def user_message(error: BaseException) -> str | None:
    """The reply for an expected error, or None when it is unexpected (log it, apologise)."""
    if isinstance(error, UnknownPersonError) and error.unknown:
        # What to do next is the bot's to say: retrieval/ knows no commands.
        return (
            f"{error} /cast without a name lists the cast (or pick a name from the suggestions); "
            "/ask searches the reviews for anyone they mention."
        )
    if isinstance(error, (UserFacingError, RetrievalError)):
        return str(error)
    return None
