"""Surface patterns around names that spaCy's labels get wrong.

- A nickname in quotation marks between a given name and a surname (`Brian 'Head' Welch`,
  `Jimmy "the Whirlwind" White`): spaCy tags the pieces apart or nothing at all, and the marks
  look like a quotation. The person is "Brian Welch"; the nickname is not a quote.
- A title or a role noun standing alone after an article or a possessive ("the Chair said",
  "Argentina's President, Nestor Kirchner"): a role, not a name, whatever label spaCy gives it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from byline.analysis.names import TITLES, fold, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NICKNAME = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]*[a-z]) "  # given name
    r"[\"“‘']([^\"“”‘’\n.!?,;:]{1,30}?) ?[\"”’'] "  # nickname in marks
    r"([A-Z][\w'’-]*[a-z])\b"  # surname
)
"""Given name, nickname in quotation marks, surname: `Brian 'Head' Welch`."""

_NOT_GIVEN = word_set("the a an and but or so then when while after before if as in on at by")
_DETERMINERS = word_set("the a an its their his her our (")
_POSSESSIVES = frozenset(("'s", "’s", "'", "’", "`s"))


def nicknamed_names(sdoc: Doc) -> list[tuple[int, int, list[str]]]:
    """(start, end, [given name, surname]) of every name written with a nickname inside."""
    text = sdoc.text
    found: list[tuple[int, int, list[str]]] = []
    for match in NICKNAME.finditer(text):
        given, nickname, surname = match.group(1), match.group(2), match.group(3)
        if len(nickname.split()) > 4 or fold(given) in TITLES | _NOT_GIVEN:
            continue
        if not any(w[:1].isupper() for w in nickname.split()):
            continue  # "Bush 'denial' Blair", a headline: two people and a quoted word
        first = sdoc.char_span(match.start(1), match.end(1))
        last = sdoc.char_span(match.start(3), match.end(3))
        if first is None or last is None:
            continue
        if first.root.pos_ != "PROPN" or last.root.pos_ != "PROPN" or first.root.is_sent_end:
            continue
        if first.start > 0 and sdoc[first.start - 1].pos_ == "PROPN":
            continue  # "Petra Marsh 'x' Tom": the given name is somebody's surname
        found.append((match.start(1), match.end(3), [given, surname]))
    return found


def nickname_starts(text: str) -> set[int]:
    """Offsets where a nickname's words begin (quotation spans to drop)."""
    return {m.start(2) for m in NICKNAME.finditer(text)}


def is_role_word(word: str) -> bool:
    """Whether a one-word "name" is a title or a role noun ("President", "Chair", "Clerk")."""
    from byline.analysis.cues import ROLE_NOUNS

    folded = fold(word).rstrip(".")
    return folded in TITLES or folded in ROLE_NOUNS


def determined(span: Span) -> bool:
    """Whether an article, a possessive or a bracket stands before `span` ("the Chair",
    "Argentina's President", "(Clerk)")."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.lower_ in _DETERMINERS or prev.text in _POSSESSIVES


_PARTY_FORMS: dict[str, tuple[str, ...]] = {
    "Conservative Party": ("tory", "tories", "conservative", "conservatives", "conservative party"),
    "Labour Party": ("labour", "labour party"),
    "Liberal Democrats": (
        "lib dem",
        "lib dems",
        "libdems",
        "liberal democrat",
        "liberal democrats",
    ),
    "Democratic Party": ("democrats", "democratic party"),
    "Republican Party": ("republicans", "republican party", "gop"),
    "Scottish National Party": ("snp", "scottish national party"),
    "European Union": ("eu", "european union"),
    "United Nations": ("un", "united nations"),
}
_PLACE_FORMS: dict[str, tuple[str, ...]] = {
    "United States": ("us", "u.s.", "usa", "u.s.a.", "united states", "united states of america"),
    "United Kingdom": ("uk", "u.k.", "britain", "great britain", "united kingdom"),
}
_COUNTRY_NAMES = (
    "Afghanistan, Albania, Algeria, Andorra, Angola, Antigua and Barbuda, Argentina, Armenia, "
    "Australia, Austria, Azerbaijan, Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, "
    "Belize, Benin, Bhutan, Bolivia, Bosnia and Herzegovina, Bosnia-Herzegovina, Botswana, "
    "Brazil, Brunei, Bulgaria, Burkina Faso, Burma, Burundi, Cambodia, Cameroon, Canada, Cape "
    "Verde, Central African Republic, Chile, China, Colombia, Comoros, Congo, Costa Rica, "
    "Croatia, Cuba, Cyprus, Czech Republic, Democratic Republic of Congo, Denmark, Djibouti, "
    "Dominican Republic, East Timor, Ecuador, Egypt, El Salvador, Equatorial Guinea, Eritrea, "
    "Estonia, Eswatini, Ethiopia, Fiji, Finland, France, Gabon, Gambia, Germany, Ghana, Greece, "
    "Grenada, Guatemala, Guinea, Guinea-Bissau, Guyana, Haiti, Honduras, Hungary, Iceland, "
    "India, Indonesia, Iran, Iraq, Ireland, Israel, Italy, Ivory Coast, Jamaica, Japan, "
    "Kazakhstan, Kenya, Kiribati, Kosovo, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon, Lesotho, "
    "Liberia, Libya, Liechtenstein, Lithuania, Luxembourg, Macedonia, Madagascar, Malawi, "
    "Malaysia, Maldives, Mali, Malta, Marshall Islands, Mauritania, Mauritius, Mexico, "
    "Micronesia, Moldova, Mongolia, Montenegro, Morocco, Mozambique, Myanmar, Namibia, Nauru, "
    "Nepal, Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea, Norway, Oman, "
    "Pakistan, Palau, Palestine, Panama, Papua New Guinea, Paraguay, Peru, Philippines, Poland, "
    "Portugal, Qatar, Romania, Russia, Rwanda, Saint Lucia, Samoa, San Marino, Saudi Arabia, "
    "Senegal, Serbia, Serbia and Montenegro, Seychelles, Sierra Leone, Singapore, Slovakia, "
    "Slovenia, Solomon Islands, Somalia, South Africa, South Korea, South Sudan, Spain, Sri "
    "Lanka, Sudan, Suriname, Swaziland, Sweden, Switzerland, Syria, Taiwan, Tajikistan, "
    "Tanzania, Thailand, Togo, Tonga, Trinidad and Tobago, Tunisia, Turkey, Turkmenistan, "
    "Tuvalu, Uganda, Ukraine, United Arab Emirates, Uruguay, Uzbekistan, Vanuatu, Venezuela, "
    "Vietnam, Yemen, Zambia, Zimbabwe"
)
COUNTRIES = [*_COUNTRY_NAMES.split(", "), "England", "Scotland", "Wales", "Northern Ireland"]
"""Countries as English news names them. Not "Chad", "Georgia" or "Jordan", which are also
people's names, nor "Monaco", more often its football club."""

_STANDARD: dict[str, tuple[str, bool]] = {
    **{fold(name).replace("-", " "): (name, True) for name in COUNTRIES},
    **{form: (name, False) for name, forms in _PARTY_FORMS.items() for form in forms},
    **{form: (name, True) for name, forms in _PLACE_FORMS.items() for form in forms},
}
"""Short, adjectival and abbreviated forms of the names news writes most, folded, and the one
name a reader looks up, with whether it is a place: "Tory", "Tories" and "Conservatives" are one
organisation, the Conservative Party; "Labour" and "the Labour Party" one party; "US" and "the
United States" one country, as are "Britain" and "the UK"; every other country is a place, not
the person or the team spaCy may take it for ("Sri Lanka" in a list, "France" in a match).
Across a library each is then one entry of who said what, not two with half the quotes each."""


def standard_name(words: list[str]) -> tuple[str, bool] | None:
    """The one name of the party, body or country `words` name ("Tory" -> "Conservative Party")
    and whether it is a place, or None."""
    return _STANDARD.get(fold(" ".join(words)).replace("-", " "))
