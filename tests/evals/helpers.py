"""Hand-made cases and answers for the evals tests."""

from __future__ import annotations

from typing import Any

from evals.dataset import Case
from service.engine.models import Answer, Citation

DOC = "program-social-hallbarhet-2024-2025"

PAGES = {
    (
        DOC,
        1,
    ): "1.2 Ett Umeå fritt från våld\nHuvudansvar: KS, IFN, TN, UKF genom Bostaden och Ultra",
    (
        DOC,
        2,
    ): "3.2 Motverka barnfattigdom\nArbetet utgår ifrån handlingsplan för halverad\nbarnfattigdom.",
}

FORMS = {"ÄN": ["ÄN", "AN"], "KS": ["KS"], "IFN": ["IFN"], "TN": ["TN"], "UKF": ["UKF"]}


def page_text(document: str, page: int) -> str:
    return PAGES.get((document, page), "")


def case(**kw: Any) -> Case:
    row: dict[str, Any] = {
        "id": "c1",
        "question": "Vem har huvudansvar för 1.2?",
        "history": [],
        "reference": "KS, IFN, TN och UKF.",
        "gold_sections": ["1.2"],
        "gold_pages": [1],
        "expected_owners": None,
        "expected_sections": None,
        "required_facts": [],
        "answerable": True,
        "category": "owners",
        "variant": "number",
    }
    row.update(kw)
    return Case.from_dict(row)


def cite(section: str | None, page: int | None, quote: str = "Huvudansvar: KS") -> Citation:
    return Citation(document=DOC, section=section, page=page, quote=quote)


def answer(
    text: str = "",
    citations: list[Citation] | None = None,
    *,
    abstained: bool = False,
    owners: list[str] | None = None,
    sections: list[str] | None = None,
) -> Answer:
    return Answer(
        text=text,
        citations=citations or [],
        abstained=abstained,
        mode="abstain" if abstained else "structured",
        owners=owners,
        sections=sections or [],
    )
