"""LaTeX text (as found in BibTeX fields) to plain Unicode: accents, symbols, escapes, braces."""

from __future__ import annotations

import re
import unicodedata

_ACCENT_MARKS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}  # fmt: skip
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textquoteright": "’",
    "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”", "textbackslash": "\\",
    "LaTeX": "LaTeX", "TeX": "TeX", "copyright": "©", "textregistered": "®", "texttrademark": "™",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "theta": "θ", "tau": "τ", "phi": "φ", "omega": "ω", "infty": "∞",
    "times": "×", "pm": "±", "leq": "≤", "geq": "≥", "neq": "≠", "to": "→", "rightarrow": "→",
}  # fmt: skip
_BASE = r"(?:\\[ij](?![A-Za-z])|[A-Za-z])"
# \"u  \"{u}  {\"u}  \'{\i}  \c c  \v{s}
_SYMBOL_ACCENT = re.compile(r"""\\(["'`^~=.])\s*(?:\{\s*(""" + _BASE + r")\s*\}|(" + _BASE + "))")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdbt])(?:\s*\{\s*(" + _BASE + r")\s*\}|\s+(" + _BASE + "))")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s?")
_ESCAPE = re.compile(r"\\([&%$#_{}\\ ,;!])")


def _accent(match: re.Match) -> str:
    base = match.group(2) or match.group(3)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _ACCENT_MARKS[match.group(1)])


def _command(match: re.Match) -> str:
    # Symbols become their character; formatting (\\textit, \\emph, ...) and unknown commands vanish
    # while their braced arguments stay.
    return _SYMBOLS.get(match.group(1), "")


def latex_to_text(value: str) -> str:
    """'{\\"U}ber {M}odels -- a {\\textit{study}}' -> 'Über Models – a study'."""
    text = value.replace("\\{", "\x00").replace("\\}", "\x01")
    text = _SYMBOL_ACCENT.sub(_accent, text)
    text = _LETTER_ACCENT.sub(_accent, text)
    text = _ESCAPE.sub(lambda m: " " if m.group(1) in " ,;!\\" else m.group(1), text)
    text = _COMMAND.sub(_command, text)
    text = text.replace("---", "—").replace("--", "–").replace("~", " ").replace("$", "")
    text = text.replace("{", "").replace("}", "").replace("\x00", "{").replace("\x01", "}")
    return " ".join(text.split())


def split_authors(value: str) -> list[str]:
    """Split a raw BibTeX name list on the word 'and' outside braces ('{Barnes and Noble}' stays whole)."""
    names, depth, start, i = [], 0, 0, 0
    lower = value.lower()
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif (
            depth == 0
            and ch.isspace()
            and lower.startswith("and", i + 1)
            and i + 4 < len(value)
            and value[i + 4].isspace()
        ):
            names.append(value[start:i])
            i += 4
            start = i
            continue
        i += 1
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]
