"""The public holidays of all 16 states in 2025–2027, written out by hand from the states'
holiday laws, against the calendar the deadlines count with.

Easter Sunday: 20.04.2025, 05.04.2026, 28.03.2027 (Karfreitag −2, Ostermontag +1, Christi
Himmelfahrt +39, Pfingstmontag +50, Fronleichnam +60). Buß- und Bettag: the Wednesday before
23 November. Only days Monday to Saturday are compared: a Sunday never counts as a working day
or Werktag, so a Sunday holiday (Ostersonntag, Pfingstsonntag in Brandenburg) changes no
deadline.

Where the states differ (sources):
- Heilige Drei Könige (BW, BY, ST), Fronleichnam (BW, BY, HE, NW, RP, SL), Mariä Himmelfahrt
  (SL; BY only in Catholic-majority municipalities), Reformationstag, Allerheiligen, Buß- und
  Bettag (SN): http://www.ferien-planer.de/feiertage-bundeslaender.html and
  http://www.deutschland-feiertage.de/service/hinweise
- Reformationstag in HB, HH, NI, SH since 2018; Weltkindertag in TH since 2019 (Drittes Gesetz zur
  Änderung des Thüringer Feier- und Gedenktagsgesetzes):
  https://lakt.de/aktuell/bereich-1008/artikel-2356/feiertage-in-thuringen
- Frauentag in BE since 2019, in MV since 2023:
  https://www.spiegel.de/politik/deutschland/mecklenburg-vorpommern-macht-frauentag-2023-zum-feiertag-a-847a7dc8-6645-43f2-84f3-93cefde741c7
- 8 May 2025 in BE, once:
  https://www.stuttgarter-nachrichten.de/inhalt.8-mai-warum-nur-berlin-feiertag-mhsd.f988d89d-864c-43b5-974c-490f51556c32.html
- Fronleichnam in parts of SN and TH only, Augsburger Friedensfest in Augsburg only (a rules'
  `extra_holidays`, not the state's): http://www.deutschland-feiertage.de/service/hinweise
"""

from datetime import date

import pytest

from inquiries.deadlines import NAMED_HOLIDAYS, STATES, WorkCalendar, easter_sunday

ALL = {
    2025: ["01-01", "04-18", "04-21", "05-01", "05-29", "06-09", "10-03", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-01", "05-14", "05-25", "10-03", "12-25", "12-26"],
    2027: ["01-01", "03-26", "03-29", "05-01", "05-06", "05-17", "10-03", "12-25", "12-26"],
}
EPIPHANY = ["01-06"]
CORPUS_CHRISTI = {2025: ["06-19"], 2026: ["06-04"], 2027: ["05-27"]}
ASSUMPTION = ["08-15"]
REFORMATION = ["10-31"]
ALL_SAINTS = ["11-01"]
WOMENS_DAY = ["03-08"]
CHILDRENS_DAY = ["09-20"]
REPENTANCE = {2025: ["11-19"], 2026: ["11-18"], 2027: ["11-17"]}


def _own(state: str, year: int) -> list[str]:
    """The days a state adds to the nine every state keeps."""
    cc, rep = CORPUS_CHRISTI[year], REPENTANCE[year]
    return {
        "BW": EPIPHANY + cc + ALL_SAINTS,
        "BY": EPIPHANY + cc + ALL_SAINTS,
        "BE": WOMENS_DAY + (["05-08"] if year == 2025 else []),
        "BB": REFORMATION,
        "HB": REFORMATION,
        "HH": REFORMATION,
        "HE": cc,
        "MV": WOMENS_DAY + REFORMATION,
        "NI": REFORMATION,
        "NW": cc + ALL_SAINTS,
        "RP": cc + ALL_SAINTS,
        "SL": cc + ASSUMPTION + ALL_SAINTS,
        "SN": REFORMATION + rep,
        "ST": EPIPHANY + REFORMATION,
        "SH": REFORMATION,
        "TH": CHILDRENS_DAY + REFORMATION,
    }[state]


def _expected(state: str, year: int) -> set[date]:
    days = {date.fromisoformat(f"{year}-{md}") for md in ALL[year] + _own(state, year)}
    return {d for d in days if d.weekday() < 6}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
@pytest.mark.parametrize("state", sorted(STATES))
def test_state_holidays_match_the_states_laws(state, year):
    calendar = WorkCalendar(state)
    got = {d for d in calendar.holidays(year) if d.weekday() < 6}
    assert got == _expected(state, year)


def test_every_state_is_in_the_table():
    assert sorted(STATES) == sorted(
        ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"]
    )


@pytest.mark.parametrize(
    ("year", "easter"), [(2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))]
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_easter_sunday_matches_a_published_table_of_other_years():
    # 2000: 23.04., 2008: 23.03. (early), 2011: 24.04. (late), 2038: 25.04. (latest possible)
    for d in (date(2000, 4, 23), date(2008, 3, 23), date(2011, 4, 24), date(2038, 4, 25), date(2285, 3, 22)):
        assert easter_sunday(d.year) == d


@pytest.mark.parametrize(
    ("name", "year", "on"),
    [
        ("fronleichnam", 2026, date(2026, 6, 4)),
        ("mariae_himmelfahrt", 2025, date(2025, 8, 15)),
        ("augsburger_friedensfest", 2027, date(2027, 8, 8)),
        ("buss_und_bettag", 2025, date(2025, 11, 19)),
        ("buss_und_bettag", 2026, date(2026, 11, 18)),
        ("buss_und_bettag", 2027, date(2027, 11, 17)),
        ("rosenmontag", 2027, date(2027, 2, 8)),
        ("gruendonnerstag", 2026, date(2026, 4, 2)),
    ],
)
def test_named_extra_holidays(name, year, on):
    calendar = WorkCalendar("NW", (name,))
    assert calendar.is_holiday(on)
    assert calendar.holiday_name(on) in (NAMED_HOLIDAYS[name][0], WorkCalendar("NW").holiday_name(on))
    assert not calendar.is_working_day(on)


def test_extra_holidays_by_date_once_or_every_year():
    calendar = WorkCalendar("NW", ("2026-06-19 Stadtfest", "11-11 Sessionseröffnung"))
    assert calendar.holiday_name(date(2026, 6, 19)) == "Stadtfest"
    assert not calendar.is_holiday(date(2027, 6, 19))  # a date with a year is that year only
    assert calendar.is_holiday(date(2025, 11, 11)) and calendar.is_holiday(date(2027, 11, 11))


def test_a_werktag_is_a_saturday_only_where_the_rules_say_so():
    saturday = date(2026, 11, 14)
    assert not WorkCalendar("NW").is_werktag(saturday)
    assert WorkCalendar("NW", saturday_is_werktag=True).is_werktag(saturday)
    assert not WorkCalendar("NW", saturday_is_werktag=True).is_working_day(saturday)
    # a holiday on a Saturday is no Werktag either: Sa 03.10.2026
    assert not WorkCalendar("NW", saturday_is_werktag=True).is_werktag(date(2026, 10, 3))


@pytest.mark.parametrize("spec", ["2026-02-30", "13-01", "sankt_martin", "", "2026-6-19"])
def test_bad_extra_holidays_fail_loudly(spec):
    with pytest.raises(ValueError):
        WorkCalendar("NW", (spec,))
