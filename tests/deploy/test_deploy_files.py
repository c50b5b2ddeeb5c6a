"""The container and service files. No container engine runs where the tests run, so the image is
not built here: its file is checked for what running it relies on, and the systemd unit is checked
by systemd itself (systemd-analyze verify), or parsed where systemd is absent."""

import configparser
import re
import shutil
import subprocess

from tests.conftest import ROOT


def test_the_image_installs_the_lockfile_and_runs_as_a_non_root_user_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM python:\$\{PYTHON\}-slim", dockerfile, re.M)) == 2  # multi-stage, slim
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^STOPSIGNAL SIGTERM$", dockerfile, re.M)
    assert re.search(r'^HEALTHCHECK .*CMD \["soundtrack-bot", "health"\]$', dockerfile, re.M)
    assert '"/app/seeds", "/app/config", "/app/data"' in dockerfile
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()  # the token never in the image


def test_compose_restarts_reads_the_token_from_an_env_file_and_keeps_data():
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert (
        "restart: unless-stopped" in compose
        and "env_file:" in compose
        and "DISCORD_TOKEN=" not in compose.replace("# DISCORD_TOKEN=", "")
    )
    assert "kill -s HUP bot" in compose and "bot-data:/app/data" in compose


def test_the_systemd_unit_is_valid(tmp_path):
    unit = (ROOT / "deploy" / "soundtrack-bot.service").read_text(encoding="utf-8")
    for needed in (
        "EnvironmentFile=",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
    ):
        assert needed in unit
    if shutil.which("systemd-analyze") is None:
        # Without systemd, at least the file must parse as a unit with its three sections.
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment, method-assign]
        parser.read_string(unit)
        assert {"Unit", "Service", "Install"} <= set(parser.sections())
        assert parser["Service"]["ExecStart"].endswith("soundtrack-bot run")
        return
    # The unit names the installed paths; point ExecStart at a program that exists here.
    local = tmp_path / "soundtrack-bot.service"
    local.write_text(re.sub(r"^ExecStart=.*$", "ExecStart=/bin/true", unit, flags=re.M), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(local)], capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "soundtrack-bot" in line]
    assert result.returncode == 0 and problems == [], result.stdout + result.stderr
