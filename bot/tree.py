"""The one place where errors become replies: short, specific, ephemeral."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from .discord_io import say
from .errors import APOLOGY, cooldown_message, user_message
from .formatting import CONTENT_MAX, NO_MENTIONS, fit
from .inflight import InFlight
from .load import Load, admitted, expected_failure

log = logging.getLogger(__name__)


def reply_for(error: BaseException) -> str:
    """The message for any error raised by a command (unexpected ones get an apology)."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, app_commands.CommandOnCooldown):
        return cooldown_message(cause.retry_after)
    if isinstance(cause, app_commands.MissingPermissions):
        return "You need the Manage Server permission (or a moderator role) for that."
    if isinstance(cause, app_commands.NoPrivateMessage):
        return "That command only works in a server."
    if isinstance(cause, app_commands.CheckFailure) and str(cause):
        return str(cause)
    if isinstance(cause, app_commands.TransformerError):
        return f"I couldn't understand the value “{fit(str(cause.value), 80)}”. Please check it and try again."
    message = user_message(cause)
    return message if message is not None else APOLOGY


class BotTree(app_commands.CommandTree):
    def __init__(self, client: discord.Client, **options: object) -> None:
        super().__init__(client, **options)  # type: ignore[arg-type]
        self.load = Load()
        self.in_flight = InFlight()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Before any work: answer only what can still be answered in time (bot/load.py), and
        count the interaction in flight until it ends (bot/inflight.py). The page and vote buttons
        call this too, so every interaction is admitted and tracked the same way."""
        self.in_flight.enter()
        return await admitted(interaction, self.load, len(self.in_flight))

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        expected = expected_failure(cause)
        if expected is not None:  # the interaction expired under load, or was answered already
            self.load.count(expected)
            return
        english = reply_for(error)
        message = say(interaction, english)
        if english == APOLOGY:
            name = interaction.command.qualified_name if interaction.command else "?"
            log.error("Unhandled error in /%s", name, exc_info=cause)
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                return  # an autocomplete is answered with choices only, never with a message
            if interaction.response.is_done():
                await interaction.followup.send(fit(message, CONTENT_MAX), ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(
                    fit(message, CONTENT_MAX), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException as exc:
            # The interaction may have expired meanwhile; there is nobody left to tell.
            self.load.count(expected_failure(exc) or f"error reply failed ({exc.status})")
        except Exception as exc:  # e.g. the HTTP session closed at shutdown: never an unretrieved task error
            self.load.count(f"error reply failed ({exc.__class__.__name__})")
