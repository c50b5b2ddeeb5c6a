"""Command callbacks called directly with a mocked Interaction (the network path is tested e2e)."""

import asyncio
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands
from discord.ui.view import ViewStore
from discord.webhook.async_ import async_context

from bot.autocomplete import review_autocomplete
from bot.cogs.admin import Admin
from bot.cogs.ask import Ask, PageButton, VoteButton
from bot.cogs.cast import Cast
from bot.cogs.meta import Meta
from bot.cogs.verdict import Verdict
from bot.errors import NotModeratorError
from bot.load import CLOSING
from retrieval import EmptyQueryError
from tests.bot.conftest import make_interaction


def sent(interaction) -> dict:
    call = interaction.response.send_message.await_args or interaction.followup.send.await_args
    assert call is not None, "nothing was sent"
    return call.kwargs


async def test_ask_replies_with_quotes_and_pings_nobody(bot, interaction):
    cog = Ask(bot)
    await cog.ask.callback(cog, interaction, question="Who directed it?", review=None, spoilers=False)
    kwargs = sent(interaction)
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    embed = kwargs["embeds"][0]
    assert embed.title == "Who directed it?" and "Kim Hee-won" in embed.description


async def test_ask_with_many_results_attaches_page_buttons_for_the_asker(bot, interaction):
    cog = Ask(bot)
    await cog.ask.callback(cog, interaction, question="Sun-woo Eun-soo friends", review=None, spoilers=False)
    back, forward = sent(interaction)["view"].children
    assert isinstance(forward, PageButton) and forward.owner == interaction.user.id and forward.page == 2
    assert back.item.disabled and not forward.item.disabled


def _pressed(user_id: int, answer_message) -> object:
    pressing = make_interaction(user_id=user_id)
    pressing.client = None
    pressing.message = answer_message
    return pressing


async def test_page_button_pages_in_place_for_the_asker_and_copies_for_others(bot):
    answer = bot.actions.ask("Sun-woo Eun-soo friends")
    message = discord.Object(id=1)
    message.embeds = list(answer.page(1).embeds)  # type: ignore[attr-defined]
    forward = PageButton(2, owner=1, review="-", reveal=False, way="n")
    asker = _pressed(1, message)
    asker.client = bot
    await forward.callback(asker)
    edited = asker.response.edit_message.await_args.kwargs["embeds"][0]
    first_quote = answer.page(1).embeds[0].description.split("\n")[0]
    assert "page 2/" in edited.footer.text and first_quote not in edited.description
    other = _pressed(2, message)
    other.client = bot
    await forward.callback(other)
    copy = other.response.send_message.await_args.kwargs
    assert copy["ephemeral"] is True and "page 2/" in copy["embeds"][0].footer.text
    assert copy["view"].children[1].owner == 2  # the copy's buttons are the presser's own


async def test_ephemeral_page_copy_keeps_its_buttons_but_leaves_no_view_or_timer_in_discord_py(bot):
    # discord.py's own send path (InteractionResponse, ViewStore): it gives an ephemeral message's
    # view without a timeout 15 minutes, held by a sleeping task; a stopped view is not kept at all.
    answer = bot.actions.ask("Sun-woo Eun-soo friends")
    message = discord.Object(id=1)
    message.embeds = list(answer.page(1).embeds)  # type: ignore[attr-defined]
    other = _pressed(2, message)
    other.client = bot
    store = ViewStore(MagicMock())
    other._state = SimpleNamespace(
        store_view=store.add_view, allowed_mentions=None, http=SimpleNamespace(proxy=None, proxy_auth=None)
    )
    other._session, other.token, other.type = None, "token", discord.InteractionType.component
    other.response = discord.InteractionResponse(other)
    callback = {"interaction": {"id": "9001", "type": 3, "response_message_id": "5"}}
    adapter = SimpleNamespace(create_interaction_response=AsyncMock(return_value=callback))
    before = asyncio.all_tasks()
    reset = async_context.set(adapter)
    try:
        await PageButton(2, owner=1, review="-", reveal=False, way="n").callback(other)
    finally:
        async_context.reset(reset)
    payload = adapter.create_interaction_response.await_args.kwargs["params"].payload["data"]
    assert payload["flags"] & 64 and len(payload["components"][0]["components"]) == 2  # ephemeral, ◀ ▶
    assert asyncio.all_tasks() - before == set()
    assert not store._views and not store._synced_message_views


async def test_a_failing_page_button_gets_an_ephemeral_reply(bot):
    message = discord.Object(id=1)
    message.embeds = [discord.Embed(title="Who directed it?")]  # type: ignore[attr-defined]
    pressing = _pressed(1, message)
    pressing.client = bot
    bot.actions.ask_again = None  # type: ignore[method-assign]  # any failure inside the press
    await PageButton(2, owner=1, review="-", reveal=False, way="n").callback(pressing)
    kwargs = pressing.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True


async def test_page_and_vote_buttons_are_admitted_and_tracked_in_flight_like_commands(bot):
    bot.tree.load.closing = True
    for button in (PageButton(2, owner=1, review="-", reveal=False, way="n"), VoteButton("0" * 12, "up")):
        pressing = _pressed(1, discord.Object(id=1))
        pressing.client = bot
        pressing.created_at = discord.utils.utcnow()

        async def press(button=button, pressing=pressing) -> tuple[bool, int]:
            return await button.interaction_check(pressing), len(bot.tree.in_flight)

        assert await asyncio.create_task(press()) == (False, 1)
        assert pressing.response.send_message.await_args.args == (CLOSING,)


async def test_ask_spoiler_quotes_are_hidden_unless_asked(bot):
    cog = Ask(bot)
    hidden, shown = make_interaction(), make_interaction()
    await cog.ask.callback(cog, hidden, question="What happens at the ending scene?", review=None, spoilers=False)
    await cog.ask.callback(cog, shown, question="What happens at the ending scene?", review=None, spoilers=True)
    assert "> ||" in sent(hidden)["embeds"][0].description
    assert "> ||" not in sent(shown)["embeds"][0].description


async def test_empty_question_error_becomes_an_ephemeral_reply_via_the_tree(bot, interaction):
    cog = Ask(bot)
    with pytest.raises(EmptyQueryError) as info:
        await cog.ask.callback(cog, interaction, question="the of and", review=None, spoilers=False)
    await bot.tree.on_error(interaction, app_commands.CommandInvokeError(cog.ask, info.value))
    kwargs = interaction.response.send_message.await_args.kwargs
    assert (
        kwargs["ephemeral"] is True
        and "no words I can search for" in interaction.response.send_message.await_args.args[0]
    )


async def test_unexpected_error_is_logged_and_apologised_for(bot, interaction, caplog):
    await bot.tree.on_error(interaction, app_commands.CommandInvokeError(Ask(bot).ask, RuntimeError("boom")))
    assert "Sorry, something went wrong" in interaction.response.send_message.await_args.args[0]
    assert any(r.exc_info for r in caplog.records)


async def test_cooldown_allows_five_then_says_when_to_retry(bot, interaction):
    for _ in range(5):
        bot.cooldowns.hit(1, now=1000.0)
    with pytest.raises(app_commands.CommandOnCooldown) as info:
        bot.cooldowns.hit(1, now=1001.0)
    bot.cooldowns.hit(2, now=1001.0)  # other users are unaffected
    await bot.tree.on_error(interaction, info.value)
    assert "try again in 29 s" in interaction.response.send_message.await_args.args[0]


async def test_cast_without_name_lists_actor_to_character_rows_with_quotes(bot, interaction):
    cog = Cast(bot)
    await cog.cast.callback(cog, interaction, name=None, spoilers=False)
    fields = sent(interaction)["embeds"][0].fields
    assert any(f.name == "Park Hyung-sik → Han Sun-woo" and "Park Hyung-sik" in f.value for f in fields)


@pytest.mark.parametrize("name", ["Seonwoo", "박형식", "Sun-Woo"])
async def test_cast_with_alias_finds_the_person(bot, interaction, name):
    cog = Cast(bot)
    await cog.cast.callback(cog, interaction, name=name, spoilers=False)
    assert "Han Sun-woo" in sent(interaction)["embeds"][0].title


async def test_cast_autocomplete_matches_every_spelling_within_limits(bot, interaction):
    cog = Cast(bot)
    found = await cog.name_autocomplete(interaction, "seonw")
    assert found and found[0].value == "Han Sun-woo"
    assert len(await cog.name_autocomplete(interaction, "")) <= 25
    assert await cog.name_autocomplete(interaction, "x" * 100) == []


async def test_verdict_gives_one_attributed_entry_per_review(bot, interaction):
    cog = Verdict(bot)
    await cog.verdict.callback(cog, interaction, review=None, spoilers=False)
    fields = sent(interaction)["embeds"][0].fields
    assert len(fields) == 5
    assert any("4/5" in f.value for f in fields)
    assert all("— " in f.value for f in fields)


async def test_review_autocomplete_offers_readable_names_never_file_names(bot, interaction):
    interaction.client = bot
    choices = await review_autocomplete(interaction, "annie")
    assert [c.value for c in choices] == ["International Dramas: 'Soundtrack #1'"]
    assert bot.library.retriever.resolve_review(choices[0].value).file == "003_2c7f193caa7802ca.txt"
    everything = await review_autocomplete(interaction, "")
    assert len(everything) == 5 and not any(".txt" in c.name or ".txt" in c.value for c in everything)
    for command in (Ask(bot).ask, Verdict(bot).verdict):
        assert command.get_parameter("review").autocomplete


async def test_sources_and_help(bot, interaction):
    cog = Meta(bot)
    await cog.sources.callback(cog, interaction)
    assert "GwenchaNoona" in sent(interaction)["embeds"][0].description
    other = make_interaction()
    await cog.help.callback(cog, other)
    assert sent(other)["ephemeral"] is True


async def test_reload_by_a_member_is_refused_and_the_corpus_unchanged(bot):
    cog = Admin(bot)
    before = bot.library.corpus
    member = make_interaction(manage_guild=False)
    with pytest.raises(NotModeratorError):
        await cog.reload.callback(cog, member)
    assert bot.library.corpus is before


@pytest.mark.parametrize("moderator", [{"manage_guild": True}, {"role_ids": (777,)}])
async def test_reload_by_a_moderator_defers_then_reports(bot, moderator):
    cog = Admin(bot)
    interaction = make_interaction(**moderator)
    await cog.reload.callback(cog, interaction)
    interaction.response.defer.assert_awaited_once()
    embed = interaction.followup.send.await_args.kwargs["embeds"][0]
    assert "Reviews: 5 → 5" in embed.description


def test_reload_command_is_registered_for_manage_server_only(bot):
    cog = Admin(bot)
    assert cog.reload.default_permissions == discord.Permissions(manage_guild=True)
    assert cog.reload.guild_only
