"""`styrdok ask "…"`: one question, a readable answer with its sources, or `--json`."""

from __future__ import annotations

import argparse
import json
import sys

from ingest.messages import Messages
from service.engine.models import Answer, QuestionError
from service.engine.render_keys import REQUIRED
from styrdok.settings import Settings


def format_answer(answer: Answer, msgs: Messages) -> str:
    """The answer text, then its sources numbered, each with its verbatim quote."""
    lines = [answer.text]
    if answer.citations:
        lines += ["", msgs.render("ask_cli.sources")]
    for n, c in enumerate(answer.citations, start=1):
        section = c.section or msgs.render("ask_cli.no_section")
        quote = " ".join(c.quote.split())
        if c.page is None:
            lines.append(
                msgs.render(
                    "ask_cli.source_no_page", n=n, document=c.document, section=section, quote=quote
                )
            )
        else:
            lines.append(
                msgs.render(
                    "ask_cli.source",
                    n=n,
                    document=c.document,
                    section=section,
                    page=c.page,
                    quote=quote,
                )
            )
    return "\n".join(lines)


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    msgs = Messages.load(settings.prompts_dir)
    msgs.validate(REQUIRED)
    question = (args.question or "").strip()
    # checked before the index is opened: a usage error needs no index
    if not question:
        print(msgs.render("errors.empty_question"), file=sys.stderr)
        return 2
    if len(question) > settings.max_question_chars:
        print(
            msgs.render(
                "errors.question_too_long", length=len(question), limit=settings.max_question_chars
            ),
            file=sys.stderr,
        )
        return 2
    from styrdok.engine import build_engine

    engine = build_engine(settings)
    try:
        answer = engine.answer(question)
    except QuestionError as exc:
        print(msgs.render(f"errors.{exc.code}", **exc.params), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print(format_answer(answer, msgs))
    return 0
