"""/ask, with a More button that pages through further quotes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..actions import QUESTION_MAX, AskAnswer
from ..discord_io import query_cooldown, review_autocomplete, send

if TYPE_CHECKING:
    from ..app import SoundtrackBot

log = logging.getLogger(__name__)


class MoreView(discord.ui.View):
    """Pages an /ask answer; only the asker may press it; it stops after `timeout` seconds."""

    def __init__(self, answer: AskAnswer, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.answer = answer
        self.owner_id = owner_id
        self.page = 1
        self.origin: discord.Interaction | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the person who asked can page these results. Ask your own with /ask.", ephemeral=True
            )
            return False
        return True

    @discord.ui.button(label="More", style=discord.ButtonStyle.secondary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button[MoreView]) -> None:
        self.page = min(self.page + 1, self.answer.pages)
        button.disabled = self.page >= self.answer.pages
        reply = self.answer.page(self.page)
        await interaction.response.edit_message(embeds=list(reply.embeds), view=self)
        if button.disabled:
            self.stop()

    async def on_timeout(self) -> None:
        self.more.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable the More button after timeout", exc_info=True)


class Ask(commands.Cog):
    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask")
    @app_commands.autocomplete(review=review_autocomplete)
    @query_cooldown()
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_MAX],
        review: str | None = None,
        spoilers: bool = False,
    ) -> None:
        """Ask about Soundtrack #1 and get verbatim, attributed quotes from reviews.

        Args:
            question: Your question, e.g. why does Sun-woo move in?
            review: Only search this review.
            spoilers: Show spoilers instead of hiding them.
        """
        answer = self.bot.actions.ask(question, review, spoilers)
        reply = answer.page(1)
        if answer.pages > 1:
            view = MoreView(answer, interaction.user.id, self.bot.settings.more_timeout)
            view.origin = interaction
            await send(interaction, reply, view)
        else:
            await send(interaction, reply)


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Ask(bot))
