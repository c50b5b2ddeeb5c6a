"""The one place where errors become replies: short, specific, ephemeral."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from .errors import APOLOGY, cooldown_message, user_message
from .formatting import CONTENT_MAX, NO_MENTIONS, fit

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
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        message = reply_for(error)
        if message == APOLOGY:
            name = interaction.command.qualified_name if interaction.command else "?"
            log.error("Unhandled error in /%s", name, exc_info=cause)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(fit(message, CONTENT_MAX), ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(
                    fit(message, CONTENT_MAX), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException:
            # The interaction may have expired (10062); there is nobody left to tell.
            log.warning("Could not deliver the error reply for interaction %s", interaction.id, exc_info=True)
