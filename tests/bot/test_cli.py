"""The one-shot CLI prints exactly the message the bot would send."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "DISCORD_TOKEN": "", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, env=full_env
    )


def test_verdict_json_prints_one_attributed_verdict_per_review():
    result = run("verdict", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    fields = payload["embeds"][0]["fields"]
    assert len(fields) == 5
    assert all("— " in f["value"] for f in fields)
    assert payload["allowed_mentions"] == {"parse": []}


def test_ask_json_has_embed_and_page_buttons():
    payload = json.loads(run("ask", "Sun-woo Eun-soo friends", "--json").stdout)
    assert payload["embeds"][0]["title"] == "Sun-woo Eun-soo friends"
    back, forward = payload["components"][0]["components"]
    assert (back["label"], back["disabled"], forward["label"], forward["disabled"]) == ("◀", True, "▶", False)
    assert forward["custom_id"].startswith("ask:2:")


def test_error_is_ephemeral_and_exits_non_zero():
    result = run("ask", "   ", "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["flags"] == 64 and "empty" in payload["content"]


def test_run_without_token_explains_how_to_set_it():
    result = run("run")
    assert result.returncode == 2 and "DISCORD_TOKEN" in result.stderr


def test_token_never_appears_in_json_output():
    result = run("sources", "--json", env={"DISCORD_TOKEN": "tok.SECRET.value"})
    assert "SECRET" not in result.stdout + result.stderr


def test_bad_setting_is_named_in_one_line_without_its_value():
    result = run("sources", env={"BOT_COOLDOWN_RATE": "abc-SECRETISH"})
    assert result.returncode == 2
    # The variable the moderator set, not only the field behind it.
    assert "BOT_COOLDOWN_RATE" in result.stderr and "SECRETISH" not in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_setting_that_is_not_json_is_named_in_one_line_and_exits_2():
    result = run("sources", env={"DISCORD_TOKEN": "x", "BOT_GUILD_IDS": "not-json-SECRETISH"})
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "guild_ids" in result.stderr and "SECRETISH" not in result.stderr and "Traceback" not in result.stderr


def test_toml_syntax_error_in_bot_toml_is_one_line_and_exits_2(tmp_path, monkeypatch, capsys):
    from bot.__main__ import main
    from bot.settings import Settings

    broken = tmp_path / "bot.toml"
    broken.write_text("cooldown_rate = [\n", encoding="utf-8")
    monkeypatch.setitem(Settings.model_config, "toml_file", broken)
    assert main(["sources"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config/bot.toml is not valid TOML" in err


def test_stats_command_reads_the_feedback_database(tmp_path):
    from bot.feedback import FeedbackStore, load_key

    db = FeedbackStore(tmp_path / "feedback.sqlite3", load_key(tmp_path, None), 30)
    db.record_answer("a" * 12, "is there a season 2", [], "v1", None)
    db.close()
    result = run("stats", "--json", env={"BOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["nothing_found"] == [{"question": "is there a season 2", "times": 1}]
    text = run("stats", env={"BOT_DATA_DIR": str(tmp_path)})
    assert "1× “is there a season 2”" in text.stdout
    missing = run("stats", env={"BOT_DATA_DIR": str(tmp_path / "none")})
    assert missing.returncode == 1 and "no feedback database" in missing.stderr
