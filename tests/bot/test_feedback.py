"""Feedback storage: schema migrations, one changeable vote per user, hashed users, retention,
statistics, and failures that never break an answer."""

import sqlite3
import time

from bot.feedback import MIGRATIONS, Feedback, FeedbackStore, load_key
from retrieval import Hit, Source


def hit(excerpt: str, file: str = "003.txt") -> Hit:
    return Hit(source=Source(file=file), passage_id="x#0", rank=1, score=1.0, excerpt=excerpt, start=0, end=10)


def store(tmp_path, retention_days: int = 30) -> FeedbackStore:
    return FeedbackStore(tmp_path / "feedback.sqlite3", b"k" * 32, retention_days)


def test_a_new_database_is_migrated_to_the_latest_schema_and_reopening_changes_nothing(tmp_path):
    first = store(tmp_path)
    assert first.migrate() == len(MIGRATIONS)
    first.close()
    again = store(tmp_path)
    assert again.migrate() == len(MIGRATIONS)
    mode = sqlite3.connect(tmp_path / "feedback.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_changed_vote_counts_once_and_users_are_never_stored_raw(tmp_path):
    db = store(tmp_path)
    db.record_answer("a" * 12, "who directed it", [hit("Kim Hee-won directs.")], "v1", None)
    assert db.vote("a" * 12, 123456789012345678, 1).up == 1
    tally = db.vote("a" * 12, 123456789012345678, -1)
    assert (tally.up, tally.down) == (0, 1)
    assert db.vote("a" * 12, 987654321098765432, 1).up == 1
    db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("feedback.sqlite3*"))  # checkpointed on close
    assert b"123456789012345678" not in raw and b"987654321098765432" not in raw


def test_statistics_show_questions_per_day_nothing_found_and_the_most_disliked_answers(tmp_path):
    db = store(tmp_path)
    db.record_answer("a" * 12, "who directed it", [hit("Kim Hee-won directs.", "002.txt")], "v1", None)
    for n in range(3):
        db.record_answer(f"{n:012x}", "Is there a season 2", [], "v1", None)
    db.vote("a" * 12, 1, -1)
    stats = db.stats()
    assert stats["questions"] == 4 and stats["answered_share"] == 0.25
    assert stats["nothing_found"][0] == {"question": "is there a season 2", "times": 3}
    assert stats["most_disliked"][0]["quote"] == "Kim Hee-won directs." and stats["most_disliked"][0]["down"] == 1
    assert stats["votes_per_review"] == [{"review": "002.txt", "up": 0, "down": 1}]


def test_answers_older_than_the_retention_period_are_deleted_with_their_votes(tmp_path):
    db = store(tmp_path, retention_days=30)
    db.record_answer("a" * 12, "old question", [hit("x")], "v1", None)
    db.vote("a" * 12, 1, 1)
    assert db.prune(now=time.time() + 31 * 86400) == 1
    assert db.stats()["questions"] == 0 and db.stats()["votes_per_review"] == []


async def test_a_database_that_cannot_be_written_is_counted_and_never_raises(tmp_path):
    feedback = Feedback.open(tmp_path, None, 30)
    feedback.store._db.execute("PRAGMA query_only = ON")  # as a read-only or full disk would
    feedback.record_answer("b" * 12, "q", [hit("x")], "v1", None)
    await feedback.drain()
    assert await feedback.vote("b" * 12, 1, 1) is None
    assert feedback.failures == 2


def test_the_hashing_key_is_created_once_and_kept_private(tmp_path):
    key = load_key(tmp_path, None)
    assert load_key(tmp_path, None) == key and len(key) == 64
    assert (tmp_path / "feedback.key").stat().st_mode & 0o077 == 0
    assert load_key(tmp_path, "configured") == b"configured"
