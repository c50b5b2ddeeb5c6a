"""Page buttons outlive the process that sent them: their state is in their custom_id."""

from __future__ import annotations

import json

import pytest

from tests.fake_discord import FakeDiscord
from tests.fake_discord.harness import start_bot, stop_bot

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_page_buttons_work_after_the_bot_process_is_restarted(tmp_path):
    first = FakeDiscord()
    await first.start()
    try:
        bot = await start_bot(first, tmp_path)
        asked = await (await first.slash("ask", question="Sun-woo Eun-soo friends")).wait()
        assert await stop_bot(bot) == 0
    finally:
        await first.stop()
    second = FakeDiscord()  # a new process, a new gateway session, no memory of the answer
    second.commands = {k: list(v) for k, v in first.commands.items()}  # still registered with Discord
    await second.start()
    try:
        bot = await start_bot(second, tmp_path, expect_sync=False)  # unchanged commands: no sync
        clicked = await (await second.click(asked, "▶")).wait()
        assert clicked.response_type == 7, bot.log_text()[-2000:]
        assert "page 2/" in clicked.response["data"]["embeds"][0]["footer"]["text"]
        assert clicked.response["data"]["embeds"][0]["title"] == "Sun-woo Eun-soo friends"
        assert await stop_bot(bot) == 0
        assert not second.violations, second.violations
        status = json.loads((tmp_path / "data" / "status.json").read_text())
        assert status["connected"] is False  # written at shutdown: a health check fails at once
    finally:
        await second.stop()


async def test_votes_are_stored_changeable_once_per_fan_and_survive_a_restart(tmp_path):
    first = FakeDiscord()
    await first.start()
    try:
        bot = await start_bot(first, tmp_path)
        asked = await (await first.slash("ask", question="Who directed it?")).wait()
        up = await (await first.click(asked, "👍", user_id="6000000000000000111")).wait()
        assert up.response["data"]["flags"] == 64 and "👍 1 · 👎 0" in up.response["data"]["content"]
        changed = await (await first.click(asked, "👎", user_id="6000000000000000111")).wait()
        assert "👍 0 · 👎 1" in changed.response["data"]["content"]  # changed, not counted twice
        assert await stop_bot(bot) == 0
    finally:
        await first.stop()
    second = FakeDiscord()
    second.commands = {k: list(v) for k, v in first.commands.items()}
    await second.start()
    try:
        bot = await start_bot(second, tmp_path, expect_sync=False)
        again = await (await second.click(asked, "👍", user_id="6000000000000000222")).wait()
        assert "👍 1 · 👎 1" in again.response["data"]["content"]  # the vote from before the restart is kept
        assert await stop_bot(bot) == 0
    finally:
        await second.stop()
    database = (tmp_path / "data" / "feedback.sqlite3").read_bytes()
    assert b"6000000000000000111" not in database
