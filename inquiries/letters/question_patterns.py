"""The patterns of parliaments' question papers and written answers that `question_entries` reads:
page furniture and headings, members and their offices, entries, fields, answer labels, the
answering member, dates."""

from __future__ import annotations

import re

from inquiries.deadlines.dates import MONTH

# Page furniture of parliaments' sites, in English and in Irish (the Oireachtas publishes both):
# skip links, view switches, "View answer" buttons, "Top" and "Share" at the end of an entry.
_FURNITURE = frozenset(
    line.strip().lower()
    for line in """skip to main content|normal view|view answer|show answer|hide answer|top|back to top|share|
    print|léim ar aghaidh chuig an bpríomhábhar|gnáthamharc|amharc ar fhreagra|barr|roinn""".split("|")
)
# "QuestionView source ↗", "AnswerView source ↗": a link run into the label it follows
_LINK_SUFFIX_RE = re.compile(r"\s*View\s+source\s*↗?\s*$")
# Headings of the page's kind: "Written Answers Nos. 450-469", "Questions (450)", "Ceisteanna (450)"
_PAGE_KIND_RE = re.compile(
    r"^(?:Written\s+Answers?\b.*|(?:Questions?|Ceisteanna|Ceist)\s*\(\d+(?:\s*,\s*\d+)*\)|(?:Question|Ceist)\s*:?"
    r"|Questions?\s+(?:on|without)\s+notice\b.*|\(?Question\s+(?:No\.?|Number)\s*\d+\)?"
    r"|Questions?\s+(?:to\s+Ministers|for\s+oral(?:\s+answer)?)\b.*|(?:List\s+of\s+)?oral\s+questions\b.*)$",
    re.IGNORECASE,
)
# A sitting's paper of questions (oral questions, questions on notice as a Hansard prints their
# answers): its dates are the sitting's (a meeting), not the question's
_SITTING_PAPER_RE = re.compile(
    r"(?i)\boral\s+(?:questions?|answers?)\b|\bquestions\s+(?:to\s+ministers|on\s+notice)\b"
)
# The page's attribution ("Source: New Zealand Parliament – …"): what stands above it is the site's
_SOURCE_LINE_RE = re.compile(r"^Source\s*:\s+\S", re.IGNORECASE)
# In front of the subject: its question's number ("Question No. 1—Finance"), Hansard's lead-in ("The
# following answers to questions on notice were circulated - INACTIVE LIST - LABOUR")
_SUBJECT_PREFIX_RE = re.compile(
    r"^(?:Question\s+(?:No\.?|Number)\s*\d+\s*[—–-]+|The\s+following\s+(?:answers?|questions?)\b.{0,80}?"
    r"\b(?:circulated|answered|received)\s*[-–—:])\s*(?=\S)"
)
_NAME = r"(?:[A-ZÄÖÜÁÉÍÓÚ][\w'’.-]*\.?\s+){0,3}[A-ZÄÖÜÁÉÍÓÚ][\w'’-]+"
# A form of address that is no description of the member ("Dr", "Lord" stay with the name), and one
# that is ("Hon": a member of an upper house; "Deputy": of the Dáil, said in the question itself).
POLITE = r"(?:Mr|Mrs|Ms|Miss|Mx)\.?"
_OFFICE = r"(?:(?i:The\s+Hon)\.?|Hon\.?|Deputy|Senator)"
# "450. Deputy Timmy Dooley asked the Minister …", "103. Hon KEN TRAVERS to the parliamentary
# secretary …:", "207 The Hon. N.J. CENTOFANTI (Leader of the Opposition) (1 December 2022). Can …:",
# "12345 (2023). Jane Doe to the Minister of Health (20 March 2023): What …?", "Lord Roe asked …"
_SERIAL_ENTRY_RE = re.compile(
    rf"^(?:(?P<number>\d{{1,6}})(?:\s*\(\d{{4}}\))?\.?\s+)?(?:(?:(?P<office>{_OFFICE})|(?P<polite>{POLITE}))\s+)?(?P<who>{_NAME})"
    r"(?:\s*\((?P<role>[^()]{2,120})\))?(?P<rest>(?:\s+asked\b|\s+to\s+the\b|\s*\(|\s*:|\s+[-–—]\s*To\s+ask\b).*|\s+to\s*)$"
)
# "Mr. Ann Example: To ask the Secretary of State for Health how many …": the asker before a
# question in the Commons' form, without a constituency
_ASKER_COLON_RE = re.compile(
    rf"^(?:(?P<number>\d{{1,6}})\.?\s+)?(?:(?:(?P<office>{_OFFICE})|{POLITE})\s+)?(?P<who>{_NAME})"
    r"(?:\s*\((?P<role>[^()]{2,120})\))?(?P<rest>:\s+To\s+ask\s+the\b.*)$"
)
# A question paper's heading, its reference, its authors and subject, and the answer's heading
_PAPER_HEADING_RE = re.compile(r"^Questions?\s+for\s+(?:written|oral)\s+answer\b", re.IGNORECASE)
_PAPER_REFERENCE_RE = re.compile(r"\b[A-Z]{1,3}-\d{4,7}/\d{4}\b")
_MEMBER_LINE_RE = re.compile(rf"^(?:{POLITE}\s+)?(?P<who>{_NAME})\s*\((?P<group>[^()]{{2,60}})\),?$")
_SUBJECT_RE = re.compile(r"^Subject\s*:\s*(?P<title>\S.*)$")
_SUBMITTED_RE = re.compile(r"^(?:Submitted|Tabled|Lodged)\s*:?\s*(?P<date>.+)$", re.IGNORECASE)
_ANSWER_GIVEN_RE = re.compile(r"^Answer\s+given\s+by\b", re.IGNORECASE)
# "(Question No. 1234)" over a member's question
_QUESTION_NUMBER_RE = re.compile(r"^\(?Question\s+(?:No\.?|Number)\s*(?P<ref>\d{1,6})\)?$", re.IGNORECASE)
# A question's reference at the end of its paragraph: "[3169/18]", "[HL1234]", "[123456]"
_BRACKET_REFERENCE_RE = re.compile(r"\[[A-Z]{0,4}\s?\d[\d/]*\]\.?$")
# "Housing Question No: 2015/3315 Tom Copley Is a voluntary …?"
_QUESTION_NO_RE = re.compile(
    r"^(?P<title>.{2,200}?)\s+Question\s+(?:No\.?|Number)\s*:?\s*(?P<ref>\d{1,5}\s*/\s*\d{2,5})\s+(?P<rest>.+)$"
)
# Words that begin a sentence, not a name: where the member's name before the question ends.
_SENTENCE_OPENERS = frozenset(
    """What How When Why Which Who Whom Whose Where Will Would Could Can Do Does Did Is Are Was Were Has
    Have Had Should Shall May Might Must In Given Following Further At Between On The A An Please If Since
    As With Your You I It This That There These Those Last During Over According To For From Of By After
    Before Despite Under Recent Regarding""".split()
)
_FIELD_RE = re.compile(
    r"^(?P<label>Question\s+By|Asked\s+By|Asked\s+Of|Answered\s+By|Session\s+date|Asked(?:\s+on)?|Date\s+asked|Tabled(?:\s+on)?|Portfolio)\s*(?::\s*(?P<value>.*)|$)",
    re.IGNORECASE,
)
# A field's label over its value ("Question No:" / "2018/2364", "Meeting:" / …)
_BARE_LABEL_RE = re.compile(r"^[A-Z][\w ]{1,30}:(?P<value>)$")
_ASKED_LABELS = ("asked", "asked on", "date asked", "tabled", "tabled on")
_ANSWER_LABEL_RE = re.compile(
    r"^(?:Answer|Answers|Reply|Response|Written\s+answers?|Freagraí\s+scríofa|Freagra)\s*:?\s*$|^Answer\s+for\b.*$"
    r"|^Answered\s+By\s*:?.*$|^(?:Answer|Reply|Response)\s*:\s+(?=\S)",
    re.IGNORECASE,
)
# The answering member before the answer: "The Hon. K.J. MAHER (Minister for …): …",
# "Minister for Infrastructure: …", "The Mayor: …", "Senator Roe: …", "Hon Jane Roe (Minister of
# Health) replied: …"
_SPEAKER_RE = re.compile(
    rf"^(?:(?:{_OFFICE}|{POLITE})\s+)?(?:{_NAME}\s*\((?P<office>[^()]{{2,200}})\)"
    r"|(?P<title>(?:The\s+)?(?:Minister|Parliamentary\s+Secretary|Secretary\s+of\s+State|Premier|Treasurer|"
    r"Attorney[\s-]General|Taoiseach|Tánaiste|Mayor|Leader\s+of\s+the\s+House)\b[^:]{0,100})"
    rf"|(?P<member>(?:{_OFFICE}|{POLITE}|Dr\.?|Lord|Baroness|Sir|Dame)\s+{_NAME}))(?:\s+replied)?(?:\s*:\s+|\s+[—–]\s+|\s+-\s*)(?=\S)"
)
_MINISTERIAL_RE = re.compile(
    r"\b(?:Minister|Secretary|Premier|Treasurer|Attorney|Taoiseach|Tánaiste|Mayor|Leader\s+of\s+the\s+Government)\b"
)
_LAST_UPDATED_RE = re.compile(
    rf"^(?P<who>.{{0,60}}?)\s*Last\s+updated\s*:\s*(?P<date>\d{{1,2}}\s+{MONTH},?\s+\d{{4}})\s*(?P<rest>.*)$"
)
_DATE_ANYWHERE_RE = re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_LINE_RE = re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?P<date>\d{{1,2}}\s+{MONTH},?\s+\d{{4}})$")
# A notice paper's entry run into one line: "*1982 POLICE TRAINING PROGRAM—Mr Roe asked the Minister
# for Police—(1) Has …? (a) If so, …? Answer— I am advised: No. …" (the day of the notice over it)
NOTICE_ENTRY_RE = re.compile(
    r"^\*?(?P<ref>\d{1,6})\s+(?P<title>[A-Z][A-Z0-9 ,'’&()/-]{2,200}?)\s*—\s*(?P<who>[^—]{0,80}?)\s*"
    r"\basked\s+the\s+(?P<to>[^—]{2,200}?)\s*—\s*(?P<rest>\S.*)$"
)
NOTICE_ANSWER_RE = re.compile(r"\s+Answer\s*—\s*")
