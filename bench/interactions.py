"""Load benchmark: N /ask interactions at a given rate through the real bot process and a fake Discord.

    python bench/interactions.py [--rates 20 100 300] [--seconds 5] [--distinct]

For each rate, prints p50/p95/p99 latency from dispatch (the gateway frame leaving the fake) to the
interaction callback arriving at the fake, how many were answered or dropped (no first response within
Discord's 3 s), and the bot's peak RSS. A warm-up run at a low rate goes first; the 20/s row is the
reference the other rows are compared against (same process, same machine state). By default the
120 questions are asked again and again, as a busy channel does, and the bot answers repeats from
its memory of recent answers; `--distinct` words every question differently to measure searching.
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


# Ways a channel wraps the same question: with `--distinct` every question asked in a run is a
# different string (120 × 10 × 8 = 9,600), so none is answered from the bot's memory of answers.
OPENERS = ["", "hey ", "so ", "can someone tell me ", "quick q: ", "ok ", "guys ", "wait ", "hi! ", "um "]
CLOSERS = ["", " pls", " lol", " ??", " thx", " !!", " haha", " ...?"]


def questions(n: int, distinct: bool = False) -> list[str]:
    """Varied, deterministic questions: every subject in every phrasing (120 of them, asked again and
    again as a busy channel does), or with `distinct` n different strings."""
    pool = [t.format(s=s) for t in TOPICS for s in SUBJECTS]
    if not distinct:
        return [pool[(i * 7) % len(pool)] for i in range(n)]
    worded = [o + q + c for c in CLOSERS for o in OPENERS for q in pool]
    if n > len(worded):
        raise SystemExit(f"--distinct has {len(worded):,} questions; this run asks {n:,}")
    return [worded[i * 7 % len(worded)] for i in range(n)]  # 7 is prime to 9,600: no repeats


class Asker:
    """The questions of one run, in order (each distinct one asked once, when `distinct`)."""

    def __init__(self, distinct: bool, total: int) -> None:
        self._questions = iter(questions(total, distinct))

    def take(self, n: int) -> list[str]:
        return [next(self._questions) for _ in range(n)]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def run_rate(fake: FakeDiscord, asker: Asker, rate: float, count: int) -> dict[str, float]:
    start = time.monotonic()
    records = await _send(fake, asker, rate, count, first_user=6100000000000000000)
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


async def run_overload(fake: FakeDiscord, asker: Asker, rate: float, seconds: float) -> dict[str, float]:
    """A burst above capacity, then normal questions 2 s after it: who got any reply within 3 s (an
    answer or the busy notice), who got none at all, and whether the bot recovered."""
    burst = await _send(fake, asker, rate, int(rate * seconds), first_user=6200000000000000000)
    ended = time.monotonic()
    await asyncio.sleep(max(0.0, ended + 2.0 - time.monotonic()))
    after = await _send(fake, asker, 10, 20, first_user=6200000000000000000 + len(burst))
    await asyncio.sleep(3.5)
    in_time = [r for r in burst if r.latency is not None and r.latency <= 3.0]
    busy = [r for r in in_time if "Busy right now" in str(r.response)]
    after_answers = [r.latency * 1000 for r in after if r.latency is not None and "Busy" not in str(r.response)]
    return {
        "sent": len(burst),
        "achieved": len(burst) / max(ended - burst_start(burst), 1e-9),
        "in_time": len(in_time),
        "answers": len(in_time) - len(busy),
        "busy": len(busy),
        "none": sum(not r.responded.is_set() for r in burst),
        "after_answered": len(after_answers),
        "after_sent": len(after),
        "after_p99": percentile(after_answers, 99),
    }


def burst_start(records: list) -> float:
    return min(r.dispatched_at for r in records) if records else time.monotonic()


async def _send(fake: FakeDiscord, asker: Asker, rate: float, count: int, first_user: int) -> list:
    """`count` /ask at `rate` per second, each from a different user (this measures throughput, not
    the per-user cooldown)."""
    records = []
    start = time.monotonic()
    for i, question in enumerate(asker.take(count)):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        records.append(await fake.slash("ask", user_id=str(first_user + i), question=question))
    return records


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=float, nargs="+", default=[20, 100, 300])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each rate is sustained")
    parser.add_argument("--overload", type=float, default=1000.0, help="burst rate for the overload row (0: skip)")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="every question a different string: no answer comes from the bot's memory of recent answers",
    )
    args = parser.parse_args()
    total = 40 + sum(int(rate * args.seconds) for rate in args.rates) + int(args.overload * args.seconds) + 20
    asker = Asker(args.distinct, total)
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = await start_bot(fake, Path(tmp), BOT_LOG_LEVEL="WARNING", BOT_COOLDOWN_RATE="1000000")
        try:
            await run_rate(fake, asker, 20, 40)  # warm-up: imports, caches, first connections
            rows = [await run_rate(fake, asker, rate, int(rate * args.seconds)) for rate in args.rates]
            over = await run_overload(fake, asker, args.overload, args.seconds) if args.overload else None
            rss = peak_rss_kib(bot.process.pid)
        finally:
            code = await stop_bot(bot)
    await fake.stop()
    reference = rows[0]["p50"]
    asked = "every question worded differently" if args.distinct else "120 questions asked again and again"
    print(f"\n/ask load through discord.py → fake Discord on 127.0.0.1 ({args.seconds:.0f} s per rate; {asked})\n")
    print("| rate/s | sent | answered | dropped | p50 ms | p95 ms | p99 ms | p50 vs first row |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['rate']:.0f} | {r['sent']} | {r['answered']} | {r['dropped']} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['p99']:.1f} | {r['p50'] / reference:.2f}× |"
        )
    if over is not None:
        print(
            f"\nOverload: {args.overload:.0f} /ask per second for {args.seconds:.0f} s, "
            "then 20 questions at 10/s from 2 s after\n"
        )
        print(
            "| sent | achieved/s | reply within 3 s | answers | busy notices | no reply at all "
            "| after: answered | after: p99 ms |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        share = over["in_time"] / over["sent"] if over["sent"] else float("nan")
        print(
            f"| {over['sent']} | {over['achieved']:.0f} | {over['in_time']} ({share:.0%}) | {over['answers']} | "
            f"{over['busy']} | {over['none']} | {over['after_answered']}/{over['after_sent']} | "
            f"{over['after_p99']:.1f} |"
        )
    print(f"\nbot peak RSS: {rss / 1024:.1f} MiB" if rss else "\nbot peak RSS: not available")
    print(f"violations recorded by the fake: {len(fake.violations)}; bot exit code on SIGTERM: {code}")
    if fake.violations:
        print("\n".join(fake.violations[:10]))


if __name__ == "__main__":
    asyncio.run(main())
