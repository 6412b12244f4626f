"""Benchmark: seeds 001 and 002 (B and C) through this tool and through CollateX, timed,
and their token alignments judged against the gold alignment of the seeds.

    python benchmarks/seeds_collatex.py      (needs: pip install collatex python-Levenshtein)

Time: CollateX's collation call alone (its import and input reading excluded) against this
tool's encode + align + collate in-process (median of 5; imports excluded), and against its
collation stage alone.

Quality: a token match is two equal words (after normalisation) that an alignment puts in
the same place. It is right if the gold alignment (`tests/gold/seeds_alignment.toml`) says
the passages holding the two words tell the same episode (sure or possible link), wrong
otherwise (`في` of one episode matched with `في` of another). Reported: right matches,
wrong matches, and precision, for both tools.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.arabic.normalize import normalize_orthographic  # noqa: E402
from edition.collate.multi import align_tokens  # noqa: E402
from edition.collate.tokens import collation_tokens  # noqa: E402
from edition.pipeline import align, collate, encode  # noqa: E402
from tests.gold_eval import load_gold  # noqa: E402

FILES = {"B": "001_b591f9d4088f33c0.txt", "C": "002_130a589fe048d5af.txt"}

COLLATEX = """
import json, sys, time
from collatex import Collation, collate
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:3]]
c = Collation()
c.add_plain_witness("B", texts[0])
c.add_plain_witness("C", texts[1])
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


def collatex_pairs(raw: dict[str, str], where) -> tuple[float, list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for s in ("B", "C"):
            (Path(tmp) / f"{s}.txt").write_text(raw[s], encoding="utf-8")
            paths.append(f"{tmp}/{s}.txt")
        r = subprocess.run(
            [sys.executable, "-c", COLLATEX, *paths], capture_output=True, text=True, check=True
        )
    data = json.loads(r.stdout)
    table = data["table"]
    offsets: dict[str, list[list[int]]] = {}
    for k, s in enumerate(("B", "C")):
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
        b_cell, c_cell = table[0][c] or [], table[1][c] or []
        for i, (tb, tc) in enumerate(zip(b_cell, c_cell, strict=False)):
            wb, wc = (normalize_orthographic(t["n"].strip()) for t in (tb, tc))
            if wb and wb == wc and wb[0].isalnum():
                pairs.append((where["B"](offsets["B"][c][i]), where["C"](offsets["C"][c][i])))
    return data["seconds"], pairs


def our_pairs(ed) -> list[tuple[str, str]]:
    """Equal words in the same cell of each group's token table."""
    pairs = []
    passages = {p.id: p for w in ed.witnesses for p in w.passages}
    for g in ed.alignment.groups:
        by_w: dict[str, list] = {}
        for pid in g.passages:
            by_w.setdefault(ed.alignment.witness_of[pid], []).append(passages[pid])
        if set(by_w) != {"B", "C"}:
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
        table = align_tokens("B", seqs)

        def pid(s, offset, owner=owner):
            return [p for start, p in owner[s] if start <= offset][-1]

        for cell in range(table.n_cells):
            tb, tc = table.tokens["B"][cell], table.tokens["C"][cell]
            for x, y in zip(tb, tc, strict=False):
                if x.is_word and x.norm == y.norm:
                    pairs.append((pid("B", x.start), pid("C", y.start)))
    return pairs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for f in FILES.values():
            shutil.copy(ROOT / "seeds" / f, t / f)
        (t / "w.toml").write_text(
            "".join(f'[[witness]]\nsiglum = "{s}"\npath = "{f}"\n' for s, f in FILES.items()),
            encoding="utf-8",
        )
        totals, stages = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            ed = align(encode(t / "w.toml", t / "tei"))
            t1 = time.perf_counter()
            collate(ed)
            t2 = time.perf_counter()
            totals.append(t2 - t0)
            stages.append(t2 - t1)
    raw = {s: (ROOT / "seeds" / f).read_text("utf-8") for s, f in FILES.items()}
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    sure, possible, _ = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.toml", texts)
    where = {w.siglum: passage_of_offset(raw[w.siglum], w.passages) for w in ed.witnesses}
    ours = statistics.median(totals)
    stage = statistics.median(stages)
    print(
        f"edition: encode + align + collate {ours * 1000:.0f} ms, collation stage "
        f"{stage * 1000:.0f} ms (median of 5)"
    )
    r, w = judge(our_pairs(ed), sure, possible)
    print(f"edition token matches: {r} right, {w} wrong, precision {r / max(r + w, 1):.2f}")
    try:
        seconds, pairs = collatex_pairs(raw, where)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"collatex did not run: {e}")
        return
    r, w = judge(pairs, sure, possible)
    print(
        f"collatex: {seconds * 1000:.0f} ms; {seconds / ours:.0f}x the whole pipeline, "
        f"{seconds / stage:.0f}x the collation stage"
    )
    print(f"collatex token matches: {r} right, {w} wrong, precision {r / max(r + w, 1):.2f}")


if __name__ == "__main__":
    main()
