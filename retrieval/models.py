"""Frozen pydantic models shared by the retrieval core and the bot."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, HttpUrl


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Frozen):
    """One review: its file and the attribution facts known about it (unknown ones stay None)."""

    file: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: HttpUrl | None = None
    published: str | None = None
    sha256: str = ""
    chars: int = Field(default=0, ge=0)
    spoiler_from: int | None = Field(default=None, description="offset after the spoiler warning")
    opening: str = Field(default="", description="the review's first words, to name a review with no title")

    @property
    def label(self) -> str:
        """A name a fan can read, never inventing facts and never the file name: the title, else the
        outlet, else the review's first words."""
        if self.title or self.outlet:
            return self.title or self.outlet or ""
        return f"Review starting “{self.opening}…”" if self.opening else "Untitled review"

    @property
    def scope(self) -> str:
        """The review as the object of "searched …": "Annie's review (oreosandpeanutbutter.com)"."""
        if self.author:
            return f"{self.author}'s review" + (f" ({self.outlet})" if self.outlet else "")
        if self.outlet:
            outlet = self.outlet[4:] if self.outlet.casefold().startswith("the ") else self.outlet
            return f"the {outlet} review"
        return f"the review starting “{self.opening}…”" if self.opening else "one untitled review"

    @property
    def byline(self) -> str:
        """Who said it and where, from known facts only ('' when none are known)."""
        return ", ".join(part for part in (self.author, self.outlet) if part)

    @property
    def heading(self) -> str:
        """A review heading a row of reviews side by side (/verdict, /compare): who wrote it and
        where ("Annie, oreosandpeanutbutter.com"), which fans know; an article's title ("The
        Weekend Binge: …") only when neither is known."""
        return self.byline or self.label


class Passage(Frozen):
    """A searchable unit: a paragraph, or a window of whole sentences of a long one."""

    id: str  # "file#n": the review's n-th passage
    source: str
    position: int = Field(ge=0, description="in corpus order: the BM25 index's passage id")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    # No copy of the text: it lives once, in Corpus.texts (Corpus.text_of(passage) reads it).
    spoiler: bool = False
    sentences: tuple[tuple[int, int], ...] = ()


class Hit(Frozen):
    """One search result: the excerpt to quote, where it sits in the source, and who wrote it."""

    source: Source
    passage_id: str
    rank: int = Field(ge=1)
    # What the hits were ranked by: for a search, the quote's answer score (share of the question
    # it covers, plus the passage's BM25 share and intent bonuses); never rises down the list.
    score: float
    excerpt: str = Field(max_length=500)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    spoiler: bool = False

    def as_dict(self) -> dict[str, object]:
        """The flat JSON shape of the CLI contract."""
        return {
            "rank": self.rank,
            "source": self.source.file,
            "title": self.source.title,
            "author": self.source.author,
            "outlet": self.source.outlet,
            "url": str(self.source.url) if self.source.url else None,
            "published": self.source.published,
            "passage_id": self.passage_id,
            "score": round(self.score, 6),
            "excerpt": self.excerpt,
            "start": self.start,
            "end": self.end,
            "spoiler": self.spoiler,
        }


class BM25Params(Frozen):
    """rank-bm25's BM25Okapi parameters (same names, same meaning)."""

    k1: float = Field(default=1.5, gt=0)
    b: float = Field(default=0.75, ge=0, le=1)
    epsilon: float = Field(default=0.25, ge=0)


class SearchRequest(Frozen):
    """One search, as asked: what the second stage and the filters need, in one value."""

    question: str
    k: int = Field(default=3, ge=1)
    review: str | None = None  # a file name, title, outlet or author: search only that review
    # Spoiler passages are searched only when included (whether a shown quote is then hidden
    # behind bars is the bot's business); `prefer_visible` ranks a shown quote that answers about as
    # well before a hidden one.
    include_spoilers: bool = False
    one_per_review: bool = False
    prefer_visible: bool = False


class SearchParams(Frozen):
    """Knobs of the search beyond BM25 itself."""

    max_query_chars: int = Field(default=1000, ge=1)
    # Answers remembered per corpus, least recently asked dropped first: ~20 KB each for the bot's
    # twelve quotes (~5 MB in all); 0 searches every time.
    answer_cache: int = Field(default=256, ge=0)
    max_excerpt_chars: int = Field(default=500, ge=40, le=500)
    # A passage must cover this share of the question's weight (idf of its distinct terms) to be
    # shown: below it, the honest answer is "nothing found".
    min_coverage: float = Field(default=0.25, ge=0, le=1)
    # A question word no review uses weighs this share of an average word: fans phrase things their
    # own way ("hang out"), so such a word alone must not sink an answer; several of them still do.
    unknown_weight: float = Field(default=0.5, ge=0)
    # With `prefer_visible`, a shown quote gets this much (on the answer score's scale, where covering
    # the whole question is 1) over a hidden one: a visible quote answering about as well comes first.
    visible_bonus: float = Field(default=0.15, ge=0)
    # The most passages the second stage reads for one search (filters widen the BM25 head up to it).
    max_candidates: int = Field(default=1536, ge=24)
    # Stop reading candidates once k quotes beat the best any unread one could score. Off, every
    # candidate is read: the same answers, slower (tests compare the two).
    prune: bool = True


class CorpusStats(Frozen):
    reviews: int
    passages: int
    vocabulary: int
    build_seconds: float
    # What the corpus was built from (every review's text, the attribution facts and the config),
    # hashed: two processes serving the same files report the same version.
    version: str = ""
    built_at: float = 0.0  # Unix time
