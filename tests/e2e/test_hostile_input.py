"""Hostile input through the real command path: fixed list plus hypothesis, all via the fake Discord."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fake_discord.harness import TOKEN, Live
from tests.matrix import note

FIXED = {
    "empty": "",
    "whitespace": "   \t  ",
    "over 300 characters": "why " * 80,
    "control characters": "who\x00 dir\x07ected\x1b[31m it?",
    "zero-width joiners": "Sun\u200d-woo\u200b move\u2060 in?",
    "right-to-left": "\u202eSun-woo\u202c من هو المخرج؟",
    "Hangul": "박형식 한소희 사운드트랙",
    "emoji": "🎬🍿❤️‍🔥",
    "markdown": "**bold** ||spoiler|| `code` > quote # heading",
    "@everyone": "@everyone @here who directed it?",
    "user mention": "<@123456789012345678> who plays Seonwoo?",
    "role mention": "<@&123456789012345678> the ending?",
    "URL": "https://example.com/?q=snow&x=<script>",
    "SQL": "'; DROP TABLE reviews; --",
    "shell": "$(rm -rf /) `reboot` && echo snow",
    "stopwords only": "the of and is it to a",
}


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    harness = Live()
    harness.start(tmp_path_factory.mktemp("hostile"), BOT_LOG_LEVEL="INFO", BOT_COOLDOWN_RATE="100000")
    yield harness
    code = harness.stop()
    log = harness.bot.log_text()
    assert code == 0
    assert TOKEN not in log
    assert "Traceback" not in log, log[-3000:]
    assert harness.fake.violations == [], harness.fake.violations


def ask(live: Live, question: str, **options: object) -> tuple[dict, float]:
    fake = live.fake

    async def go():
        record = await fake.slash("ask", question=question, **options)
        return await record.wait()

    before = len(fake.violations)
    record = live.call(go())
    assert len(fake.violations) == before, fake.violations[before:]
    message = record.final_message()
    assert message is not None and (message["content"] or message["embeds"]), "an empty reply"
    assert message["allowed_mentions"] == {"parse": []}
    return message, record.latency


def describe(message: dict, latency: float) -> str:
    kind = "ephemeral" if message["flags"] & 64 else "public"
    text = message["content"] or message["embeds"][0].get("title", "")
    return f"{kind} “{text[:40]}…” in {latency * 1000:.0f} ms"


@pytest.mark.parametrize("case", list(FIXED))
def test_fixed_hostile_question_gets_a_useful_reply_within_limits(live, case):
    message, latency = ask(live, FIXED[case])
    note("hostile input", case, "reply within limits, no ping, useful text", describe(message, latency))
    assert latency < 3.0
    if case in ("empty", "whitespace", "stopwords only", "emoji"):
        assert message["flags"] & 64 and message["content"]
    if case == "over 300 characters":
        assert "300" in message["content"]


def test_unknown_review_value_is_answered_with_the_list_of_reviews(live):
    message, latency = ask(live, "who directed it?", review="no-such-review")
    note("hostile input", "unknown review:", "ephemeral, lists the reviews", describe(message, latency))
    assert message["flags"] & 64 and "Seoulbeats" in message["content"] and ".txt" not in message["content"]


@pytest.mark.parametrize("prefix", ["", "x" * 100, "@everyone", "박"])
def test_autocomplete_with_odd_prefixes_stays_within_limits(live, prefix):
    async def go():
        record = await live.fake.autocomplete("cast", focused="name", name=prefix)
        return await record.wait()

    record = live.call(go())
    choices = record.response["data"]["choices"]
    note(
        "hostile input",
        f"autocomplete {prefix[:12]!r} ({len(prefix)} chars)",
        "≤ 25 choices of ≤ 100 chars",
        f"{len(choices)} choices",
    )
    assert record.response_type == 8 and len(choices) <= 25


HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(list("*_~|`>#@<&!:") + ["\u200d", "\u202e"]),
    min_size=1,
    max_size=300,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(question=HOSTILE_TEXT)
def test_random_questions_always_get_a_reply_within_limits(live, question):
    message, latency = ask(live, question)
    assert latency < 3.0
    test_random_questions_always_get_a_reply_within_limits.tried += 1  # type: ignore[attr-defined]


test_random_questions_always_get_a_reply_within_limits.tried = 0  # type: ignore[attr-defined]


def test_zz_random_question_count_is_in_the_matrix():
    tried = test_random_questions_always_get_a_reply_within_limits.tried  # type: ignore[attr-defined]
    note(
        "hostile input",
        "hypothesis: random Unicode questions",
        "reply within limits, no ping",
        f"{tried} tried, all answered",
    )
    assert tried >= 1
