"""Passage alignment: the machinery on controlled inputs, overrides, explanations, TEI."""

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.align import align_witnesses
from edition.align.overrides import load_overrides
from edition.align.pairwise import staircase
from edition.arabic import normalize_orthographic
from edition.errors import InputError
from edition.pipeline import align, build, encode
from edition.tei.ns import NS
from tests.conftest import ROOT, SEEDS, write_manifest


def test_staircase_keeps_the_heaviest_order():
    cells = [(0, 0, 1.0), (1, 1, 1.0), (2, 5, 1.0), (3, 2, 1.0), (4, 3, 1.0), (5, 4, 5.0)]
    chosen = [cells[k] for k in staircase(cells)]
    assert [(i, j) for i, j, _ in chosen] == [(0, 0), (1, 1), (3, 2), (4, 3), (5, 4)]


def test_a_link_weighs_on_the_path_as_one_event_unless_plainly_of_one_text():
    from types import SimpleNamespace as P

    from edition.align.pairwise import CLEAR_Z, PATH_CAP, Params, Scored, path_cells

    def cell(z):
        return Scored(P(index=0), P(index=0), 0.3, z)

    params = Params()
    weights = [w for _i, _j, w in path_cells([cell(z) for z in (1.5, 5.0, CLEAR_Z)], params)]
    assert weights == [1.0, PATH_CAP - params.z_link + 0.5, CLEAR_Z - params.z_link + 0.5]
    # events told in the same order outweigh one strong match that would skip two of them
    cells = [(k, k, 1.0) for k in range(5)] + [(1, 4, weights[1])]
    assert [cells[k][:2] for k in staircase(cells)] == [(k, k) for k in range(5)]
    cells[-1] = (1, 4, 5.0 - params.z_link + 0.5)  # (were it weighed by its z)
    assert (1, 4) in [cells[k][:2] for k in staircase(cells)]


def test_staircase_allows_one_passage_to_match_several():
    cells = [(0, 0, 1.0), (0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.5)]
    path = sorted(staircase(cells))
    assert path == [0, 1, 2]  # (2, 0) would go back in the order


def _table(n_left: int, n_right: int, z: dict[tuple[str, str], float], default: float = -1.0):
    """Passages X0.. and Y0.. and every pair scored, with these z (the others `default`)."""
    from types import SimpleNamespace as P

    from edition.align.pairwise import Scored

    left = [P(id=f"X{k}", index=k, key=f"X{k}") for k in range(n_left)]
    right = [P(id=f"Y{k}", index=k, key=f"Y{k}") for k in range(n_right)]
    scored = {}
    for a in left:
        for b in right:
            zz = z.get((a.id, b.id), z.get((b.id, a.id), default))
            scored[(a.id, b.id)] = Scored(a, b, 0.3, zz)
    return left, right, scored


def test_passages_enclosed_by_two_links_to_one_passage_join_it():
    from edition.align.pairwise import enclosed

    z = {("X1", "Y0"): 0.4, ("X2", "Y0"): -0.3, ("Y2", "X5"): 0.0, ("Y3", "X5"): 1.0}
    left, right, scored = _table(6, 5, z)
    # X0 and X3 both tell Y0 (X1, X2 lie between); Y1 and Y4 both tell X5 (Y2, Y3 between)
    path = [(0, 0), (3, 0), (4, 1), (5, 1), (5, 4)]
    found = {(sc.a.id, sc.b.id) for sc in enclosed(path, scored, left, right)}
    assert found == {("X1", "Y0"), ("X5", "Y2"), ("X5", "Y3")}  # X2 is below chance
    # too many passages between two links are not enclosed by them
    assert not enclosed([(0, 0), (5, 0)], scored, left, right)


def test_only_identical_passages_spare_two_witnesses_the_test_of_order():
    from edition.align.pairwise import Params, order_evidence

    z = {(f"X{k}", f"Y{k}"): 9.0 for k in range(24)}  # far above chance, every one
    left, right, scored = _table(24, 24, z)
    path = list(range(24))
    eligible = [scored[(f"X{k}", f"Y{k}")] for k in path]
    assert order_evidence(scored, eligible, path, 24, Params()) is not None
    for a, b in zip(left, right, strict=True):
        b.key = a.key  # the same words: two versions of one text
    assert order_evidence(scored, eligible, path, 24, Params()) is None


def test_a_passage_found_word_for_word_elsewhere_is_the_same_text():
    from edition.align.choose import choose_links
    from edition.align.pairwise import Params

    # X3 is told as Y15 (moved), Y3 and X15 have no counterpart
    z = {(f"X{k}", f"Y{k}"): 3.0 for k in range(20) if k not in (3, 15)}
    z |= {("X3", "Y15"): 2.0}  # too weak for a transposition ...
    left, right, scored = _table(20, 20, z)
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert ("X3", "Y15") not in res.chosen
    left[3].key = right[15].key = "the same words"  # ... unless the same words, moved
    left[3].words = right[15].words = 30
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert res.chosen[("X3", "Y15")] == "transposition"


def test_ordinary_words_of_prose_are_less_rare_than_words_it_never_uses():
    from edition.align.features import FeatureSpace, background
    from edition.arabic.stems import stem
    from edition.model import Block, Passage, Witness

    seen_in, passages = background()
    assert passages > 1000 and seen_in[stem("قتل")] > 50
    # two small witnesses: "killed" and a word no chronicle uses, each in one passage of each
    texts = ["فقتل الأمير", "وكتب الشاعر قصيدة", "ثم زخرف البنّاء القبة"]
    ws = [
        Witness(
            s,
            blocks=[
                Block(f"{s}-p1", "p", [Passage(f"{s}-p1-s{k}", t) for k, t in enumerate(texts, 1)])
            ],
        )
        for s in "XY"
    ]
    surprise = FeatureSpace(ws).surprise["stems"]
    assert 0 < surprise[stem("قتل")] < surprise[stem("زخرف")]


def test_a_passage_links_to_one_stretch_of_the_other_witness():
    from edition.align.choose import STRAY, STRAY_GAP, choose_links, strays
    from edition.align.pairwise import Params

    # Y5 tells what X4 and X5 tell; X19 and X20, far on, share a date with it (the path's end)
    z = {(f"X{k}", f"Y{k}"): 3.0 for k in range(6)}
    z |= {("X4", "Y5"): 2.0, ("X19", "Y5"): 2.0, ("X20", "Y5"): 2.2}
    left, right, scored = _table(21, 6, z)
    cells = [sc for sc in scored.values() if sc.z > 0]
    strays = {(cells[k].a.id, cells[k].b.id) for k in strays(list(enumerate(cells)))}
    assert strays == {("X19", "Y5"), ("X20", "Y5")} and 19 - 5 > STRAY_GAP
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert ("X4", "Y5") in res.chosen
    assert res.rejected[("X19", "Y5")] == res.rejected[("X20", "Y5")] == STRAY


def test_a_better_match_refused_by_the_order_does_not_keep_out_one_in_order():
    from edition.align.choose import WEAKER, choose_links
    from edition.align.pairwise import Params

    # X3 tells Y3 (z 1.5) but echoes Y15 more (z 3.5), which X15 tells, in the order of events
    z = {(f"X{k}", f"Y{k}"): 3.0 for k in range(20) if k != 3}
    z |= {("X3", "Y3"): 1.5, ("X3", "Y15"): 3.5}
    left, right, scored = _table(20, 20, z)
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert ("X3", "Y15") not in res.chosen
    assert [key for key in res.chosen if "X3" in key] == [("X3", "Y3")]
    # a better match kept (here, a transposition far above chance) does keep a weak one out
    z[("X3", "Y15")], z[("X15", "Y15")] = 6.0, 1.0
    left, right, scored = _table(20, 20, z)
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert res.chosen[("X3", "Y15")] == "transposition"
    assert res.rejected[("X3", "Y3")] == WEAKER


def test_a_second_look_may_add_links_but_not_lead_the_order_elsewhere(monkeypatch):
    """A pair refused beside a better match that the order of events then refused is looked
    at again; the second choice is taken only if it keeps the first one's strong links."""
    from edition.align import choose
    from edition.align.choose import WEAKER, choose_links
    from edition.align.pairwise import PairResult, Params

    z = {("X1", "Y1"): 3.0, ("X2", "Y2"): 1.5}
    left, right, scored = _table(3, 3, z)
    first = PairResult(scored, None, {("X1", "Y1")}, {("X1", "Y1"): "backbone"}, {})
    first.rejected[("X2", "Y2")] = WEAKER  # passes beside the matches kept (none for X2)
    elsewhere = PairResult(scored, None, set(), {("X2", "Y2"): "in-order"}, {})
    more = PairResult(
        scored, None, {("X1", "Y1")}, {("X1", "Y1"): "backbone", ("X2", "Y2"): "in-order"}, {}
    )
    for second, taken in ((elsewhere, first), (more, more)):
        calls = iter([first, second])
        monkeypatch.setattr(choose, "choose", lambda *args, calls=calls: next(calls))
        assert choose_links(scored, None, left, right, Params(), set(), set()) is taken


def test_a_junction_moved_by_a_few_words_is_one_stretch():
    from edition.align.junctions import shifted

    before = "قال أبو محمد بن حزم في كتاب الجمهرة".split()
    after = "وائل بن حجر بن سعيد بن مسروق".split()
    # one edition's passage runs on with the next one's first word (وهو)
    assert shifted(before + ["وهو"], after, before, ["وهو", *after])
    assert shifted(before, ["وهو", *after], before + ["وهو"], after)
    # the same words at both ends are no shift; nor are other words around them
    assert not shifted(before, after, before, after)
    assert not shifted(before + ["وهو"], after, "ثم سار إلى بخارى".split(), ["وهو", *after])


def test_a_link_no_order_supports_needs_more_than_names(tmp_path):
    from edition.align.choose import NAMES_ALONE, choose_links
    from edition.align.features import FeatureSpace
    from edition.align.pairwise import Params

    # the words two passages share, names, numbers, dates and function words (also behind a
    # conjunction: `وهو`, `وقد`) aside
    (tmp_path / "x.txt").write_text(
        "وحاصر جنكيز خان مدينة أطرار خمسة أشهر وهو يقاتل ثم أخذها وقد قتل حاكمها في سنة 616.",
        "utf-8",
    )
    (tmp_path / "y.txt").write_text(
        "فحاصر جنكزخان اوترار خمسة أشهر وقد أخذها عنوة وهو غاضب سنة ست عشرة وستمائة.", "utf-8"
    )
    manifest = write_manifest(
        tmp_path, [{"siglum": "X", "path": "x.txt"}, {"siglum": "Y", "path": "y.txt"}]
    )
    space = FeatureSpace(encode(manifest, tmp_path / "tei").witnesses)
    x, y = space.by_witness["X"][0], space.by_witness["Y"][0]
    assert space.shared_content(x, y) == ["اخذ", "اشهر", "حاصر"]
    # a transposition far above chance, sharing names only, is refused
    z = {(f"X{k}", f"Y{k}"): 3.0 for k in range(20) if k != 3}
    z |= {("X3", "Y3"): 1.0, ("X3", "Y15"): 6.0, ("X15", "Y15"): 1.0}
    left, right, scored = _table(20, 20, z)
    res = choose_links(scored, None, left, right, Params(), set(), set())
    assert res.chosen[("X3", "Y15")] == "transposition"
    res = choose_links(
        scored, None, left, right, Params(), set(), set(), lambda sc: sc.a.id != "X3"
    )
    assert res.rejected[("X3", "Y15")] == NAMES_ALONE


def test_witnesses_with_no_order_in_common_keep_only_links_far_above_chance():
    """Scattered strong matches, no two in the same order: only links far above what chance
    gives the best of 400 pairs are kept, each for itself ("unordered": no order backs it,
    and with no order there is no transposition either); those sharing names alone go."""
    from edition.align.choose import NAMES_ALONE, choose_links
    from edition.align.pairwise import Params

    scattered = [(0, 17), (5, 2), (9, 13), (14, 4), (18, 9), (3, 11), (11, 0)]
    z = {(f"X{i}", f"Y{j}"): 6.5 for i, j in scattered} | {("X7", "Y7"): 2.6}
    left, right, scored = _table(20, 20, z)
    res = choose_links(
        scored, None, left, right, Params(), set(), set(), lambda sc: sc.a.id != "X9"
    )
    assert res.order_z < 2.5
    kept = {(f"X{i}", f"Y{j}") for i, j in scattered} - {("X9", "Y13")}
    assert res.chosen == {key: "unordered" for key in kept}
    assert res.rejected[("X9", "Y13")] == NAMES_ALONE
    assert "not far enough above chance" in res.rejected[("X7", "Y7")]


def _respell(text: str) -> str:
    return text.replace("أ", "ا").replace("ة ", "ه ").replace("اوترار", "أطرار")


def _edited_copy(src: Path, dst: Path) -> None:
    """Another 'edition' of a text: paragraphs 4 and 5 swapped, 11 dropped, spellings varied."""
    paras = [p for p in src.read_text("utf-8").split("\n") if p.strip()]
    paras[3], paras[4] = paras[4], paras[3]
    del paras[10]
    dst.write_text(_respell("\n".join(paras)), encoding="utf-8")


@pytest.fixture
def two_editions(tmp_path):
    shutil.copy(SEEDS / "001_b591f9d4088f33c0.txt", tmp_path / "b.txt")
    _edited_copy(tmp_path / "b.txt", tmp_path / "b2.txt")
    write_manifest(tmp_path, [{"siglum": "X", "path": "b.txt"}, {"siglum": "Y", "path": "b2.txt"}])
    return tmp_path


def test_labels_leave_out_names_most_groups_share(two_editions):
    """In two editions of one history its protagonist is in most groups: a label naming
    him tells nothing, so labels are made of what else a group shares."""
    ed = align(encode(two_editions / "witnesses.toml", two_editions / "tei"))
    labels = [g.label for g in ed.alignment.groups]
    assert len(labels) > 40
    assert "جنكيز خان" not in labels
    assert sum("جنكيز خان" in label for label in labels) <= 0.2 * len(labels)
    assert len(set(labels)) > 0.8 * len(labels)


def test_two_editions_of_one_text_align_passage_to_passage(two_editions):
    ed = align(encode(two_editions / "witnesses.toml", two_editions / "tei"))
    x = {p.id: p.text for p in ed.witnesses[0].passages}
    y = {p.id: p.text for p in ed.witnesses[1].passages}
    # gold: a passage corresponds to the passage with the same text (spelling aside)
    same = {pid: normalize_orthographic(t) for pid, t in x.items()}
    gold = {
        (a, b) for a, ta in same.items() for b, tb in y.items() if normalize_orthographic(tb) == ta
    }
    assert len(gold) > 50
    predicted = set()
    for g in ed.alignment.groups:
        for a in g.passages:
            for b in g.passages:
                if a.startswith("X-") and b.startswith("Y-"):
                    predicted.add((a, b))
    precision = len(predicted & gold) / len(predicted)
    recall = len(predicted & gold) / len(gold)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    # the dropped paragraph stays unaligned rather than being forced onto something
    dropped = [pid for pid in x if pid.startswith("X-p11-")]
    assert all(ed.alignment.group_of(pid) is None for pid in dropped)
    # the swapped paragraphs are found (as links against the order of the rest)
    swapped = {ed.alignment.group_of(pid).id for pid in x if pid.startswith(("X-p4-", "X-p5-"))}
    assert None not in swapped


def test_openiti_chronicle_aligns_with_the_seeds_without_configuration(project, data_dir):
    shutil.copy(data_dir / "chronicle.mARkdown", project / "seeds" / "chronicle.mARkdown")
    with open(project / "seeds" / "witnesses.toml", "a", encoding="utf-8") as f:
        f.write('\n[[witness]]\nsiglum = "D"\npath = "chronicle.mARkdown"\nformat = "openiti"\n')
    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    d = {p.id: p.text for p in ed.witnesses[3].passages}
    merchants = next(pid for pid, t in d.items() if "وصل تجار" in t)
    siege = next(pid for pid, t in d.items() if "فحاصرها خمسة أشهر" in t)
    gm, gs = ed.alignment.group_of(merchants), ed.alignment.group_of(siege)
    assert gm is not None and gs is not None and gm is not gs
    b = {p.id: p.text for p in ed.witnesses[1].passages}
    assert any(
        "وصلت القافلة إلى اوترار" in b[p] or "القافلة" in b[p] for p in gm.passages if p in b
    )
    assert any("حصار" in b[p] or "ينال خان" in b[p] for p in gs.passages if p in b)


def _overrides(folder: Path, text: str) -> None:
    (folder / "tei").mkdir(exist_ok=True)
    (folder / "tei" / "overrides.toml").write_text(text, encoding="utf-8")


def test_pin_and_forbid_survive_rerunning(project):
    manifest = project / "seeds" / "witnesses.toml"
    ed = align(encode(manifest, project / "tei"))
    linked = ed.alignment.groups[0].passages
    a, b = linked[0], next(p for p in linked if p[0] != linked[0][0])
    lonely = [p.id for p in ed.witnesses[0].passages if ed.alignment.group_of(p.id) is None]
    c_lonely = [p.id for p in ed.witnesses[2].passages if ed.alignment.group_of(p.id) is None]
    _overrides(
        project,
        f'[[forbid]]\na = "{a}"\nb = "{b}"\n[[pin]]\na = "{lonely[0]}"\nb = "{c_lonely[0]}"\n',
    )
    for _ in range(2):
        ed = align(encode(manifest, project / "tei"))
        ga = ed.alignment.group_of(a)
        assert ga is None or b not in ga.passages
        gp = ed.alignment.group_of(lonely[0])
        assert gp is not None and c_lonely[0] in gp.passages
        assert any(lk.kind == "pinned" for lk in gp.links)


def test_split_and_join_passages(project):
    manifest = project / "seeds" / "witnesses.toml"
    _overrides(
        project,
        '[[split]]\npassage = "C-p1-s6"\nbefore = "ووصل على أثر ذلك"\n'
        '[[join]]\npassages = ["B-p1-s1", "B-p1-s2"]\n',
    )
    ed = encode(manifest, project / "tei")
    c = {p.id: p.text for p in ed.witnesses[2].passages}
    assert c["C-p1-s6b"].startswith("ووصل على أثر ذلك")
    assert c["C-p1-s6a"].endswith("للتجار")
    b = {p.id: p.text for p in ed.witnesses[1].passages}
    assert "B-p1-s2" not in b and "ثروة الصين" in b["B-p1-s1"] and "سبقه إلى ذلك" in b["B-p1-s1"]
    # the witness text itself is unchanged
    assert "".join(ed.witnesses[2].text.split()) == "".join(
        (project / "seeds" / "002_130a589fe048d5af.txt").read_text("utf-8").split()
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[pin]]\na = "B-p1-s1"\n', "[[pin]] #1 needs `a` and `b` passage ids"),
        ('[[forbid]]\na = "B-p1-s1"\nb = "Z-p1-s1"\n', "[[forbid]]: no passage 'Z-p1-s1'"),
        ('[[pin]]\na = "B-p1-s1"\nb = "B-p2-s1"\n', "are in the same witness"),
        ('[[split]]\npassage = "B-p1-s1"\nbefore = "لا يوجد"\n', "is not inside passage"),
        ('[[join]]\npassages = ["B-p1-s1", "B-p3-s1"]\n', "are not consecutive passages"),
        ("[[pin]\n", "malformed overrides file"),
        ('[[pinn]]\na = "B-p1-s1"\nb = "C-p1-s1"\n', "unknown key 'pinn' (did you mean 'pin'?)"),
        (
            '[[pin]]\na = "B-p1-s1"\nbb = "C-p1-s1"\n',
            "[[pin]] #1: unknown key 'bb' (did you mean 'b'?)",
        ),
        (
            '[pin]\na = "B-p1-s1"\nb = "C-p1-s1"\n',
            "`pin` must be a list of tables, each written [[pin]]",
        ),
        ('[[pin]]\na = "B-p1-s1"\nb = "C-p1-s1"\nresp = 5\n', "[[pin]] #1: `resp` must be a name"),
        (
            '[[pin]]\na = "B-p1-s1"\nb = "C-p1-s1"\nresp = "Ali\\u0001"\n',
            "[[pin]] #1: `resp` holds a control character",
        ),
        (
            '[[join]]\npassages = ["B-p1-s1", "B-p1-s2"]\nnote = 3\n',
            "[[join]] #1: `note` must be text",
        ),
        (
            '[[pin]]\na = "B-p1-s1"\nb = "C-p1-s1"\n[[forbid]]\na = "C-p1-s1"\nb = "B-p1-s1"\n',
            "B-p1-s1 and C-p1-s1 are both pinned and kept apart: keep one of the two",
        ),
    ],
)
def test_bad_overrides_are_reported(project, text, message):
    _overrides(project, text)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    assert "overrides.toml" in str(info.value)


def test_overrides_may_say_who_when_and_why(tmp_path):
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[[pin]]\na = "B-p1-s1"\nb = "C-p1-s1"\nresp = " Layla "\nwhen = "2026-11-30"\n'
        'note = "the same embassy"\n\n[[join]]\npassages = ["B-p1-s1", "B-p1-s2"]\nnote = "one sentence"\n',
        encoding="utf-8",
    )
    ov = load_overrides(path)
    assert ov.pins == {("B-p1-s1", "C-p1-s1")} and ov.joins == [["B-p1-s1", "B-p1-s2"]]
    assert ov.pinned_by == {frozenset(("B-p1-s1", "C-p1-s1")): "Layla"}


def test_missing_overrides_file_is_no_overrides(tmp_path):
    ov = load_overrides(tmp_path / "none.toml")
    assert not ov.pins and not ov.forbids and not ov.splits and not ov.joins


def test_groups_have_labels_and_confidences(seeds_build):
    xml = etree.parse(str(seeds_build / "output" / "edition.xml"))
    links = xml.findall(".//tei:standOff/tei:linkGrp[@type='alignment']/tei:link", NS)
    assert links
    ids = set(xml.xpath("//@xml:id"))
    for link in links:
        targets = link.get("target").split()
        assert len(targets) >= 2 and all(t[1:] in ids for t in targets)
        assert len({t[1] for t in targets}) >= 2  # two witnesses at least
        assert 0 <= float(link.get("cert")) <= 1
        assert link.get("n")


def test_a_label_names_shared_concepts_in_the_witnesses_words(tmp_path):
    from edition.align.features import FeatureSpace
    from edition.align.labels import name_groups
    from edition.align.model import Group
    from edition.ingest import load_witness
    from edition.manifest import WitnessSpec

    (tmp_path / "x.txt").write_text("أرسل الملك سفارة إلى الخليفة ومعها الهدايا.", "utf-8")
    (tmp_path / "y.txt").write_text("وبعث رسلا إلى الخليفة بهدية.", "utf-8")
    ws = [load_witness(WitnessSpec(s, tmp_path / f"{s.lower()}.txt", "text")) for s in "XY"]
    passages = {p.id: p for w in ws for p in w.passages}
    witness_of = {p.id: w.siglum for w in ws for p in w.passages}
    group = Group("", list(passages))
    name_groups([group], FeatureSpace(ws), passages, witness_of, None)
    # the envoys and the gifts, named in other words by each witness, and the caliph both name
    assert set(group.label.split(" · ")) == {"وبعث", "بهدية", "الخليفة"}


def test_alignment_file_points_into_witness_files(seeds_build):
    xml = etree.parse(str(seeds_build / "tei" / "alignment.xml"))
    for link in xml.iterfind(".//tei:link", NS):
        for t in link.get("target").split():
            file, _, pid = t.partition("#")
            target = etree.parse(str(seeds_build / "tei" / file))
            assert target.xpath(f"//*[@xml:id='{pid}']")


def test_explain_says_why(project):
    from edition.align.explain import explain

    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    g = ed.alignment.groups[0]
    a, b = g.links[0].a, g.links[0].b
    ex = explain(ed.align_run, a, b)
    assert ex.linked and ex.group == g.id and ex.lines()[0].startswith(f"{a} ~ {b}: ALIGNED")
    far = explain(ed.align_run, "A-p1-s1", "C-p1-s1")
    assert not far.linked and far.lines()[0].endswith("NOT ALIGNED") and far.reason
    # the popular history tells other episodes than Ibn Khaldun: no order in common
    assert any("no shared order" in n for n in far.notes), far.notes
    assert any("above shuffled orders" in n and "no shared" not in n for n in ex.notes)
    assert far.z < 0  # a score under what unrelated passages score is said to be below them
    below = f"  {-far.z:.1f} standard deviations below unrelated passages"
    assert any(line.startswith(below) for line in far.lines()), far.lines()
    assert ex.lines()[-len(ex.notes) - 1].startswith("  why: ")  # what the link rests on
    # a concept two passages share is shown with the words each names it by
    texts = {p.id: p.text for w in ed.witnesses for p in w.passages}
    b_envoys = next(p for p, t in texts.items() if "ارسل سفارة وقافلة" in t)
    c_envoys = next(p for p, t in texts.items() if "فوفدت عليه رسل" in t)
    ex = explain(ed.align_run, b_envoys, c_envoys, texts)
    assert "≈envoy (سفارة / فوفدت)" in ex.shared_stems


def test_align_witnesses_without_authority(tmp_path):
    """No authority file, no tagging: words alone still align a witness with a reworded copy
    of it, passage to passage."""
    from edition.ingest import load_witness
    from edition.manifest import WitnessSpec

    text = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    (tmp_path / "copy.txt").write_text(
        text.replace("السلطان", "الملك").replace("المغول", "التتار"), encoding="utf-8"
    )
    ws = [
        load_witness(WitnessSpec("B", SEEDS / "001_b591f9d4088f33c0.txt", "text")),
        load_witness(WitnessSpec("X", tmp_path / "copy.txt", "text")),
    ]
    run = align_witnesses(ws)
    links = {(lk.a, lk.b) for g in run.alignment.groups for lk in g.links}
    same = {(p.id, "X" + p.id[1:]) for p in ws[0].passages}
    assert len(links & same) >= 0.9 * len(same)
    assert links <= same


def test_build_writes_the_alignment(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    build(tmp_path / "seeds" / "witnesses.toml", tmp_path / "tei", tmp_path / "out")
    assert (tmp_path / "tei" / "alignment.xml").exists()


def test_otrar_merchants_and_siege_of_otrar_are_different_groups(project):
    """The caravan killed at Otrar (B and C tell it) is one group; the later siege of Otrar
    and the governor's death by molten silver is another."""
    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    texts = {p.id: p.text for w in ed.witnesses for p in w.passages}

    def passage(siglum, quote):
        (pid,) = [p for p, t in texts.items() if p.startswith(f"{siglum}-") and quote in t]
        return pid

    merchants_b = passage("B", "وعندما وصلت القافلة إلى اوترار")
    merchants_c = passage("C", "فعثر على أموالهم")
    siege_c = passage("C", "فأذاب الفضة")
    group = ed.alignment.group_of(merchants_b)
    assert group is not None and merchants_c in group.passages
    siege = ed.alignment.group_of(siege_c)
    assert siege is not None and siege is not group
    assert any(
        texts[p].startswith(("وقاده", "استمر حصار", "واحتمى", "فتبعه")) or "الفضة" in texts[p]
        for p in siege.passages
        if p.startswith("B-")
    )


def _seeds_against_gold(project):
    from tests.gold_eval import group_pairs, load_gold, score_links

    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in ed.witnesses}
    sure, possible, friends = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.toml", texts)
    return score_links(group_pairs(ed.alignment), sure, possible, friends)


def test_two_seed_accounts_alone_keep_their_quality_against_the_gold(project):
    """Seeds 001 and 002 in a manifest of their own: the quality does not hang on a third
    witness's words being there to show which words are ordinary."""
    from tests.gold_eval import group_pairs, load_gold, score_links

    seeds = encode(project / "seeds" / "witnesses.toml", project / "tei")
    texts = {w.siglum: {p.id: p.text for p in w.passages} for w in seeds.witnesses}
    sure, possible, friends = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.toml", texts)
    sure = {pair for pair in sure if not any(pid.startswith("A-") for pid in pair)}
    manifest = write_manifest(
        project / "seeds",
        [
            {"siglum": "B", "path": "001_b591f9d4088f33c0.txt"},
            {"siglum": "C", "path": "002_130a589fe048d5af.txt"},
        ],
    )
    ed = align(encode(manifest, project / "tei-bc"))
    s = score_links(group_pairs(ed.alignment), sure, possible, friends)
    assert s.precision >= 0.45 and s.recall >= 0.45, (s.precision, s.recall)
    assert not s.false_friends_linked


def test_seeds_alignment_keeps_its_quality_against_the_gold(project):
    """A floor under what the aligner reaches today on the seeds (see the next test for the
    target): a change that loses precision or recall shows here."""
    s = _seeds_against_gold(project)
    assert s.precision >= 0.50 and s.recall >= 0.55, (s.precision, s.recall)
    assert not s.false_friends_linked


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="target not reached yet: precision 0.60, recall 0.59 on the seeds",
)
def test_seeds_alignment_reaches_the_target_against_the_gold(project):
    s = _seeds_against_gold(project)
    assert s.precision >= 0.85 and s.recall >= 0.85, (s.precision, s.recall)


def _two_versions(tmp_path: Path, paras_y: list[str], paras_x: list[str]):
    (tmp_path / "x.txt").write_text("\n\n".join(paras_x), encoding="utf-8")
    (tmp_path / "y.txt").write_text("\n\n".join(paras_y), encoding="utf-8")
    manifest = write_manifest(
        tmp_path, [{"siglum": "X", "path": "x.txt"}, {"siglum": "Y", "path": "y.txt"}]
    )
    ed = align(encode(manifest, tmp_path / "tei"))
    return ed, ed.align_run.pairs[("X", "Y")]


def _seed_paragraphs() -> list[str]:
    text = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    return [p for p in text.split("\n") if p.strip()]


def test_a_moved_paragraph_is_linked_as_transpositions(tmp_path):
    """One paragraph of a short text moved to its end: each of its passages is linked to its
    copy against the order of events (the identical pairs of two versions do not hide it by
    widening what chance seems to give), and nothing else is."""
    paras = _seed_paragraphs()
    ed, res = _two_versions(tmp_path, paras[:4] + paras[5:] + [paras[4]], paras)
    moved = [p.id for p in ed.witnesses[0].passages if p.id.startswith("X-p5-")]
    last = len(paras)
    expected = {(pid, pid.replace("X-p5-", f"Y-p{last}-")) for pid in moved}
    transposed = {key for key, kind in res.chosen.items() if kind == "transposition"}
    assert transposed == expected


def test_a_weaker_echo_of_a_passage_aligned_in_order_is_not_a_second_link(tmp_path):
    """A paragraph told again at the end, a quarter of its words dropped: its passages keep
    their link in order, and the echo is not linked to them as a transposition."""
    paras = _seed_paragraphs()
    words = paras[10].split()
    echo = " ".join(w for k, w in enumerate(words) if k % 4)
    ed, res = _two_versions(tmp_path, paras + [echo], paras)
    assert not [key for key, kind in res.chosen.items() if kind == "transposition"]
    echoes = {p.id for p in ed.witnesses[1].passages if p.id.startswith(f"Y-p{len(paras) + 1}-")}
    reasons = {
        why for (a, b), why in res.rejected.items() if b in echoes and a.startswith("X-p11-")
    }
    assert (
        "off the order of events, and one of its passages has a clearly better match in order"
        in reasons
    )
    for pid in (p.id for p in ed.witnesses[0].passages if p.id.startswith("X-p11-")):
        assert res.chosen.get((pid, "Y" + pid[1:])) in ("backbone", "in-order")


def test_similarity_rows_are_the_pairwise_similarities(project):
    from edition.align.features import similarity, similarity_rows

    ed = align(encode(project / "seeds" / "witnesses.toml", project / "tei"))
    space = ed.align_run.space
    left, right = space.by_witness["A"], space.by_witness["C"]
    rows = list(similarity_rows(space, left, right))
    assert len(rows) == len(left) and all(len(r) == len(right) for r in rows)
    for a, row in zip(left, rows, strict=True):
        for b, s in zip(right, row, strict=True):
            assert s == pytest.approx(similarity(a, b, space), abs=1e-12)
    assert max(max(r) for r in rows) > 0.1  # not all nothing


def test_group_labels_are_the_same_in_every_process(tmp_path):
    """Labels made of shared words (no names tagged) do not depend on the order a set of
    words happens to iterate in, which changes from one process to the next."""
    import os
    import subprocess
    import sys

    script = (
        "from edition.align import align_witnesses\n"
        "from edition.ingest import load_witness\n"
        "from edition.manifest import WitnessSpec\n"
        "import sys\nfrom pathlib import Path\n"
        "ws = [load_witness(WitnessSpec(s, Path(sys.argv[1]), 'text')) for s in 'XY']\n"
        "print([g.label for g in align_witnesses(ws).alignment.groups])\n"
    )
    seed = SEEDS / "001_b591f9d4088f33c0.txt"
    labels = {
        subprocess.run(
            [sys.executable, "-c", script, str(seed)],
            env={**os.environ, "PYTHONHASHSEED": str(k)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for k in range(4)
    }
    assert len(labels) == 1 and "'" in labels.pop()


def test_passages_differing_only_by_note_references_are_identical_for_alignment():
    """An edition keeping a printed edition's note numbers and one without: their passages
    meet as identical (the same words), as two copies of one text should."""
    from edition.align.features import FeatureSpace
    from edition.model import Block, Passage, Witness
    from edition.tag import default_authority, tag_witness

    texts = ["وصل التجار إلى أطرار", "فقتلهم ينال خان", "وأخذ أموالهم", "ثم سار جنكزخان"]
    noted = [f"{t} ({k})" for k, t in enumerate(texts, 1)]
    ws = [
        tag_witness(
            Witness(
                s,
                blocks=[
                    Block(f"{s}-p1", "p", [Passage(f"{s}-p1-s{k}", t) for k, t in enumerate(ts, 1)])
                ],
            ),
            default_authority(),
        )
        for s, ts in (("A", texts), ("B", noted))
    ]
    space = FeatureSpace(ws)
    for k in range(1, len(texts) + 1):
        assert space.passages[f"A-p1-s{k}"].key == space.passages[f"B-p1-s{k}"].key


def test_what_most_passages_of_a_witness_name_tells_nothing_whatever_the_others():
    """A long book that never names the conqueror beside a short account that names him in
    every passage: his name, rare in all, is no evidence in the account's passages (else all
    of them look alike); a word rare in the account too still is."""
    from edition.align.features import FeatureSpace
    from edition.model import Block, Passage, Witness

    def witness(siglum: str, texts: list[str]) -> Witness:
        passages = [Passage(f"{siglum}-p1-s{k}", t) for k, t in enumerate(texts, 1)]
        return Witness(siglum, blocks=[Block(f"{siglum}-p1", "p", passages)])

    account = [f"ثم حاصر المغول مدينة رقم{k} وملكوها" for k in range(24)]
    account[0] += " وأذابوا الفضة"
    book = [f"ودرس الفقيه كتاب الأصل{k} في المدرسة" for k in range(400)]
    space = FeatureSpace([witness("A", account), witness("B", book)])
    first = space.ready(space.passages["A-p1-s1"])
    assert space.surprise["stems"]["مغول"] > 0  # rare in all the passages together
    assert "مغول" not in first.info["stems"]  # but named in every passage of the account
    assert "فضه" in first.info["stems"]


def test_the_background_is_made_from_openiti_files(data_dir):
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "background.py"),
            str(data_dir / "chronicle.mARkdown"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["source"] == ["chronicle.mARkdown"] and data["passages"] >= 4
    assert data["stems"]["اطرار"] >= 2  # أطرار, in two passages of the chronicle
    assert all(count >= 2 for count in data["stems"].values())


def test_the_order_of_the_witnesses_in_the_manifest_changes_no_group(tmp_path):
    from itertools import permutations

    witnesses = encode(SEEDS / "witnesses.toml", tmp_path / "tei").witnesses
    found = []
    for order in permutations(witnesses):
        run = align_witnesses(list(order))
        found.append({frozenset(g.passages) for g in run.alignment.groups})
        shown = [w.siglum for w in order]
        for g in run.alignment.groups:  # each group lists its passages in the manifest's order
            ranks = [shown.index(run.alignment.witness_of[p]) for p in g.passages]
            assert ranks == sorted(ranks)
    assert found[0] and all(groups == found[0] for groups in found)


def test_the_test_of_order_does_not_depend_on_which_witness_comes_first():
    from edition.align.pairwise import Params, Scored, order_evidence

    # a long witness and a short one telling the short one's events in its order, with noise
    z = {(f"X{2 * k}", f"Y{k}"): 2.0 for k in range(8)} | {("X3", "Y6"): 1.8, ("X9", "Y1"): 1.5}
    left, right, scored = _table(18, 8, z)
    flipped = {(b, a): Scored(sc.b, sc.a, sc.score, sc.z) for (a, b), sc in scored.items()}
    eligible = [sc for sc in scored.values() if sc.z > 0]
    path = list(range(len(eligible)))
    there = order_evidence(scored, eligible, path, 18, Params(), 8)
    back = [Scored(sc.b, sc.a, sc.score, sc.z) for sc in eligible]
    assert there is not None and there > 2.5
    assert order_evidence(flipped, back, path, 8, Params(), 18) == there


def test_a_build_names_the_overrides_whose_passage_is_gone_and_goes_on(project, monkeypatch):
    from click.testing import CliRunner

    from edition.cli import main

    _overrides(
        project,
        '[[pin]]\na = "B-p999-s1"\nb = "C-p1-s7"\n[[forbid]]\na = "B-p5-s5"\nb = "C-p1-s6"\n',
    )
    monkeypatch.chdir(project)
    r = CliRunner().invoke(main, ["build", "--no-cache"])
    assert r.exit_code == 0, r.output
    stale = [line for line in r.stderr.splitlines() if "left out" in line]
    assert stale == [
        f"{Path('tei') / 'overrides.toml'}: [[pin]] B-p999-s1 ~ C-p1-s7: no passage "
        "'B-p999-s1' any more: left out"
    ]
