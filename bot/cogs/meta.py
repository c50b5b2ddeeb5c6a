"""/sources and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..checks import query_cooldown
from ..discord_io import send

if TYPE_CHECKING:
    from ..app import SoundtrackBot


class Meta(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources")
    @query_cooldown()
    async def sources(self, interaction: discord.Interaction) -> None:
        """The reviews I quote: title, author, outlet, link and spoiler warnings."""
        await send(interaction, self.bot.actions.sources())

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What each command does, with examples."""
        await send(interaction, self.bot.actions.help())


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Meta(bot))
