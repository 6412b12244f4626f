"""The command line: thin wrappers over the library; domain errors become one-line messages."""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

import click
from click.core import ParameterSource

from edition import __version__
from edition.errors import EditionError, InputError, ValidationError

MANIFEST_OPTION = click.option(
    "--manifest",
    default="seeds/witnesses.toml",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The witnesses.toml listing the witnesses (where there is no seeds/witnesses.toml, "
    "the witnesses.toml of this folder).",
)
# a scholar's own project folder: its manifest, when there are no bundled seeds beside
HERE_MANIFEST = Path("witnesses.toml")
TEI_DIR = click.option(
    "--tei-dir",
    default="tei",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Where the per-witness TEI and the authority file live (with --manifest: tei/ beside it).",
)
OUT_DIR = click.option(
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Where index.html, edition.xml and apparatus.json are written "
    "(with --manifest: output/ beside it).",
)


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user gave this option (on the command line or in the environment)."""
    source = ctx.get_parameter_source(name)
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


def _beside_manifest(fn):
    """With --manifest given, --tei-dir and --out not given are tei/ and output/ beside it,
    so that building another manifest never overwrites the seeds' files."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        if "manifest" in kwargs and not _given(ctx, "manifest"):
            if not kwargs["manifest"].exists() and HERE_MANIFEST.is_file():
                kwargs["manifest"] = HERE_MANIFEST  # (tei/ and output/ beside it: here)
        elif _given(ctx, "manifest"):
            for name in ("tei_dir", "out_dir"):
                if name in kwargs and not _given(ctx, name):
                    kwargs[name] = kwargs["manifest"].parent / kwargs[name]
        return fn(*args, **kwargs)

    return wrapper


def MANIFEST(fn):
    """The --manifest option; the tei and output dirs default to its folder when it is given."""
    return MANIFEST_OPTION(_beside_manifest(fn))


class TerminalProgress:
    """Progress on stderr when it is a terminal; silent otherwise (pipes, CI, tests)."""

    WIDTH = 30

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last: tuple[str, int] | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        if not self.enabled or (self.last == (label, filled) and done < total):
            return
        self.last = (label, filled)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        click.echo(f"\r{label:<28} [{bar}] {done}/{total}", err=True, nl=done >= total)


def reports_errors(fn):
    """Turn domain errors into one clear line on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EditionError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


@click.group()
@click.version_option(__version__, prog_name="edition")
def main() -> None:
    """Critical editions of several accounts of the same events."""


BASE = click.option(
    "--base", metavar="SIGLUM", help="A base witness: its readings become the lemmata (lem)."
)


NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Redo all the work; by default unchanged witnesses and groups come from TEI_DIR/.cache.",
)


def pipeline_options(fn):
    """The options of the commands that run the pipeline up to the outputs."""
    for option in (reports_errors, NO_CACHE, BASE, OUT_DIR, TEI_DIR, MANIFEST):
        fn = option(fn)
    return fn


@main.command()
@pipeline_options
def build(manifest: Path, tei_dir: Path, out_dir: Path, base: str | None, no_cache: bool) -> None:
    """Run the whole pipeline: TEI per witness, edition.xml and index.html."""
    from edition.pipeline import build as run_build

    edition = run_build(
        manifest, tei_dir, out_dir, base, TerminalProgress(), use_cache=not no_cache
    )
    _report_reanchored(edition)
    _report_stale_overrides(edition)
    words = sum(len(w.text.split()) for w in edition.witnesses)
    n = len(edition.witnesses)
    counted = (
        f"{n} {'witness' if n == 1 else 'witnesses'}, {words} {'word' if words == 1 else 'words'}"
    )
    click.echo(f"{counted}: {_wrote(edition, out_dir)}")


def _wrote(edition, out_dir: Path) -> str:
    """What a build wrote: its three main files, and how many more pages (a long edition)."""
    main_files = [out_dir / name for name in ("index.html", "edition.xml", "apparatus.json")]
    pages = sum(p.suffix == ".html" and p not in main_files for p in edition.written)
    listed = [str(f) for f in main_files] + ([f"{pages} more pages"] if pages else [])
    return f"wrote {', '.join(listed[:-1])} and {listed[-1]}"


@main.command()
@pipeline_options
def render(manifest: Path, tei_dir: Path, out_dir: Path, base: str | None, no_cache: bool) -> None:
    """Write the HTML edition only: OUT/index.html (and its pages, if long)."""
    from edition.pipeline import render as run_render

    edition = run_render(
        manifest, tei_dir, out_dir, base, TerminalProgress(), use_cache=not no_cache
    )
    _report_reanchored(edition)
    pages = [p for p in edition.written if p.suffix == ".html"]
    more = f" and {len(pages) - 1} more pages" if len(pages) > 1 else ""
    click.echo(f"wrote {out_dir / 'index.html'}{more}")


def _report_stale_overrides(edition) -> None:
    """The pins and forbids that name a passage gone since (on stderr): left out, not fatal."""
    run = edition.align_run
    for line in run.stale if run is not None else []:
        click.echo(f"{edition.overrides.path}: {line}: left out", err=True)


def _report_reanchored(edition) -> None:
    """What happened to annotations whose text moved (on stderr)."""
    for a in edition.reanchored:
        if a.status == "orphaned":
            click.echo(
                f"annotation {a.id} is orphaned: its target {a.target} ({a.quote}) is gone",
                err=True,
            )
        else:
            click.echo(f"annotation {a.id} followed its text to {a.target}", err=True)


@main.command()
@MANIFEST
@TEI_DIR
@reports_errors
def encode(manifest: Path, tei_dir: Path) -> None:
    """Encode each witness as TEI under the tei dir (no alignment, no HTML)."""
    from edition.pipeline import encode as run_encode
    from edition.pipeline import write_tei

    edition = run_encode(manifest, tei_dir)
    for path in write_tei(edition, tei_dir):
        click.echo(str(path))


@main.command()
@MANIFEST
@TEI_DIR
@click.option(
    "--explain",
    nargs=2,
    metavar="A:ID B:ID",
    help="Say why two passages were or were not aligned (ids as in the TEI, e.g. B:B-p5-s6).",
)
@click.option("--json", "as_json", is_flag=True, help="Print groups (or the explanation) as JSON.")
@reports_errors
def align(manifest: Path, tei_dir: Path, explain: tuple[str, str] | None, as_json: bool) -> None:
    """Align the witnesses passage by passage; writes the TEI files and tei/alignment.xml."""
    from edition.align.explain import UnknownPassage
    from edition.align.explain import explain as run_explain
    from edition.pipeline import align as run_align
    from edition.pipeline import encode as run_encode
    from edition.pipeline import write_tei

    edition = run_align(run_encode(manifest, tei_dir))
    run = edition.align_run
    if explain:
        ids = [x.split(":", 1)[-1] for x in explain]  # "B:B-p5-s6" or "B-p5-s6"
        texts = {p.id: p.text for w in edition.witnesses for p in w.passages}
        try:
            ex = run_explain(run, ids[0], ids[1], texts)
        except UnknownPassage as e:
            raise click.ClickException(e.message) from None
        if as_json:
            click.echo(json.dumps(ex.as_dict(), ensure_ascii=False, indent=1))
        else:
            click.echo("\n".join(ex.lines()))
        return
    write_tei(edition, tei_dir)
    groups = run.alignment.groups
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": g.id,
                        "label": g.label,
                        "passages": g.passages,
                        "confidence": g.confidence,
                        "links": [lk.__dict__ for lk in g.links],
                    }
                    for g in groups
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    click.echo("group\tconfidence\tpassages\tlabel")
    for g in groups:
        click.echo(f"{g.id}\t{g.confidence:.2f}\t{' '.join(g.passages)}\t{g.label}")
    click.echo(f"{len(groups)} aligned groups; wrote {tei_dir / 'alignment.xml'}", err=True)


@main.command()
@pipeline_options
@click.option(
    "--split-proclitics",
    is_flag=True,
    help="Match words without their conjunction and article (وقتلهم meets قتلهم).",
)
def collate(
    manifest: Path,
    tei_dir: Path,
    out_dir: Path,
    base: str | None,
    no_cache: bool,
    split_proclitics: bool,
) -> None:
    """Collate the aligned passages word by word; writes OUT/apparatus.json."""
    from collections import Counter

    from edition.cache import CACHE_DIR
    from edition.io import atomic_write_bytes
    from edition.pipeline import align as run_align
    from edition.pipeline import apparatus_json
    from edition.pipeline import collate as run_collate
    from edition.pipeline import encode as run_encode

    cache = None if no_cache else tei_dir / CACHE_DIR
    progress = TerminalProgress()
    edition = run_align(run_encode(manifest, tei_dir, progress, cache), progress, cache)
    edition = run_collate(edition, base, split_proclitics, progress, cache)
    atomic_write_bytes(out_dir / "apparatus.json", apparatus_json(edition))
    counts = Counter(a.type for g in edition.apparatus.groups for a in g.apps)
    conflicts = sum(f["conflict"] for g in edition.apparatus.groups for f in g.facts)
    for kind, n in counts.most_common():
        click.echo(f"{kind}\t{n}")
    click.echo(
        f"{len(edition.apparatus.groups)} groups, {sum(counts.values())} variation units, "
        f"{conflicts} conflicting facts: wrote {out_dir / 'apparatus.json'}",
        err=True,
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--full",
    is_flag=True,
    help="Compile tei_all itself (seconds) even for a document of the elements the tool "
    "writes, which the schema derived from tei_all checks alike in milliseconds.",
)
@reports_errors
def validate(files: tuple[Path, ...], full: bool) -> None:
    """Check TEI files against TEI P5 tei_all; errors are listed with line numbers."""
    from edition.tei.validate import validate_file

    failed = 0
    for path in files:
        try:
            validate_file(path, full=full)
        except ValidationError as e:
            failed += 1
            for line, message in e.errors:
                click.echo(f"{e.path}:{line}: {message}", err=True)
            continue
        click.echo(f"{path}: valid (TEI P5 tei_all)")
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} file(s) not valid TEI")


@main.command()
@click.argument("edition_file", type=click.Path(path_type=Path))
@click.option(
    "--text",
    "text_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for one plain-text file per witness (SIGLUM.txt).",
)
@reports_errors
def export(edition_file: Path, text_dir: Path) -> None:
    """Export what each witness says, as plain text, from an edition.xml."""
    from edition.io import atomic_write_text
    from edition.tei.plaintext import witness_texts

    if not edition_file.is_file():
        raise click.ClickException(f"{edition_file}: file not found")
    texts = witness_texts(edition_file)
    if not texts:
        raise click.ClickException(f"{edition_file}: no witness texts (text/group/text[@corresp])")
    for siglum, text in texts.items():
        atomic_write_text(text_dir / f"{siglum}.txt", text)
        click.echo(str(text_dir / f"{siglum}.txt"))


@main.command()
@MANIFEST
@TEI_DIR
@OUT_DIR
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free port).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to bind.")
@reports_errors
def serve(manifest: Path, tei_dir: Path, out_dir: Path, port: int, host: str) -> None:
    """Serve the edition locally with an annotation panel and a JSON API."""
    from edition.serve import LOOPBACK_HOSTS, EditionApp, make_server

    if host not in LOOPBACK_HOSTS and host != "::1":
        raise click.ClickException(f"--host {host}: the server binds to a loopback address only")
    server = make_server(EditionApp(manifest, tei_dir, out_dir), host, port)
    click.echo(f"serving the edition at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.group()
def annotate() -> None:
    """Scholars' annotations on variants, readings, passages and groups (tei/annotations.xml)."""


def _store_path(tei_dir: Path) -> Path:
    from edition.pipeline import ANNOTATIONS_FILE

    return tei_dir / ANNOTATIONS_FILE


def _built(tei_dir: Path) -> Path:
    """A tei folder that must exist: a command run in the wrong folder must not answer as
    if the edition had no annotations."""
    if not tei_dir.is_dir():
        raise InputError(
            tei_dir,
            "no such folder: run where the edition was built, or give --manifest or --tei-dir",
        )
    return tei_dir


def current_targets(manifest: Path, tei_dir: Path):
    from edition.annotate import TargetIndex
    from edition.pipeline import align as run_align
    from edition.pipeline import collate as run_collate
    from edition.pipeline import encode as run_encode

    return TargetIndex.from_edition(run_collate(run_align(run_encode(manifest, tei_dir))))


CATEGORY = click.option("--category", help="A category of the list in tei/annotations.xml.")
RESP = click.option("--resp", help="Who writes the annotation.")


@annotate.command("add")
@click.argument("target")
@click.argument("text")
@CATEGORY
@RESP
@MANIFEST
@TEI_DIR
@reports_errors
def annotate_add(target, text, category, resp, manifest: Path, tei_dir: Path) -> None:
    """Annotate TARGET (an xml:id of edition.xml: a variant, passage, group...) with TEXT."""
    from edition.annotate.store import add

    ann = add(
        _store_path(tei_dir), current_targets(manifest, tei_dir), target, text, category, resp
    )
    click.echo(ann.id)


@annotate.command("list")
@click.option("--json", "as_json", is_flag=True)
@MANIFEST
@TEI_DIR
@reports_errors
def annotate_list(as_json: bool, manifest: Path, tei_dir: Path) -> None:
    """List the annotations (with their status after the last build: ok or orphaned)."""
    from edition.annotate import load_store

    store = load_store(_store_path(_built(tei_dir)))
    if as_json:
        click.echo(
            json.dumps([a.as_dict() for a in store.annotations], ensure_ascii=False, indent=1)
        )
        return
    for a in store.annotations:
        click.echo(f"{a.id}\t{a.target}\t{a.status}\t{a.category}\t{a.resp}\t{a.text}")


@annotate.command("edit")
@click.argument("ann_id")
@click.option("--text")
@CATEGORY
@RESP
@MANIFEST
@TEI_DIR
@reports_errors
def annotate_edit(ann_id, text, category, resp, manifest: Path, tei_dir: Path) -> None:
    """Change an annotation's text, category or author."""
    from edition.annotate.store import edit

    click.echo(edit(_store_path(_built(tei_dir)), ann_id, text, category, resp).id)


@annotate.command("remove")
@click.argument("ann_id")
@MANIFEST
@TEI_DIR
@reports_errors
def annotate_remove(ann_id, manifest: Path, tei_dir: Path) -> None:
    """Delete an annotation."""
    from edition.annotate.store import remove

    click.echo(remove(_store_path(_built(tei_dir)), ann_id).id)


@main.group()
def authority() -> None:
    """The authority file of persons and places."""


@authority.command("propose")
@MANIFEST
@TEI_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the proposals as JSON.")
@reports_errors
def authority_propose(manifest: Path, tei_dir: Path, as_json: bool) -> None:
    """Propose new entries: names not in the authority file, grouped by skeleton."""
    from edition.pipeline import encode as run_encode
    from edition.tag.propose import propose_entries

    proposals = propose_entries(run_encode(manifest, tei_dir).witnesses)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in proposals], ensure_ascii=False, indent=1))
        return
    if not proposals:
        click.echo("no new names found")
        return
    click.echo("kind\tname\twitnesses")
    for p in proposals:
        where = ", ".join(f"{s}×{n}" for s, n in sorted(p.witnesses.items()))
        click.echo(f"{p.kind}\t{' / '.join(p.spellings)}\t{where}")


@authority.command("accept")
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--kind", type=click.Choice(["person", "place"]), help="Accept only proposals of this kind."
)
@MANIFEST
@TEI_DIR
@reports_errors
def authority_accept(names: tuple[str, ...], kind: str | None, manifest: Path, tei_dir: Path):
    """Add proposals (as `propose` lists them: a spelling of each) to the authority file."""
    from edition.pipeline import AUTHORITY_FILE
    from edition.pipeline import encode as run_encode
    from edition.tag.accept import accept_proposals
    from edition.tag.propose import propose_entries

    edition = run_encode(manifest, tei_dir)
    proposals = propose_entries(edition.witnesses)
    path = tei_dir / AUTHORITY_FILE
    for e in accept_proposals(path, edition.authority, proposals, list(names), kind):
        click.echo(f"added {e.kind} {e.id}: {' / '.join(e.names)}")


@main.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@MANIFEST
@TEI_DIR
@click.option("--top", default=20, show_default=True, help="How many hits to print (and add).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON, best first.")
@click.option("--scheduler", metavar="ADDRESS", help="A Dask scheduler (tcp://HOST:PORT).")
@click.option("--add", is_flag=True, help="Append the hits to the manifest as witnesses.")
@reports_errors
def discover(
    corpus: tuple[Path, ...],
    manifest: Path,
    tei_dir: Path,
    top: int,
    as_json: bool,
    scheduler: str | None,
    add: bool,
) -> None:
    """Find the stretches of each book of a corpus that tell the edition's episodes."""
    from edition.discover import add_hits
    from edition.discover import discover as run_discover

    bar = None if as_json else DiscoverProgress()
    found = run_discover(list(corpus), manifest, tei_dir, scheduler, progress=bar)
    for error in found.errors:
        click.echo(error, err=True)
    hits = found.hits[: max(top, 0)]
    if as_json:
        click.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=1))
    else:
        for rank, h in enumerate(hits, 1):
            episodes = ", ".join(f"{g} {found.labels.get(g, '')}".strip() for g in h.episodes)
            click.echo(f"{rank:>3}. {h.score:7.2f}  {h.file}  {h.start} – {h.end}")
            click.echo(f"      episodes: {episodes}")
            click.echo(f"      shares: {' · '.join(h.words)}")
        click.echo(
            f"{found.books} books, {found.words} words in {found.seconds:.1f} s: "
            f"{len(found.hits)} hits, {len(found.errors)} files not read",
            err=True,
        )
    if add:
        for siglum, h in add_hits(manifest, hits):
            click.echo(f"added {siglum}: {h.file} {h.start} – {h.end}", err=as_json)


class DiscoverProgress:
    """Books done and words/s on stderr when it is a terminal."""

    def __init__(self) -> None:
        self.bar = TerminalProgress()
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, words: int) -> None:
        rate = words / max(time.perf_counter() - self.started, 1e-9)
        self.bar(f"books ({rate:,.0f} words/s)", done, total)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
