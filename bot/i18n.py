"""The bot's fixed sentences and command names in Korean (config/ko.toml), for users whose Discord
is in Korean. Quotes are never translated: only whole fixed sentences (error messages, footers,
titles, notices) are, matched against English templates, so a quote can never be rewritten.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import discord
from discord import app_commands

from .formatting import Reply

log = logging.getLogger(__name__)

LOCALE_FILE = "ko.toml"
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Catalog:
    """English template → Korean, and command strings → Korean."""

    commands: dict[str, str]
    messages: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def load(cls, config_dir: Path) -> Catalog:
        try:
            data = tomllib.loads((config_dir / LOCALE_FILE).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            log.warning("no Korean strings (%s): %s", config_dir / LOCALE_FILE, exc)
            return cls({}, ())
        messages = []
        for english, korean in (data.get("messages") or {}).items():
            parts = _FIELD.split(english)
            # Literal text escaped; each {name} a lazy group. Whole sentence only.
            pattern = "".join(re.escape(p) if n % 2 == 0 else f"(?P<{p}>.+?)" for n, p in enumerate(parts))
            messages.append((re.compile(f"^{pattern}$", re.S), korean))
        return cls(dict(data.get("commands") or {}), tuple(messages))

    def sentence(self, text: str, depth: int = 0) -> str:
        """`text` in Korean when it is one of the fixed sentences, else unchanged."""
        if depth > 3:
            return text
        for pattern, korean in self.messages:
            match = pattern.match(text)
            if match:
                values = {k: self.sentence(v, depth + 1) for k, v in match.groupdict().items()}
                return _FIELD.sub(lambda m, values=values: values.get(m[1], m[0]), korean)
        return text

    def reply(self, reply: Reply) -> Reply:
        """Content, titles, field names, footers and fixed descriptions translated; quotes never."""
        embeds = []
        for embed in reply.embeds:
            copy = embed.copy()
            if copy.title:
                copy.title = self.sentence(copy.title)
            if copy.description and not copy.description.startswith(">"):
                copy.description = self.sentence(copy.description)
            if copy.footer.text:
                copy.set_footer(text=self.sentence(copy.footer.text), icon_url=copy.footer.icon_url)
            for n, field in enumerate(copy.fields):
                # A value holding a quote (any line starting "> ") is never touched.
                quoted = any(line.startswith(">") for line in (field.value or "").split("\n"))
                value = field.value if quoted else self.sentence(field.value or "")
                name = self.sentence(field.name or "") if (field.name or "").startswith("/") else field.name
                copy.set_field_at(n, name=name or "", value=value or "", inline=bool(field.inline))
            embeds.append(copy)
        content = self.sentence(reply.content) if reply.content else reply.content
        return replace(reply, content=content, embeds=tuple(embeds))


def korean(locale: discord.Locale | str | None) -> bool:
    return str(getattr(locale, "value", locale) or "").startswith("ko")


class Translator(app_commands.Translator):
    """Command and option names and descriptions for Discord's `ko` locale."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        if locale is not discord.Locale.korean:
            return None
        return self.catalog.commands.get(string.message)
