"""Quote finding and attribution on the real spaCy model, one test per newsroom form."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.models import QuoteKind
from tests.unit.conftest import Analyse, quote_with


def test_name_then_said(analyse_text: Analyse) -> None:
    a = analyse_text('"The vote was lost long before today," Marsh said on Tuesday.')
    q = quote_with(a, "vote was lost")
    assert (q.text, q.kind, q.speaker, q.cue) == (
        "The vote was lost long before today,",
        QuoteKind.DIRECT,
        "Marsh",
        "said",
    )


def test_said_then_full_name_with_role(analyse_text: Analyse) -> None:
    a = analyse_text(
        '"The vote was lost long before today," said Petra Marsh, a lecturer at the '
        "University of Leeds."
    )
    q = quote_with(a, "vote was lost")
    assert (q.speaker, q.cue) == ("Petra Marsh", "said")


def test_adding_colon_takes_subject_of_earlier_verb(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Petra Marsh, a lecturer at the University of Leeds, smiled at the result, adding: "
        '"Nobody wanted to say so."'
    )
    q = quote_with(a, "Nobody wanted")
    assert (q.kind, q.speaker, q.cue) == (QuoteKind.DIRECT, "Petra Marsh", "adding")


def test_split_quote_both_parts_attributed(analyse_text: Analyse) -> None:
    a = analyse_text('"However," Tom Reid said, "the minister can still recover."')
    first, second = quote_with(a, "However"), quote_with(a, "minister can")
    assert first.speaker == second.speaker == "Tom Reid"
    assert first.kind is second.kind is QuoteKind.DIRECT


def test_pronoun_two_paragraphs_back(analyse_text: Analyse) -> None:
    a = analyse_text(
        "John Kowalczyk, the former finance minister, wrote the first report on the crisis.\n\n"
        "Economists were less sure about the outlook for the coming year.\n\n"
        '"It is a disaster for everyone," he said.'
    )
    assert quote_with(a, "disaster").speaker == "John Kowalczyk"


def test_pronoun_prefers_opinion_holder_over_subordinate_clause(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Petra Marsh, a lecturer at the University of Leeds, has studied the coalition.\n\n"
        "The government has lost three votes. Tom Reid, the party chairman, disagreed.\n\n"
        "In Marsh's opinion, if Kowalczyk survives, he will still have to call an election. "
        "'The coalition will not last the winter,' she surmised."
    )
    q = quote_with(a, "not last the winter")
    assert (q.speaker, q.cue) == ("Petra Marsh", "surmised")


def test_pronoun_gender_from_title(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Mr Tom Reid met Ms Anna Kowalczyk in Warsaw on Monday.\n\n"
        '"We agreed on nothing," she said.'
    )
    assert quote_with(a, "agreed on nothing").speaker == "Anna Kowalczyk"


def test_second_quote_in_paragraph_without_cue(analyse_text: Analyse) -> None:
    a = analyse_text('"It is too early to tell," Mr Tom Reid said. "We will know more next week."')
    q = quote_with(a, "know more")
    assert (q.speaker, q.cue, q.kind) == ("Tom Reid", None, QuoteKind.DIRECT)


def test_paragraph_of_continued_speech_keeps_speaker(analyse_text: Analyse) -> None:
    a = analyse_text(
        'Tom Reid said: "We have doubled the budget this year. "We will double it again."'
    )
    assert [q.speaker for q in a.quotes if q.kind is QuoteKind.DIRECT] == ["Tom Reid"] * 2


def test_multi_paragraph_quote_one_speaker(analyse_text: Analyse) -> None:
    a = analyse_text(
        '"The first thing to say is that the budget is not balanced.\n\n'
        '"The second is that nobody in the cabinet wants to admit it.\n\n'
        '"The third is worse," said Petra Marsh, a lecturer at the University of Leeds.'
    )
    direct = [q for q in a.quotes if q.kind is QuoteKind.DIRECT]
    assert len(direct) == 3
    assert {q.speaker for q in direct} == {"Petra Marsh"}
    assert all("\n" not in q.text for q in direct)


def test_partial_quote_after_to(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Tom Reid, the party chairman, added that the aim of the plan is to "
        '"give an honest account of the debts".'
    )
    q = quote_with(a, "honest account")
    assert (q.kind, q.speaker, q.cue) == (QuoteKind.PARTIAL, "Tom Reid", "added")


def test_reported_said_that(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Anna Kowalczyk, the finance minister, said in an interview that taxes would rise "
        "next year."
    )
    q = quote_with(a, "taxes would rise")
    assert (q.kind, q.speaker, q.cue, q.text) == (
        QuoteKind.REPORTED,
        "Anna Kowalczyk",
        "said",
        "taxes would rise next year",
    )


def test_reported_according_to(analyse_text: Analyse) -> None:
    a = analyse_text("According to Mr Tom Reid, the budget will be cut by a tenth.")
    q = quote_with(a, "budget will be cut")
    assert (q.kind, q.speaker, q.cue) == (QuoteKind.REPORTED, "Tom Reid", "According to")


def test_according_to_reports_or_analysts_is_whoever_they_name(analyse_text: Analyse) -> None:
    # An audit: these had no speaker ("reports" and "analysts" named nobody).
    a = analyse_text(
        "According to reports from Russian News Agency Interfax, the deal should go through "
        "in the next two to three months. Sales will rise by 5% this year, according to market "
        "analysts Gartner. Banks will list in Hong Kong, according to press reports in China."
    )
    assert quote_with(a, "deal should go").speaker == "Russian News Agency Interfax"
    assert quote_with(a, "Sales will rise").speaker == "Gartner"
    assert quote_with(a, "Banks will list").speaker is None  # where, not who


def test_reported_by_people_described_by_a_participle(analyse_text: Analyse) -> None:
    # An audit: the parser makes "accused" the clause "said" hangs on, so nobody said it.
    a = analyse_text(
        "But 36 people accused in connection with the blasts said it should not be screened "
        "until the trial is over."
    )
    q = quote_with(a, "should not be screened")
    assert (q.kind, q.speaker) == (QuoteKind.REPORTED, None)


def test_reported_told_reporters(analyse_text: Analyse) -> None:
    a = analyse_text("Petra Marsh told reporters the vote would be close.")
    q = quote_with(a, "vote would be close")
    assert (q.kind, q.speaker) == (QuoteKind.REPORTED, "Petra Marsh")


def test_reported_with_the_cue_set_off_by_commas(analyse_text: Analyse) -> None:
    # An audit found none of these (about 70 in the BBC articles).
    a = analyse_text(
        "Cory Doctorow spoke at the conference on Monday. Instead, said Mr Doctorow, DRM "
        "systems were intended to control consumers. The deal, Mr Smith said, would be signed "
        "next week. Although some initiatives could help, he said, life was likely to be hard."
    )
    q = quote_with(a, "DRM systems")
    assert (q.text, q.speaker, q.cue) == (
        "DRM systems were intended to control consumers",
        "Cory Doctorow",
        "said",
    )
    q = quote_with(a, "The deal")
    assert (q.text, q.kind, q.speaker) == (
        "The deal, Mr Smith said, would be signed next week",
        QuoteKind.REPORTED,
        "Smith",
    )
    assert quote_with(a, "life was likely").speaker == "Smith"
    # A relative clause after the speaker is no report.
    a = analyse_text("The plan is sound, said Mr Smith, who was speaking in London.")
    assert not [q for q in a.quotes if "speaking in London" in q.text]
    # A review: "he" is found where the words begin, not at "he" (where "Mr Howard" is last);
    # another attribution at the end is not part of the words, nor a second report of them.
    a = analyse_text("Tony Blair spoke on Monday. Mr Howard, he said, was a liar.")
    assert quote_with(a, "was a liar").speaker == "Tony Blair"
    # A closing attribution the parser hung on the clause's last noun, after an owner's "'s".
    a = analyse_text(
        "The administration is keen to highlight its effort to tackle HIV, the BBC's Jonathan "
        "Beale reports."
    )
    q = quote_with(a, "keen to highlight")
    assert (q.speaker, q.cue) == ("Jonathan Beale", "reports")
    a = analyse_text("The deal, Mr Smith said, would be signed next week, Reuters reported.")
    assert [(q.text, q.speaker) for q in a.quotes] == [
        ("The deal, Mr Smith said, would be signed next week", "Smith")
    ]


def test_a_report_before_a_semicolon_is_not_the_next_clause_s(analyse_text: Analyse) -> None:
    # The parser hangs "said" on "warned" as its complement: two reports, one quote each.
    a = analyse_text(
        "Backers said the new road would bring hundreds of jobs to the valley; critics warned "
        "that it would ruin the wetlands."
    )
    jobs = quote_with(a, "hundreds of jobs")
    assert (jobs.text, jobs.cue) == (
        "the new road would bring hundreds of jobs to the valley",
        "said",
    )
    assert quote_with(a, "ruin the wetlands").cue == "warned"


def test_a_clause_on_how_something_happened_is_not_reported_speech(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Ministers have been asked to explain how the budget details were printed in a "
        "newspaper before the speech. The minister said the leak was regrettable."
    )
    assert [q.text for q in a.quotes] == ["the leak was regrettable"]


def test_a_headlines_verb_does_not_report_the_next_paragraph(analyse_text: Analyse) -> None:
    # spaCy runs the headline into the first sentence and makes it the complement of "claims".
    a = analyse_text(
        "Dogged Federer claims Dubai crown\n\n"
        "World number one Roger Federer added the Dubai Championship trophy to his long list "
        "of successes - but not before he was given a test by Ivan Ljubicic."
    )
    assert a.quotes == ()


def test_what_someone_declined_to_say_is_not_reported_speech(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Charles Kennedy avoided suggesting anyone was playing politics with the issue. "
        "The minister declined to confirm that the plant would close in March. "
        "Her deputy said the workers would be told on Monday."
    )
    assert [q.text for q in a.quotes] == ["the workers would be told on Monday"]


def test_according_to_after_a_paragraph_that_ends_in_a_quote(analyse_text: Analyse) -> None:
    # spaCy runs the closing quotation mark into the next paragraph's sentence.
    a = analyse_text(
        '"We sell fish," she said. "We want to see it on paper."\n\n'
        "According to Kowalczyk, the bank will not disburse any money until the study is out."
    )
    reported = [q for q in a.quotes if q.kind is QuoteKind.REPORTED]
    assert [q.text for q in reported] == [
        "the bank will not disburse any money until the study is out"
    ]


def test_a_that_clause_after_a_partial_quote_is_reported_too(analyse_text: Analyse) -> None:
    a = analyse_text(
        'The operator said in a statement that it had "activated contingency plans" and that '
        "vessels were being diverted to the ports of Ngqura and Cape Town."
    )
    assert [(q.kind, q.text) for q in a.quotes] == [
        (QuoteKind.PARTIAL, "activated contingency plans"),
        (QuoteKind.REPORTED, "vessels were being diverted to the ports of Ngqura and Cape Town"),
    ]


def test_a_that_clause_of_another_cue_is_not_the_quotations(analyse_text: Analyse) -> None:
    a = analyse_text(
        '"We are ready," Anna Smith said, although analysts warned that rates would rise and '
        "that jobs would go.\n\n"
        '"We are open," Joe Banda said, adding that the port was working and that ships were '
        "moving."
    )
    reported = [(q.text, q.speaker) for q in a.quotes if q.kind is QuoteKind.REPORTED]
    assert reported == [
        ("rates would rise and that jobs would go", None),
        ("the port was working and that ships were moving", "Joe Banda"),
    ]


def test_scare_quotes_titles_and_unattributed_phrases_are_not_quotes(
    analyse_text: Analyse,
) -> None:
    a = analyse_text(
        'The so-called "neutral" position was set out in the report "The Long Road Home". '
        'The "reform" stalled in the summer, and the "new deal" was quietly dropped.'
    )
    assert a.quotes == ()


def test_unbalanced_marks_do_not_stop_analysis(analyse_text: Analyse) -> None:
    a = analyse_text(
        'The minister said "this sentence never closes and the paragraph simply ends.\n\n'
        '"It is over," Marsh said. The plan" was late.'
    )
    assert [q.text for q in a.quotes if q.kind is QuoteKind.DIRECT] == ["It is over,"]


def test_mixed_marks_and_nested_single_quotes(analyse_text: Analyse) -> None:
    a = analyse_text(
        "“He told me 'never again' and walked out,\" said Petra Marsh, a lecturer at Leeds."
    )
    q = quote_with(a, "never again")
    assert q.text == "He told me 'never again' and walked out,"
    assert q.speaker == "Petra Marsh"


def test_apostrophes_and_dropped_apostrophes(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Marsh's view of the '90s is that the ministrys plan didn't work. "
        "The workers' union disagreed with Marshs view."
    )
    assert [q for q in a.quotes if q.kind is not QuoteKind.REPORTED] == []


def test_quotes_are_sorted_and_offsets_hold(analyse_text: Analyse) -> None:
    text = (
        '"However," Tom Reid said, "the minister can still recover." Marsh told reporters '
        'the vote would be close. "We will see," she said.'
    )
    a = analyse_text(text)
    assert [q.start for q in a.quotes] == sorted(q.start for q in a.quotes)
    for q in a.quotes:
        assert text[q.start : q.end] == q.text
        assert q.text[:1] not in "\"'“”‘’" and q.text[-1:] not in "\"'“”‘’"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(['"', "“", "”", "'", "’", " said Marsh", " he said", "\n\n", ", ", "."])
        | st.text(alphabet="abcdef XYZ", max_size=12),
        max_size=40,
    )
)
def test_analysis_never_raises_on_random_marks(analyse_text: Analyse, pieces: list[str]) -> None:
    text = "".join(pieces)
    for q in analyse_text(text).quotes:
        assert 0 <= q.start < q.end <= len(text)


def test_reported_clause_starts_after_a_dateline(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Harbour dues to rise\n\n"
        "LEEDS, March 3 (Northern Wire) – The port will raise its harbour dues by a third "
        "next year, the Leeds Harbour Board said on Monday."
    )
    q = quote_with(a, "harbour dues by")
    assert (q.text, q.kind, q.speaker) == (
        "The port will raise its harbour dues by a third next year",
        QuoteKind.REPORTED,
        "Leeds Harbour Board",
    )


def test_the_clause_after_told_is_reported_not_the_one_before_its_subject(
    analyse_text: Analyse,
) -> None:
    # The parser makes both "come" and "wants" complements of "told".
    a = analyse_text(
        "His comments come after Dave Prentis, the leader of Unison, told the Daily Record "
        "newspaper he wants a date to be set for Mr Blair to be replaced as Labour leader."
    )
    assert [(q.text, q.speaker) for q in a.quotes] == [
        (
            "he wants a date to be set for Mr Blair to be replaced as Labour leader",
            "Dave Prentis",
        )
    ]


def test_a_report_whose_comma_the_parser_keeps_inside_it_still_counts(
    analyse_text: Analyse,
) -> None:
    a = analyse_text(
        "Sales have tripled since launch, outstripping Microsoft's Xbox, said market analysts "
        "Chart-Track."
    )
    q = quote_with(a, "tripled since launch")
    assert (q.kind, q.speaker) == (QuoteKind.REPORTED, "Chart-Track")


def test_no_words_are_counted_twice_for_one_speaker(analyse_text: Analyse) -> None:
    # "said A and warned that B": A and B, not "A and warned that B" and B again; a reported
    # clause holding the speaker's partial quote gives way to it.
    a = analyse_text(
        "The Citrus Growers' Association said its members had about 3,000 refrigerated "
        "containers waiting to be loaded in Durban and warned that fruit would begin to spoil "
        "within days.\n\n"
        'Sir Richard accepted that the government would not "seek to disturb" the settlement.'
    )
    texts = [q.text for q in a.quotes]
    assert texts == [
        "its members had about 3,000 refrigerated containers waiting to be loaded in Durban",
        "fruit would begin to spoil within days",
        "seek to disturb",
    ], texts


def test_reported_speech_goes_on_through_a_hyphenated_word(analyse_text: Analyse) -> None:
    # spaCy splits "re-submit" into three words and ends the reported clause at "re".
    text = (
        "The Legal Affairs Committee (JURI) said the Commission should re-submit the Computer "
        "Implemented Inventions Directive after MEPs failed to back it.\n"
    )
    assert [q.text for q in analyse_text(text).quotes] == [
        "the Commission should re-submit the Computer Implemented Inventions Directive after "
        "MEPs failed to back it"
    ]


def test_speech_in_an_if_clause_was_not_said(analyse_text: Analyse) -> None:
    # BBC sport/112, a reader's comment: "if Gerrard ... says that" is a condition, not speech.
    a = analyse_text(
        "The key is if Gerrard comes out and says that he is happy at the club. Liverpool will "
        "decide if he says that he wants to go. Gerrard said he was happy."
    )
    assert [(q.text, q.speaker) for q in a.quotes] == [("he was happy", "Gerrard")]
