"""Pure formatting: domain objects in, Discord messages out, always within Discord's limits.

Quotes are shown as written: markdown escaped, never reworded; a cut is marked with `…`.
Spoiler quotes are wrapped in ||…|| unless the user asked to see spoilers.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord

from retrieval import CorpusStats, Hit, Source
from retrieval.cast import CastRow
from retrieval.config import Person, SeriesConfig
from retrieval.verdict import Verdict

if TYPE_CHECKING:
    from .library import ReloadResult

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100

ELLIPSIS = "\u2026"
COLOUR = discord.Colour(0x5865F2)
NO_MENTIONS = discord.AllowedMentions.none()
# Markdown that only matters at the start of a line (headings, lists, subtext) in Discord.
# Characters that are markdown (or a mention, emoji or timestamp: `<@…>`, `<:…>`, `<t:…>`) anywhere.
_ANYWHERE = re.compile(r"([\\*_~|`\[\]<])")
# Markdown only at the start of a line: headings, subtext, lists, block quotes; numbered lists
# need the backslash after the number ("1\." renders "1."; "\1." would show the backslash).
_LINE_START = re.compile(r"^([ \t]*)([#>+-])|^([ \t]*\d+)(\.)(?=\s)", re.MULTILINE)
# "https://…" is autolinked; "https\://…" shows the same text as plain words (invites stay dead).
_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


@dataclass(frozen=True)
class Reply:
    """A message as the bot sends it: the same object feeds Discord, the console and --json."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    ephemeral: bool = False
    components: tuple[dict[str, Any], ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        """The message body Discord receives (allowed_mentions: nobody is ever pinged)."""
        return {
            "content": self.content,
            "embeds": [e.to_dict() for e in self.embeds],
            "components": list(self.components),
            "flags": 64 if self.ephemeral else 0,
            "allowed_mentions": {"parse": []},
        }


def fit(text: str, limit: int) -> str:
    """text, or its head cut at a word boundary and marked with …, at most `limit` characters."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    # Never leave a dangling escape backslash that would swallow the ellipsis.
    while head.endswith("\\"):
        head = head[:-1]
    return head.rstrip() + ELLIPSIS


def clean(text: str) -> str:
    """Control and invisible format characters (bidi overrides, zero-width joiners, a BOM) removed,
    so they cannot garble a reply: applied to echoed questions and to quotes as shown (a quote
    stays verbatim in every visible character)."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))


def escape(text: str) -> str:
    """Text Discord renders back exactly as written: every markdown character, mention or emoji
    opener and line-start marker backslash-escaped, and links shown as plain text. `unescape`
    inverts it."""
    text = _ANYWHERE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)
    return _SCHEME.sub(r"\\:", text)


def unescape(text: str) -> str:
    """What Discord shows for escaped text: each backslash-escaped punctuation mark, unescaped."""
    return _ESCAPED.sub(r"\1", text)


def quote_block(excerpt: str, spoiler: bool, reveal: bool, limit: int) -> str:
    """`> quote` with markdown escaped; spoilers hidden; cut (verbatim head + …) to fit `limit`.

    The source text is cut before escaping and wrapping, so no escape sequence or `||` is split."""
    hide = spoiler and not reveal

    def wrap(raw: str) -> str:
        body = escape(raw)
        if not hide:
            return f"> {body}"
        # A bar must not start or end on an escaped character ("\|||"): a space keeps them apart.
        lead = " " if body.startswith("\\") else ""
        tail = " " if body.endswith(("|", "\\")) or _ESCAPED.search(body[-2:]) else ""
        return f"> ||{lead}{body}{tail}||"

    raw = clean(excerpt)
    block = wrap(raw)
    while len(block) > limit and raw:
        # Escaping only lengthens text, so cutting the overflow from the source always gains enough.
        raw = fit(raw, max(len(raw) - (len(block) - limit), 0))
        block = wrap(raw)
    return block


def text_fragment(url: str, excerpt: str, edge_words: int = 4) -> str:
    """`url` pointing at the quoted words with a URL text fragment (`#:~:text=start,end`, WICG
    scroll-to-text): the first and last few words of the quote, or the whole quote when short.
    Dashes, commas and ampersands are percent-encoded as the spec requires, like every character
    outside the unreserved set, so no quote can break the link or its markdown."""
    words = excerpt.strip().strip(ELLIPSIS).split()
    if not words:
        return url

    def enc(part: list[str]) -> str:
        return urllib.parse.quote(" ".join(part), safe="").replace("-", "%2D")

    if len(words) <= 2 * edge_words:
        directive = enc(words)
    else:
        directive = f"{enc(words[:edge_words])},{enc(words[-edge_words:])}"
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def attribution(source: Source, limit: int = FIELD_VALUE_MAX, excerpt: str | None = None) -> str:
    """— author, outlet, linked to the quoted sentence itself when the review's URL is known (else
    to the page; no link when it does not fit in `limit`, since a cut link shows as broken
    markdown); never invents a byline and never shows a file name."""
    place = escape(source.outlet or source.title or "")
    who = [escape(source.author)] if source.author else []
    if not who and not place:
        return fit(f"— {escape(source.label)} (author and outlet not known)", limit)
    if source.url:
        page = str(source.url)
        for url in (text_fragment(page, excerpt), page) if excerpt else (page,):
            linked = "— " + ", ".join([*who, f"[{place or 'the review'}]({url})"])
            if len(linked) <= limit:
                return linked
    return fit("— " + ", ".join([*who, *([place] if place else [])]), limit)


def inline_quote(hit: Hit, reveal: bool) -> str:
    """A short quote inside a line (a score), hidden like any spoiler quote."""
    body = escape(clean(hit.excerpt))
    return (
        f"||{body} ||"
        if hit.spoiler and not reveal and body.endswith(("|", "\\"))
        else (f"||{body}||" if hit.spoiler and not reveal else body)
    )


def all_reviews(stats: CorpusStats) -> str:
    """The scope of a search over the whole corpus, as footers and messages name it."""
    return "the only review" if stats.reviews == 1 else f"the {stats.reviews} reviews"


def _footer(scope: str, extra: str = "") -> str:
    text = f"Searched {scope}"
    return fit(f"{text} · {extra}" if extra else text, FOOTER_MAX)


def _embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(
        title=fit(title, TITLE_MAX),
        description=fit(description, DESCRIPTION_MAX) if description else None,
        colour=COLOUR,
    )


def _quoted_hits(hits: Sequence[Hit], reveal: bool, budget: int) -> str:
    """Quote blocks with their attribution lines, separated by blank lines, within `budget`."""
    per_hit = budget // max(len(hits), 1) - 2
    return "\n\n".join(_quote_value(hit, reveal)(per_hit) for hit in hits)


def _spoiler_note(hits: Sequence[Hit], reveal: bool) -> str:
    if not any(h.spoiler for h in hits):
        return ""
    if reveal:
        return "spoilers shown only to you"
    return "spoilers hidden · spoilers: True shows them to you alone"


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
    embed = _embed(escape(clean(question)), _quoted_hits(hits, reveal, DESCRIPTION_MAX - 16))
    extra = " · ".join(x for x in (f"page {page}/{pages}" if pages > 1 else "", _spoiler_note(hits, reveal)) if x)
    embed.set_footer(text=_footer(scope, extra))
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


def error_reply(message: str) -> Reply:
    return Reply(content=fit(message, CONTENT_MAX), ephemeral=True)


FieldValue = Callable[[int], str]


def _with_fields(embed: discord.Embed, fields: Sequence[tuple[str, FieldValue]], overflow: str) -> discord.Embed:
    """Add fields within the 25-field, 1,024-per-value and 6,000-in-all limits. Each value is built
    for the room it gets, so quotes are cut (with …) before they are wrapped, never after."""
    used = len(embed.title or "") + len(embed.description or "") + len(embed.footer.text or "")
    budget = EMBED_TOTAL_MAX - used - 32
    most = max(1, min(FIELDS_MAX, budget // 160))
    shown = list(fields)
    if len(shown) > most:
        rest = len(shown) - (most - 1)
        note = overflow.format(n=rest)
        shown = shown[: most - 1] + [("…", lambda room, note=note: fit(note, room))]
    share = budget // len(shown)
    for name, value in shown:
        name = fit(name, min(FIELD_NAME_MAX, share // 4))
        embed.add_field(name=name, value=value(min(FIELD_VALUE_MAX, share - len(name))), inline=False)
    return embed


def _quote_value(hit: Hit | None, reveal: bool, lead: str = "", missing: str = "") -> FieldValue:
    def build(room: int) -> str:
        head = fit(lead, room // 4) + "\n" if lead else ""
        if hit is None:
            return fit(head + (missing or "*No review quote names them together.*"), room)
        # A hidden quote's words must not show in its link (Discord shows a link's URL on hover).
        line = attribution(hit.source, room // 3, hit.excerpt if reveal or not hit.spoiler else None)
        return f"{head}{quote_block(hit.excerpt, hit.spoiler, reveal, room - len(head) - len(line) - 1)}\n{line}"

    return build


def cast_table_reply(rows: Sequence[CastRow], scope: str, series: SeriesConfig) -> Reply:
    """Actor → character, each row backed by a short review quote."""
    embed = _embed(f"{series.series.title}: the cast", "Who plays whom, in the reviewers' own words.")
    embed.set_footer(text=_footer(scope, "/cast name: for more about someone"))
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
                lambda room, q=row.quote, lead=lead, missing=missing: _quote_value(q, False, lead, missing)(
                    min(room, 420)
                ),
            )
        )
    return Reply(embeds=(_with_fields(embed, fields, "and {n} more"),))


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
    embed = _embed(escape(subtitle), _quoted_hits(hits, reveal, DESCRIPTION_MAX - 16))
    embed.set_footer(text=_footer(scope, _spoiler_note(hits, reveal)))
    return Reply(embeds=(embed,), ephemeral=reveal)


def verdict_reply(
    verdicts: Sequence[Verdict], scope: str, series: SeriesConfig, reveal: bool, single: Source | None = None
) -> Reply:
    """One entry per review: the reviewer's overall judgement, quoted and attributed; for one
    review (`single`), titled for it."""
    if not verdicts:
        return error_reply(f"{scope[:1].upper()}{scope[1:]} gives no verdict I can quote.")
    if single is not None:
        embed = _embed(
            f"{series.series.title}: the verdict of {single.scope}", "The overall judgement, in their own words."
        )
    else:
        embed = _embed(f"{series.series.title}: the verdicts", "Each reviewer's overall judgement, in their own words.")
    note = _spoiler_note([v.quote for v in verdicts], reveal)
    embed.set_footer(text=_footer(scope, note))
    fields = []
    for v in verdicts:
        lead = f"Score: {inline_quote(v.rating, reveal)}" if v.rating else ""
        fields.append((escape(v.source.label), _quote_value(v.quote, reveal, lead)))
    return Reply(embeds=(_with_fields(embed, fields, "and {n} more reviews: use /verdict review:"),), ephemeral=reveal)


def compare_reply(topic: str, rows: Sequence[tuple[Source, Hit | None]], scope: str, reveal: bool) -> Reply:
    """One field per review, side by side: its best quote on the topic, or that it says nothing."""
    found = [hit for _, hit in rows if hit is not None]
    if not found:
        return error_reply(
            f"No review says anything about “{fit(escape(clean(topic)), 200)}”. Try other words, or /ask a question."
        )
    embed = _embed(f"Compare: {escape(clean(topic))}", "What each review says, best quote first per review.")
    embed.set_footer(text=_footer(scope, _spoiler_note(found, reveal)))
    ordered = sorted(rows, key=lambda row: row[1] is None)  # reviews with a quote first
    fields = [
        (
            escape(source.label),
            _quote_value(hit, reveal) if hit is not None else (lambda room: fit("*Says nothing about this.*", room)),
        )
        for source, hit in ordered
    ]
    embed = _with_fields(embed, fields, "and {n} more reviews")
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
    embed = _embed(f"The {stats.reviews} reviews I quote", text)
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
        ("/stats", "Moderators only: questions per day, what found nothing, the answers fans 👎 most."),
        ("/help", "This message."),
    )


def help_reply(series: SeriesConfig) -> Reply:
    info = series.series
    about = ", ".join(str(x) for x in (info.network, info.year) if x)
    embed = _embed(
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
    if result.unattributed:
        text += (
            f"\n⚠️ No `sources.toml` entry (title, author, outlet, url) for: {names(result.unattributed)}. "
            "Their quotes are credited to their first words; the bot log names the files."
        )
    return Reply(embeds=(_embed("Corpus reloaded", text),), ephemeral=True)


def choices(pairs: Sequence[tuple[str, str]]) -> list[discord.app_commands.Choice[str]]:
    """Autocomplete choices within Discord's limits (25, names and values of ≤ 100 characters)."""
    out = []
    for name, value in pairs[:CHOICES_MAX]:
        if len(value) <= CHOICE_VALUE_MAX:
            out.append(
                discord.app_commands.Choice(name=fit(name, CHOICE_NAME_MAX) or value[:CHOICE_NAME_MAX], value=value)
            )
    return out


_SPOILER_BAR = re.compile(r"\|\|(.+?)\|\|(?!\|)", re.S)
_MASKED_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\((<?)(\S+?)>?\)")
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")


def plain(markdown: str) -> str:
    """Discord markdown as a terminal shows it: escapes undone, links as "text <url>", bold
    dropped, and each spoiler as a marked block instead of its words."""
    text = _SPOILER_BAR.sub("[spoiler hidden: add spoilers: true to see it]", markdown)
    text = _MASKED_LINK.sub(lambda m: f"{m[1]} <{m[3]}>", text)
    text = _BOLD.sub(r"\1", text)
    return unescape(text)


def render_text(reply: Reply) -> str:
    """The message as plain text, for the local console."""
    out: list[str] = []
    if reply.content:
        out.append(plain(reply.content))
    for embed in reply.embeds:
        data = embed.to_dict()
        if data.get("title"):
            out.append(f"== {plain(data['title'])} ==")
        if data.get("description"):
            out.append(plain(data["description"]))
        for f in data.get("fields", []):
            out.append(f"-- {plain(f['name'])}\n{plain(f['value'])}")
        if data.get("footer"):
            out.append(f"({data['footer']['text']})")
    for row in reply.components:
        labels = [c.get("label", "") for c in row.get("components", []) if not c.get("disabled")]
        if labels:
            out.append("  ".join(f"[{label}]" for label in labels))
    if reply.ephemeral:
        out.append("(only you can see this)")
    return "\n".join(out)
