"""Errors of the pipeline, with stable codes that the CLI, the database and users share.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations


class DelibError(Exception):
    """Base of every error the pipeline raises on purpose."""

    code = "E000"


class InputError(DelibError):
    """A file that cannot be read as a deliberation document."""

    code = "E100"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyFile(InputError):
    """The file is empty or holds only white space."""

    code = "E101"


class BinaryFile(InputError):
    """The file holds binary data, not text."""

    code = "E102"


class TooLarge(InputError):
    """The file is larger than the configured limit."""

    code = "E103"


class Truncated(InputError):
    """The file ends in the middle of a character or a markup structure."""

    code = "E104"


class Undecodable(InputError):
    """The bytes decode in no supported encoding."""

    code = "E105"


class UnsupportedFormat(InputError):
    """A file type the pipeline does not read (yet)."""

    code = "E106"


class Unreadable(InputError):
    """The operating system refused to read the file."""

    code = "E107"


class DatabaseError(DelibError):
    """The database could not be reached or migrated."""

    code = "E200"


class NotPdf(InputError):
    """A file named .pdf that is not a PDF."""

    code = "E120"


class EncryptedPdf(InputError):
    """A PDF that needs a password."""

    code = "E121"


class CorruptPdf(InputError):
    """A PDF whose structure cannot be parsed (truncated, broken cross-reference table...)."""

    code = "E122"


class NoPages(InputError):
    """A PDF with no page."""

    code = "E123"


class TooManyPages(InputError):
    """A PDF with more pages than the configured limit."""

    code = "E124"


class PdfBomb(InputError):
    """A page whose content decompresses to more than the configured limit."""

    code = "E125"


class TooSlow(InputError):
    """A file that took longer than the configured time limit."""

    code = "E126"
