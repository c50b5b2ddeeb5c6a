"""Replies as a terminal shows them (the local console and the one-shot CLI)."""

from __future__ import annotations

import re

from .formatting import Reply, unescape

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
