"""``cvmatch eval``: measure matching quality, every method side by side, with 95% CIs.

* ``cvmatch eval retrieval --queries Q.tsv --corpus C.tsv --qrels R.tsv [--method M ...]``
* ``cvmatch eval pairs --data pairs.jsonl [--group-by FIELD]``
* ``cvmatch eval dataset NAME`` (a registered benchmark loader, see ``docs/benchmarks/datasets.md``)

Each prints a table (mean [CI low, CI high]) and can write ``--out report.json`` and
``--report report.md`` (Markdown with PNG plots).
"""

from dataclasses import asdict, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.eval_reports import (
    EvalOptions,
    GroupBy,
    PairedDelta,
    PairOptions,
    RunMeta,
    Task,
    TaskRun,
    file_sha256,
    headline_metrics,
    load_dataset,
    paired_deltas,
    pairs_task_from_file,
    report_dict,
    retrieval_task_from_files,
    subsample,
    task_digest,
    write_json,
    write_markdown_report,
)
from cvmatch.errors import InvalidInputError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

DEFAULT_METHODS = ["tfidf-word", "bm25", "hybrid"]
_SHOWN = 6


class GroupField(StrEnum):
    """Which field groups pairs for pairwise accuracy."""

    GROUP = "group"
    JOB = "job"
    CV = "cv"
    NONE = "none"


_GROUPS: dict[GroupField, GroupBy | None] = {
    GroupField.GROUP: "group",
    GroupField.JOB: "job",
    GroupField.CV: "cv",
    GroupField.NONE: None,
}

MethodOption = Annotated[
    list[str] | None,
    typer.Option(
        "--method",
        "-m",
        help="Repeatable: an encoder name (tfidf-word, tfidf-char, bm25, minilm, minilm-int8, "
        "use-m3, e5-small-q4), a trained model folder, hybrid, or recommend[:MODEL] (the "
        "occupation recommender, on occupation tasks), or titles[:MODEL[+MODEL]] (title ↔ title "
        "similarity with feedback and neighbour smoothing). "
        f"Default: {', '.join(DEFAULT_METHODS)}.",
    ),
]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write the JSON report here.")]
ReportOption = Annotated[
    Path | None, typer.Option("--report", help="Write a Markdown report with PNG plots here.")
]
ResamplesOption = Annotated[
    int, typer.Option("--resamples", min=1, help="Bootstrap resamples per interval.")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the bootstrap and of --sample.")]
BaselineOption = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        help="Retrieval only: also print each other method minus this one (one of the -m "
        "methods) on the primary metric, with a paired bootstrap interval.",
    ),
]


def _table(run: TaskRun) -> Table:
    names = headline_metrics(run, _SHOWN)
    table = Table(title=f"{run.task}: mean [95% CI]; every metric in --out")
    table.add_column("method", no_wrap=True)
    for name in names:
        table.add_column(name, justify="right")
    table.add_column("s", justify="right")
    for method, evaluation in run.methods.items():
        cells = [
            f"{m.mean:.3f}\n[{m.ci_low:.2f}, {m.ci_high:.2f}]"
            for m in (evaluation.metrics[n] for n in names)
        ]
        table.add_row(method, *cells, f"{evaluation.seconds:.1f}")
    return table


def _run(
    task: Task, methods: list[str] | None, options: EvalOptions, pairs: PairOptions
) -> TaskRun:
    with render.progress_bars(stderr) as progress:
        return Engine(on_progress=progress).evaluation.evaluate(
            task, methods or DEFAULT_METHODS, pairs, options
        )


def _check_baseline(baseline: str | None, methods: list[str] | None) -> None:
    """Fail before any scoring when ``--baseline`` names a method that will not run."""
    chosen = methods or DEFAULT_METHODS
    if baseline is not None and baseline not in chosen:
        raise InvalidInputError(f"--baseline {baseline!r} must be one of the methods: {chosen}")


def _deltas(run: TaskRun, baseline: str, options: EvalOptions) -> list[PairedDelta]:
    metric = run.primary_metric or headline_metrics(run, 1)[0]
    deltas = paired_deltas(run, baseline, (metric,), options)
    table = Table(title=f"{run.task}: method - {baseline}, paired bootstrap 95% CI")
    for column in ("method", "metric", "delta", "95% CI", "queries"):
        table.add_column(column, justify="left" if column in {"method", "metric"} else "right")
    for d in deltas:
        ci = f"[{d.low:+.3f}, {d.high:+.3f}]"
        table.add_row(d.method, d.metric, f"{d.mean:+.3f}", ci, str(d.queries))
    stdout.print(table)
    return deltas


def _emit(
    run: TaskRun,
    meta: RunMeta,
    out: Path | None,
    report: Path | None,
    baseline: str | None = None,
    options: EvalOptions | None = None,
) -> None:
    stdout.print(_table(run))
    deltas = _deltas(run, baseline, options or EvalOptions()) if baseline else []
    for method, evaluation in run.methods.items():
        for note in evaluation.notes:
            stderr.print(f"[dim]{method}: {note}[/]", highlight=False)
    if out is not None:
        payload = report_dict(run, meta)
        if deltas:
            payload["paired_deltas"] = [asdict(d) for d in deltas]
        write_json(out, payload)
        stderr.print(f"wrote {out}", highlight=False)
    if report is not None:
        written = write_markdown_report([run], report)
        stderr.print(f"wrote {report} and {len(written) - 1} plot(s)", highlight=False)


@app.command()
@reports_errors
def retrieval(  # noqa: PLR0917 - typer maps each parameter to an option
    queries: Annotated[Path, typer.Option("--queries", help="Q.tsv: id<TAB>text, header line.")],
    corpus: Annotated[Path, typer.Option("--corpus", help="C.tsv: id<TAB>text, header line.")],
    qrels: Annotated[Path, typer.Option("--qrels", help="TREC qrels: qid 0 docid relevance.")],
    method: MethodOption = None,
    out: OutOption = None,
    report: ReportOption = None,
    resamples: ResamplesOption = 1000,
    seed: SeedOption = 0,
    baseline: BaselineOption = None,
) -> None:
    """Rank the corpus for each query with each method; MAP, MRR, nDCG, recall, P@k..."""
    _check_baseline(baseline, method)
    task = retrieval_task_from_files(queries, corpus, qrels)
    options = EvalOptions(n_resamples=resamples, seed=seed)
    run = _run(task, method, options, PairOptions())
    data = {str(p): file_sha256(p) for p in (queries, corpus, qrels)}
    meta = RunMeta(data, {"resamples": resamples, "seed": seed}, task.description)
    _emit(run, meta, out, report, baseline, options)


@app.command()
@reports_errors
def pairs(  # noqa: PLR0917 - typer maps each parameter to an option
    data: Annotated[Path, typer.Option("--data", help='JSONL: {"job", "cv", "label", "group"?}.')],
    group_by: Annotated[
        GroupField | None,
        typer.Option(
            "--group-by", help="Group pairs for pairwise accuracy (default: group if set)."
        ),
    ] = None,
    method: MethodOption = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Also report P/R/F1/accuracy at this score.")
    ] = None,
    target_precision: Annotated[
        float,
        typer.Option("--target-precision", min=0.0, max=1.0, help="Recall at this precision."),
    ] = 0.9,
    out: OutOption = None,
    report: ReportOption = None,
    resamples: ResamplesOption = 1000,
    seed: SeedOption = 0,
) -> None:
    """Score labelled job/CV pairs; ROC/PR AUC, F1, calibration, pairwise accuracy."""
    task = pairs_task_from_file(data)
    if group_by is None:
        field = (
            GroupField.GROUP if all(p.group is not None for p in task.pairs) else GroupField.NONE
        )
    else:
        field = group_by
    settings = PairOptions(
        group_by=_GROUPS[field],
        threshold=threshold,
        target_precision=target_precision,
    )
    options = EvalOptions(n_resamples=resamples, seed=seed)
    run = _run(task, method, options, settings)
    meta = RunMeta(
        {str(data): file_sha256(data)},
        {
            "resamples": resamples,
            "seed": seed,
            "group_by": field.value,
            "threshold": threshold,
            "target_precision": target_precision,
        },
        task.description,
    )
    _emit(run, meta, out, report)


@app.command()
@reports_errors
def dataset(  # noqa: PLR0917 - typer maps each parameter to an option
    name: Annotated[
        str, typer.Argument(help="A registered dataset, e.g. talentclef_en_validation.")
    ],
    method: MethodOption = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Shared data folder (default ../shared/data).")
    ] = None,
    sample: Annotated[
        int | None, typer.Option("--sample", min=1, help="Seeded sample of N queries (or groups).")
    ] = None,
    out: OutOption = None,
    report: ReportOption = None,
    resamples: ResamplesOption = 1000,
    seed: SeedOption = 0,
    baseline: BaselineOption = None,
) -> None:
    """Run a registered benchmark loader directly (see docs/benchmarks/datasets.md)."""
    _check_baseline(baseline, method)
    task = subsample(load_dataset(name, data_dir), sample, seed)
    options = EvalOptions(n_resamples=resamples, seed=seed)
    run = _run(task, method, options, PairOptions())
    run = replace(run, task=name)
    meta = RunMeta(
        {f"{name} (content)": task_digest(task)},
        {"resamples": resamples, "seed": seed, "sample": sample, "baseline": baseline},
        task.description,
    )
    _emit(run, meta, out, report, baseline, options)
