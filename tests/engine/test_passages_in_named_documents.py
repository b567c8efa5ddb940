"""Passages of the FICTIONAL fixture documents that a question names or implies: a clock time
and weekdays answer "when", "max" is the document's "högst", a yes/no question's "när" asks no
time, an asker's introduction without "jag" is no topic, a section named by its title gets its
parent, and "vad säger dokumenten om X" quotes every document that says X. Expected text comes
from the fixture sources, so an edited source changes the answer."""

from __future__ import annotations

import re

import pytest

from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings

from .multidoc_text import SRC
from .multidoc_text import fixture_sentence as _sentence

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def test_a_clock_time_answers_when(engine: AnswerEngine) -> None:
    said = _sentence("samverkansoverenskommelse-polisen.md", "klockan")
    q = "When are the police supposed to be visibly present in the city centre under the agreement?"
    a = engine.answer(q)
    assert not a.abstained and said in a.text


def test_max_is_the_documents_hogst_and_two_parts_are_both_answered(engine: AnswerEngine) -> None:
    ceiling = _sentence("kriterier-utvecklingsanslag.txt", "högst", "kronor")
    deadline = _sentence("kriterier-utvecklingsanslag.txt", "senast", "oktober")
    amount = re.search(r"\d[\d ]*\d kronor", ceiling)
    assert amount is not None
    a = engine.answer("Hur mycket kan man max få ur utvecklingsanslaget?")
    assert amount.group(0) in a.text
    both = engine.answer(
        "Hur mycket kan man max få ur utvecklingsanslaget och när ska ansökan vara inne?"
    )
    assert amount.group(0) in both.text and deadline in both.text


def test_an_introduction_and_a_yes_no_when_are_no_topic_or_time(engine: AnswerEngine) -> None:
    who = _sentence("kriterier-utvecklingsanslag.txt", "själva")
    a = engine.answer(
        "Sitter i styrelsen för en förening – kan vi söka utvecklingsanslaget själva?"
    )
    assert not a.abstained and who in a.text
    escort = _sentence("program-tillganglighet.txt", "Ledsagare")
    b = engine.answer(
        "min bror har ledsagare – måste ledsagaren betala när dom går på kommunens evenemang?"
        " (tillgänglighetsprogrammet)"
    )
    assert not b.abstained and escort in b.text


def test_a_section_named_by_its_title_gets_its_parent(engine: AnswerEngine) -> None:
    lines = (SRC / "handlingsplan-barnfattigdom.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if "Kulturskola" in ln and ln.startswith("#"))
    goal = next(ln for ln in reversed(lines[:at]) if ln.startswith("# Mål"))
    title = goal.split(":", 1)[1].strip()
    a = engine.answer(
        "kulturskola utan avgift – under vilket mål i barnfattigdomsplanen ligger den?"
    )
    assert title in a.text


def test_what_the_documents_say_about_a_topic_quotes_each(engine: AnswerEngine) -> None:
    a = engine.answer("Vad säger dokumenten om trygghetsvandringar?")
    said = {
        p.stem
        for p in SRC.iterdir()
        if "trygghetsvandring" in p.read_text(encoding="utf-8").lower()
    }
    cited = {c.document for c in a.citations}
    assert said and said <= {d.replace(".md", "") for d in cited}


def test_a_focus_area_extreme_is_answered_per_document_that_has_focus_areas(
    engine: AnswerEngine,
) -> None:
    a = engine.answer("Vilket fokusområde har flest delmål?")
    with_level = {
        d
        for d, prog in engine.corpus.by_document.items()
        if prog.levels[:1] == ["Fokusområde"] and prog.sub_goals
    }
    assert len(with_level) >= 2 and set(a.scope) == with_level
    assert "Strategiskt mål" not in a.text  # another document's level, another question
    b = engine.answer("Vilket fokusområde har mest delmål i programmet för social hållbarhet?")
    assert b.operation == "focus_extreme"


def test_a_misspelled_short_name_still_names_its_document(engine: AnswerEngine) -> None:
    a = engine.answer("hur många strategiska mål har jämstäldhetsstrategin?")
    assert a.scope == ["jamstalldhetsstrategi"]


def test_who_is_responsible_for_a_named_document_is_its_unit(engine: AnswerEngine) -> None:
    manifest = (SRC.parent / "manifest.json").read_text(encoding="utf-8")
    import json

    entry = next(d for d in json.loads(manifest)["documents"] if d["id"] == "handlingsplan-vald")
    a = engine.answer("Vem är ansvarig för handlingsplanen mot våld i nära relationer?")
    assert a.operation == "metadata" and entry["responsible"] in a.text
    kinds = engine.answer("Vilka av dokumenten i samlingen är handlingsplaner?")
    plans = [d["title"] for d in json.loads(manifest)["documents"] if d["kind"] == "handlingsplan"]
    assert all(t in kinds.text for t in plans)
