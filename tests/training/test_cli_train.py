"""`cvmatch train` / `cvmatch runs` / `cvmatch models`: one-line errors, listings."""

from pathlib import Path

from typer.testing import CliRunner

from cvmatch.cli import app

runner = CliRunner()


def test_train_with_a_malformed_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("name: x\nepochs: many\ndata: {sources: [{path: p.csv}]}\n", encoding="utf-8")
    result = runner.invoke(app, ["train", "bi-encoder", "--config", str(config)])
    assert result.exit_code == 2
    assert "epochs" in result.output
    assert "Traceback" not in result.output


def test_train_with_a_malformed_data_row_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "p.csv"
    data.write_text("jd,resume,label\nnurse,cared for patients,1\nchef,,1\n", encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: x\ntracking: {{backend: none}}\ndata: {{sources: [{{path: {data}}}]}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["train", "bi-encoder", "--config", str(config)])
    assert result.exit_code == 2
    assert "p.csv:3" in result.output


def test_runs_on_an_empty_folder_lists_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["runs", "--dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "runs in" in result.output


def test_models_lists_trained_models_beside_built_ins(write_config) -> None:
    from cvmatch.training.config import load_config  # noqa: PLC0415
    from cvmatch.training.runner import train  # noqa: PLC0415

    extra = "base_model: fake-keywords\nhead: linear\n"
    path = write_config(extra=extra, name="listed", backend="none")
    train(load_config(path, "bi-encoder"))
    result = runner.invoke(app, ["models", "--format", "json"])
    assert result.exit_code == 0
    assert '"listed@v1"' in result.output
    assert '"minilm-int8"' in result.output
