"""/review add and /review remove for moderators: change the set of reviews from Discord."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from retrieval.config import load_corpus_config
from retrieval.corpus import CORPUS_FILE

from ..autocomplete import review_autocomplete
from ..checks import require_moderator
from ..discord_io import say, send
from ..errors import ReloadInProgressError
from ..formatting import NO_MENTIONS, Reply, escape, fit, make_embed
from ..replies import reload_reply
from ..reviews import ReviewChangeError, ReviewDesk
from ..tree import reply_for

if TYPE_CHECKING:
    from ..app import SoundtrackBot

log = logging.getLogger(__name__)


class ConfirmRemoval(discord.ui.View):
    """Remove / Cancel, for the moderator who asked only; gone after a minute."""

    def __init__(self, bot: SoundtrackBot, file: str, label: str, owner: int) -> None:
        super().__init__(timeout=60)
        self.bot, self.file, self.label, self.owner = bot, file, label, owner

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Tracked (not admitted, as before) so that a removal under way finishes before the bot closes.
        self.bot.tree.in_flight.enter()  # type: ignore[attr-defined]
        if interaction.user.id == self.owner:
            return True
        await interaction.response.send_message("Only the moderator who asked can confirm this.", ephemeral=True)
        return False

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def remove(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        source = self.bot.library.corpus.sources.get(self.file)
        if source is None:
            await interaction.response.edit_message(content="That review is no longer in the corpus.", view=None)
            return
        await interaction.response.edit_message(content=f"Removing “{escape(self.label)}”…", view=None)
        result = await ReviewDesk(self.bot.library).remove(source)
        reply = reload_reply(result)
        await interaction.edit_original_response(
            content=f"Removed “{escape(self.label)}”.", embeds=list(reply.embeds), view=None
        )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was removed.", view=None)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /) -> None:
        message = say(interaction, reply_for(error))
        log.info("review removal failed: %s", error)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(fit(message, 2000), ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(
                    fit(message, 2000), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException:
            log.debug("could not deliver the removal error", exc_info=True)


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Review(commands.GroupCog, group_name="review", group_description="Moderators: add or remove a review."):
    """Moderators: add a review from a .txt attachment, or remove one."""

    def __init__(self, bot: SoundtrackBot) -> None:
        self.bot = bot
        super().__init__()

    def _ready(self, interaction: discord.Interaction) -> None:
        require_moderator(interaction, self.bot.settings)
        if self.bot.library.reloading:
            raise ReloadInProgressError()

    @app_commands.command(name="add")
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        title: app_commands.Range[str, 1, 200] | None = None,
        author: app_commands.Range[str, 1, 100] | None = None,
        outlet: app_commands.Range[str, 1, 100] | None = None,
        url: app_commands.Range[str, 1, 500] | None = None,
        published: app_commands.Range[str, 10, 10] | None = None,
    ) -> None:
        """Moderators: add a review from a .txt file; it is answerable at once.

        Args:
            file: The review as a UTF-8 .txt file.
            title: The article's headline.
            author: The byline.
            outlet: The site or publication.
            url: Where the review is published.
            published: Publication date, YYYY-MM-DD.
        """
        self._ready(interaction)
        limit = load_corpus_config(self.bot.library.config_dir / CORPUS_FILE).chunking.max_file_bytes
        if file.size > limit:
            raise ReviewChangeError(f"The file is {file.size:,} bytes, above the {limit:,}-byte limit.")
        if not file.filename.lower().endswith(".txt"):
            raise ReviewChangeError("Please attach the review as a .txt file (plain UTF-8 text).")
        await interaction.response.defer(ephemeral=True, thinking=True)
        raw = await file.read()
        facts = {"title": title, "author": author, "outlet": outlet, "url": url, "published": published}
        _, result = await ReviewDesk(self.bot.library).add(file.filename, raw, facts)
        added = result.added[0] if result.added else file.filename
        reply = reload_reply(result)
        await send(
            interaction,
            Reply(content=f"Added “{escape(added)}”: it can be asked about now.", embeds=reply.embeds, ephemeral=True),
        )

    @app_commands.command(name="remove")
    @app_commands.autocomplete(review=review_autocomplete)
    async def remove(self, interaction: discord.Interaction, review: str) -> None:
        """Moderators: remove a review (asks to confirm).

        Args:
            review: The review to remove.
        """
        self._ready(interaction)
        source = self.bot.library.retriever.resolve_review(review)
        embed = make_embed(
            "Remove this review?", f"“{escape(source.label)}” will no longer be quoted. Its file is deleted."
        )
        view = ConfirmRemoval(self.bot, source.file, source.label, interaction.user.id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SoundtrackBot) -> None:
    await bot.add_cog(Review(bot))
