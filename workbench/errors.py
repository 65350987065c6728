"""One exception tree for every error a user can trigger.

The CLI catches :class:`WorkbenchError` at the top, prints its message as one
line and exits non-zero; everything else is a bug and keeps its traceback.
"""


class WorkbenchError(Exception):
    """Base class of every user-facing error."""


def located(err: WorkbenchError, where: str) -> WorkbenchError:
    """*err* with *where* (a file, a document) put before its message, the same object: its class and
    attributes (a :class:`GlossaryError`'s problems, a conflict's segment) stay as they were."""
    err.args = (f"{where}: {err}",) + err.args[1:]
    return err


class InputError(WorkbenchError):
    """An input file cannot be read: missing, binary, wrong encoding, empty."""


class GlossaryError(WorkbenchError):
    """A term file is malformed or inconsistent.

    Attributes:
        problems: every problem found, as ``file:line: message`` strings.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


class ModelError(WorkbenchError):
    """A model cannot be found, loaded or used."""


class DocumentError(WorkbenchError):
    """A document cannot be segmented or rebuilt (e.g. markup we refuse)."""


class UnreviewedSegmentsError(DocumentError):
    """An export that must contain only approved text (``--unreviewed refuse``) met unapproved segments.

    Attributes:
        pending: how many segments are not approved.
        total: the document's segments.
    """

    def __init__(self, message: str, pending: int = 0, total: int = 0):
        super().__init__(message)
        self.pending = pending
        self.total = total


class RoleError(WorkbenchError):
    """A user asked for what their role does not allow (a translator approving, where reviewers approve)."""


class UnsupportedFormat(InputError):
    """A file in a format, or a version of one, that the workbench does not read.

    Its own class so that callers (the upload form, a batch import) can tell
    "not this format" from "this file is broken"; the message names the file,
    what is unsupported and what is.
    """


class AdaptError(WorkbenchError):
    """``workbench adapt`` cannot adapt a model (see the subclasses); nothing was trained or changed."""


class TooFewPairsError(AdaptError):
    """Fewer adaptation pairs than the minimum: a fine-tune on a few segments learns them by heart.

    Attributes:
        found: the usable pairs there were.
        needed: the minimum.
    """

    def __init__(self, message: str, found: int = 0, needed: int = 0):
        super().__init__(message)
        self.found = found
        self.needed = needed


class MisalignedFilesError(AdaptError, InputError):
    """Two line-aligned files whose line counts differ; the message is ``file:line: …`` at the first
    line that has no partner."""


class ModelVersionError(ModelError):
    """A model version cannot be chosen as the default (unknown name, not a model, wrong direction)."""


class StoreError(WorkbenchError):
    """The review database cannot be opened or written, or a request makes no sense to it."""


class EmptyTargetError(StoreError):
    """A segment cannot be marked translated or approved with an empty translation."""


class ConflictError(StoreError):
    """A save was made from a stale version of the segment; nothing was written.

    Attributes:
        current: the segment as it is now in the database.
        attempted_target: the text that was not saved (to offer it back).
    """

    def __init__(self, current, attempted_target: str):
        who = current.updated_by or "another user"
        super().__init__(
            f"segment {current.id} was changed meanwhile by {who} at {current.updated_at} "
            f"(version {current.version}); your edit was not saved"
        )
        self.current = current
        self.attempted_target = attempted_target


class SchemaError(WorkbenchError):
    """A database cannot be brought to the current schema (newer, or not ours)."""


class TranscriptionError(WorkbenchError):
    """A text cannot be read as Chinese characters or pinyin."""


class TranslatedInputError(InputError):
    """An input refused by the review UI with a message of its own in each interface language.

    Attributes:
        key: the message's key in :mod:`workbench.ui.i18n`.
        values: its placeholders.
    """

    def __init__(self, message: str, key: str, **values):
        super().__init__(message)
        self.key, self.values = key, values


class UploadRejected(TranslatedInputError):
    """An upload refused before it is read: nothing or both given, a type not accepted, too large."""

    def __init__(self, key: str, **values):
        super().__init__(f"{key}: {values}", key, **values)


class NumbersError(TranslatedInputError):
    """A list of segment numbers that cannot be read ("3, 7-9" is one)."""

    def __init__(self, text: str, total: int):
        super().__init__(f"{text!r} is not a list of segment numbers from 1 to {total}", "err_numbers",
                         text=text, total=total)
