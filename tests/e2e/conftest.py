"""Start the bot the way users do (`soundtrack-bot run`), pointed at a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest_asyncio

from tests.conftest import CONFIG, SEEDS
from tests.fake_discord import FakeDiscord

TOKEN = "MTAw.fake-token.SECRET-e2e-value"
from tests.fake_discord import MODERATOR_ROLE_ID as MODERATOR_ROLE  # noqa: E402


def bot_command() -> list[str]:
    script = Path(sys.executable).with_name("soundtrack-bot")
    return [str(script), "run"] if script.exists() else [sys.executable, "-m", "bot", "run"]


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    seeds: Path
    config: Path
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def start_bot(fake: FakeDiscord, workdir: Path, **env: str) -> BotProcess:
    seeds, config = workdir / "seeds", workdir / "config"
    if not seeds.exists():
        shutil.copytree(SEEDS, seeds)
        shutil.copytree(CONFIG, config)
    log = workdir / "bot.log"
    full_env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.http_base,
        "DISCORD_GATEWAY_URL": fake.ws_url,
        "BOT_GUILD_IDS": f"[{fake_guild()}]",
        "BOT_MODERATOR_ROLE_IDS": f"[{MODERATOR_ROLE}]",
        "BOT_GUILD_READY_TIMEOUT": "0.05",
        "BOT_SEEDS_DIR": str(seeds),
        "BOT_CONFIG_DIR": str(config),
        "BOT_LOG_LEVEL": "DEBUG",
        "BOT_COOLDOWN_RATE": "1000",
        **env,
    }
    handle = log.open("ab")
    process = await asyncio.create_subprocess_exec(*bot_command(), env=full_env, stdout=handle, stderr=handle)
    bot = BotProcess(process, seeds, config, log)
    try:
        await asyncio.wait_for(fake.ready.wait(), 30)
        await asyncio.wait_for(fake.synced.wait(), 5)
        await asyncio.sleep(0.2)  # let the client finish handling GUILD_CREATE
    except TimeoutError:
        if process.returncode is None:
            process.kill()
        raise AssertionError(f"the bot did not connect:\n{bot.log_text()}") from None
    return bot


async def stop_bot(bot: BotProcess) -> int:
    if bot.process.returncode is None:
        bot.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(bot.process.wait(), 15)
        except TimeoutError:
            bot.process.kill()
            await bot.process.wait()
            raise AssertionError(f"the bot did not stop on SIGTERM:\n{bot.log_text()[-3000:]}") from None
    return bot.process.returncode  # type: ignore[return-value]


def fake_guild() -> str:
    from tests.fake_discord import GUILD_ID

    return GUILD_ID


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
