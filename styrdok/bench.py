"""`styrdok bench ingest|ask|http`: speed and memory, with the reference figure from the same run."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from styrdok.settings import PROJECT_ROOT, Settings


def _run(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    if args.what == "ingest":
        from styrdok.bench_ingest import run_bench_ingest

        return run_bench_ingest(settings, rounds=args.rounds, corpus=args.corpus)
    if args.what == "ask":
        from styrdok.bench_ask import run_bench_ask

        return run_bench_ask(settings)
    from styrdok.bench_http import run_bench_http

    return run_bench_http(settings, seconds=args.seconds, clients=args.clients)


def cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    result = _run(settings, args)
    result = {"bench": args.what, "date": time.strftime("%Y-%m-%dT%H:%M:%S"), **result}
    if args.report:
        out = (
            PROJECT_ROOT
            / "evals"
            / "reports"
            / f"bench-{args.what}-{time.strftime('%Y-%m-%d')}.json"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(
            json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        width = max(len(k) for k in result)
        for k, v in result.items():
            if isinstance(v, float):
                v = f"{v:.3f}"
            print(f"{k:<{width}}  {v}")
    return 0
