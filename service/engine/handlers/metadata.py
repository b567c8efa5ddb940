"""Metadata answers: which documents exist, of which kind, valid when, adopted by whom.

The facts come from the manifest (the operator's word) and the cover page the ingest read (the
manifest wins where both say something). Where neither says, the answer is an honest abstention
that names what is known instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ingest.text import fold

from ..extractive import has_person_name, match_score
from ..models import Answer
from ..reading import lexicon as lx
from ..reading.rules import load_rules
from ..reading.scope import kind_stem, kinds_named, load_scope_words
from . import lists, passages, related_lists
from .self_statements import add_self_description, signed

if TYPE_CHECKING:
    from ..turn import Answering, Result

_YEAR = re.compile(r"^(?:19|20)\d\d$")
# "Strategisk utveckling … är programansvarig": who the text says is responsible for it
_RESPONSIBLE_SAID = re.compile(r"\bär\s+(?:program|dokument|plan|strategi)\w*ansvarig", re.I)


def _meta(a: Answering, doc: str) -> dict[str, Any]:
    rec = a.c.snapshot.documents.get(doc)
    return dict(rec.meta) if rec is not None else {}


def _period(meta: dict[str, Any]) -> str | None:
    lo, hi = meta.get("valid_from"), meta.get("valid_to")
    if lo and hi:
        return f"{lo}–{hi}" if lo != hi else str(lo)
    return str(lo or hi) if (lo or hi) else None


def _structured(a: Answering, text: str, docs: list[str]) -> Answer:
    return Answer(
        text=text,
        citations=[],
        abstained=False,
        mode="structured",
        confidence=1.0,
        language=a.r.language,
        scope=docs,
    )


def _docs(a: Answering) -> list[str]:
    """The documents in scope: those planned, else the one the view is over, else all."""
    return list(a.scope_docs) or ([a.c.document] if a.c.document else list(a.c.snapshot.documents))


def k_metadata(a: Answering) -> Result:
    field = a.p.rule_field
    if (a.p.rule or "").startswith("example:") and (_beyond_metadata(a) or not _rule_words(a)):
        # read by a near example only, and it asks about something else ("Vilka
        # tilläggsuppdrag gäller för 2025?" is not "Vilka dokument gäller 2025?")
        return passages.k_open(a)
    docs = _docs(a)
    if field == "list":
        return _list(a, docs)
    named = a.scope_docs if 1 < len(a.scope_docs) < len(a.c.snapshot.documents) else []
    # ("X nämner Y. När fastställdes det?" is asked of Y alone before it gets here: context.py)
    if not named or len(named) == 1:
        return _of_document(a, named[0] if named else docs[0], field)
    # the question names two documents ("Vem har fastställt X och Y?"): each one's fact
    parts = [_of_document(a, d, field) for d in named]
    kept = [r for r in parts if not r.answer.abstained] or parts[:1]
    answer = kept[0].answer
    answer.text = "\n".join(r.answer.text for r in kept)
    answer.scope = [d for d, r in zip(named, parts, strict=True) if r in kept]
    return a.result(answer, "metadata")


def _rule_words(a: Answering) -> bool:
    """A question read by a near example still uses a word of that rule's own phrases
    ("ansvarig", "gäller", "fastställt"): "Vad är syftet med programmet?" is near "Vem är
    ansvarig för programmet?" but asks nothing the rule reads."""
    rule = next((r for r in load_rules() if r.id == (a.p.rule or "").split(":", 1)[-1]), None)
    if rule is None:
        return True
    sw = load_scope_words()
    toks = a.p.tokens
    for phrase in rule.any:
        # the words naming a document ("programmet") are no words of what the rule reads
        own = [
            w
            for w in phrase.split()
            if len(w) > 3 and not kinds_named([w], sw) and w not in _DOCUMENT_WORDS
        ]
        # a phrase's words together, in its order: "vilken kommun" is not "kommunens mål"
        if own and any(
            all(a._same(toks[i + j], w) for j, w in enumerate(own))
            for i in range(len(toks) - len(own) + 1)
        ):
            return True
    return False


_DOCUMENT_WORDS = frozenset({"dokument", "dokumentet", "document", "documents"})


def _beyond_metadata(a: Answering) -> bool:
    """The question names a thing the documents have sections about ("tilläggsuppdrag"),
    which is no kind, list or period word: it asks about that, not about the documents."""
    sw = load_scope_words()
    heads = {
        w
        for p in a.c.programs
        for sec in p.sections
        for w in re.findall(r"\w+", fold(sec.title))
        if len(w) > 4
    }
    return any(
        w not in lx.RELATED_LIST_WORDS
        and w not in lx.PERIOD_WORDS
        and not kinds_named([w], sw)
        and not any(alt in a.c.title_words for alt in w.split("|"))
        and any(a._same(alt, h) for alt in w.split("|") for h in heads)
        for w in a.p.residual
    )


def _of_document(a: Answering, doc: str, field: str | None) -> Result:
    title = a.c.title(doc)
    meta = _meta(a, doc)
    years = [int(n) for n in a.p.numbers if _YEAR.match(n)]
    if field == "validity":
        period = _period(meta)
        prog = a.c.by_document.get(doc)
        if years and period:
            lo, hi = meta.get("valid_from") or 0, meta.get("valid_to") or 9999
            key = "meta_valid_yes" if all(lo <= y <= hi for y in years) else "meta_valid_no"
            return a.result(
                _structured(a, a.r.t(key, title=title, year=years[0], period=period), [doc]),
                "metadata",
            )
        if prog is not None and prog.period and a.c.document == doc:
            return lists.k_period(a)  # the document's own sentence on its period
        if period:
            text = a.r.t("meta_period", title=title, period=period)
            return a.result(_structured(a, text, [doc]), "metadata")
        return a.result(a.s.abstain([a.r.t("meta_unknown", title=title)]), "metadata")
    if field == "signed":
        return signed(a, doc, title)
    value = (
        meta.get(field)
        if field in ("adopted_by", "responsible", "kind", "diary_number", "organisation")
        else None
    )
    if field == "kind":
        value = a.c.snapshot.documents[doc].kind if doc in a.c.snapshot.documents else None
    if field == "responsible" and "person" in a.p.asks and not has_person_name(str(value or "")):
        # "Vad heter personen som är programansvarig?": the document names a unit, no person
        return passages.k_open(a)
    if not value and field in ("responsible", "organisation"):
        # no responsible in the manifest or on the cover: the text's "X är programansvarig"
        said = (
            []
            if field == "organisation"
            else [
                u
                for u in a.c.find_units(_RESPONSIBLE_SAID, doc)
                if u.kind == "sentence" and u.section
            ]
        )
        sec = a.c.section(said[0].section or "", doc) if said else None
        if sec is not None:
            return a.result(a.s.section_quote(sec, said[:1]), "metadata")
        return passages.k_open(a)
    if not value:
        return a.result(a.s.abstain([a.r.t("meta_unknown", title=title)]), "metadata")
    date = _long_date(a, str(meta.get("adopted") or "")) if field == "adopted_by" else None
    key = "meta_adopted_by_on" if date else f"meta_{field}"
    text = a.r.t(key, title=title, value=value, date=date or "")
    answer = _structured(a, text, [doc])
    if field == "kind":
        add_self_description(a, answer, doc, str(value))
    return a.result(answer, "metadata")


def _long_date(a: Answering, iso: str) -> str | None:
    """'2023-05-29' -> '29 maj 2023 (2023-05-29)': the date as people write it, and as given."""
    m = re.fullmatch(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", iso.strip())
    if m is None:
        return None
    months = [w.strip() for w in a.r.t("month_names").split(",")]
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= len(months):
        return None
    return a.r.t("long_date", day=d, month=months[mo - 1], year=y, iso=iso.strip())


def _of_kind_and_body(a: Answering, docs: list[str]) -> list[str]:
    """The documents of the kind the question names ("Vilka handlingsplaner …") and adopted by
    the body it names ("… antagna av kommunfullmäktige")."""
    sw = load_scope_words()
    stems = kinds_named(a.p.tokens, sw) - {"styrdokument"}
    if stems:
        docs = [d for d in docs if kind_stem(a.c.snapshot.documents[d].kind, sw) in stems]
    if a.p.bodies:
        names = [a.r.body(k) for k in a.p.body_keys]
        wanted = [fold(n) for n in names] + [fold(k) for k in a.p.body_keys]
        docs = [
            d
            for d in docs
            if (by := fold(str(_meta(a, d).get("adopted_by") or "")))
            and any(by in w or w.startswith(by) for w in wanted)
        ]
    return docs


def _topic(a: Answering) -> list[str]:
    """Words of a document-list question beyond its kind and list words ("… om Umeå växer")."""
    sw = load_scope_words()
    rule = next((r for r in load_rules() if r.id == a.p.rule), None)
    own = {w for ph in (rule.any + rule.also if rule else ()) for w in ph.split()}
    # the topic follows "om" / "kring" / "about" ("Vilka dokument finns om Umeå växer …?")
    m = re.search(r" (?:om|kring|rorande|about|on) (.*)$", a.p.folded)
    tail = set(m.group(1).split()) if m else set()
    return [
        w
        for w in a.p.residual
        if w in tail
        and w not in lx.RELATED_LIST_WORDS
        and w not in own
        and not kinds_named([w], sw)
        and len(w) > 3
    ]


def _valid_as_asked(a: Answering, year: int, lo: int, hi: int) -> bool:
    """Valid in the year; or, after "längre än" / "efter", in a later year; after "före", in
    an earlier one."""
    text = a.p.folded
    for phrase in lx.YEAR_AFTER_PHRASES:
        if f" {phrase} {year} " in text or f" {phrase} ar {year} " in text:
            return hi > year
    for phrase in lx.YEAR_BEFORE_PHRASES:
        if f" {phrase} {year} " in text or f" {phrase} ar {year} " in text:
            return lo < year
    return lo <= year <= hi


def _list(a: Answering, docs: list[str]) -> Result:
    if not a.scope_docs or a.p.bodies:
        docs = _of_kind_and_body(a, list(a.c.snapshot.documents))
    else:
        docs = _of_kind_and_body(a, docs)
    if not docs and kinds_named(a.p.tokens, load_scope_words()) - {"styrdokument"}:
        # "Vilka handlingsplaner finns?" with none in the corpus: the ones the documents list
        listed = related_lists.k_related_docs(a)
        if not listed.answer.abstained and listed.kind == "related_docs":
            doc = a.c.document or (a.scope_docs[0] if a.scope_docs else "")
            intro = a.r.t("meta_none_listed", title=a.c.title(doc) if doc else "")
            listed.answer.text = intro + "\n" + listed.answer.text
        return listed
    topic = _topic(a)
    if topic:
        weights = {w: 1.0 for w in topic}
        docs = [
            d
            for d in docs
            if match_score(a.c.snapshot.documents[d].title, weights, a.c.search) >= 0.75
        ]
        if not docs:
            # no document of the corpus is about it: perhaps an entry the documents list
            return related_lists.k_related_docs(a)
    years = [int(n) for n in a.p.numbers if _YEAR.match(n)]
    items = []
    kept = []
    for doc in docs:
        meta = _meta(a, doc)
        if years:
            lo, hi = meta.get("valid_from"), meta.get("valid_to")
            if lo is None and hi is None:
                continue
            if not all(_valid_as_asked(a, y, lo or 0, hi or 9999) for y in years):
                continue
        rec = a.c.snapshot.documents[doc]
        period = _period(meta)
        key = "meta_item_period" if period else "meta_item"
        date = _long_date(a, str(meta.get("adopted") or "")) if a.p.bodies else None
        if date:
            # "Vilka av dokumenten är fastställda av kommunfullmäktige?": and when
            key, period = "meta_item_adopted", period or rec.kind
        items.append(a.r.t(key, title=rec.title, kind=rec.kind, period=period or "", date=date))
        kept.append(doc)
    if not items and a.p.bodies:
        # "Vilka av dem är antagna av kommunfullmäktige?": no document of the corpus, perhaps
        # entries the documents list with that note
        listed = related_lists.k_related_docs(a)
        if not listed.answer.abstained and listed.kind == "related_docs":
            return listed
    if not items:
        return a.result(a.s.abstain([a.r.t("meta_none")]), "metadata")
    text = a.r.t("meta_list", count=len(items), items="; ".join(items))
    return a.result(_structured(a, text, kept), "metadata")
