"""Sending Replies over an Interaction, in the user's language (Korean or English)."""

from __future__ import annotations

import discord

from .formatting import NO_MENTIONS, Reply
from .i18n import korean


async def send(interaction: discord.Interaction, reply: Reply, view: discord.ui.View | None = None) -> None:
    """First response if none was sent yet (Discord allows one), else a followup. Fixed sentences
    are in Korean for a user whose Discord is in Korean (quotes never change)."""
    reply = localised(interaction, reply)
    kwargs: dict[str, object] = {
        "content": reply.content,
        "embeds": list(reply.embeds),
        "ephemeral": reply.ephemeral,
        "allowed_mentions": NO_MENTIONS,
    }
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)  # type: ignore[arg-type]
    else:
        await interaction.response.send_message(**kwargs)  # type: ignore[arg-type]


def localised(interaction: discord.Interaction, reply: Reply) -> Reply:
    catalog = getattr(interaction.client, "catalog", None)
    return catalog.reply(reply) if catalog is not None and korean(interaction.locale) else reply


def say(interaction: discord.Interaction, text: str) -> str:
    """A fixed sentence in the user's language (Korean or English)."""
    catalog = getattr(interaction.client, "catalog", None)
    return catalog.sentence(text) if catalog is not None and korean(interaction.locale) else text
