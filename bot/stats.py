"""What moderators read in /stats and `soundtrack-bot stats`: questions per day, the share answered,
the questions that found nothing (what to add to series.toml, or which review to add), the answers
fans disliked most with their quotes, and votes per review. Pure: statistics in, a Reply out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .formatting import Reply, error_reply, escape, fit, make_embed

FIELD = 1024


def stats_reply(stats: Mapping[str, Any] | None, label: Callable[[str], str]) -> Reply:
    """`label` names a review file as fans read it (the current corpus's label)."""
    if stats is None:
        return error_reply("Feedback storage is off or unavailable, so there are no statistics (see the bot log).")
    total = stats["questions"]
    share = stats["answered_share"]
    summary = f"{total} questions stored" + (f", {share:.0%} answered with quotes." if share is not None else ".")
    embed = make_embed("Questions and feedback", summary)
    days = [f"{d['day']}: {d['questions']} asked, {d['answered']} answered" for d in stats["per_day"]]
    nothing = [f"{n['times']}× “{escape(n['question'])}”" for n in stats["nothing_found"]]
    disliked = [
        f"👎 {d['down']} · 👍 {d['up']} “{escape(d['question'])}” → “{escape(fit(d['quote'] or '', 120))}” "
        f"({escape(label(d['review']))})"
        for d in stats["most_disliked"]
    ]
    reviews = [f"{escape(label(r['review']))}: 👍 {r['up']} · 👎 {r['down']}" for r in stats["votes_per_review"]]
    for name, lines, empty in (
        ("Per day (latest first)", days, "No questions yet."),
        ("Most frequent “nothing found” (add a spelling or synonym, or a review)", nothing, "None."),
        ("Answers with the most 👎", disliked, "No 👎 yet."),
        ("Votes per review (top quote)", reviews, "No votes yet."),
    ):
        embed.add_field(name=name, value=_lines(lines, empty), inline=False)
    embed.set_footer(text="Users are stored only as a keyed hash; old rows are deleted after the retention period.")
    return Reply(embeds=(embed,), ephemeral=True)


def _lines(lines: list[str], empty: str) -> str:
    out = ""
    for line in lines:
        if len(out) + len(line) + 1 > FIELD - 2:
            return out + "\n…"
        out += ("\n" if out else "") + line
    return out or empty
