"""The multi-document fixture corpus (tests/fixtures/multidoc/, FICTIONAL) as an index of its own.

Each manifest entry's file is made from its source: `render: "house"` through
tests/fixtures/house_template.py, `"docx"` through tests/fixtures/docx_builder.py, `"plain"` as
is, and `source: "corpus"` copies that file from corpus/. The corpus and its index live under
<data dir>/eval-multi/, reused while the content hash of everything they are made from (manifest,
sources, renderers, glossary) is unchanged; ingest runs every time and keeps what it can.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.embedders import Embedder
from ingest.messages import Messages
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore
from styrdok.settings import PROJECT_ROOT, Settings

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "multidoc"
CORPUS = PROJECT_ROOT / "corpus"
MARKER = "fixtures.sha256"
# render -> (module, function(src, out))
RENDERERS: dict[str, tuple[str, str]] = {
    "house": ("tests.fixtures.house_template", "render_file"),
    "docx": ("tests.fixtures.docx_builder", "build_docx"),
}
MESSAGES = {
    "eval": {
        "fixtures_missing": {"path"},
        "renderer_missing": {"module", "path", "render"},
        "renderer_broken": {"module", "function"},
        "source_missing": {"path", "document"},
        "render_unknown": {"render", "document"},
        "ingest_failed": {"detail"},
        "no_cases": {"suite", "files"},
    }
}


class EvalSetupError(RuntimeError):
    """The evaluation cannot start; the message is Swedish, for the person running it."""


def messages(settings: Settings) -> Messages:
    from ingest.messages import REQUIRED

    return Messages.load(settings.prompts_dir, {**REQUIRED, **MESSAGES})


def _manifest(fixtures: Path, msgs: Messages) -> tuple[bytes, list[dict[str, Any]]]:
    path = fixtures / "manifest.json"
    if not path.exists():
        raise EvalSetupError(msgs.render("eval.fixtures_missing", path=path))
    raw = path.read_bytes()
    return raw, list(json.loads(raw)["documents"])


def _source(entry: dict[str, Any], fixtures: Path, msgs: Messages) -> Path:
    if entry.get("source") == "corpus":
        src = CORPUS / Path(entry["file"]).name
    else:
        name = str(entry.get("source") or "")
        src = (
            fixtures / "src" / name
        )  # tests/fixtures/multidoc/FIXTURES.md: the source file under src/
        if not src.is_file():
            src = fixtures / name
    if not entry.get("source") or not src.is_file():
        raise EvalSetupError(msgs.render("eval.source_missing", path=src, document=entry["id"]))
    return src


def _renderer(render: str, entry: dict[str, Any], msgs: Messages) -> Callable[[Path, Path], Any]:
    if render not in RENDERERS:
        raise EvalSetupError(
            msgs.render("eval.render_unknown", render=render, document=entry["id"])
        )
    module, function = RENDERERS[render]
    path = PROJECT_ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        raise EvalSetupError(
            msgs.render("eval.renderer_missing", module=module, path=path, render=render)
        )
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    fn = getattr(importlib.import_module(module), function, None)
    if not callable(fn):
        raise EvalSetupError(msgs.render("eval.renderer_broken", module=module, function=function))
    return fn


def _glossary(fixtures: Path) -> Path:
    own = fixtures / "glossary.json"
    return own if own.exists() else CORPUS / "glossary.json"


def content_hash(fixtures: Path, msgs: Messages) -> str:
    """sha256 over the manifest, every source, the renderers used and the glossary."""
    raw, entries = _manifest(fixtures, msgs)
    h = hashlib.sha256(raw)
    used: set[str] = set()
    for e in entries:
        h.update(_source(e, fixtures, msgs).read_bytes())
        if e.get("source") != "corpus" and e.get("render") in RENDERERS:
            used.add(str(e["render"]))
    for render in sorted(used):
        module = RENDERERS[render][0]
        path = PROJECT_ROOT / (module.replace(".", "/") + ".py")
        h.update(path.read_bytes() if path.exists() else b"-")
    h.update(_glossary(fixtures).read_bytes())
    return h.hexdigest()


def build_corpus(fixtures: Path, out: Path, msgs: Messages) -> None:
    """Make every document's file in `out`, with the manifest and the glossary beside them."""
    _, entries = _manifest(fixtures, msgs)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for e in entries:
        src = _source(e, fixtures, msgs)
        target = out / str(e["file"])
        target.parent.mkdir(parents=True, exist_ok=True)
        render = str(e.get("render") or "plain")
        if e.get("source") == "corpus" or render == "plain":
            shutil.copyfile(src, target)
        else:
            _renderer(render, e, msgs)(src, target)
    shutil.copyfile(_glossary(fixtures), out / "glossary.json")
    (out / "manifest.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def fixture_settings(
    settings: Settings, embedder: Embedder, fixtures: Path = FIXTURES, base: Path | None = None
) -> Settings:
    """Settings over the fixture corpus's own index, built now or reused by content hash."""
    msgs = messages(settings)
    base = (base or settings.resolved_data_dir() / "eval-multi").resolve()
    corpus = base / "corpus"
    digest = content_hash(fixtures, msgs)
    marker = base / MARKER
    fresh = marker.exists() and marker.read_text(encoding="utf-8").strip() == digest
    if not (fresh and (corpus / "manifest.json").exists()):
        marker.unlink(missing_ok=True)
        build_corpus(fixtures, corpus, msgs)
    # always: ingest itself keeps what is unchanged (same files, same pipeline signature) and
    # rebuilds what a changed parser or embedder makes stale
    report = run_ingest(base, ChromaStore.embedded(base / "chroma"), embedder, corpus_dir=corpus)
    if not report.ok:
        detail = "; ".join(f"{r.path}: {r.error}" for r in report.failed)
        raise EvalSetupError(msgs.render("eval.ingest_failed", detail=detail))
    marker.write_text(digest + "\n", encoding="utf-8")
    return settings.model_copy(update={"data_dir": base, "corpus_dir": corpus, "chroma_host": None})
