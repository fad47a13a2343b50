"""The words that attribute speech: cue verbs, and the other cues a newsroom uses.

A cue is matched on the verb's lemma (so "said", "says", "saying" and "adding" all count) and,
because a small parser's lemmas are sometimes off on unusual forms, on the word as written too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`, as a frozenset (for long word lists)."""
    return frozenset(words.split())


_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "think": ("think", "thinks", "thought", "thinking"),
    "read": ("read", "reads"),
}


def inflections(verb: str) -> tuple[str, ...]:
    """The written forms of an English verb: base, -s, -ed, -ing (irregulars from a table)."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ee"):
        return (verb, verb + "s", verb + "d", verb + "ing")
    if verb.endswith("e"):
        return (verb, verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return (verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    if verb.endswith(("sh", "ch", "ss", "x")):
        return (verb, verb + "es", verb + "ed", verb + "ing")
    if verb in _DOUBLING:
        return (verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing")
    return (verb, verb + "s", verb + "ed", verb + "ing")


_DOUBLING = frozenset({"admit", "quip", "concur", "regret", "commit"})

CUE_VERBS: frozenset[str] = word_set(
    """say tell add argue warn insist explain note claim state ask reply surmise concede admit
    acknowledge announce answer assert comment complain confirm contend declare deny
    emphasise emphasize estimate forecast joke maintain observe predict promise protest
    recall remark respond reveal stress suggest testify tweet urge whisper write agree
    caution counter quip retort reiterate speculate boast lament muse conclude disclose
    allege demand describe point report accept believe continue indicate mention expect
    think fear vow pledge read"""
)
"""Verbs that report speech, by their base form ("read" only with a written subject: "his
message read", `is_cue`)."""

WEAK_CUE_VERBS: frozenset[str] = word_set(
    """believe continue point accept agree describe indicate write report mention suggest
    expect think fear state note answer counter ask"""
)
"""Cue verbs with common non-speech uses: trusted right next to a quote; for reported speech
only those that still report what was said ("noted that"), not `OPINION_VERBS`."""

OPINION_VERBS: frozenset[str] = word_set("believe continue accept agree describe expect think fear")
"""Weak cue verbs that give a view or a state of mind, not words said: "Scientists agree that a
stock is in trouble" is nobody's reported speech."""

CUE_FORMS: dict[str, str] = {form: verb for verb in sorted(CUE_VERBS) for form in inflections(verb)}
"""Every written form of a cue verb, mapped to its base form."""

ALWAYS_VERBS: frozenset[str] = frozenset({"said", "says", "told", "adding", "added", "saying"})
"""Forms taken as verbs whatever the tagger says (it sometimes tags them as nouns)."""

PARTIAL_INTRODUCERS: frozenset[str] = frozenset({"to", "as", "it", "them", "him", "her", "be"})
"""Words right before a quoted fragment that mark it as woven into the sentence (is to "give
an ...", described it as "..."), besides a cue verb."""

SPEAKING_OF: frozenset[str] = frozenset(
    {"spoke", "speaks", "speaking", "spoken", "talked", "talks", "talking"}
)
"""Calling verbs that quote only with "of" after them: not "spoke with 'such sincerity'" (what
another said of him) or "talked about the 'New' Labour manifesto" (scare quotes)."""

CALLING_VERBS: frozenset[str] = (
    frozenset(
        form
        for verb in (
            "call",
            "describe",
            "dismiss",
            "brand",
            "label",
            "term",
            "hail",
            "condemn",
            "criticise",
            "criticize",
            "accuse",
            "attack",
            "welcome",
            "praise",
            "blame",
        )
        for form in inflections(verb)
    )
    | SPEAKING_OF
)
"""Verbs that quote a word or phrase someone used (called it "a disgrace", spoke of a "shared
purpose": the speaking verbs only with "of", `SPEAKING_OF`)."""

TITLE_NOUNS: frozenset[str] = word_set(
    """report book film novel album song series programme program show documentary paper
    article study play poem column essay campaign headline slogan title motto strategy
    initiative single track movie exhibition operation policy project plan entitled titled
    called named dubbed"""
)
"""Nouns (and participles) after which a quoted, title-cased phrase is a name, not speech."""

SPEECH_NOUNS: frozenset[str] = word_set(
    """statement interview speech letter email e-mail message briefing press conference remarks
    comments blog post tweet told words figures data report survey study estimate estimates
    research poll analysis note statements interviews letters emails e-mails messages reports
    surveys studies notes"""
)
"""Nouns that, near a quote, signal speech even without a verb (in a statement: "...")."""

SPOKESPEOPLE: frozenset[str] = word_set("spokesman spokeswoman spokesperson spokespeople")
"""Whose job is to speak for someone else."""

WRITINGS: frozenset[str] = SPEECH_NOUNS | word_set(
    "sign signs banner banners placard placards headline caption inscription notice text"
)
"""What "read" reports the words of: "his message read", "a placard read"."""

ROLE_NOUNS: frozenset[str] = word_set(
    """minister spokesman spokeswoman spokesperson official officials analyst lecturer
    professor chairman chairwoman chair director president secretary chancellor leader chief
    executive head manager coach boss mayor governor senator mp economist expert source
    sources lawyer judge police officer commissioner premier ambassador founder researcher
    scientist doctor editor campaigner critic critics witness resident residents prosecutor
    actor actress singer star player captain chairperson general colonel king queen prince
    princess bishop pope author writer aide adviser advisor representative candidate member
    inspector partner owner teacher student worker workers union voter voters clerk
    treasurer registrar economists analysts researchers scientists experts lawyers agent
    sheriff skipper"""
)
"""Heads of noun phrases that name a person by role ("the minister said ...")."""

_ORG_NOUNS = """company group firm organisation organization board association bank operator council
    government ministry department agency club party union commission authority institute
    committee charity campaign consortium lender airline carrier regulator fund
    observatory magazine newspaper paper broadcaster publisher website watchdog station channel
    network studio label chain retailer supermarket insurer manufacturer maker carmaker giant
    monopoly exchange body"""
ORG_NOUNS: frozenset[str] = frozenset(_ORG_NOUNS.split())
"""Nouns that stand for an organisation named earlier ("the company said")."""

TITLES_MALE: frozenset[str] = frozenset(
    {"mr", "mr.", "sir", "lord", "mister", "father", "king", "prince", "baron", "count", "duke"}
)
TITLES_FEMALE: frozenset[str] = word_set(
    """ms ms. mrs mrs. miss lady dame madam queen princess baroness duchess"""
)

PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "she": "f", "her": "f"}
"""Personal pronouns that can stand for a speaker, with the gender they imply."""

GROUP_PRONOUNS: frozenset[str] = frozenset({"they", "it", "we"})


_CUE_INDICES = "byline.cue_indices"


def cue_tokens(sdoc: Doc) -> Iterator[Token]:
    """The tokens of `sdoc` that may be cues (a cue verb's form, or "according"), in order: a
    pass that tests `is_cue` on these alone makes a ``Token`` only for them. Where they are is
    found once per document and kept with it (the analysis asks about thirty times)."""
    from byline.analysis.token_columns import columns

    found = sdoc.user_data.get(_CUE_INDICES)
    if not isinstance(found, list):
        found = [
            i
            for i, word in enumerate(columns(sdoc).words)
            if (lower := word.lower()) in CUE_FORMS or lower == "according"
        ]
        sdoc.user_data[_CUE_INDICES] = found
    for i in found:
        yield sdoc[i]


def is_cue(token: Token, *, weak_ok: bool | Literal["reporting"] = True) -> bool:
    """True when `token` is a verb (or "according") that attributes speech; a weak cue verb
    only with `weak_ok`, and with "reporting" only one that reports words ("noted that")."""
    lower = token.lower_
    if lower == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    verb = CUE_FORMS.get(lower)
    if verb is None:
        return False
    if verb == "read":  # "Morquendi's message read", "the statement read": not "she read it"
        # (the tagger often calls it a noun, "message" its compound)
        return any(c.dep_ in ("nsubj", "compound") and c.lower_ in WRITINGS for c in token.children)
    if token.pos_ not in ("VERB", "AUX") and lower not in ALWAYS_VERBS:
        return False
    if verb not in WEAK_CUE_VERBS:
        return True
    return weak_ok is True or (weak_ok == "reporting" and verb not in OPINION_VERBS)


def cue_verb(token: Token) -> str | None:
    """The base form of a cue token ("said" -> "say"), "according" for "according to"."""
    if token.lower_ == "according":
        return "according"
    return CUE_FORMS.get(token.lower_)


def cue_text(token: Token) -> str:
    """The cue as written: the verb itself, or "according to"."""
    if token.lower_ == "according" and token.i + 1 < len(token.doc):
        return token.doc[token.i : token.i + 2].text
    return token.text


def is_given_name(word: str) -> bool:
    """Whether `word` is a common first name ("Tracey", "Alistair", "Taylor")."""
    lower = word.lower()
    return lower in _MALE_NAMES or lower in _FEMALE_NAMES or lower in _EITHER_NAMES


def first_name_gender(name: str) -> str | None:
    """'m', 'f' or None from a title or a common first name at the start of `name`."""
    first = name.split()[0].lower() if name.split() else ""
    if first in TITLES_MALE:
        return "m"
    if first in TITLES_FEMALE:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    if first in _FEMALE_NAMES:
        return "f"
    return None


_MALE = (
    "john james robert michael william david richard joseph thomas charles christopher daniel "
    "matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george edward "
    "ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin "
    "scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry "
    "tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold "
    "keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan "
    "joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene "
    "vincent russell elijah louis bobby philip johnny tony gordon nick ian neil alistair "
    "alastair gareth rhodri nigel colin graham simon martin hugh jeremy boris keir rishi "
    "tomasz piotr pawel jan marek andrzej krzysztof lars hans klaus pierre jean jacques luis "
    "carlos miguel pedro antonio giovanni marco luca ahmed mohammed muhammad ali omar hassan "
    "vladimir sergei dmitri ivan igor oleg yuri wei li jun hiroshi kenji raj ravi arjun "
    "liam oliver harry charlie oscar leo alfie freddie archie theo max rory owen callum "
    "duncan angus ewan fergus hamish kenny sam dan ben tom tim rob bob bill jim mike steve "
    "matt chris andy dave pete phil greg ken kim lord sir "
    "barry trevor darren dean craig stuart gavin iain euan gethin aled dafydd ciaran "
    "declan ruud thierry arsene sven gerhard silvio kofi"
)
_MALE_NAMES = frozenset(_MALE.split())
_FEMALE = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa "
    "betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa "
    "deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna "
    "brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn "
    "janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina "
    "lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria "
    "ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise "
    "amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella "
    "charlotte rose alexis kayla petra theresa harriet tessa clare claire fiona kirsty "
    "nicola yvette hazel ruth jacqui margaret hilary caroline harriet lucy sophie chloe "
    "ella amelia isla ava mia ellie agnieszka katarzyna magdalena malgorzata ewa zofia "
    "monika joanna marta beata ingrid astrid greta heidi ursula monique sylvie nathalie "
    "isabel carmen lucia elena sofia giulia francesca fatima aisha leila natasha olga "
    "svetlana irina tatiana mei ling yuki keiko priya anjali sunita kate liz beth jane "
    "sue jo meg jenny penny sally molly holly polly annie "
    "tracey tracy siobhan niamh aoife gemma leanne hayley joanne morag oona cherie"
)
_FEMALE_NAMES = frozenset(_FEMALE.split())
_EITHER = "taylor alex jamie robin leslie lesley casey riley"
_EITHER_NAMES = frozenset(_EITHER.split())
"""First names of men and of women, so of no gender (`first_name_gender`)."""
