"""`styrdok serve [--host] [--port] [--workers N]`: the chat page, the widget and the API over
uvicorn.

With `--workers N` (STYRDOK_WORKERS) uvicorn runs N processes; each builds its own app and
engine from the same Settings (passed to the children as JSON in STYRDOK_SERVE_SETTINGS).
Admin writes stay safe: an upload or removal holds the data dir's ingest lock (a file lock,
shared by all workers and the CLI), and every worker follows the index when CURRENT switches.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from fastapi import FastAPI

from styrdok.settings import Settings

SETTINGS_ENV = "STYRDOK_SERVE_SETTINGS"
# how often a thread holding the GIL hands it over (Python's default: 5 ms). An open answer's
# Python work would otherwise hold up the event loop and cheap answers 5 ms at a time.
SWITCH_INTERVAL_S = 0.0005


def _tune_process() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def worker_app() -> FastAPI:
    """A worker process's app (uvicorn factory), from the Settings its parent resolved."""
    from service.web.logging import configure_logging
    from styrdok.app import create_app

    configure_logging()
    _tune_process()
    return create_app(Settings(**json.loads(os.environ[SETTINGS_ENV])), warm_engine=True)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from service.web.logging import configure_logging
    from service.web.ui_text import load_messages
    from styrdok.app import create_app

    host = getattr(args, "host", None) or settings.host
    port = getattr(args, "port", None) or settings.port
    workers = getattr(args, "workers", None) or settings.workers
    configure_logging()
    _tune_process()
    msgs = load_messages(settings.prompts_dir)
    # proxy_headers off: the app decides from STYRDOK_TRUSTED_PROXIES who the client is
    print(msgs.render("ui.cli.serving", host=host, port=port), file=sys.stderr)
    if workers > 1:
        os.environ[SETTINGS_ENV] = json.dumps(settings.model_dump(mode="json"))
        uvicorn.run(
            "styrdok.serve:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
            access_log=False,
            proxy_headers=False,
        )
        return 0
    app = create_app(settings, warm_engine=True)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)
    return 0
