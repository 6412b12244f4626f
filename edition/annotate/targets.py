"""What an annotation can point to, and a fingerprint of each target's text so that an
annotation keeps its target when the edition is rebuilt and ids shift."""

from __future__ import annotations

from dataclasses import dataclass

from edition.arabic.normalize import normalize_orthographic
from edition.arabic.tokens import first_words


def _norm(text: str) -> str:
    return " ".join(normalize_orthographic(text).split())


@dataclass(frozen=True)
class Target:
    id: str
    kind: str  # app | ab | group | passage | witness
    fingerprint: str
    label: str  # what a person reads: the readings, the passage's opening words


class TargetIndex:
    """Every annotatable xml:id of an edition, with fingerprints."""

    def __init__(self, targets: list[Target]):
        self.by_id = {t.id: t for t in targets}
        self.by_print: dict[tuple[str, str], list[Target]] = {}
        for t in targets:
            self.by_print.setdefault((t.kind, t.fingerprint), []).append(t)

    def __contains__(self, target_id: str) -> bool:
        return target_id in self.by_id

    def get(self, target_id: str) -> Target | None:
        return self.by_id.get(target_id)

    def find(self, kind: str, fingerprint: str) -> Target | None:
        found = self.by_print.get((kind, fingerprint), [])
        return found[0] if len(found) == 1 else None

    @classmethod
    def from_edition(cls, edition) -> TargetIndex:
        targets = []
        passages = {p.id: p for w in edition.witnesses for p in w.passages}
        for w in edition.witnesses:
            targets.append(Target(w.siglum, "witness", w.siglum, w.title or w.siglum))
            for p in w.passages:
                targets.append(Target(p.id, "passage", _norm(p.text), first_words(p.text, 8)))
        if edition.alignment is not None:
            for g in edition.alignment.groups:
                fp = "|".join(sorted(_norm(passages[pid].text) for pid in g.passages))
                targets.append(Target(g.id, "group", fp, g.label))
                targets.append(Target(f"{g.id}-ab", "ab", fp, g.label))
        if edition.apparatus is not None:
            for gc in edition.apparatus.groups:
                for app in gc.apps:
                    fp = "|".join(
                        sorted(f"{s}={_norm(r.text)}" for r in app.readings for s in r.witnesses)
                    )
                    label = " / ".join(
                        f"{r.text.strip() or '—'} ({' '.join(r.witnesses)})" for r in app.readings
                    )
                    targets.append(Target(app.id, "app", fp, label))
        return cls(targets)
