"""Discord's published limits, checked the way Discord checks them (discord.py checks almost none).

Sources: discord-api-docs resources/message.mdx (embed limits), interactions/application-commands.mdx
(registration limits), interactions/receiving-and-responding.mdx (autocomplete).
"""

from __future__ import annotations

import re
from typing import Any

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_LIMITS = {"title": 256, "description": 4096, "footer.text": 2048, "author.name": 256}
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMANDS_MAX = 100
OPTIONS_MAX = 25
COMMAND_CHARS_MAX = 4000
_NAME = re.compile(r"^[-_\w]{1,32}$")
_MENTION = re.compile(r"@everyone|@here|<@[!&]?\d+>")


def _len(text: Any) -> int:
    return len(str(text).strip()) if text is not None else 0


def check_embeds(embeds: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    if len(embeds) > EMBEDS_MAX:
        errors.append(f"{len(embeds)} embeds > {EMBEDS_MAX}")
    total = 0
    for n, embed in enumerate(embeds):
        parts = {
            "title": embed.get("title"),
            "description": embed.get("description"),
            "footer.text": (embed.get("footer") or {}).get("text"),
            "author.name": (embed.get("author") or {}).get("name"),
        }
        for key, value in parts.items():
            size = _len(value)
            total += size
            if size > EMBED_LIMITS[key]:
                errors.append(f"embed[{n}].{key} is {size} > {EMBED_LIMITS[key]}")
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_MAX:
            errors.append(f"embed[{n}] has {len(fields)} fields > {FIELDS_MAX}")
        for m, field in enumerate(fields):
            name, value = _len(field.get("name")), _len(field.get("value"))
            total += name + value
            if not 0 < name <= FIELD_NAME_MAX:
                errors.append(f"embed[{n}].fields[{m}].name is {name} characters")
            if not 0 < value <= FIELD_VALUE_MAX:
                errors.append(f"embed[{n}].fields[{m}].value is {value} characters")
    if total > EMBED_TOTAL_MAX:
        errors.append(f"embeds total {total} > {EMBED_TOTAL_MAX}")
    return errors


def check_message(data: dict[str, Any], *, edit: bool = False) -> list[str]:
    """Errors Discord would answer with 50035/50006, plus our product rule: no pings, ever."""
    errors: list[str] = []
    content = data.get("content")
    if content is not None and len(content) > CONTENT_MAX:
        errors.append(f"content is {len(content)} > {CONTENT_MAX}")
    errors += check_embeds(data.get("embeds") or [])
    if not edit and not content and not data.get("embeds") and not data.get("components"):
        errors.append("empty message (50006)")
    mentions = data.get("allowed_mentions")
    if "content" in data or "embeds" in data:
        if mentions is None:
            errors.append("allowed_mentions missing: the message could ping")
        elif mentions.get("parse") or mentions.get("users") or mentions.get("roles") or mentions.get("replied_user"):
            if content and _MENTION.search(content):
                errors.append(f"allowed_mentions {mentions} lets {_MENTION.search(content).group()} ping")
    return errors


def check_choices(choices: list[dict[str, Any]]) -> list[str]:
    errors = []
    if len(choices) > CHOICES_MAX:
        errors.append(f"{len(choices)} autocomplete choices > {CHOICES_MAX}")
    for n, choice in enumerate(choices):
        name, value = choice.get("name", ""), choice.get("value", "")
        if not 1 <= len(name) <= CHOICE_NAME_MAX:
            errors.append(f"choice[{n}].name is {len(name)} characters")
        if isinstance(value, str) and len(value) > CHOICE_VALUE_MAX:
            errors.append(f"choice[{n}].value is {len(value)} characters")
    return errors


def check_commands(commands: list[dict[str, Any]]) -> list[str]:
    errors = []
    if len(commands) > COMMANDS_MAX:
        errors.append(f"{len(commands)} commands > {COMMANDS_MAX}")
    names = [c.get("name") for c in commands]
    if len(set(names)) != len(names):
        errors.append("duplicate command names")
    for c in commands:
        name = c.get("name", "")
        if not _NAME.match(name) or name != name.lower():
            errors.append(f"bad command name {name!r}")
        if c.get("type", 1) == 1 and not 1 <= len(c.get("description", "")) <= 100:
            errors.append(f"/{name}: description must be 1-100 characters")
        chars = len(name) + len(c.get("description", ""))
        options = c.get("options") or []
        if len(options) > OPTIONS_MAX:
            errors.append(f"/{name}: {len(options)} options > {OPTIONS_MAX}")
        seen_optional = False
        for o in options:
            oname = o.get("name", "")
            chars += len(oname) + len(o.get("description", ""))
            if not _NAME.match(oname) or oname != oname.lower():
                errors.append(f"/{name}: bad option name {oname!r}")
            if not 1 <= len(o.get("description", "")) <= 100:
                errors.append(f"/{name} {oname}: description must be 1-100 characters")
            if o.get("required"):
                if seen_optional:
                    errors.append(f"/{name}: required option {oname} after an optional one")
            else:
                seen_optional = True
            choices = o.get("choices") or []
            if len(choices) > CHOICES_MAX:
                errors.append(f"/{name} {oname}: {len(choices)} choices")
            if choices and o.get("autocomplete"):
                errors.append(f"/{name} {oname}: choices and autocomplete together")
        if chars > COMMAND_CHARS_MAX:
            errors.append(f"/{name}: {chars} characters > {COMMAND_CHARS_MAX}")
        perms = c.get("default_member_permissions")
        if perms is not None and not str(perms).isdigit():
            errors.append(f"/{name}: default_member_permissions must be a permission bit set")
    return errors
