"""Start the bot the way users do (`soundtrack-bot run`), pointed at a fake Discord on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.fake_discord import MODERATOR_ROLE_ID as MODERATOR_ROLE
from tests.fake_discord import FakeDiscord
from tests.fake_discord.harness import TOKEN, BotProcess, start_bot, stop_bot

__all__ = ["MODERATOR_ROLE", "TOKEN", "BotProcess"]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake: FakeDiscord, tmp_path_factory) -> AsyncIterator[BotProcess]:
    process = await start_bot(fake, tmp_path_factory.mktemp("bot"))
    yield process
    code = await stop_bot(process)
    assert code == 0, process.log_text()[-3000:]
    assert TOKEN not in process.log_text(), "the token appeared in the bot's log"
    assert not fake.violations, fake.violations
