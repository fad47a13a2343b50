"""An entity while it is being built: its forms and mentions, and the type their votes give it
(see `entities` for how mentions are grouped into clusters)."""

from __future__ import annotations

from dataclasses import dataclass, field

from byline.analysis.entity_mentions import Form, RawMention, given_name_first
from byline.analysis.org_evidence import WEIGHT_ORG_CUE, doubtful_org_labels
from byline.models import EntityType

WEIGHT_STRONG_PERSON = 4.0
"""Added once to a cluster with any titled or role-bearing mention."""
_TYPE_ORDER = (EntityType.PERSON, EntityType.ORG, EntityType.PLACE, EntityType.MISC)


@dataclass(eq=False)
class Cluster:
    """The forms and mentions of one entity while it is being built."""

    person: bool
    mentions: list[RawMention] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    full: list[Form] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    stated: list[str] = field(default_factory=list)
    """Names the text states are this one entity's ("C-Murder, real name Corey Miller")."""

    def add_form(self, form: Form) -> None:
        """Take all mentions of `form`."""
        self.forms.append(form)
        self.mentions.extend(form.mentions)

    def votes(self) -> dict[EntityType, float]:
        """All type votes of all mentions."""
        total: dict[EntityType, float] = dict.fromkeys(_TYPE_ORDER, 0.0)
        for mention in self.mentions:
            for kind, weight in mention.votes.items():
                total[kind] += weight
        return total

    def type(self) -> EntityType:
        """The winning type; ties go to PERSON, then ORG, PLACE, MISC.

        A title or a role anywhere ("Mr", "England coach") adds a strong vote for a person. Once
        the text writes a person's full name, spaCy's other labels on the bare surname do not
        count ("Wright-Phillips" called ORG five times after "Shaun Wright-Phillips"). A name
        never given with a first name nor a title is a doubtful person (spaCy calls towns, firms
        and bands PERSON too), so spaCy's PERSON labels on it count half; so do its ORG labels on
        a name the text only places (`doubtful_org_labels`).
        """
        votes = self.votes()
        if self.person and any(len(m.words) > 1 and _personal(m) for m in self.mentions):
            for m in self.mentions:  # spaCy's usual error: a known person's bare surname as ORG
                if len(m.words) == 1:
                    for kind, weight in m.votes.items():
                        if kind is not EntityType.PERSON:
                            votes[kind] -= weight - m.evidence.get(kind, 0.0)
            votes[EntityType.PERSON] += WEIGHT_STRONG_PERSON
        elif all(len(m.words) == 1 for m in self.mentions):
            labels = sum(
                m.votes.get(EntityType.PERSON, 0.0) - m.evidence.get(EntityType.PERSON, 0.0)
                for m in self.mentions
            )
            votes[EntityType.PERSON] -= 0.5 * labels
        votes[EntityType.ORG] -= 0.5 * doubtful_org_labels(self.mentions)
        if self._a_body():
            votes[EntityType.PERSON] = 0.0
        if not any(votes.values()):
            return EntityType.PERSON if self.person else EntityType.MISC
        return max(_TYPE_ORDER, key=lambda t: (votes.get(t, 0.0), -_TYPE_ORDER.index(t)))

    def _a_body(self) -> bool:
        """Whether a mention has a cue only an organisation has ("shares in Sophos", "Ericsson
        chief executive", "Yukos spokesman") and none a title, a role or a common first name:
        then neither speaking ("Yukos said") nor spaCy's labels (eleven of Yukos's) make it a
        person."""
        mentions = self.mentions
        return not any(m.strong or given_name_first(m.words) for m in mentions) and any(
            m.evidence.get(EntityType.ORG, 0.0) >= WEIGHT_ORG_CUE for m in mentions
        )


def _personal(mention: RawMention) -> bool:
    """Whether a mention's votes say person before anything else."""
    person = mention.votes.get(EntityType.PERSON, 0.0)
    return person > 0 and all(
        w < person for k, w in mention.votes.items() if k is not EntityType.PERSON
    )
