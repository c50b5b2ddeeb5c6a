"""soundtrack-bot: run the bot, open the local console, or answer one command.

soundtrack-bot                 run on Discord if DISCORD_TOKEN is set, else open the console
soundtrack-bot run             connect to Discord (SIGINT/SIGTERM stop, SIGHUP reloads)
soundtrack-bot console         type /ask, /cast … and read the replies as text
soundtrack-bot ask|cast|verdict|sources|help|reload … [--json]
soundtrack-bot sync [--guild ID] [--clear-global]   register the slash commands now
soundtrack-bot stats [--json]   questions, nothing-found, votes (reads data/feedback.sqlite3)
soundtrack-bot health [--json]  exit 0 when the running bot is connected (reads data/status.json)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
import time
import tomllib

import discord
from pydantic import ValidationError
from pydantic_settings import SettingsError

from retrieval import CorpusError

from .actions import Actions
from .console import Console
from .formatting import Reply, error_reply
from .health import check, status_path
from .library import Library, describe
from .render import render_text
from .settings import Settings
from .tree import reply_for

log = logging.getLogger("bot")

_SOURCE_NAMES = {
    "EnvSettingsSource": "the environment, BOT_<NAME>",
    "DotEnvSettingsSource": "the .env file",
    "TomlConfigSettingsSource": "config/bot.toml",
}

TOKEN_HELP = (
    "No DISCORD_TOKEN is set, so the bot is not connecting to Discord.\n"
    "To run it on Discord: create a bot at https://discord.com/developers/applications, then\n"
    "  export DISCORD_TOKEN=...   (or put DISCORD_TOKEN=... in a .env file here; it is git-ignored)\n"
    "and run `make run` again. Meanwhile, here is the local console with the same commands.\n"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soundtrack-bot", description="Soundtrack #1 review-quoting bot.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="connect to Discord")
    sub.add_parser("console", help="local console answering the slash commands")
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--review")
    ask.add_argument("--spoilers", action="store_true")
    cast = sub.add_parser("cast", help="the cast, or one person")
    cast.add_argument("name", nargs="?")
    cast.add_argument("--spoilers", action="store_true")
    verdict = sub.add_parser("verdict", help="each reviewer's verdict")
    verdict.add_argument("--review")
    verdict.add_argument("--spoilers", action="store_true")
    sub.add_parser("sources", help="the reviews in the corpus")
    sub.add_parser("help", help="what each command does")
    sub.add_parser("reload", help="rebuild the corpus and say what changed")
    sync = sub.add_parser("sync", help="register the slash commands with Discord now")
    sync.add_argument("--guild", type=int, action="append", help="only this guild (repeatable)")
    sync.add_argument("--clear-global", action="store_true", help="remove global copies of guild commands")
    stats = sub.add_parser("stats", help="questions, nothing-found and votes from the feedback database")
    stats.add_argument("--json", action="store_true", help="print the statistics as JSON")
    health = sub.add_parser("health", help="exit 0 if the running bot is connected and its status fresh")
    health.add_argument("--json", action="store_true", help="print the status file")
    health.add_argument("--max-age", type=float, default=None, help="seconds (default: 3 status intervals)")
    for name in ("ask", "cast", "verdict", "sources", "help", "reload"):
        sub.choices[name].add_argument("--json", action="store_true", help="print the Discord message payload")
    return parser


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors (BOT_LOG_FORMAT=json)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _setup_logging(settings: Settings) -> None:
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    if settings.log_format == "json":
        handler = logging.StreamHandler()
        formatter = JsonFormatter()
        formatter.converter = time.gmtime
        handler.setFormatter(formatter)
        discord.utils.setup_logging(handler=handler, formatter=formatter, level=level, root=True)
    else:
        discord.utils.setup_logging(level=level, root=True)


def _load(settings: Settings) -> Library:
    try:
        return Library.load(settings.seeds_dir, settings.config_dir)
    except CorpusError as exc:
        print(f"error: cannot build the corpus: {exc.path} {exc.reason}", file=sys.stderr)
        raise SystemExit(2) from None


async def _one_shot(args: argparse.Namespace, actions: Actions) -> tuple[Reply, int]:
    try:
        if args.command == "ask":
            answer = actions.ask(args.question, args.review, args.spoilers)
            reply = answer.page(1)
            if answer.pages > 1:
                from .cogs.ask import page_view

                view = page_view(answer, 1, owner=0)
                reply = Reply(reply.content, reply.embeds, reply.ephemeral, tuple(view.to_components()))
            return reply, 0
        if args.command == "cast":
            return actions.cast(args.name, args.spoilers), 0
        if args.command == "verdict":
            return actions.verdict(args.review, args.spoilers), 0
        if args.command == "sources":
            return actions.sources(), 0
        if args.command == "help":
            return actions.help(), 0
        return await actions.reload("command line"), 0
    except Exception as exc:
        return error_reply(reply_for(exc)), 1


async def run_bot(settings: Settings, library: Library) -> int:
    """Connect and serve until SIGINT/SIGTERM; SIGHUP reloads. Returns the exit code."""
    from .app import SoundtrackBot, point_at

    if settings.token is None:
        print("error: DISCORD_TOKEN is not set. " + TOKEN_HELP.splitlines()[1], file=sys.stderr)
        return 2
    point_at(settings.api_base, settings.gateway_url)
    bot = SoundtrackBot(
        settings,
        library,
        guild_ready_timeout=settings.guild_ready_timeout,
        heartbeat_timeout=settings.heartbeat_timeout,
    )
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    async def reload_on_hangup() -> None:
        try:
            result = await library.reload("SIGHUP")
            log.info("SIGHUP reload done: %d reviews, %d passages", result.reviews_after, result.passages_after)
        except Exception as exc:  # never let a signal kill the bot
            log.error("SIGHUP reload failed: %s", reply_for(exc))

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # The loop keeps only weak references to tasks: hold them until they finish.
    hangups: set[asyncio.Task[None]] = set()

    def on_hangup() -> None:
        task = loop.create_task(reload_on_hangup())
        hangups.add(task)
        task.add_done_callback(hangups.discard)

    loop.add_signal_handler(signal.SIGHUP, on_hangup)
    async with bot:
        runner = asyncio.create_task(bot.start(settings.token.get_secret_value()), name="bot")
        stopper = asyncio.create_task(stop.wait(), name="stop")
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            stopper.cancel()
            exc = runner.exception()
            if exc is not None:
                log.error("The bot stopped: %s", exc.__class__.__name__, exc_info=exc)
                return 1
            return 0
        await bot.close()  # lets the interactions in flight answer first
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await runner
    log.info("Stopped cleanly")
    return 0


def print_stats(settings: Settings, as_json: bool) -> int:
    """The /stats reply on the command line (the database is read; nothing is written but pruning)."""
    from .feedback import DB_FILE, FeedbackStore, load_key
    from .stats import stats_reply

    if not (settings.data_dir / DB_FILE).exists():
        print(f"error: no feedback database at {settings.data_dir / DB_FILE} (has the bot run?)", file=sys.stderr)
        return 1
    key = settings.feedback_key.get_secret_value() if settings.feedback_key else None
    store = FeedbackStore(settings.data_dir / DB_FILE, load_key(settings.data_dir, key), settings.retention_days)
    stats = store.stats()
    store.close()
    if as_json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    library = _load(settings)
    print(render_text(stats_reply(stats, Actions(library).review_label)))
    return 0


async def sync_now(settings: Settings, library: Library, guilds: list[int] | None, clear_global: bool) -> int:
    """Log in over HTTP only, sync the commands as asked, and stop: 0 when every sync succeeded."""
    from .app import SoundtrackBot, point_at

    if settings.token is None:
        print("error: DISCORD_TOKEN is not set. " + TOKEN_HELP.splitlines()[1], file=sys.stderr)
        return 2
    if clear_global and not (guilds or settings.guild_ids):
        print("error: --clear-global needs guild commands (BOT_GUILD_IDS or --guild)", file=sys.stderr)
        return 2
    point_at(settings.api_base, settings.gateway_url)
    bot = SoundtrackBot(settings, library)
    bot.sync_request = {"guild_ids": guilds, "clear_global": clear_global}
    async with bot:
        try:
            await bot.login(settings.token.get_secret_value())  # runs setup_hook, which syncs
        except discord.HTTPException as exc:
            print(f"error: Discord refused the login ({exc.status})", file=sys.stderr)
            return 1
    return 0 if getattr(bot, "sync_ok", False) else 1


def _where(loc: tuple[int | str, ...]) -> str:
    """A setting as the moderator wrote it: the environment variable when one is set (it wins over
    config/bot.toml), else the key in config/bot.toml."""
    name = ".".join(map(str, loc))
    variable = f"BOT_{str(loc[0]).upper()}" if loc else ""
    if variable and variable in os.environ:
        return f"{variable} (environment)"
    return f"{name} (config/bot.toml)"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        # Name the setting and what is wrong with it; never echo the value (it may be the token).
        problems = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors())
        print(f"error: bad setting {problems}", file=sys.stderr)
        return 2
    except SettingsError as exc:
        # pydantic-settings names the field and the source ("guild_ids" from the environment).
        found = re.search(r'field "([^"]+)" from source "(\w+)"', str(exc))
        where = f"{found[1]} (from {_SOURCE_NAMES.get(found[2], found[2])})" if found else "a setting"
        print(f"error: bad setting {where}: not valid JSON or not the right type", file=sys.stderr)
        return 2
    except tomllib.TOMLDecodeError as exc:
        print(f"error: config/bot.toml is not valid TOML: {exc}", file=sys.stderr)
        return 2
    command = args.command or ("run" if settings.token else "console")
    if command == "sync":
        _setup_logging(settings)
        return asyncio.run(sync_now(settings, _load(settings), args.guild, args.clear_global))
    if command == "stats":
        return print_stats(settings, args.json)
    if command == "health":
        path = status_path(settings.data_dir, settings.shard_ids)
        ok, line, status = check(path, args.max_age or 3 * settings.status_interval + 5)
        print(json.dumps(status, indent=1) if args.json and status is not None else line)
        return 0 if ok else 1
    if command == "run":
        _setup_logging(settings)
        library = _load(settings)
        log.info("Corpus: %s", describe(library.corpus))
        return asyncio.run(run_bot(settings, library))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    library = _load(settings)
    actions = Actions(library)
    if command == "console":
        if args.command is None:
            print(TOKEN_HELP)
        asyncio.run(Console(actions).run())
        return 0
    reply, code = asyncio.run(_one_shot(args, actions))
    if args.json:
        print(json.dumps(reply.payload(), ensure_ascii=False, indent=2))
    else:
        print(render_text(reply))
    return code


if __name__ == "__main__":
    sys.exit(main())
