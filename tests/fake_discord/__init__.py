"""A fake Discord for end-to-end tests: see server.py."""

from .server import GUILD2_ID, GUILD_ID, MANAGE_GUILD, MODERATOR_ROLE_ID, FakeDiscord, Interaction, Upload

__all__ = ["GUILD2_ID", "GUILD_ID", "MANAGE_GUILD", "MODERATOR_ROLE_ID", "FakeDiscord", "Interaction", "Upload"]
