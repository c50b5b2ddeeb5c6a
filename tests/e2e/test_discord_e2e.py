"""The real discord.py client in a `soundtrack-bot run` subprocess, against the fake Discord."""

from __future__ import annotations

import asyncio
import json
import os
import re

import pytest

from retrieval import load_corpus
from retrieval.text import collapse
from tests.e2e.conftest import MODERATOR_ROLE, BotProcess
from tests.fake_discord import GUILD_ID, MANAGE_GUILD, FakeDiscord, Upload
from tests.fake_discord.harness import bot_command

pytestmark = pytest.mark.asyncio(loop_scope="module")

EXPECTED = {"ask", "cast", "verdict", "compare", "sources", "help", "reload", "stats", "review"}


def embed_of(record) -> dict:
    message = record.final_message()
    assert message and message["embeds"], message
    return message["embeds"][0]


async def test_commands_are_synced_with_descriptions_options_and_permissions(fake: FakeDiscord, bot: BotProcess):
    commands = {c["name"]: c for c in fake.commands[next(k for k in fake.commands if k != "global")]}
    assert set(commands) == EXPECTED
    assert all(c["description"] for c in commands.values())
    ask = {o["name"]: o for o in commands["ask"]["options"]}
    assert ask["question"]["required"] and ask["question"]["max_length"] == 300
    assert ask["review"]["autocomplete"] and ask["spoilers"]["type"] == 5
    assert int(commands["reload"]["default_member_permissions"]) == MANAGE_GUILD
    assert int(commands["stats"]["default_member_permissions"]) == MANAGE_GUILD
    assert commands["ask"]["default_member_permissions"] is None


async def test_ask_replies_within_three_seconds_with_attributed_quotes(fake: FakeDiscord, bot: BotProcess):
    record = await (await fake.slash("ask", question="Who directed it?")).wait()
    assert record.response_type == 4 and record.latency < 3.0
    embed = embed_of(record)
    assert embed["title"] == "Who directed it?"
    assert "Kim Hee-won" in embed["description"] and "— " in embed["description"]
    assert record.message["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize(
    "command,options,needle",
    [
        ("cast", {}, "Park Hyung-sik → Han Sun-woo"),
        ("cast", {"name": "박형식"}, "Park Hyung-sik"),
        ("verdict", {}, "4/5"),
        ("sources", {}, "GwenchaNoona"),
        ("help", {}, "/ask"),
    ],
)
async def test_other_commands_reply_in_time_with_quotes_within_limits(fake, bot, command, options, needle):
    record = await (await fake.slash(command, **options)).wait()
    assert record.latency < 3.0
    assert needle in str(embed_of(record))


async def test_autocomplete_answers_with_at_most_25_choices(fake: FakeDiscord, bot: BotProcess):
    record = await (await fake.autocomplete("cast", focused="name", name="seon")).wait()
    choices = record.response["data"]["choices"]
    assert record.response_type == 8 and 0 < len(choices) <= 25
    assert choices[0]["value"] == "Han Sun-woo"
    reviews = await (await fake.autocomplete("ask", focused="review", question="x", review="")).wait()
    assert len(reviews.response["data"]["choices"]) == 5


async def test_page_buttons_page_in_place_for_the_asker_and_give_others_their_own_copy(fake, bot):
    asked = await (await fake.slash("ask", question="Sun-woo Eun-soo friends")).wait()
    first = embed_of(asked)["description"]
    assert "page 1/" in embed_of(asked)["footer"]["text"]
    other = await (await fake.click(asked, "▶", user_id="6000000000000000999")).wait()
    assert other.response_type == 4 and other.response["data"]["flags"] == 64
    assert "page 2/" in other.response["data"]["embeds"][0]["footer"]["text"]
    assert asked.message["embeds"][0]["description"] == first  # the asker's message is untouched
    clicked = await (await fake.click(asked, "▶")).wait()
    assert clicked.response_type == 7
    second = clicked.response["data"]["embeds"][0]
    assert second["description"] != first and "page 2/" in second["footer"]["text"]
    asked.message = {**asked.message, **clicked.response["data"]}
    back = await (await fake.click(asked, "◀")).wait()
    assert back.response_type == 7 and back.response["data"]["embeds"][0]["description"] == first


async def test_a_page_button_answers_with_an_ephemeral_note_when_its_review_is_gone(fake, bot):
    asked = await (await fake.slash("ask", question="Sun-woo Eun-soo love", review="Seoulbeats")).wait()
    buttons = asked.message["components"][0]["components"]
    forward = next(b for b in buttons if b["label"] == "▶")
    stale = forward["custom_id"].split(":")
    stale[3] = "0" * 12  # a review key no corpus has: as after the review was edited and reloaded
    asked.message["components"][0]["components"] = [{**forward, "custom_id": ":".join(stale)}]
    record = await (await fake.click(asked, "▶")).wait()
    assert record.response["data"]["flags"] == 64 and "ask again" in record.response["data"]["content"]


async def test_reload_by_a_member_is_refused_and_nothing_changes(fake: FakeDiscord, bot: BotProcess):
    record = await (await fake.slash("reload")).wait()
    assert record.response["data"]["flags"] == 64
    assert "Only moderators" in record.response["data"]["content"]


async def test_reload_by_moderators_succeeds_and_reports_changes(fake: FakeDiscord, bot: BotProcess):
    (bot.seeds / "zz_added.txt").write_text("A short new review: the snow scenes are lovely.", encoding="utf-8")
    try:
        record = await (await fake.slash("reload", roles=(MODERATOR_ROLE,))).wait()
        assert record.response_type == 5
        await record.wait_update()
        text = embed_of(record)["description"]
        assert "Added: Review starting “A short new review: the snow scenes…”" in text and "5 → 6" in text
        assert "No `sources.toml` entry" in text and "zz" not in text  # readable names, never the file
    finally:
        (bot.seeds / "zz_added.txt").unlink()
    record = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
    await record.wait_update()
    assert "6 → 5" in embed_of(record)["description"]


async def test_reload_with_a_broken_seed_is_refused_while_answers_keep_coming(fake: FakeDiscord, bot: BotProcess):
    (bot.seeds / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    try:
        record = await (await fake.slash("reload", permissions=MANAGE_GUILD)).wait()
        await record.wait_update()
        message = record.final_message()
        assert "broken.txt" in message["content"] and "not valid UTF-8" in message["content"]
        assert message["flags"] & 64
        answer = await (await fake.slash("ask", question="Is there snow in the show?")).wait()
        assert "snow" in embed_of(answer)["description"]
    finally:
        (bot.seeds / "broken.txt").unlink()


async def test_dropped_gateway_connection_is_resumed_and_the_next_command_answered(fake: FakeDiscord, bot: BotProcess):
    resumes = fake.resumes
    await fake.drop_connection(code=4000)
    await asyncio.wait_for(fake.resumed.wait(), 15)
    assert fake.resumes == resumes + 1
    record = await (await fake.slash("ask", question="Who plays Seonwoo?")).wait()
    assert "Park" in embed_of(record)["description"]


async def test_429_on_a_callback_is_retried_and_the_reply_still_arrives(fake: FakeDiscord, bot: BotProcess):
    fake.inject("POST", r"/interactions/\d+/[^/]+/callback", status=429, times=1, retry_after=0.3)
    served = fake.faults_served
    record = await (await fake.slash("ask", question="How is the cinematography?")).wait()
    assert fake.faults_served == served + 1
    assert record.latency < 3.0 and "cinematography" in embed_of(record)["description"]


async def test_no_violation_was_recorded(fake: FakeDiscord, bot: BotProcess):
    assert fake.violations == []


def _hidden_only_sentences(bot: BotProcess) -> list[str]:
    """Sentences of spoiler passages that no shown passage also holds: these must never be public."""
    corpus = load_corpus(bot.seeds, bot.config)
    out = []
    for p in corpus.passages:
        if not p.spoiler:
            continue
        text = corpus.texts[p.source]
        for start, end in p.sentences:
            if corpus.spoiler_at(p.source, start, end) and end - start > 40:
                out.append(collapse(text[start:end]))
    return out


def _public_text(description: str) -> str:
    """What a fan sees without clicking a spoiler bar, escapes undone."""
    return re.sub(r"\|\|.*?\|\|", " ", description, flags=re.S).replace("\\", "")


@pytest.mark.parametrize("question", ["how does it end", "do they end up together", "does anyone confess"])
async def test_public_answers_hide_every_spoiler_and_spoilers_true_answers_only_the_asker(fake, bot, question):
    hidden = _hidden_only_sentences(bot)
    assert hidden
    public = await (await fake.slash("ask", question=question)).wait()
    seen = _public_text(embed_of(public)["description"])
    assert not public.message["flags"] & 64
    assert not [s for s in hidden if s in seen]
    private = await (await fake.slash("ask", question=question, spoilers=True)).wait()
    assert private.message["flags"] & 64  # ephemeral: the finale reaches the asker alone
    embed = embed_of(private)
    assert "||" not in embed["description"].replace("\\|", "")
    assert "only to you" in embed["footer"]["text"] or not any(s in embed["description"] for s in hidden)


async def test_who_directed_it_shows_a_visible_quote_first(fake, bot):
    record = await (await fake.slash("ask", question="who directed it")).wait()
    first = embed_of(record)["description"].split("\n\n")[0]
    assert first.startswith("> ") and not first.startswith("> ||") and "Kim Hee-won" in first


async def test_no_reply_names_a_review_by_its_file_name_and_scope_is_honest(fake, bot):
    files = [p.name for p in bot.seeds.glob("*.txt")]
    replies = [
        await (await fake.slash(command, **options)).wait()
        for command, options in [
            ("ask", {"question": "who directed it"}),
            ("ask", {"question": "what did annie think of the ending"}),
            ("ask", {"question": "the director", "review": "Seoulbeats"}),
            ("ask", {"question": "is there a season 2"}),
            ("verdict", {}),
            ("verdict", {"review": "Seoulbeats"}),
            ("sources", {}),
            ("cast", {}),
            ("ask", {"question": "x", "review": "nope"}),
        ]
    ]
    payloads = [json.dumps(r.final_message() or r.response, ensure_ascii=False) for r in replies]
    assert not [f for f in files for p in payloads if f in p or f.replace("_", "\\\\_") in p]
    assert "Searched the 5 reviews" in payloads[0] and "passages" not in payloads[0]
    assert "Searched Annie's review (oreosandpeanutbutter.com)" in payloads[1]
    assert "Searched the Seoulbeats review" in payloads[2]
    assert "Nothing in the 5 reviews answers" in payloads[3]
    assert "the verdict of the Seoulbeats review" in payloads[5]


async def test_health_command_reports_the_running_bot_connected_with_its_corpus(fake, bot):
    data = bot.seeds.parent / "data"
    env = {**os.environ, "BOT_DATA_DIR": str(data), "DISCORD_TOKEN": ""}
    await asyncio.sleep(0.7)  # more than one status interval (0.3 s in tests)
    process = await asyncio.create_subprocess_exec(
        *bot_command()[:-1], "health", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    line = out.decode().strip()
    assert process.returncode == 0 and line.startswith("healthy: connected"), line
    status = json.loads((data / "status.json").read_text())
    assert status["corpus"]["reviews"] == 5 and len(status["corpus"]["version"]) == 12


async def test_stats_shows_counts_the_top_nothing_found_questions_and_the_most_disliked_answer(fake, bot):
    for _ in range(3):
        await (await fake.slash("ask", question="Is there a season 2 zyxw?")).wait()
    asked = await (await fake.slash("ask", question="who plays the composer")).wait()
    await (await fake.click(asked, "👎", user_id="6000000000000000333")).wait()
    await asyncio.sleep(0.3)  # answers are stored in the background
    refused = await (await fake.slash("stats")).wait()
    assert refused.response["data"]["flags"] == 64 and "Only moderators" in refused.response["data"]["content"]
    record = await (await fake.slash("stats", permissions=MANAGE_GUILD)).wait()
    embed = record.response["data"]["embeds"][0]
    text = json.dumps(embed, ensure_ascii=False)
    assert record.response["data"]["flags"] == 64
    assert "3× “is there a season 2 zyxw?”" in text
    assert "👎 1" in text and "who plays the composer" in text
    assert ".txt" not in text  # reviews by their labels


async def test_compare_gives_one_quote_per_review_side_by_side(fake, bot):
    record = await (await fake.slash("compare", topic="the ending")).wait()
    embed = embed_of(record)
    assert embed["title"] == "Compare: the ending" and len(embed["fields"]) == 5
    assert all(f["inline"] for f in embed["fields"])
    assert all("> " in f["value"] or "Says nothing" in f["value"] for f in embed["fields"])
    assert not record.message["flags"] & 64
    hidden = [f["value"] for f in embed["fields"] if "> ||" in f["value"]]
    assert all("#:~:text=" not in value for value in hidden)  # a hidden quote's words are not in its link


async def test_commands_carry_korean_names_and_a_korean_user_reads_korean_fixed_sentences(fake, bot):
    commands = {c["name"]: c for c in fake.commands[GUILD_ID]}
    assert commands["ask"]["name_localizations"]["ko"] == "질문"
    assert commands["ask"]["description_localizations"]["ko"].startswith("사운드트랙 #1")
    question = next(o for o in commands["ask"]["options"] if o["name"] == "question")
    assert question["name_localizations"]["ko"] == "질문"
    found = await (await fake.slash("ask", question="박형식 누구 역할?", locale="ko")).wait()
    embed = embed_of(found)
    assert embed["footer"]["text"].startswith("검색 범위: 리뷰 5개")
    assert "Park Hyung-sik" in embed["description"] or "Park Hyungsik" in embed["description"]  # quotes verbatim
    nothing = await (await fake.slash("ask", question="is there a season 2", locale="ko")).wait()
    assert (
        nothing.message["flags"] & 64
        and "리뷰 5개에서 “is there a season 2”에 잘 맞는 답을" in nothing.message["content"]
    )
    english = await (await fake.slash("ask", question="is there a season 2")).wait()
    assert english.message["content"].startswith("Nothing in the 5 reviews answers")


async def test_review_add_makes_a_good_file_answerable_and_a_bad_file_changes_nothing(fake, bot):
    commands = {c["name"]: c for c in fake.commands[GUILD_ID]}
    assert int(commands["review"]["default_member_permissions"]) == MANAGE_GUILD
    before = {p.name: p.read_bytes() for p in (*bot.seeds.iterdir(), *bot.config.iterdir()) if p.is_file()}
    bad = await (
        await fake.slash(
            "review", subcommand="add", permissions=MANAGE_GUILD, file=Upload("bad.txt", b"\xff\xfe\x00 binary")
        )
    ).wait()
    await bad.wait_update(timeout=10)
    assert "not added" in json.dumps(bad.final_message()) and "binary" in json.dumps(bad.final_message())
    after = {p.name: p.read_bytes() for p in (*bot.seeds.iterdir(), *bot.config.iterdir()) if p.is_file()}
    assert after == before  # byte-identical

    good = Upload("fan.txt", b"A fan review: the quokka lamp steals every scene and I recommend it.")
    added = await (
        await fake.slash("review", subcommand="add", permissions=MANAGE_GUILD, file=good, title="Quokka Notes")
    ).wait()
    await added.wait_update(timeout=20)
    assert "Added “Quokka Notes”" in json.dumps(added.final_message(), ensure_ascii=False)
    answer = await (await fake.slash("ask", question="quokka lamp")).wait()
    assert "quokka lamp steals every scene" in embed_of(answer)["description"]

    asked = await (
        await fake.slash("review", subcommand="remove", permissions=MANAGE_GUILD, review="Quokka Notes")
    ).wait()
    assert asked.response["data"]["flags"] == 64
    confirmed = await (await fake.click(asked, "Remove")).wait()
    assert confirmed.response_type == 7
    await confirmed.wait_update(timeout=20)
    gone = await (await fake.slash("ask", question="quokka lamp")).wait()
    assert "quokka lamp steals" not in json.dumps(gone.final_message())
    assert {p.name for p in bot.seeds.iterdir()} == {n for n in before if n.endswith(".txt")}
