"""/cast: the cast table, or the best quotes about one person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..checks import query_cooldown
from ..discord_io import send
from ..formatting import choices

if TYPE_CHECKING:
    from ..app import SoundtrackBot


class Cast(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="cast")
    @query_cooldown()
    async def cast(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100] | None = None,
        spoilers: bool = False,
    ) -> None:
        """Who plays whom, with quotes; or what the reviews say about one person.

        Args:
            name: An actor or character, any spelling (Seonwoo, 박형식 …).
            spoilers: Show spoilers instead of hiding them.
        """
        await send(interaction, self.bot.actions.cast(name, spoilers))

    @cast.autocomplete("name")
    async def name_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return choices(self.bot.actions.name_choices(current))


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Cast(bot))
