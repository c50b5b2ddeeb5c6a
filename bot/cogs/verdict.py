"""/verdict: each reviewer's overall judgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..discord_io import query_cooldown, send
from ..formatting import choices

if TYPE_CHECKING:
    from ..app import SoundtrackBot


class Verdict(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="verdict")
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

    @verdict.autocomplete("review")
    async def review_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.bot.actions.review_choices(current))


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Verdict(bot))
