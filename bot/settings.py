"""Settings: config/bot.toml for defaults, environment (and a git-ignored .env) on top.

Built in main(), never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BOT_",
        env_file=ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        toml_file=ROOT / "config" / "bot.toml",
        frozen=True,
    )

    token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "BOT_TOKEN"))
    api_base: str | None = Field(default=None, validation_alias=AliasChoices("DISCORD_API_BASE", "BOT_API_BASE"))
    gateway_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_GATEWAY_URL", "BOT_GATEWAY_URL")
    )
    guild_ids: list[int] = Field(default_factory=list)
    moderator_role_ids: list[int] = Field(default_factory=list)
    cooldown_rate: int = Field(default=5, ge=1)
    cooldown_per: float = Field(default=30.0, gt=0)
    seeds_dir: Path = Path("seeds")
    config_dir: Path = Path("config")
    # Where the bot keeps what it writes (the health status file); created when missing.
    data_dir: Path = Path("data")
    # Where processes serving one corpus meet (the reload stamp): a folder they all share.
    # Default: the data folder.
    shared_dir: Path | None = None
    # Reload by itself when files in seeds/ or config/ change (after 2 s without further change).
    watch: bool = False
    # Fans' 👍/👎 and the questions asked, in data/feedback.sqlite3 (users only as a keyed hash).
    feedback: bool = True
    # The key users are hashed with; default: a random key kept in data/feedback.key.
    feedback_key: SecretStr | None = None
    # Days answers, quotes and votes are kept.
    retention_days: int = Field(default=180, ge=1)
    # Sharding (discord.py AutoShardedBot): how many shards the bot has in all, and which this
    # process runs (default: all). Needed past ~2,500 servers.
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: list[int] | None = None
    # Seconds between refreshes of data/status.json (what `soundtrack-bot health` reads).
    status_interval: float = Field(default=5.0, gt=0)
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one JSON object per line
    # Seconds discord.py waits for more guilds after READY before firing on_ready.
    guild_ready_timeout: float = Field(default=2.0, ge=0)
    # Seconds without any gateway frame before the connection is treated as dead and reopened.
    heartbeat_timeout: float = Field(default=60.0, gt=0)
    # Seconds SIGTERM waits for interactions in flight before the gateway closes.
    shutdown_grace: float = Field(default=5.0, ge=0)

    @field_validator("seeds_dir", "config_dir", "data_dir", "shared_dir")
    @classmethod
    def _under_root(cls, value: Path | None) -> Path | None:
        return value if value is None or value.is_absolute() else ROOT / value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("shard_ids needs shard_count")
            if not self.shard_ids or any(not 0 <= s < self.shard_count for s in self.shard_ids):
                raise ValueError(f"shard_ids must be between 0 and shard_count - 1 ({self.shard_count - 1})")
        return self

    @property
    def stamp_dir(self) -> Path:
        return self.shared_dir or self.data_dir

    @field_validator("token")
    @classmethod
    def _blank_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, dotenv_settings, TomlConfigSettingsSource(settings_cls))
