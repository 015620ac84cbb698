"""Sentences and paragraphs with character offsets into the original text.

Web pages come with chrome around the article: navigation, headlines of other stories
("Read more:", news-feed lists with times), photo captions and credits, cookie and
newsletter banners. A paragraph that looks like chrome marks its sentences ``chrome``;
the extractor does not read events from them (see ``is_chrome``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (plus closing quotes) followed by space and a capital, digit or
# quote; common abbreviations do not end one.
_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"U\.S|U\.K|e\.g|i\.e|approx|vs|Gov|Sen|Rep)\.$"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of text[0] in the report
    paragraph: int
    chrome: bool = False  # navigation, headline, caption or banner, not the article's prose

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def sub(self, start: int, end: int | None = None) -> Sentence:
        """The part [start:end] of this sentence, offsets kept."""
        end = len(self.text) if end is None else end
        return Sentence(self.text[start:end], self.start + start, self.paragraph, self.chrome)


# A line of prose ends a sentence; a headline, a menu item or a time does not. An ellipsis
# ends a teaser ("Drone attack on ... kills two…"), not an article's sentence.
_HEADLINE_WORDS = 25
# A line that is a label of the page, not the story ("Read more: ...", "Photo: AP").
_CHROME_LEAD = re.compile(
    r"^\s*(?:[-•*|>]\s*)?(?:read (?:more|also|next)|also read|related(?: (?:articles?|stories|news|content))?|"
    r"see also|more (?:on|from|news|stories)|most (?:read|popular|viewed|shared)|trending|top stories|"
    r"latest(?: news| stories| updates)?|news ?feed|recommended|editor'?s picks?|advertisement|sponsored|"
    r"subscribe|sign up|newsletter|follow us|share(?: this)?|photos?(?: by)?|images?(?: by)?|pictures?|video|"
    r"watch|listen|caption|credits?|illustration|file photo|photograph|pictured|copyright|©|tags?|topics?|"
    r"categories|skip to|menu|log ?in|sign in|search|home|more|next|previous|back to top|comments?|virin)"
    r"\b\s*(?:[:|»›>—–-]|$)",
    re.I,
)
_BANNER = re.compile(
    r"\b(?:cookies?|newsletters?|subscribe (?:to|for|now|here)|subscription (?:plan|offer)|"
    r"sign up (?:for|to) (?:our|the|free)|privacy (?:policy|notice|settings)|terms of (?:use|service)|"
    r"all rights reserved|javascript|ad ?blocker|log in to (?:comment|continue)|download (?:our|the) app|"
    r"please wait|no media source)\b|©",
    re.I,
)
# A photo credit ("Photo: ...", "AP Photo/...", "REUTERS/Name"); not a dateline ("/TASS/.", "(Reuters) -").
_CREDIT = re.compile(
    r"\b(?:photo|image|picture|video)s?(?: by| credit)?\s*:|\b(?:AP|AFP|EPA|Reuters|REUTERS|"
    r"Getty Images|Anadolu|TASS|RIA Novosti|Ukrinform)(?: Photo)?\s*/\s*[A-Z][a-z]+|"
    r"\b(?:AP|AFP|EPA) Photo\b|\bGetty Images\b",
    re.I,
)
# A time or date of a feed item: "14:32", "12 May, 14:32", "2 hours ago".
_CREDIT_FIRST = frozenset("PpIiVvAaEeRrGgTtUu([")  # how the credits _CREDIT knows begin
_STAMP = re.compile(r"\s*(?:\d{1,2}:\d{2}(?:\s|$)|\d+ (?:minutes?|hours?|mins?) ago\b)", re.I)
# A line of the story's fact box: what, where, when, how many.
_FACT = re.compile(
    r"^\s*[-•*|]?\s*(?:fatalities|deaths|killed|dead|injuries|injured|wounded|casualties|date|"
    r"location|target|weapons?|perpetrators?|attack type|type)\s*[:=]",
    re.I,
)
_MARKUP_HEADING = re.compile(r"^\s*(?:=+[^=]+=+|#+\s.*)\s*$")


_TRAILING_CITATIONS = re.compile(r"(?:\s*\[(?:\d{1,3}|[a-z]|citation needed)\])+\s*$")


def _ends_prose(line: str) -> bool:
    """A sentence end at the end of ``line`` (closing quotes, brackets and citation marks
    stepped over: "... were killed.[3]")."""
    if line.endswith("]"):
        line = _TRAILING_CITATIONS.sub("", line)
    body = line.rstrip("\"'”’»)] ")
    if len(body) < len(line.rstrip()) and line.rstrip()[-1] in '"”»':
        return True  # a closing quote ends a quoted sentence
    return bool(body) and body[-1] in ".!?:;" and not body.endswith("..")


# Cheap necessary conditions for the banner and credit patterns (most lines have none).
_BANNER_HINTS = (
    "cookie",
    "newsletter",
    "subscri",
    "sign up",
    "privacy",
    "terms of",
    "rights reserved",
    "javascript",
    "blocker",
    "log in",
    "download",
    "please wait",
    "media source",
    "©",
    "photo",
    "image",
    "picture",
    "video",
    "ap/",
    "afp",
    "epa",
    "reuters",
    "getty",
    "anadolu",
    "tass",
    "ria novosti",
    "ukrinform",
)


# The first words of the labels _CHROME_LEAD knows: the regex runs only after one of them.
_LEAD_WORDS = frozenset(
    {
        "read",
        "also",
        "related",
        "see",
        "more",
        "most",
        "trending",
        "top",
        "latest",
        "news",
        "newsfeed",
        "recommended",
        "editor's",
        "editors",
        "editor",
        "advertisement",
        "sponsored",
        "subscribe",
        "sign",
        "newsletter",
        "follow",
        "share",
        "photo",
        "photos",
        "image",
        "images",
        "picture",
        "pictures",
        "video",
        "watch",
        "listen",
        "caption",
        "credit",
        "credits",
        "illustration",
        "file",
        "photograph",
        "pictured",
        "copyright",
        "©",
        "tags",
        "tag",
        "topics",
        "topic",
        "categories",
        "skip",
        "menu",
        "log",
        "login",
        "search",
        "home",
        "next",
        "previous",
        "back",
        "comment",
        "comments",
        "virin",
    }
)


def _leads_chrome(line: str) -> bool:
    first = line.lstrip("-•*|> ").split(" ", 1)[0].lower().rstrip(":|»›>—–-")
    return first in _LEAD_WORDS and bool(_CHROME_LEAD.match(line))


def _ends_inside(line: str) -> bool:
    """A sentence ends inside ``line`` (not after "U.S." or an initial: "John F. Kirby")."""
    for end in _END.finditer(line):
        before = line[max(0, end.start() - 6) : end.start() + 1]
        if not _ABBREV.search(before) and not _INITIAL.search(before):
            return True
    return False


_INITIAL = re.compile(r"(?:^|[\s.])[A-Z]\.$")


def is_chrome(block: str) -> bool:
    """Whether a paragraph (a line of web copy) is page chrome, by its form alone: a
    heading or headline (few words, no sentence end), a page label, a banner, a credit."""
    return _is_chrome(" ".join(block.split()), block)


def _is_chrome(line: str, block: str) -> bool:
    """``is_chrome`` of ``block``, given as ``line`` with its white space made single spaces."""
    if not line or _FACT.match(line):
        return False
    words = line.count(" ") + 1
    if not _ends_prose(line) and words <= _HEADLINE_WORDS and not _ends_inside(line):
        return True  # a headline: no sentence end, not even inside (a cut-off last paragraph has one)
    if _leads_chrome(line) or (line[0] in "=#" and _MARKUP_HEADING.match(block)):
        return True
    if words <= 40:
        low = line.lower()
        if any(map(low.__contains__, _BANNER_HINTS)) and (_BANNER.search(line) or _CREDIT.search(line)):
            return True
    # A feed item: a short line that starts with its time ("14:32 ...", "2 hours ago ...").
    return words <= 12 and (":" in line[:6] or "ago" in line) and bool(_STAMP.match(line))


def is_headline(line: str) -> bool:
    """A headline: a short line with no sentence end that is no page label, banner or feed item."""
    line = " ".join(line.split())
    return (
        bool(line)
        and not _ends_prose(line)
        and line.count(" ") < _HEADLINE_WORDS
        and not _FACT.match(line)
        and not _leads_chrome(line)
        and not _BANNER.search(line)
        and not _STAMP.search(line)
    )


def is_fact(line: str) -> bool:
    """A line of the story's fact box ("Fatalities: 21")."""
    return bool(_FACT.match(line))


def is_fact_box(text: str) -> bool:
    """A block of two or more lines of a fact box ("Date: 15 May", "Fatalities: 2")."""
    return "\n" in text and sum(1 for line in text.split("\n") if _FACT.match(line)) >= 2


def _is_chrome_list(block: str) -> bool:
    """A block of several lines each of which is chrome on its own (a fact box, a list of
    headlines, a menu), unlike hard-wrapped prose, whose lines run on into the next one
    (the next line starts in lowercase, the block ends a sentence)."""
    if "\n" not in block:
        return False
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    if sum(1 for line in lines if _FACT.match(line)) >= 2:
        return False  # a fact box of the story ("Date: ...", "Fatalities: 21"), not chrome
    chrome = sum(1 for line in lines if is_chrome(line))
    runs_on = sum(1 for line in lines[1:] if line.lstrip()[:1].islower())
    return chrome >= 0.75 * len(lines) and runs_on <= 0.25 * (len(lines) - 1) and not _ends_prose(lines[-1])


_REPORTED = re.compile(r"\b(?:said|says|told|according|reported|reports|wrote|announced|stated|added)\b", re.I)
# A label alone on its line that opens a list of other stories.
_SECTION = re.compile(
    r"\s*(?:[-•*|>]\s*)?(?:read (?:more|also|next)|also read|related(?: (?:articles?|stories|news|"
    r"content|coverage))?|see also|more (?:on this|news|stories|from \w+)|most (?:read|popular|"
    r"viewed|shared)|latest(?: news| stories| updates)?|news ?feed|top stories|"
    r"recommended(?: for you)?|trending(?: now)?|you (?:may|might) also like|editor'?s picks?)"
    r"\s*[:»›>]?\s*",
    re.I,
)


def _is_caption(line: str) -> bool:
    return line.count(" ") < 40 and not _REPORTED.search(line) and not _ends_inside(line)


# A photo caption describes the picture in the present simple: "Firefighters work at the
# site of ...", "A woman walks past ...", "Residents are seen near ...". News prose reports
# in the past tense, so a one-sentence paragraph of this form is a caption.
_CAPTION_FORM = re.compile(
    r"^(?:[\w'’.-]+\s+){1,5}?(?:(?:is|are) (?:seen|pictured|shown)|works?|walks?|stands?|looks? (?:at|on|through)|"
    r"sits?|inspects?|clears?|carr(?:y|ies)|reacts?|gathers?|attends?|mourns?|passes|pass by|removes?|"
    r"search(?:es)? (?:for|through)|helps?|holds?|lays?|waits?|cries|cry|hugs?|embraces?|evacuates?|"
    r"extinguish(?:es)?|puts? out|rides?|prays?|sweeps?|examines?|observes?|checks?)\s",
    re.I,
)


def _chrome_flags(blocks: list[str]) -> list[bool]:
    """``is_chrome`` for each paragraph, and the context rules: a caption is the line
    before a credit line; after a section label ("Read more", "News feed") the short
    items that follow are that section's headlines, up to the next long paragraph."""
    lines = [" ".join(b.split()) for b in blocks]
    flags = [_is_chrome(line, b) or ("\n" in b and _is_chrome_list(b)) for line, b in zip(lines, blocks, strict=True)]
    for i, line in enumerate(lines):
        if not flags[i] and line.count(" ") < 40 and _CAPTION_FORM.match(line) and _is_caption(line.rstrip(".")):
            flags[i] = True
    in_section = False
    for i, line in enumerate(lines):
        if line.count(" ") < 6 and _SECTION.fullmatch(line):
            in_section = True
        elif in_section and ((_ends_prose(line) and line.count(" ") >= 12) or _FACT.match(line)):
            in_section = False  # the article again: a sentence of prose, the story's fact box
        if in_section:
            flags[i] = True
        if line[:1] in _CREDIT_FIRST and _CREDIT.match(line):
            # The caption the credit belongs to, above or below it: one short sentence
            # that reports nobody's words (the article's prose cites its sources).
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and _is_caption(lines[j]):
                    flags[j] = True
    # A line repeated word for word (a title shown twice, a caption repeated) is chrome.
    seen: set[str] = set()
    for i, key in enumerate(lines):
        if key in seen and len(key.split()) <= 40:
            flags[i] = True
        seen.add(key)
    return flags


def sentences(text: str) -> list[Sentence]:
    """Sentences in order. Paragraphs are separated by blank lines when the text has any
    (hard-wrapped text), else by line breaks (one paragraph per line, as most web copy)."""
    out: list[Sentence] = []
    para_re = r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*" if re.search(r"\n\s*\n", text) else r"[^\n]+"
    paras = list(re.finditer(para_re, text))
    flags = _chrome_flags([p.group(0) for p in paras])
    if all(flags):
        flags = [False] * len(flags)  # a report that is all headline ("Drone hits Kursk, two hurt") is its own body
    for p_index, para in enumerate(paras):
        block = para.group(0)
        base = para.start()
        begin = 0
        chrome = flags[p_index]
        for end in _END.finditer(block):
            if _ABBREV.search(block[max(0, end.start() - 6) : end.start() + 1]):
                continue
            _append(out, block, base, begin, end.start() + 1, p_index, chrome)
            begin = end.end()
        _append(out, block, base, begin, len(block), p_index, chrome)
    return out


def _append(
    out: list[Sentence], block: str, base: int, start: int, end: int, paragraph: int, chrome: bool = False
) -> None:
    piece = block[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(stripped, base + start + lead, paragraph, chrome))
