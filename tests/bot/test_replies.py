"""Each command's reply (bot/replies.py): content, limits, scope, spoilers, attribution."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import replies
from retrieval.verdict import Verdict
from tests.bot.test_formatting import HOSTILE, SERIES, STATS, embed_ok, hit, source


@settings(max_examples=150, deadline=None)
@given(
    question=HOSTILE,
    excerpts=st.lists(HOSTILE, min_size=1, max_size=3),
    spoilers=st.lists(st.booleans(), min_size=3, max_size=3),
    reveal=st.booleans(),
)
def test_ask_reply_stays_within_discord_limits_on_hostile_input(question, excerpts, spoilers, reveal):
    hits = [hit(e or "x", s) for e, s in zip(excerpts, spoilers)]
    reply = replies.ask_reply(question or "q", hits, "the 5 reviews", SERIES, reveal=reveal, page=1, pages=2)
    assert len(reply.embeds) == 1
    embed_ok(reply.embeds[0])
    assert reply.payload()["allowed_mentions"] == {"parse": []}


def test_ask_reply_has_question_title_quotes_attribution_and_footer():
    reply = replies.ask_reply(
        "why *does* Sun-woo move in?", [hit("He moves in.")], "the 5 reviews", SERIES, reveal=False
    )
    data = reply.embeds[0].to_dict()
    assert data["title"] == r"why \*does\* Sun-woo move in?"
    assert "> He moves in.\n— A, [O](https://example.com/r#:~:text=He%20moves%20in.)" in data["description"]
    assert data["footer"]["text"] == "Searched the 5 reviews"
    assert not reply.ephemeral


def test_nothing_found_is_plain_and_suggests_help():
    reply = replies.ask_reply("zzz", [], "the 5 reviews", SERIES, reveal=False)
    assert reply.ephemeral and "Nothing in the 5 reviews" in reply.content and "/help" in reply.content
    scoped = replies.ask_reply("zzz", [], "Annie's review (oreosandpeanutbutter.com)", SERIES, reveal=False)
    assert "Nothing in Annie's review (oreosandpeanutbutter.com) answers" in scoped.content


def test_spoilers_asked_for_go_to_the_asker_alone_and_public_answers_hide_them():
    hits = [hit("He leaves.", spoiler=True), hit("Lovely OST.")]
    public = replies.ask_reply("q", hits, "the 5 reviews", SERIES, reveal=False)
    private = replies.ask_reply("q", hits, "the 5 reviews", SERIES, reveal=True)
    assert not public.ephemeral and "> ||He leaves.||" in public.embeds[0].description
    assert "spoilers hidden" in public.embeds[0].footer.text
    assert private.ephemeral and "> He leaves." in private.embeds[0].description
    assert "only to you" in private.embeds[0].footer.text


def test_verdict_reply_fits_many_reviews_within_the_embed_limits():
    verdicts = [
        Verdict(
            source=source(file=f"{n:03}.txt", title="T" * 300, author="A" * 100, url=f"https://e.com/{n}"),
            quote=hit("judgement " * 50, spoiler=n % 2 == 0),
        )
        for n in range(40)
    ]
    reply = replies.verdict_reply(verdicts, "the 5 reviews", SERIES, reveal=False)
    embed_ok(reply.embeds[0])
    assert "and 16 more reviews" in reply.embeds[0].fields[-1].value


def test_sources_reply_fits_many_reviews():
    sources = [source(file=f"{n:03}_{'x' * 80}.txt", title="Title " * 30, author="B", outlet="C") for n in range(200)]
    reply = replies.sources_reply(sources, {}, STATS)
    embed_ok(reply.embeds[0])
    assert "more." in reply.embeds[0].description


def test_help_is_ephemeral_and_lists_every_command():
    reply = replies.help_reply(SERIES)
    text = str(reply.embeds[0].to_dict())
    assert reply.ephemeral
    for command in ("/ask", "/cast", "/verdict", "/sources", "/reload", "/help"):
        assert command in text


def test_spoiler_score_is_hidden_like_any_spoiler_quote():
    rating = hit("Review Score – 4/5", spoiler=True)
    verdict = Verdict(source=rating.source, quote=hit("Great.", spoiler=True), rating=rating)
    value = replies.verdict_reply([verdict], "the 5 reviews", SERIES, reveal=False).embeds[0].fields[0].value
    assert value.startswith("Score: ||Review Score – 4/5||")


def test_texts_name_the_series_from_config_not_code():
    assert replies.help_reply(SERIES).embeds[0].title == "Soundtrack #1 bot: help"
    assert "Han Sun-woo" in replies.ask_reply("zzz", [], "the 5 reviews", SERIES, reveal=False).content


def test_compare_shows_each_review_once_and_says_which_say_nothing():
    quiet = source(file="q.txt", title="Quiet review")
    rows = [
        (source(file="a.txt", title="A", url="https://a.example/r"), hit("It ends well.", spoiler=True)),
        (quiet, None),
    ]
    public = replies.compare_reply("the ending", rows, "the 2 reviews", reveal=False)
    fields = public.embeds[0].fields
    assert [f.name for f in fields] == ["A", "Quiet review"] and "Says nothing" in fields[1].value
    assert "> ||It ends well.||" in fields[0].value and "#:~:text=" not in fields[0].value
    assert not public.ephemeral and replies.compare_reply("x", rows, "s", reveal=True).ephemeral
    assert replies.compare_reply("x", [(quiet, None)], "s", reveal=False).ephemeral  # nothing at all


def test_verdict_rows_are_headed_by_who_wrote_them_and_where_and_link_the_article_below():
    known = source(
        file="a.txt",
        title="International Dramas: 'Soundtrack #1'",
        author="Annie",
        outlet="oreos.com",
        url="https://oreos.com/r",
    )
    untitled = source(file="b.txt", outlet="Seoulbeats", url="https://seoulbeats.com/r")
    verdicts = [Verdict(source=s, quote=hit("Great.", src=s)) for s in (known, untitled)]
    fields = replies.verdict_reply(verdicts, "the 2 reviews", SERIES, reveal=False).embeds[0].fields
    assert [f.name for f in fields] == ["Annie, oreos.com", "Seoulbeats"]
    assert "— [International Dramas: 'Soundtrack #1'](https://oreos.com/r" in fields[0].value
    assert "— [the Seoulbeats review](https://seoulbeats.com/r" in fields[1].value
    assert all(".txt" not in f.name + f.value for f in fields)
