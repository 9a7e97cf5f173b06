"""The ``cvmatch`` Typer app: every command group, registered in the order ``--help`` lists them.

Each command lives with its group (``match``, ``models``, ``eval``, ``service``, ``taxonomy``,
``train``, ``recommend``) and reports errors through :func:`cvmatch.cli.errors.reports_errors`;
this module only assembles them.
"""

import typer

from cvmatch.cli import ingest, match, models, recommend, report, service, train
from cvmatch.cli.audit import app as audit_app
from cvmatch.cli.candidates import app as candidates_app
from cvmatch.cli.eval import app as eval_app
from cvmatch.cli.index import app as index_app
from cvmatch.cli.synth import app as synth_app
from cvmatch.cli.taxonomy import app as taxonomy_app

HELP = "The ``cvmatch`` command line: parse input, make one Engine call, render the result."


def build_app() -> typer.Typer:
    """A new ``cvmatch`` app with every command and group registered."""
    cli = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP)
    for command in (match.rank, match.match, match.score, match.parse, models.models):
        cli.command()(command)
    cli.add_typer(eval_app, name="eval", help="Measure matching quality with CIs.")
    cli.command("serve")(service.serve)
    cli.add_typer(service.users_app, name="users")
    cli.add_typer(taxonomy_app, name="taxonomy")
    cli.command("train")(train.train_command)
    cli.command("runs")(train.runs_command)
    cli.command("recommend")(recommend.recommend_command)
    cli.command("recommend-import-ads")(recommend.import_ads_command)
    cli.command("recommend-import-skills")(recommend.import_relations_command)
    cli.command("build-models")(models.build_models)
    cli.add_typer(synth_app, name="synth")
    cli.command("ingest")(ingest.ingest)
    cli.add_typer(index_app, name="index")
    cli.add_typer(audit_app, name="audit")
    cli.command("report")(report.report)
    cli.add_typer(candidates_app, name="candidates")
    return cli


app = build_app()


def main() -> None:
    """Entry point of the ``cvmatch`` script."""
    app()
