"""The answer engine on the real index of corpus/: every fact checked against the parsed program."""

from __future__ import annotations

import re

import pytest

from ingest.index import Snapshot
from ingest.messages import Messages
from ingest.models import Program, Section
from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.glossary import Glossary
from service.engine.models import Answer, QuestionError, Turn
from service.engine.render import Renderer
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(corpus_settings: Settings) -> AnswerEngine:
    return build_engine(corpus_settings)


@pytest.fixture(scope="module")
def program(corpus_snapshot: Snapshot) -> Program:
    programs = [p for p in corpus_snapshot.programs.values() if p.sub_goals]
    assert len(programs) == 1
    return programs[0]


@pytest.fixture(scope="module")
def msgs(corpus_settings: Settings) -> Messages:
    return Messages.load(corpus_settings.prompts_dir)


@pytest.fixture(scope="module")
def glossary(corpus_snapshot: Snapshot) -> Glossary:
    return Glossary(corpus_snapshot.glossary)


def assert_verbatim(answer: Answer, snap: Snapshot) -> None:
    """Every citation: a known document, an int page, a quote that is page text verbatim."""
    for c in answer.citations:
        assert c.document in snap.documents
        assert isinstance(c.page, int)
        assert c.quote and c.quote in snap.page_text(c.document, c.page), c.quote
        if c.section is not None:
            assert snap.programs[c.document].section(c.section) is not None


def holds(section: Section, key: str) -> bool:
    return any(o.abbreviation == key or key in o.via for o in section.owners)


def test_owners_of_every_sub_goal_by_number(
    engine: AnswerEngine, program: Program, corpus_snapshot: Snapshot, glossary: Glossary
) -> None:
    assert program.sub_goals
    for sg in program.sub_goals:
        a = engine.answer(f"Vilka har huvudansvar för delmål {sg.id}?")
        assert a.mode == "structured" and not a.abstained
        assert a.owners == sg.owner_abbreviations
        assert a.sections == [sg.id]
        assert_verbatim(a, corpus_snapshot)
        # the Huvudansvar line itself is cited
        assert sg.owners_span is not None
        line = corpus_snapshot.page_text(sg.document, sg.owners_span.page)[
            sg.owners_span.start : sg.owners_span.end
        ]
        assert [c.quote for c in a.citations] == [line]
        assert a.citations[0].page == sg.owners_span.page
        for o in sg.owners:
            assert o.abbreviation in a.text
            body = glossary.get(o.abbreviation)
            if body is not None and body.expansion:
                assert body.expansion in a.text
            for company in o.via:
                assert company in a.text


def test_owner_names_carry_the_glossary_confidence(
    engine: AnswerEngine, program: Program, msgs: Messages, glossary: Glossary
) -> None:
    r = Renderer(msgs, glossary, "sv")
    checked = set()
    for sg in program.sub_goals:
        a = engine.answer(f"Vilka har huvudansvar för {sg.id}?")
        for o in sg.owners:
            assert r.body(o.abbreviation) in a.text
            body = glossary.get(o.abbreviation)
            checked.add(body.confidence if body is not None else "")
    # the corpus has certain and likely names: both renderings were exercised
    assert {"certain", "likely"} <= checked


def test_owners_by_topic_and_paraphrase_find_the_sub_goal_by_its_title(
    engine: AnswerEngine, program: Program
) -> None:
    for sg in program.sub_goals:
        a = engine.answer(f"Vem har huvudansvar för {sg.title.lower()}?")
        assert a.sections == [sg.id], (sg.id, a.text)
        assert a.owners == sg.owner_abbreviations


def test_reverse_lookups_for_every_body_in_any_owners_list(
    engine: AnswerEngine, program: Program, corpus_snapshot: Snapshot, glossary: Glossary
) -> None:
    bodies = {o.abbreviation for s in program.sub_goals for o in s.owners}
    bodies |= {v for s in program.sub_goals for o in s.owners for v in o.via}
    assert bodies
    for key in sorted(bodies):
        expected = [s.id for s in program.sub_goals if holds(s, key)]
        a = engine.answer(f"Vilka delmål har {key} huvudansvar för?")
        assert a.sections == expected, key
        assert set(re.findall(r"\b\d\.\d\b", a.text)) == set(expected), key
        assert_verbatim(a, corpus_snapshot)
        body = glossary.get(key)
        if body is not None and body.expansion and body.abbreviation:
            by_name = engine.answer(f"I vilka delmål har {body.expansion} huvudansvar?")
            assert by_name.sections == expected, body.expansion


def test_combined_reverse_lookups(engine: AnswerEngine, program: Program) -> None:
    subs = program.sub_goals
    a = engine.answer("I vilka delmål har KS inte huvudansvar?")
    assert a.sections == [s.id for s in subs if not holds(s, "KS")]
    a = engine.answer("Vilka delmål har både JUSK och IFN huvudansvar för?")
    assert a.sections == [s.id for s in subs if holds(s, "JUSK") and holds(s, "IFN")]
    a = engine.answer("I vilka delmål har UKF huvudansvar genom Bostaden men inte genom Ultra?")
    assert a.sections == [s.id for s in subs if holds(s, "Bostaden") and not holds(s, "Ultra")]
    most = max(len(s.owners) for s in subs)
    a = engine.answer("Vilket delmål har flest huvudansvariga?")
    assert a.sections == [s.id for s in subs if len(s.owners) == most]


@pytest.mark.parametrize(
    "question",
    [
        "Vilka har huvudansvar för delmål 6.1?",
        "Vem ansvarar för 3.4?",
        "Vad handlar fokusområde 7 om?",
        "Vilka delmål har Miljö- och hälsoskyddsnämnden huvudansvar för?",
        "Vilka delmål har Umeå Energi huvudansvar för?",
        "Vad kostar ett busskort?",
        "Vem är kommunstyrelsens ordförande?",
        "När antogs programmet?",
        "Hur mycket pengar får delmål 3.2?",
        "Är utvecklingsanslaget 6 000 angivet i tkr eller kronor?",
        "Vilka tilläggsuppdrag finns för 2025?",
        "Hur blir vädret i Umeå i morgon?",
        "Who chairs the municipal executive board?",
        "Vem har huvudansvar för delmål 3?",
        "Vilka delmål finns under fokusområdet om klimat?",
        "Vem ansvarar för snöröjningen?",
        "Vilka är med i JUSK?",
        "Which sub-goals does the Environment and Health Protection Committee own?",
    ],
)
def test_abstains_when_the_program_does_not_say(
    engine: AnswerEngine, msgs: Messages, question: str
) -> None:
    a = engine.answer(question)
    assert a.abstained and a.mode == "abstain" and a.owners is None
    lang = "answer_en" if a.language == "en" else "answer"
    assert a.text.startswith(msgs.render(f"{lang}.abstain"))


def test_most_sub_goals_and_companies_only(
    engine: AnswerEngine, program: Program, glossary: Glossary
) -> None:
    count: dict[str, list[str]] = {}
    for s in program.sub_goals:
        for o in s.owners:
            count.setdefault(o.abbreviation, []).append(s.id)
    top = max(count, key=lambda k: len(count[k]))
    a = engine.answer("Vilken nämnd ansvarar för flest delmål?")
    assert a.sections == count[top] and top in a.text
    companies = {
        o.abbreviation
        for s in program.sub_goals
        for o in s.owners
        if o.via or any(b.is_company for b in [glossary.get(o.abbreviation)] if b is not None)
    }
    a = engine.answer("Vilka bolag har huvudansvar?")
    assert companies and set(a.owners or []) == companies


def test_abstention_offers_the_nearest_sections(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vem ansvarar för 3.4?")
    assert a.suggestions == [s.id for s in program.children("3") if s.kind == "sub_goal"]
    for sid in a.suggestions:
        sec = program.section(sid)
        assert sec is not None and sec.title in a.text
    b = engine.answer("Vad kostar ett busskort?")
    assert b.suggestions and all(program.section(s) is not None for s in b.suggestions)


def test_a_body_the_program_never_names_as_owner(
    engine: AnswerEngine, msgs: Messages, program: Program
) -> None:
    a = engine.answer("Vilka delmål har Miljö- och hälsoskyddsnämnden huvudansvar för?")
    assert not any(holds(s, "Miljö- och hälsoskyddsnämnden") for s in program.sub_goals)
    assert msgs.render("answer.abstain_body", body="Miljö- och hälsoskyddsnämnden") in a.text


def test_follow_ups_read_the_earlier_turns(
    engine: AnswerEngine, program: Program, glossary: Glossary
) -> None:
    def turns(*qs: str) -> list[Turn]:
        out: list[Turn] = []
        for q in qs:
            out += [Turn("user", q), Turn("assistant", engine.answer(q, out).text)]
        return out

    s33 = program.section("3.3")
    assert s33 is not None
    a = engine.answer("Och 3.3?", turns("Vilka har huvudansvar för 3.2?"))
    assert a.owners == s33.owner_abbreviations and a.sections == ["3.3"]

    s11 = program.section("1.1")
    assert s11 is not None
    companies = [
        o.abbreviation
        for o in s11.owners
        if o.via or any(b.is_company for b in [glossary.get(o.abbreviation)] if b is not None)
    ]
    a = engine.answer("Vilka av dem är bolag?", turns("Vilka har huvudansvar för 1.1?"))
    assert companies and a.owners == companies
    for o in s11.owners:
        for v in o.via:
            assert v in a.text

    a = engine.answer("Vad står det i den?", turns("Vilka har huvudansvar för 2.1?"))
    assert a.sections == ["2.1"] and all(c.section == "2.1" for c in a.citations)

    a = engine.answer("Vem ansvarar för det?", turns("Vad handlar delmål 3.2 om?"))
    s32 = program.section("3.2")
    assert s32 is not None and a.owners == s32.owner_abbreviations

    last = [s for s in program.children("4") if s.kind == "sub_goal"][-1]
    a = engine.answer(
        "Vem har huvudansvar för det sista av dem?",
        turns("Vilka delmål finns under fokusområde 4?"),
    )
    assert a.sections == [last.id] and a.owners == last.owner_abbreviations

    s51, s52 = program.section("5.1"), program.section("5.2")
    assert s51 is not None and s52 is not None
    a = engine.answer(
        "Vilka finns med i båda?", turns("Vilka har huvudansvar för 5.1?", "Och 5.2?")
    )
    assert set(a.owners or []) == set(s51.owner_abbreviations) & set(s52.owner_abbreviations)

    a = engine.answer("Och 5.1 då?", turns("Vilka har huvudansvar för 6.1?"))
    assert a.owners == s51.owner_abbreviations

    a = engine.answer(
        "Vad står förkortningen för?", turns("Vilka delmål har JUSK huvudansvar för?")
    )
    jusk = glossary.get("JUSK")
    assert jusk is not None and jusk.expansion and jusk.expansion in a.text


def test_without_history_a_reference_back_is_not_guessed(engine: AnswerEngine) -> None:
    a = engine.answer("Vilka av dem är bolag?")
    assert a.abstained and a.owners is None


def test_english_questions_get_the_same_facts_in_english(
    engine: AnswerEngine, program: Program, msgs: Messages, glossary: Glossary
) -> None:
    s32 = program.section("3.2")
    assert s32 is not None
    a = engine.answer("Who has the main responsibility for sub-goal 3.2?")
    sv = engine.answer("Vilka har huvudansvar för 3.2?")
    assert a.language == "en" and a.owners == sv.owners == s32.owner_abbreviations
    assert a.citations == sv.citations
    assert Renderer(msgs, glossary, "en").body("PN") in a.text
    assert a.text != sv.text
    b = engine.answer("What period does the programme cover?")
    assert program.period and program.period in b.text and b.language == "en"


def test_lists_period_grant_and_related_documents_come_from_the_parsed_program(
    engine: AnswerEngine, program: Program, corpus_snapshot: Snapshot
) -> None:
    a = engine.answer("Vilka fokusområden har programmet?")
    assert a.sections == [f.id for f in program.focus_areas]
    for fa in program.focus_areas:
        assert fa.title in a.text
    a = engine.answer("Vilka delmål finns under fokusområde 2?")
    assert a.sections == [s.id for s in program.children("2") if s.kind == "sub_goal"]
    a = engine.answer("Vilken period gäller programmet?")
    assert program.period and program.period in a.text
    assert_verbatim(a, corpus_snapshot)
    grant = next(s for s in program.sections if "anslag" in s.title.lower())
    a = engine.answer("Hur stort är utvecklingsanslaget för social hållbarhet?")
    assert a.sections == [grant.id] and " ".join(grant.body.split()) in a.text
    holder = next(s for s in program.sections if s.groups)
    name = next(n for n in holder.groups if n.rstrip().endswith("1"))
    a = engine.answer("Vilka relaterade dokument finns för fokusområde 1?")
    for item in holder.groups[name]:
        assert item in a.text
    assert len(a.citations) == len(holder.groups[name])
    assert_verbatim(a, corpus_snapshot)


def test_glossary_answers_say_troligen_where_the_glossary_is_not_sure(
    engine: AnswerEngine, msgs: Messages, glossary: Glossary, corpus_snapshot: Snapshot
) -> None:
    for body in glossary.bodies.values():
        if not body.abbreviation:
            continue
        a = engine.answer(f"Vad står {body.abbreviation} för?")
        assert not a.abstained, body.abbreviation
        if body.expansion is None:
            assert (
                msgs.render("answer.glossary_unverified", abbreviation=body.abbreviation) in a.text
            )
        elif body.is_certain:
            assert (
                msgs.render(
                    "answer.glossary", abbreviation=body.abbreviation, expansion=body.expansion
                )
                in a.text
            )
        else:
            assert (
                msgs.render(
                    "answer.glossary_likely",
                    abbreviation=body.abbreviation,
                    expansion=body.expansion,
                )
                in a.text
            )
        assert_verbatim(a, corpus_snapshot)


@pytest.mark.parametrize(
    "question",
    [
        "Vad gör kommunen mot hemlöshet?",
        "Vad säger programmet om våld?",
        "Vem ansvarar för uppföljningen av programmet?",
        "Vad handlar tilläggsuppdrag 2021:8 om?",
        "Vad syftar fokusområde 1 till?",
        "Nämns någon länsstrategi bland dokumenten?",
        "Who is responsible for following up the programme?",
    ],
)
def test_open_questions_quote_whole_sentences_verbatim(
    engine: AnswerEngine, corpus_snapshot: Snapshot, question: str
) -> None:
    a = engine.answer(question)
    assert a.mode == "extractive" and not a.abstained and a.citations
    assert_verbatim(a, corpus_snapshot)
    for c in a.citations:
        # a sentence ends with its punctuation, or is a list item / line of its own
        text = corpus_snapshot.page_text(c.document, c.page or 0)
        end = text.find(c.quote) + len(c.quote)
        assert c.quote.rstrip().endswith((".", ":", "!", "?")) or text[end : end + 1] in ("\n", "")
        assert " ".join(c.quote.split()) in " ".join(a.text.split())


def test_structured_questions_embed_nothing_and_open_ones_once(engine: AnswerEngine) -> None:
    engine.clear_caches()
    before = engine.embed_calls
    engine.answer("Vilka har huvudansvar för 3.2?")
    engine.answer("Vilka delmål har KS huvudansvar för?")
    engine.answer("Vad står IFN för?")
    assert engine.embed_calls == before
    engine.answer("Vad gör kommunen mot hemlöshet?")
    assert engine.embed_calls == before + 1


def test_question_errors_and_the_json_contract(engine: AnswerEngine) -> None:
    with pytest.raises(QuestionError) as exc:
        engine.answer("   ")
    assert exc.value.code == "empty_question"
    with pytest.raises(QuestionError) as exc:
        engine.answer("x" * (engine.max_question_chars + 1))
    assert exc.value.code == "question_too_long"
    j = engine.answer("Vilka har huvudansvar för 3.2?").to_json()
    assert set(j) == {"answer", "abstained", "mode", "citations"}
    cite = j["citations"][0]
    assert set(cite) == {
        "document",
        "section",
        "page",
        "quote",
        "document_title",
        "section_label",
    }
    assert cite["document_title"] == engine.corpus.title(cite["document"])
    assert "social hållbarhet" in cite["document_title"]


def test_who_heads_a_body_is_not_answered_with_its_sub_goals(
    engine: AnswerEngine, msgs: Messages, glossary: Glossary
) -> None:
    a = engine.answer("Vem leder Jämställdhetsutskottet?")
    assert a.abstained and a.owners is None and not a.sections
    assert a.text.startswith(msgs.render("answer.abstain"))
    body = glossary.get("JUSK")
    assert body is not None and body.expansion and body.expansion in a.text
    # what the body leads is still a reverse lookup
    b = engine.answer("Vilka delmål leder JUSK?")
    assert not b.abstained and b.sections


def test_a_year_outside_the_program_period_is_not_answered(
    engine: AnswerEngine, program: Program, corpus_snapshot: Snapshot
) -> None:
    assert program.period
    years = [int(y) for y in re.findall(r"\d{4}", program.period)]
    after = max(years) + 1
    a = engine.answer(f"Vilka delmål gäller {after}?")
    assert a.abstained and not a.sections
    assert program.period in a.text and str(after) in a.text
    assert a.citations and any(program.period in c.quote for c in a.citations)
    assert_verbatim(a, corpus_snapshot)
    b = engine.answer(f"Vilka delmål gäller {min(years)}?")
    assert not b.abstained and b.sections == [s.id for s in program.sub_goals]


def test_a_keyword_query_with_responsibility_and_a_number_gives_the_owners(
    engine: AnswerEngine, program: Program
) -> None:
    for sec in program.sub_goals[:3]:
        a = engine.answer(f"huvudansvar {sec.id}")
        assert a.mode == "structured" and a.sections == [sec.id]
        assert set(a.owners or []) == {o.abbreviation for o in sec.owners}


def test_a_topic_two_sub_goals_share_gives_the_owners_of_both(
    engine: AnswerEngine, program: Program
) -> None:
    about = [s for s in program.sub_goals if "vald" in re.findall(r"\w+", fold(s.title))]
    assert len(about) == 2
    a = engine.answer("Vem ansvarar för arbetet mot våld?")
    assert sorted(a.sections) == sorted(s.id for s in about)
    assert set(a.owners or []) == {o.abbreviation for s in about for o in s.owners}
    # named by its title, one sub-goal is meant
    b = engine.answer(f"Vilka ansvarar för delmålet {about[0].title}?")
    assert b.sections == [about[0].id]
