"""Name normalisation and matching (`byline.analysis.names`): pure functions, no spaCy."""

from __future__ import annotations

import pytest

from byline.analysis.names import (
    EntityResolver,
    fold,
    has_title,
    is_clean_spelling,
    name_distance,
    normalise_name,
    same_person,
    similar_word,
    strip_possessive,
)
from byline.models import Entity, EntityType, Mention


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Petra Marsh", "Petra Marsh"),
        ("  Mr  Petra   Marsh's", "Petra Marsh"),
        ("Ms Marsh", "Marsh"),
        ("Dr. Anna Kowalczyk", "Anna Kowalczyk"),
        ("President Kwame Asante", "Kwame Asante"),
        ("Prime Minister Tony Blair", "Tony Blair"),
        ("Sir Cameron Mackintosh", "Cameron Mackintosh"),
        ("Marsh’s", "Marsh"),
        ("Jones'", "Jones"),
        ("“Marsh”", "Marsh"),
        ("the Bank of England", "Bank of England"),
        ("Marshs", "Marshs"),  # a lost apostrophe needs the document to tell; the resolver does
        ("Mr", "Mr"),  # a title alone is kept rather than emptied
        ("", ""),
    ],
)
def test_normalise_name(surface: str, expected: str) -> None:
    assert normalise_name(surface) == expected


def test_strip_possessive_keeps_names_ending_in_s() -> None:
    assert strip_possessive("Jones") == "Jones"
    assert strip_possessive("Jones's") == "Jones"
    assert strip_possessive("Jones'") == "Jones"


def test_fold_casefolds_and_strips_accents() -> None:
    assert fold("Łódź") == "lodz"
    assert fold("Renée DUBOIS") == "renee dubois"
    assert fold("Seán Ó Briain") == "sean o briain"


def test_has_title() -> None:
    assert has_title("Mr Marsh")
    assert has_title("Dr. Kowalczyk")
    assert not has_title("Marsh")
    assert not has_title("Foreign Office")


@pytest.mark.parametrize(
    "variant", ["Kowalczyk", "Kowalczvk", "Kowa1czyk", "Kowalczyh", "Kowalcyzk", "KOWALCZYK"]
)
def test_ocr_spellings_of_a_surname_are_similar(variant: str) -> None:
    assert similar_word(variant, "Kowalczyk")


def test_a_lost_apostrophe_is_the_same_surname() -> None:
    assert similar_word("OGara", "O'Gara")
    assert similar_word("O\u2019Gara", "O'Gara")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kowalczyk", "Kowalski"),  # different surnames, not noise
        ("Kerry", "Perry"),  # first letters differ
        ("Brown", "Crown"),
        ("Blair", "Blairsworth"),  # too far apart in length
        ("O'Gara", "Ongaro"),  # the apostrophe is no letter an OCR error replaced (sport/314)
        ("PM", "PE"),  # one letter of two: the headline's "PM" was the school subject's "PE"
        ("Man", "Mann"),  # "The man who said" was Michael Mann's
        ("Rea", "Read"),  # Chris Rea and Mike Read
    ],
)
def test_different_surnames_are_not_similar(a: str, b: str) -> None:
    assert not similar_word(a, b)


def test_short_names_allow_one_edit_only() -> None:
    assert similar_word("Marsh", "Marsb")
    assert not similar_word("Marsh", "Mabsb")
    assert similar_word("Macs", "Mac")  # under four letters, only a plural


def test_ocr_confusions_cost_less_than_other_edits() -> None:
    assert name_distance("Kowa1czyk", "Kowalczyk") < name_distance("Kowaxczyk", "Kowalczyk")
    assert name_distance("Kowalczvk", "Kowalczyk") == 0.5
    assert name_distance("Kowalcyzk", "Kowalczyk") == 1.0  # a transposition is one edit
    assert name_distance("Marsh", "marsh") == 0.0


def test_same_person() -> None:
    assert same_person("Ms Marsh", "Petra Marsh")
    assert same_person("Marsh's", "Petra Marsh")
    assert same_person("Kowa1czyk", "Anna Kowalczyk")
    assert same_person("A. Kowalczyk", "Anna Kowalczyk")
    assert not same_person("Anna Kowalczyk", "Jan Kowalczyk")
    assert not same_person("Anna Kowalczyk", "Jan Kowalski")
    assert not same_person("Marsh", "Asante")


def test_is_clean_spelling() -> None:
    assert is_clean_spelling("Kowalczyk")
    assert is_clean_spelling("Sanhá")
    assert not is_clean_spelling("Kowa1czyk")
    assert not is_clean_spelling("|vanov")


def _person(name: str, aliases: tuple[str, ...], *starts: int) -> Entity:
    mentions = tuple(Mention(s, s + len(name), name) for s in starts)
    return Entity(name=name, type=EntityType.PERSON, aliases=aliases, mentions=mentions)


def test_resolver_maps_every_form_to_the_canonical_entity() -> None:
    marsh = _person("Petra Marsh", ("Marsh",), 0)
    anna = _person("Anna Kowalczyk", ("Kowalczvk", "Kowa1czyk"), 100)
    bank = Entity(name="European Investment Bank", type=EntityType.ORG)
    resolver = EntityResolver([marsh, anna, bank])
    for surface in ("Marsh", "Ms Marsh", "Marsh's", "Marshs", "Petra Marsh", "MARSH"):
        assert resolver.resolve(surface) is marsh, surface
    for surface in ("Kowalczvk", "Kowalczyh", "Kowalcyzk", "Dr Kowalczyk", "Anna Kowalczyk"):
        assert resolver.resolve(surface) is anna, surface
    assert resolver.resolve("the European Investment Bank") is bank
    assert resolver.resolve("Asante") is None
    assert resolver.resolve("Kowalski") is None
    assert resolver.resolve("") is None


def test_resolver_shared_surname_needs_a_position() -> None:
    anna = _person("Anna Kowalczyk", ("Kowalczyk",), 0)
    jan = _person("Jan Kowalczyk", ("Kowalczyk",), 500)
    resolver = EntityResolver([anna, jan])
    assert resolver.resolve("Jan Kowalczyk") is jan
    assert resolver.resolve("Kowalczyk") is None
    assert resolver.resolve("Kowalczyk", near=200) is anna
    assert resolver.resolve("Kowalczyk", near=900) is jan
