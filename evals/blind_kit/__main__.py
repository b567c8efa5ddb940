"""python -m evals.blind_kit DIR: build DIR/program and DIR/multi for blind writers."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed"
FIXTURES = ROOT / "tests" / "fixtures" / "multidoc"
PROGRAM_SECTIONS = (
    "inledning 1 1.1 1.2 1.3 2 2.1 2.2 2.3 3 3.1 3.2 3.3 4 4.1 4.2 4.3 5 5.1 5.2 uppfoljning "
    "riktade-utvecklingsanslag relaterade-dokument tillaggsuppdrag"
)
TITLE = "# Sections of the fixture documents: ids, headings, pages"
VALIDATE = """import os, sys
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from checks import check, sections_of
ids = {ids}
sys.exit(check(sys.argv[1], os.path.join(here, "{schema}"), sys.argv[2],
               ids or sections_of(os.path.join(here, "SECTIONS.md")), {multi}))
"""


def sections_without_owners(structure: str) -> str:
    """STRUCTURE.md's tables without their owners column: ids, headings, pages."""
    out = []
    for line in structure.splitlines():
        if line.startswith(('"Owners" are written', "`UKF` for")):
            continue
        cells = line.strip("|").split("|") if line.startswith("|") else []
        if len(cells) == 4:
            line = "|" + "|".join([cells[0], cells[1], cells[3]]) + "|"
        out.append(line)
    text = "\n".join(out).replace("evals/DATASET.md", "CASE_FORMAT.md")
    text = re.sub(r"^# .*$", TITLE, text, count=1, flags=re.M)
    return re.sub(r"^numbered section here.*$", "", text, flags=re.M) + "\n"


def build(dest: Path) -> None:
    for part, schema, multi in (
        ("program", "dataset.schema.json", False),
        ("multi", "multi.schema.json", True),
    ):
        d = dest / part
        d.mkdir(parents=True, exist_ok=True)
        for f in SEED.iterdir():
            shutil.copy(f, d)
        shutil.copy(ROOT / "evals" / "CASE_FORMAT.md", d)
        shutil.copy(ROOT / "evals" / schema, d)
        shutil.copy(Path(__file__).with_name("checks.py"), d)
        ids = set() if multi else set(PROGRAM_SECTIONS.split())
        script = VALIDATE.format(ids=sorted(ids) or "[]", schema=schema, multi=multi)
        (d / "validate.py").write_text(script, encoding="utf-8")
        if multi:
            shutil.copy(FIXTURES / "manifest.json", d)
            shutil.copytree(FIXTURES / "src", d / "src", dirs_exist_ok=True)
            structure = (FIXTURES / "STRUCTURE.md").read_text(encoding="utf-8")
            (d / "SECTIONS.md").write_text(sections_without_owners(structure), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m evals.blind_kit DIR")
    build(Path(sys.argv[1]))
