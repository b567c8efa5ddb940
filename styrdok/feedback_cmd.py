"""`styrdok feedback export [--out F]` (JSONL) and `styrdok feedback candidates FILE [--out F]`."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from styrdok.settings import Settings


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        yield f


def _write_jsonl(rows: Iterable[dict[str, Any]], path: Path | None) -> int:
    n = 0
    with _output(path) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def cmd_feedback(settings: Settings, args: argparse.Namespace) -> int:
    from service.web.feedback import FeedbackStore, feedback_path
    from service.web.ui_text import load_messages
    from styrdok.wiring import data_dir

    msgs = load_messages(settings.prompts_dir)
    out: Path | None = getattr(args, "out", None)
    if args.feedback_command == "export":
        store = FeedbackStore(feedback_path(data_dir(settings)), settings.feedback_retention_days)
        n = _write_jsonl(store.rows(), out)
        if out is not None:
            print(msgs.render("ui.cli.feedback_exported", count=n, path=out), file=sys.stderr)
        return 0
    if args.feedback_command == "candidates":
        from evals.feedback import candidates, write_candidates  # the evaluation's side

        rows = candidates(args.feedback)
        if out is None:
            _write_jsonl(rows, None)
            return 0
        write_candidates(rows, out)  # refuses to write into the dataset itself
        print(msgs.render("ui.cli.candidates_written", count=len(rows), path=out), file=sys.stderr)
        return 0
    raise AssertionError(args.feedback_command)
