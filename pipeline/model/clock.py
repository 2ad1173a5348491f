"""Clock arithmetic for a workshop day: times of day as minutes since midnight, and back.

Every module that adds up an agenda uses these, so a day that runs past midnight or a block
that ends before it starts is handled the same way everywhere.
"""

from __future__ import annotations

from datetime import time


def minutes_of(value: time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


def span_minutes(start: time, end: time) -> int:
    """How long from `start` to `end`, in minutes (negative when `end` is earlier)."""
    return minutes_of(end) - minutes_of(start)


def hhmm(minutes: int) -> str:
    """`minutes` since midnight as HH:MM, wrapping past midnight."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


class WrittenNumber(float):
    """A number from YAML that remembers how it was written: 8.30 and 8.3 are the same float,
    but as a clock time the first is 08:30 and the second is not clear."""

    written_as: str

    def __new__(cls, value: float, written_as: str) -> WrittenNumber:
        number = super().__new__(cls, value)
        number.written_as = written_as
        return number

    def __reduce__(self) -> tuple[type[WrittenNumber], tuple[float, str]]:
        return (WrittenNumber, (float(self), self.written_as))
