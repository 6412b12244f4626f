"""The whole pipeline, from manifest to files. Everything is built in memory first and
written only when every stage has succeeded, each file atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.align import Alignment, align_witnesses
from edition.align.overrides import (
    Overrides,
    apply_segmentation_overrides,
    load_overrides,
    signed,
)
from edition.align.run import AlignRun
from edition.align.tei import alignment_to_tei
from edition.annotate import Annotation, TargetIndex, load_store, save_store
from edition.annotate.store import locked, reanchor
from edition.batch import few_collections
from edition.cache import CACHE_DIR, Cache, content_key
from edition.collate import Apparatus, collate_alignment
from edition.collate.fidelity import check_fidelity, sequence
from edition.collate.tei import apparatus_to_json
from edition.errors import EditionError
from edition.ingest import load_witnesses
from edition.io import atomic_write_bytes, atomic_write_text, json_bytes, xml_bytes
from edition.manifest import Manifest, ManifestError, WitnessSpec, load_manifest
from edition.model import Witness
from edition.parallel import fork_map
from edition.tag import Authority, default_authority, read_authority, tag_witness
from edition.tag.authority import authority_to_tei
from edition.tag.names import NameMatcher
from edition.tei.export import edition_to_tei
from edition.tei.witness import witness_to_tei

AUTHORITY_FILE = "authority.xml"
ALIGNMENT_FILE = "alignment.xml"
ANNOTATIONS_FILE = "annotations.xml"
OVERRIDES_FILE = "overrides.toml"


@dataclass
class Edition:
    manifest: Manifest
    witnesses: list[Witness]
    authority: Authority
    authority_is_new: bool = False
    overrides: Overrides = field(default_factory=Overrides)
    align_run: AlignRun | None = None
    apparatus: Apparatus | None = None
    annotations: list[Annotation] = field(default_factory=list)
    reanchored: list[Annotation] = field(default_factory=list)
    annotation_categories: dict[str, str] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)

    @property
    def alignment(self) -> Alignment | None:
        return self.align_run.alignment if self.align_run else None


def load_authority(tei_dir: Path) -> tuple[Authority, bool]:
    """The project's authority file, or the default one (to be written) if it has none."""
    path = tei_dir / AUTHORITY_FILE
    if path.exists():
        return read_authority(path), False
    return default_authority(), True


@few_collections()
def encode(
    manifest_path: str | Path,
    tei_dir: str | Path,
    progress=None,
    cache_dir: str | Path | None = None,
) -> Edition:
    """Read every witness of the manifest, segment and tag it. With `cache_dir`, witnesses
    whose file (and manifest entry, authority file, code) did not change since an earlier
    build are taken from the cache instead."""
    manifest = load_manifest(manifest_path)
    authority, is_new = load_authority(Path(tei_dir))
    overrides = load_overrides(Path(tei_dir) / OVERRIDES_FILE)
    cache_dir = Path(cache_dir) if cache_dir is not None else None
    read_cache, tag_cache = Cache(cache_dir, "read"), Cache(cache_dir, "tag")
    tagging = _Tagging(authority, tag_cache, overrides)
    read = _read_all(manifest.witnesses, read_cache, tagging, progress)
    witnesses = [w for ws in read for w in ws]
    seen: set[str] = set()
    for w in witnesses:
        if w.siglum in seen:
            raise ManifestError(
                manifest.path, f"duplicate siglum {w.siglum!r}: each witness needs its own"
            )
        seen.add(w.siglum)
    apply_segmentation_overrides(witnesses, overrides)
    todo = []
    for w in witnesses:
        key = tagging.key(w)
        found = tagging.done.pop(w.siglum, None)  # tagged while it was read
        if found is not None and found[0] == key:  # (the passages tagged are these)
            tag_cache.put(key, found[1])
            found = found[1]
        else:
            found = tag_cache.get(key)
        if found is not None and len(found) == len(w.passages):
            for p, entities in zip(w.passages, found, strict=True):
                p.entities = entities
        else:
            todo.append((w, key))
    done = len(witnesses) - len(todo)
    for (w, key), entities in zip(todo, tagging.tag_all([w for w, _ in todo]), strict=True):
        for p, ents in zip(w.passages, entities, strict=True):
            p.entities = ents
        tag_cache.put(key, entities)
        done += 1
        if progress is not None:
            progress("encoding", done, len(witnesses))
    if cache_dir is not None:
        read_cache.save()
        tag_cache.save()
    return Edition(manifest, witnesses, authority, is_new, overrides)


PARALLEL_CHARS = 500_000  # witnesses this long (together) are tagged in parallel


class _Tagging:
    """Tagging witnesses: in the worker that has just read one, with the tokens segmentation
    made (unless its tags are cached, or overrides will split or join its passages), or
    afterwards, in parallel when they are long."""

    def __init__(self, authority: Authority, cache: Cache, overrides):
        self.authority, self.authority_key, self.cache = authority, repr(authority), cache
        self.matcher = NameMatcher(authority)
        self.overridden = {pid for pid, _ in overrides.splits} | {
            pid for ids in overrides.joins for pid in ids
        }
        self.done: dict[str, tuple[str, list]] = {}  # siglum -> (tag key, entities)

    def key(self, w: Witness) -> str:
        return content_key(self.authority_key, *(p.text for p in w.passages))

    def entities(self, w: Witness, tokens: dict | None = None) -> list[list]:
        """The entities of each passage of the witness (also set on its passages)."""
        return [p.entities for p in tag_witness(w, self.authority, self.matcher, tokens).passages]

    def read(self, spec: WitnessSpec) -> tuple[list[Witness], list]:
        tokens: dict = {}
        witnesses = load_witnesses(spec, tokens)
        tags = []
        for w in witnesses:
            key = self.key(w)
            if key in self.cache or any(p.id in self.overridden for p in w.passages):
                tags.append(None)
                continue
            tags.append((key, self.entities(w, tokens)))
            for p in w.passages:  # the witness travels back (and to the cache) untagged
                p.entities = []
        return witnesses, tags

    def tag_all(self, witnesses: list[Witness]):
        """The entities of every passage of each witness, in order."""
        size = sum(len(p.text) for w in witnesses for p in w.passages)
        return fork_map(self.entities, witnesses, size >= PARALLEL_CHARS)


def _read_all(
    specs: list[WitnessSpec], cache: Cache, tagging: _Tagging, progress=None
) -> list[list[Witness]]:
    """The witnesses of each manifest entry, read and segmented (or as cached), and tagged
    when that is not cached; long files in parallel. `progress` hears of each entry read."""
    found: list[list[Witness] | None] = []
    todo = []  # (position, cache key or None, size)
    for spec in specs:
        try:
            data = spec.path.read_bytes()
        except OSError:  # reading it again will say what is wrong with the file
            found.append(None)
            todo.append((len(found) - 1, None, 0))
            continue
        key = content_key(repr(spec), data)
        found.append(cache.get(key))
        if found[-1] is None:
            todo.append((len(found) - 1, key, len(data)))
    size = sum(n for _k, _key, n in todo)
    jobs = [specs[k] for k, _key, _n in todo]
    for (k, key, _n), (ws, tags) in zip(
        todo, fork_map(tagging.read, jobs, size >= PARALLEL_CHARS), strict=True
    ):
        found[k] = ws
        if key is not None:
            cache.put(key, ws)
        for w, tagged in zip(ws, tags, strict=True):
            if tagged is not None:
                tagging.done[w.siglum] = tagged
        if progress is not None:
            progress("reading and tagging", sum(f is not None for f in found), len(specs))
    return found


@few_collections()
def align(edition: Edition, progress=None, cache_dir: str | Path | None = None) -> Edition:
    """Align the encoded witnesses (in place), honouring the scholar's overrides. With
    `cache_dir`, the alignment of an earlier build of the same passages (texts and tags),
    authority file and overrides is reused (without what explains it: `--explain` aligns
    afresh)."""
    cache = Cache(Path(cache_dir), "align") if cache_dir is not None else None
    key = ""
    if cache is not None:
        key = content_key(
            repr(edition.authority),
            repr(edition.overrides),
            *(repr((p.id, p.text, p.entities)) for w in edition.witnesses for p in w.passages),
        )
        found = cache.get(key)
        if found is not None:
            edition.align_run = AlignRun(found)
            cache.save()
            return edition
    edition.align_run = align_witnesses(
        edition.witnesses, edition.authority, edition.overrides, progress=progress
    )
    if cache is not None:
        cache.put(key, edition.align_run.alignment)
        cache.save()
    return edition


@few_collections()
def collate(
    edition: Edition,
    base: str | None = None,
    split_proclitics: bool = False,
    progress=None,
    cache_dir: str | Path | None = None,
) -> Edition:
    """Collate every aligned group word by word (in place). With `cache_dir`, groups
    collated by an earlier build with the same texts and options are reused."""
    if base and base not in {w.siglum for w in edition.witnesses}:
        sigla = ", ".join(w.siglum for w in edition.witnesses)
        raise EditionError(f"--base {base}: no such witness (the sigla are {sigla})")
    if edition.alignment is None:
        align(edition)
    labels = {e.id: e.names[0] for e in edition.authority.entries if e.names}
    cache = Cache(Path(cache_dir), "collate") if cache_dir is not None else None
    edition.apparatus = collate_alignment(
        edition.witnesses, edition.alignment, base, labels, split_proclitics, progress, cache
    )
    check_fidelity(edition.witnesses, edition.alignment, edition.apparatus)
    if cache is not None:
        cache.save()
    return edition


def annotate(edition: Edition, tei_dir: str | Path) -> Edition:
    """Attach the scholars' annotations, following each to its target in this build (the
    store is rewritten, atomically, only if a target moved or was lost)."""
    path = Path(tei_dir) / ANNOTATIONS_FILE
    with locked(path):
        store = load_store(path)
        if store.annotations:  # (the index of targets is long to make for a long edition)
            edition.reanchored = reanchor(store, TargetIndex.from_edition(edition))
        if edition.reanchored:
            save_store(path, store)
    edition.annotations = store.annotations
    edition.annotation_categories = store.categories
    return edition


APPARATUS_LINES = 3  # apparatus.json: a line for each key of a group, each step of a sequence


@few_collections()
def apparatus_json(edition: Edition) -> bytes:
    labels = {g.id: g.label for g in edition.alignment.groups}
    order = sequence(edition.witnesses, edition.alignment)
    return json_bytes(apparatus_to_json(edition.apparatus, labels, order), APPARATUS_LINES)


def write_tei(edition: Edition, tei_dir: str | Path) -> list[Path]:
    """Per-witness TEI files (and the authority file on first use) under tei_dir."""
    files = tei_files(edition, Path(tei_dir))
    for path, data in files.items():
        atomic_write_bytes(path, data)
    return list(files)


def tei_files(edition: Edition, tei_dir: Path) -> dict[Path, bytes]:
    """What `write_tei` writes: path -> content."""
    files: dict[Path, bytes] = {
        tei_dir / f"{w.siglum}.xml": xml_bytes(witness_to_tei(w, AUTHORITY_FILE))
        for w in edition.witnesses
    }
    if edition.authority_is_new:
        files[tei_dir / AUTHORITY_FILE] = xml_bytes(authority_to_tei(edition.authority))
    if edition.alignment is not None:
        file_of = {w.siglum: f"{w.siglum}.xml" for w in edition.witnesses}
        pinned = signed(edition.overrides.pinned_by, edition.manifest.editor)
        document = alignment_to_tei(edition.alignment, file_of, pinned)
        files[tei_dir / ALIGNMENT_FILE] = xml_bytes(document)
    return files


def write_outputs(
    edition: Edition, pages: dict[str, str], tei_dir: str | Path, out_dir: str | Path
) -> list[Path]:
    """Write the TEI files, `edition.xml`, `apparatus.json` and the pages; for a long
    edition, the files are made on all cores (then written here, once all are made)."""
    tei_dir, out_dir = Path(tei_dir), Path(out_dir)
    makers = [  # (the longest first)
        lambda: {out_dir / "edition.xml": xml_bytes(edition_document(edition))},
        lambda: tei_files(edition, tei_dir),
        lambda: {out_dir / "apparatus.json": apparatus_json(edition)},
    ]
    size = sum(len(p.text) for w in edition.witnesses for p in w.passages)
    xml, tei, app = fork_map(_made, makers, size >= PARALLEL_CHARS)
    files = {**tei, **xml, **app}
    for path, data in files.items():
        atomic_write_bytes(path, data)
    return [*files, *write_pages(pages, out_dir)]


def _made(make):
    return make()


@few_collections()
def edition_document(edition: Edition) -> etree._Element:
    return edition_to_tei(
        edition.witnesses,
        edition.authority,
        edition.manifest.title,
        edition.alignment,
        edition.apparatus,
        editor=edition.manifest.editor,
        licence=edition.manifest.licence,
        annotations=[a for a in edition.annotations if a.status == "ok"],
        annotation_categories=edition.annotation_categories,
        pinned=signed(edition.overrides.pinned_by, edition.manifest.editor),
    )


@few_collections()
def build(
    manifest_path: str | Path = "seeds/witnesses.toml",
    tei_dir: str | Path = "tei",
    out_dir: str | Path = "output",
    base: str | None = None,
    progress=None,
    use_cache: bool = True,
) -> Edition:
    """Run the whole pipeline: TEI per witness, `edition.xml`, `apparatus.json`, `index.html`.
    `progress(label, done, total)`, if given, hears how far each stage got. With
    `use_cache`, unchanged witnesses, alignment and groups come from `tei_dir/.cache`."""
    from edition.render import render_pages

    edition = _through_annotations(manifest_path, tei_dir, base, progress, use_cache)
    edition.written = write_outputs(edition, render_pages(edition), tei_dir, out_dir)
    return edition


@few_collections()
def render(
    manifest_path: str | Path = "seeds/witnesses.toml",
    tei_dir: str | Path = "tei",
    out_dir: str | Path = "output",
    base: str | None = None,
    progress=None,
    use_cache: bool = True,
) -> Edition:
    """The HTML edition alone (`index.html`, and its pages and assets if it is long): the
    pipeline runs as for `build`, but no TEI, `edition.xml` or `apparatus.json` is written."""
    from edition.render import render_pages

    edition = _through_annotations(manifest_path, tei_dir, base, progress, use_cache)
    edition.written = write_pages(render_pages(edition), Path(out_dir))
    return edition


def _through_annotations(manifest_path, tei_dir, base, progress, use_cache: bool) -> Edition:
    """Encoded, aligned, collated and annotated (from `tei_dir/.cache` what has not changed,
    with `use_cache`)."""
    cache_dir = Path(tei_dir) / CACHE_DIR if use_cache else None
    edition = encode(manifest_path, tei_dir, progress, cache_dir)
    edition = align(edition, progress, cache_dir)
    edition = collate(edition, base, progress=progress, cache_dir=cache_dir)
    return annotate(edition, tei_dir)


def write_pages(
    pages: dict[str, str], out_dir: Path, changed: set[str] | None = None
) -> list[Path]:
    """Write the HTML pages (index.html last, so that it never links to a missing page), or
    only the `changed` ones; pages and assets of an earlier, longer build that this one does
    not have are removed."""
    from edition.render import ASSETS

    names = pages if changed is None else [n for n in pages if n in changed]
    order = sorted(names, key=lambda name: name == "index.html")
    for name in order:
        atomic_write_text(out_dir / name, pages[name])
    for stale in [*out_dir.glob("part-*.html"), *(out_dir / ASSETS).glob("edition.*")]:
        if stale.relative_to(out_dir).as_posix() not in pages:
            stale.unlink()
    return [out_dir / name for name in order]
