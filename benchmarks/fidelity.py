"""Benchmark: is the apparatus true to the word, on real pairs of digital editions?

    python benchmarks/fidelity.py                 every pair, and CollateX on excerpts
    python benchmarks/fidelity.py --pair rihla    one pair
    python benchmarks/fidelity.py --no-collatex   whole books only

Each pair of digital editions of one work (three in ../shared/openiti-corpus, the Rihla in
../shared/openiti-samples) is built as a two-witness edition by `edition build --no-cache`
in a process of its own (its wall time and peak memory are the build's). Then
`edition.xml` is read back, independently of the tool's own checks:

- each witness read in order through the edition (each group's `ab` for the groups it is in,
  cut where its reading skips, at a `gap` or a `rdg[@type="skip"]`; its passages in no
  group as they are) must give
  back exactly the words of the witness's full text: words lost, doubled or invented;
- a plain word diff of the two witnesses' full texts (a patience diff over words) against
  the apparatus: differences that no `app` (and no passage in no group) holds, and `app`s
  that hold no word difference; `app`s whose readings differ only in punctuation are
  counted apart (they are real differences of the texts, kept so that each witness reads
  back exactly, and hidden with the orthographic switch on the page);
- words in passages that no group holds (shown as "not in" rows) that the other witness
  has too, by the diff: a false "not in".

With CollateX installed (`pip install collatex python-Levenshtein`), two 2,000-word
excerpts of each pair (the same stretch of the work in both editions, from a third and from
two thirds of the way in) are also collated by CollateX, and the words each tool finds
different are compared.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from rapidfuzz.distance import LCSseq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.arabic.tokens import tokenize  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "openiti-corpus"
SAMPLES = SHARED / "openiti-samples"
PAIRS = {
    "abulfida": (
        CORPUS / "0732AbuFida.MukhtasarFiAkhbar.JK010358-ara1.mARkdown",
        CORPUS / "0732AbuFida.MukhtasarFiAkhbar.Shamela0012715-ara1.mARkdown",
    ),
    "ibnwardi": (
        CORPUS / "0749ZaynDinIbnWardi.Tarikh.JK009147-ara1.mARkdown",
        CORPUS / "0749ZaynDinIbnWardi.Tarikh.Shamela0006624-ara1.mARkdown",
    ),
    "ibnibri": (
        CORPUS / "0685IbnCibri.TarikhMukhtasarDuwal.JK010376-ara2.mARkdown",
        CORPUS / "0685IbnCibri.TarikhMukhtasarDuwal.Shamela0012348-ara1.mARkdown",
    ),
    "rihla": (
        SAMPLES / "0808IbnKhaldun.Rihla.Masaha003967-ara1.mARkdown",
        SAMPLES / "0808IbnKhaldun.Rihla.Shamela0037022-ara1.mARkdown",
    ),
}
SIGLA = ("J", "S")
EXCERPT_WORDS = 2000
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def words_of(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.is_word]


# --- building -----------------------------------------------------------------------------


def build(folder: Path, files: tuple[Path, Path], fmt: str = "openiti") -> dict:
    """`edition build --no-cache` of the two files, in a process of its own: wall time (s)
    and peak memory (MB)."""
    lines = []
    for siglum, path in zip(SIGLA, files, strict=True):
        lines += ["[[witness]]", f'siglum = "{siglum}"', f'path = "{path}"', f'format = "{fmt}"']
    (folder / "witnesses.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "edition.cli", "build", "--manifest", "witnesses.toml"]
    cmd += ["--tei-dir", "tei", "--out", "out", "--no-cache"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.returncode = 0  # reaped by wait4
    if not (folder / "out" / "edition.xml").exists():
        raise SystemExit(f"build failed in {folder}: {err.strip()}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stderr": err.strip()}


# --- reading edition.xml back ------------------------------------------------------------


@dataclass
class Word:
    text: str
    where: str  # "shared", an app id, or "single" (a passage in no group)


@dataclass
class ReadBack:
    words: list[str]  # the witness's full text
    read: list[Word]  # read through the edition
    single_passages: int = 0
    skips: int = 0
    errors: list[str] = field(default_factory=list)


def _ab_segments(ab, siglum: str, owner: dict[str, str]) -> list[list[Word]]:
    """A witness's reading through an `ab`, cut at its own `gap`s (skips)."""
    segs: list[list[Word]] = [[]]

    def text(s: str | None, where: str) -> None:
        segs[-1].extend(Word(w, where) for w in words_of(s or ""))

    def gap(el) -> bool:
        ids = (el.get("corresp") or "").split()
        return el.tag == f"{{{NS['t']}}}gap" and any(owner.get(i[1:]) == siglum for i in ids)

    text(ab.text, "shared")
    for child in ab:
        if gap(child):
            segs.append([])
        elif child.tag == f"{{{NS['t']}}}app":
            for rdg in child:
                if f"#{siglum}" in (rdg.get("wit") or "").split():
                    if rdg.get("type") == "skip":
                        segs.append([])
                    text(rdg.text, child.get(XML_ID))
                    for sub in rdg:
                        if gap(sub):
                            segs.append([])
                        text(sub.tail, child.get(XML_ID))
        text(child.tail, "shared")
    return segs


def read_back(tree) -> dict[str, ReadBack]:
    owner: dict[str, str] = {}
    passages: dict[str, list[tuple[str, str]]] = {}
    for text in tree.xpath("//t:text[@corresp]", namespaces=NS):
        siglum = text.get("corresp")[1:]
        ss = [(s.get(XML_ID), "".join(s.itertext())) for s in text.xpath(".//t:s", namespaces=NS)]
        passages[siglum] = ss
        owner.update((pid, siglum) for pid, _ in ss)
    group_of: dict[str, str] = {}
    for link in tree.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS):
        for t in link.get("target").split():
            group_of[t[1:]] = link.get(XML_ID)
    abs_ = {
        ab.get("corresp")[1:]: ab
        for ab in tree.xpath("//t:text[@type='apparatus']//t:ab", namespaces=NS)
    }
    out = {}
    for siglum, ss in passages.items():
        rb = ReadBack([w for _, t in ss for w in words_of(t)], [])
        segments: dict[str, list[list[Word]]] = {}
        prev = None
        for pid, text in ss:
            g = group_of.get(pid)
            if g is None:
                rb.read.extend(Word(w, "single") for w in words_of(text))
                rb.single_passages += 1
            elif g != prev:
                if g not in segments:
                    segments[g] = _ab_segments(abs_[g], siglum, owner)
                    rb.skips += len(segments[g]) - 1
                if segments[g]:
                    rb.read.extend(segments[g].pop(0))
                else:
                    rb.errors.append(f"{g}: more runs of passages than segments")
            prev = g
        rb.errors += [f"{g}: {len(s)} segments unread" for g, s in segments.items() if s]
        out[siglum] = rb
    return out


# --- comparing ----------------------------------------------------------------------------


def _unique_anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Words found once in each sequence, kept where they come in the same order (the
    longest increasing run of their positions): the fixed points of a patience diff."""
    ca, cb = Counter(a), Counter(b)
    where_b = {w: k for k, w in enumerate(b) if cb[w] == 1}
    pairs = [(i, where_b[w]) for i, w in enumerate(a) if ca[w] == 1 and w in where_b]
    tails: list[int] = []  # patience sorting over the positions in b
    back: list[int] = []
    tail_at: list[int] = []
    for k, (_i, j) in enumerate(pairs):
        lo = bisect.bisect_left(tails, j)
        if lo == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[lo], tail_at[lo] = j, k
        back.append(tail_at[lo - 1] if lo else -1)
    out, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def word_diff(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """The differing hunks of two word sequences: (a from, a to, b from, b to). A patience
    diff: words unique to both in order are fixed, and between them an exact longest common
    subsequence (rapidfuzz)."""
    codes: dict[str, str] = {}

    def enc(ws: list[str]) -> str:
        return "".join(codes.setdefault(w, chr(0x10000 + len(codes))) for w in ws)

    hunks: list[tuple[int, int, int, int]] = []
    i = j = 0
    for ai, bj in [*_unique_anchors(a, b), (len(a), len(b))]:
        for op in LCSseq.opcodes(enc(a[i:ai]), enc(b[j:bj])):
            if op.tag != "equal":
                hunk = (i + op.src_start, i + op.src_end, j + op.dest_start, j + op.dest_end)
                if hunks and hunks[-1][1] == hunk[0] and hunks[-1][3] == hunk[2]:
                    prev = hunks.pop()  # a deletion next to an insertion: one hunk
                    hunk = (prev[0], hunk[1], prev[2], hunk[3])
                hunks.append(hunk)
        i, j = ai + 1, bj + 1
    return hunks


def lost_and_doubled(expected: list[str], got: list[str]) -> tuple[int, int]:
    """Words missing from the read-back, and words it has that the witness does not (or has
    more often, or elsewhere), by a word diff."""
    lost = extra = 0
    for a0, a1, b0, b1 in word_diff(expected, got):
        lost += a1 - a0
        extra += b1 - b0
    return lost, extra


def app_words(tree) -> dict[str, dict]:
    """Each app: its type, subtype and each reading's words and characters."""
    apps = {}
    for app in tree.xpath("//t:text[@type='apparatus']//t:app", namespaces=NS):
        readings = {}
        for rdg in app:
            text = "".join(rdg.itertext())
            for w in (rdg.get("wit") or "").split():
                readings[w[1:]] = text
        apps[app.get(XML_ID)] = {
            "type": app.get("type"),
            "subtype": app.get("subtype") or "",
            "readings": readings,
        }
    return apps


def compare(tree) -> dict:
    """The fidelity figures of a two-witness edition."""
    rb = read_back(tree)
    a, b = (rb[s] for s in SIGLA)
    row: dict = {f"words {s}": len(rb[s].words) for s in SIGLA}
    row["groups"] = len(tree.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS))
    apps = app_words(tree)
    types = Counter(
        f"{v['type']}/{v['subtype']}" if v["subtype"] == "punctuation" else v["type"]
        for v in apps.values()
    )
    row["apps"] = len(apps)
    row["apps by type"] = dict(types.most_common())
    lost = doubled = 0
    for s in SIGLA:
        lo, ex = lost_and_doubled(rb[s].words, [w.text for w in rb[s].read])
        lost, doubled = lost + lo, doubled + ex
    row["words lost"], row["words doubled or invented"] = lost, doubled
    row["read-back errors"] = [e for s in SIGLA for e in rb[s].errors]
    row["skips"] = sum(rb[s].skips for s in SIGLA)
    ok = not lost and not doubled and not row["read-back errors"]
    hunks = word_diff([w.text for w in a.read], [w.text for w in b.read]) if ok else []
    row["word differences"] = len(hunks)
    in_hunk: dict[str, set[int]] = {s: set() for s in SIGLA}
    missed = beside = 0
    for a0, a1, b0, b1 in hunks:
        in_hunk["J"].update(range(a0, a1))
        in_hunk["S"].update(range(b0, b1))
        wheres = {w.where for w in a.read[a0:a1]} | {w.where for w in b.read[b0:b1]}
        if wheres <= {"shared"}:
            missed += 1
            beside += _held_beside(a.read, b.read, (a0, a1, b0, b1), apps)
    row["word differences in no app"] = missed if ok else "n/a"
    row["of them, held by a unit beside them"] = beside if ok else "n/a"
    found: set[str] = set()
    for s in SIGLA:
        for k in in_hunk[s]:
            found.add(rb[s].read[k].where)
    no_diff = punct = near = 0
    near_hunks = _near_hunks(rb, in_hunk)
    for app_id, v in apps.items():
        if app_id in found:
            continue
        if (
            len({tuple(words_of(t)) for t in v["readings"].values()}) == 1
            and len({"".join(t.split()) for t in v["readings"].values()}) > 1
        ):
            punct += 1
        else:
            no_diff += 1
            near += app_id in near_hunks
    row["apps of punctuation alone"] = punct
    row["apps with no word difference"] = no_diff if ok else "n/a"
    row["of them, beside a difference of the same words"] = near if ok else "n/a"
    false_single = 0
    for s in SIGLA:
        for k, w in enumerate(rb[s].read):
            if w.where == "single" and k not in in_hunk[s]:
                false_single += 1
    row["words in no group"] = sum(w.where == "single" for s in SIGLA for w in rb[s].read)
    row["of them, in the other witness too"] = false_single if ok else "n/a"
    return row


def _held_beside(a_read: list[Word], b_read: list[Word], hunk, apps: dict) -> bool:
    """Whether a unit within the hunk's length either side holds the hunk's words: the diff
    and the collation put the difference on two copies of a repeated word sequence
    (`ما أرجوه من ما أرجوه من`) or on either side of a junction."""
    a0, a1, b0, b1 = hunk
    n = max(a1 - a0, b1 - b0)
    words = {w.text for w in a_read[a0:a1]} | {w.text for w in b_read[b0:b1]}
    near = {w.where for w in a_read[max(0, a0 - n) : a1 + n]}
    near |= {w.where for w in b_read[max(0, b0 - n) : b1 + n]}
    for app_id in near - {"shared", "single"}:
        held = {w for t in apps[app_id]["readings"].values() for w in words_of(t)}
        if words & held:
            return True
    return False


def _near_hunks(rb: dict[str, ReadBack], in_hunk: dict[str, set[int]]) -> set[str]:
    """Units with a word of a diff hunk within as many words as they hold, of the same
    text: the other copy of a repeated sequence, or the other side of a junction."""
    near: set[str] = set()
    for s in SIGLA:
        read = rb[s].read
        spans: dict[str, list[int]] = {}
        for k, w in enumerate(read):
            if w.where not in ("shared", "single"):
                spans.setdefault(w.where, []).append(k)
        hunk_words = {read[k].text for k in in_hunk[s]}
        for app_id, ks in spans.items():
            n = len(ks)
            window = range(max(0, ks[0] - n), ks[-1] + n + 1)
            if any(k in in_hunk[s] for k in window) and {read[k].text for k in ks} & hunk_words:
                near.add(app_id)
    return near


# --- excerpts and CollateX ----------------------------------------------------------------


def excerpts(tree, where: float) -> tuple[list[str], list[str]] | None:
    """The same stretch of the work in both editions: EXCERPT_WORDS words of the first,
    from `where` (a fraction) of the way in, and what a word diff matches them with in the
    second."""
    rb = read_back(tree)
    a, b = rb["J"].words, rb["S"].words
    if len(a) < 3 * EXCERPT_WORDS:
        return None
    start = int(len(a) * where)
    end = start + EXCERPT_WORDS
    ai = bi = 0
    b_start = b_end = None
    hunks = word_diff(a, b)
    pos_b = {}  # a index -> b index for equal words
    for a0, a1, _b0, b1 in [*hunks, (len(a), len(a), len(b), len(b))]:
        while ai < a0:
            pos_b[ai] = bi
            ai, bi = ai + 1, bi + 1
        ai, bi = a1, b1
    ks = [k for k in range(start, end) if k in pos_b]
    if not ks:
        return None
    b_start, b_end = pos_b[ks[0]], pos_b[ks[-1]] + 1
    return a[start:end], b[b_start:b_end]


COLLATEX = """
import json, sys
from collatex import Collation, collate
c = Collation()
for siglum, path in (("J", sys.argv[1]), ("S", sys.argv[2])):
    words = json.load(open(path, encoding="utf-8"))
    c.add_witness({"id": siglum, "tokens": [{"t": w, "n": w} for w in words]})
table = collate(c, output="json", segmentation=False)
print(table)
"""


def collatex_differences(wa: list[str], wb: list[str]) -> tuple[set[int], set[int]] | None:
    """Indices of the words CollateX puts in a column where the two witnesses differ."""
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = Path(tmp) / "a.json", Path(tmp) / "b.json"
        pa.write_text(json.dumps(wa, ensure_ascii=False), encoding="utf-8")
        pb.write_text(json.dumps(wb, ensure_ascii=False), encoding="utf-8")
        r = subprocess.run(
            [sys.executable, "-c", COLLATEX, str(pa), str(pb)], capture_output=True, text=True
        )
    if r.returncode != 0:
        print(f"  collatex did not run: {r.stderr.strip().splitlines()[-1:]}")
        return None
    table = json.loads(r.stdout)["table"]
    diff_a, diff_b = set(), set()
    ia = ib = 0
    for ca, cb in zip(table[0], table[1], strict=True):
        ta = [t["t"] for t in ca or []]
        tb = [t["t"] for t in cb or []]
        if ta != tb:
            diff_a.update(range(ia, ia + len(ta)))
            diff_b.update(range(ib, ib + len(tb)))
        ia, ib = ia + len(ta), ib + len(tb)
    return diff_a, diff_b


def excerpt_row(name: str, wa: list[str], wb: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for s, ws in zip(SIGLA, (wa, wb), strict=True):
            path = folder / f"{s}.txt"
            path.write_text(" ".join(ws) + "\n", encoding="utf-8")
            files.append(path)
        stats = build(folder, tuple(files), "text")
        tree = etree.parse(str(folder / "out" / "edition.xml"))
    rb = read_back(tree)
    ours = [{k for k, w in enumerate(rb[s].read) if w.where != "shared"} for s in SIGLA]
    row = {"pair": name, "words": f"{len(wa)} / {len(wb)}", "edition s": stats["seconds"]}
    start = time.perf_counter()
    theirs = collatex_differences(wa, wb)
    row["collatex s"] = time.perf_counter() - start
    if theirs is None:
        return row
    row["words differing (edition)"] = sum(len(o) for o in ours)
    row["words differing (collatex)"] = sum(len(t) for t in theirs)
    row["collatex only"] = sum(len(t - o) for o, t in zip(ours, theirs, strict=True))
    row["edition only"] = sum(len(o - t) for o, t in zip(ours, theirs, strict=True))
    return row


# --- main ---------------------------------------------------------------------------------


EXCERPTS_AT = (1 / 3, 2 / 3)  # where in the first edition the excerpts start


def run_pair(name: str, with_collatex: bool) -> tuple[dict, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        stats = build(Path(tmp), PAIRS[name])
        tree = etree.parse(str(Path(tmp) / "out" / "edition.xml"))
    row = {"pair": name, **compare(tree)}
    row["build s"] = round(stats["seconds"], 1)
    row["peak MB"] = round(stats["peak_mb"])
    found = []
    for where in EXCERPTS_AT if with_collatex else ():
        cut = excerpts(tree, where)
        if cut is not None:
            found.append({"at": f"{where:.2f}", **excerpt_row(name, *cut)})
    return row, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", choices=sorted(PAIRS), action="append")
    parser.add_argument("--no-collatex", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows, excerpt_rows = [], []
    for name in args.pair or list(PAIRS):
        row, found = run_pair(name, not args.no_collatex)
        rows.append(row)
        excerpt_rows += found
        if not args.json:
            for r in [row, *found]:
                print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.json:
        print(json.dumps({"pairs": rows, "excerpts": excerpt_rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
