"""/ask, with ◀ ▶ buttons that page through further quotes.

The buttons hold their state in their `custom_id` (page, asker, review, spoilers) and the question
is the answer's title, so a press is answered by searching again: nothing is kept per answer, and
the buttons keep working after a restart (`discord.ui.DynamicItem`, registered in setup).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from ..actions import QUESTION_MAX, AskAnswer
from ..autocomplete import review_autocomplete
from ..checks import query_cooldown
from ..discord_io import localised, say, send
from ..feedback import new_answer_id
from ..formatting import ELLIPSIS, NO_MENTIONS, TITLE_MAX, fit, unescape
from ..load import expected_failure
from ..tree import reply_for

if TYPE_CHECKING:
    from ..app import SoundtrackBot

log = logging.getLogger(__name__)

EXPIRED = "This answer can't be paged any more (the review it searched has changed). Please ask again with /ask."


def question_of(message: discord.Message | None) -> str | None:
    """The question an answer was given for: its title, unescaped (None when it was cut)."""
    if message is None or not message.embeds or not message.embeds[0].title:
        return None
    title = message.embeds[0].title
    if title.endswith(ELLIPSIS) and len(title) >= TITLE_MAX - 2:
        return None
    return unescape(title)


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=(
        r"ask:(?P<page>\d{1,3}):(?P<owner>\d{1,20}):(?P<review>[0-9a-f]{12}|-):(?P<reveal>[01]):(?P<way>[pn])"
        r"(?::(?P<answer>[0-9a-f]{12}))?"
    ),
):
    """◀ or ▶ on an /ask answer: goes to `page`. The asker pages in place; anyone else gets their
    own copy of that page, ephemeral, with buttons of their own."""

    def __init__(
        self, page: int, owner: int, review: str, reveal: bool, way: str, disabled: bool = False, answer: str = ""
    ) -> None:
        self.page, self.owner, self.review, self.reveal, self.way = page, owner, review, reveal, way
        self.answer = answer  # the answer's feedback id: the paged message keeps its vote buttons
        super().__init__(
            discord.ui.Button(
                label="◀" if way == "p" else "▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"ask:{page}:{owner}:{review}:{int(reveal)}:{way}" + (f":{answer}" if answer else ""),
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        return cls(
            int(match["page"]),
            int(match["owner"]),
            match["review"],
            match["reveal"] == "1",
            match["way"],
            answer=match["answer"] or "",
        )

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """The same admission as commands (bot/tree.py): a press queued too long gets the busy notice."""
        return await interaction.client.tree.interaction_check(interaction)  # type: ignore[attr-defined]

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._turn(interaction)
        except Exception as exc:  # a press has no CommandTree.on_error: answer it here, the same way
            expected = expected_failure(exc)
            if expected is not None:
                interaction.client.tree.load.count(expected)  # type: ignore[attr-defined]
                return
            message = reply_for(exc)
            log.log(logging.ERROR if "Sorry" in message else logging.INFO, "page button failed: %s", exc, exc_info=exc)
            if not interaction.response.is_done():
                await interaction.response.send_message(
                    fit(say(interaction, message), 2000), ephemeral=True, allowed_mentions=NO_MENTIONS
                )

    async def _turn(self, interaction: discord.Interaction) -> None:
        bot: SoundtrackBot = interaction.client  # type: ignore[assignment]
        question = question_of(interaction.message)
        answer = bot.actions.ask_again(question, self.review, self.reveal) if question else None
        if answer is None:
            await interaction.response.send_message(say(interaction, EXPIRED), ephemeral=True)
            return
        page = min(max(self.page, 1), answer.pages)
        reply = localised(interaction, answer.page(page))
        if interaction.user.id == self.owner:
            view = page_view(answer, page, self.owner, self.answer)
            await interaction.response.edit_message(embeds=list(reply.embeds), view=view)
        else:
            await interaction.response.send_message(
                embeds=list(reply.embeds),
                view=page_view(answer, page, interaction.user.id, self.answer),  # type: ignore[arg-type]
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"vote:(?P<answer>[0-9a-f]{12}):(?P<value>up|down)"
):
    """👍 / 👎 on an answer: one vote per fan per answer, changeable; stored hashed (bot/feedback.py)."""

    def __init__(self, answer: str, value: str) -> None:
        self.answer, self.value = answer, value
        super().__init__(
            discord.ui.Button(
                emoji="👍" if value == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"vote:{answer}:{value}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["answer"], match["value"])

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await interaction.client.tree.interaction_check(interaction)  # type: ignore[attr-defined]

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: SoundtrackBot = interaction.client  # type: ignore[assignment]
        tally = await bot.feedback.vote(self.answer, interaction.user.id, 1 if self.value == "up" else -1)
        if tally is None:
            text = "Sorry, I couldn't record that vote right now. The answer itself is unaffected."
        else:
            mine = "👍" if self.value == "up" else "👎"
            text = (
                f"Thanks, your {mine} is recorded (👍 {tally.up} · 👎 {tally.down}). Press the other one to change it."
            )
        try:
            await interaction.response.send_message(
                say(interaction, text), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:
            bot.tree.load.count(expected_failure(exc) or f"vote reply failed ({exc.status})")


def page_view(answer: AskAnswer, page: int, owner: int, answer_id: str = "") -> discord.ui.View:
    """◀ ▶ for page `page` of an answer (when it has more than one), and 👍 👎 (when it is stored)."""
    view = discord.ui.View(timeout=None)
    if answer.pages > 1:
        review, reveal = answer.review_key or "-", answer.reveal
        view.add_item(PageButton(page - 1, owner, review, reveal, "p", disabled=page <= 1, answer=answer_id))
        view.add_item(PageButton(page + 1, owner, review, reveal, "n", disabled=page >= answer.pages, answer=answer_id))
    if answer_id and answer.hits:
        view.add_item(VoteButton(answer_id, "up"))
        view.add_item(VoteButton(answer_id, "down"))
    # Presses reach the buttons through their custom_id templates (registered in setup), never
    # through this object, so it is handed over already stopped: discord.py then does not keep it.
    # Otherwise every ephemeral message's view (a press by someone other than the asker, an answer
    # with spoilers) gets a 15-minute timeout and is held, with a task sleeping on it, until then:
    # the soak (7.5 such presses a second) grew by 450 views and ~3 MiB a minute.
    view.stop()
    return view


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
            spoilers: Show spoilers, to you alone, instead of hiding them.
        """
        answer = self.bot.actions.ask(question, review, spoilers)
        reply = answer.page(1)
        answer_id = new_answer_id() if self.bot.feedback.store is not None else ""
        view = page_view(answer, 1, interaction.user.id, answer_id)
        await send(interaction, reply, view if view.children else None)
        if answer_id:  # after the reply: the disk never delays an answer
            self.bot.feedback.record_answer(
                answer_id, answer.question, answer.hits, answer.corpus.stats.version, answer.review_key
            )


async def setup(bot: SoundtrackBot) -> None:
    bot.add_dynamic_items(PageButton, VoteButton)
    await bot.add_cog(Ask(bot))
