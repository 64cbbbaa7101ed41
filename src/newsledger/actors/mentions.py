"""Actor mentions: every named actor in a document, resolved to the actor dictionary.

Named entities of actor-like labels (people, organisations, nationalities and the
countries the ruler tagged from the actor dictionary) are resolved with
`entities.resolve_actor`, in text order, so that later mentions can refer back to
earlier ones. Place mentions come from `places.extract_places`.

Where an unplaced actor stands is `located.located_country`.
"""

from __future__ import annotations

from ..nlp import AnalyzedDoc
from ..records import Actor, Mention, Span, stable_id
from .entities import resolve_actor
from .index import ActorIndex

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Ruler ids of rows that are actors rather than places (see data/README.md).
ACTOR_ID_PREFIXES = ("state:", "agency:", "person:", "media:", "org:", "demonym:", "ngo:", "igo:")


def extract_actor_mentions(adoc: AnalyzedDoc, index: ActorIndex) -> list[Mention]:
    """Return one `Mention` of kind "actor" for each actor named in the document.

    Args:
        adoc: the analysed document.
        index: the actor dictionary (`Resources.actors`).

    Returns:
        Mentions in text order; each evidence span is the entity's own words.
    """
    doc_id, text = adoc.document.id, adoc.document.text
    recent: list[Actor] = []
    found: list[Mention] = []
    for ent in adoc.doc.ents:
        if not _is_actor(ent.label_, ent.ent_id_):
            continue
        actor = resolve_actor(ent.text, adoc, recent=recent, index=index)
        if actor.id is None and actor.country is None and ent.label_ == "NORP":
            continue
        recent.append(actor)
        span = Span.of(doc_id, text, ent.start_char, ent.end_char)
        # "actor" in the id: a place mention (places.py) may cover the same words.
        mention_id = stable_id("men", doc_id, "actor", span.start, span.end)
        found.append(Mention(mention_id, doc_id, span, "actor", actor=actor))
    return found


def _is_actor(label: str, ent_id: str) -> bool:
    if ent_id:
        return ent_id.startswith(ACTOR_ID_PREFIXES)
    return label in ACTOR_LABELS
