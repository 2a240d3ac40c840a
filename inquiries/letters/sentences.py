"""What a sentence or paragraph of a letter does: asks (a question mark), requests ("Bitte teilen
Sie mit …", "To ask the Secretary of State …"), leads in to the questions ("… folgende Fragen:"),
asks for the answer ("Wir bitten um Beantwortung …"), follows up a question ("Wenn ja, …?"); and
how a paragraph is cut into questions."""

from __future__ import annotations

import re

from .fields import INTRO_RE

_FOLLOW_UP_RE = re.compile(
    r"^(?:Wenn|Falls|Sofern|Soweit|Und\s+wenn|Wenn\s+nicht|Wenn\s+ja|Wenn\s+nein|If\s+so|If\s+not|Und|Oder|Bzw\.|Ggf\.|Gegebenenfalls|Wie|Warum|Wieso|Weshalb|Welche|Was)\b[^?]{0,80}\?$"
)


FOLLOW_UP_START_RE = re.compile(
    r"^(?:Wenn|Falls|Sofern|Soweit|If\s+so|If\s+not|Und\s+wenn|Wenn\s+ja|Wenn\s+nein)\b"
)


_REQUEST_RE = re.compile(
    r"^(?:Bitte\s+(?:teilen|stellen|legen|nennen|erläutern|geben|listen|schlüsseln|berichten|informieren|beziffern|erklären|begründen)"
    # "Ich bitte Sie daher um Auskunft, …", "Ich bitte um eine Auflistung der …"
    r"|(?:Wir|Ich)\s+bitten?\s+(?:Sie\s+)?(?:daher\s+|deshalb\s+|hiermit\s+)?(?:die\s+Verwaltung\s+)?"
    r"(?:um\s+(?:(?:eine|die)\s+)?(?:Auskunft|Mitteilung|Darstellung|Erläuterung|Information|einen\s+Bericht|Angabe|Aufstellung|Auflistung|Übersicht)"
    r"|(?:Sie\s+)?(?:darum,\s+)?(?:mitzuteilen|darzustellen|zu\s+berichten|zu\s+erläutern))"
    r"|Die\s+Verwaltung\s+(?:wird\s+gebeten|möge)"
    # "Die Fraktion Bündnis 90/ DIE GRÜNEN bittet die Verwaltung um eine aktuelle Darstellung …"
    r"|Die\s+(?:Fraktion|Gruppe)\b[^.?!:]{0,60}?\s+bittet\s+(?:die\s+Verwaltung|den\s+(?:Ober)?[Bb]ürgermeister)\s+um\s+"
    r"(?:(?:eine|einen|die|den)\s+)?(?:\w+\s+)?(?:Auskunft|Mitteilung|Darstellung|Bericht|Aufstellung|Übersicht|Stellungnahme)"
    r"|Der\s+(?:Bürgermeister|Oberbürgermeister|Landrat|Senat|Magistrat)\s+(?:wird\s+gebeten|möge)"
    r"|Es\s+wird\s+um\s+(?:Auskunft|Mitteilung|Darstellung)"
    r"|(?:§\s*)?(?:(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+[A-Z][\w'-]+?)?\s*To\s+ask\b|I\s+(?:would\s+like\s+to\s+ask|ask)\b|Please\s+(?:provide|set\s+out|list|state|explain|confirm|give)\b"
    r"|(?:The\s+)?(?:Council|Cabinet\s+Member|Minister|Secretary\s+of\s+State)\s+is\s+asked)",
    re.IGNORECASE,
)


ANSWER_REQUEST_RE = re.compile(
    r"\b(?:beantwort|antwort|stellungnahme|bitten|bitte|erbitten|auskunft|reply|answer)", re.IGNORECASE
)


# A paragraph whose first sentence is a statement of some length (ends with "." before any "?").
STATES_FIRST_RE = re.compile(r"^[A-ZÄÖÜ][^?.!]{30,}\.(?:\s|$)")


def is_asking(text: str) -> bool:
    return "?" in text


# "Wir bitten Sie deshalb uns mitzuteilen, ob …", "Die Fraktion bittet die Ortsverwaltung prüfen zu
# lassen, welche …": a request for information in the middle of a sentence
_REQUEST_INSIDE_RE = re.compile(
    # (no word boundary before "bittet": text from a PDF may glue it to the word before)
    r"(?:bitten?|bittet|\bersuchen|\bersucht)\b[^.?!:]{0,80}?(?:mitzuteilen|darzustellen|darzulegen|zu\s*prüfen|prüfen\s*zu\s*lassen"
    r"|zu\s*berichten|zu\s*erläutern|aufzulisten|zu\s*beziffern|Auskunft\s+(?:darüber|zu|über))",
    re.IGNORECASE,
)


def is_request(text: str) -> bool:
    if _REQUEST_RE.match(text):
        return True
    text = text.rstrip()
    return len(text) <= 500 and not text.endswith(":") and bool(_REQUEST_INSIDE_RE.search(text))


def is_intro(text: str) -> bool:
    text = text.rstrip()
    return text.endswith((":", ",")) and bool(INTRO_RE.search(text[-200:]))


_FIRST_ITEM_RE = re.compile(r"^(?:1|a|I)[.)]\s")


def through_intro(lines: list[str]) -> list[str]:
    """The lines up to the first one that leads in to the questions ("Wir fragen die
    Landesregierung:"), that one included, or up to the first item of a list ("1. Wie …?"): what
    follows is the body, never head lines."""
    for i, line in enumerate(lines):
        if is_intro(line):
            return lines[: i + 1]
        if _FIRST_ITEM_RE.match(line):
            return lines[:i]
    return lines


_ANSWER_REQUEST_SENTENCE_RE = re.compile(
    r"\b(?:bitten?|erbitten|ersuchen)\b[^.?!]{0,120}\b(?:Beantwortung|Antwort|beantworten|Stellungnahme)",
    re.IGNORECASE,
)


# A sentence of the letter's own request asks for something ("Wir bitten um Beantwortung …"); one
# that only mentions an answer ("… ist innerhalb der Dreiwochenfrist eine Zwischennachricht zu
# erteilen") quotes a rule.
REQUEST_WORD_RE = re.compile(
    r"\b(?:bitten?|bittet|erbitten|ersuchen|ersucht|möge|mögen|please|request|erwarten|gewünscht)\b"
    r"|\bum\s+(?:\w+\s+){0,3}(?:Beantwortung|Antwort|Stellungnahme)|\b(?:Beantwortung|Antwort)\s+(?:bis|vor|innerhalb|binnen|spätestens)\b",
    re.IGNORECASE,
)


def is_answer_request(text: str) -> bool:
    """ "Wir bitten um Beantwortung bis zur nächsten Sitzung." (short, asks for the answer)"""
    return len(text) < 300 and bool(_ANSWER_REQUEST_SENTENCE_RE.search(text))


_ADDITIVE_RE = re.compile(
    r"^(?:Darüber\s+hinaus|Außerdem|Zudem|Ferner|Weiterhin|Des\s+Weiteren|Zusätzlich|Additionally"
    r"|In\s+addition|Furthermore|Moreover)\b",
    re.IGNORECASE,
)


def adds_to_request(request: str, intro: str) -> bool:
    """A lead-in that adds the questions to something ("Darüber hinaus bitten wir um die
    Beantwortung folgender Fragen:") after a paragraph that requests it (a report, a statement):
    that request is the first thing asked."""
    return (
        bool(_ADDITIVE_RE.match(intro))
        and is_intro(intro)
        and len(request) <= 500
        and not is_intro(request)
        and not is_answer_request(request)
        and bool(REQUEST_WORD_RE.search(request) or is_request(request))
    )


def flat(text: str) -> str:
    return " ".join(text.split())


_SENTENCE_RE = re.compile(r"(?<=[^\d\s][.!?:])\s+(?=[A-ZÄÖÜ])|\n+")


def split_sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_RE.split(text) if part.strip()]


# "… Tischtennisplatten? (Bitte auflisten)": a remark in brackets after the question mark
_QUESTION_END_RE = re.compile(r"\?[\s\"“”»«'’)]*(?:\([^()?]{1,60}\)[\s.]*)?$")


def ends_question(line: str) -> bool:
    return line.rstrip(" )\"“”»«'’").endswith("?") or (
        line.endswith(")") and bool(_QUESTION_END_RE.search(line))
    )


# "Die Kleine Anfrage wird wie folgt beantwortet:", "… beantworte ich wie folgt:", "… nimmt die
# Verwaltung wie folgt Stellung:": the document is the reply
_ANSWERS_FOLLOW_RE = re.compile(
    r"\b(?:beantwort\w*|Stellung)\b[^.?!]{0,60}\b(?:wie\s+folgt|folgendermaßen|nachstehend)\b"
    r"|\b(?:wie\s+folgt|folgendermaßen|nachstehend)\b[^.?!]{0,60}\b(?:beantwort\w*|Stellung)\b"
    # "Die Justizministerin hat namens der Landesregierung die Kleine Anfrage mit Schreiben vom …
    # beantwortet.": the note over a Landtag's answer paper
    r"|\bnamens\s+(?:der|des)\s+[\w-]+\b[^.?!]{0,80}\b(?:Anfrage|Fragen)\b(?:[^.?!]|(?<=\d)\.){0,80}\bbeantwortet\b"
    # an administration's letter: "zu Ihrer Ratsanfrage teile ich Ihnen im Auftrag des
    # Oberbürgermeisters Folgendes mit:", "Zu Ihrer Anfrage vom 3. Mai teilen wir Ihnen mit:"
    r"|^zu\s+Ihrer\s+(?:Rats|Kleinen\s+|schriftlichen\s+)?Anfrage\b"
    r"|\bteilen?\s+(?:ich|wir)\s+Ihnen\b[^.?!]{0,80}\bFolgendes\s+mit\s*:",
    re.IGNORECASE,
)
# "These are the questions I asked at the November meeting, and the answers received."
_ANSWERS_GIVEN_RE = re.compile(
    r"\bquestions\b[^.?!]{0,150}\b(?:and|with)\s+the\s+(?:answers|replies)\s+(?:received|given)\b",
    re.IGNORECASE,
)
_PLEA_RE = re.compile(r"\b(?:bitte|bitten|bittet|erbitten|um\s+Beantwortung)\b", re.IGNORECASE)


def announces_answers(line: str) -> bool:
    """Does the line say that answers follow (not ask for them)?"""
    return (
        len(line) <= 300
        and bool(_ANSWERS_FOLLOW_RE.search(line) or _ANSWERS_GIVEN_RE.search(line))
        and not _PLEA_RE.search(line)
    )


# A sentence in question word order: an interrogative, or the finite verb first.
INTERROGATIVE_START_RE = re.compile(
    r"^(?:Wer|Wie|Was|Wann|Wo|Wohin|Woher|Warum|Weshalb|Wieso|Welche[rsmn]?|Wieviele?|Inwiefern|Inwieweit"
    r"|Werden|Wird|Ist|Sind|Gibt|Gab|Kann|Können|Hat|Haben|Hält|Sieht|Teilt|Plant|Beabsichtigt|Liegt|Liegen)\s"
)


_UNIT_RE = re.compile(r"(?<=\?)[\s\"“”»«)]*\s+(?=[A-ZÄÖÜ(„\"])")


def question_units(text: str) -> list[str]:
    """A paragraph cut after each "?"; follow-ups ("Wenn ja, …?") stay with their question."""
    pieces = [piece.strip() for piece in _UNIT_RE.split(text) if piece.strip()]
    units: list[str] = []
    for piece in pieces:
        if units and is_asking(units[-1]) and FOLLOW_UP_START_RE.match(piece):
            units[-1] = f"{units[-1]} {piece}"
        else:
            units.append(piece)
    return units


# (two letters before the full stop: "der o. a. Beschlussvorschlag" is one sentence)
_LAST_SENTENCE_RE = re.compile(r"(?<=[a-zäöüß0-9)“\"][a-zäöüß0-9)“\"][.!])\s+(?=[A-ZÄÖÜ])")


def statement_before_question(unit: str) -> tuple[str, str]:
    """ "Seit … gesperrt. Wie lange …?" → ("Seit … gesperrt.", "Wie lange …?")"""
    cuts = list(_LAST_SENTENCE_RE.finditer(unit))
    if not cuts:
        return "", unit
    cut = cuts[-1]
    return unit[: cut.start()].strip(), unit[cut.end() :].strip()


def after_intro(units: list[str]) -> tuple[str, list[str]]:
    """Split off what comes up to the intro in a paragraph that asks after its intro ("Ich frage
    die Verwaltung: Wie …?"): (the text up to the colon, the questions)."""
    if not units:
        return "", units
    first = units[0]
    colon = first.rfind(": ")
    if colon > 0 and INTRO_RE.search(first[:colon]):
        return first[: colon + 1], [first[colon + 2 :], *units[1:]]
    return "", units
