"""Two processes, one shard each, one corpus: each answers its own servers, and a /reload in one
reaches the other through the shared folder's reload stamp."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fake_discord import GUILD2_ID, GUILD_ID, MANAGE_GUILD, FakeDiscord
from tests.fake_discord.harness import start_bot, stop_bot
from tests.matrix import note

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_two_shard_processes_answer_their_own_servers_and_follow_each_others_reload(tmp_path):
    fake = FakeDiscord()
    fake.guilds = [GUILD_ID, GUILD2_ID]  # GUILD2 is on shard 0 of 2, GUILD on shard 1
    fake.recommended_shards = 2
    await fake.start()
    shared = tmp_path / "shared"
    common = {"BOT_SHARD_COUNT": "2", "BOT_GUILD_IDS": f"[{GUILD_ID},{GUILD2_ID}]", "BOT_SHARED_DIR": str(shared)}
    a = b = None
    try:
        a = await start_bot(fake, tmp_path / "a", BOT_SHARD_IDS="[0]", **common)
        b = await start_bot(
            fake,
            tmp_path / "b",
            expect_sync=False,
            BOT_SHARD_IDS="[1]",
            BOT_SEEDS_DIR=str(a.seeds),  # one corpus: the same folders
            BOT_CONFIG_DIR=str(a.config),
            **common,
        )
        for _ in range(100):
            if len(fake.sessions) == 2:
                break
            await asyncio.sleep(0.05)
        assert set(fake.sessions) == {0, 1} and [0, 2] in fake.identified_shards and [1, 2] in fake.identified_shards
        on_a = await (await fake.slash("ask", question="Who directed it?", in_guild=GUILD2_ID)).wait()
        on_b = await (await fake.slash("ask", question="Who directed it?", in_guild=GUILD_ID)).wait()
        assert on_a.response_type == on_b.response_type == 4

        (a.seeds / "zz_new.txt").write_text(
            "A fresh review: the quokka-shaped snow lamp in Eun-soo's flat steals every scene.", encoding="utf-8"
        )
        reload = await (await fake.slash("reload", permissions=MANAGE_GUILD, in_guild=GUILD2_ID)).wait()
        await reload.wait_update(timeout=20)
        assert "Reloaded" in str(reload.followups[-1])
        done = time.monotonic()
        lag = None
        while time.monotonic() - done < 5:
            answer = await (await fake.slash("ask", question="quokka snow lamp", in_guild=GUILD_ID)).wait()
            if "steals every scene" in str(answer.final_message()):
                lag = time.monotonic() - done
                break
            await asyncio.sleep(0.1)
        note(
            "shards",
            "/reload in process A (shard 0) → process B (shard 1)",
            "B serves the new corpus within 2 s",
            f"{lag * 1000:.0f} ms" if lag is not None else "not within 5 s",
        )
        assert lag is not None and lag < 2.0, b.log_text()[-3000:]
        assert "generation 1: reloaded" in b.log_text()
    finally:
        for process in (b, a):
            if process is not None:
                assert await stop_bot(process) == 0
        await fake.stop()
    assert not fake.violations, fake.violations
