"""The NIS2/CER duty catalogue: versioned data files, a strict loader and a version diff.

Public API::

    catalogue_load(path=None) -> Catalogue      # newest shipped version by default
    default_catalogue() -> Catalogue            # the same, cached per process
    catalogue_diff(old, new) -> CatalogueDiff   # added / removed / renamed controls
    SIGNALS                                      # known automatic signal ids
"""

from .diff import CatalogueDiff, Rename, catalogue_diff
from .loader import CatalogueError, catalogue_files, catalogue_load, default_catalogue
from .model import Applicability, Catalogue, Control, Duty, LegalRef, LegalWeight, Text
from .signals import SIGNALS, Signal

__all__ = [
    "SIGNALS",
    "Applicability",
    "Catalogue",
    "CatalogueDiff",
    "CatalogueError",
    "Control",
    "Duty",
    "LegalRef",
    "LegalWeight",
    "Rename",
    "Signal",
    "Text",
    "catalogue_diff",
    "catalogue_files",
    "catalogue_load",
    "default_catalogue",
]
