"""run_ingest end to end: atomic versions, incremental updates, bad files in a batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.embedders import Embedder
from ingest.index import Snapshot, current_version
from ingest.pipeline import IngestReport, run_ingest
from ingest.store import ChromaStore
from styrdok.settings import Settings
from tests.ingest.fixture_docs import (
    make_corpus,
    program_text,
    render_pdf,
    write_long_pdf,
    write_program,
    write_topic_note,
)

pytestmark = pytest.mark.integration


class FailingEmbedder:
    """The real embedder, which raises after embedding `after` passages (a crash mid-ingest)."""

    def __init__(self, inner: Embedder, after: int) -> None:
        self._inner = inner
        self._left = after
        self.calls = 0

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if len(texts) > self._left:
            raise RuntimeError("the embedder crashed")
        self._left -= len(texts)
        return self._inner.embed_passages(texts)


class FailingStore(ChromaStore):
    """A real embedded chroma store whose add() fails, as a full disk would."""

    def add(self, name: str, ids: Sequence[str], vectors: np.ndarray, metadatas: Any) -> None:
        super().add(name, ids[:1], vectors[:1], metadatas[:1])  # half-written, then
        raise OSError("no space left on device")


def _ingest(
    data: Path, corpus: Path, embedder: Embedder, paths: Sequence[Path] | None = None, **kw: Any
) -> tuple[IngestReport, Snapshot]:
    store = ChromaStore.embedded(data / "chroma")
    report = run_ingest(
        data, store, embedder, corpus_dir=corpus, paths=list(paths) if paths else None, **kw
    )
    return report, Snapshot.open(data, store)


def _status(report: IngestReport) -> dict[str, str]:
    return {r.document: r.status for r in report.results}


def _sections(snap: Snapshot, doc: str) -> set[str | None]:
    return {c.section for c in snap.chunks if c.document == doc}


# --- atomicity -------------------------------------------------------------------------------


def test_a_crash_mid_ingest_leaves_the_previous_index_answering(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    program = write_program(corpus / "trygghet.txt")
    _, before = _ingest(data, corpus, memo_embedder, [program], mode="add")
    current = (data / "CURRENT").read_text(encoding="utf-8")
    collections = ChromaStore.embedded(data / "chroma").names()

    note = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    failing = FailingEmbedder(memo_embedder, after=1)
    store = ChromaStore.embedded(data / "chroma")
    with pytest.raises(RuntimeError, match="crashed"):
        run_ingest(data, store, failing, corpus_dir=corpus, paths=[note], mode="add")
    assert failing.calls == 2  # it did get going before it crashed

    # nothing of the failed run is visible
    assert (data / "CURRENT").read_text(encoding="utf-8") == current
    assert current_version(data) == before.version
    assert sorted(p.name for p in (data / "versions").iterdir()) == [before.version]
    assert ChromaStore.embedded(data / "chroma").names() == collections
    snap = Snapshot.open(data, ChromaStore.embedded(data / "chroma"))
    assert snap.version == before.version
    assert set(snap.documents) == {"trygghet"}
    assert snap.lexical("läsfrämjande") == []
    hits = snap.lexical("Belysa gång- och cykelvägar", k=1)
    assert snap.chunks[hits[0][0]].section == "1.1"
    dense = snap.dense(memo_embedder.embed_query("Avgiftsfria lovaktiviteter för barn"), k=1)
    assert snap.chunks[dense[0][0]].section == "2.1"

    # the same ingest with a working memo_embedder goes through
    report, after = _ingest(data, corpus, memo_embedder, [note], mode="add")
    assert report.ok
    assert set(after.documents) == {"trygghet", "lasning"}
    assert 0 < report.chunks_embedded <= 3
    assert after.lexical("läsfrämjande")


def test_a_failure_while_writing_the_version_leaves_no_trace(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    first = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    _, before = _ingest(data, corpus, memo_embedder, [first], mode="add")
    collections = ChromaStore.embedded(data / "chroma").names()

    second = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    store = FailingStore(ChromaStore.embedded(data / "chroma")._client)
    with pytest.raises(OSError, match="no space"):
        run_ingest(data, store, memo_embedder, corpus_dir=corpus, paths=[second], mode="add")
    assert current_version(data) == before.version
    assert sorted(p.name for p in (data / "versions").iterdir()) == [before.version]
    assert ChromaStore.embedded(data / "chroma").names() == collections  # half-written one dropped
    snap = Snapshot.open(data, ChromaStore.embedded(data / "chroma"))
    assert set(snap.documents) == {"lasning"}
    assert snap.dense(memo_embedder.embed_query("läsfrämjande"), k=1)


# --- incremental -----------------------------------------------------------------------------


def test_unchanged_documents_are_skipped(tmp_path: Path, memo_embedder: Embedder) -> None:
    corpus = make_corpus(
        tmp_path / "corpus",
        manifest=[
            {
                "id": "trygghet",
                "title": "Trygghetsprogrammet",
                "kind": "program",
                "file": "trygghet.txt",
            },
            {"id": "lasning", "title": "Läsplanen", "kind": "plan", "file": "lasning.txt"},
        ],
    )
    write_program(corpus / "trygghet.txt")
    write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    data = tmp_path / "data"
    first, snap1 = _ingest(data, corpus, memo_embedder)
    assert _status(first) == {"trygghet": "indexed", "lasning": "indexed"}
    assert first.chunks_embedded == first.chunks_total == len(snap1.chunks)
    assert snap1.documents["trygghet"].title == "Trygghetsprogrammet"
    assert snap1.documents["trygghet"].is_program and not snap1.documents["lasning"].is_program

    again, snap2 = _ingest(data, corpus, memo_embedder)
    assert _status(again) == {"trygghet": "unchanged", "lasning": "unchanged"}
    assert again.chunks_embedded == 0
    assert again.version == snap1.version == snap2.version  # no new version for nothing
    assert again.ok


def test_a_changed_document_is_reindexed(tmp_path: Path, memo_embedder: Embedder) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    program = write_program(corpus / "trygghet.txt")
    note = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    _, snap1 = _ingest(data, corpus, memo_embedder, [program, note], mode="add")
    assert snap1.programs["trygghet"].section("1.1").owner_abbreviations == ["KN", "FN"]  # type: ignore[union-attr]

    write_program(program, owners_11="GVN, PN")
    report, snap2 = _ingest(data, corpus, memo_embedder, [program], mode="add")
    assert _status(report) == {"trygghet": "indexed", "lasning": "unchanged"}
    assert report.chunks_embedded == 1  # only the chunk of 1.1 has new text
    assert snap2.version != snap1.version
    assert snap2.programs["trygghet"].section("1.1").owner_abbreviations == ["GVN", "PN"]  # type: ignore[union-attr]
    hits = snap2.lexical("GVN", k=3)
    assert [snap2.chunks[i].section for i, _ in hits] == ["1.1"]
    assert snap1.lexical("GVN") == []
    assert set(snap2.documents) == {"trygghet", "lasning"}


def test_a_glossary_change_reparses_without_reembedding(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    program = write_program(corpus / "trygghet.txt", owners_11="KS, AN")
    _, snap1 = _ingest(data, corpus, memo_embedder, [program], mode="add")
    assert snap1.programs["trygghet"].section("1.1").owner_abbreviations == ["KS", "ÄN"]  # type: ignore[union-attr]

    glossary = json.loads((corpus / "glossary.json").read_text(encoding="utf-8"))
    for entry in glossary["entries"]:
        if entry["abbreviation"] == "ÄN":
            entry["variants"] = ["ÄN"]  # no longer reads OCR's "AN" as ÄN
    (corpus / "glossary.json").write_text(
        json.dumps(glossary, ensure_ascii=False), encoding="utf-8"
    )
    report, snap2 = _ingest(data, corpus, memo_embedder, [program], mode="add")
    assert _status(report) == {"trygghet": "indexed"}
    assert report.chunks_embedded == 0  # same texts: vectors come from the cache
    assert snap2.programs["trygghet"].section("1.1").owner_abbreviations == ["KS", "AN"]  # type: ignore[union-attr]


def test_a_document_removed_from_the_manifest_is_removed(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    entries = [
        {"id": "lasning", "title": "Läsplanen", "kind": "plan", "file": "lasning.txt"},
        {"id": "idrott", "title": "Idrottsplanen", "kind": "plan", "file": "idrott.txt"},
    ]
    corpus = make_corpus(tmp_path / "corpus", manifest=entries)
    write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    write_topic_note(corpus / "idrott.txt", "spontanidrott")
    data = tmp_path / "data"
    _, snap1 = _ingest(data, corpus, memo_embedder)
    assert set(snap1.documents) == {"lasning", "idrott"}

    make_corpus(corpus, manifest=entries[:1])
    report, snap2 = _ingest(data, corpus, memo_embedder)
    assert _status(report) == {"lasning": "unchanged", "idrott": "removed"}
    assert report.ok
    assert set(snap2.documents) == {"lasning"}
    assert {c.document for c in snap2.chunks} == {"lasning"}
    assert snap2.lexical("spontanidrott") == []
    hits = snap2.dense(memo_embedder.embed_query("spontanidrott"), k=10)
    assert hits and {snap2.chunks[i].document for i, _ in hits} == {"lasning"}


def test_add_mode_keeps_other_documents_and_removes_by_id(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    a = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    b = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    _ingest(data, corpus, memo_embedder, [a], mode="add")
    report, snap = _ingest(data, corpus, memo_embedder, [b], mode="add")
    assert _status(report) == {"lasning": "unchanged", "idrott": "indexed"}
    assert set(snap.documents) == {"lasning", "idrott"}

    report, snap = _ingest(data, corpus, memo_embedder, None, mode="add", remove=["lasning"])
    assert _status(report) == {"idrott": "unchanged", "lasning": "removed"}
    assert report.chunks_embedded == 0
    assert set(snap.documents) == {"idrott"}
    assert {c.document for c in snap.chunks} == {"idrott"}
    assert snap.lexical("läsfrämjande") == []


def test_two_data_dirs_do_not_interfere(tmp_path: Path, memo_embedder: Embedder) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    a = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    b = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    _, snap_a = _ingest(tmp_path / "a", corpus, memo_embedder, [a], mode="add")
    _, snap_b = _ingest(tmp_path / "b", corpus, memo_embedder, [b], mode="add")
    assert set(snap_a.documents) == {"lasning"} and set(snap_b.documents) == {"idrott"}
    _ingest(tmp_path / "b", corpus, memo_embedder, None, mode="add", remove=["idrott"])
    again = Snapshot.open(tmp_path / "a", ChromaStore.embedded(tmp_path / "a" / "chroma"))
    assert again.version == snap_a.version
    assert again.lexical("läsfrämjande")
    assert again.dense(memo_embedder.embed_query("läsfrämjande"), k=1)
    assert not (tmp_path / "a" / "versions" / snap_b.version).exists()


# --- bad files in a batch --------------------------------------------------------------------


def test_a_broken_file_does_not_stop_the_batch(tmp_path: Path, memo_embedder: Embedder) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    good = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    broken = corpus / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    latin = corpus / "latin.txt"
    latin.write_bytes("Umeå".encode("latin-1"))
    report, snap = _ingest(
        tmp_path / "data", corpus, memo_embedder, [broken, good, latin], mode="add"
    )
    assert not report.ok
    assert _status(report) == {"trasig": "failed", "lasning": "indexed", "latin": "failed"}
    failed = {r.document: r for r in report.failed}
    assert failed["trasig"].error is not None and failed["trasig"].error.code == "corrupt"
    assert failed["trasig"].path == str(broken)
    assert failed["latin"].error is not None and failed["latin"].error.code == "not_utf8"
    assert report.version == snap.version
    assert set(snap.documents) == {"lasning"}


def test_a_document_replaced_by_a_broken_file_keeps_its_previous_version(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    src = write_program(tmp_path / "src" / "trygghet.txt")
    pdf = render_pdf(src, corpus / "trygghet.pdf")
    data = tmp_path / "data"
    _, before = _ingest(data, corpus, memo_embedder, [pdf], mode="add")
    assert before.documents["trygghet"].path == str(pdf)

    data_bytes = pdf.read_bytes()
    pdf.write_bytes(data_bytes[: len(data_bytes) // 2])  # truncated
    report, after = _ingest(data, corpus, memo_embedder, [pdf], mode="add")
    assert _status(report) == {"trygghet": "kept"}
    assert not report.ok
    assert report.results[0].error is not None and report.results[0].error.code == "corrupt"
    assert report.chunks_embedded == 0
    doc = after.documents["trygghet"]
    assert doc.sha256 == before.documents["trygghet"].sha256
    assert doc.pages == before.documents["trygghet"].pages
    assert [s.id for s in after.programs["trygghet"].sections] == [
        s.id for s in before.programs["trygghet"].sections
    ]
    assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
    assert after.lexical("Belysa gång- och cykelvägar")


# --- documents -------------------------------------------------------------------------------


def test_a_300_page_pdf_is_ingested_with_progress(
    tmp_path: Path, memo_embedder: Embedder, capfd: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    pdf = write_long_pdf(corpus / "lang.pdf", 300)
    report, snap = _ingest(
        tmp_path / "data", corpus, memo_embedder, [pdf], mode="add", progress=True
    )
    assert report.ok
    assert report.pages_loaded == 300
    assert len(snap.documents["lang"].pages) == 300
    pages = sorted({p for c in snap.chunks for p in c.pages})
    assert pages == list(range(1, 301))
    (hit,) = (c for c in snap.chunks if "Sida 217: område 217." in c.text)
    span = next(s for s in hit.spans if s.page == 217)
    assert snap.page_text("lang", 217)[span.start : span.end].strip() == "Sida 217: område 217."
    err = capfd.readouterr().err
    assert "lang.pdf" in err and "300/300" in err  # the page progress bar
    assert "Bäddar in" in err  # the embedding progress bar


def test_the_fixture_program_as_pdf_text_and_docx_gives_the_same_structure(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    from tests.ingest.fixture_docs import write_docx

    corpus = make_corpus(tmp_path / "corpus")
    txt = write_program(corpus / "som-text.txt")
    pdf = render_pdf(txt, corpus / "som-pdf.pdf")
    docx = write_docx(corpus / "som-word.docx", [p.split("\n") for p in program_text().split("\f")])
    report, snap = _ingest(tmp_path / "data", corpus, memo_embedder, [txt, pdf, docx], mode="add")
    assert report.ok
    shapes = {
        doc: [(s.id, s.pages, s.owner_abbreviations) for s in program.sections]
        for doc, program in snap.programs.items()
    }
    assert set(shapes) == {"som-text", "som-pdf", "som-word"}
    assert shapes["som-text"] == shapes["som-pdf"] == shapes["som-word"]
    # the three share their chunk texts, so each text was embedded once
    assert report.chunks_embedded * 3 >= report.chunks_total


def test_the_ocr_text_gives_the_corpus_structure(
    corpus_snapshot: Snapshot, ocr_settings: Settings
) -> None:
    data = ocr_settings.resolved_data_dir()
    ocr = Snapshot.open(data, ChromaStore.embedded(data / "chroma"))
    (program,) = ocr.programs.values()
    clean = corpus_snapshot.programs["program-social-hallbarhet-2024-2025"]
    assert [(s.id, s.pages, s.owner_abbreviations) for s in program.sections] == [
        (s.id, s.pages, s.owner_abbreviations) for s in clean.sections
    ]
    assert len(program.focus_areas) == 5 and len(program.sub_goals) == 14


# --- same-name files and add mode without the earlier files -----------------------------------


def test_two_files_with_the_same_name_do_not_abort_the_batch(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    txt = write_topic_note(corpus / "plan.txt", "läsfrämjande")
    md = write_topic_note(corpus / "plan.md", "läsfrämjande")
    other = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    report, snap = _ingest(tmp_path / "data", corpus, memo_embedder, [txt, md, other], mode="add")
    assert "idrott" in snap.documents
    assert len({c.id for c in snap.chunks}) == len(snap.chunks)
    assert len(report.results) == 3
    dup = [r for r in report.results if r.status == "failed"]
    assert len(dup) == 1 and dup[0].error is not None and dup[0].error.code == "duplicate_id"


def test_add_mode_does_not_need_the_files_of_earlier_documents(
    tmp_path: Path, memo_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    upload = write_topic_note(tmp_path / "uploads" / "lasning.txt", "läsfrämjande")
    _ingest(tmp_path / "data", corpus, memo_embedder, [upload], mode="add")
    upload.unlink()  # e.g. a temporary upload
    other = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    report, snap = _ingest(tmp_path / "data", corpus, memo_embedder, [other], mode="add")
    assert set(snap.documents) == {"lasning", "idrott"}
    assert report.ok, [(r.document, r.status, r.error) for r in report.results]
