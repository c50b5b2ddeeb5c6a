from retrieval.names import NameMatcher, compact

MATCHER = NameMatcher.build(
    [("Han Sun-woo", "sunwoo"), ("Sunwoo", "sunwoo"), ("Lee Eun-soo", "eunsoo"), ("Eunsu", "eunsoo")]
)


def test_compact_drops_spaces_hyphens_and_case():
    assert compact("Kang Woo-il") == compact("kangwooil") == "kangwooil"


def test_one_wrong_letter_still_matches_a_long_name():
    assert MATCHER.best("sunoo").key == "sunwoo"
    assert MATCHER.best("hansunwo").key == "sunwoo"


def test_short_or_distant_words_do_not_match():
    assert MATCHER.best("sun") is None
    assert MATCHER.best("sunny") is None


def test_resolve_joins_spaced_names_and_leaves_known_words_alone():
    spans = MATCHER.resolve(["eun", "su", "and", "sunny"], fuzzy_ok=lambda w: w not in {"and", "sunny"})
    assert spans == [(0, 2, "eunsoo")]


def test_ranked_offers_prefix_matches_first():
    assert [m.key for m in MATCHER.ranked("lee")][:1] == ["eunsoo"]
