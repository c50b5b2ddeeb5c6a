"""Fans' feedback on answers, kept in SQLite: what was asked, what was quoted, 👍 / 👎 votes.

Stdlib sqlite3 on one connection guarded by a lock and used from worker threads (asyncio.to_thread),
so the event loop never waits on the disk. WAL mode; the schema is versioned (PRAGMA user_version)
and migrated at start-up. Users are stored only as a keyed hash (HMAC-SHA256 with a secret key),
never as Discord ids. Rows older than the retention period are deleted at start-up and daily. A
failed write (disk full, database locked, read-only) never breaks an answer: it is logged and
counted (`Feedback.failures`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval import Hit

log = logging.getLogger(__name__)

DB_FILE = "feedback.sqlite3"
KEY_FILE = "feedback.key"

# Each entry moves the schema one version up; never edit an entry once released, add one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        asked_at REAL NOT NULL,
        question TEXT NOT NULL,
        found INTEGER NOT NULL,
        corpus_version TEXT NOT NULL,
        review TEXT
    );
    CREATE INDEX answers_asked_at ON answers(asked_at);
    CREATE TABLE quotes (
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        review TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        excerpt TEXT NOT NULL,
        PRIMARY KEY (answer_id, rank)
    );
    CREATE TABLE votes (
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        user TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        at REAL NOT NULL,
        PRIMARY KEY (answer_id, user)
    );
    """,
)


@dataclass(frozen=True)
class Tally:
    up: int
    down: int


class FeedbackStore:
    """The database itself (synchronous; call it from a worker thread)."""

    def __init__(self, path: Path, key: bytes, retention_days: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.key, self.retention_days = path, key, retention_days
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=2.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL never corrupts the database; a power cut may lose the last moments of
        # feedback, which is worth not syncing the disk on every answer under load.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=2000")
        self.migrate()

    def migrate(self) -> int:
        """Apply every migration above the database's version, each in one transaction."""
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
                log.info("feedback database migrated to schema %d", number)
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def user(self, user_id: int) -> str:
        return hmac.new(self.key, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    def record_answer(
        self, answer_id: str, question: str, hits: Sequence[Hit], corpus_version: str, review: str | None
    ) -> None:
        self.record_answers([(answer_id, question, hits, corpus_version, review, time.time())])

    def record_answers(self, batch: Sequence[tuple[str, str, Sequence[Hit], str, str | None, float]]) -> None:
        """Several answers in one transaction (the bot batches them under load)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for answer_id, question, hits, corpus_version, review, at in batch:
                    self._db.execute(
                        "INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                        (answer_id, at, question, int(bool(hits)), corpus_version, review),
                    )
                    self._db.executemany(
                        "INSERT OR IGNORE INTO quotes VALUES (?, ?, ?, ?, ?, ?)",
                        [(answer_id, n, h.source.file, h.start, h.end, h.excerpt) for n, h in enumerate(hits, 1)],
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def vote(self, answer_id: str, user_id: int, value: int) -> Tally:
        """One vote per user per answer; voting again changes it."""
        with self._lock:
            self._db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, user) DO UPDATE SET vote = ?, at = ?",
                (answer_id, self.user(user_id), value, time.time(), value, time.time()),
            )
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM votes WHERE answer_id = ?",
                (answer_id,),
            ).fetchone()
            return Tally(int(up), int(down))

    def prune(self, now: float | None = None) -> int:
        """Delete answers (with their quotes and votes) older than the retention period."""
        cutoff = (time.time() if now is None else now) - self.retention_days * 86400
        with self._lock:
            return self._db.execute("DELETE FROM answers WHERE asked_at < ?", (cutoff,)).rowcount

    def stats(self, days: int = 14, top: int = 10) -> dict[str, Any]:
        with self._lock:
            q = self._db.execute
            per_day = q(
                "SELECT date(asked_at, 'unixepoch') AS day, COUNT(*), SUM(found) FROM answers "
                "GROUP BY day ORDER BY day DESC LIMIT ?",
                (days,),
            ).fetchall()
            nothing = q(
                "SELECT lower(question) AS q, COUNT(*) AS n FROM answers WHERE found = 0 "
                "GROUP BY q ORDER BY n DESC, q LIMIT ?",
                (top,),
            ).fetchall()
            disliked = q(
                "SELECT a.question, SUM(v.vote < 0) AS down, SUM(v.vote > 0) AS up, "
                "(SELECT excerpt FROM quotes WHERE answer_id = a.id ORDER BY rank LIMIT 1), "
                "(SELECT review FROM quotes WHERE answer_id = a.id ORDER BY rank LIMIT 1) "
                "FROM votes v JOIN answers a ON a.id = v.answer_id GROUP BY a.id HAVING down > 0 "
                "ORDER BY down DESC, up LIMIT ?",
                (top,),
            ).fetchall()
            per_review = q(
                "SELECT qt.review, SUM(v.vote > 0), SUM(v.vote < 0) FROM votes v "
                "JOIN quotes qt ON qt.answer_id = v.answer_id AND qt.rank = 1 GROUP BY qt.review ORDER BY qt.review"
            ).fetchall()
            total, answered = q("SELECT COUNT(*), COALESCE(SUM(found), 0) FROM answers").fetchone()
        return {
            "questions": int(total),
            "answered_share": (answered / total) if total else None,
            "per_day": [{"day": d, "questions": n, "answered": int(a or 0)} for d, n, a in per_day],
            "nothing_found": [{"question": text, "times": n} for text, n in nothing],
            "most_disliked": [
                {"question": text, "down": int(d), "up": int(u), "quote": quote, "review": review}
                for text, d, u, quote, review in disliked
            ],
            "votes_per_review": [{"review": r, "up": int(u), "down": int(d)} for r, u, d in per_review],
        }

    def close(self) -> None:
        with self._lock:
            self._db.close()


def load_key(folder: Path, configured: str | None) -> bytes:
    """The hashing key: from settings, else kept in the data folder (created once, owner-only)."""
    if configured:
        return configured.encode()
    path = folder / KEY_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        path.write_bytes(key)
        path.chmod(0o600)
        return key


class Feedback:
    """The bot's side: every call off the event loop, every failure counted, never raised."""

    FLUSH_SECONDS = 0.2  # answers are written in batches: one transaction per interval, not per answer

    def __init__(self, store: FeedbackStore | None) -> None:
        self.store = store
        self.failures = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending: list[tuple[str, str, Sequence[Hit], str, str | None, float]] = []

    @classmethod
    def open(cls, folder: Path, key: str | None, retention_days: int) -> Feedback:
        try:
            store = FeedbackStore(folder / DB_FILE, load_key(folder, key), retention_days)
            removed = store.prune()
            if removed:
                log.info("feedback: removed %d answers older than %d days", removed, retention_days)
            return cls(store)
        except (sqlite3.Error, OSError) as exc:
            log.error("feedback storage is off: cannot open %s (%s)", folder / DB_FILE, exc)
            return cls(None)

    def record_answer(
        self, answer_id: str, question: str, hits: Sequence[Hit], corpus_version: str, review: str | None
    ) -> None:
        """Store an answer in the background (the reply does not wait for the disk)."""
        if self.store is None:
            return
        self._pending.append((answer_id, question, list(hits), corpus_version, review, time.time()))
        if not self._tasks:
            task = asyncio.create_task(self._flush_soon())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self.FLUSH_SECONDS)
        await self._flush()

    async def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch and self.store is not None:
            await self._guarded(self.store.record_answers, batch)

    async def vote(self, answer_id: str, user_id: int, value: int) -> Tally | None:
        """The answer's tally after this vote, or None when it could not be stored."""
        if self.store is None:
            return None
        await self._flush()  # the answer voted on may still be waiting in the batch
        return await self._guarded(self.store.vote, answer_id, user_id, value)

    async def stats(self) -> dict[str, Any] | None:
        if self.store is None:
            return None
        await self._flush()
        return await self._guarded(self.store.stats)

    async def prune_daily(self) -> None:
        while True:
            await asyncio.sleep(86400)
            if self.store is not None:
                await self._guarded(self.store.prune)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=2.0)
        await self._flush()

    async def _guarded(self, func: Any, *args: Any) -> Any:
        try:
            return await asyncio.to_thread(func, *args)
        except (sqlite3.Error, OSError) as exc:
            self.failures += 1
            log.warning("feedback storage failed (%d so far): %s", self.failures, exc)
            return None


def new_answer_id() -> str:
    return secrets.token_hex(6)
