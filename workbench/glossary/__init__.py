"""Glossaries: the agreed names, titles and organisations that translations must keep.

:mod:`.model` holds the :class:`Term`/:class:`Glossary` data model; the canonical
file format is PO (:mod:`.po`, read and written with polib), TSV is for
spreadsheets (:mod:`.tsv`); :mod:`.check` lints term files and :mod:`.loader`
finds and loads them.
"""

from workbench.glossary.model import KINDS, Glossary, Term

__all__ = ["KINDS", "Glossary", "Term"]
