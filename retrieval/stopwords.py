"""English stopwords (NLTK's list, contractions' fragments, and question words such as "many" or
"like" in "what is she like?"), contractions as chat types them ("whats", "dont"), and Korean
question words (누구 "who", 왜 "why", 언제 "when" …, read for intents before they are dropped, as
"who" and "why" are): words that never decide a match. Phrases that need them ("like it",
"how long") are matched in config/series.toml before stopwords are dropped."""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
a about above after again against all am an and any are aren as at be because been before being
below between both but by can couldn d did didn do does doesn doing don down during each few for
from further had hadn has hasn have haven having he her here hers herself him himself his how i if
in into is isn it its itself just ll m ma me mightn more most mustn my myself needn no nor not now
o of off on once only or other our ours ourselves out over own re s same shan she should shouldn so
some such t than that the their theirs them themselves then there these they this those through to
too under until up ve very was wasn we were weren what when where which while who whom why will
with won wouldn y you your yours yourself yourselves would could also get got gets many much like
whats dont doesnt didnt isnt wasnt arent werent cant wont wouldnt couldnt shouldnt havent hasnt hadnt
theyre youre hes shes im ive id thats theres whos wheres hows whens u ur r ya gonna wanna gotta lemme
near nearly towards toward upon within without across along among beside besides beyond despite
inside outside onto per since throughout unlike via
누구 누가 왜 어떻게 어디 어디서 언제 몇 무엇 어느 둘이 돼요 되나요
""".split()
)

# Number words written as digits on both sides, so "four episodes" matches "4 episodes". "One" is
# left alone: in reviews it is mostly a pronoun ("one of the better dramas").
NUMBER_WORDS: dict[str, str] = {
    word: str(n)
    for n, word in enumerate(
        "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
    if word != "_"
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100"}

# Words that state an amount without digits: "half an episode", "within a fortnight".
QUANTITY_WORDS: frozenset[str] = frozenset({"half", "dozen", "fortnight", "couple", "decade", "decades"})
# Ordinals (as stemmed): like a bare number, "second" alone never answers ("is there a second
# season?" is not answered by "a second chance").
ORDINALS: frozenset[str] = frozenset(
    {
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "1st",
        "2nd",
        "3rd",
        "4th",
        "5th",
    }
)
