"""Slash commands are synced on purpose: when they changed, or when asked; a failed sync is logged
and the bot keeps serving with what is registered."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from tests.fake_discord import FakeDiscord
from tests.fake_discord.harness import TOKEN, start_bot, stop_bot

pytestmark = pytest.mark.asyncio(loop_scope="function")


def command_puts(fake: FakeDiscord) -> list[tuple[str, str, int]]:
    return [r for r in fake.requests if r[0] == "PUT" and r[1].endswith("/commands")]


async def test_an_unchanged_command_set_is_not_synced_again_and_a_failed_sync_does_not_stop_the_bot(tmp_path):
    first = FakeDiscord()
    await first.start()
    try:
        bot = await start_bot(first, tmp_path)
        assert len(command_puts(first)) == 1
        assert await stop_bot(bot) == 0
    finally:
        await first.stop()
    second = FakeDiscord()
    second.commands = {k: list(v) for k, v in first.commands.items()}  # what Discord still has registered
    await second.start()
    try:
        bot = await start_bot(second, tmp_path, expect_sync=False)
        record = await (await second.slash("ask", question="Who directed it?")).wait()
        assert record.response_type == 4 and command_puts(second) == []
        assert "commands unchanged" in bot.log_text()
        assert await stop_bot(bot) == 0
    finally:
        await second.stop()
    (tmp_path / "data" / "commands.json").unlink()  # as if the commands had changed
    third = FakeDiscord()
    third.commands = {k: list(v) for k, v in first.commands.items()}
    third.inject("PUT", r"/commands$", status=403, times=5)
    await third.start()
    try:
        before = len((tmp_path / "bot.log").read_text(encoding="utf-8")) if (tmp_path / "bot.log").exists() else 0
        bot = await start_bot(third, tmp_path, expect_sync=False, BOT_LOG_FORMAT="json", BOT_LOG_LEVEL="INFO")
        record = await (await third.slash("ask", question="Who directed it?")).wait()
        assert record.response_type == 4  # still serving, with the commands registered before
        lines = [json.loads(line) for line in bot.log_text()[before:].splitlines() if line.strip()]
        failed = [e for e in lines if e["message"].startswith("command sync for guild:")]
        assert failed and failed[0]["level"] == "ERROR" and "403" in failed[0]["message"]
        assert "Missing Access" in failed[0]["message"]
        assert await stop_bot(bot) == 0
    finally:
        await third.stop()


async def test_sync_command_clears_global_copies_of_guild_commands(tmp_path):
    fake = FakeDiscord()
    await fake.start()
    try:
        fake.commands["global"] = [{"name": "ask", "description": "old global copy", "id": "1", "type": 1}]
        bot = await start_bot(fake, tmp_path)  # guild commands, as the harness configures
        assert await stop_bot(bot) == 0
        env = {
            **os.environ,
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_BASE": fake.http_base,
            "DISCORD_GATEWAY_URL": fake.ws_url,
            "BOT_GUILD_IDS": "[2000000000000000002]",
            "BOT_SEEDS_DIR": str(tmp_path / "seeds"),
            "BOT_CONFIG_DIR": str(tmp_path / "config"),
            "BOT_DATA_DIR": str(tmp_path / "data"),
        }
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "sync", "--clear-global"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert fake.commands["global"] == []
        assert {c["name"] for c in fake.commands["2000000000000000002"]} >= {"ask", "cast", "verdict"}
        assert TOKEN not in result.stdout + result.stderr
    finally:
        await fake.stop()
