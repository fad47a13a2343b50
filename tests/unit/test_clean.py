"""Cleaning, rule by rule, on the kinds of strings real documents have (see DESIGN.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from byline.clean import clean, read_document
from byline.models import Document, Metadata, ParagraphKind, RawDocument


def make_raw(*pages: str, **fields: object) -> RawDocument:
    return RawDocument(Path("/tmp/article.txt"), "txt", pages, **fields)  # type: ignore[arg-type]


def cleaned(*pages: str, **fields: object) -> Document:
    return clean(make_raw(*pages, **fields), "0" * 64)


def text_of(*pages: str, **fields: object) -> str:
    return cleaned(*pages, **fields).text


def paragraphs(document: Document) -> list[str]:
    return [document.paragraph_text(p) for p in document.paragraphs]


# --- reflow ------------------------------------------------------------------------------------


def test_hard_wrapped_lines_become_one_paragraph() -> None:
    raw = (
        "The ministry has spent most of the winter in talks with the government over a pipeline\n"
        "that would carry gas from the offshore fields to the coast.\n"
        "\n"
        "The talks have stalled over the price of transit.\n"
    )
    assert text_of(raw) == (
        "The ministry has spent most of the winter in talks with the government over a pipeline "
        "that would carry gas from the offshore fields to the coast.\n\n"
        "The talks have stalled over the price of transit."
    )


def test_paragraphs_are_separated_by_exactly_one_blank_line() -> None:
    assert text_of("First paragraph.\n\n\n\n   \nSecond paragraph.\n\n") == (
        "First paragraph.\n\nSecond paragraph."
    )


def test_stray_leading_space_and_runs_of_spaces_go() -> None:
    assert text_of(" The consortium's   financing depends\n  heavily on the bank.") == (
        "The consortium's financing depends heavily on the bank."
    )


def test_text_layer_without_blank_lines_is_split_where_paragraphs_ended() -> None:
    wrapped = (
        "The agreement is the centrepiece of the plan to double the country's generating\n"
        "capacity by 2028, and the product of a negotiation that nearly collapsed twice over\n"
        "the price formula.\n"
        "Ask anyone in the capital and they will tell you that the country has been here\n"
        "before, with a hydropower scheme that never left the drawing board in the end.\n"
    )
    assert len(paragraphs(cleaned(wrapped))) == 2


def test_unwrapped_text_has_one_paragraph_a_line() -> None:
    first = "Thousands of dockworkers walked off the job on Tuesday morning, " * 3
    second = "The strike was called by the union, which says a third of the cranes are broken. " * 2
    document = cleaned(f"{first.strip()}\n{second.strip()}\n")
    assert paragraphs(document) == [first.strip(), second.strip()]


def test_lines_broken_by_hand_stay_apart() -> None:
    # A signature under a hard-wrapped report: each line far shorter than the wrapping width and
    # the next opening with a capital, so the author broke them. A short paragraph whose first
    # line ends mid-phrase is still one paragraph.
    body = (
        "The Council expects volumes to grow more slowly in 2024 than in 2023. Members have\n"
        "agreed to work together on three shared projects, including a dwell-time index, a\n"
        "common standard for electronic cargo manifests, and joint training for the pilots\n"
        "and tug masters of the eight ports, which the Council will pay for out of its own\n"
        "budget for the first two years before the ports take over the cost between them.\n"
    ) * 2
    signature = "Adjoa Mensah-Bonsu, Chair\nOlumide Bakare, Secretary General\nAbidjan, 2024\n"
    short = "Ships wait longer,\nSays the port.\n"
    assert paragraphs(cleaned(f"{body}\n{signature}\n{short}"))[1:] == [
        "Adjoa Mensah-Bonsu, Chair",
        "Olumide Bakare, Secretary General",
        "Abidjan, 2024",
        "Ships wait longer, Says the port.",
    ]


def test_sentence_running_over_a_page_break_is_joined() -> None:
    pages = (
        "The minister said in an interview with national radio that the agreement\n"
        "would be signed by the end of June, and that the first power would",
        "flow within thirty months of signature.",
    )
    assert text_of(*pages) == (
        "The minister said in an interview with national radio that the agreement would be "
        "signed by the end of June, and that the first power would flow within thirty months "
        "of signature."
    )


# --- hyphens at line ends -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        ("the product of a nego-\ntiation that nearly collapsed", "negotiation"),
        ("access to elec-\ntricity in West Africa", "electricity"),
        ("the government of Guinea-\nBissau announced", "Guinea-Bissau"),
        ("which officials describe as well-\nknown to be difficult", "well-known"),
        ("the self-\ndefence of the plan", "self-defence"),
        ("for twenty-\nfive years", "twenty-five"),
        ("a Lisbon-\nbased energy analyst", "Lisbon-based"),
        ("the decision-\nmakers in the ministry", "decision-makers"),
        ("a long-\nterm contract", "long-term"),
        ("the co-\nauthor of the report", "co-author"),
    ],
)
def test_line_end_hyphen_is_removed_only_where_it_split_a_word(wrapped: str, expected: str) -> None:
    assert expected in text_of(wrapped).split()


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("ex", "ample", "example"),  # a prefix, but "example" is far more common than "ample"
        ("self", "ish", "selfish"),
        ("co", "operation", "co-operation"),  # the prefix stays before a word in its own right
        ("e", "mail", "e-mail"),
        ("news", "paper", "newspaper"),
        ("cross", "subsidisation", "cross-subsidisation"),
    ],
)
def test_word_frequencies_decide_when_the_document_does_not(
    left: str, right: str, expected: str
) -> None:
    pytest.importorskip("wordfreq")
    assert text_of(f"a {left}-\n{right} here") == f"a {expected} here"


def test_hyphenated_form_elsewhere_keeps_the_hyphen() -> None:
    text = text_of("the plan to re-\nform the utility\n\nThey want to re-form it before June.")
    assert text.startswith("the plan to re-form the utility")


def test_joined_form_elsewhere_joins() -> None:
    text = text_of("closer co-\noperation with Senegal\n\nCooperation has been slow.")
    assert text.startswith("closer cooperation with Senegal")


def test_dashes_at_a_line_end_keep_their_spacing() -> None:
    assert text_of("the deal—\nwhich nobody read —\nstalled in 2020–\n2024") == (
        "the deal—which nobody read — stalled in 2020–2024"
    )


def test_soft_hyphen_at_a_line_end_joins_the_word() -> None:
    assert text_of("the infra\u00ad\nstructure decision") == "the infrastructure decision"


# --- running headers, footers, page numbers ---------------------------------------------------

BODY = [
    "Kowalczyk has been unusually candid about why the bank is willing to take on a project of\n"
    "this size in a country with a long record of political upheaval.",
    "The warning echoes a report published in November by a consultancy based in Dakar, under\n"
    "the title of its own choosing.",
    "Parliament, which must ratify the agreement, has not yet seen it, and the opposition has\n"
    "asked three times for a copy.",
]


def test_two_line_running_header_is_removed_across_pages() -> None:
    pages = [
        f"THE MERIDIAN REVIEW | Energy Analysis\nMarch 2024 — Page {n}\n\n{body}\n\n{n}"
        for n, body in enumerate(BODY, start=1)
    ]
    document = cleaned(*pages)
    assert paragraphs(document) == [" ".join(body.split("\n")) for body in BODY]
    assert document.metadata.date == "2024-03"


def test_running_header_is_removed_from_text_without_page_breaks() -> None:
    text = "\n\n".join(
        f"THE MERIDIAN REVIEW | Energy Analysis\nMarch 2024 — Page {n}\n\n{body}"
        for n, body in enumerate(BODY, start=1)
    )
    assert "MERIDIAN" not in text_of(text)
    assert "Page" not in text_of(text)


def test_lines_repeated_in_prose_are_not_headers() -> None:
    quoted = "We are not selling the sea,\nwe are renting out a pipe."
    text = "\n\n".join([quoted, BODY[0], quoted, BODY[1], quoted])
    assert text_of(text).count("We are not selling the sea, we are renting out a pipe.") == 3


def test_a_repeated_phrase_of_the_text_is_not_a_header() -> None:
    fixtures = "\n\n".join(
        f"{home} v {away}\n\nWinners meet in final match"
        for home, away in [("Namibia", "Botswana"), ("Lesotho", "Malawi"), ("Zambia", "Eswatini")]
    )
    assert text_of(fixtures).count("Winners meet in final match") == 3


def test_list_items_stay_apart() -> None:
    raw = "The winners:\n- Best actor - Richard Griffiths\n- Best new play - The History Boys\n"
    assert paragraphs(cleaned(raw)) == [
        "The winners:",
        "- Best actor - Richard Griffiths",
        "- Best new play - The History Boys",
    ]


def test_headers_stay_when_the_loader_already_removed_them() -> None:
    pages = [f"Energy Analysis\n\n{body}" for body in BODY]
    assert text_of(*pages, headers_removed=True).count("Energy Analysis") == 3


# --- trailing contact / copyright block -------------------------------------------------------


def test_trailing_contact_and_copyright_block_is_dropped() -> None:
    raw = (
        "The test of this deal is whether anyone can afford to keep the lights on, Marsh said.\n\n"
        "Helena Duarte reports on energy in West Africa for The Meridian Review.\n"
        "Contact the newsdesk: newsdesk@meridianreview.example · +351 21 000 0000\n"
        "© 2024 The Meridian Review Ltd. All rights reserved. No part of this article may be\n"
        "reproduced without the written permission of the publisher.\n\n"
        "For enquiries about reprints call +44 20 7946 0000\n\n"
        "Subscribe to The Meridian Review\n\n"
        "Media contact:\nJohanna Shikongo, Communications Manager\n"
        "press@kalaharisun.example | +264 61 000 000\n\n###\n"
    )
    assert paragraphs(cleaned(raw)) == [
        "The test of this deal is whether anyone can afford to keep the lights on, Marsh said.",
        "Helena Duarte reports on energy in West Africa for The Meridian Review.",
    ]


def test_copyright_in_the_middle_of_an_article_stays() -> None:
    raw = (
        "The report is © 2023 the consultancy and may not be quoted, its author said.\n\n"
        "Contact: the ministry has refused all requests for comment.\n\n"
        "The decision now goes to parliament."
    )
    assert len(paragraphs(cleaned(raw))) == 3


# --- OCR debris and `|` for I -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("no appraisal well has yet been drilled. [] Fishing communities", "drilled. Fishing"),
        ("came under strain. []J\nThe next", "came under strain. The next"),
        ("[ ] The banks lead negotiator", "The banks lead negotiator"),
        ("the contract |] said nothing", "the contract said nothing"),
        ("the lenders [sic] had been met [1].", "the lenders [sic] had been met [1]."),
    ],
)
def test_ocr_debris_is_removed_but_real_brackets_stay(raw: str, expected: str) -> None:
    assert expected in text_of(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"| think the plant is needed," she said.', '"I think the plant is needed," she said.'),
        ("and | said the same thing a year ago", "and I said the same thing a year ago"),
        ("| think gas is a bridge", "I think gas is a bridge"),
        ("|'m not sure", "I'm not sure"),
        ("Energy | Analysis", "Energy | Analysis"),
        ("news | climate | opinion", "news | climate | opinion"),
    ],
)
def test_pipe_read_for_the_pronoun_becomes_i(raw: str, expected: str) -> None:
    assert text_of(raw) == expected


def test_dropped_apostrophes_and_ocr_spellings_are_left_as_written() -> None:
    raw = "the ministrys plan, said Kowalczvk; Kowa1czyk and Kowalcyzk agreed."
    assert text_of(raw) == raw


# --- characters ---------------------------------------------------------------------------------


def test_control_and_escape_characters_are_removed() -> None:
    raw = (
        "Red \x1b[31malert\x1b[0m and a \x1b]0;title\x07window, a bell\x07, a NUL\x00,"
        " a C1\x9b2J and a \x85break."
    )
    # NEL (U+0085) is a line end; the lowercase word after it continues the sentence.
    assert text_of(raw) == "Red alert and a window, a bell, a NUL, a C1 and a break."


def test_invisible_characters_go_and_spaces_become_plain() -> None:
    raw = "zero\u200bwidth, soft\u00adhyphen, bidi \u202eoverride\u202c, no-break\u00a0space\ttab"
    assert text_of(raw) == "zerowidth, softhyphen, bidi override, no-break space tab"


def test_text_is_normalised_to_nfc() -> None:
    assert text_of("Bijage\u0301s and Balde\u0301") == "Bijagés and Baldé"


def test_windows_line_ends_are_lines() -> None:
    assert text_of("One line\r\nand the next.\r\n\r\nNew paragraph.\rLast line.") == (
        "One line and the next.\n\nNew paragraph. Last line."
    )


# --- metadata and headings ----------------------------------------------------------------------

ARTICLE = (
    "Bissau's gas gamble: who really gains from the Cacheu power deal\n\n"
    "By Helena Duarte, West Africa correspondent\n\n"
    "BISSAU, 12 March 2024 — When the government announced in January that it had reached an\n"
    "outline agreement, the news was greeted with relief.\n\n"
    "On the tariff\n\n"
    "The agreement is the centrepiece of the plan to double the country's capacity.\n"
)


def test_headline_byline_and_dateline_fill_missing_metadata() -> None:
    document = cleaned(ARTICLE)
    assert document.metadata == Metadata(
        title="Bissau's gas gamble: who really gains from the Cacheu power deal",
        author="Helena Duarte",
        date="2024-03-12",
    )
    assert document.text.startswith("Bissau's gas gamble")  # the headline stays in the text


def test_loader_metadata_wins() -> None:
    given = Metadata(title="Given", author="Someone", date="2024-01-01", source="The Review")
    assert cleaned(ARTICLE, metadata=given).metadata == given


@pytest.mark.parametrize(
    ("dateline", "iso"),
    [
        ("Published March 5, 2024", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("Lisbon, 5th Sept 2024 — The talks", "2024-09-05"),
    ],
)
def test_dateline_formats(dateline: str, iso: str) -> None:
    document = cleaned(f"A headline about gas\n\n{dateline}\n\nThe body of the article.")
    assert document.metadata.date == iso


LONG = " He reached that milestone last June, when he overtook David Lloyd George. " * 2


@pytest.mark.parametrize(
    ("opening", "iso"),
    [
        (
            "WINDHOEK, 4 September 2024 - Kalahari Sun Holdings today announced a deal.",
            "2024-09-04",
        ),
        ("Lisbon (Reuters) - 5 March 2024: The talks stalled.", "2024-03-05"),
        ("Gordon Brown was born in Glasgow on 20 February 1951, the son of a minister.", None),
        ("Born in Luton, Bedfordshire, on 5 April 1920, Hailey was the only child.", None),
    ],
)
def test_a_date_in_a_sentence_is_not_the_documents(opening: str, iso: str | None) -> None:
    # A long paragraph gives its date only after a dateline's place and agency: a birth date
    # in the profile's opening sentence is what the article is about, not when it was written.
    document = cleaned(f"Profile: Gordon Brown\n\n{opening}{LONG}\n\nThe body of the article.")
    assert document.metadata.date == iso


def test_headings_come_from_the_loader_and_from_a_headline() -> None:
    document = cleaned(ARTICLE, headings=("On the tariff",))
    kinds = [p.kind for p in document.paragraphs]
    assert kinds == [
        ParagraphKind.HEADING,
        ParagraphKind.TEXT,
        ParagraphKind.TEXT,
        ParagraphKind.HEADING,
        ParagraphKind.TEXT,
    ]


@pytest.mark.parametrize(
    "headline",
    ["Economy 'stronger than forecast'", "iTunes now selling Band Aid song", "$1m payoff for boss"],
)
def test_headline_forms(headline: str) -> None:
    assert cleaned(f"{headline}\n\nThe body of the article.").metadata.title == headline


def test_a_kicker_is_not_the_title_and_a_name_under_the_headline_is_the_author() -> None:
    raw = (
        'OPINION\n\nThe "temporary" quota cut that never ends\n\nMariana Costa\n\n'
        "Every few years the same ritual plays out in Brussels.\n\nAnd it goes on."
    )
    document = cleaned(raw)
    assert document.metadata.title == 'The "temporary" quota cut that never ends'
    assert document.metadata.author == "Mariana Costa"
    assert document.paragraphs[1].kind is ParagraphKind.HEADING


def test_an_organisation_in_capitals_above_the_title_is_a_masthead_not_the_title() -> None:
    raw = (
        "HARBOUR TRUST OF NORTH CORNWALL\n\nAnnual Review 2022\n\n"
        "The trust dredged the outer channel twice this year.\n\nAnd it goes on."
    )
    assert cleaned(raw).metadata.title == "Annual Review 2022"
    # A headline in capitals with prose under it is still the title.
    raw = "STRIKE CLOSES THE PORT\n\nDockers walked out on Monday.\n\nAnd it goes on."
    assert cleaned(raw).metadata.title == "STRIKE CLOSES THE PORT"


def test_short_subheads_are_headings_but_short_quotes_are_not() -> None:
    raw = 'Title here\n\nBody text.\n\nThe cost of delay\n\nMore text.\n\n"We will win"\n\nEnd.'
    kinds = [p.kind.value for p in cleaned(raw).paragraphs]
    assert kinds == ["heading", "text", "heading", "text", "text", "text"]


def test_a_sentence_is_not_a_headline() -> None:
    document = cleaned("The talks have stalled over the price of transit.\n\nMore text here.")
    assert document.paragraphs[0].kind is ParagraphKind.TEXT
    assert document.metadata.title is None


# --- the document as a whole --------------------------------------------------------------------


def test_paragraph_offsets_match_the_text() -> None:
    document = cleaned(ARTICLE)
    assert "\n\n".join(paragraphs(document)) == document.text
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start : paragraph.end].strip()
        assert "\n" not in document.paragraph_text(paragraph)


def test_cleaning_is_idempotent() -> None:
    first = cleaned(ARTICLE, headings=("On the tariff",))
    again = cleaned(first.text, headings=("On the tariff",))
    assert again.text == first.text
    assert again.paragraphs == first.paragraphs


@pytest.mark.parametrize("raw", ["", "   \n\n\t\n", "\f\f", "[] []J", "\x1b[0m"])
def test_empty_and_junk_input_give_an_empty_document(raw: str) -> None:
    document = cleaned(raw)
    assert document.text == ""
    assert document.paragraphs == ()


def test_document_carries_path_format_and_hash() -> None:
    raw = RawDocument(path=Path("relative/article.md"), format="md", pages=("Text.",))
    document = clean(raw, "ab" * 32)
    assert Path(document.path).is_absolute()
    assert document.path.endswith("relative/article.md")
    assert (document.format, document.content_hash) == ("md", "ab" * 32)


def test_read_document_loads_hashes_and_cleans(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"Lisbon bets on gas\n\nThe ministry spent the winter in nego-\ntiation.\n")
    document = read_document(path)
    assert document.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.path == str(path.resolve())
    assert document.text == "Lisbon bets on gas\n\nThe ministry spent the winter in negotiation."


def test_character_references_left_in_scraped_text_read_as_characters() -> None:
    # 20 BBC articles carry "communiqu&#233;"; the reader showed it as written (fresh review).
    text = text_of(
        "He also signed a communiqu&#233; with Jos&eacute; and &quot;friends&quot;; R&D and "
        "AT&T; stay, as does &amp;, which would read as another reference if cleaned again."
    )
    assert text == (
        'He also signed a communiqué with José and "friends"; R&D and AT&T; stay, as does &amp;, '
        "which would read as another reference if cleaned again."
    )
    assert text_of(text) == text
    # A lost apostrophe: "&#191;" is the inverted question mark, never inside a word.
    assert text_of("Mr Blair&#191;s government. &#191;Qu&#233; pasa?") == (
        "Mr Blair's government. ¿Qué pasa?"
    )


def test_labelled_lines_stay_apart() -> None:
    # A user's review: the sample minutes' three lines ran into one paragraph.
    document = cleaned(
        "Minutes of the ordinary meeting\n\n"
        "Present: Cllr José Araújo (Chair), Cllr Zoë Fairbairn, Cllr Renée Dubois, Cllr Seán Ó\n"
        "In attendance: Mrs Inês Carvalho (Clerk)\n"
        "Apologies: Cllr François Le Maistre\n\n"
        "The minutes of the last meeting were approved as a true record of what was said.\n"
    )
    assert paragraphs(document)[1:4] == [
        "Present: Cllr José Araújo (Chair), Cllr Zoë Fairbairn, Cllr Renée Dubois, Cllr Seán Ó",
        "In attendance: Mrs Inês Carvalho (Clerk)",
        "Apologies: Cllr François Le Maistre",
    ]
