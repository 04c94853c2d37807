"""What a storage call refuses, with the reason the user reads, for the gateway to answer with."""
from __future__ import annotations


class Refusal(Exception):
    """A refusal whose reason is for the user, in Danish and English."""

    def __init__(self, reason_da: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_da = reason_da
        self.reason_en = reason_en


class NotFound(LookupError):
    """No record by that id."""


class Conflict(Refusal):
    """The record is not in a state that allows this."""
