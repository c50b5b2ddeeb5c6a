"""Admission under load: answer what can still be answered in time, tell the rest quickly.

Discord gives an interaction 3 s for its first response. Under overload, interactions wait in the
event loop; by the time one is looked at it may be too old to answer. Before any work each is
admitted by its age (from its snowflake, Discord's clock), the loop's lag (measured here) and how
many interactions are in flight (bot/inflight.py):

    answer   young enough, loop keeping up, few in flight
    busy     queued too long, loop lagging or too many in flight: a quick ephemeral "busy" notice
             instead of the work
    late     too old for any reply to arrive in time: dropped without work (counted)
    closing  shutting down: a short "restarting" notice while the commands are still registered

Outcomes that are expected under load (Discord's 10062 "unknown interaction" and 40060 "already
acknowledged") are counted; one summary line per interval is logged, never a traceback each.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import Counter
from collections.abc import Callable

import discord

from .discord_io import say

log = logging.getLogger(__name__)

BUSY = "Busy right now, please ask again in a few seconds."
CLOSING = "The bot is restarting: please ask again in a moment."
UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060


class Admission(enum.Enum):
    ANSWER = "answered"
    BUSY = "busy notice"
    LATE = "too late, dropped"
    CLOSING = "closing notice"


def expected_failure(error: BaseException) -> str | None:
    """The name of a failure that is normal under load (the interaction expired or was answered
    already), or None."""
    if isinstance(error, discord.HTTPException):
        if error.code == UNKNOWN_INTERACTION:
            return "unknown interaction (10062)"
        if error.code == ALREADY_ACKNOWLEDGED:
            return "already acknowledged (40060)"
    return None


class Load:
    def __init__(
        self,
        busy_after: float = 1.2,
        late_after: float = 2.7,
        lag_limit: float = 0.25,
        max_in_flight: int = 64,
        interval: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.busy_after, self.late_after, self.lag_limit, self.interval = busy_after, late_after, lag_limit, interval
        self.max_in_flight = max_in_flight
        self.clock = clock
        self.closing = False
        self.lag = 0.0
        self.counts: Counter[str] = Counter()
        self._max_lag = 0.0
        self._recent: tuple[float, ...] = (0.0, 0.0, 0.0)  # the last ticks' lateness
        # Our clock minus Discord's, plus network delay: the smallest raw age seen, drifting up
        # slowly (1 ms/s) so a clock change is followed. Ages are measured above it.
        self._skew: float | None = None
        self._skew_at = 0.0

    def age(self, interaction: discord.Interaction) -> float:
        now = self.clock()
        raw = now - interaction.created_at.timestamp()
        if self._skew is None:
            self._skew = raw
        else:
            self._skew = min(self._skew + 0.001 * max(now - self._skew_at, 0.0), raw)
        self._skew_at = now
        return max(raw - self._skew, 0.0)

    def admit(self, interaction: discord.Interaction, in_flight: int = 0) -> Admission:
        """`in_flight`: interactions being handled now, this one included. The loop's lag is only
        measured between tasks; a burst queues hundreds of tasks at once, and each would be admitted
        by a lag read before the burst. What is already in flight is known at once."""
        if self.closing:
            verdict = Admission.CLOSING
        else:
            age = self.age(interaction)
            if age > self.late_after:
                verdict = Admission.LATE
            elif age > self.busy_after or self.lag > self.lag_limit or in_flight > self.max_in_flight:
                verdict = Admission.BUSY
            else:
                verdict = Admission.ANSWER
        self.counts[verdict.value] += 1
        return verdict

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1

    async def watch(self, tick: float = 0.05) -> None:
        """Measure the event loop's lag forever; log a summary line each interval with trouble."""
        loop = asyncio.get_running_loop()
        last_summary = loop.time()
        while True:
            before = loop.time()
            await asyncio.sleep(tick)
            late = max(loop.time() - before - tick, 0.0)
            self._recent = (*self._recent[1:], late)
            # Sustained lag only: one long pause (a garbage collection, a big corpus freed) is
            # already in the waiting interactions' ages; it must not turn the next ones away.
            self.lag = min(self._recent)
            self._max_lag = max(self._max_lag, late)
            if loop.time() - last_summary >= self.interval:
                self.summarise()
                last_summary = loop.time()

    def summarise(self) -> None:
        counts, self.counts = self.counts, Counter()
        max_lag, self._max_lag = self._max_lag, 0.0
        if set(counts) - {Admission.ANSWER.value}:
            parts = ", ".join(f"{n} {what}" for what, n in counts.most_common())
            log.warning("load, last %.0f s: %s; loop lag up to %.0f ms", self.interval, parts, max_lag * 1000)


async def admitted(interaction: discord.Interaction, load: Load, in_flight: int = 0) -> bool:
    """Admit an interaction (command, autocomplete or button) before any work, or refuse it."""
    admission = load.admit(interaction, in_flight)
    if admission is Admission.ANSWER:
        return True
    await refuse(interaction, admission, load)
    return False


async def refuse(interaction: discord.Interaction, admission: Admission, load: Load) -> None:
    """The quick reply for an interaction not admitted: autocomplete gets no suggestions (its only
    valid reply), a command or button gets the notice, a late one gets nothing."""
    if admission is Admission.LATE:
        return
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
        else:
            text = BUSY if admission is Admission.BUSY else CLOSING
            await interaction.response.send_message(say(interaction, text), ephemeral=True)
    except discord.HTTPException as exc:
        load.count(expected_failure(exc) or f"notice failed ({exc.status})")
    except Exception as exc:  # the HTTP session may already be closed at shutdown
        load.count(f"notice failed ({exc.__class__.__name__})")
