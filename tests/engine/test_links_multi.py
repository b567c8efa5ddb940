"""Questions about how documents relate, over the FICTIONAL multi-document fixture corpus: a
section pointing to an unnamed document of a kind ("utgår från en handlingsplan – vilken?")
followed to that document, and the twins the linked document cannot answer."""

from __future__ import annotations

import pytest

from service.engine.answer import AnswerEngine
from service.engine.models import Answer
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def docs(a: Answer) -> set[str]:
    return {c.document for c in a.citations}


def cited(a: Answer) -> set[tuple[str, str | None]]:
    return {(c.document, c.section) for c in a.citations}


def test_a_section_pointing_to_an_unnamed_plan_is_followed(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Strategiskt mål 5 i jämställdhetsstrategin bygger på en handlingsplan – "
        "vad säger den planen om behandlingsprogram för våldsutövare?"
    )
    assert not a.abstained and "två veckor" in a.text
    assert ("jamstalldhetsstrategi", "5") in cited(a)
    assert ("handlingsplan-vald", "3.1") in cited(a)
    no = engine.answer(
        "Strategiskt mål 5 i jämställdhetsstrategin bygger på en handlingsplan – "
        "vad säger den planen om kärnkraft?"
    )
    assert "handlingsplan-vald" not in docs(no)


def test_the_pointed_to_plans_goal_after_which_one(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Delmål 3.2 i programmet för social hållbarhet utgår från en handlingsplan – vilken, "
        "och vad är planens övergripande mål?"
    )
    assert not a.abstained and "4,9 procent" in a.text
    assert ("program-social-hallbarhet-2024-2025", "3.2") in cited(a)
    assert "handlingsplan-barnfattigdom" in docs(a)
    # a named plan is no unnamed one: the question stays with the program
    same = engine.answer("Delmål 3.2 i programmet för social hållbarhet utgår från en rapport?")
    assert "handlingsplan-barnfattigdom" not in docs(same)


def test_a_list_entry_with_an_older_period_has_a_newer_version(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Programmet listar Samverkansöverenskommelse 2021–2024 och Medborgarlöften 2021–2022 "
        "som relaterade dokument för fokusområde 1. Finns det nyare versioner bland dokumenten?"
    )
    assert not a.abstained and "2025–2027" in a.text and "2025–2026" in a.text
    assert docs(a) == {
        "program-social-hallbarhet-2024-2025",
        "samverkansoverenskommelse-polisen",
        "medborgarloften",
    }
    still = engine.answer(
        "Programmet hänvisar till Samverkansöverenskommelse 2021–2024 med polisen. "
        "Gäller den fortfarande?"
    )
    assert "31 december 2027" in still.text and still.operation == "newer_version"
    # the version the collection holds is no older one
    same = engine.answer("Gäller Samverkansöverenskommelse 2025–2027 fortfarande?")
    assert same.operation != "newer_version"


def test_every_section_of_one_document_naming_another(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilka insatsområden i bostadsförsörjningsprogrammet ska läsas tillsammans med "
        "Program för tillgänglighet?"
    )
    got = {s for d, s in cited(a) if d == "bostadsforsorjningsprogram"}
    assert got >= {"2.1", "2.5", "5.1", "5.4"} and a.operation == "section_links"
    assert not {s for s in got if s and s.startswith(("1.", "3.", "4.", "6."))}


def test_the_other_document_names_the_sub_goal_it_concretises(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilket delmål i programmet för social hållbarhet konkretiseras av "
        "bostadsförsörjningsprogrammet?"
    )
    assert not a.abstained and "4.3" in a.text
    assert ("program-social-hallbarhet-2024-2025", "4.3") in cited(a)
    assert "bostadsforsorjningsprogram" in docs(a)
    # the trångboddhet passage's "insatsområde 1.2" is no sub-goal of the program
    assert ("program-social-hallbarhet-2024-2025", "1.2") not in cited(a)
    plans = engine.answer(
        "Vilka delmål i programmet för social hållbarhet hänvisar till handlingsplanen mot våld?"
    )
    assert {s for _, s in cited(plans)} == {"1.2", "2.3"}


def test_the_document_named_first_answers_in_its_own_words(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Bostadsförsörjningsprogrammet är en konkretisering av vilket delmål i det sociala "
        "hållbarhetsprogrammet?"
    )
    assert "4.3" in a.text and docs(a) == {"bostadsforsorjningsprogram"}


def _sub_goal_named_in(engine: AnswerEngine, doc: str, target: str) -> str:
    """The number of the target's sub-goal that one document's text names ("delmål 3.2")."""
    import re

    for s in engine.snapshot.programs[doc].sections:
        m = re.search(
            r"delmål (\d+\.\d+)[^.]*? i Program för social hållbarhet", " ".join(s.body.split())
        )
        if m and engine.snapshot.programs[target].section(m.group(1)) is not None:
            return m.group(1)
    raise AssertionError("the fixture names no sub-goal of the program")


@pytest.mark.parametrize(
    ("doc", "question"),
    [
        (
            "handlingsplan-barnfattigdom",
            "Barnfattigdomsplanen konkretiserar ett delmål i Program för social hållbarhet. "
            "Vilka har huvudansvar för det delmålet?",
        ),
        (
            "bostadsforsorjningsprogram",
            "Bostadsförsörjningsprogrammet säger att det konkretiserar ett delmål i Program för "
            "social hållbarhet. Vilket, och vem har huvudansvar för det där?",
        ),
    ],
)
def test_a_premise_naming_a_sub_goal_of_another_document_unnamed_is_followed(
    engine: AnswerEngine, doc: str, question: str
) -> None:
    program = "program-social-hallbarhet-2024-2025"
    number = _sub_goal_named_in(engine, doc, program)
    owners = [o.abbreviation for o in engine.snapshot.programs[program].section(number).owners]
    a = engine.answer(question)
    assert not a.abstained and owners
    assert a.owners is not None and set(a.owners) == set(owners)
    assert docs(a) == {doc, program} and (program, number) in cited(a)


def test_a_premise_pointing_to_an_unnamed_agreement_asks_the_agreement(
    engine: AnswerEngine,
) -> None:
    a = engine.answer(
        "medborgarlöftena sägs vara en del av en överenskommelse. "
        "hur ofta träffas styrgruppen för den?"
    )
    assert not a.abstained and "fyra gånger per år" in a.text
    assert docs(a) == {"medborgarloften", "samverkansoverenskommelse-polisen"}


def test_a_premise_after_a_comma_or_a_dash_asks_the_document_pointed_to(
    engine: AnswerEngine,
) -> None:
    a = engine.answer(
        "programmets 1.2 hänvisar till handlingsplanen mot våld, "
        "vem ansvarar där för behandlingsprogrammet för våldsutövare?"
    )
    owners = [
        o.abbreviation for o in engine.snapshot.programs["handlingsplan-vald"].section("3.1").owners
    ]
    assert a.owners is not None and set(a.owners) == set(owners)
    assert ("program-social-hallbarhet-2024-2025", "1.2") in cited(a)
    # the sub-goal number belongs to the pointing document, not to the plan
    b = engine.answer(
        "3.2 i sociala hållbarhetsprogrammet hänvisar till handlingsplanen för halverad "
        "barnfattigdom – vad är målet i den?"
    )
    assert ("handlingsplan-barnfattigdom", "3.2") not in cited(b)
    assert "4,9 procent" in b.text
