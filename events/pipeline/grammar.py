"""The language-specific patterns of the assembler and the taggers, read from
`lexicons/grammar.tsv` (data, not code): one regular expression per name and language, applied to
folded text.

`grammar(lang)` gives a language's patterns; a name without a row for the language uses the row
of its base language (`fa-AF` → `fa`), then the `*` row (every language); a language with no
rows at all reads as Persian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import LEXICONS, rows

NEVER = "(?!)"  # the pattern of a name a language has no row for: it never matches


@dataclass(frozen=True, slots=True)
class Grammar:
    lang: str
    patterns: dict[str, re.Pattern[str]]

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.patterns[name]

    def enabled(self, name: str) -> bool:
        """Whether the language has a row for `name` (a switch such as `story-carries-place`)."""
        return self.patterns[name].pattern != NEVER


def base_language(lang: str) -> str:
    """`fa-AF` → `fa`, `ar-SY` → `ar`, `EN` → `en`."""
    return lang.split("-")[0].lower()


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], str]:
    return {(r["name"], r["lang"]): r["pattern"] for r in rows(LEXICONS / "grammar.tsv")}


@lru_cache(maxsize=16)
def grammar(lang: str) -> Grammar:
    """The patterns for texts in `lang` (compiled once per language)."""
    table = _table()
    names = {name for name, _ in table}
    languages = {code for _, code in table}
    base = base_language(lang) if base_language(lang) in languages else "fa"
    order = (lang, base, "*")
    patterns = {}
    for name in sorted(names):
        pattern = next((table[(name, code)] for code in order if (name, code) in table), NEVER)
        patterns[name] = re.compile(pattern)
    return Grammar(lang, patterns)


__all__ = ["Grammar", "base_language", "grammar"]
