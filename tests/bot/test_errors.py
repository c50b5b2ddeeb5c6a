"""User-facing wording of errors: retrieval/ says what went wrong, the bot says what to do next."""

from bot.errors import user_message
from retrieval.cast import UnknownPersonError


def test_an_unknown_name_gets_the_bots_advice_and_an_ambiguous_one_lists_the_people():
    unknown = user_message(UnknownPersonError("I don't know anyone called “zed” in Soundtrack #1.", unknown=True))
    assert unknown.endswith(
        "/cast without a name lists the cast (or pick a name from the suggestions); "
        "/ask searches the reviews for anyone they mention."
    )
    several = user_message(UnknownPersonError("“han” could be Han So-hee, Han Sun-woo: please pick one."))
    assert several == "“han” could be Han So-hee, Han Sun-woo: please pick one."
