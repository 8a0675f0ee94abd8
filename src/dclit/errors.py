"""Error classes. Every message says what went wrong, where, and what to do.

Codes are stable so users and tests can match on them (spaCy's habit).
"""
from __future__ import annotations


class DclitError(Exception):
    """Base class for errors a user can act on."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None,
                 stage: str | None = None, hint: str | None = None):
        self.path = path
        self.page = page
        self.stage = stage
        self.hint = hint
        self.detail = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.stage:
            where.append(self.stage)
        head = ": ".join(where)
        msg = f"[{self.code}] " + (f"{head}: " if head else "") + self.detail
        if self.hint:
            msg += f" {self.hint}"
        return msg


class InputError(DclitError):
    """A document cannot be read (corrupt, encrypted, empty, unsupported…)."""

    code = "E100"


class EncryptedError(InputError):
    code = "E101"


class CorruptError(InputError):
    code = "E102"


class EmptyError(InputError):
    code = "E103"


class UnsupportedFormatError(InputError):
    code = "E104"


class TooLargeError(InputError):
    code = "E105"


class NoTextError(InputError):
    """Only image pages (scanned) and no OCR asked for."""

    code = "E106"


class ResourceLimitError(InputError):
    """The worker ran out of its time or memory allowance."""

    code = "E107"


class StoreError(DclitError):
    code = "E200"


class StoreLockedError(StoreError):
    code = "E201"


class QueryError(DclitError):
    code = "E300"


class ConfigError(DclitError):
    code = "E400"


class MissingExtraError(DclitError):
    """An optional dependency is not installed; the hint names the install command."""

    code = "E500"
