"""Suggestions for command options that several commands share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from .formatting import choices

if TYPE_CHECKING:
    from .actions import Actions


async def review_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The `review:` option's suggestions, shared by every command that takes one."""
    # `interaction.client` is the SoundtrackBot; only its actions are needed, so only they are typed.
    actions: Actions = interaction.client.actions  # type: ignore[attr-defined]
    return choices(actions.review_choices(current))
