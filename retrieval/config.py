"""The TOML files under config/ that the core reads: attribution, series knowledge, chunking."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from .errors import CorpusError

_M = TypeVar("_M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceFacts(_Strict):
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: HttpUrl | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class SeriesInfo(_Strict):
    title: str
    key: str = Field(pattern=r"^\w+$")
    spellings: tuple[str, ...] = ()
    year: int | None = None
    network: str | None = None


class Person(_Strict):
    key: str = Field(pattern=r"^\w+$")
    kind: Literal["actor", "character", "crew"]
    name: str
    spellings: tuple[str, ...] = ()
    plays: str | None = None
    role: str | None = None
    role_words: tuple[str, ...] = ()

    @property
    def all_spellings(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


class SynonymGroup(_Strict):
    words: tuple[str, ...] = Field(min_length=2)


class Group(_Strict):
    """Words that stand for several people at once ("the leads")."""

    words: tuple[str, ...] = Field(min_length=1)
    people: tuple[str, ...] = Field(min_length=1)


def entity_key(kind: str, name: str) -> str:
    """The one index term of a named entity: "Happiness" → "work_happiness"."""
    return f"{kind}_" + re.sub(r"\W", "", name.casefold())


class Work(_Strict):
    """Another title a review names: one entity, never its words."""

    title: str
    spellings: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return entity_key("work", self.title)


class Place(_Strict):
    name: str
    spellings: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return entity_key("place", self.name)


class Expansion(_Strict):
    when: tuple[str, ...] = Field(min_length=1)
    add: tuple[str, ...] = ()
    add_roles: bool = False
    add_people: bool = False
    add_works: bool = False
    add_places: bool = False


class WordList(_Strict):
    words: tuple[str, ...] = ()


class SeriesConfig(_Strict):
    series: SeriesInfo
    people: tuple[Person, ...] = ()
    synonyms: tuple[SynonymGroup, ...] = ()
    expansions: tuple[Expansion, ...] = ()
    cast_words: WordList = WordList()
    groups: tuple[Group, ...] = ()
    works: tuple[Work, ...] = ()
    places: tuple[Place, ...] = ()

    def person(self, key: str) -> Person | None:
        return next((p for p in self.people if p.key == key), None)

    def partner(self, key: str) -> str | None:
        """The other side of an actor/character pair, from `plays`."""
        for p in self.people:
            if p.key == key and p.plays:
                return p.plays
            if p.plays == key:
                return p.key
        return None


class Chat(_Strict):
    filler: tuple[str, ...] = ()


class Opinion(_Strict):
    words: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    rating: tuple[str, ...] = ()


class Facts(_Strict):
    number: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    duration: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    reason: tuple[str, ...] = ()  # question phrases asking why
    causes: tuple[str, ...] = ()  # sentence phrases that give a reason
    who: tuple[str, ...] = ()  # question words asking for a person ("who", "which actress")
    name: tuple[str, ...] = ()  # phrases asking for a name or a title ("what's the name of")
    place: tuple[str, ...] = ()  # phrases asking which place ("which country")
    title_nouns: tuple[str, ...] = ()  # a name asked of one of these is a title ("the name of the song")
    # Words after which "who" still asks ("can you tell me who", "han sohee plays who"), where
    # after a noun it only starts a clause ("artists who can't create").
    who_after: tuple[str, ...] = ()
    person_nouns: tuple[str, ...] = ()  # a name asked of one of these is a person's


class Needs(_Strict):
    """A subject reviews do not cover: a question saying one of `when` is answered only by a quote
    saying one of `evidence`."""

    when: tuple[str, ...]
    evidence: tuple[str, ...]
    topic: bool = True  # whether the words of `when` are searched for themselves


class QuestionRules(_Strict):
    """config/questions.toml: how a fan's question is read before it is searched."""

    chat: Chat = Chat()
    opinion: Opinion = Opinion()
    facts: Facts = Facts()
    needs: tuple[Needs, ...] = ()


class Chunking(_Strict):
    max_paragraph_words: int = Field(default=120, ge=10)
    window_words: int = Field(default=90, ge=10)
    heading_max_words: int = Field(default=8, ge=0)
    max_file_bytes: int = Field(default=1_000_000, ge=1)


class Chrome(_Strict):
    lines: tuple[str, ...] = ()
    spans: tuple[str, ...] = ()


class Spoilers(_Strict):
    warnings: tuple[str, ...] = ()
    reveals: tuple[str, ...] = ()  # after a warning, a passage matching one of these is hidden
    # … and one matching one of these is hidden anywhere, warned of or not (how the story ends)
    reveals_anywhere: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()  # moderators: a passage containing one of these phrases is always hidden
    show: tuple[str, ...] = ()  # … and one containing one of these is shown (unless also in `hide`)


class VerdictRules(_Strict):
    cues: tuple[str, ...] = ()
    judging: tuple[str, ...] = ()
    # A verdict's leaning: words praising the series, and words against it.
    praise: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    scores: tuple[str, ...] = ()
    tail: float = Field(default=0.35, gt=0, le=1)


class CorpusConfig(_Strict):
    verdict: VerdictRules = VerdictRules()
    chunking: Chunking = Chunking()
    chrome: Chrome = Chrome()
    spoilers: Spoilers = Spoilers()


def read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CorpusError(path.name, "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(path.name, f"TOML syntax error ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path.name, f"cannot be read ({exc.__class__.__name__})") from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"unknown key '{where}'"
    return f"{where}: {first['msg']}"


def _validate(model: type[_M], data: object, path: Path) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CorpusError(path.name, _describe(exc)) from None


def load_series(path: Path) -> SeriesConfig:
    series = _validate(SeriesConfig, read_toml(path), path)
    keys = [p.key for p in series.people]
    if len(set(keys)) != len(keys):
        raise CorpusError(path.name, "two people share a key")
    for p in series.people:
        if p.plays and p.plays not in keys:
            raise CorpusError(path.name, f"{p.key}.plays names unknown key '{p.plays}'")
    for g in series.groups:
        unknown = [k for k in g.people if k not in keys]
        if unknown:
            raise CorpusError(path.name, f"a group names unknown key '{unknown[0]}'")
    return series


def load_questions(path: Path) -> QuestionRules:
    return _validate(QuestionRules, read_toml(path), path)


def load_corpus_config(path: Path) -> CorpusConfig:
    raw = read_toml(path)
    # A file emptied or cut short by mistake would reload "fine" and show every ending unhidden:
    # the spoiler rules must be written, even as empty lists to turn hiding off on purpose.
    if not isinstance(raw.get("spoilers"), dict) or not raw["spoilers"]:
        raise CorpusError(
            path.name,
            "has no [spoilers] rules, so nothing would be hidden; restore them "
            "(or write [spoilers] with empty lists to turn spoiler hiding off on purpose)",
        )
    config = _validate(CorpusConfig, raw, path)
    for pattern in (*config.chrome.lines, *config.chrome.spans, *config.spoilers.warnings, *config.verdict.scores):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CorpusError(path.name, f"bad pattern {pattern!r} ({exc})") from None
    return config


def load_sources(path: Path) -> dict[str, SourceFacts]:
    raw = read_toml(path)
    out: dict[str, SourceFacts] = {}
    for name, facts in raw.items():
        if not isinstance(facts, dict):
            raise CorpusError(path.name, f"'{name}' must be a table of attribution facts")
        try:
            out[name] = SourceFacts.model_validate(facts)
        except ValidationError as exc:
            raise CorpusError(path.name, f"[{name}] {_describe(exc)}") from None
    return out
