"""workbench: a Russian–Chinese translation and glossary workbench.

The package is light to import: heavy libraries (torch, transformers, pymorphy3,
sentencepiece) are imported inside the functions that need them.
"""

__version__ = "0.1.0"
