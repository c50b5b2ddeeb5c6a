"""Admission under load (bot/load.py): by an interaction's age, the event loop's lag and what is in flight."""

import datetime as dt
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.load import BUSY, CLOSING, Admission, Load, expected_failure, refuse
from bot.tree import BotTree


def interaction(created: float, kind: discord.InteractionType = discord.InteractionType.application_command):
    item = MagicMock(spec=discord.Interaction)
    item.created_at = dt.datetime.fromtimestamp(created, tz=dt.UTC)
    item.type = kind
    item.response = MagicMock()
    item.response.send_message = AsyncMock()
    item.response.autocomplete = AsyncMock()
    return item


def test_fresh_interactions_are_answered_queued_ones_get_the_busy_notice_and_expired_ones_are_dropped():
    now = [1000.0]
    load = Load(clock=lambda: now[0])
    assert load.admit(interaction(999.95)) is Admission.ANSWER  # sets the clock baseline (network, skew)
    now[0] = 1010.0
    assert load.admit(interaction(1009.9)) is Admission.ANSWER
    assert load.admit(interaction(1008.3)) is Admission.BUSY  # 1.7 s in the queue
    assert load.admit(interaction(1006.0)) is Admission.LATE  # no reply could arrive within 3 s
    assert load.counts == {"answered": 2, "busy notice": 1, "too late, dropped": 1}


def test_a_skewed_clock_is_measured_from_the_fastest_interaction_seen():
    now = [1000.0]
    load = Load(clock=lambda: now[0])
    assert load.admit(interaction(1030.0)) is Admission.ANSWER  # Discord's clock 30 s ahead of ours
    now[0] = 1001.0
    assert load.admit(interaction(1031.0)) is Admission.ANSWER
    assert load.admit(interaction(1029.0)) is Admission.BUSY


def test_a_lagging_loop_makes_even_fresh_interactions_busy_and_closing_refuses_everything():
    load = Load(clock=lambda: 1000.0)
    load.lag = 0.5
    assert load.admit(interaction(1000.0)) is Admission.BUSY
    load.lag, load.closing = 0.0, True
    assert load.admit(interaction(1000.0)) is Admission.CLOSING


def test_a_fresh_interaction_behind_too_many_in_flight_gets_the_busy_notice():
    # A burst queues hundreds of tasks before the lag is measured again: what is in flight is the
    # first sign, and the cap keeps replies to the queued ones from being pushed past 3 s.
    load = Load(clock=lambda: 1000.0, max_in_flight=32)
    assert load.admit(interaction(1000.0), in_flight=32) is Admission.ANSWER
    assert load.admit(interaction(1000.0), in_flight=33) is Admission.BUSY


async def test_refusals_are_an_ephemeral_notice_and_autocomplete_only_ever_gets_choices():
    load = Load()
    command, completion = interaction(0), interaction(0, discord.InteractionType.autocomplete)
    await refuse(command, Admission.BUSY, load)
    await refuse(completion, Admission.CLOSING, load)
    assert command.response.send_message.await_args.args == (BUSY,)
    assert command.response.send_message.await_args.kwargs == {"ephemeral": True}
    completion.response.autocomplete.assert_awaited_once_with([])
    completion.response.send_message.assert_not_awaited()
    closing = interaction(0)
    await refuse(closing, Admission.CLOSING, load)
    assert closing.response.send_message.await_args.args == (CLOSING,)


def test_expired_and_already_answered_interactions_are_expected_outcomes():
    response = MagicMock(status=404, reason="Not Found")
    assert expected_failure(discord.NotFound(response, {"code": 10062, "message": "Unknown interaction"}))
    assert expected_failure(discord.HTTPException(response, {"code": 40060, "message": "acknowledged"}))
    assert expected_failure(discord.HTTPException(response, {"code": 50035, "message": "bad"})) is None


async def test_the_tree_counts_an_expired_interaction_instead_of_apologising(bot):
    tree: BotTree = bot.tree
    error = discord.app_commands.CommandInvokeError(
        MagicMock(), discord.NotFound(MagicMock(status=404, reason="x"), {"code": 10062, "message": "Unknown"})
    )
    item = interaction(0)
    item.response.is_done = MagicMock(return_value=False)
    await tree.on_error(item, error)
    item.response.send_message.assert_not_awaited()
    assert tree.load.counts["unknown interaction (10062)"] == 1
