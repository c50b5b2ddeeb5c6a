import json
import subprocess
import sys

from tests.conftest import ROOT

FIELDS = {"source", "title", "author", "outlet", "url", "passage_id", "score", "excerpt", "start", "end", "spoiler"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_search_json_names_the_director_with_attribution():
    result = run("search", "Who directed it?", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and FIELDS <= set(hits[0])
    assert any("Kim Hee-won" in h["excerpt"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_text_output_shows_byline_and_link():
    result = run("search", "Stream If", "-k", "1", "--review", "001")
    assert result.returncode == 0
    assert "UzumaKushina, GwenchaNoona" in result.stdout and "https://gwenchanoona.com" in result.stdout


def test_search_with_empty_question_fails_with_a_readable_message():
    result = run("search", "  ")
    assert result.returncode == 1 and "empty" in result.stderr


def test_stats_prints_reviews_passages_vocabulary_and_build_time():
    result = run("stats")
    assert result.returncode == 0
    for word in ("reviews", "passages", "vocabulary", "build time"):
        assert word in result.stdout
