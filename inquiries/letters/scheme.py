"""The numbering scheme: which marker style is the question list (the outermost style whose items
ask; a style that restarts after each item of another is nested in it), and whether the text
between the questions reads as answers (a reply) or not."""

from __future__ import annotations

from dataclasses import replace

from .blocks import Block
from .markers import first_value
from .sentences import announces_answers, is_asking, is_intro, is_request


def style_of(block: Block) -> str:
    return block.marker.style


def choose_style(blocks: list[Block]) -> str | None:
    """The marker style of the question list (see the module docstring), or None."""
    items = [block for block in blocks if block.marker is not None and block.section == ""]
    if not items:
        return None
    stats: dict[str, dict] = {}
    for position, block in enumerate(items):
        style = style_of(block)
        entry = stats.setdefault(style, {"count": 0, "asks": 0, "first": position, "long": 0})
        entry["count"] += 1
        text = block.text()
        if is_asking(text) or is_request(text):
            entry["asks"] += 1
        if len(text) >= 25:
            entry["long"] += 1
    candidates = [style for style, entry in stats.items() if entry["asks"] and style != "bullet"]
    if not candidates:
        if "bullet" in stats and stats["bullet"]["asks"] >= 2:
            return "bullet"
        # requests as a numbered list without question marks ("1. … darzustellen,")
        long_lists = [s for s, e in stats.items() if s != "bullet" and e["long"] >= 2 and e["count"] >= 2]
        if long_lists:
            return min(long_lists, key=lambda s: stats[s]["first"])
        return None
    # A style nested in another (restarting after that one's items, or dotted under its numbers)
    # is not the question list when the outer one asks or heads a question of its own.
    outer = {}
    for style in candidates:
        outer[style] = _nested_in(items, style, [s for s in stats if s != style and s != "bullet"])
    top = [style for style in candidates if not (outer[style] & set(candidates))]
    if not top:
        top = candidates
    chosen = max(top, key=lambda s: (stats[s]["asks"], -stats[s]["first"]))
    if chosen.startswith("dot") and "dec" in stats and _dotted_under_dec(items, chosen):
        # "1. Finanzen" / "1.1 Wie viel?" / "2. Personal" / "2.1 Wer?": the headings are the
        # questions' parents even where they ask nothing themselves
        return "dec"
    return chosen


def carry_on_dotted(blocks: list[Block]) -> None:
    """ "1.1 …?" / "1.2 …?" / "2. …?" / "3. …?": where no "1." heads the dotted items, plain numbers
    that carry on their first numbers are items of the same list (given the dotted style)."""
    items = [block for block in blocks if block.marker is not None]
    if any(block.marker.style == "dec" and block.marker.value == 1 for block in items):
        return
    last_top, dotted = None, ""
    for block in items:
        marker = block.marker
        if marker.style.startswith("dot"):
            last_top, dotted = int(marker.number.split(".", 1)[0]), marker.style
        elif marker.style == "dec" and last_top is not None and marker.value == last_top + 1:
            block.marker = replace(marker, style=dotted, value=1)
            last_top = marker.value


def _dotted_under_dec(items: list[Block], style: str) -> bool:
    """Does every "1.2"-style item follow the "1." item its number starts with?"""
    seen: set[str] = set()
    for block in items:
        marker = block.marker
        if marker.style == "dec":
            seen.add(marker.number)
        elif marker.style == style and marker.number.split(".", 1)[0] not in seen:
            return False
    return bool(seen)


def _nested_in(items: list[Block], style: str, others: list[str]) -> set[str]:
    """The styles `style` restarts after (its first value following one of their items)."""
    found = set()
    last_other: str | None = None
    seen_first = False
    for block in items:
        item_style = style_of(block)
        if item_style == style:
            marker = block.marker
            is_first = marker.value == first_value(style) or (style.startswith("dot") and marker.value == 1)
            if last_other is not None and (is_first or not seen_first):
                if style.startswith("dot") and last_other == "dec":
                    found.add("dec")
                elif is_first:
                    found.add(last_other)
            seen_first = True
            last_other = None
        elif item_style in others:
            last_other = item_style
    return found


def alternating(blocks: list[Block]) -> bool:
    """Unnumbered questions (or requests) each followed by a paragraph that asks nothing: a
    reply such as a parliament's written answers."""
    pairs = questions = 0
    pending = False
    for block in blocks:
        text = block.text()
        if block.section or block.answer_label is not None:
            continue
        if text.rstrip().endswith("?") or is_request(text):
            questions += 1
            pending = True
        elif pending and len(text) >= 20:
            pairs += 1
            pending = False
    return pairs >= 2 and pairs >= questions - 1


def is_section_heading(block: Block, following: Block | None, top: str | None) -> bool:
    marker = block.marker
    if marker is None or following is None or following.marker is None or top is None:
        return False
    if marker.style == top or marker.style == "bullet" or block.asks:
        return False
    text = block.text()
    if len(text) > 80 or text.endswith((".", ",", ":")) and len(text) > 40:
        return False
    next_marker = following.marker
    return next_marker.style == top and next_marker.value == first_value(top)


def answers_between(blocks: list[Block], top: str, *, every: bool = False) -> bool:
    """Unlabelled answers: most questions (`every`: each of them, the last one too) are followed
    by paragraphs that do not ask anything."""
    gaps = answered = 0
    seen_item = False
    pending = False
    for block in blocks:
        if block.marker is not None and style_of(block) == top:
            if seen_item:
                gaps += 1
                answered += pending
            seen_item = True
            pending = False
        elif seen_item and block.marker is None and block.section == "" and not block.asks:
            text = block.text()
            if len(text) >= 20 and not is_intro(text):
                pending = True
    if every:
        return gaps >= 2 and answered == gaps and pending
    # two questions: each followed by paragraphs that do not ask
    return gaps >= 2 and answered * 2 >= gaps or gaps == answered == 1 and pending


def next_in_style(number: str | None, marker) -> bool:
    from .markers import parse_marker

    last = parse_marker(f"{number}) x") if number else None
    return last is not None and last.style == marker.style and marker.value == last.value + 1


def next_letter(number: str | None, following: str | None) -> bool:
    """ "I" after "H": the next letter of a lettered list, not a roman one."""
    return bool(
        number
        and following
        and len(number) == 1
        and len(following) == 1
        and ord(following.upper()) == ord(number.upper()) + 1
    )


def before_intro(blocks: list[Block], position: int, top: str | None) -> bool:
    block = blocks[position]
    if block.marker is None or style_of(block) != top or block.asks:
        return False
    for later in blocks[position + 1 :]:
        if later.marker is not None and style_of(later) == top and later.asks:
            return False
        if later.marker is None and is_intro(later.text()):
            return True
    return False


def unmark_wording(blocks: list[Block]) -> list[Block]:
    """A reply that quotes the inquiry's wording first ("Wortlaut der Kleinen Anfrage: … 1. …?
    2. …?"), then announces the answers ("… beantwortet die Kleine Anfrage wie folgt:") and repeats
    each question before its answer: the quoted list is not the questions but part of the
    preamble, so that each question stands once. Only when every item of the quoted list that asks
    stands again after the announcement."""
    announcement = next(
        (
            position
            for position, block in enumerate(blocks)
            if block.marker is None
            and block.answer_label is None
            and block.question_label is None
            and sum(len(line) for line in block.lines) <= 300  # one sentence (and no 2 MB paragraph joined)
            and announces_answers(block.text())
        ),
        None,
    )
    if announcement is None:
        return blocks
    quoted = [block for block in blocks[:announcement] if block.marker is not None and block.asks]
    repeated = [
        _plain(block.text())
        for block in blocks[announcement + 1 :]
        if block.marker is not None or block.question_label is not None
    ]
    if not quoted or not all(
        any(text.startswith(_plain(block.text())) for text in repeated) for block in quoted
    ):
        return blocks
    for block in blocks[:announcement]:
        if block.marker is not None:
            block.lines[0] = f"{block.marker.raw} {block.lines[0]}".strip()
            block.marker = None
    return blocks


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()
