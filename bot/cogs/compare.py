"""/compare: one quote per review on a topic, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..actions import QUESTION_MAX
from ..checks import query_cooldown
from ..discord_io import send

if TYPE_CHECKING:
    from ..app import SoundtrackBot


class Compare(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="compare")
    @query_cooldown()
    async def compare(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, QUESTION_MAX],
        spoilers: bool = False,
    ) -> None:
        """What each review says about one topic, side by side.

        Args:
            topic: e.g. the ending, the OST, the chemistry, Han So-hee's acting.
            spoilers: Show spoilers, to you alone, instead of hiding them.
        """
        await send(interaction, self.bot.actions.compare(topic, spoilers))


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Compare(bot))
