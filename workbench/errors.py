"""One exception tree for every error a user can trigger.

The CLI catches :class:`WorkbenchError` at the top, prints its message as one
line and exits non-zero; everything else is a bug and keeps its traceback.
"""


class WorkbenchError(Exception):
    """Base class of every user-facing error."""


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
