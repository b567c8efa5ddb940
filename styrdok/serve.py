"""`styrdok serve [--host] [--port]`: the chat page, the widget and the API over uvicorn."""

from __future__ import annotations

import argparse
import sys

from styrdok.settings import Settings


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from service.web.logging import configure_logging
    from service.web.ui_text import load_messages
    from styrdok.app import create_app

    host = getattr(args, "host", None) or settings.host
    port = getattr(args, "port", None) or settings.port
    configure_logging()
    app = create_app(settings)
    msgs = load_messages(settings.prompts_dir)
    print(msgs.render("ui.cli.serving", host=host, port=port), file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)
    return 0
