"""Glossaries: the agreed names, titles and organisations that translations must keep.

:mod:`.model` holds the :class:`Term`/:class:`Glossary` data model; :mod:`.formats`
is the registry of term file formats (PO, the canonical one, read and written with
polib in :mod:`.po`; TSV and CSV for spreadsheets; TBX for CAT tools);
:mod:`.check` lints term files, :mod:`.loader` finds and loads them, and
:mod:`.matching` finds their terms in a text (Russian in any inflected form).
"""

from workbench.glossary.model import KINDS, Glossary, Term

__all__ = ["KINDS", "Glossary", "Term"]
