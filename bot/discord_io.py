"""Sending Replies over an Interaction, the shared per-user cooldown, and the moderator check."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from .errors import NotModeratorError
from .formatting import NO_MENTIONS, Reply, choices
from .i18n import korean

if TYPE_CHECKING:
    # What is read from `interaction.client` (the SoundtrackBot) is typed by its own class, never by
    # the bot's: bot/app.py imports this module, and a module pair importing each other is a cycle.
    from .actions import Actions
    from .settings import Settings


async def send(interaction: discord.Interaction, reply: Reply, view: discord.ui.View | None = None) -> None:
    """First response if none was sent yet (Discord allows one), else a followup. Fixed sentences
    are in Korean for a user whose Discord is in Korean (quotes never change)."""
    reply = localised(interaction, reply)
    kwargs: dict[str, object] = {
        "content": reply.content,
        "embeds": list(reply.embeds),
        "ephemeral": reply.ephemeral,
        "allowed_mentions": NO_MENTIONS,
    }
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)  # type: ignore[arg-type]
    else:
        await interaction.response.send_message(**kwargs)  # type: ignore[arg-type]


def localised(interaction: discord.Interaction, reply: Reply) -> Reply:
    catalog = getattr(interaction.client, "catalog", None)
    return catalog.reply(reply) if catalog is not None and korean(interaction.locale) else reply


def say(interaction: discord.Interaction, text: str) -> str:
    """A fixed sentence in the user's language (Korean or English)."""
    catalog = getattr(interaction.client, "catalog", None)
    return catalog.sentence(text) if catalog is not None and korean(interaction.locale) else text


async def review_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The `review:` option's suggestions, shared by every command that takes one."""
    actions: Actions = interaction.client.actions  # type: ignore[attr-defined]
    return choices(actions.review_choices(current))


class Cooldowns:
    """One bucket per user shared by all query commands, so switching commands does not reset it."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        if len(self._buckets) > 10_000:  # forget users whose window has passed
            self._buckets = {u: b for u, b in self._buckets.items() if b.get_tokens(now) < b.rate}
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        retry_after = bucket.update_rate_limit(now)
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


def query_cooldown() -> object:
    """app_commands check: the per-user cooldown configured in settings."""

    def predicate(interaction: discord.Interaction) -> bool:
        cooldowns: Cooldowns = interaction.client.cooldowns  # type: ignore[attr-defined]
        cooldowns.hit(interaction.user.id)
        return True

    return app_commands.check(predicate)


def require_moderator(interaction: discord.Interaction, settings: Settings) -> None:
    """Manage Server, or a configured moderator role; checked at run time because server admins
    can override the command's default permissions."""
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return
    roles = getattr(interaction.user, "roles", [])
    if any(role.id in settings.moderator_role_ids for role in roles):
        return
    raise NotModeratorError()
