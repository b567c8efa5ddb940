"""The grant: its amounts quoted, and abstentions where more is asked than they give (a
breakdown by section, year or share; the terms of getting it)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import STOPWORDS, fold

from ..links import pointer
from ..models import Answer
from ..reading import lexicon as lx
from ..reading.asks import has_phrase
from ..understand import alternatives
from .listed import points_to

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_grant(a: Answering) -> Result:
    sec = a._grant_section()
    if sec is None:
        from .passages import k_open  # the open question: passages imports this module

        return k_open(a)
    split = _grant_split_missing(a, sec)
    if split is not None:
        return a.result(a.s.abstain([split], [sec]), "grant")
    text = " ".join(u.text for u in a.c.section_units(sec)) + " " + sec.title
    terms = tuple(w[:5] for w in lx.REQUIREMENT_WORDS)
    if set(a.p.tokens) & lx.REQUIREMENT_WORDS and not any(
        w.startswith(terms) for w in fold(text).split()
    ):
        # "Vad krävs för att få del av anslaget?": the grant's text is its amounts, no terms
        return a.result(_grant_terms_absent(a, sec), "grant")
    asked = [
        w
        for w in a._topic_words(None)
        if not any(alt.startswith(lx.GRANT_STEMS + lx.MONEY_STEMS) for alt in alternatives(w))
        # "ändras" asks about the amounts, it is no topic (nor is the document's word for it)
        and w not in lx.CHANGE_WORDS | {lx.SV_SYNONYMS.get(c, c) for c in lx.CHANGE_WORDS}
        and not w.startswith(lx.COLUMN_STEMS)
    ]
    # a word missing from the grant's text counts when the documents use it elsewhere (the
    # question is about something they do say: "kriterier"), not a word of the asker's own
    elsewhere = [w for w in asked if not a.c.search.covered_in(w, text) and a.c.search.known(w)]
    if elsewhere:
        # "Vilka kriterier gäller för anslaget?": more is asked than the grant's amounts
        from .passages import k_open

        return k_open(a, grant=False)
    return a.result(a.s.grant(sec, a.p.asks, a.r.label(sec), a.p.numbers), "grant")


def _grant_terms_absent(a: Answering, sec: Section) -> Answer:
    """The abstention for the grant's terms, with the related document named for them when
    the document lists one (its entry holds the grant's name and the word asked for)."""
    reasons = [a.r.t("abstain_grant_terms", title=sec.title)]
    topic = [*(set(a.p.tokens) & lx.REQUIREMENT_WORDS), *fold(sec.title).split()]
    docs = [sec.document] if sec.document else []
    found = pointer(a.e, docs, [w for w in topic if w not in STOPWORDS])
    cites = []
    if found is not None:
        cite = a.c.cite(*found)
        reasons.append(points_to(a, cite))
        cites.append(cite)
    return a.s.abstain(reasons, [sec], citations=cites)


def _grant_split_missing(a: Answering, sec: Section) -> str | None:
    """The grant asked for per section, per year or as a share, where the grant's text
    gives no such breakdown: the reason to abstain, else None."""
    text = fold(" ".join(u.text for u in a.c.section_units(sec)))
    years = [n for n in a.p.numbers if re.fullmatch(r"(?:19|20)\d\d", n)]
    missing_year = next((y for y in years if y not in text), None)
    if missing_year is not None:
        return a.r.t("abstain_grant_year", title=sec.title, year=missing_year)
    names_section = bool(a.p.sub_goals or a.p.focus_areas) or a._focus_by_title(True) is not None
    sections_in_text = any(
        re.search(rf"\b{re.escape(i)}\b", text) for i in a.p.sub_goals + a.p.focus_areas
    )
    share = any(t.startswith(lx.SHARE_STEMS) for t in a.p.tokens)
    # "Hur stor del av anslaget går till IFN?": a body the grant's text does not name
    body_missing = any(
        not re.search(rf"\b{re.escape(fold(k))}\b", text) for k in a.p.positive_bodies
    )
    # "Hur ska anslaget fördelas mellan nämnderna?": a split by body the text does not give
    per_body = has_phrase(a.p.tokens, lx.PER_BODY_PHRASES)
    if (
        body_missing
        or per_body
        or (names_section and not sections_in_text)
        or (share and "%" not in text and "procent" not in text)
    ):
        return a.r.t("abstain_grant_split", title=sec.title)
    return None
