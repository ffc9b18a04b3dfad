"""SemEval-2021 Task 5 character F1, word-span post-processing and the word-lexicon baseline."""
from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"\w+(?:'\w+)*")


def post_f1(pred: set, gold: set) -> tuple[float, float, float]:
    """(F1, precision, recall) for one post; empty gold scores 1 iff the prediction is empty."""
    if not gold:
        v = 1.0 if not pred else 0.0
        return v, v, v
    if not pred:
        return 0.0, 0.0, 0.0
    tp = len(pred & gold)
    p, r = tp / len(pred), tp / len(gold)
    return (0.0 if tp == 0 else 2 * p * r / (p + r)), p, r


def corpus_scores(preds: list, golds: list) -> dict:
    """Mean per-post F1 / precision / recall (the official score is the F1 mean)."""
    rows = [post_f1(set(p), set(g)) for p, g in zip(preds, golds)]
    n = max(len(rows), 1)
    return {"f1": sum(r[0] for r in rows) / n, "precision": sum(r[1] for r in rows) / n,
            "recall": sum(r[2] for r in rows) / n, "posts": len(rows)}


def words(text: str):
    return [(m.start(), m.end(), m.group(0).lower()) for m in WORD.finditer(text)]


def word_scores(text: str, scores) -> list:
    """(start, end, mean character score) per word."""
    return [(a, b, sum(scores[a:b]) / (b - a)) for a, b, _ in words(text)]


def offsets_from_char_scores(text: str, scores, threshold: float, whole_words: bool, bridge: bool,
                             min_word: float | None = None, relative: float = 0.0, scored_words=None) -> set:
    """Characters over threshold; with whole_words a word is marked entirely when its mean character score
    passes; with bridge the non-word gap between two marked words on one line is marked too (gold phrases
    include it). With min_word/relative (whole words only), `threshold` gates the post: nothing is marked unless
    its best word reaches it, and then every word scoring >= max(min_word, relative * best word score) is marked
    (so a post with a clear insult keeps weaker words only near its level, and a weak word can join a strong one).
    Defaults (min_word = threshold, relative = 0) give the plain word rule."""
    if not whole_words:
        return {i for i, s in enumerate(scores) if s >= threshold}
    ws = scored_words if scored_words is not None else word_scores(text, scores)
    best = max((x for _, _, x in ws), default=0.0)
    if best < threshold:
        return set()
    cut = max(threshold if min_word is None else min_word, relative * best)
    out, prev_end = set(), None
    for start, end, x in ws:
        if x >= cut:
            if bridge and prev_end is not None and end > prev_end and "\n" not in text[prev_end:start] \
                    and start - prev_end <= 2:
                out.update(range(prev_end, start))
            out.update(range(start, end))
            prev_end = end
        else:
            prev_end = None
    return out


class WordLexicon:
    """Baseline: a word is toxic when its share of occurrences inside gold spans (train split) exceeds a cut."""

    def __init__(self, posts, min_count: int = 1):
        inside, total = Counter(), Counter()
        for p in posts:
            for start, end, w in words(p.text):
                total[w] += 1
                if any(o in p.spans for o in range(start, end)):
                    inside[w] += 1
        self.share = {w: inside[w] / c for w, c in total.items() if c >= min_count}

    def predict(self, text: str, cut: float) -> set:
        out = set()
        for start, end, w in words(text):
            if self.share.get(w, 0.0) > cut:
                out.update(range(start, end))
        return out

    def tune(self, dev_posts) -> tuple[float, dict]:
        best = None
        for cut in [i / 20 for i in range(0, 20)]:
            s = corpus_scores([self.predict(p.text, cut) for p in dev_posts], [p.spans for p in dev_posts])
            if best is None or s["f1"] > best[1]["f1"]:
                best = (cut, s)
        return best
