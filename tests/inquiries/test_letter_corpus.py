"""The letter reader on whole letters: every letter in tests/data/letters has its expected
structure in NAME.expected.json (the shape of `import_inquiry --json`; real published documents
name their source), compared as `import_inquiry --score` compares. The shared real letters beside
the checkout (../shared/real-letters) are read the same way when they are there."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from inquiries.letters import MAX_QUESTIONS, LetterError, extract_text, parse_letter
from inquiries.letters.score import big_letter, first_difference, letters_in

LETTERS = Path(__file__).resolve().parent.parent / "data" / "letters"
SHARED = next(
    (
        p / "shared" / "real-letters"
        for p in Path(__file__).resolve().parents[3:5]
        if (p / "shared" / "real-letters").is_dir()
    ),
    Path("/nonexistent"),
)
SEED = LETTERS / "grosse-anfrage-kim.txt"


def _read(path: Path) -> dict:
    return parse_letter(extract_text(path.read_bytes(), path.name)).to_dict()


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


HELD_OUT = LETTERS / "heldout"
HELD_OUT_2 = LETTERS / "heldout2"
HELD_OUT_3 = LETTERS / "heldout3"
HELD_OUT_4 = LETTERS / "heldout4"
HELD_OUT_5 = LETTERS / "heldout5"
HELD_OUT_6 = LETTERS / "heldout6"
HELD_OUT_7 = LETTERS / "heldout7"
TRAIN_6 = LETTERS / "train6"


def _cases():
    for path in [
        *letters_in(LETTERS),
        *letters_in(HELD_OUT),
        *letters_in(HELD_OUT_2),
        *letters_in(HELD_OUT_3),
        *letters_in(HELD_OUT_4),
        *letters_in(HELD_OUT_5),
        *letters_in(HELD_OUT_6),
        *letters_in(HELD_OUT_7),
        *letters_in(TRAIN_6),
    ]:
        expected = _expected(path)
        marks = [pytest.mark.xfail(reason=expected["xfail"], strict=True)] if "xfail" in expected else []
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", list(_cases()))
def test_corpus_letter_is_read_exactly(path):
    assert first_difference(_read(path), _expected(path)) == ""


def test_corpus_has_eighty_letters_a_third_of_them_real_with_their_source():
    expected = [_expected(path) for path in [*letters_in(LETTERS), *letters_in(HELD_OUT)]]
    real = [e for e in expected if e["category"].startswith("real")]
    assert len(expected) >= 80
    assert len(real) * 3 >= len(expected)
    assert all(e.get("source") for e in real)
    assert {e["category"].split()[1] for e in expected} == {"de", "en"}
    assert {"reply", "anfrage"} <= {e["kind"] for e in expected}


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/real-letters is not beside the checkout")
@pytest.mark.parametrize("name", sorted(p.name for p in SHARED.glob("*.txt")) if SHARED.is_dir() else [])
def test_shared_real_letter_is_read_exactly(name):
    path = SHARED / name
    assert first_difference(_read(path), _expected(path)) == ""


def test_seed_letter_gives_nine_questions_1a_1b_and_the_next_meeting():
    letter = parse_letter(SEED.read_text(encoding="utf-8"))
    assert [q.number for q in letter.questions] == [str(n) for n in range(1, 10)]
    assert [s.number for s in letter.questions[0].sub_questions] == ["a", "b"]
    assert letter.deadline_text == "bis zur nächsten Sitzung"
    assert letter.kind == "grosse_anfrage"
    assert letter.sender == "Dilara Görgen, Vorsitzende des Integrationsausschusses"


def test_a_date_inside_a_question_is_not_the_deadline():
    letter = parse_letter((LETTERS / "frist-in-frage.txt").read_text(encoding="utf-8"))
    assert "31. Oktober 2026" in letter.questions[0].text
    assert letter.deadline_text == ""


def test_a_date_inside_the_justification_is_not_the_deadline():
    letter = parse_letter((LETTERS / "frist-wochen.txt").read_text(encoding="utf-8"))
    assert "bis zum 31. Oktober 2026" in letter.justification
    assert letter.deadline_text == "innerhalb von vier Wochen"


def test_uncertain_elements_are_named():
    letter = parse_letter((LETTERS / "bitten-ohne-fragezeichen.txt").read_text(encoding="utf-8"))
    assert all(q.doubts for q in letter.questions)
    assert any("3" in doubt for doubt in letter.doubts)
    sure = parse_letter(SEED.read_text(encoding="utf-8"))
    assert not any(q.doubts for q in sure.questions)


def test_a_shared_answer_is_carried_by_each_question_it_answers():
    letter = parse_letter((LETTERS / "zu-zwei-und-drei.txt").read_text(encoding="utf-8"))
    assert letter.is_reply
    assert letter.questions[1].answer == letter.questions[2].answer != ""


def test_repeated_numbers_are_kept_as_written_and_marked():
    text = "Sehr geehrte Damen und Herren,\n\n1. Eins?\n\n2. Zwei?\n\n2. Noch einmal zwei?\n"
    letter = parse_letter(text)
    assert [q.number for q in letter.questions] == ["1", "2", "2"]
    assert letter.questions[2].doubts


def test_more_questions_than_the_limit_are_refused_with_a_message():
    lines = "\n".join(f"{n}. Frage Nummer {n}?" for n in range(1, MAX_QUESTIONS + 2))
    with pytest.raises(LetterError, match="more than"):
        parse_letter(f"Sehr geehrte Damen und Herren,\n\n{lines}\n")
    lines = "\n".join(f"{n}. Frage Nummer {n}?" for n in range(1, MAX_QUESTIONS + 1))
    assert len(parse_letter(f"Sehr geehrte Damen und Herren,\n\n{lines}\n").questions) == MAX_QUESTIONS


# each held-out set: the folder, its least size, whether it holds inquiries and replies both
HELD_OUT_SETS = [
    (HELD_OUT, 30, False),
    (HELD_OUT_2, 40, False),
    (HELD_OUT_3, 40, True),
    (HELD_OUT_4, 40, False),
    (HELD_OUT_5, 40, True),
    (HELD_OUT_6, 40, True),
    (HELD_OUT_7, 40, True),
    (TRAIN_6, 14, True),  # few complete replies among these sources' stored pages: train6/README.md
]


@pytest.mark.parametrize(
    ("folder", "least", "both_kinds"), HELD_OUT_SETS, ids=lambda v: getattr(v, "name", None)
)
def test_held_out_letters_are_real_with_their_source_and_not_generated_from_the_reader(
    folder, least, both_kinds
):
    expected = [_expected(path) for path in letters_in(folder)]
    assert len(expected) >= least
    assert all(e["category"].startswith("real") and e.get("source") for e in expected)
    if both_kinds:
        assert {"reply", "anfrage"} <= {e["kind"] for e in expected}


def test_a_two_megabyte_letter_is_read_whole():
    # How fast: `manage.py import_inquiry --bench` (a benchmark, not a test: CPU time depends on
    # the machine). Here: the big letter still gives its questions and the seed's deadline.
    letter = parse_letter(big_letter(SEED.read_text(encoding="utf-8")))
    assert [q.number for q in letter.questions] == [str(n) for n in range(1, 10)]
    assert letter.deadline_text == "bis zur nächsten Sitzung"


def test_score_command_prints_exact_over_total_and_the_first_difference(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.expected.json").write_text(
        json.dumps({"kind": "grosse_anfrage", "deadline_text": "bis zur nächsten Sitzung"}), encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.expected.json").write_text(json.dumps({"kind": "reply"}), encoding="utf-8")
    out = io.StringIO()
    call_command("import_inquiry", "--score", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines() == [
        'b.txt: kind: expected "reply", got "grosse_anfrage"',
        "1 / 2 exact",
    ]
