from __future__ import annotations

from pathlib import Path
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.app import SoundtrackBot
from bot.library import Library
from bot.settings import Settings
from tests.conftest import CONFIG, SEEDS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=None, seeds_dir=SEEDS, config_dir=CONFIG, moderator_role_ids=[777], cooldown_rate=5)


@pytest.fixture
def library(retriever) -> Library:
    # A fresh Retriever object so a reload in one test never leaks into another.
    from retrieval import Retriever

    return Library(Retriever(retriever.corpus), SEEDS, CONFIG)


@pytest.fixture
def bot(settings: Settings, library: Library) -> SoundtrackBot:
    return SoundtrackBot(settings, library)


def make_interaction(*, user_id: int = 1, manage_guild: bool = False, role_ids: tuple[int, ...] = ()) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = MagicMock()
    interaction.user.id = user_id
    interaction.user.roles = [MagicMock(id=r) for r in role_ids]
    interaction.user.__str__ = lambda self: f"user{user_id}"
    interaction.permissions = discord.Permissions(manage_guild=manage_guild)
    interaction.guild_id = 42
    interaction.id = 9001
    interaction.command = None
    interaction.response = MagicMock()
    interaction.response.is_done.return_value = False

    def responded(*args: object, **kwargs: object) -> None:
        # Discord allows one response; after it, is_done() is True as in discord.py.
        interaction.response.is_done.return_value = True

    interaction.response.send_message = AsyncMock(side_effect=responded)
    interaction.response.defer = AsyncMock(side_effect=responded)
    interaction.response.edit_message = AsyncMock(side_effect=responded)
    interaction.followup = MagicMock()
    interaction.followup.send = AsyncMock()
    return interaction


@pytest.fixture
def interaction() -> MagicMock:
    return make_interaction()
