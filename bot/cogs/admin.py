"""/reload and /stats for moderators."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..checks import require_moderator
from ..discord_io import send
from ..errors import ReloadInProgressError
from ..stats import stats_reply

if TYPE_CHECKING:
    from ..app import SoundtrackBot

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Moderators: re-read the reviews and config; the old corpus stays if anything is wrong."""
        require_moderator(interaction, self.bot.settings)
        if self.bot.library.reloading:
            raise ReloadInProgressError()
        who = f"{interaction.user} ({interaction.user.id})"
        log.info("reload requested by %s in guild %s", who, interaction.guild_id)
        # Building a corpus can take longer than Discord's 3-second window: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        await send(interaction, await self.bot.actions.reload(who))

    @app_commands.command(name="stats")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def stats(self, interaction: discord.Interaction) -> None:
        """Moderators: questions per day, what found nothing, the most 👎 answers, votes per review."""
        require_moderator(interaction, self.bot.settings)
        await send(interaction, stats_reply(await self.bot.feedback.stats(), self.bot.actions.review_label))


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Admin(bot))
