"""/verdict: each reviewer's overall judgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..autocomplete import review_autocomplete
from ..checks import query_cooldown
from ..discord_io import send

if TYPE_CHECKING:
    from ..app import SoundtrackBot


class Verdict(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="verdict")
    @app_commands.autocomplete(review=review_autocomplete)
    @query_cooldown()
    async def verdict(
        self, interaction: discord.Interaction, review: str | None = None, spoilers: bool = False
    ) -> None:
        """Each reviewer's overall judgement (or score), quoted and attributed.

        Args:
            review: Only this review's verdict.
            spoilers: Show spoilers instead of hiding them.
        """
        await send(interaction, self.bot.actions.verdict(review, spoilers))


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Verdict(bot))
