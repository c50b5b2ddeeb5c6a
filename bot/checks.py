"""Who may run a command now: the per-user cooldown shared by the query commands, and the
moderator check."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from .errors import NotModeratorError

if TYPE_CHECKING:
    from .settings import Settings


class Cooldowns:
    """One bucket per user shared by all query commands, so switching commands does not reset it."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._pruned = 0.0

    def __len__(self) -> int:
        return len(self._buckets)

    def hit(self, user_id: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        if now - self._pruned >= self.per:
            # Once a window has passed, a user's bucket is as good as a new one: forget it, so the
            # buckets held are those of users active in the last `per` seconds (one pass per window).
            self._buckets = {u: b for u, b in self._buckets.items() if b.get_tokens(now) < b.rate}
            self._pruned = now
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        retry_after = bucket.update_rate_limit(now)
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


def query_cooldown() -> object:
    """app_commands check: the per-user cooldown configured in settings."""

    def predicate(interaction: discord.Interaction) -> bool:
        # The bot's own buckets, typed by their class: bot/app.py imports this module, not the reverse.
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
