"""Admin: upload a document into the index, or remove one. Guarded by X-Admin-Key.

The key and the admin rate limit are checked before the body is read (`AdminGuard`
middleware); the dependency below checks the key again for the route itself. An upload is
written to <data_dir>/uploads/ as `.incoming-*`, checked with the same loader as the CLI (so a
bad file gets the same Swedish error, naming the file), given a unique id in the uploads
registry (`ingest.registry`), moved to `uploads/<id><ext>` and ingested as an addition to the
current index; the engine is reloaded. The same file name uploaded again updates that upload.
All of it runs under the data dir's ingest lock, so several server workers and the CLI never
write at once. A failure leaves the previous index answering.
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Query, UploadFile

from ingest.documents import load_document
from ingest.errors import IngestError, NoIndexError
from ingest.index import ingest_lock
from ingest.pipeline import IngestReport, load_manifest, run_ingest
from ingest.registry import MAX_NAME_CHARS, Registry, default_document, unique_id, uploads_dir
from service.engine.answer import AnswerEngine
from service.engine.errors import error_text

from ..state import ApiError, AppState, State

router = APIRouter(tags=["administration"])
log = logging.getLogger("styrdok.admin")
MB = 1024 * 1024
LOCK_WAIT_S = 0.5
MAX_SUFFIX = 8


async def require_admin(
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


@contextmanager
def _locked(st: AppState) -> Iterator[None]:
    """This process's admin lock (409 when another admin request holds it), then the data
    dir's ingest lock (other workers, the CLI)."""
    if not st.ingest_lock.acquire(timeout=LOCK_WAIT_S):
        raise st.error(409, "ingest_busy")
    try:
        with ingest_lock(st.data_dir):
            yield
    finally:
        st.ingest_lock.release()


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


def _engine(st: AppState) -> AnswerEngine:
    try:
        return st.engines.get()
    except NoIndexError as exc:
        raise st.error(503, "not_ready") from exc


def _filename(st: AppState, file: UploadFile | None) -> str:
    raw = (file.filename if file else "") or ""
    name = Path(raw.replace("\\", "/")).name.strip()
    if file is None or not name:
        raise st.error(400, "no_file")
    if len(name) > MAX_NAME_CHARS:
        raise st.error(422, "name_too_long", length=len(name), limit=MAX_NAME_CHARS)
    return name


@router.post(
    "/api/admin/documents",
    status_code=201,
    summary="Ladda upp ett dokument och läs in det i indexet",
    description=f"Filnamn högst {MAX_NAME_CHARS} tecken; storleken högst STYRDOK_MAX_UPLOAD_MB. "
    "Dokument-id:t bildas av filnamnet (translittererat, förkortat, med -2, -3 … vid krock); "
    "samma filnamn igen uppdaterar den uppladdningen.",
)
def upload_document(
    st: Admin,
    file: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    filename = _filename(st, file)
    assert file is not None
    engine = _engine(st)
    suffix = Path(filename).suffix.lower()[:MAX_SUFFIX]
    folder = uploads_dir(st.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    limit = st.settings.max_upload_mb * MB
    incoming = folder / f".incoming-{uuid.uuid4().hex}{suffix}"
    try:
        with incoming.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        if incoming.stat().st_size > limit:
            raise st.error(413, "upload_too_large", limit=st.settings.max_upload_mb)
        try:
            load_document(incoming)  # the CLI's checks: type, empty, encrypted, corrupt, …
        except IngestError as exc:
            raise _ingest_error(st, exc, filename) from exc
        with _locked(st):
            registry = Registry(st.data_dir)
            same = next((u for u in registry.all() if u.original_name == filename), None)
            if same is not None:
                doc_id = same.id
            else:
                taken = (
                    set(engine.snapshot.documents)
                    | {str(m["id"]) for m in load_manifest(st.settings.corpus_dir)}
                    | registry.ids()
                )
                doc_id = unique_id(filename, taken)
            target = folder / f"{doc_id}{suffix}"
            if same is not None and same.file != target.name:
                registry.file_of(same).unlink(missing_ok=True)
            registry.add(doc_id, target.name, filename)
            os.replace(incoming, target)
            report = _ingest(st, engine, paths=[target])
            result = next((r for r in report.results if r.document == doc_id), None)
            if result is None or result.error is not None:
                if same is None:
                    registry.remove(doc_id)
                if result is not None and result.error is not None:
                    raise _ingest_error(st, result.error, filename)
                raise st.error(500, "internal")
    finally:
        incoming.unlink(missing_ok=True)
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


@router.delete(
    "/api/admin/documents/{document_id}",
    summary="Ta bort ett dokument ur indexet",
    description="Standarddokumentet (manifestets `default`) tas bort bara med `confirm=true`. "
    "Ett borttaget manifestdokument kommer tillbaka med `styrdok ingest --restore ID`.",
)
def delete_document(
    document_id: str,
    st: Admin,
    confirm: Annotated[bool, Query(description="required to remove the default document")] = False,
) -> dict[str, Any]:
    engine = _engine(st)
    record = engine.snapshot.documents.get(document_id)
    if record is None:
        raise st.error(404, "document_not_found", document=document_id)
    if document_id == default_document(load_manifest(st.settings.corpus_dir)) and not confirm:
        raise st.error(409, "confirm_required", document=document_id)
    with _locked(st):
        report = _ingest(st, engine, remove=[document_id])
        path = Path(record.path).resolve()
        if path.parent == uploads_dir(st.data_dir).resolve():
            path.unlink(missing_ok=True)  # an upload from before the registry
    st.engines.reload()
    log.info("document removed", extra={"document": document_id, "version": report.version})
    return {
        "document": document_id,
        "status": "removed",
        "version": report.version,
        "message": st.text("removed", document=document_id),
    }
