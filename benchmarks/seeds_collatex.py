"""Benchmark: seeds 001 and 002 (B and C) through this tool and through CollateX, timed,
and their token alignments judged against the gold alignment of the seeds.

    python benchmarks/seeds_collatex.py      (needs: pip install collatex python-Levenshtein)

Time: CollateX's collation call alone (its import, input reading and tokenising excluded)
against this tool's encode + align + collate in-process (imports excluded), against its
align + collate, and against its collation stage alone. Three rounds, each of five runs of
this tool and then one of CollateX, so that both sample the same stretches of a shared
machine whose speed varies; best is compared with best, and median with median.

Quality, two ways. A token match is two equal words (after normalisation) that an alignment
puts in the same place (the same column of CollateX's table; the same cell of this tool's).

1. Seeds 001 and 002, two different narratives: a match is right if the gold alignment
   (`tests/gold/seeds_alignment.toml`) says the passages holding the two words tell the same
   episode (sure or possible link), wrong otherwise (`في` of one episode matched with `في`
   of another). Reported: right matches, wrong matches, and precision, for all words and for
   content words only (a function word matched in two paraphrases says nothing of either).
2. Seed 001 against a copy of it with known edits (every ~20 words: a spelling change, a
   changed word, a dropped word, or two words swapped), where the true correspondence of
   every word is known: precision and recall of the equal-word matches of each tool.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.align_scale import timed_stages, write_project  # noqa: E402
from edition.arabic.normalize import normalize_orthographic  # noqa: E402
from edition.arabic.stems import stem  # noqa: E402
from edition.arabic.tokens import words  # noqa: E402
from edition.collate.multi import align_tokens  # noqa: E402
from edition.collate.tokens import collation_tokens  # noqa: E402
from tests.gold_eval import load_gold  # noqa: E402

ROUNDS = 3  # rounds of: this tool's runs (each well under a second), then one CollateX run
RUNS_OURS = 5  # (seconds): the two sample the same stretches of a machine whose speed varies;
# the best and the median of each are compared, the best being the usual measure of a timing
FILES = {"B": "001_b591f9d4088f33c0.txt", "C": "002_130a589fe048d5af.txt"}

COLLATEX = """
import json, sys, time
from collatex import Collation, collate
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:3]]
c = Collation()
c.add_plain_witness(sys.argv[3], texts[0])
c.add_plain_witness(sys.argv[4], texts[1])
t = time.perf_counter()
out = collate(c, output="json")
print(json.dumps({"seconds": time.perf_counter() - t, "table": json.loads(out)["table"]}))
"""


def passage_of_offset(raw: str, passages) -> callable:
    """Offsets in the raw file -> passage ids (passages located in order)."""
    starts = []
    pos = 0
    for p in passages:
        at = raw.find(p.text[:25], pos)
        if at < 0:
            raise SystemExit(f"cannot locate passage {p.id} in the file")
        starts.append((at, p.id))
        pos = at + 1

    def find(offset: int) -> str:
        pid = starts[0][1]
        for at, p in starts:
            if at > offset:
                break
            pid = p
        return pid

    return find


def judge(pairs, sure, possible) -> tuple[int, int]:
    right = sum(frozenset(p) in sure or frozenset(p) in possible for p in pairs)
    return right, len(pairs) - right


_WORD = re.compile(r"[^\W_]+")


def content_only(pairs: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The matches of content words (`السلطان`, not `في`: any two Arabic texts share those),
    by the word at the first offset (both words of a match are equal)."""
    out = []
    for a, b in pairs:
        m = _WORD.match(text, a)
        if m and stem(normalize_orthographic(m.group())):
            out.append((a, b))
    return out


def verdict(name: str, pairs, where, sure, possible, text: str) -> str:
    """Right and wrong matches, all words and content words only."""
    parts = []
    for what, ps in (("all words", pairs), ("content words", content_only(pairs, text))):
        r, w = judge([(where["B"](b), where["C"](c)) for b, c in ps], sure, possible)
        parts.append(f"{what} {r} right, {w} wrong (precision {r / max(r + w, 1):.2f})")
    return f"{name} token matches: " + "; ".join(parts)


def run_collatex(raw: dict[str, str]) -> tuple[float, list[tuple[int, int]]]:
    """CollateX on two texts: its time in seconds, and its equal-word matches as pairs of
    character offsets (first witness, second witness)."""
    s1, s2 = raw
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for s in (s1, s2):
            (Path(tmp) / f"{s}.txt").write_text(raw[s], encoding="utf-8")
            paths.append(f"{tmp}/{s}.txt")
        r = subprocess.run(
            [sys.executable, "-c", COLLATEX, *paths, s1, s2],
            capture_output=True,
            text=True,
            check=True,
        )
    data = json.loads(r.stdout)
    table = data["table"]
    offsets: dict[str, list[list[int]]] = {}
    for k, s in enumerate((s1, s2)):
        pos, cols = 0, []
        for cell in table[k]:
            col = []
            for tok in cell or []:
                word = tok["t"].strip()
                at = raw[s].find(word, pos) if word else pos
                col.append(at)
                pos = at + len(word)
            cols.append(col)
        offsets[s] = cols
    pairs = []
    for c in range(len(table[0])):
        cell1, cell2 = table[0][c] or [], table[1][c] or []
        for i, (t1, t2) in enumerate(zip(cell1, cell2, strict=False)):
            w1, w2 = (normalize_orthographic(t["n"].strip()) for t in (t1, t2))
            if w1 and w1 == w2 and w1[0].isalnum():
                pairs.append((offsets[s1][c][i], offsets[s2][c][i]))
    return data["seconds"], pairs


def our_pairs(ed, raw: dict[str, str]) -> list[tuple[int, int]]:
    """Equal words in the same cell of each group's token table, as pairs of character
    offsets into the two raw texts."""
    s1, s2 = raw
    starts: dict[str, int] = {}  # passage id -> its offset in the raw text
    passages = {}
    for w in ed.witnesses:
        pos = 0
        for p in w.passages:
            at = raw[w.siglum].find(p.text, pos)
            if at < 0:
                raise SystemExit(f"cannot locate passage {p.id} in the text")
            starts[p.id], pos, passages[p.id] = at, at + len(p.text), p
    pairs = []
    for g in ed.alignment.groups:
        by_w: dict[str, list] = {}
        for pid in g.passages:
            by_w.setdefault(ed.alignment.witness_of[pid], []).append(passages[pid])
        if set(by_w) != {s1, s2}:
            continue
        seqs, owner = {}, {}
        for s, ps in by_w.items():
            text, spans = "", []
            for p in ps:
                start = len(text) + (1 if text else 0)
                text = f"{text} {p.text}" if text else p.text
                spans.append((start, p.id))
            seqs[s] = collation_tokens(text)
            owner[s] = spans
        table = align_tokens(s1, seqs)

        def where(s, offset, owner=owner):
            start, pid = [sp for sp in owner[s] if sp[0] <= offset][-1]
            return starts[pid] + offset - start

        for cell in range(table.n_cells):
            for x, y in zip(table.tokens[s1][cell], table.tokens[s2][cell], strict=False):
                if x.is_word and x.norm == y.norm:
                    pairs.append((where(s1, x.start), where(s2, y.start)))
    return pairs


def run_ours(folder: Path, raw: dict[str, str], runs: int = RUNS_OURS):
    """encode, align and collate in-process, `runs` times: the edition, and the times in
    seconds of the whole, of align + collate (the work CollateX's call does: its input is
    tokenised before the timed call) and of the collation stage."""
    manifest = write_project(folder, raw)
    times: dict[str, list[float]] = {"whole": [], "align + collate": [], "collation": []}
    for _ in range(runs):
        ed, seconds = timed_stages(manifest, folder / "tei")
        times["whole"].append(sum(seconds.values()))
        times["align + collate"].append(seconds["align"] + seconds["collate"])
        times["collation"].append(seconds["collate"])
    return ed, times


def compare(raw: dict[str, str]):
    """ROUNDS rounds of RUNS_OURS runs of this tool, then one of CollateX: the edition,
    this tool's best and median times, CollateX's (None if it could not run), and its
    matches."""
    ours: dict[str, list[float]] = {}
    theirs: list[float] = []
    pairs = None
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            ed, times = run_ours(Path(tmp), raw)
        for k, v in times.items():
            ours.setdefault(k, []).extend(v)
        try:
            seconds, pairs = run_collatex(raw)
        except (subprocess.CalledProcessError, FileNotFoundError) as e:
            print(f"collatex did not run: {e}")
            continue
        theirs.append(seconds)
    summary = {how: {k: fn(v) for k, v in ours.items()} for how, fn in SUMMARIES}
    collatex = {how: fn(theirs) for how, fn in SUMMARIES} if theirs else None
    return ed, summary, collatex, pairs


SUMMARIES = (("best", min), ("median", statistics.median))


def report(ours: dict[str, dict[str, float]], collatex: dict[str, float] | None = None) -> str:
    """This tool's times, and how many times faster than CollateX each is: best against
    best (the usual measure of a timing on a shared machine), and median against median."""
    lines = []
    for how, times in ours.items():
        parts = []
        for what, seconds in times.items():
            ratio = f" ({collatex[how] / seconds:.0f}x faster)" if collatex else ""
            parts.append(f"{what} {seconds * 1000:.0f} ms{ratio}")
        head = (
            f"  {how}: collatex {collatex[how] * 1000:.0f} ms; edition "
            if collatex
            else f"  {how}: "
        )
        lines.append(head + ", ".join(parts))
    return "\n".join(lines)


def edited_copy(text: str, seed: int = 5, every: int = 20):
    """The text with whitespace made plain, a copy with known edits, and the true pairs of
    equal words (character offsets in each)."""
    rng = random.Random(seed)
    paras = [p.split() for p in text.split("\n") if p.strip()]
    copies = []  # per paragraph: (token, index of its source token in the paragraph)
    for ws in paras:
        out = [(w, i) for i, w in enumerate(ws)]
        for i in range(0, len(out) - 2, every):
            j = i + rng.randrange(0, min(every, len(out) - i - 1))
            op = rng.random()
            if op < 0.3:
                out[j] = (out[j][0].replace("أ", "ا").replace("ة", "ه").replace("ى", "ي"), j)
            elif op < 0.5:
                out[j] = ("ثلاثة", j)
            elif op < 0.75:
                out[j] = ("", j)
            else:
                out[j], out[j + 1] = out[j + 1], out[j]
        copies.append([t for t in out if t[0]])
    truth = set()
    base = copy = 0
    for ws, out in zip(paras, copies, strict=True):
        at1, at2 = [], []
        for w in ws:
            at1.append(base)
            base += len(w) + 1
        for w, _src in out:
            at2.append(copy)
            copy += len(w) + 1
        for (w2, src), o2 in zip(out, at2, strict=True):
            for x, y in zip(words(ws[src]), words(w2), strict=False):
                if x.norm == y.norm:
                    truth.add((at1[src] + x.start, o2 + y.start))
        base, copy = base + 1, copy + 1  # paragraphs part with "\n\n": one more than " "
    first = "\n\n".join(" ".join(ws) for ws in paras)
    second = "\n\n".join(" ".join(w for w, _ in out) for out in copies)
    return first, second, truth


def precision_recall(pairs, truth) -> str:
    right = len(set(pairs) & truth)
    return (
        f"{right} of {len(truth)} true matches found, {len(pairs) - right} wrong: "
        f"precision {right / max(len(pairs), 1):.3f}, recall {right / max(len(truth), 1):.3f}"
    )


def main() -> None:
    raw = {s: (ROOT / "seeds" / f).read_text("utf-8") for s, f in FILES.items()}
    ed, ours, collatex, pairs = compare(raw)
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    sure, possible, _ = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.toml", texts)
    where = {w.siglum: passage_of_offset(raw[w.siglum], w.passages) for w in ed.witnesses}
    runs = f"{ROUNDS} rounds of {RUNS_OURS} runs of this tool and one of CollateX"

    print("1. seeds 001 (B) and 002 (C), two narratives")
    print(verdict("edition", our_pairs(ed, raw), where, sure, possible, raw["B"]))
    if collatex is None:
        print(f"edition ({runs}):\n{report(ours)}")
        return
    print(verdict("collatex", pairs, where, sure, possible, raw["B"]))
    print(f"against collatex ({runs}):\n{report(ours, collatex)}")

    print("2. seed 001 against a copy with known edits")
    first, second, truth = edited_copy(raw["B"])
    pair = {"X": first, "Y": second}
    ed, ours, collatex, pairs = compare(pair)
    print(f"edition: {precision_recall(our_pairs(ed, pair), truth)}")
    print(f"collatex: {precision_recall(pairs, truth)}")
    print(f"against collatex ({runs}):\n{report(ours, collatex)}")


if __name__ == "__main__":
    main()
