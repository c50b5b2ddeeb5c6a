import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import formatting
from bot.formatting import (
    CHOICE_NAME_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    attribution,
    escape,
    quote_block,
    unescape,
)
from retrieval import CorpusStats, Hit, Source
from retrieval.config import load_series
from retrieval.verdict import Verdict
from tests.conftest import CONFIG

SERIES = load_series(CONFIG / "series.toml")
STATS = CorpusStats(reviews=5, passages=80, vocabulary=900, build_seconds=0.02)
HOSTILE = st.lists(
    st.sampled_from(
        list("ab *_~|`>#-\\[]()@<>:\n\u200b\u202e한🎬") + ["||", "**", "@everyone", "<@123>", "> ", "word "]
    ),
    max_size=300,
).map("".join)


def embed_ok(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= TITLE_MAX
    assert len(data.get("description", "")) <= DESCRIPTION_MAX
    assert len(data.get("fields", [])) <= FIELDS_MAX
    for f in data.get("fields", []):
        assert len(f["name"]) <= 256 and 0 < len(f["value"]) <= FIELD_VALUE_MAX
    assert len(embed) <= EMBED_TOTAL_MAX


def source(**facts) -> Source:
    return Source(file=facts.pop("file", "x_review.txt"), **facts)


def hit(excerpt: str, spoiler: bool = False, src: Source | None = None) -> Hit:
    return Hit(
        source=src or source(author="A", outlet="O", url="https://example.com/r"),
        passage_id="x#0",
        rank=1,
        score=1.0,
        excerpt=excerpt[:500],
        start=0,
        end=len(excerpt[:500]),
        spoiler=spoiler,
    )


def test_markdown_in_quotes_is_escaped_so_it_shows_as_written():
    block = quote_block("a *bold* _claim_ with `code` and ||not a spoiler||", spoiler=False, reveal=False, limit=1000)
    assert block == r"> a \*bold\* \_claim\_ with \`code\` and \|\|not a spoiler\|\|"


def test_line_start_markdown_is_escaped_where_discord_renders_it_back():
    assert escape("# Big").startswith("\\#") and escape("- item").startswith("\\-")
    assert escape("1. First") == "1\\. First"  # "\\1." would show a stray backslash
    assert escape("12. x\n3. y") == "12\\. x\n3\\. y"


def test_links_and_invites_from_a_review_are_shown_as_plain_text():
    shown = escape("join https://discord.gg/abc or [here](http://x.example)")
    assert "https://" not in shown and "](" not in shown.replace("\\]", "")
    assert unescape(shown) == "join https://discord.gg/abc or [here](http://x.example)"


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(HOSTILE, st.text(max_size=200)))
def test_escape_then_unescape_gives_the_original(text):
    assert unescape(escape(text)) == text


def test_invisible_and_direction_characters_are_not_shown_in_quotes():
    block = quote_block("\ufeffHe\u200b said \u202egoodbye\u202c.", spoiler=False, reveal=False, limit=200)
    assert block == "> He said goodbye."


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE.filter(lambda t: t.strip()))
def test_a_spoiler_bar_never_ends_on_an_escape_and_shows_the_visible_quote(text):
    block = quote_block(text, spoiler=True, reveal=False, limit=4000)
    inner = block[len("> ||") : -2]
    assert not inner.endswith("\\|") and not inner.endswith("\\\\") or inner.endswith(" ")
    assert unescape(inner).strip() == formatting.clean(text).strip()


def test_spoiler_quotes_are_hidden_unless_revealed():
    assert quote_block("the ending", spoiler=True, reveal=False, limit=100) == "> ||the ending||"
    assert quote_block("the ending", spoiler=True, reveal=True, limit=100) == "> the ending"
    assert quote_block("the ending", spoiler=False, reveal=False, limit=100) == "> the ending"


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE, spoiler=st.booleans(), reveal=st.booleans(), limit=st.integers(40, 1200))
def test_quote_block_fits_and_keeps_spoiler_bars_balanced(text, spoiler, reveal, limit):
    block = quote_block(text, spoiler, reveal, limit)
    assert len(block) <= limit
    body = block[2:]
    if spoiler and not reveal:
        assert body.startswith("||") and body.endswith("||")
        body = body[2:-2]
    # No unescaped || inside: the only spoiler bars are ours.
    assert "||" not in body.replace("\\|", "")


def test_attribution_links_outlet_and_never_invents_a_byline():
    full = source(author="Annie", outlet="oreos", url="https://o.example/r")
    assert attribution(full) == "— Annie, [oreos](https://o.example/r)"
    unknown = attribution(source(file="000_x.txt", opening="Han So-hee and"))
    assert unknown == "— Review starting “Han So-hee and…” (author and outlet not known)"
    assert attribution(source(title="T", url="https://t.example/")) == "— [T](https://t.example/)"


@settings(max_examples=150, deadline=None)
@given(
    question=HOSTILE,
    excerpts=st.lists(HOSTILE, min_size=1, max_size=3),
    spoilers=st.lists(st.booleans(), min_size=3, max_size=3),
    reveal=st.booleans(),
)
def test_ask_reply_stays_within_discord_limits_on_hostile_input(question, excerpts, spoilers, reveal):
    hits = [hit(e or "x", s) for e, s in zip(excerpts, spoilers)]
    reply = formatting.ask_reply(question or "q", hits, "the 5 reviews", SERIES, reveal=reveal, page=1, pages=2)
    assert len(reply.embeds) == 1
    embed_ok(reply.embeds[0])
    assert reply.payload()["allowed_mentions"] == {"parse": []}


def test_ask_reply_has_question_title_quotes_attribution_and_footer():
    reply = formatting.ask_reply(
        "why *does* Sun-woo move in?", [hit("He moves in.")], "the 5 reviews", SERIES, reveal=False
    )
    data = reply.embeds[0].to_dict()
    assert data["title"] == r"why \*does\* Sun-woo move in?"
    assert "> He moves in.\n— A, [O](https://example.com/r#:~:text=He%20moves%20in.)" in data["description"]
    assert data["footer"]["text"] == "Searched the 5 reviews"
    assert not reply.ephemeral


def test_nothing_found_is_plain_and_suggests_help():
    reply = formatting.ask_reply("zzz", [], "the 5 reviews", SERIES, reveal=False)
    assert reply.ephemeral and "Nothing in the 5 reviews" in reply.content and "/help" in reply.content
    scoped = formatting.ask_reply("zzz", [], "Annie's review (oreosandpeanutbutter.com)", SERIES, reveal=False)
    assert "Nothing in Annie's review (oreosandpeanutbutter.com) answers" in scoped.content


def test_spoilers_asked_for_go_to_the_asker_alone_and_public_answers_hide_them():
    hits = [hit("He leaves.", spoiler=True), hit("Lovely OST.")]
    public = formatting.ask_reply("q", hits, "the 5 reviews", SERIES, reveal=False)
    private = formatting.ask_reply("q", hits, "the 5 reviews", SERIES, reveal=True)
    assert not public.ephemeral and "> ||He leaves.||" in public.embeds[0].description
    assert "spoilers hidden" in public.embeds[0].footer.text
    assert private.ephemeral and "> He leaves." in private.embeds[0].description
    assert "only to you" in private.embeds[0].footer.text


def test_text_fragment_links_to_the_quoted_words_encoded_as_the_spec_says():
    link = formatting.text_fragment("https://e.com/r", "A well-made, short (drama) & a fine one, with more words here…")
    assert link == "https://e.com/r#:~:text=A%20well%2Dmade%2C%20short%20%28drama%29,with%20more%20words%20here"
    assert formatting.text_fragment("https://e.com/r#top", "Short one.") == "https://e.com/r#:~:text=Short%20one."


def test_verdict_reply_fits_many_reviews_within_the_embed_limits():
    verdicts = [
        Verdict(
            source=source(file=f"{n:03}.txt", title="T" * 300, author="A" * 100, url=f"https://e.com/{n}"),
            quote=hit("judgement " * 50, spoiler=n % 2 == 0),
        )
        for n in range(40)
    ]
    reply = formatting.verdict_reply(verdicts, "the 5 reviews", SERIES, reveal=False)
    embed_ok(reply.embeds[0])
    assert "and 16 more reviews" in reply.embeds[0].fields[-1].value


def test_sources_reply_fits_many_reviews():
    sources = [source(file=f"{n:03}_{'x' * 80}.txt", title="Title " * 30, author="B", outlet="C") for n in range(200)]
    reply = formatting.sources_reply(sources, {}, STATS)
    embed_ok(reply.embeds[0])
    assert "more." in reply.embeds[0].description


@given(names=st.lists(st.text(min_size=0, max_size=300), max_size=60))
def test_choices_respect_the_25_by_100_limits(names):
    out = formatting.choices([(n, n[:100]) for n in names])
    assert len(out) <= 25
    assert all(1 <= len(c.name) <= CHOICE_NAME_MAX and len(c.value) <= 100 for c in out if c.name)


def test_help_is_ephemeral_and_lists_every_command():
    reply = formatting.help_reply(SERIES)
    text = str(reply.embeds[0].to_dict())
    assert reply.ephemeral
    for command in ("/ask", "/cast", "/verdict", "/sources", "/reload", "/help"):
        assert command in text


def test_attribution_drops_a_link_that_would_be_cut_rather_than_break_it():
    src = source(author="Annie", outlet="oreos", url="https://o.example/" + "x" * 200)
    assert attribution(src, limit=60) == "— Annie, oreos"


def test_spoiler_score_is_hidden_like_any_spoiler_quote():
    rating = hit("Review Score – 4/5", spoiler=True)
    verdict = Verdict(source=rating.source, quote=hit("Great.", spoiler=True), rating=rating)
    value = formatting.verdict_reply([verdict], "the 5 reviews", SERIES, reveal=False).embeds[0].fields[0].value
    assert value.startswith("Score: ||Review Score – 4/5||")


def test_texts_name_the_series_from_config_not_code():
    assert formatting.help_reply(SERIES).embeds[0].title == "Soundtrack #1 bot: help"
    assert "Han Sun-woo" in formatting.ask_reply("zzz", [], "the 5 reviews", SERIES, reveal=False).content


def test_compare_shows_each_review_once_and_says_which_say_nothing():
    quiet = source(file="q.txt", title="Quiet review")
    rows = [
        (source(file="a.txt", title="A", url="https://a.example/r"), hit("It ends well.", spoiler=True)),
        (quiet, None),
    ]
    public = formatting.compare_reply("the ending", rows, "the 2 reviews", reveal=False)
    fields = public.embeds[0].fields
    assert [f.name for f in fields] == ["A", "Quiet review"] and "Says nothing" in fields[1].value
    assert "> ||It ends well.||" in fields[0].value and "#:~:text=" not in fields[0].value
    assert not public.ephemeral and formatting.compare_reply("x", rows, "s", reveal=True).ephemeral
    assert formatting.compare_reply("x", [(quiet, None)], "s", reveal=False).ephemeral  # nothing at all
