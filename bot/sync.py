"""Registering the slash commands with Discord only when they changed.

Syncing on every start costs a rate-limited request per scope and, when it fails (403 missing
access, 400 an invalid payload), used to stop the bot. Here the payload of each scope (global, or
one guild) is hashed and the hash kept in the data folder: an unchanged command set is not sent
again. `soundtrack-bot sync` forces it, for one guild or all configured, and `--clear-global`
removes global copies left from before the bot used guild commands (they show twice otherwise).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Protocol

import discord
from discord import app_commands

from .settings import Settings


class Syncing(Protocol):
    """What syncing reads from the running bot, named here so this module needs nothing from
    bot/app.py."""

    settings: Settings

    @property
    def tree(self) -> app_commands.CommandTree: ...
    @property
    def application_id(self) -> int | None: ...


log = logging.getLogger(__name__)

SYNC_FILE = "commands.json"


async def _digest(bot: Syncing, guild: discord.abc.Snowflake | None) -> str:
    """A hash of exactly what a sync would send (translations included)."""
    translator = bot.tree.translator
    payload = [
        await command.get_translated_payload(bot.tree, translator) if translator else command.to_dict(bot.tree)
        for command in bot.tree.get_commands(guild=guild)
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write(path: Path, data: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:  # next start will simply sync again
        log.warning("could not record the synced commands in %s: %s", path, exc.strerror or exc)


async def sync_commands(
    bot: Syncing, *, force: bool = False, guild_ids: list[int] | None = None, clear_global: bool = False
) -> bool:
    """Sync each scope whose command set changed (every scope when `force`). A failed sync is logged
    with Discord's reason and the bot goes on with what is registered. True when all succeeded."""
    path = bot.settings.data_dir / SYNC_FILE
    done = _read(path)
    ids = guild_ids if guild_ids is not None else bot.settings.guild_ids
    scopes: list[discord.Object | None] = [discord.Object(id=g) for g in ids] or [None]
    app = bot.application_id or 0
    ok = True
    for guild in scopes:
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        key = f"{app}:{'guild:' + str(guild.id) if guild else 'global'}"
        digest = await _digest(bot, guild)
        if not force and done.get(key) == digest:
            log.info("commands unchanged for %s: not syncing", key.split(":", 1)[1])
            continue
        try:
            synced = await bot.tree.sync(guild=guild)
        except discord.HTTPException as exc:
            ok = False
            log.error(
                "command sync for %s failed: %s %s (code %s: %s); going on with the commands already registered",
                key.split(":", 1)[1],
                exc.status,
                exc.response.reason if exc.response is not None else "",
                exc.code,
                exc.text,
            )
            continue
        done[key] = digest
        log.info("synced %d commands to %s", len(synced), key.split(":", 1)[1])
    if clear_global:
        bot.tree.clear_commands(guild=None)
        try:
            await bot.tree.sync()
            done[f"{app}:global"] = await _digest(bot, None)
            log.info("cleared the global commands (the guild commands stay)")
        except discord.HTTPException as exc:
            ok = False
            log.error("clearing the global commands failed: %s (code %s: %s)", exc.status, exc.code, exc.text)
    _write(path, done)
    return ok
