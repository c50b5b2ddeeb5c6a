"""Run `soundtrack-bot run` as a subprocess pointed at a FakeDiscord (used by tests/e2e and bench/)."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CONFIG, SEEDS

from .server import GUILD_ID, MODERATOR_ROLE_ID, FakeDiscord

TOKEN = "MTAw.fake-token.SECRET-e2e-value"


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


async def start_bot(fake: FakeDiscord, workdir: Path, expect_sync: bool = True, **env: str) -> BotProcess:
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
        "BOT_GUILD_IDS": f"[{GUILD_ID}]",
        "BOT_MODERATOR_ROLE_IDS": f"[{MODERATOR_ROLE_ID}]",
        "BOT_GUILD_READY_TIMEOUT": "0.05",
        "BOT_SEEDS_DIR": str(seeds),
        "BOT_CONFIG_DIR": str(config),
        "BOT_DATA_DIR": str(workdir / "data"),
        "BOT_STATUS_INTERVAL": "0.3",
        "BOT_LOG_LEVEL": "DEBUG",
        "BOT_COOLDOWN_RATE": "1000",
        **env,
    }
    handle = log.open("ab")
    process = await asyncio.create_subprocess_exec(*bot_command(), env=full_env, stdout=handle, stderr=handle)
    bot = BotProcess(process, seeds, config, log)
    try:
        await asyncio.wait_for(fake.ready.wait(), 30)
        if expect_sync:
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


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident set size (VmHWM), in KiB, or None where /proc has no record."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Live:
    """A fake Discord and a bot process driven from an event loop in a background thread, so that
    synchronous tests (hypothesis) can send interactions through the real network path."""

    def __init__(self) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="fake-discord", daemon=True)
        self._thread.start()
        self.fake: FakeDiscord | None = None
        self.bot: BotProcess | None = None

    def call(self, coro: object, timeout: float = 60.0) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    def start(self, workdir: Path, heartbeat_interval_ms: int = 41250, **env: str) -> None:
        async def go() -> None:
            self.fake = FakeDiscord(heartbeat_interval_ms=heartbeat_interval_ms)
            await self.fake.start()
            self.bot = await start_bot(self.fake, workdir, **env)

        self.call(go())

    def stop(self) -> int:
        async def go() -> int:
            assert self.bot is not None and self.fake is not None
            code = await stop_bot(self.bot)
            await self.fake.stop()
            return code

        try:
            return self.call(go())  # type: ignore[return-value]
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
