"""The error a course package raises, and how values are quoted in its messages."""

__all__ = ["CoursePackageError", "describe", "short"]

QUOTE_LIMIT = 60


class CoursePackageError(Exception):
    """A problem with a course package, with where it is: file, path in the file, line."""

    def __init__(self, message, path="", source=""):
        self.message = message
        self.path = path
        self.source = source
        super().__init__(str(self))

    def __str__(self):
        where = ", ".join(part for part in (str(self.source), self.path) if part)
        return f"{where}: {self.message}" if where else self.message


def describe(value):
    """What kind of value this is, in words: 'a mapping', 'a list', 'text', 'a number'."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def short(value, limit=QUOTE_LIMIT):
    """``value`` quoted for a message, shortened: a file may hold megabytes in one place."""
    if isinstance(value, dict | list):
        return describe(value)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]
