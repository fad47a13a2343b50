"""`EntityPane`: the people, organisations and places a document names, with mention counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets.option_list import Option

from byline.models import Entity, EntityType
from byline.tui.records import cleaned, entity_called
from byline.tui.widgets.pick_list import PickList

GROUPS = (
    (EntityType.PERSON, "People"),
    (EntityType.ORG, "Organisations"),
    (EntityType.PLACE, "Places"),
)


class EntityPane(PickList[Entity | None]):
    """Entities by kind, most mentioned first; Enter selects one (again: clears the selection)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-pane--group",
        "entity-pane--count",
        "entity-pane--role",
    }

    @dataclass
    class Selected(Message):
        """The user selected an entity (None: cleared the selection)."""

        pane: EntityPane
        entity: Entity | None

        @property
        def control(self) -> EntityPane:
            """The pane it was selected in."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.selected: Entity | None = None
        """The entity whose mentions the reader highlights (set by the screen)."""

    def show_entities(self, entities: Sequence[Entity]) -> None:
        """Fill the pane from a document's analysis."""
        rows: list[tuple[Option, Entity | None]] = []
        for kind, heading in GROUPS:
            members = sorted(
                (e for e in entities if e.type is kind), key=lambda e: (-e.mention_count, e.name)
            )
            if not members:
                continue
            title = Text(heading, style=self.part("entity-pane--group"))
            rows.append((Option(title, disabled=True), None))
            rows.extend((Option(self._prompt(entity)), entity) for entity in members)
        first = next((i for i, (_, value) in enumerate(rows) if value is not None), None)
        self.show(rows, highlight=first)

    def _prompt(self, entity: Entity) -> Text:
        prompt = Text(cleaned(entity.name))
        prompt.append(f" {entity.mention_count}", style=self.part("entity-pane--count"))
        if entity.role:
            prompt.append("\n")
            prompt.append(cleaned(entity.role), style=self.part("entity-pane--role"))
        return prompt

    def index_of(self, name: str) -> int | None:
        """The row of the entity called `name` (or with it as an alias; see `entity_called`)."""
        return entity_called(self.values, name)

    @on(PickList.OptionSelected)
    def _selected(self, event: PickList.OptionSelected) -> None:
        event.stop()
        entity = self.value_at(event.option_index)
        if entity is not None and self.selected is not None and entity.name == self.selected.name:
            entity = None
        self.post_message(self.Selected(self, entity))
