"""Health: the running bot refreshes a small status file; `soundtrack-bot health` judges it.

The file (data/status.json) says whether the gateway is connected, its latency, which corpus is
served (version, size, build time) and how the last reload went. A container HEALTHCHECK or a
service monitor runs `soundtrack-bot health`: exit 0 when the file is fresh and the bot connected,
1 otherwise, with one line saying why.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # only named in annotations
    from .library import Library
    from .tree import BotTree


class Reporting(Protocol):
    """What the status reads from the running bot (discord.py's client and ours), named here so
    this module needs nothing from bot/app.py."""

    library: Library

    @property
    def latency(self) -> float: ...
    @property
    def latencies(self) -> list[tuple[int, float]]: ...
    @property
    def guilds(self) -> Sequence[object]: ...
    @property
    def tree(self) -> BotTree: ...
    def is_ready(self) -> bool: ...
    def is_closed(self) -> bool: ...


log = logging.getLogger(__name__)

STATUS_FILE = "status.json"


def status_path(folder: Path, shard_ids: list[int] | None = None) -> Path:
    """data/status.json, or data/status-shards-0-1.json for a process running some shards, so
    processes sharing a data folder never overwrite each other's status."""
    if shard_ids:
        return folder / f"status-shards-{'-'.join(str(s) for s in shard_ids)}.json"
    return folder / STATUS_FILE


def status_of(bot: Reporting) -> dict[str, Any]:
    stats = bot.library.corpus.stats
    latency = bot.latency
    return {
        "pid": os.getpid(),
        "updated_at": time.time(),
        "connected": bot.is_ready() and not bot.is_closed(),
        "latency_ms": round(latency * 1000, 1) if latency == latency and latency != float("inf") else None,
        "guilds": len(bot.guilds),
        "corpus": {
            "version": stats.version,
            "reviews": stats.reviews,
            "passages": stats.passages,
            "built_at": stats.built_at,
            "build_seconds": round(stats.build_seconds, 3),
        },
        "last_reload": bot.library.last_reload,
        "closing": bot.tree.load.closing,
        "shards": {str(k): round(v * 1000, 1) for k, v in bot.latencies if v == v and v != float("inf")},
    }


def write_status(path: Path, status: dict[str, Any]) -> None:
    """Atomically (write, then rename): a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(status, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def check(path: Path, max_age: float, now: float | None = None) -> tuple[bool, str, dict[str, Any] | None]:
    """(healthy, one line, the status) from the status file."""
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False, f"unhealthy: no status file at {path} (is the bot running?)", None
    except (OSError, ValueError) as exc:
        return False, f"unhealthy: cannot read {path} ({exc.__class__.__name__})", None
    age = (time.time() if now is None else now) - float(status.get("updated_at", 0))
    corpus = status.get("corpus") or {}
    what = f"corpus {corpus.get('version', '?')} ({corpus.get('reviews', '?')} reviews)"
    if age > max_age:
        return (
            False,
            f"unhealthy: status is {age:.0f} s old (limit {max_age:.0f} s): the bot is stuck or stopped",
            status,
        )
    if not status.get("connected"):
        return False, f"unhealthy: not connected to the Discord gateway; {what}", status
    latency = status.get("latency_ms")
    shown = f"{latency:.0f} ms" if isinstance(latency, int | float) else "unknown"
    return True, f"healthy: connected, gateway latency {shown}, {what}, updated {age:.0f} s ago", status


async def keep_status(bot: Reporting, path: Path, interval: float) -> None:
    """Refresh the status file every `interval` seconds until cancelled."""
    import asyncio

    while True:
        try:
            write_status(path, status_of(bot))
        except OSError as exc:  # a full or read-only disk must not stop the bot: the check goes stale
            log.warning("could not write %s: %s", path, exc.strerror or exc)
        await asyncio.sleep(interval)
