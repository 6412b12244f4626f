from edition.arabic.tokens import words
from edition.segment import MAX_WORDS, segment_text

UNPUNCTUATED = (
    "ثم عاد من العراق سنة ست عشرة وستمائة واستقر بنيسابور فوفدت عليه رسل جنكزخان بهدية "
    "من نقرة المعدنين ونوافج المسك وحجر اليشم والثياب الخطائية المنسوجة من وبر الإبل البيض "
    "ويخبر أنه ملك الصين وما بينها من بلاد الترك ويطلب الموادعة والإذن للتجار بالتردد "
    "لمتاجرهم من الجانبين وكان في خطابه إطراء السلطان خوارزم شاه بأنه مثل أعز أولاده "
    "فاستنكف السلطان من ذلك وامتعض له وأجمع عداوته واستدعى محمودا الخوارزمي من رسل جنكزخان "
    "واصطنعه ليكون عينا له على صاحبه واستخبره عما قاله في كتابه من أنه ملك الصين واستولى "
    "على مدينة طوغاج فصدق له ذلك وسأله عن مقدار العساكر فقللها وغشه في ذلك ثم نكر عليه "
    "الخطاب بالولد ثم صرف الرسل بما طلبوه من الموادعة والإذن للتجار ووصل على أثر ذلك بعض "
    "التجار من بلادهم إلى أطرار وبها أنيال خان ابن خال السلطان خوارزم شاه فعثر على أموالهم "
    "ورفع إلى السلطان أنهم عيون على البلاد وليسوا بتجار فأمره بالاحتياط عليهم ففعل وأخذ "
    "أموالهم وقتلهم خفية وفشا الخبر إلى جنكزخان فبعث بالنكير على السلطان في ذلك"
)


def _pieces(text):
    return [text[s:e] for s, e in segment_text(text)]


def test_unpunctuated_prose_is_cut_into_readable_passages():
    pieces = _pieces(UNPUNCTUATED)
    assert len(pieces) >= 4
    assert all(len(words(p)) <= MAX_WORDS for p in pieces)
    # nothing lost, nothing added, nothing reordered
    assert " ".join(pieces).split() == UNPUNCTUATED.split()


def test_cuts_fall_on_discourse_boundaries():
    pieces = _pieces(UNPUNCTUATED)
    openers = ("ثم", "فلما", "ولما", "وكان", "و", "ف")
    for p in pieces[1:]:
        assert p.startswith(openers), p


def test_punctuated_prose_is_cut_at_sentence_ends():
    text = "وصل التجار إلى اوترار . فقتلهم ينال خان ! لماذا فعل ذلك؟ لا نعلم .."
    assert _pieces(text) == [
        "وصل التجار إلى اوترار .",
        "فقتلهم ينال خان !",
        "لماذا فعل ذلك؟",
        "لا نعلم ..",
    ]


def test_short_sentence_stays_whole():
    text = "فقصد نيسابور ثم توجه نحو العراق"
    assert _pieces(text) == [text]


def test_word_run_without_any_boundary_is_still_cut():
    text = " ".join(["كلمة"] * 150)
    pieces = _pieces(text)
    assert all(len(words(p)) <= MAX_WORDS for p in pieces)
    assert sum(len(words(p)) for p in pieces) == 150
