"""The reply for each command: domain objects in, a Reply (embeds within Discord's limits) out.

Pure functions; the shared pieces (limits, escaping, quotes, attribution, field budgets) are in
formatting.py, and console rendering in render.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from retrieval import CorpusStats, Hit, Source
from retrieval.cast import CastRow
from retrieval.config import Person, SeriesConfig
from retrieval.verdict import Verdict

from .formatting import (
    CONTENT_MAX,
    DESCRIPTION_MAX,
    FOOTER_MAX,
    Reply,
    clean,
    error_reply,
    escape,
    fit,
    footer,
    inline_quote,
    make_embed,
    quote_value,
    quoted_hits,
    spoiler_note,
    with_fields,
)

if TYPE_CHECKING:
    from .library import ReloadResult


def ask_reply(
    question: str,
    hits: Sequence[Hit],
    scope: str,
    series: SeriesConfig,
    *,
    reveal: bool,
    page: int = 1,
    pages: int = 1,
) -> Reply:
    """One page of an /ask answer: the question as title, quotes with attribution, a footer saying
    what was searched. Asked with spoilers shown, it goes to the asker alone (ephemeral)."""
    if not hits:
        return nothing_found(question, scope, series)
    embed = make_embed(escape(clean(question)), quoted_hits(hits, reveal, DESCRIPTION_MAX - 16))
    extra = " · ".join(x for x in (f"page {page}/{pages}" if pages > 1 else "", spoiler_note(hits, reveal)) if x)
    embed.set_footer(text=footer(scope, extra))
    return Reply(embeds=(embed,), ephemeral=reveal)


def nothing_found(question: str, scope: str, series: SeriesConfig) -> Reply:
    shown = fit(escape(" ".join(clean(question).split())), 200)
    names = [p.name for p in series.people if p.kind == "character"][:2]
    who = f"a character ({', '.join(names)})" if names else "a character"
    text = (
        f"Nothing in {escape(scope)} answers “{shown}” well. Try other words: {who}, an actor, "
        "or a topic such as the ending, the OST or the chemistry. See /help for examples."
    )
    return Reply(content=fit(text, CONTENT_MAX), ephemeral=True)


def cast_table_reply(rows: Sequence[CastRow], scope: str, series: SeriesConfig) -> Reply:
    """Actor → character, each row backed by a short review quote."""
    embed = make_embed(f"{series.series.title}: the cast", "Who plays whom, in the reviewers' own words.")
    embed.set_footer(text=footer(scope, "/cast name: for more about someone"))
    fields = []
    for row in rows:
        if row.plays is not None:
            name = f"{row.person.name} → {row.plays.name}"
            lead = escape(row.plays.role or "")
        else:
            name = row.person.name
            lead = escape(row.person.role or "") + (
                " (actor not named in the reviews)" if row.person.kind == "character" else ""
            )
        missing = f"*Named in the quote for {escape(row.quoted_with.name)} above.*" if row.quoted_with else ""
        fields.append(
            (
                escape(name),
                lambda room, q=row.quote, lead=lead, missing=missing: quote_value(q, False, lead, missing)(
                    min(room, 420)
                ),
            )
        )
    return Reply(embeds=(with_fields(embed, fields, "and {n} more"),))


def person_reply(person: Person, partner: Person | None, hits: Sequence[Hit], scope: str, reveal: bool) -> Reply:
    """The best quotes about one cast member."""
    if person.kind == "actor" and partner:
        subtitle = f"{person.name}, who plays {partner.name}"
    elif partner:
        subtitle = (
            f"{person.name} ({person.role}), played by {partner.name}"
            if person.role
            else f"{person.name}, played by {partner.name}"
        )
    else:
        subtitle = f"{person.name} ({person.role})" if person.role else person.name
    if not hits:
        return Reply(
            content=fit(f"The reviews say nothing quotable about {escape(person.name)}.", CONTENT_MAX), ephemeral=True
        )
    embed = make_embed(escape(subtitle), quoted_hits(hits, reveal, DESCRIPTION_MAX - 16))
    embed.set_footer(text=footer(scope, spoiler_note(hits, reveal)))
    return Reply(embeds=(embed,), ephemeral=reveal)


def verdict_reply(
    verdicts: Sequence[Verdict], scope: str, series: SeriesConfig, reveal: bool, single: Source | None = None
) -> Reply:
    """One entry per review: the reviewer's overall judgement, quoted and attributed; for one
    review (`single`), titled for it."""
    if not verdicts:
        return error_reply(f"{scope[:1].upper()}{scope[1:]} gives no verdict I can quote.")
    if single is not None:
        embed = make_embed(
            f"{series.series.title}: the verdict of {single.scope}", "The overall judgement, in their own words."
        )
    else:
        embed = make_embed(
            f"{series.series.title}: the verdicts", "Each reviewer's overall judgement, in their own words."
        )
    note = spoiler_note([v.quote for v in verdicts], reveal)
    embed.set_footer(text=footer(scope, note))
    fields = []
    for v in verdicts:
        lead = f"Score: {inline_quote(v.rating, reveal)}" if v.rating else ""
        fields.append((escape(v.source.heading), quote_value(v.quote, reveal, lead, named=True)))
    return Reply(embeds=(with_fields(embed, fields, "and {n} more reviews: use /verdict review:"),), ephemeral=reveal)


def compare_reply(topic: str, rows: Sequence[tuple[Source, Hit | None]], scope: str, reveal: bool) -> Reply:
    """One field per review, side by side: its best quote on the topic, or that it says nothing."""
    found = [hit for _, hit in rows if hit is not None]
    if not found:
        return error_reply(
            f"No review says anything about “{fit(escape(clean(topic)), 200)}”. Try other words, or /ask a question."
        )
    embed = make_embed(f"Compare: {escape(clean(topic))}", "What each review says, best quote first per review.")
    embed.set_footer(text=footer(scope, spoiler_note(found, reveal)))
    ordered = sorted(rows, key=lambda row: row[1] is None)  # reviews with a quote first
    fields = [
        (
            escape(source.heading),
            quote_value(hit, reveal, named=True)
            if hit is not None
            else (lambda room: fit("*Says nothing about this.*", room)),
        )
        for source, hit in ordered
    ]
    embed = with_fields(embed, fields, "and {n} more reviews")
    for n in range(len(embed.fields)):
        field = embed.fields[n]
        embed.set_field_at(n, name=field.name, value=field.value, inline=True)
    return Reply(embeds=(embed,), ephemeral=reveal)


def sources_reply(sources: Sequence[Source], passages: dict[str, int], stats: CorpusStats) -> Reply:
    """The reviews in the corpus: title, author, outlet, link, passages, spoiler warning."""
    lines = []
    for s in sources:
        title = escape(s.label)
        head = f"[{title}]({s.url})" if s.url else f"**{title}**"
        who = ", ".join(escape(x) for x in (s.author, s.outlet) if x) or "author and outlet not known"
        date = f" · {s.published}" if s.published else ""
        warn = " · ⚠️ has a spoiler warning" if s.spoiler_from is not None else ""
        lines.append(f"{head}\n{who}{date} · {passages.get(s.file, 0)} passages{warn}")
    text = ""
    for n, line in enumerate(lines):
        more = f"\n\n…and {len(lines) - n} more." if n < len(lines) else ""
        if len(text) + len(line) + 2 + len(more) > DESCRIPTION_MAX - 40:
            text += f"\n\n…and {len(lines) - n} more."
            break
        text += ("\n\n" if text else "") + line
    embed = make_embed(f"The {stats.reviews} reviews I quote", text)
    embed.set_footer(text=fit(f"{stats.passages} passages in all", FOOTER_MAX))
    return Reply(embeds=(embed,))


def _help_fields(series: SeriesConfig) -> tuple[tuple[str, str], ...]:
    characters = [p for p in series.people if p.kind == "character"]
    actors = [p for p in series.people if p.kind == "actor"]
    first = characters[0].name if characters else "the lead"
    spelling = characters[0].spellings[0] if characters and characters[0].spellings else first
    hangul = next((s for p in actors for s in p.spellings if re.search(r"[\uac00-\ud7a3]", s)), None)
    return (
        (
            f"/ask question: why does {first} move in?",
            "Answers with up to 3 verbatim quotes from the reviews, "
            "each with who said it. Options: `review:` to ask one review, `spoilers: True` to show spoilers. "
            "◀ ▶ page through further quotes (anyone else pressing them gets their own copy).",
        ),
        (
            f"/cast  ·  /cast name: {spelling}",
            "The cast table with a supporting quote per row, or the best quotes about one person "
            "(any spelling works" + (f", Hangul too: {hangul}" if hangul else "") + ").",
        ),
        ("/verdict  ·  /verdict review: …", "Each reviewer's overall judgement (or score, such as 4/5)."),
        ("/compare topic: the ending", "What each review says about one topic, side by side."),
        ("/sources", "The reviews I quote: title, author, outlet, link, and whether they warn of spoilers."),
        ("/reload", "Moderators only: re-read the reviews and config; on any error the old corpus stays."),
        (
            "/review add  ·  /review remove",
            "Moderators only: add a review from an attached .txt file (with its title, author, outlet, link), "
            "or remove one after a confirmation.",
        ),
        ("/stats", "Moderators only: questions per day, what found nothing, the answers fans 👎 most."),
        ("/help", "This message."),
    )


def help_reply(series: SeriesConfig) -> Reply:
    info = series.series
    about = ", ".join(str(x) for x in (info.network, info.year) if x)
    embed = make_embed(
        f"{info.title} bot: help",
        f"I answer questions about *{escape(info.title)}*" + (f" ({about})" if about else "") + " with quotes "
        "from published reviews: never invented sentences, always who said it and where. "
        "Spoilers are hidden as ||spoilers||.",
    )
    for name, text in _help_fields(series):
        embed.add_field(name=name, value=text, inline=False)
    return Reply(embeds=(embed,), ephemeral=True)


def reload_reply(result: ReloadResult) -> Reply:
    """What a reload changed."""

    def names(files: Sequence[str]) -> str:
        return ", ".join(escape(f) for f in files) if files else "none"

    text = (
        f"Reloaded in {result.seconds * 1000:.0f} ms.\n"
        f"Reviews: {result.reviews_before} → {result.reviews_after} · "
        f"passages: {result.passages_before} → {result.passages_after}\n"
        f"Added: {names(result.added)}\nRemoved: {names(result.removed)}\nChanged: {names(result.changed)}"
    )
    if result.attribution:
        text += f"\nAttribution changed: {names(result.attribution)}"
    for copy, original in result.duplicates:
        text += (
            f"\n⚠️ {escape(copy)} is the same text as {escape(original)}: its quotes are shown once. "
            "Remove one of the two files if it was added by mistake."
        )
    if result.unattributed:
        text += (
            f"\n⚠️ No `sources.toml` entry (title, author, outlet, url) for: {names(result.unattributed)}. "
            "Their quotes are credited to their first words; the bot log names the files."
        )
    return Reply(embeds=(make_embed("Corpus reloaded", text),), ephemeral=True)
