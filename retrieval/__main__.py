"""python -m retrieval search "QUESTION" [-k 3] [--review FILE] [--json] | stats"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import CorpusError, RetrievalError, Retriever, load_corpus
from .models import Hit

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description="Search the seed reviews.")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of *.txt reviews")
    parser.add_argument("--config", type=Path, default=ROOT / "config", help="folder of the TOML files")
    sub = parser.add_subparsers(dest="command", required=True)
    search = sub.add_parser("search", help="print the best verbatim excerpts for a question")
    search.add_argument("question")
    search.add_argument("-k", type=int, default=3, help="how many hits (default 3)")
    search.add_argument("--review", help="only this review (file name, prefix, title or outlet)")
    search.add_argument("--no-spoilers", action="store_true", help="leave out passages after a spoiler warning")
    search.add_argument("--one-per-review", action="store_true", help="at most one hit per review")
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")
    sub.add_parser("stats", help="reviews, passages, vocabulary size, build time")
    return parser


def _render(hit: Hit) -> str:
    source = hit.source
    who = source.byline or "unknown author"
    head = f"{hit.rank}. {source.label} ({who})  score {hit.score:.2f}  [{hit.passage_id} {hit.start}-{hit.end}]"
    if hit.spoiler:
        head += "  SPOILER"
    lines = [head, f"   “{hit.excerpt}”"]
    if source.url:
        lines.append(f"   {source.url}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        corpus = load_corpus(args.seeds, args.config)
    except CorpusError as exc:
        print(f"error: cannot build the corpus: {exc}", file=sys.stderr)
        return 2
    if args.command == "stats":
        s = corpus.stats
        print(f"reviews     {s.reviews}\npassages    {s.passages}\nvocabulary  {s.vocabulary}")
        print(f"build time  {s.build_seconds * 1000:.1f} ms")
        return 0
    if args.k < 1:
        print("error: -k must be at least 1", file=sys.stderr)
        return 2
    retriever = Retriever(corpus)
    began = time.perf_counter()
    try:
        hits = retriever.search(
            args.question,
            k=args.k,
            review=args.review,
            include_spoilers=not args.no_spoilers,
            one_per_review=args.one_per_review,
        )
    except RetrievalError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
    elif not hits:
        print("Nothing in the reviews answers that well. Try other words, or a character's or actor's name.")
    else:
        print("\n\n".join(_render(h) for h in hits))
        print(
            f"\n({corpus.stats.reviews} reviews, {corpus.stats.passages} passages, "
            f"{(time.perf_counter() - began) * 1000:.1f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
