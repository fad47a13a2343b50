"""Quotes of a document: direct, partial and reported, each with its speaker and cue.

`find_quotes` runs three passes over one parsed document:

1. `quote_marks.find_quote_spans` pairs quotation marks (never fails on odd marks);
2. each quoted run is classified and attributed here:
   - DIRECT: it opens a sentence (paragraph start, after `.`/`:` or after `X said,`), or it is a
     capitalised utterance next to a cue;
   - PARTIAL: a fragment woven into the reporter's sentence (is to "give an ..."); it needs a cue
     in its own sentence, else it is a scare quote or a phrase nobody said, and is dropped;
   - quoted titles (title-cased names of reports, books, films) are dropped;
   - the cue is looked for after the quote first (`"...," Marsh said` / `said Petra Marsh`), then
     before it (`Marsh said: "..."`, `adding: "..."`, the split `"However," X said, "..."`, the
     `X added that ... is to "..."` of a partial quote);
   - a quote with no cue of its own keeps the speaker of the quote before it in its paragraph, or,
     opening a paragraph, of the last quote in the paragraph before (newsroom continuation);
   - a quote running over several paragraphs is one Quote per paragraph, all with one speaker;
3. `quote_reported.find_reported` adds reported speech without marks.

Quote text is everything between the marks, punctuation included: `"It is over," he said` gives
"It is over," (the convention of tests/gold/sample_gold.json; scorers compare leniently), so that
`text[q.start:q.end] == q.text` and the offsets cover exactly what the marks enclose. Display and
citations use `quote_marks.cited_text`, which drops the comma that joined the words to "he said"
("It is over").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from byline.analysis.cues import TITLE_NOUNS, is_cue
from byline.analysis.name_patterns import nickname_starts
from byline.analysis.quote_marks import QuoteSpan, find_quote_spans, paragraph_bounds
from byline.models import Entity, Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from byline.analysis.attribution import Attributor

_SENTENCE_PUNCT = ".!?…"
_CLOSING_MARKS = "\"”'’»"
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"}
)
MIN_UNCUED_WORDS = 5
"""A direct quote with no speaker at all is kept only when at least this long."""


def find_quotes(
    text: str,
    sdoc: Doc,
    entities: Iterable[Entity],
    paragraphs: Sequence[tuple[int, int]] | None = None,
) -> list[Quote]:
    """All quotes in `text` (parsed as `sdoc`), sorted by start; see the module docstring."""
    from byline.analysis.attribution import Attributor
    from byline.analysis.quote_reported import find_reported, without_doubles

    paras = list(paragraphs) if paragraphs is not None else paragraph_bounds(text)
    spans = find_quote_spans(text, paras)
    att = Attributor(text, sdoc, entities, paras, spans)
    nicknames = nickname_starts(text)
    spans = [s for s in spans if s.start not in nicknames]  # Jimmy "the Whirlwind" White
    found, used_cues = _marked_quotes(att, spans)
    direct = [(q.start, q.end) for q in found if q.kind is QuoteKind.DIRECT]
    found.extend(find_reported(att, used_cues, direct))
    found.sort(key=lambda q: (q.start, q.end))
    return [_canonical(att, q) for q in without_doubles(text, found)]


def _canonical(att: Attributor, quote: Quote) -> Quote:
    """The quote with its speaker as an entity's canonical name when the text names them as one
    ("Petra Marsh" where the entity is "Marsh")."""
    if quote.speaker is None or quote.speaker in att.entity_names:
        return quote
    entity = att.resolver.resolve(quote.speaker, near=quote.start)
    if entity is None or len(entity.name.split()) < len(quote.speaker.split()):
        return quote  # the text's fuller name wins ("Lucie Silvas" over "Silvas")
    return Quote(quote.text, quote.start, quote.end, quote.kind, entity.name, quote.cue)


def _marked_quotes(att: Attributor, spans: list[QuoteSpan]) -> tuple[list[Quote], set[int]]:
    """Classify and attribute every quoted run; returns the quotes and the cue tokens used."""
    text = att.text
    quotes: list[Quote] = []
    used: set[int] = set()
    last: tuple[int, str | None] | None = None  # (paragraph, speaker) of the last kept quote
    chain_speaker: str | None = None
    for n, span in enumerate(spans):
        lo, hi = att.paragraphs[span.paragraph]
        prev = spans[n - 1] if n and spans[n - 1].paragraph == span.paragraph else None
        nxt = (
            spans[n + 1]
            if n + 1 < len(spans) and spans[n + 1].paragraph == span.paragraph
            else None
        )
        pre_lo = prev.outer_end if prev else lo
        after_hi = nxt.open_mark if nxt else hi
        pre = text[pre_lo : span.open_mark].rstrip()
        inner = text[span.start : span.end]
        kind = _kind(pre, inner, prev is not None)
        cue = _choose_cue(att, span, kind, pre, lo, after_hi, inner)
        if kind is QuoteKind.DIRECT and _is_title(text, span, inner, pre):
            continue
        if kind is QuoteKind.PARTIAL and (
            cue is None or _is_title(text, span, inner, pre) or _is_scare(att, span, inner, pre)
        ):
            continue
        speaker: str | None = None
        credit = att.dash_credit(span.outer_end, after_hi) if span.close_mark else None
        if cue is not None:
            used.add(cue.i)
            speaker = att.speaker(cue)
        elif credit is not None:
            speaker = credit
        elif span.continued:
            speaker = chain_speaker
        elif (
            recent := att.discourse.last_speaker(
                span.open_mark, span.paragraph if pre else span.paragraph - 1
            )
        ) is not None:
            speaker = recent
        elif last is not None and (
            last[0] == span.paragraph or (not pre and last[0] >= span.paragraph - 1)
        ):
            speaker = last[1]
        elif not span.continues and (len(inner.split()) < MIN_UNCUED_WORDS or span.single):
            continue
        if speaker is None and span.continued:
            speaker = chain_speaker
        if speaker is None and kind is QuoteKind.PARTIAL and (cue is None or not is_cue(cue)):
            continue
        if speaker is not None and cue is not None:
            att.discourse.add_speaker(cue.idx, speaker, cue.i)
        start, end = span.start, span.end
        quotes.append(
            Quote(text[start:end], start, end, kind, speaker, _cue_text(cue) if cue else None)
        )
        last = (span.paragraph, speaker)
        chain_speaker = speaker if span.continues else None
    _fill_chains(quotes, spans)
    return quotes, used


def _kind(pre: str, inner: str, after_quote: bool) -> QuoteKind:
    """DIRECT when the quote opens a sentence or follows an introducing comma, else PARTIAL."""
    if not pre or pre[-1] in _SENTENCE_PUNCT + ":" + _CLOSING_MARKS:
        return QuoteKind.DIRECT
    first = inner.lstrip("'‘’\"“(…. ")[:1]
    if pre[-1] in ",—–-" and (first.isupper() or after_quote):
        return QuoteKind.DIRECT
    return QuoteKind.PARTIAL


def _choose_cue(
    att: Attributor,
    span: QuoteSpan,
    kind: QuoteKind,
    pre: str,
    pre_lo: int,
    after_hi: int,
    inner: str,
) -> Token | None:
    """The cue verb attributing this quote, by the order given in the module docstring."""
    tail = inner.rstrip()[-1:]
    after: Token | None = None
    if span.close_mark is not None:
        if tail in ",?!—–-…:" or kind is QuoteKind.PARTIAL:
            after = att.cue_after(span.outer_end, after_hi)
        else:  # `"... ." He said` is rare; `"... ." She said the plan ...` is new reported speech
            after = att.cue_after(span.outer_end, after_hi, limit=4)
            if after is not None and any(
                c.dep_ == "ccomp" and c.idx >= span.outer_end for c in after.children
            ):
                after = None  # but `"... consumers" said Lee Rainie`: its ccomp is the quote
    before = att.cue_before(pre_lo, span.open_mark, calling=kind is QuoteKind.PARTIAL)
    if kind is QuoteKind.PARTIAL:
        return before or after
    if after is not None and tail in ",?!—–-…":
        return after
    if before is not None and (kind is QuoteKind.PARTIAL or pre[-1:] in ":,—–-"):
        return before
    if after is not None:
        return after
    if before is not None and pre and pre[-1] not in _SENTENCE_PUNCT:
        return before
    return None


def _is_title(text: str, span: QuoteSpan, inner: str, pre: str) -> bool:
    """True for a quoted name of a work ("The Long Road Home"), not speech."""
    words = inner.strip(" ,.").split()
    if not words or len(words) > 10 or inner.rstrip()[-1:] in "!?,":
        return False
    capitals = [w for w in words if w.lower() not in _SMALL_WORDS]
    title_cased = bool(capitals) and all(w[:1].isupper() or not w[:1].isalpha() for w in capitals)
    before = pre.split()[-1].lower().strip(",:") if pre.split() else ""
    if before in TITLE_NOUNS:
        return title_cased or len(words) <= 4
    if inner.rstrip()[-1:] in _SENTENCE_PUNCT:
        return False
    return title_cased and len(words) >= 2 and bool(pre) and pre[-1] not in ":"


def _is_scare(att: Attributor, span: QuoteSpan, inner: str, pre: str) -> bool:
    """True for a short quoted word used at arm's length: the "neutral" stance, so-called "x"."""
    if len(inner.split()) > 3:
        return False
    if pre.lower().endswith(("so-called", "so called")):
        return True
    after = att.token_range(span.outer_end, span.outer_end + 40)
    if not after:
        return False
    follower = att.sdoc[after[0]]
    return follower.pos_ == "NOUN" and follower.idx <= span.outer_end + 1


def _cue_text(cue: Token) -> str:
    """The cue as written ("said", "according to")."""
    if cue.lower_ == "according" and cue.i + 1 < len(cue.doc):
        return cue.doc[cue.i : cue.i + 2].text
    return cue.text


def _fill_chains(quotes: list[Quote], spans: list[QuoteSpan]) -> None:
    """Give every uncued part of a multi-paragraph quote the speaker of its cued part."""
    by_start = {q.start: i for i, q in enumerate(quotes)}
    chain: list[int] = []
    for span in spans:
        if span.start not in by_start:
            chain = []
            continue
        chain = [*chain, by_start[span.start]] if span.continued else [by_start[span.start]]
        if not span.continues and len(chain) > 1:
            speaker = next((quotes[i].speaker for i in chain if quotes[i].cue), None)
            if speaker:
                for i in chain:
                    if quotes[i].cue is None:
                        q = quotes[i]
                        quotes[i] = Quote(q.text, q.start, q.end, q.kind, speaker, q.cue)
