"""The cast table and finding a person, from config/series.toml and the reviews."""

import pytest

from retrieval.cast import UnknownPersonError, cast_table, find_person


def test_cast_table_quotes_each_line_once_and_points_at_a_shared_one(retriever):
    rows = cast_table(retriever)
    spans = [(r.quote.source.file, r.quote.start, r.quote.end) for r in rows if r.quote]
    assert len(spans) == len(set(spans))
    for row in rows:
        if row.quote is None and row.quoted_with is not None:
            holder = next(r for r in rows if r.person == row.quoted_with)
            assert holder.quote is not None


@pytest.mark.parametrize("partial", ["han", "lee", "kim"])
def test_a_partial_name_lists_the_people_it_could_be(retriever, partial):
    with pytest.raises(UnknownPersonError, match="could be .*please pick one"):
        find_person(retriever, partial)


def test_the_most_specific_match_wins(retriever):
    assert find_person(retriever, "eunsoo mom").name == "Eun-soo's mother"
    assert find_person(retriever, "eun su").name == "Lee Eun-soo"


def test_the_start_of_one_persons_name_and_nobody_elses_is_that_person(retriever):
    # Asking "could be Jay Jun: please pick one" with a single choice is a dead end in Discord.
    assert find_person(retriever, "jay").name == "Jay Jun"
