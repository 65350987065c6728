"""Translation engines behind one interface (:class:`base.Translator`).

:mod:`.marian` runs MarianMT checkpoints through transformers, with glossary
constraints decoded by :mod:`.constrained`. Heavy imports happen inside the
functions that need them.
"""
