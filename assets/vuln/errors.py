"""Errors raised by the advisory engine: every one names the file, the place and the rule."""

from __future__ import annotations


class AdvisoryError(ValueError):
    """Bad advisory input, refused with the file, a JSON pointer and (where one applies) a rule.

    ``rule`` is a short rule name such as ``"schema"`` or ``"CSAF 6.1.2"``; ``pointer`` is an
    RFC 6901 JSON pointer into the document (``""`` for the whole document).
    """

    def __init__(
        self, message: str, *, file: str | None = None, pointer: str = "", rule: str | None = None
    ) -> None:
        self.message = message
        self.file = file
        self.pointer = pointer
        self.rule = rule
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.file or "<input>"
        if self.pointer:
            where = f"{where} at {self.pointer}"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}:{rule} {self.message}"

    def with_file(self, file: str) -> AdvisoryError:
        """The same error, naming ``file`` (used when a parser did not know the file name)."""
        return type(self)(self.message, file=file, pointer=self.pointer, rule=self.rule)


class VersionSyntaxError(ValueError):
    """A text that is not a version of the scheme it was read with."""


def json_pointer(*parts: str | int) -> str:
    """RFC 6901 pointer from path parts: ``json_pointer("a", 0, "b/c")`` → ``/a/0/b~1c``."""
    out = []
    for part in parts:
        text = str(part).replace("~", "~0").replace("/", "~1")
        out.append(text)
    return "/" + "/".join(out) if out else ""
