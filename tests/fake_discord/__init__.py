"""A fake Discord for end-to-end tests: see server.py."""

from .server import GUILD_ID, MANAGE_GUILD, MODERATOR_ROLE_ID, FakeDiscord, Interaction

__all__ = ["GUILD_ID", "MANAGE_GUILD", "MODERATOR_ROLE_ID", "FakeDiscord", "Interaction"]
