"""The letter's foot: the closing formula, the signatories (names side by side, roles, faction
lines, "unterzeichnet von:" blocks), an e-mail address and a place-and-date line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiries.deadlines.dates import iso_date

from .base import Person
from .blocks import Block
from .fields import (
    CLOSING_RE,
    CONTACT_RE,
    DATE_LINE_RE,
    FOR_ORG_RE,
    ROLE_WORDS_RE,
    SIGNATURE_SKIP_RE,
    is_name,
    split_address,
)

_SIGNED_BY_RE = re.compile(
    r"^(?:unterzeichnet\s+von|Unterzeichner(?:innen)?|gezeichnet|gez\.|signed|eingereicht\s+(?:durch|von))\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SENDER_GROUP_RE = re.compile(
    r"^(?:Fraktion|Gruppe|Ratsfraktion|Kreistagsfraktion|Stadtratsfraktion)\b|fraktion\b", re.IGNORECASE
)


_MEMBERS_OF_RE = re.compile(
    r"^(?:und|sowie)\s+(?:die\s+)?(?:übrigen\s+|weiteren\s+|anderen\s+)?Mitglieder\s+(?:der|des)\s+(?P<org>.{2,80})$"
)


@dataclass
class Foot:
    closing: str = ""
    persons: list[Person] = field(default_factory=list)
    email: str = ""
    date: str = ""
    by_inquirer: bool = False  # signed under the inquiry's questions, above the reply's answers


def _columns(line: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s{2,}|\t", line.strip()) if part.strip()]


def split_names(line: str) -> list[str]:
    """Several names on one line: "A B, C D" or side by side without separators as a column
    layout flattens them ("Ralf Köster Martin Pötzsche Dr. Heike Puzicha-Martz"); [] otherwise."""
    parts = [part.strip() for part in re.split(r",|\s+und\s+", line)]
    if len(parts) > 1 and all(is_name(part) and not ROLE_WORDS_RE.search(part) for part in parts):
        return parts
    tokens = line.split()
    if (
        len(tokens) < 4
        or ROLE_WORDS_RE.search(line)
        or not all(token[0].isupper() or token in ("von", "van", "de", "zu", "der") for token in tokens)
    ):
        return []
    names: list[str] = []
    current: list[str] = []
    for token in tokens:
        current.append(token)
        given = [t for t in current if t not in ("Dr.", "Prof.", "von", "van", "de", "zu", "der")]
        if len(given) == 2 and token not in ("von", "van", "de", "zu", "der"):
            names.append(" ".join(current))
            current = []
    if current or len(names) < 2:
        return []
    return names


def read_signature(lines: list[str], start: int, end: int, *, closing_line: bool) -> Foot:
    """The closing formula (if `closing_line`, at lines[start]) and the people who sign below it:
    "Mit freundlichen Grüßen / Für die CDU-Fraktion / gez. Markus Klein / Fraktionsvorsitzender";
    several people side by side ("Stefan Hüsgen      Claudia Roth-Weber") or below each other."""
    foot = Foot()
    following: list[str] = []
    if closing_line:
        match = CLOSING_RE.match(lines[start])
        foot.closing = match["closing"].strip()
        rest = match["rest"].strip(" ,")
        if rest:
            following.append(rest)
        start += 1
    following.extend(lines[start : min(end, start + 30)])
    org = ""
    persons: list[Person] = []
    roles: list[list[str]] = []
    state = "before"
    stacked = False
    blanks = 0
    for at, raw in enumerate(following):
        if not raw:
            blanks += 1
            if state == "roles" and blanks >= 2:
                break
            continue
        if "@" in raw and not foot.email:
            foot.email = split_address(raw)[1]
        signed = _SIGNED_BY_RE.match(raw.strip())
        if signed and state != "list":
            state = "list"  # "unterzeichnet von:", "gez. A", "eingereicht durch …": a list of signers
            raw = signed["rest"]
            if not raw:
                continue
        columns = []
        for column in _columns(raw):
            skip = SIGNATURE_SKIP_RE.match(column)
            if skip:
                column = skip["rest"].strip()
            if column:
                columns.append(column)
        if not columns:
            continue
        line = columns[0]
        if CONTACT_RE.search(line) or DATE_LINE_RE.match(line):
            if DATE_LINE_RE.match(line) and not foot.date:
                foot.date = iso_date(line)
            if state == "roles":
                break
            continue
        signed = _SIGNED_BY_RE.match(line)
        if signed:
            state = "list"
            if signed["rest"]:
                columns = [signed["rest"]]
            else:
                continue
        if state == "list":
            if line.endswith(":"):
                break  # the form's next label ("Sachverhalt / Begründung:") ends the signers
            if (
                persons
                and re.match(r"^(?:und|sowie)\s+(?:die|der|das)\s+", line)
                and _SENDER_GROUP_RE.search(line)
            ):
                continue  # "Ralf Köster" / "und die B‘90/DIE GRÜNEN-OR-Fraktion": the group signs too
            if _SENDER_GROUP_RE.search(columns[0]) and not persons:
                persons.append(Person(columns[0]))  # "eingereicht durch Fraktion CDU, …"
                continue
            names = [name for column in columns for name in split_names(column)]
            if names:
                persons.extend(Person(name) for name in names)
                blanks = 0
                continue
            name, _sep, role = columns[0].partition(",")
            bare = _DEGREES_RE.sub("", name).strip()  # "Dr. E. h. Fritz Brickwedde"
            if is_name(bare) or len(bare.split()) in (2, 3):
                persons.append(Person(name.strip(), role.strip()))
                blanks = 0
                continue
            if persons and ROLE_WORDS_RE.search(line) and len(line) <= 80 and not persons[-1].role:
                persons[-1].role = line.strip("()")  # "Rolf Klipfel" / "(Fraktionsvorsitzender)"
                continue
            break
        for_org = FOR_ORG_RE.match(line)
        if for_org and state == "before":
            org = for_org["org"].strip()
            continue
        names = [column for column in columns if is_name(column) and not ROLE_WORDS_RE.search(column)]
        if state == "before" and not names and len(columns) == 1:
            names = split_names(line)  # "Gilbert Collé, Aleksander Dzembritzki"
            columns = names or columns
        elif (
            state == "before"
            and names == columns == [line]
            and _roles_side_by_side(line, following[at + 1 :])
        ):
            names = columns = split_names(line)
        if state != "list" and persons and (members := _MEMBERS_OF_RE.match(line)):
            org = members["org"].strip()  # "sowie die übrigen Mitglieder der SPD-Fraktion"
            continue
        if state == "before":
            if names and len(names) == len(columns):
                persons.extend(Person(name) for name in names)
                roles = [[] for _ in names]
                state = "roles"
                blanks = 0
                continue
            named = _name_with_role(line) if len(columns) == 1 else None
            if named is not None:
                # "Hans Probe, Fraktionsvorsitzender", "Hans Probe (Fraktionsvorsitzender)"
                persons.append(Person(named[0]))
                roles = [[named[1]]]
                state = "roles"
                blanks = 0
                continue
            if not org and ROLE_WORDS_RE.search(line) and len(columns) == 1:
                org = line
                continue
            break
        if state == "roles":
            if names and len(names) == len(columns) and blanks:
                break  # another signatory below: stop
            if for_org and len(columns) == 1:
                org = for_org["org"].strip()  # "Marcus Müller   Dagmar Rams" / "Für die CDU-Fraktion"
                continue
            if len(columns) == 1 and names and roles[-1] and len(persons) == len(roles):
                # "Friedhelm Prior" / "Fraktionsvorsitzender" / "Dr. Thomas Bruns" / "Sprecher …":
                # signatories one below the other, each with their roles
                persons.append(Person(names[0]))
                roles.append([])
                stacked = True
                continue
            target = roles[-1] if stacked else roles[0]
            if len(columns) == 1 and len(roles) > 1 and not stacked and not any(roles):
                # "Rolf Zeeb Günther Willmann" / "Fraktionsvorsitzender Stv. Fraktionsvorsitzender":
                # side by side with single spaces, the roles are one line too
                columns = _split_roles(line, len(roles)) or columns
            if len(columns) == len(roles) and len(roles) > 1 and not stacked:
                for index, column in enumerate(columns):
                    roles[index].append(column.strip("()"))
            elif target and line[0].islower() and len(columns) == 1:
                target[-1] = (
                    f"{target[-1]} {line}"  # "Sprecher der CDU-Kreistagsfraktion" / "für Klimaschutz …"
                )
            elif len(target) < 2:
                target.append(line.strip("()"))
            else:
                break
            blanks = 0
    if len(roles) > 1 and not stacked and roles[0] and not any(roles[1:]) and _names_a_group(roles[0][0]):
        # "Ekkehart Wersich      Petra Wilske" / "Fraktionsvorsitzende im Kerngebietsausschuss":
        # one line in the plural under signatories side by side is the role of each
        roles = [list(roles[0]) for _ in roles]
    for person, person_roles in zip(persons, roles, strict=False):
        person.role = ", ".join(person_roles)
    if org:
        for person in persons:
            if org not in person.role:
                person.group = org
    foot.persons = persons
    return foot


def _roles_side_by_side(line: str, below: list[str]) -> bool:
    """ "Rolf Zeeb Günther Willmann" is two people when the line below holds as many roles."""
    names = split_names(line)
    following = next((row.strip() for row in below if row.strip()), "")
    return len(names) > 1 and len(_split_roles(following, len(names))) == len(names)


_ABBREVIATION_RE = re.compile(r"^[\w-]{1,6}\.$")


def _split_roles(line: str, count: int) -> list[str]:
    """The one way to cut a line into `count` roles that each name a function and none of which
    ends on an abbreviation ("Stv." belongs to the role after it); [] when there is no such way or
    more than one."""
    tokens = line.split()
    found: list[list[str]] = []

    def cut(start: int, left: int, parts: list[str]) -> None:
        if len(found) > 1:
            return
        if left == 1:
            part = tokens[start:]
            if part and ROLE_WORDS_RE.search(" ".join(part)) and not _ABBREVIATION_RE.match(part[-1]):
                found.append([*parts, " ".join(part)])
            return
        for end in range(start + 1, len(tokens) - left + 2):
            part = tokens[start:end]
            if ROLE_WORDS_RE.search(" ".join(part)) and not _ABBREVIATION_RE.match(part[-1]):
                cut(end, left - 1, [*parts, " ".join(part)])

    if count <= len(tokens) <= 12:
        cut(0, count, [])
    return found[0] if len(found) == 1 else []


_GROUP_THEN_NAME_RE = re.compile(
    r"^(?P<group>Fraktion\s+(?:der\s+|des\s+)?[\w/.-]+(?:\s+[\w/.-]+)?)\s+(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)$"
)


_SURNAME_RE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{3,}(?:-[A-ZÄÖÜ][a-zäöüß]{2,})?$")
_NOT_SURNAMES = frozenset("keine nein danke anlagen anhänge ende anlage begründung".split())


_NAME_WITH_ROLE_RE = re.compile(
    r"^(?P<name>[^,()]{4,60}?)\s*(?:,\s*(?P<role>[^,()]{3,80})|\((?P<role2>[^()]{3,80})\))$"
)


def _name_with_role(line: str) -> tuple[str, str] | None:
    match = _NAME_WITH_ROLE_RE.match(line)
    if match is None or not is_name(match["name"]):
        return None
    role = (match["role"] or match["role2"]).strip()
    return (match["name"], role) if ROLE_WORDS_RE.search(role) else None


def trailing_signature(blocks: list[Block]) -> tuple[list[Block], Foot]:
    """A letter without a closing formula may still end with a signature: a name on a line of
    its own, then roles ("Marcel Guderjahn / Stellv. Fraktionsvorsitzender / Fraktion …"), run
    into the last paragraph or below it, and a bare date above it ("05.09.2018" / "Tom Oelrichs")."""
    foot = _signature_in_last_block(blocks)
    if foot is not None:
        return blocks, foot
    for position in range(max(0, len(blocks) - 4), len(blocks)):
        persons = _signature_from(blocks, position)
        if persons:
            foot = Foot(persons=persons)
            before = blocks[position - 1] if position else None
            dated = [line for line in before.lines if line] if before is not None else []
            if len(dated) == 1 and before.marker is None and DATE_LINE_RE.match(dated[0]):
                foot.date = iso_date(dated[0])  # the date the text was signed, not an answer's text
                position -= 1
            return blocks[:position], foot
    return blocks, Foot()


def signature_before_answers(blocks: list[Block]) -> tuple[list[Block], Foot]:
    """A reply that prints the inquiry signed, then the answers: "Frage 4: …?" / "Danny
    Freymark" / "Antwort zu Frage 1 und 3: …". The name between the last question and the first
    answer is who asked, not part of an answer."""
    for position, block in enumerate(blocks[1:-1], 1):
        if block.answer_label is not None:
            break
        lines = [line for line in block.lines if line]
        if (
            len(lines) == 1
            and block.marker is None
            and block.question_label is None
            and not block.section
            and is_name(lines[0])
            and blocks[position + 1].answer_label is not None
            and (blocks[position - 1].question_label is not None or blocks[position - 1].marker is not None)
        ):
            return blocks[:position] + blocks[position + 1 :], Foot(
                persons=[Person(lines[0])], by_inquirer=True
            )
    return blocks, Foot()


def _signature_from(blocks: list[Block], position: int) -> list[Person]:
    block = blocks[position]
    lines = [line for line in block.lines if line]
    last = position == len(blocks) - 1
    if last and len(lines) == 1 and block.marker is None and block.answer_label is None and block.gap_before:
        if _SURNAME_RE.match(lines[0]) and lines[0].lower() not in _NOT_SURNAMES:
            return [Person(lines[0])]  # "Frommann": signed with the surname alone
    signed = _GROUP_THEN_NAME_RE.match(lines[0]) if lines and last else None
    if signed and len(lines) == 1 and block.marker is None:
        return [Person(signed["name"], "", signed["group"])]  # "Fraktion der CDU Lemke"
    if (
        block.marker is None
        and len(lines) >= 3
        and _PLURAL_ROLE_RE.match(lines[0])
        and all(len(line) <= 60 and is_name(line) and not ROLE_WORDS_RE.search(line) for line in lines[1:])
    ):
        # "Landtagsabgeordnete" / "Brigitte Foppa" / "Riccardo Dello Sbarba": the role above is each name's
        return [Person(line, lines[0]) for line in lines[1:]]
    prefixed = _PREFIXED_PAIR_RE.match(lines[0]) if len(lines) == 1 and block.marker is None else None
    if prefixed and is_name(prefixed["first"]) and is_name(prefixed["second"]):
        # "L.-Abg. Sven Knoll L.-Abg. Myriam Atz Tammerle": two signers side by side, each after the role
        return [Person(prefixed["first"], prefixed["role"]), Person(prefixed["second"], prefixed["role"])]
    if block.marker is None and block.answer_label is None and lines and _signs(lines[0]):
        rest = [line for b in blocks[position:] for line in b.lines if line]
        if all(len(" ".join(line.split())) <= 80 and "?" not in line for line in rest):
            # the signatories read as below a closing formula: names side by side, roles,
            # "Für die CDU-Fraktion"
            persons = read_signature(rest, 0, len(rest), closing_line=False).persons
            return persons or [Person(lines[0], ", ".join(rest[1:3]))]
    return []


def _signature_in_last_block(blocks: list[Block]) -> Foot | None:
    """ "4. Warum …?" / "Monika Becht" / "Fraktionsvorsitzende", or "Wiesbaden, 12.01.2021" /
    "Hans Probe, Fraktionsvorsitzender": a signature run into the last paragraph right after the
    end of its last sentence (cut from the block)."""
    if not blocks:
        return None
    block = blocks[-1]
    filled = [k for k, line in enumerate(block.lines) if line]
    for position in range(max(1, len(filled) - 4), len(filled)):
        if not block.lines[filled[position - 1]].rstrip(_CLOSING_QUOTES).endswith(("?", ".", "!")):
            continue
        signature = [block.lines[k] for k in filled[position:]]
        foot = Foot()
        if len(signature) > 1 and DATE_LINE_RE.match(signature[0]):
            foot.date = iso_date(signature.pop(0))
        # "Fragestellerin: Christiane Loizides" / "Stadtverordnete": the label names the asker's part
        name, roles = _ASKER_LABEL_RE.sub("", signature[0]), signature[1:]
        if not all(len(role) <= 80 and "?" not in role and _role_or_party(role) for role in roles):
            continue
        named, _comma, role = name.partition(",")
        if is_name(name) and roles:
            foot.persons = read_signature([name, *roles], 0, len(roles) + 1, closing_line=False).persons
        elif is_name(named.strip()) and ROLE_WORDS_RE.search(role) and len(name) <= 100:
            foot.persons = [Person(named.strip(), ", ".join([role.strip(), *roles]))]
        if foot.persons:
            cut = filled[position]
            block.lines, block.indices = block.lines[:cut], block.indices[:cut]
            return foot
    return None


_CLOSING_QUOTES = "\"'“”»« "
_PREFIXED_PAIR_RE = re.compile(
    r"^(?P<role>[A-ZÄÖÜ][\w-]*\.(?:-?[A-ZÄÖÜ][\w]*\.)?)\s+(?P<first>.{3,40}?)\s+(?P=role)\s+(?P<second>.{3,40})$"
)
# a party on a line of its own under the signer's role ("Fraktionsvorsitzender" / "Bündnis 90/Die Grünen")
_PARTY_LINE_RE = re.compile(
    r"^(?:Bündnis\s*90\s*/\s*Die\s+Grünen|SPD|CDU|CSU|FDP|AfD|Die\s+Linke|Freie\s+Wähler|ÖDP|Volt|Die\s+PARTEI|BSW|Grüne)$",
    re.IGNORECASE,
)


def _role_or_party(line: str) -> bool:
    return bool(ROLE_WORDS_RE.search(line) or _PARTY_LINE_RE.match(line))


_ASKER_LABEL_RE = re.compile(
    r"^(?:Fragesteller|Antragsteller|Einreicher)(?:in|innen)?\s*:\s*(?=\S)", re.IGNORECASE
)


# A role word in a form that several people share ("Fraktionsvorsitzende", "Sprecherinnen",
# "Mitglieder des Ausschusses"), not one that names one man ("Fraktionsvorsitzender").
_PLURAL_ROLE_RE = re.compile(
    r"^[\w-]*(?:vorsitzende|sprecher[*:]?innen|mitglieder|verordnete|abgeordnete|vertreter[*:]?innen)(?:\s|,|$)",
    re.IGNORECASE,
)


def _names_a_group(role: str) -> bool:
    """A role of several people, or the faction they sign for ("Fraktion DIE LINKE")."""
    return bool(_PLURAL_ROLE_RE.match(role) or _SENDER_GROUP_RE.search(role))


def _signs(line: str) -> bool:
    """A line of one name, or of names side by side ("Rolf Böckenholt      Christine Brüggemann")."""
    if len(line) > 200:
        return False
    columns = _columns(line)
    return (
        is_name(line)
        or (len(columns) > 1 and all(is_name(column) for column in columns))
        or len(split_names(line)) > 1
    )


_DEGREES_RE = re.compile(r"\b(?:Dr|Prof|E\.\s?h|h\.\s?c)\.\s*")
_SIGNED_LINE_RE = re.compile(
    r"^(?:unterzeichnet\s+von\b|gez\.|gezeichnet\b|eingereicht\s+(?:durch|von)\b)", re.IGNORECASE
)


def signed_lines_start(lines: list[str], start: int) -> int | None:
    """Where the lines that sign a letter without a closing formula begin: "unterzeichnet von:",
    or the first of the "gez." lines one under the other ("gez. A, Vorsitzender" / "gez. B, …")."""
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i] and _SIGNED_LINE_RE.match(lines[i]):
            while i > start and lines[i - 1].startswith(("gez.", "gezeichnet")):
                i -= 1
            return i
    return None


_RULE_RE = re.compile(r"^[—–\-_=*]{5,}$")
_POSSESSIVE_RE = re.compile(r"^(?:Euer|Eure|Ihr|Ihre|Dein|Deine|Yours)\s+(?=[A-ZÄÖÜ])")


def sign_off_below_rule(lines: list[str], start: int) -> list[Person]:
    """Whoever published a reply signs it below a rule after the reply's own signature:
    "Freundliche Grüße / Sven Schulze" / "———" / "Euer Nico Köhler" / "Chemnitzer Stadtrat …"."""
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i] and _RULE_RE.match(lines[i].strip()):
            rest = [line.strip() for line in lines[i + 1 :] if line.strip()]
            if not rest or len(rest) > 4:
                return []
            name = _POSSESSIVE_RE.sub("", rest[0])
            if not is_name(name) or not all(len(line) <= 80 and "?" not in line for line in rest):
                return []
            return read_signature([name, *rest[1:]], 0, len(rest), closing_line=False).persons
    return []
