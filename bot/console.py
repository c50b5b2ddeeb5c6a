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
from .formatting import Reply, error_reply, render_text
from .tree import reply_for

log = logging.getLogger(__name__)

# Each command's options in order; the first takes free text ("/ask who directed it?").
OPTIONS: dict[str, tuple[str, ...]] = {
    "ask": ("question", "review", "spoilers"),
    "cast": ("name", "spoilers"),
    "verdict": ("review", "spoilers"),
    "sources": (),
    "help": (),
    "reload": (),
    "more": (),
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
            if command == "ask":
                self.last = self.actions.ask(args.get("question", ""), args.get("review"), spoilers)
                self.page = 1
                return self._page()
            if command == "more":
                if self.last is None or self.page >= self.last.pages:
                    return error_reply("Nothing more to show: ask something with /ask first.")
                self.page += 1
                return self._page()
            if command == "cast":
                return self.actions.cast(args.get("name"), spoilers)
            if command == "verdict":
                return self.actions.verdict(args.get("review"), spoilers)
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
        if self.page < self.last.pages:
            more = {"type": 1, "components": [{"type": 2, "style": 2, "label": "More", "custom_id": "more"}]}
            reply = Reply(reply.content, reply.embeds, reply.ephemeral, (more,))
        return reply

    async def run(self, read: Callable[[str], str] = input) -> None:
        if read is input and sys.stdin.isatty():
            _line_editing()
        series = self.actions.library.corpus.series
        character = next((p for p in series.people if p.kind == "character"), None)
        who = character.name if character else "the lead"
        print(
            f"{series.series.title} console: type a slash command as in Discord, e.g. /ask why does {who} move in?\n"
            "/cast, /cast name: …, /verdict, /sources, /reload, /help; /more pages the last /ask; /quit.",
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
