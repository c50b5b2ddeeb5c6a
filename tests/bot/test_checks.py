"""Who may run a command now (bot/checks.py): the shared per-user cooldown and the moderator check."""

import discord
import pytest
from discord import app_commands

from bot.checks import Cooldowns, require_moderator
from bot.errors import NotModeratorError
from tests.bot.conftest import make_interaction


def test_a_user_gets_rate_hits_per_window_then_a_retry_time_and_other_users_are_unaffected():
    cooldowns = Cooldowns(rate=2, per=10.0)
    cooldowns.hit(1, now=100.0)
    cooldowns.hit(1, now=101.0)
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        cooldowns.hit(1, now=102.0)
    assert 0 < refused.value.retry_after <= 10.0
    cooldowns.hit(2, now=102.0)
    cooldowns.hit(1, now=111.0)  # the window has passed


def test_moderators_are_manage_server_administrators_or_a_configured_role(settings):
    require_moderator(make_interaction(manage_guild=True), settings)
    admin = make_interaction()
    admin.permissions = discord.Permissions(administrator=True)
    require_moderator(admin, settings)
    require_moderator(make_interaction(role_ids=(777,)), settings)
    with pytest.raises(NotModeratorError):
        require_moderator(make_interaction(role_ids=(778,)), settings)
