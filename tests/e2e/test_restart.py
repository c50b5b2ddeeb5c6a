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
