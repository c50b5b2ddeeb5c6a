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


def test_buckets_of_users_whose_window_passed_are_forgotten_without_changing_any_answer():
    cooldowns = Cooldowns(rate=2, per=10.0)
    for user in range(1000):
        cooldowns.hit(user, now=100.0)
    cooldowns.hit(5000, now=105.0)
    assert len(cooldowns) == 1001  # all still inside their window
    cooldowns.hit(5001, now=111.0)  # the 1,000 windows have passed; 5000's has not
    assert len(cooldowns) == 2
    cooldowns.hit(5000, now=112.0)  # its second question inside the window is still allowed …
    with pytest.raises(app_commands.CommandOnCooldown):
        cooldowns.hit(5000, now=113.0)  # … and a third is refused: forgetting others changed nothing
