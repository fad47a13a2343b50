"""Who said it, in the hard cases: roles, titles, organisations, namesakes, hyphenated surnames.

Real spaCy model; each text is written for one rule.
"""

from __future__ import annotations

from byline.models import EntityType, QuoteKind
from tests.unit.conftest import Analyse, quote_with


def test_title_in_apposition_gives_the_name(analyse_text: Analyse) -> None:
    a = analyse_text(
        'Chile\'s President, Elena Vargas, said on Monday: "We will not pay a cent more."'
    )
    assert quote_with(a, "a cent more").speaker == "Elena Vargas"


def test_party_role_and_post_nominals_are_not_in_the_speaker(analyse_text: Analyse) -> None:
    a = analyse_text(
        "In the Commons, Labour backbencher Gwen Pryce MP demanded a vote. "
        '"This is a matter for the whole House," she said.'
    )
    assert quote_with(a, "whole House").speaker == "Gwen Pryce"


def test_the_chair_is_the_person_minutes_give_that_role(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Present: Cllr Hamid Rahimi (Chair), Cllr Joan Pike.\n\n"
        "The Chair said the council had no other offer because nobody else had bid."
    )
    q = quote_with(a, "no other offer")
    assert (q.kind, q.speaker) == (QuoteKind.REPORTED, "Hamid Rahimi")


def test_it_after_a_person_s_statement_is_that_person(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Ines Okafor did not attend the hearing. "
        'Ms Okafor\'s statement said: "We have done nothing wrong." '
        'It added: "The claims will be answered in court."'
    )
    assert quote_with(a, "answered in court").speaker == "Ines Okafor"


def test_according_to_a_statement_signed_by_a_person(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The new tariff takes effect on 1 May, according to a statement signed by the "
        "agency's director, Marta Kolar-Novak."
    )
    q = quote_with(a, "new tariff")
    assert (q.kind, q.speaker) == (QuoteKind.REPORTED, "Marta Kolar-Novak")


def test_a_hyphenated_surname_is_not_another_persons_surname(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The fund's chief, Samuel Owusu-Darko, spoke first.\n\n"
        '"Rates will stay where they are," Owusu-Darko told reporters.\n\n'
        '"We see no reason to move," said Abena Darko, an economist at a local bank.'
    )
    assert quote_with(a, "stay where they are").speaker == "Samuel Owusu-Darko"
    assert quote_with(a, "no reason to move").speaker == "Abena Darko"


def test_a_nickname_is_not_a_quote(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The drummer Rosa 'Thunder' Quinn told a radio station she was leaving. "
        '"I need a rest," Quinn said.'
    )
    assert not any("Thunder" in q.text for q in a.quotes)
    assert quote_with(a, "need a rest").speaker == "Rosa Quinn"


def test_a_party_spokesman_speaks_for_the_party(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Labour MP Tom Reece said the poster had been misunderstood.\n\n"
        "A Labour spokesman later said the timing of its removal was not affected by the fuss.\n\n"
        '"This poster was a big misjudgement," a Conservative spokeswoman said.'
    )
    assert quote_with(a, "timing of its removal").speaker == "Labour Party"
    assert quote_with(a, "big misjudgement").speaker == "Conservative Party"


def test_an_unnamed_member_of_a_party_is_not_the_party(analyse_text: Analyse) -> None:
    # A spokesman speaks for the party; an MP speaks for himself (an audit: "A UK Independence
    # Party MEP suggested ..." was UKIP's).
    a = analyse_text(
        "Labour MP Tom Reece spoke first.\n\n"
        'A Labour MP said the government was becoming a "nanny state". '
        "A Labour spokesman later said the timing was not affected by the fuss."
    )
    assert quote_with(a, "nanny state").speaker is None
    assert quote_with(a, "timing was not").speaker == "Labour Party"


def test_he_is_a_person_not_a_body_that_spoke_by_its_name(analyse_text: Analyse) -> None:
    # "he" went to Yukos, the last to speak, not to its lawyer (business/083).
    a = analyse_text(
        "Its lawyer, Hugh Ray, told the court that Yukos had claimed it had moved $27m into two "
        "Texas bank accounts. By doing so, he said, the firm had intended to reinforce it.\n\n"
        "A Yukos spokesman said the firm would appeal. "
        '"We will fight this all the way," he added.'
    )
    assert quote_with(a, "the firm had intended").speaker == "Hugh Ray"
    assert quote_with(a, "fight this all the way").speaker == "Yukos"  # through its spokesman


def test_a_person_named_after_a_long_role_speaks(analyse_text: Analyse) -> None:
    # An audit: "Shadow spokesman for sport Hugh Robertson" was the speaker "Shadow" and an
    # organisation; spaCy tags neither "Alain Lipietz" nor "Jan Mulder" after their titles.
    a = analyse_text(
        "Shadow spokesman for sport Hugh Robertson said the plan was flawed. "
        "French Green MEP Alain Lipietz warned that the law would hurt small firms. "
        "Dutch Liberal MEP Jan Mulder said the EU should act."
    )
    assert quote_with(a, "plan was flawed").speaker == "Hugh Robertson"
    assert quote_with(a, "hurt small firms").speaker == "Alain Lipietz"
    assert quote_with(a, "EU should act").speaker == "Jan Mulder"
    people = {e.name for e in a.entities if e.type is EntityType.PERSON}
    assert {"Hugh Robertson", "Alain Lipietz", "Jan Mulder"} <= people


def test_a_body_named_with_its_short_form_in_brackets_speaks(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The Inter-American Development Bank (IADB) said regional exports reached $445bn. "
        "The IADB said growth would slow."
    )
    assert quote_with(a, "regional exports").speaker == quote_with(a, "growth would").speaker
    assert quote_with(a, "growth would").speaker in ("IADB", "Inter-American Development Bank")


def test_what_a_message_or_statement_read(analyse_text: Analyse) -> None:
    # An audit: "read" was no cue, so these went to the last speaker, Rohit Gupta.
    a = analyse_text(
        'Rohit Gupta edits a group blog. "We started publishing these messages," says Mr Gupta. '
        "In one message, Morquendi wrote about a woman who was running home. "
        '"She was being swept away," Morquendi\'s message read.\n\n'
        '"We are safe," the statement from Oxfam read.'
    )
    assert quote_with(a, "swept away").speaker == "Morquendi"
    assert quote_with(a, "We are safe").speaker == "Oxfam"
    a = analyse_text("Mr Gupta read that the region was safe.")
    assert not a.quotes  # a person reading is no cue


def test_a_spokesman_for_an_organisation(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Harrow Kessler Mining reopened the pit on Monday. A spokesman for Harrow Kessler "
        "Mining said the mine would stay open all winter."
    )
    assert quote_with(a, "stay open").speaker == "Harrow Kessler Mining"


def test_a_persons_spokesman_speaks_for_that_person(analyse_text: Analyse) -> None:
    """As a party's unnamed spokesman speaks for the party: "Mr Blair's official spokesman",
    "the rapper's spokesman" (the article's rapper), but not "the minister's officials"."""
    a = analyse_text(
        "Prime Minister Tony Blair met union leaders on Monday. Mr Blair's official spokesman "
        'said: "The talks were useful and will go on."\n\n'
        "Rapper Snoop Dogg is being sued in Los Angeles. The rapper's spokesman said the "
        'allegations were "untrue".\n\n'
        'Mr Blair\'s officials said the figures were "provisional".'
    )
    assert quote_with(a, "talks were useful").speaker == "Tony Blair"
    assert quote_with(a, "untrue").speaker == "Snoop Dogg"
    assert quote_with(a, "provisional").speaker is None


def test_an_unnamed_spokesman_is_not_a_named_one(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The ministry's spokesman, Olu Bello, declined to comment on Monday.\n\n"
        "A spokesman said on Tuesday that the talks had broken down."
    )
    assert quote_with(a, "talks had broken down").speaker is None


def test_reported_speech_before_an_inverted_cue(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Grain prices\n\n"
        "Wheat prices in the region rose 2% in March, says the Kessler farming group.\n\n"
        "Maize prices have fallen 1% this year, the group said, and rice was flat."
    )
    first = quote_with(a, "rose 2% in March")
    assert (first.kind, first.speaker, first.cue) == (QuoteKind.REPORTED, "Kessler", "says")
    second = quote_with(a, "Maize prices have fallen")
    assert second.text == "Maize prices have fallen 1% this year"


def test_a_reported_clause_stops_before_adding(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Drevnik said it regretted the errors of its managers, adding that it had replaced "
        "the whole board."
    )
    q = quote_with(a, "regretted the errors")
    assert q.text == "it regretted the errors of its managers"
    assert quote_with(a, "replaced the whole board").kind is QuoteKind.REPORTED


def test_a_speaker_s_full_name_becomes_the_entity_s_name(analyse_text: Analyse) -> None:
    from byline.analysis import fuller_names
    from byline.models import Entity, EntityType, Mention, Quote

    silvas = Entity("Silvas", EntityType.PERSON, (), (Mention(0, 6, "Silvas"),), None)
    quote = Quote("We sing,", 20, 28, QuoteKind.DIRECT, "Lucie Silvas", "said")
    entities, quotes = fuller_names([silvas], [quote])
    assert [(e.name, e.aliases) for e in entities] == [("Lucie Silvas", ("Silvas",))]
    assert quotes[0].speaker == "Lucie Silvas"


def test_a_sentence_opener_is_not_a_given_name(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Although Drevnik already makes wine in Chile, the deal is its largest. Drevnik said it "
        "expects approval for the deal in the first quarter."
    )
    q = quote_with(a, "expects approval")
    assert q.speaker == "Drevnik"


def test_the_magazine_is_the_publication_named_before(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Gizmo Review put the Zeta phone at the top of its list on Monday. The magazine said "
        "the phone would sell out by March."
    )
    assert quote_with(a, "sell out by March").speaker == "Gizmo Review"


def test_a_newspaper_named_by_its_masthead_word_keeps_the_article(analyse_text: Analyse) -> None:
    # spaCy's span is "The Times"; the article is part of a newspaper's name.
    a = analyse_text(
        "The Times on Monday said the strategist told the party leader to focus on marginal seats."
    )
    assert quote_with(a, "marginal seats").speaker == "The Times"
    assert "The Times" in [e.name for e in a.entities]


def test_the_authority_is_the_organisation_of_that_name(analyse_text: Analyse) -> None:
    # The authority is never a subject before, so it is not "the organisation speaking so far".
    a = analyse_text(
        "The decision now goes to the Tamar Harbour Authority, which must issue a licence. A "
        "spokesperson for the authority said it would not comment on a live application."
    )
    assert quote_with(a, "would not comment").speaker == "Tamar Harbour Authority"


def test_an_organisation_named_with_and_speaks_whole(analyse_text: Analyse) -> None:
    # spaCy makes "Victims" a NORP and "Citizens Against Crime" an ORG.
    a = analyse_text(
        "But local group Victims and Citizens Against Crime said he should not be working "
        "behind bars."
    )
    assert quote_with(a, "behind bars").speaker == "Victims and Citizens Against Crime"
    assert "Victims and Citizens Against Crime" in [e.name for e in a.entities]


def test_two_organisations_joined_by_and_stay_two(analyse_text: Analyse) -> None:
    a = analyse_text("The charity Oxfam and Save the Children said aid was arriving.")
    assert not [e.name for e in a.entities if " and " in e.name]


def test_a_lowercase_company_before_spokesman_does_not_fail(analyse_text: Analyse) -> None:
    # spaCy tags the lowercase brand "ntl" ORG, a compound of "spokesman"; the speaker search
    # once indexed the (empty) run of capitalised words before it and raised.
    a = analyse_text(
        "Prices will rise in March and, according to an ntl spokesman, are unlikely to fall."
    )
    assert quote_with(a, "Prices will rise").speaker is None


def test_economists_or_analysts_of_a_firm_speak_for_it(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Last summer, economists at PricewaterhouseCoopers warned that house prices were "
        "overvalued and could fall by 15%.\n\n"
        '"Cancellations are not unusual in the industry," wrote analysts from Citigroup in '
        "a note to clients.\n\n"
        "The Intel researchers said products using the chips should appear by 2010."
    )
    assert quote_with(a, "house prices were overvalued").speaker == "PricewaterhouseCoopers"
    assert quote_with(a, "not unusual").speaker == "Citigroup"
    assert quote_with(a, "should appear by 2010").speaker == "Intel"


def test_her_agent_is_the_person_titled_agent_elsewhere(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The actress died in Hove on Saturday morning, her agent said.\n\n"
        'Agent Simon Beresford said: "She was an absolutely favourite client."'
    )
    assert quote_with(a, "died in Hove").speaker == "Simon Beresford"


def test_the_star_or_the_67_year_old_is_the_person_the_report_is_about(
    analyse_text: Analyse,
) -> None:
    # spaCy tags "the 67-year-old" a DATE, and "Tootsie" (a film) a person.
    a = analyse_text(
        "Hollywood legend Dustin Hoffman has hit out at the quality of current films. "
        "Hoffman spoke in London.\n\n"
        'The star of Rain Man and Tootsie said the film culture was "in the craphouse". '
        'The 67-year-old also said he had lost his "spark" for acting.'
    )
    assert quote_with(a, "in the craphouse").speaker == "Dustin Hoffman"
    assert quote_with(a, "spark").speaker == "Dustin Hoffman"


def test_an_office_is_not_taken_for_the_person_last_named(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Opposition leader Maria Costa attacked the budget on Monday.\n\n"
        "The minister said the spending plans would not change."
    )
    assert quote_with(a, "spending plans").speaker is None


def test_the_actress_is_a_woman_named_before_or_nobody(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Mr Dustin Hoffman arrived in Paris on Monday with Ms Meryl Streep.\n\n"
        '"It was a long flight," the actress said.'
    )
    assert quote_with(a, "long flight").speaker == "Meryl Streep"
    b = analyse_text(
        "Dustin Hoffman arrived in Paris with his co-star Kim Lee.\n\n"
        '"We were tired," the actress said.'
    )
    assert quote_with(b, "tired").speaker is None  # Hoffman is not; Lee may or may not be


def test_the_dutchman_is_the_person_named_and_not_an_entity(analyse_text: Analyse) -> None:
    # spaCy tags "Dutchman" an ORG and "Scot" a PERSON.
    a = analyse_text(
        "Tottenham manager Martin Jol acclaimed his players for their patience.\n\n"
        '"We had the initiative but it was not easy," the Dutchman said.'
    )
    assert quote_with(a, "the initiative").speaker == "Martin Jol"
    b = analyse_text(
        "Alex Ferguson said his defenders were ready. Ferguson's own striker Ruud van "
        "Nistelrooy is fit again, but the Scot admitted he was unsure whether to play him."
    )
    assert quote_with(b, "unsure whether").speaker == "Alex Ferguson"
    names = {e.name for e in a.entities} | {e.name for e in b.entities}
    assert not names & {"Dutchman", "Scot"}


def test_the_american_is_whom_he_would_mean_not_the_last_speaker(analyse_text: Analyse) -> None:
    a = analyse_text(
        'Patrick McEnroe named his team on Friday. "We can put the work in at the right time," '
        "said McEnroe. Andy Roddick was left frustrated after losing both his singles. "
        '"It is just tough because I felt I was in it the whole time," said the American.'
    )
    assert quote_with(a, "just tough").speaker == "Andy Roddick"


def test_a_team_s_office_is_the_person_holding_it_not_the_team(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Lions coach Clive Woodward watched the game with Australia coach Eddie Jones.\n\n"
        "Woodward believes the series will be the ultimate challenge. "
        '"Their performance was simply awesome," said the Lions coach.'
    )
    assert quote_with(a, "simply awesome").speaker == "Clive Woodward"
    b = analyse_text(
        "Sir Alex Ferguson has called on the FA to punish Thierry Henry.\n\n"
        "Ferguson believes Henry deliberately caught Gabriel Heinze during United's win. "
        "The United boss said it was worse than anything he had seen."
    )
    assert quote_with(b, "worse than anything").speaker == "Alex Ferguson"


def test_other_offices_and_peoples_are_not_the_person_last_named(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Tony Blair met the press in Paris on Monday.\n\n"
        "The French president said the talks had gone well. "
        '"We will not wait," the French said.'
    )
    assert quote_with(a, "gone well").speaker is None
    assert quote_with(a, "not wait").speaker is None


def test_a_name_set_off_by_commas_speaks_where_the_parse_lost_the_subject(
    analyse_text: Analyse,
) -> None:
    # spaCy's small model gives these cue verbs no subject, or a wrong one.
    a = analyse_text(
        "In response to Dr Gibbons' comments, Ieuan Wyn Jones, leader of the Plaid Cymru "
        'group in the assembly, said: "It is apparent that this reshuffle was a mistake."\n\n'
        "Responding to the speech, shadow chief secretary to the Treasury, George Osborne, "
        'said: "This was more talk from Gordon Brown."\n\n'
        "The head of the NHTCU, Acting Detective Chief Superintendent, Mick Deats, said: "
        '"This investigation has disrupted organised criminals."\n\n'
        'Late evidence has pushed the date back. "A decision is now expected by around '
        'mid-March," said one of their lawyers, Michalis Dimitrakopoulos.'
    )
    assert quote_with(a, "reshuffle was a mistake").speaker == "Ieuan Wyn Jones"
    assert quote_with(a, "more talk").speaker == "George Osborne"
    assert quote_with(a, "disrupted organised").speaker == "Mick Deats"
    assert quote_with(a, "mid-March").speaker == "Michalis Dimitrakopoulos"


def test_a_name_inside_a_phrase_before_the_cue_is_not_the_speaker(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Tony Blair and Gordon Brown met on Monday.\n\n"
        'The author\'s sources, all unnamed "allies" of Mr Blair and Mr Brown, said the prime '
        "minister felt the war had undermined him."
    )
    assert a.quotes and all(q.speaker is None for q in a.quotes)


def test_a_quote_without_its_comma_still_takes_the_cue_after_it(analyse_text: Analyse) -> None:
    a = analyse_text(
        'People share songs, the survey found. "IPods and MP3 players are becoming a mainstream '
        'technology for consumers" said Lee Rainie, director of the Pew Internet Project.'
    )
    assert quote_with(a, "mainstream technology").speaker == "Lee Rainie"


def test_the_28_year_old_host_is_the_person_the_report_is_about(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Cat Deeley has resigned as host of the Saturday morning show after six years.\n\n"
        "The 28-year-old host who also presents Stars In Their Eyes said she wanted to "
        "concentrate on new television projects."
    )
    assert quote_with(a, "new television projects").speaker == "Cat Deeley"


def test_a_named_apposition_wins_and_an_unnamed_man_stays_unnamed(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Tony Blair visited the hospital on Friday. Mr Blair praised the staff.\n\n"
        '"It lifted morale," said the 45-year-old nurse, Jane Smith.\n\n'
        "Tiger Woods led after the first round. "
        "The Scot, Colin Montgomerie, said it had been a tough day."
    )
    assert quote_with(a, "lifted morale").speaker == "Jane Smith"
    assert quote_with(a, "tough day").speaker == "Colin Montgomerie"
    b = analyse_text(
        "Detective Inspector John Smith said a man had been arrested on Friday.\n\n"
        "The 28-year-old man, who cannot be named for legal reasons, said he had acted in "
        "self-defence."
    )
    assert quote_with(b, "self-defence").speaker is None


def test_a_name_after_someone_s_aide_or_neighbour_is_not_the_speaker(
    analyse_text: Analyse,
) -> None:
    a = analyse_text(
        '"We will not be changing course," said an aide to the prime minister, Tony Blair.\n\n'
        '"He was a lovely boy," said a neighbour of the dead man, John Smith.'
    )
    assert quote_with(a, "changing course").speaker is None
    assert quote_with(a, "lovely boy").speaker is None


def test_a_name_right_after_a_role_noun_is_the_speaker(analyse_text: Analyse) -> None:
    # spaCy hangs "Desailly" on "captain" as an adverb, not an apposition: the speaker is the
    # captain named, not the club before the role.
    a = analyse_text(
        "Marcel Desailly insists there is no chance of history repeating itself when Chelsea "
        "take on Barcelona on Wednesday.\n\n"
        "Former Chelsea captain Desailly, who is now playing for Al-Gharafa in Qatar, says "
        "there is no comparison between that side and the current Blues team, who are top of "
        'the Premiership. "Mentally they are much stronger," the 36-year-old said.'
    )
    assert quote_with(a, "no comparison").speaker == "Marcel Desailly"


def test_the_mps_of_a_committee_are_no_one_named(analyse_text: Analyse) -> None:
    a = analyse_text(
        "The environment select committee published its report on Friday. The MPs said they "
        'were "concerned" the government had not consulted directly on its plans.'
    )
    assert quote_with(a, "concerned").speaker is None
    assert "MPs" not in [e.name for e in a.entities]


def test_the_chancellor_is_not_the_shadow_chancellor(analyse_text: Analyse) -> None:
    # "shadow chancellor Oliver Letwin" is titled with "chancellor", but "the chancellor"
    # is someone else: unnamed here rather than his opponent.
    a = analyse_text(
        "Chancellor Gordon Brown has issued a rallying cry to Labour voters.\n\n"
        "The chancellor said the cuts proposed by shadow chancellor Oliver Letwin would hurt "
        'schools. "This will be the central dividing line at the election," he said.\n\n'
        'The shadow chancellor said the figures were "a fantasy".'
    )
    assert quote_with(a, "cuts proposed").speaker == "Gordon Brown"
    assert quote_with(a, "central dividing line").speaker == "Gordon Brown"
    assert quote_with(a, "a fantasy").speaker == "Oliver Letwin"


def test_an_opinion_verb_reports_no_speech(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Scientists agree that the stock is in trouble. The minister noted that the quota "
        "would be cut by a fifth."
    )
    assert [q.text for q in a.quotes] == ["the quota would be cut by a fifth"]


def test_a_headline_does_not_run_on_into_the_first_sentence(analyse_text: Analyse) -> None:
    # spaCy read the blank line as a space: "Club sets its price Liverpool chief executive Rick
    # Parry said" was one sentence, and its quote had no speaker.
    text = (
        "Club sets its price\n\n"
        'Liverpool chief executive Rick Parry said: "We are ready to talk."\n'
    )
    assert [(q.text, q.speaker) for q in analyse_text(text).quotes] == [
        ("We are ready to talk.", "Rick Parry")
    ]


def test_a_headline_s_name_is_the_same_person_as_the_first_sentence_s(
    analyse_text: Analyse,
) -> None:
    # Run together, "Federer ... hold Roger Federer" gave a place "Roger Federer" and a person
    # "Federer".
    text = (
        "Federer wins in Dubai\n\n"
        "Roger Federer beat Ivan Ljubicic in straight sets to win the Dubai Open on Sunday.\n\n"
        '"I played well," said Federer.\n'
    )
    people = [(e.name, e.type.value) for e in analyse_text(text).entities if "Federer" in e.name]
    assert people == [("Roger Federer", "PERSON")]


def test_of_two_subjects_the_one_next_to_the_verb_speaks(analyse_text: Analyse) -> None:
    # spaCy makes the dateline's place a second subject of "announced".
    text = (
        "FOR IMMEDIATE RELEASE\n\nKalahari Sun wins 120 MW solar tender in Namibia's Hardap "
        "region\n\n"
        "WINDHOEK, 4 September 2024 - Kalahari Sun Holdings today announced that its consortium "
        "has been selected as the preferred bidder for a solar plant.\n"
    )
    assert [q.speaker for q in analyse_text(text).quotes] == ["Kalahari Sun Holdings"]


def test_a_title_s_portfolio_does_not_speak(analyse_text: Analyse) -> None:
    # spaCy tags no entity on "Theresa May" here, and the quote went to the "State" of
    # "Secretary of State". Attribution now finds her name, but a speaker must be an entity, and
    # none is made for a name spaCy did not see: the quote has no speaker (noted as left).
    text = (
        "The Shadow Secretary of State for the Family, Theresa May, said: "
        '"These plans were announced by Gordon Brown in December."\n'
    )
    analysis = analyse_text(text)
    assert [q.speaker for q in analysis.quotes] == [None]
    assert "State" not in {e.name for e in analysis.entities}


def test_they_after_analysts_said_are_the_analysts(analyse_text: Analyse) -> None:
    text = (
        "Johnson & Johnson agreed to buy Guidant. Analysts said that the deal is aimed at "
        "offsetting Johnson & Johnson's reliance on a slowing drug business. They also pointed "
        "out that more mergers are likely.\n"
    )
    assert [q.speaker for q in analyse_text(text).quotes] == [None, None]
    tesco = analyse_text(
        "Tesco said its sales rose by 5% over Christmas. They added that prices would fall in "
        "the new year.\n"
    )
    assert [q.speaker for q in tesco.quotes] == ["Tesco", "Tesco"]


def test_who_after_a_titled_name_is_that_person(analyse_text: Analyse) -> None:
    # spaCy hangs "who said" on "Culture" (its place), the first word of the portfolio (BBC
    # politics/199); the portfolios are the role, not a place and an organisation.
    a = analyse_text(
        "The report was published on Monday. Her call was backed by Culture, Media and Sport "
        'Secretary Tessa Jowell who said: "You wouldn\'t let your child watch that film."'
    )
    assert quote_with(a, "watch that film").speaker == "Tessa Jowell"
    assert [(e.name, e.role) for e in a.entities] == [
        ("Tessa Jowell", "Culture, Media and Sport Secretary")
    ]


def test_a_place_before_and_does_not_join_a_list_of_portfolios(analyse_text: Analyse) -> None:
    # BBC politics/380: John Spellar was the "Cardiff and Northern Ireland Minister".
    a = analyse_text(
        "The talks were chaired by Welsh First Minister Rhodri Morgan in Cardiff and Northern "
        "Ireland Minister John Spellar in Belfast."
    )
    spellar = next(e for e in a.entities if e.name == "John Spellar")
    assert spellar.role == "Northern Ireland Minister"


def test_the_secretary_of_one_department_is_not_another_s(analyse_text: Analyse) -> None:
    a = analyse_text(
        "Culture Secretary Tessa Jowell spoke first. Violent games should carry larger "
        "warnings, the trade and industry secretary has said. Exports are rising, the culture "
        "secretary said."
    )
    assert quote_with(a, "larger warnings").speaker is None
    assert quote_with(a, "Exports are rising").speaker == "Tessa Jowell"


def test_a_passive_cue_s_doer_is_the_speaker(analyse_text: Analyse) -> None:
    # BBC tech/297: the subject of "was described" is the thing described, not the speaker.
    a = analyse_text(
        "Steve Jobs unveiled the machine on Tuesday. The $499 Macintosh, sold for £339 in the "
        'UK, was described by Jobs as the "most important Mac" made by Apple.'
    )
    assert quote_with(a, "most important Mac").speaker == "Steve Jobs"


def test_whom_a_causative_verb_made_speak(analyse_text: Analyse) -> None:
    # BBC business/362 and politics/111: the object of "led" speaks; "left UKIP saying" is not
    # such a verb, and its subject speaks.
    a = analyse_text(
        "Apacs counts every card payment in the UK. Spending patterns for the year led Apacs to "
        "conclude that 10.38am was the time that plastic would finally rule the roost.\n\n"
        'Mr Hockney also left UKIP saying Mr Kilroy-Silk would "deliver better" as the leader '
        "of a Eurosceptic party."
    )
    assert quote_with(a, "plastic would finally").speaker == "Apacs"
    assert quote_with(a, "deliver better").speaker == "Hockney"


def test_the_insurer_or_the_station_is_the_body_named_before(analyse_text: Analyse) -> None:
    # BBC business/206 and entertainment/197: more words that stand for an organisation.
    a = analyse_text(
        "Standard Life came in for criticism for sticking with stock market investments. The "
        "insurer argued that shares outperformed other investments over the long term.\n\n"
        "Radio 1 has chosen three DJs to replace John Peel. The three DJs were chosen for their "
        '"in-depth musical knowledge across a variety of musical genres", the station said.'
    )
    assert quote_with(a, "shares outperformed").speaker == "Standard Life"
    assert quote_with(a, "in-depth musical knowledge").speaker == "Radio 1"


def test_said_and_a_name_after_a_quotation_wins_over_the_parse(analyse_text: Analyse) -> None:
    # BBC tech/300: spaCy runs "PC Pro. Apple's work ..." into one sentence and hangs the first
    # "said" on the later "he said"; and it tags "Said Mr" a person, which made "Mr" an entity.
    a = analyse_text(
        'Jonny Evans, news editor at Macworld magazine, said: "It\'s deeply affordable."\n\n'
        "\"I think fundamentally it's a good idea because it's cheap even for a PC,\" said Nick "
        "Ross, deputy labs editor at PC Pro. Apple's work on making things easy to use would also "
        'help the Mac mini win fans, he said. "I think people expect it just to work now," he '
        'said. Said Mr Evans: "It\'s very much a computer."'
    )
    assert quote_with(a, "fundamentally").speaker == "Nick Ross"
    assert quote_with(a, "Apple's work").text.startswith("Apple's work")
    assert quote_with(a, "Apple's work").speaker == "Nick Ross"
    assert {e.name: e.role for e in a.entities if e.name == "Nick Ross"} == {
        "Nick Ross": "deputy labs editor at PC Pro"
    }
    assert "Mr" not in {e.name for e in a.entities}


def test_one_of_a_group_named_after_it_and_what_he_adds(analyse_text: Analyse) -> None:
    # BBC politics/012: spaCy makes "one" the subject and hangs Gerry Conlon on "said"; and
    # "adding" on the reported clause, whose subject (Blair) then took Conlon's praise of him.
    a = analyse_text(
        'Mr Blair said: "I am very sorry." However, one of the so-called Guildford Four, Gerry '
        "Conlon - who was wrongly convicted of planting the bombs - said the families were "
        'delighted with the apology. He said Mr Blair had spoken with "such sincerity", adding: '
        '"He went beyond what we thought he would."\n\n'
        "The prosecution's star witness, Scott Sullivan, has said that Mr Ebbers ordered "
        'adjustments at the firm, telling him to "hit our books".'
    )
    assert quote_with(a, "families were delighted").speaker == "Gerry Conlon"
    assert quote_with(a, "went beyond").speaker == "Gerry Conlon"
    assert quote_with(a, "hit our books").speaker == "Ebbers"


def test_the_company_with_no_body_named_near_is_the_one_the_article_is_about(
    analyse_text: Analyse,
) -> None:
    # BBC business/058, 341, tech/089...: "The company said" paragraphs after the company was
    # last a subject had no speaker. Not "the paper" or "the government": another body.
    a = analyse_text(
        "Dravco is to cut 300 jobs at its plant in Leeds, and Dravco makes kitchen appliances. "
        "Unions condemned the move by Dravco. Dravco employs 4,000 people.\n\n"
        "Analysts said the cuts had been expected. Dravco's rivals welcomed it.\n\n"
        "The company said it would move production to Poland by the end of the year. "
        "The paper said the plant had been losing money."
    )
    assert quote_with(a, "move production to Poland").speaker == "Dravco"
    assert quote_with(a, "losing money").speaker is None


def test_a_spokesman_for_a_person_speaks_for_that_person(analyse_text: Analyse) -> None:
    # BBC politics/069: "a spokesman for Mr Prescott warned that ..." had no speaker.
    a = analyse_text(
        "Deputy Prime Minister John Prescott met union leaders on Monday. But a spokesman for "
        "Mr Prescott warned that the changes would have to go ahead in April."
    )
    assert quote_with(a, "go ahead in April").speaker == "John Prescott"


def test_said_a_party_a_role_and_a_name_is_the_person(analyse_text: Analyse) -> None:
    # BBC politics/339: the parse made "Tory" the subject of "shadow" (a verb).
    a = analyse_text(
        "The Liberal Democrats unveiled their housing plans. "
        '"This is typical of Lib Dem hypocrisy," said Tory shadow local government secretary '
        "Caroline Spelman."
    )
    assert quote_with(a, "hypocrisy").speaker == "Caroline Spelman"


def test_they_is_not_the_body_named_in_what_they_say(analyse_text: Analyse) -> None:
    # BBC business/092: Turkcell called itself a security risk.
    a = analyse_text(
        "Turkcell won the licence last year. But a parliamentary commission has now ruled that "
        "Turkcell's 70% stake is too high. They say that Turkcell is a security risk."
    )
    assert quote_with(a, "security risk").speaker is None


def test_words_someone_spoke_of_are_theirs(analyse_text: Analyse) -> None:
    # BBC politics/261 and 095; not "had spoken with 'such sincerity'" (another's words of him).
    a = analyse_text(
        'Mr Brown repeated the familiar mantras and spoke of Labour\'s "shared purpose". '
        'Gerry Conlon said Mr Blair had spoken with "such sincerity".'
    )
    shared = quote_with(a, "shared purpose")
    assert (shared.kind, shared.speaker) == (QuoteKind.PARTIAL, "Brown")
    assert quote_with(a, "such sincerity").speaker == "Gerry Conlon"


def test_a_body_set_off_beside_the_subject_is_the_company_after(analyse_text: Analyse) -> None:
    # BBC business/424: "the company, UPS, said" was not a subject, so "The US company said"
    # went to the aircraft maker named a paragraph before.
    a = analyse_text(
        "EADS said its order book was full.\n\n"
        "Separately, the world's largest package delivery company, UPS, said it had placed an "
        "order for ten jets. The US company said it needed to expand its air freight capacity."
    )
    assert quote_with(a, "expand its air freight").speaker == "UPS"


def test_said_a_nationality_and_a_role_is_the_person_with_that_role(
    analyse_text: Analyse,
) -> None:
    # BBC entertainment/294: '"...," added the British producer' had no speaker.
    a = analyse_text(
        "The game was designed by Gonzalo Frasca, a researcher at the IT University of "
        'Copenhagen. "Games can persuade," added the Uruguayan-born researcher.'
    )
    assert quote_with(a, "Games can persuade").speaker == "Gonzalo Frasca"


def test_the_presenter_or_the_entrepreneur_is_the_person_the_report_is_about(
    analyse_text: Analyse,
) -> None:
    # BBC entertainment/219: "The presenter said that he is 'hopeful'" had no speaker.
    a = analyse_text(
        "Dick Clark will miss the awards after a stroke. Clark is to welcome in the New Year on "
        'ABC, a job he has done for 33 years. The presenter said that he is "hopeful" of '
        "getting better in time."
    )
    assert quote_with(a, "hopeful").speaker == "Dick Clark"


def test_the_company_the_article_is_about_may_have_a_regulator_named_half_as_often(
    analyse_text: Analyse,
) -> None:
    # BBC business/252: "the former monopoly said" with BT named 15 times and Ofcom 8.
    a = analyse_text(
        "Unilever is to cut 300 jobs at its plant in Leeds. Unilever makes soap, and Unilever "
        "employs 4,000 people there. Shares in Unilever fell. Unions condemned the move by "
        "Unilever. The regulator Ofcom said it would look at the plan, Ofcom will report in "
        "May, and Ofcom may fine it.\n\n"
        "Analysts said the cuts had been expected.\n\n"
        "The company said it would move production to Poland by the end of the year."
    )
    assert quote_with(a, "move production to Poland").speaker == "Unilever"
