"""A local console that answers the same slash commands, rendered as text (no Discord needed)."""

from __future__ import annotations

import asyncio
import atexit
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .actions import Actions, AskAnswer
from .errors import APOLOGY
from .formatting import Reply, error_reply
from .render import render_text
from .tree import reply_for

log = logging.getLogger(__name__)

# Each command's options in order; the first takes free text ("/ask who directed it?").
OPTIONS: dict[str, tuple[str, ...]] = {
    "ask": ("question", "review", "spoilers"),
    "cast": ("name", "spoilers"),
    "verdict": ("review", "spoilers"),
    "compare": ("topic", "spoilers"),
    "sources": (),
    "help": (),
    "reload": (),
    "stats": (),
    "review": ("action",),
    "more": (),
    "back": (),
    "quit": (),
}
_TRUE = {"true", "yes", "1", "on", "y"}


def parse(line: str) -> tuple[str, dict[str, str]]:
    """'/ask question: x review: 001' or '/ask x' → ('ask', {'question': 'x', 'review': '001'})."""
    line = line.strip()
    if not line.startswith("/"):
        raise ValueError("Commands start with a slash, e.g. /ask who directed it? (or /help)")
    command, _, rest = line[1:].partition(" ")
    command = command.lower()
    if command in ("exit", "q"):
        command = "quit"
    if command not in OPTIONS:
        raise ValueError(f"Unknown command /{command}. Try /help.")
    names = OPTIONS[command]
    if not names:
        return command, {}
    marker = re.compile(rf"(?:^|\s)({'|'.join(names)}):\s*", re.IGNORECASE)
    found = list(marker.finditer(rest))
    args: dict[str, str] = {}
    head = rest[: found[0].start()] if found else rest
    if head.strip():
        args[names[0]] = head.strip()
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(rest)
        args[m.group(1).lower()] = rest[m.end() : end].strip()
    return command, args


HISTORY = Path.home() / ".soundtrack-bot_history"


def _line_editing() -> None:
    """Arrow keys, editing and history (kept between runs) for input(), where readline exists."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input still works
        return
    try:
        readline.read_history_file(HISTORY)
    except OSError:
        pass
    readline.set_history_length(1000)
    atexit.register(_save_history, readline)


def _save_history(readline: object) -> None:
    try:
        readline.write_history_file(HISTORY)  # type: ignore[attr-defined]
    except OSError:
        log.debug("could not save the console history to %s", HISTORY)


class Console:
    def __init__(self, actions: Actions, out: TextIO = sys.stdout) -> None:
        self.actions = actions
        self.out = out
        self.last: AskAnswer | None = None
        self.page = 1

    async def handle(self, line: str) -> Reply | None:
        """The reply to one console line (None for /quit)."""
        try:
            command, args = parse(line)
        except ValueError as exc:
            return error_reply(str(exc))
        spoilers = args.get("spoilers", "").lower() in _TRUE
        try:
            if command == "quit":
                return None
            if command == "review":
                # In Discord a moderator attaches the file; here the files are at hand.
                return error_reply(
                    "In the console, add a review by putting its .txt file in the seeds folder (and what is "
                    "known of it in config/sources.toml), or remove one by deleting its file, then /reload. "
                    "In Discord, moderators use /review add (attaching the file) and /review remove."
                )
            if command == "ask":
                self.last = self.actions.ask(args.get("question", ""), args.get("review"), spoilers)
                self.page = 1
                return self._page()
            if command in ("more", "back"):
                step = 1 if command == "more" else -1
                if self.last is None:
                    return error_reply("Ask something with /ask first: /more and /back page through its quotes.")
                if not 1 <= self.page + step <= self.last.pages:
                    where = "the last" if step > 0 else "the first"
                    pages = self.last.pages
                    count = f"{pages} page{'s' if pages != 1 else ''} in all"
                    return error_reply(f"That is {where} page of quotes for this question ({count}).")
                self.page += step
                return self._page()
            if command == "stats":
                # The numbers live in the bot's feedback database; the CLI reads them without Discord.
                return error_reply("In the console, run `soundtrack-bot stats` for the feedback numbers.")
            if command == "cast":
                return self.actions.cast(args.get("name"), spoilers)
            if command == "verdict":
                return self.actions.verdict(args.get("review"), spoilers)
            if command == "compare":
                return self.actions.compare(args.get("topic", ""), spoilers)
            if command == "sources":
                return self.actions.sources()
            if command == "help":
                return self.actions.help()
            return await self.actions.reload("console")
        except Exception as exc:  # the console must survive anything, like the bot
            message = reply_for(exc)
            if message == APOLOGY:
                raise
            return error_reply(message)

    def _page(self) -> Reply:
        assert self.last is not None
        reply = self.last.page(self.page)
        if self.last.pages > 1:
            buttons = [
                {"type": 2, "style": 2, "label": "◀ /back", "custom_id": "back", "disabled": self.page <= 1},
                {
                    "type": 2,
                    "style": 2,
                    "label": "▶ /more",
                    "custom_id": "more",
                    "disabled": self.page >= self.last.pages,
                },
            ]
            reply = Reply(reply.content, reply.embeds, reply.ephemeral, ({"type": 1, "components": buttons},))
        return reply

    async def run(self, read: Callable[[str], str] = input) -> None:
        if read is input and sys.stdin.isatty():
            _line_editing()
        series = self.actions.library.corpus.series
        character = next((p for p in series.people if p.kind == "character"), None)
        who = character.name if character else "the lead"
        print(
            f"{series.series.title} console: type a slash command as in Discord, e.g. /ask why does {who} move in?\n"
            "/cast, /cast name: …, /verdict, /compare topic: …, /sources, /reload, /help; /more and /back page "
            "the last /ask; /quit.",
            file=self.out,
        )
        while True:
            try:
                line = await asyncio.to_thread(read, "soundtrack> ")
            except (EOFError, KeyboardInterrupt):
                print(file=self.out)
                return
            if not line.strip():
                continue
            reply = await self.handle(line)
            if reply is None:
                return
            print(render_text(reply) + "\n", file=self.out)
