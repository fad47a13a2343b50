"""Messages the screens send up to the app: requests to open a document, and what came back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState


@dataclass
class OpenRequested(Message):
    """Open `path` in the reader, at `offset` (else where it was left), marking `mark` if given."""

    path: str
    offset: int | None = None
    mark: tuple[int, int] | None = None
    entity: str | None = None
    """Select this entity in the reader once open (its mentions highlighted)."""
    query: str | None = None
    """The library search the document was opened from: its words are highlighted."""


@dataclass
class DocumentOpened(Message):
    """The library returned a document and its analysis for an `OpenRequested`."""

    request: OpenRequested
    document: Any
    analysis: Any


@dataclass
class IndexProgress(Message):
    """Indexing moved on; frequent, so a newer one replaces an older one still in the queue."""

    done: int
    total: int | None
    current: str = ""
    phase: str = ""
    """The library's indexing phase ("text", "analysis", then "merge"), when it reports one."""
    notice: str = ""
    """A notice from the library ("waiting for another writer ..."), when there is one."""

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress matters."""
        return isinstance(message, IndexProgress)


@dataclass
class IndexFinished(Message):
    """Indexing of the paths given on the command line ended; `report` is `Library.add`'s."""

    report: Any


@dataclass
class WorkerFailed(Message):
    """A worker anywhere in the app raised: the app turns this into one error notice."""

    error: BaseException | None


class ForwardsWorkerFailures:
    """Mixin for nodes that run workers: `Worker.StateChanged` does not bubble, so a failed
    worker's node posts a `WorkerFailed` (which does) for the app's one handler."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass a failure up; other state changes are nobody's business."""
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker.error))  # type: ignore[attr-defined]
