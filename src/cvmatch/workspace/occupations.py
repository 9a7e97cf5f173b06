"""Occupation recommendation for a stored candidate (the engine's recommender, docs/recommend.md)."""

from cvmatch.errors import NotFoundError
from cvmatch.occupations.records import OccupationRecommendation
from cvmatch.store.codec import document_from_row
from cvmatch.store.recruiting import candidate_rows
from cvmatch.workspace.context import Context

MAX_TOP = 50
"""Most occupations one request may ask for."""


def recommend(ctx: Context, candidate_id: int, top: int = 10) -> OccupationRecommendation:
    """The ``top`` ESCO occupations that fit the candidate's CV, with evidence and skills gap.

    Raises:
        NotFoundError: no candidate with that id.
    """
    with ctx.db.connect() as conn:
        rows = candidate_rows(conn, [candidate_id])
    if not rows:
        raise NotFoundError(f"no candidate with id {candidate_id}")
    row = rows[0]
    doc = document_from_row(str(row.name), row.kind, row.text, row.language, row.meta)
    return ctx.engine.occupations.recommend([doc], top=top)[0]
