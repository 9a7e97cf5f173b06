"""A job's scoring settings (issues 18 and 21): trained stages and the LLM switch, per job.

The settings live in the store (``job_settings``, migration 0004), so every server process
ranks a job the same way. Saving them checks every model name against the trained-model
registry (an unknown name or a model of the wrong kind is refused with what to do) and refuses
the LLM switch when no endpoint is configured; a change bumps the job's revision in the same
transaction, so every process rebuilds its view of the job on its next page.
"""

from dataclasses import asdict

from sqlalchemy import Connection

from cvmatch.engine import LlmStep, Stages
from cvmatch.errors import InvalidInputError, ModelUnavailableError, NotFoundError
from cvmatch.store.job_settings import save_settings, settings_row
from cvmatch.store.job_state import bump_revision, lock_job
from cvmatch.store.recruiting import job_exists
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import JobSettings, User

LLM_REFUSED = (
    "the LLM switch needs an endpoint: set CVMATCH_LLM_BASE_URL and CVMATCH_LLM_MODEL for the "
    "server (docs/llm.md); the job keeps its deterministic ranking"
)


def job_settings(ctx: Context, job_id: int) -> JobSettings:
    """The job's settings (the defaults when it never had any).

    Raises:
        NotFoundError: No job has that id.
    """
    with ctx.db.connect() as conn:
        if not job_exists(conn, job_id):
            raise NotFoundError(f"no job with id {job_id}")
        return read_settings(conn, job_id)


def read_settings(conn: Connection, job_id: int) -> JobSettings:
    """The settings stored for ``job_id`` in the caller's transaction (defaults: no row)."""
    row = settings_row(conn, job_id)
    if row is None:
        return JobSettings()
    return JobSettings(
        rerank_model=row.rerank_model,
        rerank_top=row.rerank_top,
        ranker_model=row.ranker_model,
        llm=bool(row.llm),
        llm_top=row.llm_top,
    )


def stages_of(settings: JobSettings) -> Stages:
    """The engine's :class:`Stages` for the settings (what ``cvmatch rank`` gets from options)."""
    top = settings.rerank_top if settings.rerank_top is not None else Stages().rerank_top
    return Stages(rerank=settings.rerank_model, rerank_top=top, ranker=settings.ranker_model)


def effective_llm_top(ctx: Context, settings: JobSettings) -> int:
    """How many candidates the LLM re-reads for the job (its own top, or CVMATCH_LLM_TOP_K)."""
    return settings.llm_top if settings.llm_top is not None else ctx.settings.llm_top_k


def save_job_settings(
    ctx: Context, user: User | None, job_id: int, settings: JobSettings
) -> JobSettings:
    """Check and store the job's settings; the next page of any process ranks with them.

    Raises:
        NotFoundError: No job has that id.
        InvalidInputError: An unknown model, a model of the wrong kind, a top below 1, or the
            LLM switch without a configured endpoint.
    """
    check(ctx, settings)
    with ctx.db.begin() as conn:
        if not lock_job(conn, job_id):
            raise NotFoundError(f"no job with id {job_id}")
        values = asdict(settings)
        save_settings(conn, job_id, values, user.id if user else None)
        bump_revision(conn, job_id)
        audit(conn, user, "settings_changed", job_id, detail=values)
    return job_settings(ctx, job_id)


def check(ctx: Context, settings: JobSettings) -> None:
    """Refuse settings the engine could not run (see :func:`save_job_settings`)."""
    for name, top in (("rerank_top", settings.rerank_top), ("llm_top", settings.llm_top)):
        if top is not None and top < 1:
            raise InvalidInputError(f"{name} must be at least 1, not {top}")
    for name, model in (
        ("rerank_model", settings.rerank_model),
        ("ranker_model", settings.ranker_model),
    ):
        if model is not None and not model.strip():
            raise InvalidInputError(f"{name} is empty: give a trained model's name or null")
    try:
        ctx.engine.check_stages(stages_of(settings))
    except ModelUnavailableError as error:  # an unknown name is the request's fault here
        raise InvalidInputError(str(error)) from error
    if settings.llm and not LlmStep(ctx.settings).configured:
        raise InvalidInputError(LLM_REFUSED)
