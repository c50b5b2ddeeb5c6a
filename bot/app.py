"""The bot: holds settings and the library; loads the cogs and syncs commands in setup_hook."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
import yarl
from discord.ext import commands

from .actions import Actions
from .checks import Cooldowns
from .feedback import Feedback
from .fleet import Generation, announcer, follow
from .health import keep_status, status_of, status_path, write_status
from .i18n import Catalog, Translator
from .library import Library
from .settings import Settings
from .sync import sync_commands
from .tree import BotTree

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.cast",
    "bot.cogs.verdict",
    "bot.cogs.compare",
    "bot.cogs.meta",
    "bot.cogs.admin",
    "bot.cogs.review",
)


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST and gateway traffic to another Discord-compatible server (self-hosted, or tests).

    The one seam for it: discord.py keeps the REST base and the default gateway as class attributes
    (`Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`) with no per-client option, so this is
    process-wide. It is called once, in `main()`, before the client is made; one bot per process."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
        log.info("REST API base: %s", discord.http.Route.BASE)
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        log.info("Gateway: %s", gateway_url)


class SoundtrackBot(commands.AutoShardedBot):
    """One process of the bot: all shards (the default, Discord's recommended count), or the
    `shard_ids` of `shard_count` that settings give it."""

    def __init__(self, settings: Settings, library: Library, **options: object) -> None:
        if settings.shard_count is not None:
            options = {"shard_count": settings.shard_count, "shard_ids": settings.shard_ids, **options}
        super().__init__(
            command_prefix=commands.when_mentioned,  # slash commands only; no message content intent
            intents=discord.Intents(guilds=True),
            # Interactions carry their member and user: caching every fan seen would only grow memory
            # (the soak benchmark showed ~2 MiB a minute with many distinct users). No message cache either.
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            chunk_guilds_at_startup=False,
            tree_cls=BotTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.library = library
        self.actions = Actions(library)
        self.cooldowns = Cooldowns(settings.cooldown_rate, settings.cooldown_per)
        # Set by `soundtrack-bot sync`: log in, sync as asked, stop (no gateway, no background tasks).
        self.sync_request: dict[str, object] | None = None
        self.status_file = status_path(settings.data_dir, settings.shard_ids)
        self.feedback = Feedback(None)  # opened in setup_hook (a database is for the running bot only)
        self.catalog = Catalog.load(settings.config_dir)  # Korean strings (config/ko.toml)

    async def setup_hook(self) -> None:
        await self.tree.set_translator(Translator(self.catalog))
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_request is not None:
            self.sync_ok = await sync_commands(self, force=True, **self.sync_request)  # type: ignore[arg-type]
            return
        if self.settings.feedback:
            key = self.settings.feedback_key.get_secret_value() if self.settings.feedback_key else None
            self.feedback = await asyncio.to_thread(
                Feedback.open, self.settings.data_dir, key, self.settings.retention_days
            )
            self._prune = asyncio.create_task(self.feedback.prune_daily(), name="feedback-prune")
        self._watch = asyncio.create_task(self.tree.load.watch(), name="load-watch")
        self._status = asyncio.create_task(
            keep_status(self, self.status_file, self.settings.status_interval), name="health-status"
        )
        generation = Generation(self.settings.stamp_dir)
        self.library.on_reload = announcer(generation)
        self._follow = asyncio.create_task(follow(self.library, generation, self.settings.watch), name="follow")
        await sync_commands(self)

    async def close(self) -> None:
        # New interactions get a short "restarting" notice while the commands are still registered
        # and the gateway open; those in flight finish; then the gateway closes, and HTTP last.
        if not self.tree.load.closing and self.sync_request is None:  # `sync` serves no interactions
            log.info("Shutting down: refusing new interactions, finishing those in flight")
        self.tree.load.closing = True
        grace = self.settings.shutdown_grace
        left = await self.tree.in_flight.drain(grace)
        if left:
            log.warning("%d interactions still running after %.1f s; closing anyway", left, grace)
        for name in ("_watch", "_status", "_follow", "_prune"):
            task = getattr(self, name, None)
            if task is not None:
                task.cancel()
        await self.feedback.drain()
        self.tree.load.summarise()  # the last interval's counts, if there was trouble
        await super().close()
        with contextlib.suppress(OSError):  # say so at once rather than letting the file go stale
            write_status(self.status_file, status_of(self))
        await self.tree.in_flight.drain(1.0)  # notices caught mid-close fail quietly (counted)

    async def on_shard_connect(self, shard_id: int) -> None:
        log.info("shard %d connected", shard_id)

    async def on_shard_disconnect(self, shard_id: int) -> None:
        log.info("shard %d disconnected", shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        log.info("shard %d resumed", shard_id)

    async def on_ready(self) -> None:
        log.info("Ready as %s; serving %s", self.user, self.library.corpus.stats)
