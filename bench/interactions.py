"""Load benchmark: N /ask interactions at a given rate through the real bot process and a fake Discord.

    python bench/interactions.py [--rates 20 100 300] [--seconds 5]

For each rate, prints p50/p95/p99 latency from dispatch (the gateway frame leaving the fake) to the
interaction callback arriving at the fake, how many were answered or dropped (no first response within
Discord's 3 s), and the bot's peak RSS. A warm-up run at a low rate goes first; the 20/s row is the
reference the other rows are compared against (same process, same machine state).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fake_discord import FakeDiscord  # noqa: E402
from tests.fake_discord.harness import peak_rss_kib, start_bot, stop_bot  # noqa: E402

SUBJECTS = [
    "Sun-woo",
    "Eun-soo",
    "Seonwoo",
    "Eunsu",
    "Park Hyung-sik",
    "Han So-hee",
    "the director",
    "Jay Jun",
    "the composer",
    "Eun-soo's mom",
    "Ma-ri",
    "the OST",
    "the ending",
    "the snow",
    "the chemistry",
]
TOPICS = [
    "why does {s} matter?",
    "what do reviewers say about {s}?",
    "is {s} any good?",
    "how is {s} shown?",
    "tell me about {s}",
    "{s} and the friendship",
    "does {s} fall in love?",
    "{s} in episode 4",
]


def questions(n: int) -> list[str]:
    """Varied, deterministic questions: every subject in every phrasing."""
    pool = [t.format(s=s) for t in TOPICS for s in SUBJECTS]
    return [pool[(i * 7) % len(pool)] for i in range(n)]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def run_rate(fake: FakeDiscord, rate: float, count: int) -> dict[str, float]:
    asked = questions(count)
    records = []
    start = time.monotonic()
    for i, question in enumerate(asked):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        # A different user each time: this measures throughput, not the per-user cooldown.
        records.append(await fake.slash("ask", user_id=str(6100000000000000000 + i), question=question))
    deadline = time.monotonic() + 3.5
    for record in records:
        try:
            await asyncio.wait_for(record.responded.wait(), max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            pass
    latencies = [r.latency * 1000 for r in records if r.latency is not None and r.latency <= 3.0]
    return {
        "rate": rate,
        "sent": len(records),
        "answered": len(latencies),
        "dropped": len(records) - len(latencies),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "achieved": len(records) / (time.monotonic() - start),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[20, 100, 300])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each rate is sustained")
    args = parser.parse_args()
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = await start_bot(fake, Path(tmp), BOT_LOG_LEVEL="WARNING", BOT_COOLDOWN_RATE="1000000")
        try:
            await run_rate(fake, 20, 40)  # warm-up: imports, caches, first connections
            rows = [await run_rate(fake, rate, int(rate * args.seconds)) for rate in args.rates]
            rss = peak_rss_kib(bot.process.pid)
        finally:
            code = await stop_bot(bot)
    await fake.stop()
    reference = rows[0]["p50"]
    print(f"\n/ask load through discord.py → fake Discord on 127.0.0.1 ({args.seconds:.0f} s per rate)\n")
    print("| rate/s | sent | answered | dropped | p50 ms | p95 ms | p99 ms | p50 vs first row |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['rate']:.0f} | {r['sent']} | {r['answered']} | {r['dropped']} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['p99']:.1f} | {r['p50'] / reference:.2f}× |"
        )
    print(f"\nbot peak RSS: {rss / 1024:.1f} MiB" if rss else "\nbot peak RSS: not available")
    print(f"violations recorded by the fake: {len(fake.violations)}; bot exit code on SIGTERM: {code}")
    if fake.violations:
        print("\n".join(fake.violations[:10]))


if __name__ == "__main__":
    asyncio.run(main())
