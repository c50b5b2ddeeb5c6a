import pytest

from retrieval.reviewers import reviewer_names

SEOULBEATS = "002_9206c0a811d284a2.txt"
ANNIE = "003_2c7f193caa7802ca.txt"
GEEK = "004_6b532b67f73d1517.txt"
GWENCHA = "001_1e67818f846d5a4b.txt"


@pytest.mark.parametrize(
    ("question", "file"),
    [
        ("what did seoul beats think of it", SEOULBEATS),
        ("does the seoulbeats one spoil stuff", SEOULBEATS),
        ("annies review has spoilers right", ANNIE),
        ("Did Annie like it?", ANNIE),
        ("what did the review geek think", GEEK),
        ("the reviewgeek score", GEEK),
        ("what did gwenchanona say", GWENCHA),  # a letter off, in a long name
        ("oreos and peanut butter review", ANNIE),
    ],
)
def test_a_reviewer_or_outlet_is_found_however_it_is_spaced_or_spelt(corpus, question, file):
    found = reviewer_names(corpus).find(question)
    assert found is not None and found[0] == {file}


def test_the_name_is_taken_out_of_the_question_and_the_rest_kept(corpus):
    _, rest = reviewer_names(corpus).find("what did seoul beats think of the ending")
    assert "seoul" not in rest and "beats" not in rest
    assert rest.split() == ["what", "did", "think", "of", "the", "ending"]


@pytest.mark.parametrize("question", ["what did reviewers think", "is seoul pretty in it"])
def test_a_question_naming_no_reviewer_has_no_scope(corpus, question):
    assert reviewer_names(corpus).find(question) is None


def test_two_reviewers_named_scope_the_question_to_both_and_a_korean_particle_is_read_off(corpus):
    named, rest = reviewer_names(corpus).find("what did seoul beats and gwencha noona say about the ost")
    assert named == {SEOULBEATS, GWENCHA} and "seoul" not in rest and "ost" in rest
    assert reviewer_names(corpus).find("annie는 결말 어떻게 생각해?")[0] == {ANNIE}


def test_a_reviewer_named_after_besides_or_other_than_is_left_out_of_the_search(retriever):
    corpus = retriever.corpus
    annie = {f for f, s in corpus.sources.items() if s.author == "Annie"}
    scope = retriever.scopes("did anyone else think it was boring besides annie")
    assert scope and annie.isdisjoint({s.file for s in scope}) and len(scope) == len(corpus.sources) - 1
    hits = retriever.search("what did the reviews other than annie say about the ost", k=3, include_spoilers=True)
    assert hits and all(h.source.author != "Annie" for h in hits)
