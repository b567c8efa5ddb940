"""`styrdok ingest` and `styrdok sections`, run as a user runs them (a subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from styrdok.settings import PROJECT_ROOT, Settings
from tests.conftest import OCR_TEXT, require_ocr_text
from tests.ingest.fixture_docs import make_corpus, write_topic_note

pytestmark = pytest.mark.integration

STYRDOK = Path(sys.executable).parent / "styrdok"
FIELDS = {"id", "title", "kind", "pages", "owners", "document"}


def styrdok(
    *args: str, data_dir: Path, corpus_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STYRDOK_")}
    env["STYRDOK_DATA_DIR"] = str(data_dir)
    if corpus_dir is not None:
        env["STYRDOK_CORPUS_DIR"] = str(corpus_dir)
    return subprocess.run(
        [str(STYRDOK), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def sections(data_dir: Path) -> list[dict[str, Any]]:
    result = styrdok("sections", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def documents(data_dir: Path) -> list[dict[str, Any]]:
    result = styrdok("documents", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def test_sections_json_lists_the_program(corpus_settings: Settings) -> None:
    rows = sections(corpus_settings.resolved_data_dir())
    for row in rows:
        assert set(row) == FIELDS
        assert row["document"] == "program-social-hallbarhet-2024-2025"
        assert row["title"].strip()
        assert row["pages"] and all(isinstance(p, int) for p in row["pages"])
        assert all(isinstance(o, str) for o in row["owners"])
    focus = [r for r in rows if r["kind"] == "focus_area"]
    subs = [r for r in rows if r["kind"] == "sub_goal"]
    assert [r["id"] for r in focus] == ["1", "2", "3", "4", "5"]
    assert len(subs) == 14
    assert all(r["owners"] for r in subs)
    assert not any(r["owners"] for r in focus)
    by_id = {r["id"]: r for r in rows}
    assert by_id["3.2"]["title"] == "Motverka barnfattigdom"
    assert by_id["3.2"]["owners"] == ["IFN", "GVN", "PN", "KN", "FN", "FGN", "KS", "TN", "BN"]
    assert by_id["3.3"]["pages"] == [3]
    assert by_id["4.2"]["owners"][-2:] == ["ÄN", "UKF"]
    assert by_id["uppfoljning"]["kind"] == "other"


def test_ingesting_the_ocr_text_gives_the_same_sections(
    tmp_path: Path, corpus_settings: Settings, ocr_settings: Settings
) -> None:
    require_ocr_text()
    data = tmp_path / "data"
    data.mkdir()
    # the session already embedded these texts once: reuse its vectors, as a re-ingest would
    shutil.copy(ocr_settings.resolved_data_dir() / "embcache.sqlite", data / "embcache.sqlite")
    result = styrdok("ingest", str(OCR_TEXT), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "program-social-hallbarhet-2024-2025-ocr" in result.stdout
    ocr = sections(data)
    clean = sections(corpus_settings.resolved_data_dir())
    assert {r["document"] for r in ocr} == {"program-social-hallbarhet-2024-2025-ocr"}
    assert [(r["id"], r["kind"], r["owners"], r["pages"]) for r in ocr] == [
        (r["id"], r["kind"], r["owners"], r["pages"]) for r in clean
    ]


def test_a_broken_file_in_the_batch(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path / "corpus",
        manifest=[
            {"id": "lasning", "title": "Läsplanen", "kind": "plan", "file": "lasning.txt"},
            {"id": "trasig", "title": "Trasig plan", "kind": "plan", "file": "trasig.pdf"},
        ],
    )
    write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    broken = corpus / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")  # cut off after one object
    data = tmp_path / "data"

    result = styrdok("ingest", data_dir=data, corpus_dir=corpus)
    assert result.returncode == 1
    assert str(broken) in result.stderr
    assert "trasig eller ofullständig" in result.stderr
    assert "Inläst:" in result.stdout and "lasning" in result.stdout
    assert "Traceback" not in result.stderr
    assert "EOF marker" not in result.stderr  # no English noise from pypdf
    rows = sections(data)
    assert {r["document"] for r in rows} == {"lasning"}
    assert [r["id"] for r in rows] == ["bakgrund", "syfte", "uppfoljning"]

    # the same batch as JSON names the file, its status and the reason
    result = styrdok("ingest", "--json", data_dir=data, corpus_dir=corpus)
    assert result.returncode == 1
    files = {f["document"]: f for f in json.loads(result.stdout)["files"]}
    assert files["lasning"]["status"] == "unchanged"
    assert files["trasig"]["status"] == "failed"
    assert files["trasig"]["code"] == "corrupt"
    assert str(broken) in files["trasig"]["error"]

    # once the file is fixed, everything is in and the exit code is 0
    write_topic_note(broken.with_suffix(".txt"), "spontanidrott")
    broken.unlink()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"][1]["file"] = "trasig.txt"
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = styrdok("ingest", data_dir=data, corpus_dir=corpus)
    assert result.returncode == 0, result.stderr
    assert {d["id"] for d in documents(data)} == {"lasning", "trasig"}
    # without --document, the default document (here the first: no program, no default mark)
    assert {r["document"] for r in sections(data)} == {"lasning"}
    result = styrdok("sections", "--json", "--document", "trasig", data_dir=data)
    assert {r["document"] for r in json.loads(result.stdout)} == {"trasig"}


def test_a_replaced_file_that_breaks_keeps_the_previous_version(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    note = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    data = tmp_path / "data"
    assert styrdok("ingest", str(note), data_dir=data, corpus_dir=corpus).returncode == 0
    note.write_bytes("Läsfrämjande".encode("latin-1"))
    result = styrdok("ingest", str(note), data_dir=data, corpus_dir=corpus)
    assert result.returncode == 1
    assert str(note) in result.stderr and "UTF-8" in result.stderr
    assert "tidigare versionen av lasning finns kvar" in result.stderr
    assert [r["id"] for r in sections(data)] == ["bakgrund", "syfte", "uppfoljning"]


def test_sections_without_an_index(tmp_path: Path) -> None:
    result = styrdok("sections", "--json", data_dir=tmp_path / "tom")
    assert result.returncode == 2
    assert "Det finns inget index" in result.stderr
    assert "styrdok ingest" in result.stderr
    assert result.stdout == ""


def test_unknown_file_type_on_the_command_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    sheet = corpus / "budget.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    result = styrdok("ingest", str(sheet), data_dir=tmp_path / "data", corpus_dir=corpus)
    assert result.returncode == 1
    assert str(sheet) in result.stderr and ".xlsx stöds inte" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_json_says_what_it_understood(tmp_path: Path) -> None:
    """A house-template PDF whose cover disagrees with the manifest: one JSON object with what
    was understood per document, the warning worded; `documents` marks the default."""
    from tests.fixtures.house_template import render_file

    src = (
        PROJECT_ROOT / "tests" / "fixtures" / "multidoc" / "src" / "kriterier-utvecklingsanslag.txt"
    )
    entry = {"id": "kriterier", "title": "Kriterier utvecklingsanslag social hållbarhet",
             "kind": "riktlinje", "valid_from": 2024, "valid_to": 2025, "default": True,
             "file": "kriterier.pdf"}  # fmt: skip
    corpus = make_corpus(tmp_path / "corpus", manifest=[entry])
    render_file(src, corpus / "kriterier.pdf")
    data = tmp_path / "data"
    result = styrdok("ingest", "--json", data_dir=data, corpus_dir=corpus)
    assert result.returncode == 0, result.stderr
    (f,) = json.loads(result.stdout)["files"]
    u = f["understood"]
    assert u["pages"] == 4 and u["cover"] is True and u["contents_entries"] >= 5
    assert u["removed"]["headers_footers"] >= 4 and u["removed"]["page_numbers"] == 4
    assert u["levels"] == ["Kriterium"] and u["numbered"] == 5
    texts = [w["text"] for w in u["warnings"]]
    assert any("försättsbladet anger giltig till" in t and "2026" in t for t in texts), texts
    (doc,) = documents(data)
    assert doc["default"] is True and doc["valid_to"] == 2025 and doc["levels"] == ["Kriterium"]
    human = styrdok("ingest", "--sync", data_dir=tmp_path / "data2", corpus_dir=corpus)
    assert "Varning (kriterier): försättsbladet anger" in human.stdout
    assert "Rensat före tolkningen:" in human.stdout
