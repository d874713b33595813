"""The one exception the SBOM engine raises, and the validation issue it records.

Every refusal — not JSON/XML, wrong format, unsupported version, schema
violation, dangling bom-ref, oversized input, unsafe archive — is an
:class:`SbomError` whose ``str`` is one line naming the file and the place.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_MESSAGE_CHARS = 300


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Collapse whitespace to one line and cut the middle out of an over-long message."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    half = (limit - 5) // 2
    return f"{one_line[:half]} ... {one_line[-half:]}"


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One schema or semantic problem in a document.

    ``location`` is a JSON pointer (``/components/3/purl``) for JSON and a
    readable XPath (``/bom/components/component[4]/purl``) for XML, where
    ``line`` is the line number in the file as well.
    """

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.location or "/"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class SbomError(Exception):
    """An SBOM that cannot be accepted: names the file, the place in it and the problem."""

    def __init__(
        self,
        file_name: str,
        message: str,
        location: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file_name = file_name
        self.message = shorten(message)
        self.location = location
        self.line = line
        super().__init__(str(self))

    @classmethod
    def from_issues(
        cls, file_name: str, issues: list[ValidationIssue], what: str = "schema violation"
    ) -> SbomError:
        """The error for the first of ``issues``, counting the others in the message."""
        first = issues[0]
        others = len(issues) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        return cls(file_name, f"{what}: {first.message}{more}", first.location, first.line)

    def __str__(self) -> str:
        where = self.file_name or "<upload>"
        if self.location is not None:
            where = f"{where} at {self.location or '/'}"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"
