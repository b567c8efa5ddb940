"""Admin: upload a document into the index, or remove one. Guarded by X-Admin-Key.

An upload is saved under <data_dir>/uploads/, checked with the same loader as the CLI (so a bad
file gets the same Swedish error, naming the file), ingested as an addition to the current
index, and the engine is reloaded. A failure leaves the previous index answering.
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, UploadFile

from ingest.documents import load_document, slugify
from ingest.errors import IngestError, NoIndexError
from ingest.pipeline import IngestReport, run_ingest
from service.engine.answer import AnswerEngine
from service.engine.errors import error_text

from ..state import ApiError, AppState, State

router = APIRouter(tags=["administration"])
log = logging.getLogger("styrdok.admin")
MB = 1024 * 1024


def require_admin(
    st: State,
    x_admin_key: Annotated[str | None, Header(description="Settings.admin_key")] = None,
) -> AppState:
    key = st.settings.admin_key
    if not key:
        raise st.error(403, "admin_disabled")
    if not x_admin_key or not hmac.compare_digest(x_admin_key.encode(), key.encode()):
        raise ApiError(
            401,
            "admin_unauthorized",
            st.text("admin_unauthorized"),
            {"WWW-Authenticate": 'X-Admin-Key realm="styrdok"'},
        )
    return st


Admin = Annotated[AppState, Depends(require_admin)]


def uploads_dir(st: AppState) -> Path:
    path = st.data_dir / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _locked(st: AppState) -> None:
    if not st.ingest_lock.acquire(timeout=0.5):
        raise st.error(409, "ingest_busy")


def _ingest(
    st: AppState,
    engine: AnswerEngine,
    *,
    paths: list[Path] | None = None,
    remove: Sequence[str] = (),
) -> IngestReport:
    """An add-mode ingest into the serving data dir, with the serving embedder and store."""
    return run_ingest(
        st.data_dir,
        engine.snapshot.store,
        engine.embedder,
        corpus_dir=st.settings.corpus_dir,
        paths=paths,
        mode="add",
        remove=remove,
        chunk_size=st.settings.chunk_size,
        overlap=st.settings.chunk_overlap,
    )


def _ingest_error(st: AppState, exc: IngestError, filename: str) -> ApiError:
    shown = IngestError(exc.code, filename, exc.detail)  # the user's file name, not our path
    return ApiError(422, exc.code, error_text(st.msgs, shown))


@router.post(
    "/api/admin/documents",
    status_code=201,
    summary="Ladda upp ett dokument och läs in det i indexet",
)
def upload_document(
    st: Admin,
    file: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    filename = Path((file.filename if file else "") or "").name
    if file is None or not filename:
        raise st.error(400, "no_file")
    try:
        engine = st.engines.get()
    except NoIndexError as exc:
        raise st.error(503, "not_ready") from exc
    suffix = Path(filename).suffix.lower()
    doc_id = slugify(Path(filename).stem)
    target = uploads_dir(st) / f"{doc_id}{suffix}"
    existing = engine.snapshot.documents.get(doc_id)
    if existing is not None and Path(existing.path).resolve() != target.resolve():
        raise st.error(409, "id_conflict", filename=filename, document=doc_id)

    limit = st.settings.max_upload_mb * MB
    incoming = uploads_dir(st) / f".incoming-{uuid.uuid4().hex}{suffix}"
    try:
        with incoming.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        if incoming.stat().st_size > limit:
            raise st.error(413, "upload_too_large", limit=st.settings.max_upload_mb)
        try:
            load_document(incoming)  # the CLI's checks: type, empty, encrypted, corrupt, …
        except IngestError as exc:
            raise _ingest_error(st, exc, filename) from exc
        _locked(st)
        try:
            os.replace(incoming, target)
            report = _ingest(st, engine, paths=[target])
        finally:
            st.ingest_lock.release()
    finally:
        incoming.unlink(missing_ok=True)
    result = next((r for r in report.results if r.document == doc_id), None)
    if result is None or result.error is not None:
        if existing is None:
            target.unlink(missing_ok=True)
        if result is not None and result.error is not None:
            raise _ingest_error(st, result.error, filename)
        raise st.error(500, "internal")
    st.engines.reload()
    log.info(
        "document uploaded",
        extra={"document": doc_id, "status": result.status, "version": report.version},
    )
    return {
        "document": doc_id,
        "status": result.status,
        "pages": result.pages,
        "chunks": result.chunks,
        "version": report.version,
        "message": st.text(
            "indexed", filename=filename, document=doc_id, pages=result.pages, chunks=result.chunks
        ),
    }


@router.delete("/api/admin/documents/{document_id}", summary="Ta bort ett dokument ur indexet")
def delete_document(document_id: str, st: Admin) -> dict[str, Any]:
    try:
        engine = st.engines.get()
    except NoIndexError as exc:
        raise st.error(503, "not_ready") from exc
    record = engine.snapshot.documents.get(document_id)
    if record is None:
        raise st.error(404, "document_not_found", document=document_id)
    _locked(st)
    try:
        report = _ingest(st, engine, remove=[document_id])
    finally:
        st.ingest_lock.release()
    path = Path(record.path).resolve()
    if path.parent == uploads_dir(st).resolve():
        path.unlink(missing_ok=True)
    st.engines.reload()
    log.info("document removed", extra={"document": document_id, "version": report.version})
    return {
        "document": document_id,
        "status": "removed",
        "version": report.version,
        "message": st.text("removed", document=document_id),
    }
