"""Typed errors with one-line messages a user can act on."""

from __future__ import annotations


class MygoError(Exception):
    """Base class: ``str(error)`` is a complete, one-line message for the user."""


class CatalogError(MygoError):
    """The sticker catalog is missing or malformed."""


class ModelError(MygoError):
    """A model directory cannot be used."""


class ModelNotFoundError(ModelError):
    pass


class LabelMappingError(ModelError):
    """label_mapping.json is missing or malformed."""


class LabelMismatchError(ModelError):
    """The model's labels do not match the catalog's lines."""


class EmptyTextError(MygoError, ValueError):
    """No usable text was given (ValueError, as MyGOChat raises)."""


class DatasetError(MygoError):
    """A dataset file has a bad line."""
