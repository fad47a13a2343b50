"""Organisations named by an acronym that spaCy left untagged: "the state utility, EAGB,",
"under ECOWAS rules", "according to the BPI".

spaCy's small model tags the acronyms it saw in training (BBC, NATO) and passes over the rest,
while a report names most bodies by their initials after the first mention. A capitalised run of
three to seven letters inside running text, outside every entity, is taken as an organisation's
name, unless it is one of the abbreviations that name no body (GDP, CEO, DVD: `NOT_NAMES`), a
word the text also writes in lower case ("it WILL happen"), or it stands in a heading (a
neighbouring word in capitals too: "CHAPTER 2 CONTAINER TRAFFIC"). The mention carries a light
organisation vote, so what its context says (a title, "in", a role) still decides.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from byline.analysis.names import word_set
from byline.analysis.token_columns import columns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACRONYM = re.compile(r"[A-Z]{3,7}")

NOT_NAMES = word_set(
    """gdp gnp cpi ceo cfo coo cto agm egm ipo vat lng lpg ngo dvd cds pcs atm pin sms mms gps
    usb pdf faq url www html mri dna hiv aids sars covid gmt bst est pst utc kwh mwh gwh bbl mph
    kph cgi psp iii vii viii xii rip asap diy vip mps mep meps obe mbe cbe esq phd mba bsc msc
    llb plc ltd inc llc irr npv roi ebitda yoy ppp fdi wmd awol usa uae ussr prc drc"""
)
"""Abbreviations that are not an organisation's name (measures, titles, devices, terms), and
countries' initials."""

WEIGHT_ACRONYM = 0.75
"""The organisation vote of an untagged acronym: below a spaCy label's (1.0)."""


def _capitals(token: Token) -> bool:
    return token.is_alpha and token.text.isupper() and len(token.text) > 1


def untagged_acronyms(sdoc: Doc) -> list[int]:
    """The tokens (indices) of the acronyms taken as organisations' names."""
    cols = columns(sdoc)
    candidates = [
        sdoc[i]
        for i, (word, outside) in enumerate(zip(cols.words, cols.outside, strict=True))
        if outside and ACRONYM.fullmatch(word)
    ]
    if not candidates:
        return []
    found = []
    words = {word for word in cols.words if word.islower()}  # `Token.is_lower`
    for token in candidates:
        if token.lower_ in NOT_NAMES or token.lower_ in words:
            continue  # "WILL", "ANY": a word the text also writes in lower case, stressed
        i = token.i
        before = sdoc[i - 1] if i > 0 else None
        after = sdoc[i + 1] if i + 1 < len(sdoc) else None
        if (before is not None and _capitals(before)) or (after is not None and _capitals(after)):
            continue  # a heading in capitals, or a run of initials spaCy split
        if sum(1 for t in token.sent if t.is_lower) < 3:
            continue  # a line of capitals or a caption: no running text around it
        found.append(i)
    return found
