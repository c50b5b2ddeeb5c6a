"""Korean for Korean users: fixed sentences and command names; quotes never."""

from pathlib import Path

from bot import replies
from bot.i18n import Catalog, korean
from retrieval.config import load_series
from tests.bot.test_formatting import hit
from tests.conftest import CONFIG

CATALOG = Catalog.load(CONFIG)
SERIES = load_series(Path(CONFIG) / "series.toml")


def test_fixed_sentences_are_translated_with_their_parts_translated_too():
    english = replies.ask_reply("zzz", [], "the 5 reviews", SERIES, reveal=False).content
    assert CATALOG.sentence(english).startswith("리뷰 5개에서 “zzz”에 잘 맞는 답을 찾지 못했어요")
    assert (
        CATALOG.sentence("Searched Annie's review (oreos.com) · page 2/4")
        == "검색 범위: Annie의 리뷰 (oreos.com) · 2/4쪽"
    )
    assert CATALOG.sentence("an unknown sentence stays") == "an unknown sentence stays"


def test_quotes_are_never_translated():
    quote = "Busy right now, please ask again in a few seconds."  # a quote that happens to equal a fixed line
    reply = replies.ask_reply("q", [hit(quote)], "the 5 reviews", SERIES, reveal=False)
    translated = CATALOG.reply(reply)
    assert quote in translated.embeds[0].description
    assert translated.embeds[0].footer.text == "검색 범위: 리뷰 5개"


def test_the_help_is_in_korean_and_every_command_has_a_korean_name():
    embed = CATALOG.reply(replies.help_reply(SERIES)).embeds[0]
    assert embed.title == "Soundtrack #1 봇: 도움말" and embed.description.startswith("*Soundtrack #1*")
    assert all(f.name.startswith("/") and not f.name.startswith("/ask") for f in embed.fields)
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in f.value) for f in embed.fields)
    for name in ("ask", "cast", "verdict", "compare", "sources", "help", "reload", "stats"):
        assert CATALOG.commands[name]


def test_only_korean_locales_are_korean():
    assert korean("ko") and not korean("en-US") and not korean(None)
