"""The status file and `soundtrack-bot health`."""

import json
import time

from bot.health import check, status_path, write_status


def status(**changes) -> dict:
    base = {
        "updated_at": time.time(),
        "connected": True,
        "latency_ms": 41.0,
        "corpus": {"version": "abc123", "reviews": 5, "passages": 76},
    }
    return {**base, **changes}


def test_a_fresh_connected_status_is_healthy_in_one_line(tmp_path):
    write_status(tmp_path / "status.json", status())
    ok, line, data = check(tmp_path / "status.json", max_age=20)
    assert ok and line.startswith("healthy: connected, gateway latency 41 ms, corpus abc123 (5 reviews)")
    assert "\n" not in line and data["corpus"]["version"] == "abc123"


def test_stale_disconnected_missing_or_broken_status_is_unhealthy(tmp_path):
    write_status(tmp_path / "status.json", status(updated_at=time.time() - 60))
    assert check(tmp_path / "status.json", max_age=20)[:2] == (False, check(tmp_path / "status.json", max_age=20)[1])
    assert "old" in check(tmp_path / "status.json", max_age=20)[1]
    write_status(tmp_path / "status.json", status(connected=False))
    assert (
        not check(tmp_path / "status.json", max_age=20)[0]
        and "not connected" in check(tmp_path / "status.json", max_age=20)[1]
    )
    assert "no status file" in check(tmp_path / "nowhere" / "status.json", max_age=20)[1]
    (tmp_path / "status.json").write_text("{half", encoding="utf-8")
    assert not check(tmp_path / "status.json", max_age=20)[0]


def test_the_status_file_is_replaced_whole(tmp_path):
    write_status(tmp_path / "status.json", status())
    write_status(tmp_path / "status.json", status(latency_ms=7.0))
    assert json.loads((tmp_path / "status.json").read_text())["latency_ms"] == 7.0
    assert [p.name for p in tmp_path.iterdir()] == ["status.json"]


def test_processes_running_some_shards_each_keep_their_own_status_file(tmp_path):
    assert status_path(tmp_path) == tmp_path / "status.json"
    assert status_path(tmp_path, [0, 1]).name == "status-shards-0-1.json"
