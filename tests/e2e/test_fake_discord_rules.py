"""The fake enforces Discord's rules: checked here with a plain HTTP client, so a bot that broke them
would see the errors Discord returns (and the e2e tests' "no violation" assertions can fail)."""

from __future__ import annotations

import time

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord
from tests.fake_discord.limits import check_choices, check_commands, check_message
from tests.fake_discord.server import APP_ID, FIRST_RESPONSE_SECONDS, Interaction


def test_message_limits():
    assert check_message({"content": "x" * 2001, "allowed_mentions": {"parse": []}})
    assert check_message({"embeds": [{"title": "t" * 257}], "allowed_mentions": {"parse": []}})
    assert check_message({"embeds": [{"description": "d" * 4097}], "allowed_mentions": {"parse": []}})
    fields = [{"name": "n", "value": "v" * 1024}] * 6
    assert any("6000" in e for e in check_message({"embeds": [{"fields": fields}], "allowed_mentions": {"parse": []}}))
    assert check_message({"content": "", "allowed_mentions": {"parse": []}}) == ["empty message (50006)"]
    assert check_message({"content": "@everyone hi"})  # allowed_mentions missing: could ping
    assert check_message({"content": "@everyone hi", "allowed_mentions": {"parse": ["everyone"]}})
    assert check_message({"content": "fine", "allowed_mentions": {"parse": []}}) == []


def test_autocomplete_and_registration_limits():
    assert check_choices([{"name": "a", "value": "a"}] * 26)
    assert check_choices([{"name": "a" * 101, "value": "a"}])
    assert check_commands([{"name": "Bad Name", "description": "x"}])
    assert check_commands([{"name": "ok", "description": ""}])
    assert check_commands(
        [
            {
                "name": "ok",
                "description": "x",
                "options": [
                    {"name": "a", "description": "x", "required": False, "type": 3},
                    {"name": "b", "description": "x", "required": True, "type": 3},
                ],
            }
        ]
    )
    assert check_commands([{"name": f"c{i}", "description": "x"} for i in range(101)])
    assert check_commands([{"name": "ok", "description": "x"}]) == []


@pytest.fixture
async def fake():
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


def _interaction(fake: FakeDiscord, age: float = 0.0) -> Interaction:
    """An interaction the fake believes it dispatched `age` seconds ago."""
    record = Interaction("9001", "tok-9001", 2, "ask", "1", {}, time.monotonic() - age)
    fake.interactions[record.id] = record
    return record


MESSAGE = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": []}}}


async def test_late_first_response_is_unknown_interaction(fake):
    _interaction(fake, age=FIRST_RESPONSE_SECONDS + 0.5)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.http_base}/interactions/9001/tok-9001/callback", json=MESSAGE) as r:
            assert r.status == 404 and (await r.json())["code"] == 10062
    assert fake.violations


async def test_second_response_is_already_acknowledged(fake):
    _interaction(fake)
    async with aiohttp.ClientSession() as http:
        url = f"{fake.http_base}/interactions/9001/tok-9001/callback"
        async with http.post(url, json=MESSAGE) as r:
            assert r.status == 200 and r.headers["Content-Type"] == "application/json"
        async with http.post(url, json=MESSAGE) as r:
            assert r.status == 400 and (await r.json())["code"] == 40060
    assert any("second response" in v for v in fake.violations)


async def test_followup_needs_a_valid_acknowledged_token(fake):
    _interaction(fake)
    async with aiohttp.ClientSession() as http:
        body = {"content": "hi", "allowed_mentions": {"parse": []}}
        async with http.post(f"{fake.http_base}/webhooks/{APP_ID}/nope?wait=1", json=body) as r:
            assert r.status == 404 and (await r.json())["code"] == 10015
        async with http.post(f"{fake.http_base}/webhooks/{APP_ID}/tok-9001?wait=1", json=body) as r:
            assert r.status == 404  # not acknowledged yet
    assert len(fake.violations) == 2


async def test_oversized_embed_in_a_callback_is_refused(fake):
    _interaction(fake)
    body = {"type": 4, "data": {"embeds": [{"title": "t" * 300}], "allowed_mentions": {"parse": []}}}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.http_base}/interactions/9001/tok-9001/callback", json=body) as r:
            assert r.status == 400 and (await r.json())["code"] == 50035
    assert fake.violations


async def test_injected_429_carries_what_discord_py_needs(fake):
    fake.inject("GET", r"/users/@me", status=429, retry_after=0.25)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{fake.http_base}/users/@me", headers={"Authorization": "Bot x"}) as r:
            assert r.status == 429 and r.headers["Via"] == "1.1 google"
            assert (await r.json())["retry_after"] == 0.25
        async with http.get(f"{fake.http_base}/users/@me", headers={"Authorization": "Bot x"}) as r:
            assert r.status == 200
