"""What the portal home lists. Modules append a Section when they publish something."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    url_name: str = ""


SECTIONS: list[Section] = []
