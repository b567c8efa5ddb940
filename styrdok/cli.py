"""`styrdok` command line: a thin adapter over ingest, service and evals."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.errors import IndexMismatchError, IngestError, NoIndexError
from ingest.messages import Messages
from service.engine.errors import error_text
from styrdok.settings import Settings


def _messages(settings: Settings) -> Messages:
    return Messages.load(settings.prompts_dir)


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.pipeline import FileResult, run_ingest
    from styrdok.wiring import build_embedder, build_store, data_dir

    msgs = _messages(settings)

    def on_file(r: FileResult) -> None:
        if r.status in ("failed", "kept"):
            assert r.error is not None
            text = msgs.render(
                f"ingest.{r.status}", message=error_text(msgs, r.error), document=r.document
            )
            print(text, file=sys.stderr)
        elif not args.json:
            print(
                msgs.render(
                    f"ingest.{r.status}",
                    path=r.path,
                    document=r.document,
                    pages=r.pages,
                    chunks=r.chunks,
                )
            )

    from styrdok.ingest_prep import prepare_ingest

    prepare_ingest(settings, args.restore or (), msgs)  # --restore, the sweep of leftovers
    paths = [Path(p) for p in args.paths]
    report = run_ingest(
        data_dir(settings),
        build_store(settings),
        build_embedder(settings),
        corpus_dir=settings.corpus_dir,
        paths=paths or None,
        mode="add" if paths and not args.sync else "sync",
        remove=args.remove or (),
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
        progress=not args.json and sys.stderr.isatty() or args.progress,
        on_file=on_file,
    )
    if args.json:
        from styrdok.ingest_report import understood_json

        print(
            json.dumps(
                {
                    "version": report.version,
                    "seconds": round(report.seconds, 3),
                    "ok": report.ok,
                    "files": [
                        {
                            "path": r.path,
                            "document": r.document,
                            "status": r.status,
                            "pages": r.pages,
                            "chunks": r.chunks,
                            "error": error_text(msgs, r.error) if r.error else None,
                            "code": r.error.code if r.error else None,
                            "understood": understood_json(msgs, r.understood),
                        }
                        for r in report.results
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        from styrdok.ingest_report import print_understood

        for r in report.results:  # after the run: links are known once every document is read
            if r.status == "indexed":
                print_understood(msgs, r.document, r.understood)
        docs = sum(1 for r in report.results if r.status != "removed" and r.status != "failed")
        print(
            msgs.render(
                "ingest.summary",
                seconds=f"{report.seconds:.1f}",
                documents=docs,
                chunks=report.chunks_total,
                embedded=report.chunks_embedded,
                version=report.version,
            )
        )
        if not report.ok:
            print(msgs.render("ingest.summary_failed", failed=len(report.failed)), file=sys.stderr)
    return 0 if report.ok else 1


def cmd_sections(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.index import Snapshot
    from styrdok.wiring import build_store, data_dir

    snap = Snapshot.open(data_dir(settings), build_store(settings))
    rows: list[dict[str, Any]] = []
    wanted = args.document or snap.default_document  # without --document: the default one
    for program in snap.programs.values():
        if program.document != wanted:
            continue
        for s in program.sections:
            rows.append(
                {
                    "id": s.id,
                    "title": s.title,
                    "kind": s.kind,
                    "pages": s.pages,
                    "owners": s.owner_abbreviations,
                    "document": s.document,
                }
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        owners = ", ".join(r["owners"])
        pages = ",".join(str(p) for p in r["pages"])
        indent = "  " if r["kind"] == "sub_goal" else ""
        line = f"{indent}{r['id']:<28} {r['title']}  (s. {pages})"
        print(line + (f"  [{owners}]" if owners else ""))
    return 0


def cmd_config(settings: Settings, args: argparse.Namespace) -> int:
    from styrdok.config import effective_settings

    values = effective_settings(settings)
    if args.json:
        print(json.dumps(values, ensure_ascii=False, indent=1))
        return 0
    width = max(len(k) for k in values)
    for name, value in values.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        print(f"{name:<{width}}  {shown}")
    return 0


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="overrides STYRDOK_DATA_DIR")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="styrdok", description="Frågor och svar om styrdokument.")
    _add_global(p)
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read documents into the index")
    ing.add_argument("paths", nargs="*", help="files to add or update (default: the manifest)")
    ing.add_argument("--sync", action="store_true", help="index exactly the manifest plus PATHs")
    ing.add_argument("--remove", action="append", metavar="ID", help="remove a document by id")
    ing.add_argument(
        "--restore", action="append", metavar="ID", help="bring back a removed manifest document"
    )
    ing.add_argument("--json", action="store_true")
    ing.add_argument("--progress", action="store_true", help="show progress bars")

    sec = sub.add_parser("sections", help="the parsed structure of a document")
    sec.add_argument("--json", action="store_true")
    sec.add_argument("--document", help="document id (default: the manifest's default document)")

    docs = sub.add_parser("documents", help="the documents in the index")
    docs.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="ask a question")
    ask.add_argument("question", nargs="?", default="")
    ask.add_argument("--json", action="store_true")

    ev = sub.add_parser("eval", help="run the evaluation set")
    ev.add_argument(
        "--suite",
        choices=("program", "multi", "all"),
        default="program",
        help="program: the single-document cases; multi: the fixture corpus; all: both",
    )
    ev.add_argument("--dataset", type=Path, help="one case file instead of the suite's splits")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--no-report", action="store_true", help="do not write evals/reports/")
    ev.add_argument("--gate", action="store_true", help="fail below the floor or the baseline")
    ev.add_argument("--update-baseline", action="store_true", help="write evals/baseline.json")
    ev.add_argument("--no-baseline-rag", action="store_true", help="skip the langchain baseline")

    bench = sub.add_parser("bench", help="measure speed and memory")
    bench.add_argument("what", choices=["ingest", "ask", "http"])
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--seconds", type=float, default=30.0, help="http: duration")
    bench.add_argument("--clients", type=int, default=50, help="http: concurrent clients")
    bench.add_argument("--corpus", type=Path, help="ingest: another corpus folder (manifest.json)")
    bench.add_argument("--rounds", type=int, default=5, help="ingest: pipeline/embedder rounds")
    bench.add_argument(
        "--report", action="store_true", help="also write evals/reports/bench-*.json"
    )

    serve = sub.add_parser("serve", help="serve the chat and the API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, help="processes, each with its own engine (STYRDOK_WORKERS)"
    )

    sub.add_parser("mcp", help="serve the tools as an MCP server over stdio")

    cfg = sub.add_parser("config", help="the effective settings (secrets masked)")
    cfg.add_argument("--json", action="store_true")

    fb = sub.add_parser("feedback", help="user feedback")
    fbsub = fb.add_subparsers(dest="feedback_command", required=True)
    exp = fbsub.add_parser("export", help="write feedback as JSONL")
    exp.add_argument("--out", type=Path, help="file (default: stdout)")
    cand = fbsub.add_parser("candidates", help="turn exported feedback into candidate eval rows")
    cand.add_argument("feedback", type=Path, help="JSONL from `styrdok feedback export`")
    cand.add_argument("--out", type=Path, help="file (default: stdout)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {}
    if args.data_dir:
        overrides["data_dir"] = Path(args.data_dir)
    from styrdok.config import ConfigError, load_settings

    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        return _dispatch(settings, args)
    except (NoIndexError, IndexMismatchError, IngestError) as exc:
        print(error_text(_messages(settings), exc), file=sys.stderr)
        return 2


def _dispatch(settings: Settings, args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "ingest":
        return cmd_ingest(settings, args)
    if cmd == "sections":
        return cmd_sections(settings, args)
    if cmd == "documents":
        from styrdok.ingest_report import cmd_documents

        return cmd_documents(settings, args)
    if cmd == "ask":
        from styrdok.ask_cmd import cmd_ask

        return cmd_ask(settings, args)
    if cmd == "eval":
        from styrdok.eval_cmd import cmd_eval

        return cmd_eval(settings, args)
    if cmd == "bench":
        from styrdok.bench import cmd_bench

        return cmd_bench(settings, args)
    if cmd == "serve":
        from styrdok.serve import cmd_serve

        return cmd_serve(settings, args)
    if cmd == "mcp":
        from styrdok.mcp_server import run_mcp

        return run_mcp(settings)
    if cmd == "config":
        return cmd_config(settings, args)
    if cmd == "feedback":
        from styrdok.feedback_cmd import cmd_feedback

        return cmd_feedback(settings, args)
    raise AssertionError(cmd)


if __name__ == "__main__":
    sys.exit(main())
