"""The licences authors may choose for their camera-ready paper (organizers accept a subset)."""

from __future__ import annotations

#: key -> (name shown, where the licence text is)
LICENCES: dict[str, tuple[str, str]] = {
    "cc-by-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nc-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "cc-by-nc-sa-4.0": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "cc-by-nd-4.0": ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
    "cc0-1.0": ("CC0 1.0 (public domain)", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
DEFAULT = ["cc-by-4.0"]
CHOICES = [(key, name) for key, (name, _url) in LICENCES.items()]


def name(key: str) -> str:
    return LICENCES.get(key, (key, ""))[0]


def url(key: str) -> str:
    return LICENCES.get(key, ("", ""))[1]


def default_accepted() -> list[str]:
    return list(DEFAULT)
