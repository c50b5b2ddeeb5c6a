from bot.settings import ROOT, Settings


def test_defaults_come_from_bot_toml(monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    s = Settings()
    assert (s.cooldown_rate, s.cooldown_per) == (5, 30.0)
    assert s.seeds_dir == ROOT / "seeds"


def test_environment_overrides_and_token_is_secret(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "very.secret.token")
    monkeypatch.setenv("BOT_COOLDOWN_RATE", "9")
    monkeypatch.setenv("BOT_GUILD_IDS", "[123, 456]")
    monkeypatch.setenv("DISCORD_API_BASE", "http://127.0.0.1:1/api/v10")
    s = Settings()
    assert s.cooldown_rate == 9 and s.guild_ids == [123, 456]
    assert s.api_base == "http://127.0.0.1:1/api/v10"
    assert s.token is not None and s.token.get_secret_value() == "very.secret.token"
    assert "very.secret.token" not in repr(s) + str(s) + s.model_dump_json()


def test_env_file_is_git_ignored():
    assert ".env" in (ROOT / ".gitignore").read_text().split()
