"""Soak: a mixed load at a steady rate for minutes, watching the bot's memory and latency.

    python bench/soak.py [--minutes 10] [--rate 50]

Mix per 20 interactions: 12 /ask (stored for feedback), 3 ▶ presses on earlier answers, 2 /cast,
1 /verdict, 2 autocompletes; a /reload every minute (old corpora must be freed). Prints, per minute, p50/p99
first-response latency, interactions without a reply in 3 s, and the bot's RSS; then RSS growth
after the first minute (target ≤ 20 MiB). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.interactions import percentile, questions  # noqa: E402
from tests.fake_discord import MANAGE_GUILD, FakeDiscord  # noqa: E402
from tests.fake_discord.harness import start_bot, stop_bot  # noqa: E402


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def one(fake: FakeDiscord, n: int, answers: list) -> object:
    kind = n % 20
    user = str(6300000000000000000 + n)
    if kind < 12:
        record = await fake.slash("ask", user_id=user, question=questions(n + 1)[n])
        answers.append(record)
        del answers[:-200]
        return record
    if kind < 15:
        pageable = [
            a
            for a in answers[-50:]
            if a.message
            and any(c.get("label") == "▶" for row in a.message.get("components", []) for c in row["components"])
        ]
        if pageable:
            return await fake.click(pageable[n % len(pageable)], "▶", user_id=user)
        return await fake.slash("ask", user_id=user, question="the ending")
    if kind < 17:
        return await fake.slash("cast", user_id=user, **({"name": "seon"} if kind == 15 else {}))
    if kind == 17:
        return await fake.slash("verdict", user_id=user)
    return await fake.autocomplete("cast", focused="name", user_id=user, name="han")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=50.0)
    args = parser.parse_args()
    fake = FakeDiscord()
    await fake.start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bot = await start_bot(fake, Path(tmp), BOT_LOG_LEVEL="WARNING", BOT_COOLDOWN_RATE="1000000")
        pid = bot.process.pid
        answers: list = []
        n, start = 0, time.monotonic()
        try:
            for minute in range(int(args.minutes)):
                records = []
                began = time.monotonic()
                while time.monotonic() - began < 60:
                    n += 1
                    records.append(await one(fake, n, answers))
                    await asyncio.sleep(max(0.0, start + n / args.rate - time.monotonic()))
                await fake.slash("reload", permissions=MANAGE_GUILD)
                await asyncio.sleep(1.0)
                latencies = [r.latency * 1000 for r in records if r.latency is not None and r.latency <= 3.0]
                rows.append(
                    (
                        minute + 1,
                        len(records),
                        percentile(latencies, 50),
                        percentile(latencies, 99),
                        len(records) - len(latencies),
                        rss_kib(pid) / 1024,
                    )
                )
                print(
                    f"minute {rows[-1][0]}: {rows[-1][1]} sent, p99 {rows[-1][3]:.1f} ms, RSS {rows[-1][5]:.1f} MiB",
                    file=sys.stderr,
                )
        finally:
            code = await stop_bot(bot)
    await fake.stop()
    print(f"\nSoak: {args.rate:.0f} interactions/s for {args.minutes:.0f} min (mixed), a /reload each minute\n")
    print("| minute | sent | p50 ms | p99 ms | no reply in 3 s | RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for m, sent, p50, p99, late, rss in rows:
        print(f"| {m} | {sent} | {p50:.1f} | {p99:.1f} | {late} | {rss:.1f} |")
    if len(rows) > 1:
        print(f"\nRSS growth after the first minute: {rows[-1][5] - rows[0][5]:+.1f} MiB (target ≤ 20 MiB)")
    print(f"violations recorded by the fake: {len(fake.violations)}; exit code on SIGTERM: {code}")


if __name__ == "__main__":
    asyncio.run(main())
