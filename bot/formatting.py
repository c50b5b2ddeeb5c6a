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

if TYPE_CHECKING:
    pass

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
    if text.isprintable():  # no Cc or Cf character (nor any other unprintable one): nothing to remove
        return text
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


def attribution(source: Source, limit: int = FIELD_VALUE_MAX, excerpt: str | None = None, named: bool = False) -> str:
    """— author, outlet, linked to the quoted sentence itself when the review's URL is known (else
    to the page; no link when it does not fit in `limit`, since a cut link shows as broken
    markdown); never invents a byline and never shows a file name. `named`: the review's heading
    (`Source.heading`: its byline, else its label) is above the quote, so the line names the
    article instead (linked), and a review is never named twice."""
    place = escape(source.outlet or source.title or "")
    who = [escape(source.author)] if source.author else []
    if not who and not place:
        if named:
            return "— author and outlet not known"
        return fit(f"— {escape(source.label)} (author and outlet not known)", limit)
    if named and source.byline:
        article = escape(source.title or source.scope)  # "the Seoulbeats review" when it has no title
        if source.url:
            page = str(source.url)
            for url in (text_fragment(page, excerpt), page) if excerpt else (page,):
                linked = f"— [{article}]({url})"
                if len(linked) <= limit:
                    return linked
        return fit(f"— {article}", limit) if source.title else ""
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


def footer(scope: str, extra: str = "") -> str:
    text = f"Searched {scope}"
    return fit(f"{text} · {extra}" if extra else text, FOOTER_MAX)


def make_embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(
        title=fit(title, TITLE_MAX),
        description=fit(description, DESCRIPTION_MAX) if description else None,
        colour=COLOUR,
    )


def quoted_hits(hits: Sequence[Hit], reveal: bool, budget: int) -> str:
    """Quote blocks with their attribution lines, separated by blank lines, within `budget`."""
    per_hit = budget // max(len(hits), 1) - 2
    return "\n\n".join(quote_value(hit, reveal)(per_hit) for hit in hits)


def spoiler_note(hits: Sequence[Hit], reveal: bool) -> str:
    if not any(h.spoiler for h in hits):
        return ""
    if reveal:
        return "spoilers shown only to you"
    return "spoilers hidden · spoilers: True shows them to you alone"


def error_reply(message: str) -> Reply:
    return Reply(content=fit(message, CONTENT_MAX), ephemeral=True)


FieldValue = Callable[[int], str]


def with_fields(embed: discord.Embed, fields: Sequence[tuple[str, FieldValue]], overflow: str) -> discord.Embed:
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


def quote_value(hit: Hit | None, reveal: bool, lead: str = "", missing: str = "", named: bool = False) -> FieldValue:
    """A field's value: the quote and its attribution (`named`: the field's name is the review)."""

    def build(room: int) -> str:
        head = fit(lead, room // 4) + "\n" if lead else ""
        if hit is None:
            return fit(head + (missing or "*No review quote names them together.*"), room)
        # A hidden quote's words must not show in its link (Discord shows a link's URL on hover).
        line = attribution(hit.source, room // 3, hit.excerpt if reveal or not hit.spoiler else None, named)
        return f"{head}{quote_block(hit.excerpt, hit.spoiler, reveal, room - len(head) - len(line) - 1)}\n{line}"

    return build


def choices(pairs: Sequence[tuple[str, str]]) -> list[discord.app_commands.Choice[str]]:
    """Autocomplete choices within Discord's limits (25, names and values of ≤ 100 characters)."""
    out = []
    for name, value in pairs[:CHOICES_MAX]:
        if len(value) <= CHOICE_VALUE_MAX:
            out.append(
                discord.app_commands.Choice(name=fit(name, CHOICE_NAME_MAX) or value[:CHOICE_NAME_MAX], value=value)
            )
    return out
