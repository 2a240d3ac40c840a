"""Precision@5 and recall@5 of similarity methods on the labelled set in tests/data/similar/
(for `manage.py bench_similar`). Pure Python: the command supplies each method's rankings."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from search import similar

K = 5
LABELLED_SET = Path(settings.BASE_DIR) / "tests" / "data" / "similar" / "pairs.json"


@dataclass(frozen=True)
class Query:
    group: str
    split: str
    text: str
    repeats: frozenset[int]  # indices into the pool


@dataclass
class LabelledSet:
    pool: list[str]  # every earlier question of every group
    queries: list[Query]
    pairs: int

    def split(self, name: str) -> list[Query]:
        return [q for q in self.queries if q.split == name]


def load(path: Path = LABELLED_SET) -> LabelledSet:
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    pool: list[str] = []
    queries = []
    pairs = 0
    for group in groups:
        repeats = []
        for label in ("repeat", "same_topic", "unrelated"):
            for text in group[label]:
                pairs += 1
                if label == "repeat":
                    repeats.append(len(pool))
                pool.append(text)
        queries.append(Query(group["id"], group["split"], group["query"], frozenset(repeats)))
    return LabelledSet(pool=pool, queries=queries, pairs=pairs)


# A method maps a query text to (pool index, score) pairs, best first.
Ranking = list[tuple[int, float]]


@dataclass
class Figures:
    precision: float
    recall: float
    shown: int
    found: int
    relevant: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(rankings: dict[str, Ranking], queries: list[Query], threshold: float) -> Figures:
    """Micro-averaged over the queries: of the up to K suggestions shown (score ≥ threshold),
    the share that are true repeats (precision@5), and of the true repeats, the share shown
    (recall@5)."""
    shown = found = relevant = 0
    for query in queries:
        top = [index for index, value in rankings[query.group] if value >= threshold][:K]
        shown += len(top)
        found += len(query.repeats & set(top))
        relevant += len(query.repeats)
    return Figures(
        precision=found / shown if shown else 0.0,
        recall=found / relevant if relevant else 0.0,
        shown=shown,
        found=found,
        relevant=relevant,
    )


def tune_threshold(rankings: dict[str, Ranking], queries: list[Query]) -> float:
    """The threshold with the best F1 on `queries` (the tuning part only)."""
    values = sorted({value for ranking in rankings.values() for _, value in ranking})
    best, best_f1 = 0.0, -1.0
    for value in values:
        f1 = evaluate(rankings, queries, value).f1
        if f1 > best_f1:
            best, best_f1 = value, f1
    return best


def python_rankings(labelled: LabelledSet, scorer: Callable[[str, str], float]) -> dict[str, Ranking]:
    rankings = {}
    for query in labelled.queries:
        scored = [(index, scorer(query.text, text)) for index, text in enumerate(labelled.pool)]
        rankings[query.group] = sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])
    return rankings


def word_overlap(a: str, b: str) -> float:
    """The plain baseline: Jaccard of the lower-cased words, nothing else."""
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def folded_overlap(a: str, b: str) -> float:
    """Folded content words with compound parts, no trigrams (the SQLite stand-in for FTS)."""
    return similar.term_overlap(similar.weighted_terms(a), similar.weighted_terms(b))


def trigrams(a: str, b: str) -> float:
    """Character trigrams of the folded content words (the Python side of pg_trgm)."""
    return similar.trigram_similarity(similar.weighted_terms(a), similar.weighted_terms(b))
