"""Deadlines from real rules of procedure, worked out by hand (§§ 187, 188, 193 BGB).

Each case names its source (the rule's text, where it can be read) and says how the dates were
counted. `rules` is a shipped example (inquiries/deadlines/examples/<name>.json), optionally with
keys replaced, or a JSON object. Holidays used below (weekdays only):

2025: Karfreitag 18.04., Ostermontag 21.04., 1. Mai Do, 8. Mai Do (Berlin, einmalig), Christi
      Himmelfahrt 29.05., Pfingstmontag 09.06., Fronleichnam 19.06., Mariä Himmelfahrt Fr 15.08.,
      Tag der Deutschen Einheit Fr 03.10., Reformationstag Fr 31.10., Buß- und Bettag 19.11.,
      Weihnachten Do/Fr 25./26.12.
2026: Neujahr Do, Heilige Drei Könige Di 06.01., Karfreitag 03.04., Ostermontag 06.04., 1. Mai
      Fr, Christi Himmelfahrt 14.05., Pfingstmontag 25.05., Fronleichnam 04.06., Buß- und
      Bettag 18.11., 1. Weihnachtstag Fr 25.12.
2027: Neujahr Fr, Heilige Drei Könige Mi 06.01., Frauentag Mo 08.03., Karfreitag 26.03.,
      Ostermontag 29.03., Christi Himmelfahrt 06.05., Pfingstmontag 17.05., Fronleichnam
      27.05., Weltkindertag Mo 20.09., Allerheiligen Mo 01.11., Buß- und Bettag 17.11.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STUTTGART = (
    "https://www.domino1.stuttgart.de/web/KSD/ksdarchiv.nsf/9d44690e8e6597dcc1257c6700519ad0/"
    "6dac1a7dbeea8a42c1257c6a00337970?OpenDocument (§ 27 Abs. 2 GOG Stuttgart)"
)
BAYLT_74 = "https://www.gesetze-bayern.de/Content/Document/BayLTGO-74 (§ 74 Abs. 1 BayLTGeschO)"
BAYLT_72 = (
    "https://www.simpolitik.de/forum/index.php?thread/1061-gesch%C3%A4ftsordnung-f%C3%BCr-den-bayerischen-"
    "landtag-bayltgescho/&postID=9533 (§ 72 Abs. 1 BayLTGeschO, as quoted there); Mariä Himmelfahrt in "
    "München: http://www.deutschland-feiertage.de/service/hinweise"
)
BAYLT_68 = "http://www.anwalt24.de/gesetze/bayltgescho/68 (§ 68 Abs. 1 BayLTGeschO)"
BUNDESTAG = (
    "https://gesetze.io/gesetze/sons/ggo/28 (§ 28 Abs. 3, 4 GGO; § 104 Abs. 2 GO-BT); "
    "Schriftliche Fragen: https://mechthild-rawert.de/inhalt/fragen_an_die_bundesregierung"
)
BERLIN_2025 = "https://www.stuttgarter-nachrichten.de/inhalt.8-mai-warum-nur-berlin-feiertag-mhsd.f988d89d-864c-43b5-974c-490f51556c32.html (8. Mai 2025, Berlin)"
HAMBURG = (
    "https://www.rechtslupe.de/verwaltungsrecht/die-beantwortung-einer-kleinen-anfrage-369181 (Art. 25 HV)"
)
BERLIN = "https://parlament-berlin.de/aktuelles-presse/parlamentarische-anfragen (§ 50 Abs. 1 GO Abghs)"
NRW = (
    "https://kleineanfragen.de/nordrhein-westfalen/17/2128-haltung-der-landesregierung-zur-ueberschreitung-"
    "der-beantwortungsfrist-kleiner-anfragen-der-abgeordneten-des.txt (§ 92 Abs. 3 GO LT NRW)"
)
NRW_GROSSE = "https://www1.wdr.de/nachrichten/landespolitik/grundsteuer-nrw-fdp-anfrage-optendrenk-100.html (Große Anfragen: drei Monate)"
MUENCHEN = "https://expydoc.com/doc/10958208/unser-zeichen--ihr-zeichen-ihr-schreiben-vom (§ 68 GeschO München: 3-Wochen-Frist)"
ERFURT = "https://www.cdu-fraktion-erfurt.de/ueberblick/anfragen (GO Stadtrat Erfurt: zwei Wochen)"
DRESDEN = (
    "https://koehler-magdeburg.de/anfragen-von-stadtraten-mussen-fristgemas-beantwortet-werden/ "
    "(GeschO Stadtrat Dresden; VG Dresden 7 K 51/12: 14 Tage, spätestens sechs Wochen)"
)
WALDBROEL = "http://www1.waldbroel.de/buerger/to010.asp?BES=1&SILFDNR=484&TOLFDNR=5355 (§ 17 GO Waldbröl)"
WOLFSBURG = (
    "https://wiki.piratenpartei.de/NDS:Wolfsburg/2011/Gesch%C3%A4ftsordnung_des_Wolfsburger_Rates/Anfragen "
    "(GO Rat Wolfsburg, Anfragen Abs. 2)"
)
BONN = (
    "https://bonn.de/service-bieten/stadtpolitik-ortsrecht/ortsrecht/rat-ausschuesse-allgemeines/"
    "geschaeftsordnung-des-rates-der-bundesstadt-bonn.php (§ 2 Abs. 2 GO Bonn: acht Tage); "
    "https://bonn.de/service-bieten/dialog-beteiligung/einwohnerfragestunde.php (21. Tag)"
)
LEIPZIG = (
    "https://spd-fraktion-leipzig.de/aenderung-der-geschaeftsordnung-fuer-die-ratsversammlungform-der-"
    "beantworteten-anfragen/ (§ 13 Abs. 4 GO Ratsversammlung Leipzig: zehn Tage)"
)
HOLIDAY_HINTS = "http://www.deutschland-feiertage.de/service/hinweise"
STATE_HOLIDAYS = "http://www.ferien-planer.de/feiertage-bundeslaender.html"
BREMEN = "http://www.linksfraktion-bremen.de/buergerschaft/anfragen/antworten_des_senats/ (fünf Wochen)"
BGB_193 = "https://www.gesetze-im-internet.de/bgb/__193.html (§ 193 BGB)"


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    state: str
    rules: Any  # an example's name, (name, {replaced keys}), or a JSON object
    input: dict
    due_on: str | None
    internal_due_on: str | None = None
    interim_reply_due_on: str | None = None
    meeting_on: str | None = None
    why: str = ""
    extra: dict = field(default_factory=dict)


CASES = [
    # --- Stuttgart: three weeks, six for fundamental matters, an interim reply within three ----
    Case(
        "stuttgart-three-weeks",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2026-03-02"},
        "2026-03-23",
        internal_due_on="2026-03-18",
        why="Mo 02.03. + 3 Wochen = Mo 23.03.; 3 Arbeitstage davor: Fr 20., Do 19., Mi 18.03.",
    ),
    Case(
        "stuttgart-fundamental-six-weeks-with-interim-reply",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2026-03-02", "classification": "fundamental"},
        "2026-04-13",
        internal_due_on="2026-04-08",
        interim_reply_due_on="2026-03-23",
        why="+ 6 Wochen = Mo 13.04. (Ostermontag ist der 06.04.); Zwischennachricht nach 3 Wochen: Mo 23.03.",
    ),
    Case(
        "stuttgart-three-weeks-end-on-good-friday",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2026-03-13"},
        "2026-04-07",
        internal_due_on="2026-03-31",
        why="Fr 13.03. + 3 Wochen = Karfreitag 03.04.; Sa, So, Ostermontag → Di 07.04.; zurück: Do 02., Mi 01., Di 31.03.",
    ),
    Case(
        "stuttgart-fundamental-across-pentecost",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2025-05-15", "classification": "fundamental"},
        "2025-06-26",
        internal_due_on="2025-06-23",
        interim_reply_due_on="2025-06-05",
        why="Do 15.05. + 6 Wochen = Do 26.06.; Zwischennachricht + 3 Wochen = Do 05.06.",
    ),
    Case(
        "stuttgart-received-on-ascension-due-after-corpus-christi",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2025-05-29"},
        "2025-06-20",
        internal_due_on="2025-06-16",
        why="Eingang an Christi Himmelfahrt; + 3 Wochen = Fronleichnam Do 19.06. → Fr 20.06.; zurück: Mi 18., Di 17., Mo 16.",
    ),
    Case(
        "stuttgart-fundamental-letter-asks-for-more-time",
        STUTTGART,
        "BW",
        "stuttgart",
        {"received_at": "2026-03-02", "classification": "fundamental", "deadline_text": "bis zum 15. April"},
        "2026-04-15",
        internal_due_on="2026-04-10",
        interim_reply_due_on="2026-03-23",
        why="Das Schreiben gewährt bis Mi 15.04., mehr als die 6 Wochen (13.04.): es bleibt beim 15.04.",
    ),
    Case(
        "stuttgart-fundamental-letter-asks-for-less",
        STUTTGART,
        "BW",
        "stuttgart",
        {
            "received_at": "2026-03-02",
            "classification": "fundamental",
            "deadline_text": "innerhalb von zwei Wochen",
        },
        "2026-04-13",
        internal_due_on="2026-04-08",
        interim_reply_due_on="2026-03-23",
        why="Zwei Wochen (16.03.) sind kürzer als die sechs Wochen der grundsätzlichen Angelegenheit: Mo 13.04.",
    ),
    # --- Bayerischer Landtag: Anfragen zum Plenum, Schriftliche Anfragen, Interpellationen ----
    Case(
        "baylt-plenum-monday-before-noon",
        BAYLT_74,
        "BY",
        "bayerischer-landtag",
        {
            "received_at": "2026-03-23T11:30",
            "meetings": ["2026-03-24", "2026-03-25", "2026-04-14", "2026-04-15"],
        },
        "2026-03-26",
        internal_due_on="2026-03-25",
        meeting_on="2026-03-24",
        why="Eingang Mo 11:30, vor 12:00 am Montag der Sitzungswoche; Antwort bis Do derselben Woche, 26.03.",
    ),
    Case(
        "baylt-plenum-monday-after-noon-goes-to-the-next-sitting-week",
        BAYLT_74,
        "BY",
        "bayerischer-landtag",
        {
            "received_at": "2026-03-23T12:30",
            "meetings": ["2026-03-24", "2026-03-25", "2026-04-14", "2026-04-15"],
        },
        "2026-04-16",
        internal_due_on="2026-04-15",
        meeting_on="2026-04-14",
        why="12:30 ist nach 12:00: zu spät für die Woche vom 23.03.; nächste Sitzungswoche: Di 14.04., Antwort Do 16.04.",
    ),
    Case(
        "baylt-plenum-date-without-time-counts-as-in-time",
        BAYLT_74,
        "BY",
        "bayerischer-landtag",
        {"received_at": "2026-03-23", "meetings": ["2026-03-24", "2026-04-14"]},
        "2026-03-26",
        internal_due_on="2026-03-25",
        meeting_on="2026-03-24",
        why="Ohne Uhrzeit gilt der Eingang als vor der Uhrzeitgrenze.",
    ),
    Case(
        "baylt-plenum-thursday-is-ascension",
        BAYLT_74,
        "BY",
        "bayerischer-landtag",
        {"received_at": "2026-05-11T09:00", "meetings": ["2026-05-12", "2026-05-13"]},
        "2026-05-15",
        internal_due_on="2026-05-13",
        meeting_on="2026-05-12",
        why="Do der Sitzungswoche ist Christi Himmelfahrt (14.05.): nächster Arbeitstag Fr 15.05.; 1 Arbeitstag davor: Mi 13.05.",
    ),
    Case(
        "baylt-written-question-four-weeks",
        BAYLT_72,
        "BY",
        "bayerischer-landtag",
        {"received_at": "2025-07-16", "kind": "kleine_anfrage"},
        "2025-08-13",
        internal_due_on="2025-08-08",
        why="Mi 16.07. + 4 Wochen = Mi 13.08.; 3 Arbeitstage davor: Di 12., Mo 11., Fr 08.08.",
    ),
    Case(
        "baylt-written-question-ends-on-assumption-in-munich",
        BAYLT_72,
        "BY",
        "bayerischer-landtag",
        {"received_at": "2025-07-18", "kind": "kleine_anfrage"},
        "2025-08-18",
        internal_due_on="2025-08-12",
        why="Fr 18.07. + 4 Wochen = Fr 15.08., Mariä Himmelfahrt (in München Feiertag) → Mo 18.08.; zurück: Do 14., Mi 13., Di 12.",
    ),
    Case(
        "baylt-interpellation-three-months-interim-reply-after-four-weeks",
        BAYLT_68,
        "BY",
        "bayerischer-landtag",
        {"received_at": "2026-01-07", "kind": "grosse_anfrage"},
        "2026-04-07",
        internal_due_on="2026-03-27",
        interim_reply_due_on="2026-02-04",
        why="Mi 07.01. + 3 Monate = Di 07.04.; Mitteilung nach 4 Wochen Mi 04.02.; 5 Arbeitstage vor 07.04. über Ostern: 02., 01.04., 31., 30., 27.03.",
    ),
    # --- Bundestag (Berlin's holidays) ---------------------------------------------------------
    Case(
        "bundestag-small-inquiry-ends-on-8-may-2025",
        f"{BUNDESTAG}; {BERLIN_2025}",
        "BE",
        "bundestag",
        {"received_at": "2025-04-24", "kind": "kleine_anfrage"},
        "2025-05-09",
        internal_due_on="2025-05-06",
        why="Do 24.04. + 14 Tage = Do 08.05., 2025 einmalig Feiertag in Berlin → Fr 09.05.; 2 Arbeitstage davor: Mi 07., Di 06.",
    ),
    Case(
        "bundestag-small-inquiry-ends-on-womens-day",
        BUNDESTAG,
        "BE",
        "bundestag",
        {"received_at": "2027-02-22", "kind": "kleine_anfrage"},
        "2027-03-09",
        internal_due_on="2027-03-04",
        why="Mo 22.02. + 14 Tage = Mo 08.03., Frauentag in Berlin → Di 09.03.; zurück: Fr 05., Do 04.",
    ),
    Case(
        "bundestag-written-question-one-week",
        BUNDESTAG,
        "BE",
        "bundestag",
        {"received_at": "2026-12-17"},
        "2026-12-24",
        internal_due_on="2026-12-23",
        why="Do 17.12. + 1 Woche = Do 24.12. (Heiligabend ist kein Feiertag).",
    ),
    Case(
        "bundestag-large-inquiry-three-months-interim-after-three-weeks",
        BUNDESTAG,
        "BE",
        "bundestag",
        {"received_at": "2027-01-29", "kind": "grosse_anfrage"},
        "2027-04-29",
        internal_due_on="2027-04-22",
        interim_reply_due_on="2027-02-19",
        why="Fr 29.01. + 3 Monate = Do 29.04.; ob und wann: + 3 Wochen = Fr 19.02.",
    ),
    Case(
        "bundestag-large-inquiry-month-end-clamped-then-moved",
        BUNDESTAG,
        "BE",
        "bundestag",
        {"received_at": "2026-11-30", "kind": "grosse_anfrage"},
        "2027-03-01",
        internal_due_on="2027-02-22",
        interim_reply_due_on="2026-12-21",
        why="30.11. + 3 Monate: der 30.02. fehlt, also 28.02.2027 (§ 188 Abs. 3), ein Sonntag → Mo 01.03. (§ 193).",
    ),
    # --- Hamburg: eight days ---------------------------------------------------------------------
    Case(
        "hamburg-eight-days-end-on-reformation-day",
        HAMBURG,
        "HH",
        "hamburgische-buergerschaft",
        {"received_at": "2025-10-23"},
        "2025-11-03",
        internal_due_on="2025-10-30",
        why="Do 23.10. + 8 Tage = Fr 31.10., Reformationstag in Hamburg → Mo 03.11.",
    ),
    Case(
        "hamburg-eight-days-end-on-boxing-day",
        HAMBURG,
        "HH",
        "hamburgische-buergerschaft",
        {"received_at": "2026-12-18"},
        "2026-12-28",
        internal_due_on="2026-12-24",
        why="Fr 18.12. + 8 Tage = Sa 26.12. → Mo 28.12.; 1 Arbeitstag davor: Fr 25. Feiertag → Do 24.12.",
    ),
    Case(
        "hamburg-eight-days",
        HAMBURG,
        "HH",
        "hamburgische-buergerschaft",
        {"received_at": "2026-04-27"},
        "2026-05-05",
        internal_due_on="2026-05-04",
        why="Mo 27.04. + 8 Tage = Di 05.05.",
    ),
    # --- Berlin, Abgeordnetenhaus: three weeks ---------------------------------------------------
    Case(
        "berlin-three-weeks-end-on-8-may-2025",
        f"{BERLIN}; {BERLIN_2025}",
        "BE",
        "abgeordnetenhaus-berlin",
        {"received_at": "2025-04-17"},
        "2025-05-09",
        internal_due_on="2025-05-06",
        why="Do 17.04. + 3 Wochen = Do 08.05. (einmaliger Feiertag) → Fr 09.05.",
    ),
    Case(
        "berlin-three-weeks-end-on-womens-day",
        BERLIN,
        "BE",
        "abgeordnetenhaus-berlin",
        {"received_at": "2027-02-15"},
        "2027-03-09",
        internal_due_on="2027-03-04",
        why="Mo 15.02. + 3 Wochen = Mo 08.03., Frauentag → Di 09.03.",
    ),
    Case(
        "same-rule-in-nrw-womens-day-is-a-working-day",
        f"{BERLIN}; {STATE_HOLIDAYS}",
        "NW",
        "abgeordnetenhaus-berlin",
        {"received_at": "2027-02-15"},
        "2027-03-08",
        internal_due_on="2027-03-04",
        why="Dieselbe Frist in NRW: der 08.03. ist dort Arbeitstag.",
    ),
    # --- Landtag NRW -----------------------------------------------------------------------------
    Case(
        "nrw-small-inquiry-ends-on-corpus-christi",
        NRW,
        "NW",
        "landtag-nrw",
        {"received_at": "2025-05-22"},
        "2025-06-20",
        internal_due_on="2025-06-16",
        why="Do 22.05. + 4 Wochen = Fronleichnam 19.06. → Fr 20.06.",
    ),
    Case(
        "nrw-small-inquiry-ends-on-all-saints",
        NRW,
        "NW",
        "landtag-nrw",
        {"received_at": "2027-10-04"},
        "2027-11-02",
        internal_due_on="2027-10-27",
        why="Mo 04.10. + 4 Wochen = Mo 01.11. Allerheiligen → Di 02.11.; zurück: Fr 29., Do 28., Mi 27.10.",
    ),
    Case(
        "nrw-large-inquiry-ends-on-a-saturday",
        NRW_GROSSE,
        "NW",
        "landtag-nrw",
        {"received_at": "2025-10-31", "kind": "grosse_anfrage"},
        "2026-02-02",
        internal_due_on="2026-01-26",
        why="31.10. + 3 Monate = Sa 31.01.2026 → Mo 02.02.; 5 Arbeitstage davor: 30., 29., 28., 27., 26.01.",
    ),
    Case(
        "nrw-large-inquiry-clamped-to-april-30",
        NRW_GROSSE,
        "NW",
        "landtag-nrw",
        {"received_at": "2026-01-31", "kind": "grosse_anfrage"},
        "2026-04-30",
        internal_due_on="2026-04-23",
        why="31.01. + 3 Monate: kein 31.04., also Do 30.04. (§ 188 Abs. 3 BGB).",
    ),
    # --- München and Bavaria's local holidays ----------------------------------------------------
    Case(
        "muenchen-three-weeks-end-on-assumption",
        MUENCHEN,
        "BY",
        "muenchen",
        {"received_at": "2025-07-25"},
        "2025-08-18",
        internal_due_on="2025-08-12",
        why="Fr 25.07. + 3 Wochen = Fr 15.08., in München Feiertag → Mo 18.08.",
    ),
    Case(
        "bavarian-town-without-assumption-holiday",
        f"{MUENCHEN}; {HOLIDAY_HINTS} (Mariä Himmelfahrt nur in Gemeinden mit überwiegend katholischer Bevölkerung)",
        "BY",
        {"period": {"count": 3, "unit": "weeks"}},
        {"received_at": "2025-07-25"},
        "2025-08-15",
        internal_due_on="2025-08-12",
        why="Dieselbe Frist in einer überwiegend evangelischen bayerischen Gemeinde: der 15.08. ist Arbeitstag.",
    ),
    Case(
        "muenchen-three-weeks-end-on-epiphany",
        MUENCHEN,
        "BY",
        "muenchen",
        {"received_at": "2025-12-16"},
        "2026-01-07",
        internal_due_on="2025-12-31",
        why="Di 16.12. + 3 Wochen = Di 06.01. Heilige Drei Könige → Mi 07.01.; zurück: Mo 05., Fr 02., (Do 01. Neujahr), Mi 31.12.",
    ),
    Case(
        "augsburg-peace-festival",
        f"{HOLIDAY_HINTS} (Augsburger Friedensfest, Art. 1 Abs. 2 FTG)",
        "BY",
        {"extra_holidays": ["augsburger_friedensfest"]},
        {"received_at": "2025-07-25", "deadline_text": "innerhalb von zwei Wochen"},
        "2025-08-11",
        internal_due_on="2025-08-05",
        why="Fr 25.07. + 2 Wochen = Fr 08.08., Friedensfest in Augsburg → Mo 11.08.; zurück: (Fr 08.), Do 07., Mi 06., Di 05.",
    ),
    # --- Erfurt (Thüringen): two weeks -----------------------------------------------------------
    Case(
        "erfurt-two-weeks-end-on-childrens-day",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2027-09-06"},
        "2027-09-21",
        internal_due_on="2027-09-16",
        why="Mo 06.09. + 2 Wochen = Mo 20.09. Weltkindertag → Di 21.09.; 2 Arbeitstage davor: Fr 17., Do 16.",
    ),
    Case(
        "erfurt-two-weeks-end-on-reformation-day",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2025-10-17"},
        "2025-11-03",
        internal_due_on="2025-10-29",
        why="Fr 17.10. + 2 Wochen = Fr 31.10. Reformationstag → Mo 03.11.",
    ),
    Case(
        "erfurt-letter-ten-werktage-across-ascension-and-whit-monday",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2027-05-05", "deadline_text": "binnen zehn Werktagen"},
        "2027-05-21",
        internal_due_on="2027-05-19",
        why="Ohne Samstag: Fr 07. (1; Do 06. Himmelfahrt), 10.–14. (2–6), (Mo 17. Pfingstmontag), 18.–21. (7–10).",
    ),
    Case(
        "erfurt-letter-date-without-year",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2026-12-01", "deadline_text": "Wir bitten um Antwort bis zum 15. März."},
        "2027-03-15",
        internal_due_on="2027-03-11",
        why="Ohne Jahr: der nächste 15. März nach Eingang, Mo 15.03.2027.",
    ),
    Case(
        "erfurt-letter-one-month-from-29-january",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2027-01-29", "deadline_text": "innerhalb eines Monats"},
        "2027-03-01",
        internal_due_on="2027-02-25",
        why="29.01. + 1 Monat: kein 29.02.2027, also So 28.02. → Mo 01.03.",
    ),
    Case(
        "erfurt-letter-one-month-from-30-january",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2027-01-30", "deadline_text": "binnen Monatsfrist"},
        "2027-03-01",
        internal_due_on="2027-02-25",
        why="30.01. + 1 Monat = 28.02. (§ 188 Abs. 3), ein Sonntag → Mo 01.03.",
    ),
    Case(
        "erfurt-letter-four-weeks-end-on-new-year",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2026-12-04", "deadline_text": "innerhalb von vier Wochen"},
        "2027-01-04",
        internal_due_on="2026-12-30",
        why="Fr 04.12. + 4 Wochen = Fr 01.01. Neujahr → Mo 04.01.; zurück: (Fr 01.), Do 31., Mi 30.12.",
    ),
    Case(
        "erfurt-letter-named-date-on-a-holiday-kept",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2025-09-01", "deadline_text": "bis zum 3. Oktober 2025"},
        "2025-10-03",
        internal_due_on="2025-10-01",
        why="Ein genanntes Datum bleibt (Einstellung „keep“), auch am Feiertag.",
    ),
    Case(
        "erfurt-letter-named-date-on-a-holiday-moved",
        f"{ERFURT}; {BGB_193}",
        "TH",
        ("erfurt", {"named_dates_on_holidays": "next_working_day"}),
        {"received_at": "2025-09-01", "deadline_text": "bis zum 3. Oktober 2025"},
        "2025-10-06",
        internal_due_on="2025-10-01",
        why="Mit § 193 BGB: Fr 03.10. Feiertag → Mo 06.10.",
    ),
    Case(
        "erfurt-letter-end-of-march",
        ERFURT,
        "TH",
        "erfurt",
        {"received_at": "2026-02-10", "deadline_text": "bis Ende März"},
        "2026-03-31",
        internal_due_on="2026-03-27",
        why="Ende März: Di 31.03.2026.",
    ),
    # --- Dresden (Sachsen): 14 days, at most six weeks ------------------------------------------
    Case(
        "dresden-14-days-end-on-day-of-repentance-2025",
        DRESDEN,
        "SN",
        "dresden",
        {"received_at": "2025-11-05"},
        "2025-11-20",
        internal_due_on="2025-11-17",
        why="Mi 05.11. + 14 Tage = Mi 19.11. Buß- und Bettag → Do 20.11.",
    ),
    Case(
        "dresden-fundamental-six-weeks-end-on-reformation-day",
        DRESDEN,
        "SN",
        "dresden",
        {"received_at": "2025-09-19", "classification": "fundamental"},
        "2025-11-03",
        internal_due_on="2025-10-29",
        why="Fr 19.09. + 6 Wochen = Fr 31.10. Reformationstag → Mo 03.11.",
    ),
    Case(
        "dresden-14-days-end-on-day-of-repentance-2026",
        DRESDEN,
        "SN",
        "dresden",
        {"received_at": "2026-11-04"},
        "2026-11-19",
        internal_due_on="2026-11-16",
        why="Mi 04.11. + 14 Tage = Mi 18.11. Buß- und Bettag → Do 19.11.",
    ),
    Case(
        "same-rule-in-saxony-anhalt-no-day-of-repentance",
        f"{DRESDEN}; {STATE_HOLIDAYS}",
        "ST",
        "dresden",
        {"received_at": "2026-11-04"},
        "2026-11-18",
        internal_due_on="2026-11-16",
        why="In Sachsen-Anhalt ist der Buß- und Bettag kein Feiertag.",
    ),
    Case(
        "sorbian-municipality-corpus-christi",
        f"{HOLIDAY_HINTS} (Fronleichnam in Gemeinden des sorbischen Siedlungsgebietes, z. B. Crostwitz)",
        "SN",
        {"extra_holidays": ["fronleichnam"]},
        {"received_at": "2026-05-21", "deadline_text": "binnen 14 Tagen"},
        "2026-06-05",
        internal_due_on="2026-06-01",
        why="Do 21.05. + 14 Tage = Do 04.06. Fronleichnam (in Crostwitz) → Fr 05.06.; zurück: (Do 04.), Mi 03., Di 02., Mo 01.",
    ),
    Case(
        "saxony-elsewhere-corpus-christi-is-a-working-day",
        f"{HOLIDAY_HINTS}",
        "SN",
        {},
        {"received_at": "2026-05-21", "deadline_text": "binnen 14 Tagen"},
        "2026-06-04",
        internal_due_on="2026-06-01",
        why="In Dresden ist Fronleichnam Arbeitstag: Do 04.06.",
    ),
    Case(
        "eichsfeld-corpus-christi",
        f"{HOLIDAY_HINTS} (Fronleichnam im Landkreis Eichsfeld)",
        "TH",
        {"extra_holidays": ["fronleichnam"]},
        {"received_at": "2027-05-13", "deadline_text": "binnen 14 Tagen"},
        "2027-05-28",
        internal_due_on="2027-05-24",
        why="Do 13.05. + 14 Tage = Do 27.05. Fronleichnam (Eichsfeld) → Fr 28.05.; zurück: (Do 27.), Mi 26., Di 25., Mo 24.",
    ),
    # --- Waldbröl: two Werktage before the meeting, referral to the next meeting ---------------
    Case(
        "waldbroel-two-werktage-in-time",
        WALDBROEL,
        "NW",
        "waldbroel",
        {"received_at": "2026-03-17", "meetings": ["2026-03-19", "2026-04-23"]},
        "2026-03-19",
        internal_due_on="2026-03-18",
        meeting_on="2026-03-19",
        why="Sitzung Do 19.03.: 2 Werktage vorher sind Mi 18. (1) und Di 17. (2): Eingang Di reicht.",
    ),
    Case(
        "waldbroel-one-werktag-too-late",
        WALDBROEL,
        "NW",
        "waldbroel",
        {"received_at": "2026-03-18", "meetings": ["2026-03-19", "2026-04-23"]},
        "2026-04-23",
        internal_due_on="2026-04-22",
        meeting_on="2026-04-23",
        why="Eingang Mi 18.03. ist zu spät für den 19.03.; nächste Sitzung Do 23.04.",
    ),
    Case(
        "waldbroel-saturday-is-a-werktag",
        WALDBROEL,
        "NW",
        "waldbroel",
        {"received_at": "2026-06-05", "meetings": ["2026-06-08", "2026-06-18"]},
        "2026-06-08",
        internal_due_on="2026-06-05",
        meeting_on="2026-06-08",
        why="Sitzung Mo 08.06.: Sa 06. (1), Fr 05. (2): Eingang Fr reicht. Der Arbeitstag vor Mo ist Fr 05.06.",
    ),
    Case(
        "same-rule-werktage-monday-to-friday",
        f"{WALDBROEL} (with Werktage Monday to Friday)",
        "NW",
        ("waldbroel", {"working_days": "mon-fri"}),
        {"received_at": "2026-06-05", "meetings": ["2026-06-08", "2026-06-18"]},
        "2026-06-18",
        internal_due_on="2026-06-17",
        meeting_on="2026-06-18",
        why="Ohne Samstag: Fr 05. (1), (Do 04. Fronleichnam), Mi 03. (2): Eingang Fr 05. zu spät → Do 18.06.",
    ),
    Case(
        "waldbroel-not-answerable-goes-to-the-next-meeting",
        WALDBROEL,
        "NW",
        "waldbroel",
        {
            "received_at": "2026-03-10",
            "referred_at_meeting": "2026-03-19",
            "meetings": ["2026-03-19", "2026-04-23"],
        },
        "2026-04-23",
        internal_due_on="2026-04-22",
        meeting_on="2026-04-23",
        why="In der Sitzung am 19.03. nicht kurzfristig beantwortbar: Tagesordnung der nächsten Sitzung, 23.04.",
    ),
    Case(
        "waldbroel-not-answerable-no-next-meeting-planned",
        WALDBROEL,
        "NW",
        "waldbroel",
        {"received_at": "2026-03-10", "referred_at_meeting": "2026-03-19", "meetings": ["2026-03-19"]},
        None,
        why="Keine weitere Sitzung geplant: das Ratsbüro setzt die Frist.",
    ),
    Case(
        "leipzig-not-answered-in-the-meeting-ten-days-in-writing",
        LEIPZIG,
        "SN",
        {"default_deadline": "next_meeting", "if_not_answerable": {"within": {"count": 10, "unit": "days"}}},
        {"received_at": "2025-11-20", "referred_at_meeting": "2025-12-11", "meetings": ["2025-12-11"]},
        "2025-12-22",
        internal_due_on="2025-12-17",
        why="Do 11.12. + 10 Tage = So 21.12. → Mo 22.12.",
    ),
    # --- Wolfsburg: three Arbeitstage before the meeting; the letters' meeting phrases ---------
    Case(
        "wolfsburg-three-working-days-across-reformation-day",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {"received_at": "2025-10-29", "meetings": ["2025-11-04", "2025-12-10"]},
        "2025-11-04",
        internal_due_on="2025-11-03",
        meeting_on="2025-11-04",
        why="Sitzung Di 04.11.: Mo 03. (1), (Fr 31.10. Reformationstag), Do 30. (2), Mi 29. (3): Eingang Mi reicht.",
    ),
    Case(
        "wolfsburg-one-day-too-late",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2025-10-30",
            "deadline_text": "bis zur nächsten Sitzung",
            "meetings": ["2025-11-04", "2025-12-10"],
        },
        "2025-12-10",
        internal_due_on="2025-12-09",
        meeting_on="2025-12-10",
        why="Eingang Do 30.10. nach dem letzten Tag (Mi 29.10.): nächste Sitzung Mi 10.12.",
    ),
    Case(
        "wolfsburg-letter-next-meeting-in-time",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-04",
            "deadline_text": "Wir bitten um Beantwortung bis zur nächsten Sitzung.",
            "meetings": ["2026-09-09", "2026-10-07"],
        },
        "2026-09-09",
        internal_due_on="2026-09-08",
        meeting_on="2026-09-09",
        why="Sitzung Mi 09.09.: Di 08. (1), Mo 07. (2), Fr 04. (3).",
    ),
    Case(
        "wolfsburg-letter-next-possible-meeting",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-05",
            "deadline_text": "bis zur nächstmöglichen Sitzung",
            "meetings": ["2026-09-09", "2026-10-07"],
        },
        "2026-10-07",
        internal_due_on="2026-10-06",
        meeting_on="2026-10-07",
        why="Eingang Sa 05.09. nach Fr 04.09.: die nächstmögliche Sitzung ist Mi 07.10.",
    ),
    Case(
        "wolfsburg-letter-names-the-meeting",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-01",
            "deadline_text": "zur Sitzung des Rates am 30.09.2026",
            "meetings": ["2026-09-09", "2026-09-30"],
        },
        "2026-09-30",
        internal_due_on="2026-09-29",
        meeting_on="2026-09-30",
        why="Die genannte Sitzung, Mi 30.09., ist rechtzeitig erreichbar.",
    ),
    Case(
        "wolfsburg-letter-names-a-meeting-too-close",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-28",
            "deadline_text": "zur Sitzung des Rates am 30.09.2026",
            "meetings": ["2026-09-30", "2026-10-28"],
        },
        "2026-10-28",
        internal_due_on="2026-10-27",
        meeting_on="2026-10-28",
        why="Für den 30.09. hätte die Anfrage bis Fr 25.09. eingehen müssen: die folgende Sitzung, Mi 28.10.",
    ),
    Case(
        "wolfsburg-letter-before-the-next-meeting",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-01",
            "deadline_text": "vor der nächsten Sitzung",
            "meetings": ["2026-09-14"],
        },
        "2026-09-11",
        internal_due_on="2026-09-10",
        meeting_on="2026-09-14",
        why="Sitzung Mo 14.09.; vor der Sitzung heißt bis zum Arbeitstag davor, Fr 11.09.",
    ),
    Case(
        "wolfsburg-letter-meeting-after-next",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-01",
            "deadline_text": "in der übernächsten Sitzung",
            "meetings": ["2026-09-09", "2026-10-07", "2026-11-04"],
        },
        "2026-10-07",
        internal_due_on="2026-10-06",
        meeting_on="2026-10-07",
        why="Nächste erreichbare Sitzung 09.09., die übernächste 07.10.",
    ),
    Case(
        "wolfsburg-letter-a-week-before-the-meeting",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {
            "received_at": "2026-09-01",
            "deadline_text": "spätestens eine Woche vor der nächsten Sitzung",
            "meetings": ["2026-09-16"],
        },
        "2026-09-09",
        internal_due_on="2026-09-08",
        meeting_on="2026-09-16",
        why="Sitzung Mi 16.09. − 1 Woche = Mi 09.09.",
    ),
    Case(
        "wolfsburg-letter-next-meeting-none-planned",
        WOLFSBURG,
        "NI",
        "wolfsburg",
        {"received_at": "2026-09-01", "deadline_text": "bis zur nächsten Sitzung", "meetings": []},
        None,
        why="Keine Sitzung geplant: das Ratsbüro setzt die Frist.",
    ),
    # --- Bonn: 21st day before the meeting; the answer eight days before it --------------------
    Case(
        "bonn-answer-eight-days-before-the-meeting",
        BONN,
        "NW",
        "bonn-bezirksvertretung",
        {"received_at": "2026-04-21", "meetings": ["2026-05-12", "2026-06-16"]},
        "2026-05-04",
        internal_due_on="2026-04-29",
        meeting_on="2026-05-12",
        why="Sitzung Di 12.05. − 21 Tage = Di 21.04. (rechtzeitig); Antwort 8 Tage vorher: Mo 04.05.; zurück: (Fr 01.05.), Do 30.04., Mi 29.04.",
    ),
    Case(
        "bonn-one-day-too-late-for-the-21st-day",
        BONN,
        "NW",
        "bonn-bezirksvertretung",
        {"received_at": "2026-04-22", "meetings": ["2026-05-12", "2026-06-16"]},
        "2026-06-08",
        internal_due_on="2026-06-03",
        meeting_on="2026-06-16",
        why="Zu spät für den 12.05.; Sitzung Di 16.06. − 8 Tage = Mo 08.06.; zurück: Fr 05., (Do 04. Fronleichnam), Mi 03.",
    ),
    Case(
        "bonn-eighth-day-before-is-corpus-christi",
        BONN,
        "NW",
        "bonn-bezirksvertretung",
        {"received_at": "2026-05-15", "meetings": ["2026-06-12"]},
        "2026-06-03",
        internal_due_on="2026-06-01",
        meeting_on="2026-06-12",
        why="Sitzung Fr 12.06. − 8 Tage = Do 04.06. Fronleichnam: die Antwort muss vorher da sein, Mi 03.06.",
    ),
    # --- State holidays met by a letter's period ------------------------------------------------
    Case(
        "saarland-assumption",
        f"{STATE_HOLIDAYS} (Saarland: Mariä Himmelfahrt)",
        "SL",
        {},
        {"received_at": "2025-07-25", "deadline_text": "innerhalb von drei Wochen"},
        "2025-08-18",
        internal_due_on="2025-08-12",
        why="Fr 25.07. + 3 Wochen = Fr 15.08. → Mo 18.08.",
    ),
    Case(
        "hessen-corpus-christi",
        f"{STATE_HOLIDAYS} (Hessen: Fronleichnam)",
        "HE",
        {},
        {"received_at": "2026-05-21", "deadline_text": "innerhalb von zwei Wochen"},
        "2026-06-05",
        internal_due_on="2026-06-01",
        why="Do 21.05. + 2 Wochen = Do 04.06. Fronleichnam → Fr 05.06.; zurück: (Do 04.), Mi 03., Di 02., Mo 01.",
    ),
    Case(
        "rhineland-palatinate-all-saints",
        f"{STATE_HOLIDAYS} (Rheinland-Pfalz: Allerheiligen)",
        "RP",
        {},
        {"received_at": "2027-10-04", "deadline_text": "binnen vier Wochen"},
        "2027-11-02",
        internal_due_on="2027-10-27",
        why="Mo 04.10. + 4 Wochen = Mo 01.11. Allerheiligen → Di 02.11.",
    ),
    Case(
        "saxony-anhalt-epiphany",
        f"{STATE_HOLIDAYS} (Sachsen-Anhalt: Heilige Drei Könige)",
        "ST",
        {},
        {"received_at": "2026-12-23", "deadline_text": "binnen zwei Wochen"},
        "2027-01-07",
        internal_due_on="2026-12-31",
        why="Mi 23.12. + 2 Wochen = Mi 06.01. → Do 07.01.; 3 Arbeitstage davor: Di 05., Mo 04., (Fr 01. Neujahr), Do 31.12.",
    ),
    Case(
        "mecklenburg-womens-day",
        "https://www.spiegel.de/politik/deutschland/mecklenburg-vorpommern-macht-frauentag-2023-zum-feiertag-a-847a7dc8-6645-43f2-84f3-93cefde741c7",
        "MV",
        {},
        {"received_at": "2027-02-15", "deadline_text": "innerhalb von drei Wochen"},
        "2027-03-09",
        internal_due_on="2027-03-03",
        why="Mo 15.02. + 3 Wochen = Mo 08.03. Frauentag → Di 09.03.; zurück: (Mo 08.), Fr 05., Do 04., Mi 03.",
    ),
    Case(
        "brandenburg-reformation-day",
        f"{STATE_HOLIDAYS} (Brandenburg: Reformationstag)",
        "BB",
        {},
        {"received_at": "2025-10-17", "deadline_text": "binnen 14 Tagen"},
        "2025-11-03",
        internal_due_on="2025-10-28",
        why="Fr 17.10. + 14 Tage = Fr 31.10. → Mo 03.11.; zurück: (Fr 31.), Do 30., Mi 29., Di 28.",
    ),
    Case(
        "bremen-five-weeks-reformation-day",
        BREMEN,
        "HB",
        "bremische-buergerschaft",
        {"received_at": "2025-09-26"},
        "2025-11-03",
        internal_due_on="2025-10-28",
        why="Fr 26.09. + 5 Wochen = Fr 31.10. Reformationstag (Bremen) → Mo 03.11.; zurück: Do 30., Mi 29., Di 28.",
    ),
]
