import io

import pytest

from bot.actions import Actions
from bot.console import Console, parse
from bot.render import render_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/ask who directed it?", ("ask", {"question": "who directed it?"})),
        (
            "/ask question: why? review: 003 spoilers: true",
            ("ask", {"question": "why?", "review": "003", "spoilers": "true"}),
        ),
        ("/cast Seonwoo", ("cast", {"name": "Seonwoo"})),
        ("/cast", ("cast", {})),
        ("/verdict review: annie", ("verdict", {"review": "annie"})),
        ("/sources", ("sources", {})),
    ],
)
def test_parse_accepts_free_text_and_discord_style_options(line, expected):
    assert parse(line) == expected


@pytest.mark.parametrize("line", ["ask x", "/nope"])
def test_parse_rejects_what_is_not_a_command(line):
    with pytest.raises(ValueError):
        parse(line)


async def test_console_answers_every_command_and_survives_bad_input(library):
    console = Console(Actions(library), out=io.StringIO())
    lines = [
        "/ask who directed it?",
        "/ask Sun-woo Eun-soo friends",
        "/more",
        "/back",
        "/cast",
        "/cast name: 박형식",
        "/verdict",
        "/compare the ending",
        "/sources",
        "/help",
        "/reload",
        "/ask",
        "/ask 🎉",
        "/cast nobody-at-all",
        "/verdict review: nope",
        "/zzz",
    ]
    texts = [render_text(await console.handle(line)) for line in lines]
    assert "Kim Hee-won" in texts[0]
    assert "page 2/" in texts[2] and "page 1/" in texts[3]
    assert "Park Hyung-sik → Han Sun-woo" in texts[4]
    assert "Compare: the ending" in texts[7]
    assert "Reloaded" in texts[10]
    for text in texts[11:]:
        assert "(only you can see this)" in text
    assert await console.handle("/quit") is None


def test_console_shows_quotes_as_plain_text_and_spoilers_as_a_marked_block():
    from bot.render import plain

    shown = plain(r"> ||He \*leaves\* Korea\|| ||" + "\n" + r"— Annie, [oreos\_pb](https://o.example/r#:~:text=a%20b)")
    assert "[spoiler hidden" in shown and "leaves" not in shown
    assert "— Annie, oreos_pb <https://o.example/r#:~:text=a%20b>" in shown
    assert plain(r"1\. First \_ok\_ https\://x.example") == "1. First _ok_ https://x.example"


async def test_paging_says_why_it_cannot_page_and_stats_points_to_the_cli(library):
    console = Console(Actions(library), out=io.StringIO())
    assert "Ask something with /ask first" in render_text(await console.handle("/more"))
    await console.handle("/ask who directed it?")
    assert "the first page" in render_text(await console.handle("/back"))
    while "page" in (text := render_text(await console.handle("/more"))) and "last page" not in text:
        pass
    assert "That is the last page of quotes for this question" in text
    assert "soundtrack-bot stats" in render_text(await console.handle("/stats"))


async def test_an_empty_compare_topic_is_called_a_topic(library):
    console = Console(Actions(library), out=io.StringIO())
    text = render_text(await console.handle("/compare topic:"))
    assert "The topic is empty" in text and "(only you can see this)" in text


async def test_the_footer_names_every_review_a_question_asked(library):
    console = Console(Actions(library), out=io.StringIO())
    text = render_text(await console.handle("/ask what did seoul beats and annie say about the ost"))
    assert "Searched the Seoulbeats review and Annie's review" in text


async def test_cast_with_a_reviewers_name_says_who_they_are_and_where_to_look(library):
    console = Console(Actions(library), out=io.StringIO())
    text = render_text(await console.handle("/cast name: annie"))
    assert "Annie wrote a review of the series" in text and "/sources" in text and "(only you can see this)" in text


async def test_review_in_the_console_says_how_to_add_or_remove_a_review_there(library):
    console = Console(Actions(library), out=io.StringIO())
    text = render_text(await console.handle("/review add"))
    assert "seeds folder" in text and "/reload" in text
