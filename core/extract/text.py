"""Sentences and paragraphs with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (plus closing quotes) followed by space and a capital, digit or
# quote; common abbreviations do not end one.
_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                     r"U\.S|U\.K|e\.g|i\.e|approx|vs|Gov|Sen|Rep)\.$")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of text[0] in the report
    paragraph: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def sub(self, start: int, end: int | None = None) -> Sentence:
        """The part [start:end] of this sentence, offsets kept."""
        end = len(self.text) if end is None else end
        return Sentence(self.text[start:end], self.start + start, self.paragraph)


def sentences(text: str) -> list[Sentence]:
    """Sentences in order. Paragraphs are separated by blank lines when the text has any
    (hard-wrapped text), else by line breaks (one paragraph per line, as most web copy)."""
    out: list[Sentence] = []
    para_re = r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*" if re.search(r"\n\s*\n", text) else r"[^\n]+"
    for p_index, para in enumerate(re.finditer(para_re, text)):
        block = para.group(0)
        base = para.start()
        begin = 0
        for end in _END.finditer(block):
            if _ABBREV.search(block[max(0, end.start() - 6): end.start() + 1]):
                continue
            _append(out, block, base, begin, end.start() + 1, p_index)
            begin = end.end()
        _append(out, block, base, begin, len(block), p_index)
    return out


def _append(out: list[Sentence], block: str, base: int, start: int, end: int, paragraph: int) -> None:
    piece = block[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(stripped, base + start + lead, paragraph))
