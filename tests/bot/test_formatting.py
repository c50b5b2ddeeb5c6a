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


def test_text_fragment_links_to_the_quoted_words_encoded_as_the_spec_says():
    link = formatting.text_fragment("https://e.com/r", "A well-made, short (drama) & a fine one, with more words here…")
    assert link == "https://e.com/r#:~:text=A%20well%2Dmade%2C%20short%20%28drama%29,with%20more%20words%20here"
    assert formatting.text_fragment("https://e.com/r#top", "Short one.") == "https://e.com/r#:~:text=Short%20one."


@given(names=st.lists(st.text(min_size=0, max_size=300), max_size=60))
def test_choices_respect_the_25_by_100_limits(names):
    out = formatting.choices([(n, n[:100]) for n in names])
    assert len(out) <= 25
    assert all(1 <= len(c.name) <= CHOICE_NAME_MAX and len(c.value) <= 100 for c in out if c.name)


def test_attribution_drops_a_link_that_would_be_cut_rather_than_break_it():
    src = source(author="Annie", outlet="oreos", url="https://o.example/" + "x" * 200)
    assert attribution(src, limit=60) == "— Annie, oreos"


def test_a_review_with_no_byline_is_not_named_twice_under_its_own_heading():
    from bot.formatting import attribution
    from retrieval import Source

    anonymous = Source(file="x.txt", opening="Han So-hee ( My Name ) and")
    assert attribution(anonymous, named=True) == "— author and outlet not known"
    assert "Review starting" in attribution(anonymous)
