""" "Asked before?": earlier questions that resemble a new one.

Two steps, so that the cost does not grow with the archive:

1. Candidates from the database, at most `CANDIDATES` questions that share a word form with the
   new text. PostgreSQL: one statement over the GIN-indexed German `search_vector` of questions
   (each content word with its ß/ss and umlaut spellings) in tiers, most specific first: all of
   the most telling words, then one fewer, down to the most telling alone, then any word, then
   any word as a prefix (`candidate_tiers`); each tier ranks at most `SAMPLE` rows by `ts_rank`,
   and the database stops when `CANDIDATES` are found, so the cost does not grow with the
   archive (`candidate_questions`). SQLite: `icontains` on the longest stems, newest first
   (development data is small).
2. Re-ranking in Python (`score`): folded content words (ß→ss, ä→ae, casefold, German stopwords
   and council boilerplate dropped, one inflection ending cut) matched whole or as a part of a
   compound ("Hallenbad" in "Hallenbadsanierung"), combined with character-trigram similarity
   of the same words, which carries word forms the ending rule misses ("Turnhalle"/"Sporthalle"
   share "halle"). `manage.py bench_similar` measured this against plain word overlap, German
   full-text ranking and pg_trgm on the labelled set in tests/data/similar/; see the README.

Only questions with a sent answer the user may read are suggested for the answer editor
(`ReplyAnswer.objects.visible_to`: the text as sent; never a draft, an approved but unsent text
or a correction still under way), and only inquiries the user may see elsewhere
(`Inquiry.objects.visible_to`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from inquiries.fulltext import SEARCH_CONFIG
from inquiries.models import Inquiry, Question
from responses.models import ReplyAnswer
from search import text as german

MAX_SUGGESTIONS = 5
CANDIDATES = 40
MAX_QUERY_TERMS = 12
# the candidate step's AND chain (`candidate_tiers`) and how many rows of a tier it ranks
CHAIN_TERMS = 6
SAMPLE = 1000
# tuned on the tuning part of tests/data/similar/ (manage.py bench_similar)
THRESHOLD = 0.37
TRIGRAM_WEIGHT = 0.5
COMPOUND_MATCH = 0.8
LOWERCASE_WEIGHT = 0.3
# "very similar" for the council office's warning at registration
REPEAT_THRESHOLD = 0.5
REPEAT_WINDOW = timedelta(days=2 * 365)

# common German inflection endings, longest first (as search cuts them)
_ENDINGS = german.ENDINGS
_MIN_STEM = german.MIN_STEM
_MIN_COMPOUND_PART = 5

# Function words and the boilerplate of council questions: they say nothing about the subject.
STOPWORDS = frozenset(
    """
    aber alle allen aller alles als also am an auch auf aus bei beim bereits bis bisher bitte da
    dabei damit dann das dass dem den denen der deren derzeit des dessen die dies diese diesem
    diesen dieser dieses doch dort durch ein eine einem einen einer eines er es etwa fuer gab gibt
    hat hatte haben habe hier ihr ihre im in ist ja jahr jahren jahre jetzt kann koennen konnte
    konnten kuenftig letzten mehr mit muessen nach nicht noch nur ob oder ohne pro seit sich sie
    sind so soll sollen sowie ueber um und uns unsere unserer unter vom von vor war waren warum
    was weil welche welchem welchen welcher welches wenn wer werden wie wieviel viele vielen wird
    wo wurde wurden zu zum zur zwischen derzeitig aktuell aktuelle inzwischen heute
    stadt stadtgebiet staedtischen staedtische verwaltung gemeinde gemeindegebiet plant planen
    geplant ist sind gibt es ggf bzw frage fragen
    """.split()
)


def fold(text: str) -> str:
    """Search's German folding ("Straße"/"Strasse", "Mühle"/"Muehle" meet). An ASCII word folds
    to its lower case (most words: no call per character)."""
    return text.casefold() if text.isascii() else german.fold(text)


def is_stopword(word: str) -> bool:
    """Council boilerplate or one of PostgreSQL's German stop words (folded)."""
    return word in STOPWORDS or word in german.stopwords()


def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def weighted_terms(text: str) -> dict[str, float]:
    """The stems of the words that carry the subject, with their weight: German writes nouns
    with a capital letter, and nouns (Spielplatz, Grundsteuer, Lindenstraße) say what a
    question is about, while verbs and adjectives (repariert, erhöht, undicht) say what it
    asks of it. Long words are compounds and names; numbers are bus lines and years."""
    weights: dict[str, float] = {}
    for position, match in enumerate(re.finditer(r"\w+", text)):
        word = fold(match.group())
        if is_stopword(word) or (len(word) < 3 and not word.isdigit()):
            continue
        is_noun = match.group()[:1].isupper() and position > 0
        if word.isdigit() or (is_noun and len(word) >= 8):
            weight = 1.5
        elif is_noun:
            weight = 1.0
        else:
            weight = LOWERCASE_WEIGHT
        term = stem(word)
        weights[term] = max(weights.get(term, 0.0), weight)
    return weights


def content_terms(text: str) -> list[str]:
    """The stems of the words that carry the subject, in order, without repeats."""
    return list(weighted_terms(text))


def _trigrams(terms: list[str]) -> set[str]:
    grams = set()
    for term in terms:
        padded = f"  {term} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _match(term: str, others: list[str]) -> float:
    best = 0.0
    for other in others:
        if term == other:
            return 1.0
        short, long = (term, other) if len(term) <= len(other) else (other, term)
        if len(short) >= _MIN_COMPOUND_PART and (long.startswith(short) or long.endswith(short)):
            best = COMPOUND_MATCH
    return best


def term_overlap(query: dict[str, float], candidate: dict[str, float]) -> float:
    """How much of each side's weight the other covers, averaged (0..1); a compound part
    counts `COMPOUND_MATCH`."""
    if not query or not candidate:
        return 0.0
    q_terms, c_terms = list(query), list(candidate)
    covered_q = sum(w * _match(t, c_terms) for t, w in query.items()) / sum(query.values())
    covered_c = sum(w * _match(t, q_terms) for t, w in candidate.items()) / sum(candidate.values())
    return (covered_q + covered_c) / 2


def trigram_similarity(query: dict[str, float], candidate: dict[str, float]) -> float:
    """Jaccard of the character trigrams of the nouns (all content words if none)."""
    a = _trigrams([t for t, w in query.items() if w >= 1] or list(query))
    b = _trigrams([t for t, w in candidate.items() if w >= 1] or list(candidate))
    return len(a & b) / len(a | b) if a and b else 0.0


def score(query_text: str, candidate_text: str) -> float:
    """The similarity the product ships (0..1)."""
    return _score(weighted_terms(query_text), weighted_terms(candidate_text))


def _score(query: dict[str, float], candidate: dict[str, float]) -> float:
    return (1 - TRIGRAM_WEIGHT) * term_overlap(query, candidate) + TRIGRAM_WEIGHT * trigram_similarity(
        query, candidate
    )


# --- Candidates from the database ------------------------------------------------------------


def _spellings(word: str) -> list[str]:
    """The word as the letter may have spelled it: "strasse" → also "straße"."""
    forms = {word}
    for plain, special in (("ss", "ß"), ("ae", "ä"), ("oe", "ö"), ("ue", "ü")):
        for form in list(forms):
            if plain in form:
                forms.add(form.replace(plain, special))
    return sorted(forms)


def _query_terms(text: str) -> list[str]:
    """At most `MAX_QUERY_TERMS` content words of `text`, the most telling first: nouns before
    verbs and adjectives (`weighted_terms`), longer before shorter (compounds and names)."""
    weights = weighted_terms(text)
    terms = sorted(weights, key=lambda term: (-weights[term], -len(term)))[:MAX_QUERY_TERMS]
    return terms


def _group(term: str, *, prefix: bool) -> str:
    """`(a | ä)`: the word in each spelling, as a prefix (`a:*`, compounds and longer forms) or
    as the word PostgreSQL's stemmer makes of it; only \\w characters reach to_tsquery."""
    forms = [re.sub(r"[^\w]", "", form) for form in _spellings(term)]
    forms = [f"{form}:*" if prefix else form for form in forms if form]
    return "(" + " | ".join(forms) + ")" if forms else ""


def _tsquery_groups(text: str, *, prefix: bool = True) -> list[str]:
    """One group (`_group`) per content word of `text`, the most telling first."""
    groups = [_group(term, prefix=prefix) for term in _query_terms(text)]
    return list(dict.fromkeys(group for group in groups if group))


def or_tsquery(text: str) -> str:
    """Questions that share any content word with `text`."""
    return " | ".join(_tsquery_groups(text))


def candidate_tiers(text: str) -> list[tuple[str, str | None]]:
    """The tsqueries of the candidate step, most specific first, as (what a tier matches, what it
    leaves to the tiers before it): all of the `CHAIN_TERMS` most telling words, then one word
    fewer (the least telling dropped), down to the most telling word alone; then any other word;
    then any word as a prefix (compounds: "hallenbad:*" finds "Hallenbadsanierung"). So a row is
    found once. The exclusion is a condition of its own, not a `!` in the tier's tsquery: a word
    the German dictionary drops (a stop word after our stemming) would leave "!word" alone, which
    matches nearly every row. Words are matched as PostgreSQL stems them, without a prefix, in
    all but the last tier: a prefix match reads every row address of every word that starts with
    it (a common word's hundreds of thousands) before the first row is returned, whereas an AND
    of whole words is driven by its rarest word (GIN skips through the others)."""
    exact = _tsquery_groups(text, prefix=False)
    if not exact:
        return []
    chain = exact[:CHAIN_TERMS]
    tiers: list[tuple[str, str | None]] = []
    for size in range(len(chain), 0, -1):
        tiers.append((" & ".join(chain[:size]), chain[size] if size < len(chain) else None))
    if len(exact) > 1:
        tiers.append((" | ".join(exact[1:]), exact[0]))
    tiers.append((or_tsquery(text), " | ".join(exact)))
    return tiers


def candidate_questions(
    questions: QuerySet[Question], text: str, *, limit: int = CANDIDATES
) -> list[Question]:
    """At most `limit` questions of `questions` that share a word with `text`: one query.

    PostgreSQL: the tiers of `candidate_tiers` in one UNION ALL; of the first `SAMPLE` questions
    a tier matches, those in `questions`, the `limit` with the highest `ts_rank` (against any
    word as a prefix). The database stops at the first `limit` rows, so a tier runs only if the
    more specific ones before it found fewer. What one request reads is bounded by `SAMPLE` per
    tier and by the rarest word of a tier, not by the archive: ranking every question that
    shares any word (hundreds of thousands at 100,000 inquiries) took seconds."""
    if uses_fulltext():
        tiers = candidate_tiers(text)
        if not tiers:
            return []
        rank_by = SearchQuery(or_tsquery(text), search_type="raw", config=SEARCH_CONFIG)
        parts = []
        for number, (tier, found_before) in enumerate(tiers):
            matches = Question.objects.filter(
                search_vector=SearchQuery(tier, search_type="raw", config=SEARCH_CONFIG)
            )
            if found_before:
                matches = matches.exclude(
                    search_vector=SearchQuery(found_before, search_type="raw", config=SEARCH_CONFIG)
                )
            # the first `SAMPLE` rows the index finds, in no order (ordering would read every
            # match), before `questions`' own conditions: a subquery with a limit, which the
            # planner runs first, so that those conditions are checked for these rows only
            sample = matches.order_by().values("pk")[:SAMPLE]
            parts.append(
                questions.filter(pk__in=sample)
                .annotate(tier=Value(number), rank=SearchRank(F("search_vector"), rank_by))
                .order_by("-rank", "-pk")
                .defer("search_vector")[:limit]
            )
        # no order either: the database returns the tiers in turn and stops at `limit` rows
        found = list(parts[0].union(*parts[1:], all=True).order_by()[:limit])
        # in the order of the tiers, whatever order the database returned them in
        return sorted(found, key=lambda question: (question.tier, -question.rank, -question.pk))
    terms = sorted(content_terms(text), key=len, reverse=True)[:6]
    if not terms:
        return []
    matches = Q()
    for term in terms:
        for form in _spellings(term):
            matches |= Q(text__icontains=form)
    return list(questions.filter(matches).order_by("-pk")[:limit])


def uses_fulltext() -> bool:
    return connection.vendor == "postgresql"


def rank(text: str, candidates: list, *, text_of=lambda c: c.text, threshold: float = THRESHOLD) -> list:
    """`candidates` with their `similarity` set, best first, those below `threshold` left out."""
    scored = []
    query = weighted_terms(text)  # once, not per candidate
    for candidate in candidates:
        candidate.similarity = _score(query, weighted_terms(text_of(candidate)))
        if candidate.similarity >= threshold:
            scored.append(candidate)
    scored.sort(key=lambda c: -c.similarity)
    return scored


# --- Suggestions -------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """An earlier question with the answer as it was sent."""

    question: Question
    sent_answer: ReplyAnswer
    similarity: float

    @property
    def inquiry(self) -> Inquiry:
        return self.question.inquiry


def answered_questions(user) -> QuerySet[Question]:
    """Questions with a sent answer `user` may read (the sent text of an inquiry they see)."""
    return Question.objects.filter(
        Exists(ReplyAnswer.objects.visible_to(user).filter(question=OuterRef("pk")))
    )


def suggestions_for_question(user, question: Question, *, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Up to `limit` earlier questions of other inquiries that resemble `question`, each with
    the answer as sent, best first. Two queries, whatever the archive's size."""
    candidates = candidate_questions(
        answered_questions(user).exclude(inquiry_id=question.inquiry_id), question.text
    )
    best = rank(question.text, candidates)[:limit]
    if not best:
        return []
    sent = {
        answer.question_id: answer
        for answer in ReplyAnswer.objects.visible_to(user)
        .filter(question_id__in=[c.pk for c in best])
        .select_related("reply", "question__inquiry", "question__parent")
    }
    return [
        Suggestion(question=sent[c.pk].question, sent_answer=sent[c.pk], similarity=c.similarity)
        for c in best
        if c.pk in sent
    ]


@dataclass
class SimilarInquiry:
    inquiry: Inquiry
    similarity: float
    questions: list[Question] = field(default_factory=list)  # its questions that resemble ours

    @property
    def is_answered(self) -> bool:
        return self.inquiry.status == Inquiry.Status.ANSWERED


def similar_inquiries(
    user,
    texts: list[str],
    *,
    exclude_pk: int | None = None,
    since: date | None = None,
    threshold: float = THRESHOLD,
    limit: int = MAX_SUGGESTIONS,
) -> list[SimilarInquiry]:
    """Earlier inquiries `user` may see whose questions resemble any of `texts` (the subject and
    questions of an inquiry being written, imported, registered or read), best first.

    Two queries whatever the number of texts: the candidates for all texts together (each text
    is then scored on its own, so one long text does not drown the others) and the inquiries."""
    inquiries = Inquiry.objects.visible_to(user).exclude(status=Inquiry.Status.DRAFT)
    if exclude_pk:
        inquiries = inquiries.exclude(pk=exclude_pk)
    if since:
        inquiries = inquiries.filter(received_on__gte=since)
    questions = Question.objects.filter(inquiry__in=inquiries)
    found: dict[int, SimilarInquiry] = {}
    matched: dict[int, list[Question]] = {}
    combined = " ".join(texts)
    # one candidate query for all texts together, then each text is scored on its own
    candidates = candidate_questions(questions, combined, limit=CANDIDATES * 2)
    for text in texts:
        for candidate in rank(text, list(candidates), threshold=threshold):
            best = max(found.get(candidate.inquiry_id, 0.0), candidate.similarity)
            found[candidate.inquiry_id] = best
            if candidate not in matched.setdefault(candidate.inquiry_id, []):
                matched[candidate.inquiry_id].append(candidate)
    if not found:
        return []
    top = sorted(found, key=lambda pk: -found[pk])[:limit]
    by_pk = inquiries.select_related("committee").in_bulk(top)
    return [
        SimilarInquiry(inquiry=by_pk[pk], similarity=found[pk], questions=matched[pk])
        for pk in top
        if pk in by_pk
    ]


def likely_repeats(user, inquiry: Inquiry, *, today: date) -> list[SimilarInquiry]:
    """Inquiries of the last two years with a question very similar to one of `inquiry`'s: the
    council office's warning at registration."""
    texts = [q.text for q in inquiry.questions.all() if q.text][:50]
    return similar_inquiries(
        user,
        texts,
        exclude_pk=inquiry.pk,
        since=today - REPEAT_WINDOW,
        threshold=REPEAT_THRESHOLD,
    )
