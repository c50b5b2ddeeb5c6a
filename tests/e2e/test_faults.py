"""Broken corpora, network faults, abuse and secrets, through the real bot process and fake Discord."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import CONFIG, SEEDS
from tests.fake_discord import MANAGE_GUILD, FakeDiscord
from tests.fake_discord.harness import TOKEN, BotProcess, bot_command, start_bot, stop_bot
from tests.matrix import note

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(heartbeat_interval_ms=300)
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake: FakeDiscord, tmp_path_factory) -> AsyncIterator[BotProcess]:
    # Production cooldown (5 per 30 s) and INFO logs: what a real deployment runs with.
    process = await start_bot(fake, tmp_path_factory.mktemp("faults"), BOT_LOG_LEVEL="INFO", BOT_COOLDOWN_RATE="5")
    yield process
    code = await stop_bot(process)
    log = process.log_text()
    assert code == 0, log[-3000:]
    assert TOKEN not in log
    assert "Traceback" not in log, log[-3000:]
    assert fake.violations == [], fake.violations


def embed_text(record) -> str:
    message = record.final_message()
    return str(message["embeds"]) if message and message["embeds"] else (message or {}).get("content", "")


async def ask(fake: FakeDiscord, question: str = "Who directed it?", **kw) -> object:
    return await (await fake.slash("ask", question=question, **kw)).wait()


async def reload(fake: FakeDiscord) -> object:
    record = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
    assert record.response_type == 5, record.response  # deferred first: a reload may take longer than 3 s
    await record.wait_update(timeout=20)
    return record


# ---- broken corpora ------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Callable[[], None]:
    path.write_bytes(data)
    return path.unlink


def _append(path: Path, text: str) -> Callable[[], None]:
    original = path.read_bytes()
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
    return lambda: path.write_bytes(original)


def _symlink(seeds: Path) -> Callable[[], None]:
    target = seeds.parent / "outside.txt"
    target.write_text("secret notes, not a review", encoding="utf-8")
    (seeds / "link.txt").symlink_to(target)
    return (seeds / "link.txt").unlink


def _empty_seeds(seeds: Path) -> Callable[[], None]:
    hidden = seeds.parent / "hidden"
    hidden.mkdir(exist_ok=True)
    for path in seeds.glob("*.txt"):
        path.rename(hidden / path.name)
    return lambda: [p.rename(seeds / p.name) for p in hidden.glob("*.txt")]


BROKEN: dict[str, tuple[Callable[[Path, Path], Callable[[], None]], str, str]] = {
    "file that is not UTF-8": (
        lambda s, c: _write(s / "latin1.txt", "café".encode("latin-1")),
        "latin1.txt",
        "not valid UTF-8",
    ),
    "empty file": (lambda s, c: _write(s / "empty.txt", b""), "empty.txt", "is empty"),
    "binary file": (lambda s, c: _write(s / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "image.txt", "binary"),
    "file above the size cap": (
        lambda s, c: _write(s / "huge.txt", b"word " * 210_000),
        "huge.txt",
        "1,000,000-byte limit",
    ),
    "symlink outside seeds/": (lambda s, c: _symlink(s), "link.txt", "outside seeds"),
    "sources.toml syntax error": (
        lambda s, c: _append(c / "sources.toml", "\n[oops\n"),
        "sources.toml",
        "TOML syntax error",
    ),
    "sources.toml unknown key": (
        lambda s, c: _append(c / "sources.toml", '\n["x.txt"]\nauthr = "typo"\n'),
        "sources.toml",
        "unknown key",
    ),
    "series.toml syntax error": (
        lambda s, c: _append(c / "series.toml", "\nkey = = 1\n"),
        "series.toml",
        "TOML syntax error",
    ),
    "series.toml unknown key": (
        lambda s, c: _append(c / "series.toml", "\nsurprise = 1\n"),
        "series.toml",
        "unknown key",
    ),
    "empty seeds/": (lambda s, c: _empty_seeds(s), "seeds/", "corpus would be empty"),
}


@pytest.mark.parametrize("case", list(BROKEN))
async def test_broken_corpus_on_reload_is_refused_and_the_old_corpus_keeps_answering(fake, bot, case):
    breaker, name, reason = BROKEN[case]
    undo = breaker(bot.seeds, bot.config)
    try:
        record = await reload(fake)
        message = record.final_message()
        answer = await ask(fake, "Is there snow in the show?")
    finally:
        undo()
    note(
        "broken corpus (reload)",
        case,
        "nothing swapped; reply names file + reason; answers continue",
        f"“{message['content'][:70]}…”; next /ask answered",
    )
    assert message["flags"] & 64
    assert name in message["content"] and reason in message["content"]
    assert "Still answering from the last good corpus (5 reviews" in message["content"]
    assert "snow" in embed_text(answer)


@pytest.mark.parametrize("case", list(BROKEN))
async def test_broken_corpus_at_start_up_exits_non_zero_with_a_clear_message(tmp_path, case):
    seeds, config = tmp_path / "seeds", tmp_path / "config"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(CONFIG, config)
    breaker, name, reason = BROKEN[case]
    breaker(seeds, config)
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "BOT_SEEDS_DIR": str(seeds), "BOT_CONFIG_DIR": str(config)}
    result = await asyncio.to_thread(subprocess.run, bot_command(), env=env, capture_output=True, text=True, timeout=60)
    last = result.stderr.strip().splitlines()[-1]
    note("broken corpus (start-up)", case, "clear error, non-zero exit", f"exit {result.returncode}: {last[:70]}")
    assert result.returncode == 2
    assert name in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr and TOKEN not in result.stdout + result.stderr


def _big_corpus(seeds: Path, megabytes: float) -> Callable[[], None]:
    """Enough extra reviews to make a reload take seconds (copies of a real review)."""
    text = (SEEDS / "003_2c7f193caa7802ca.txt").read_text(encoding="utf-8")
    copies = int(megabytes * 1_000_000 / len(text.encode()))
    paths = []
    for n in range(copies):
        path = seeds / f"zz_copy_{n:04}.txt"
        path.write_text(f"Copy {n}.\n\n{text}", encoding="utf-8")
        paths.append(path)
    return lambda: [p.unlink() for p in paths]


async def test_on_a_5_mb_corpus_verdicts_and_cast_cost_nothing_while_questions_flow(fake, bot):
    undo = _big_corpus(bot.seeds, 5.0)
    try:
        record = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
        await record.wait_update(timeout=60)
        assert "Reloaded" in str(record.followups[-1])
        loop = asyncio.get_running_loop()
        began, records = loop.time(), []
        for n in range(40):  # /ask at 20/s, with 3 /verdict and a /cast sent at once among them
            if n == 10:
                records += [await fake.slash("verdict") for _ in range(3)] + [await fake.slash("cast")]
            records.append(await fake.slash("ask", question=f"the OST and the snow {n}"))
            await asyncio.sleep(max(0.0, began + (n + 1) / 20 - loop.time()))
        for r in records:
            await r.wait(timeout=5)
    finally:
        undo()
    await reload(fake)
    slowest = max(r.latency for r in records)
    note(
        "concurrency",
        "5 MB corpus: /ask at 20/s + 3 /verdict + /cast at once",
        "every reply within 3 s",
        f"{len(records)} replies, slowest {slowest * 1000:.0f} ms",
    )
    assert slowest < 3.0 and all(r.response_type == 4 for r in records)


async def test_slow_reload_defers_refuses_a_second_reload_and_keeps_answering(fake, bot):
    undo = _big_corpus(bot.seeds, 6.0)
    try:
        first = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
        second = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
        during = [await ask(fake, q) for q in ("Who directed it?", "How is the OST?", "Who plays Seonwoo?")]
        await first.wait_update(timeout=30)
        took = first.followups[-1]["embeds"][0]["description"].split(" ms")[0].split()[-1]
    finally:
        undo()
    back = await reload(fake)
    note(
        "concurrency",
        "slow reload (6 MB) + second /reload + 3 /ask",
        "defer; second told to wait; answers flow",
        f"first deferred in {first.latency * 1000:.0f} ms, reload {took} ms; "
        f"second: “{second.response['data']['content'][:30]}…”; "
        f"asks answered in {max(r.latency for r in during) * 1000:.0f} ms max",
    )
    assert first.response_type == 5 and first.latency < 3.0
    assert "already running" in second.response["data"]["content"]
    assert all(r.latency < 3.0 and r.final_message()["embeds"] for r in during)
    assert "Reviews: 5 →" in first.followups[-1]["embeds"][0]["description"]
    assert "→ 5" in back.final_message()["embeds"][0]["description"]


async def test_sighup_reloads_the_corpus_like_reload_does(fake, bot):
    (bot.seeds / "zz_hup.txt").write_text("A review added before SIGHUP: the snow is lovely.", encoding="utf-8")
    try:
        bot.process.send_signal(signal.SIGHUP)
        for _ in range(100):
            await asyncio.sleep(0.05)
            if "SIGHUP reload done: 6 reviews" in bot.log_text():
                break
        sources = await (await fake.slash("sources")).wait()
    finally:
        (bot.seeds / "zz_hup.txt").unlink()
    bot.process.send_signal(signal.SIGHUP)
    note("signals", "SIGHUP after adding a review", "corpus reloaded, outcome logged", "6 reviews served")
    assert "The 6 reviews I quote" in embed_text(sources)


# ---- network faults ------------------------------------------------------------------------


@pytest.mark.parametrize("code", [1000, 1001, 4000])
async def test_gateway_closed_is_resumed_and_commands_still_answered(fake, bot, code):
    resumes = fake.resumes
    await fake.drop_connection(code=code)
    await asyncio.wait_for(fake.resumed.wait(), 20)
    record = await ask(fake)
    note(
        "gateway fault",
        f"connection closed with {code}",
        "RESUME, next command answered",
        f"resumed ({fake.resumes - resumes}×), /ask answered in {record.latency * 1000:.0f} ms",
    )
    assert fake.resumes == resumes + 1 and "Kim Hee-won" in embed_text(record)


async def test_invalid_session_makes_the_bot_identify_again(fake, bot):
    identifies = fake.identifies
    await fake.invalidate_session(resumable=False)
    await asyncio.wait_for(fake.ready.wait(), 20)
    await asyncio.sleep(0.2)
    record = await ask(fake)
    note(
        "gateway fault",
        "INVALID_SESSION",
        "re-IDENTIFY, answered",
        f"identified again ({fake.identifies - identifies}×), answered",
    )
    assert fake.identifies == identifies + 1 and "Kim Hee-won" in embed_text(record)


async def test_missing_heartbeat_acks_make_the_bot_reconnect(tmp_path):
    # Its own bot: a short heartbeat timeout would make the shared one reconnect under CI load.
    server = FakeDiscord(heartbeat_interval_ms=250)
    await server.start()
    try:
        bot = await start_bot(server, tmp_path, BOT_LOG_LEVEL="INFO", BOT_HEARTBEAT_TIMEOUT="1.5")
        connections = server.connections
        server.ack_heartbeats = False
        try:
            for _ in range(100):
                await asyncio.sleep(0.1)
                if server.connections > connections:
                    break
        finally:
            server.ack_heartbeats = True
        await asyncio.wait_for(server.resumed.wait(), 20)
        record = await ask(server)
        code = await stop_bot(bot)
    finally:
        await server.stop()
    note(
        "gateway fault",
        "heartbeat ACKs stop",
        "reconnect",
        f"reconnected ({server.connections - connections}×), answered",
    )
    assert server.connections > connections and "Kim Hee-won" in embed_text(record)
    assert code == 0 and server.violations == []


@pytest.mark.parametrize(
    ("status", "where", "pattern"),
    [
        (500, "callback", r"/interactions/\d+/[^/]+/callback"),
        (502, "callback", r"/interactions/\d+/[^/]+/callback"),
        (429, "callback", r"/interactions/\d+/[^/]+/callback"),
        (429, "followup", r"/webhooks/\d+/[^/]+$"),
        (502, "followup", r"/webhooks/\d+/[^/]+$"),
    ],
)
async def test_rest_errors_are_retried_and_the_reply_arrives(fake, bot, status, where, pattern):
    fake.inject("POST", pattern, status=status, times=1, retry_after=0.3)
    served = fake.faults_served
    if where == "callback":
        record = await ask(fake, "How is the cinematography?")
        ok = "cinematography" in embed_text(record)
    else:
        record = await reload(fake)
        ok = "Reloaded" in embed_text(record)
    note(
        "REST fault",
        f"{status} on {where}",
        "retried, reply arrives",
        f"retried ({fake.faults_served - served} fault served), reply after {record.latency * 1000:.0f} ms",
    )
    assert fake.faults_served == served + 1 and ok and record.latency < 3.0


# ---- abuse and secrets -----------------------------------------------------------------------


async def test_burst_of_50_from_one_user_gets_cooldown_replies_and_others_are_unaffected(fake, bot):
    user = "6200000000000000001"
    records = [await fake.slash("ask", user_id=user, question=f"snow scene {n}") for n in range(50)]
    records = [await r.wait() for r in records]
    other = await ask(fake, "Who directed it?")
    limited = [r for r in records if r.final_message()["flags"] & 64 and "try again in" in r.final_message()["content"]]
    answered = [r for r in records if r.final_message()["embeds"]]
    note(
        "abuse",
        "50 /ask from one user in a burst",
        "5 answered, the rest told when to retry; others unaffected",
        f"{len(answered)} answered, {len(limited)} cooldown replies; other user answered",
    )
    assert len(answered) == 5 and len(limited) == 45
    assert "Kim Hee-won" in embed_text(other)


async def test_question_text_is_not_logged_at_info_and_the_token_never(fake, bot):
    marker = "zebra-unicorn-marker snow"
    await ask(fake, marker)
    log = bot.log_text()
    note(
        "secrets",
        "question text and token in INFO logs",
        "absent",
        "absent" if marker not in log and TOKEN not in log else "PRESENT",
    )
    assert marker not in log and TOKEN not in log


async def test_a_refused_token_fails_login_without_printing_it(tmp_path):
    server = FakeDiscord()
    server.valid_token = "the-right-one"
    await server.start()
    try:
        env = {
            **os.environ,
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_BASE": server.http_base,
            "DISCORD_GATEWAY_URL": server.ws_url,
        }
        process = await asyncio.create_subprocess_exec(
            *bot_command(), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        out, _ = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await server.stop()
    text = out.decode(errors="replace")
    note(
        "secrets",
        "login refused (401)",
        "exit non-zero, token not shown",
        f"exit {process.returncode}, token {'absent' if TOKEN not in text else 'PRESENT'}",
    )
    assert process.returncode == 1 and "LoginFailure" in text and TOKEN not in text


async def test_sigterm_with_commands_in_flight_answers_them_then_exits_zero(tmp_path):
    server = FakeDiscord()
    await server.start()
    try:
        bot = await start_bot(server, tmp_path, BOT_LOG_LEVEL="INFO")
        undo = _big_corpus(bot.seeds, 1.5)
        slow = await server.slash("reload", permissions=MANAGE_GUILD)
        asks = [await server.slash("ask", question=q) for q in ("Who directed it?", "the OST", "the ending")]
        await asyncio.sleep(0.05)
        bot.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(bot.process.wait(), 30)
        undo()
    finally:
        await server.stop()
    answered = sum(r.responded.is_set() for r in asks)
    note(
        "shutdown",
        "SIGTERM with /reload and 3 /ask in flight",
        "all answered, exit 0",
        f"{answered}/3 asks answered, reload {'finished' if slow.followups else 'NOT finished'}, exit {code}",
    )
    assert code == 0 and answered == 3
    assert slow.response_type == 5 and slow.followups
    assert server.violations == []


async def test_sigterm_at_400_per_second_answers_everything_dispatched_and_exits_zero(tmp_path):
    server = FakeDiscord()
    await server.start()
    records = []
    try:
        bot = await start_bot(server, tmp_path, BOT_LOG_LEVEL="INFO", BOT_SHUTDOWN_GRACE="5")
        loop = asyncio.get_running_loop()
        began, sent_sigterm, before = loop.time(), None, 0
        n = 0
        while loop.time() - began < 1.6:
            if sent_sigterm is None and loop.time() - began >= 1.0:
                bot.process.send_signal(signal.SIGTERM)
                sent_sigterm, before = loop.time(), len(records)
            if n % 10 == 9:
                records.append(await server.autocomplete("cast", focused="name", name="seon"))
            else:
                records.append(await server.slash("ask", question=f"the ending and the OST {n % 7}"))
            n += 1
            await asyncio.sleep(max(0.0, began + n / 400 - loop.time()))
        code = await asyncio.wait_for(bot.process.wait(), 30)
        await asyncio.sleep(0.2)
        log_text = bot.log_text()
    finally:
        await server.stop()
    dispatched = records[:before]
    answered = [r for r in dispatched if r.responded.is_set()]
    wrong_kind = [r for r in records if r.type == 4 and r.response_type not in (None, 8)]
    texts = [json.dumps(r.response) for r in records if r.response]
    not_found = [t for t in texts if "not found" in t.lower() or "Sorry, something went wrong" in t]
    notices = sum("restarting" in t for t in texts)
    note(
        "shutdown",
        f"SIGTERM at 400/s ({len(records)} sent, {before} before SIGTERM)",
        "every one dispatched before SIGTERM answered; no 'command not found'; exit 0",
        f"{len(answered)}/{len(dispatched)} answered, {notices} restarting notices, exit {code}",
    )
    assert code == 0
    assert len(answered) == len(dispatched)
    assert not wrong_kind and not not_found
    assert "Task exception was never retrieved" not in log_text and "Traceback" not in log_text
