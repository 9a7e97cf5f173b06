"""Put a trained bi-encoder into the package as int8 ONNX with its manifest (issue 18, item 4).

Exports ``--model`` (``name@vN`` of the trained-model registry, ``CVMATCH_MODELS_DIR``) with
:func:`cvmatch.training.ship.ship_model` into ``src/cvmatch/encoders/weights/<--name>/``; every
``--data PATH LICENCE ATTRIBUTION`` is a training-data file under ``--data-dir`` (default
``../shared/data``) whose sha256, licence and attribution go into the manifest, recorded as
``../shared/data/PATH``. Held-out figures are added afterwards with ``--figure`` (a JSON object of
:class:`cvmatch.encoders.shipped.HeldOutFigure`) and defaults with ``--default-for``.

Usage (what shipped ``recommend-esco-int8``, see docs/benchmarks/shipped.md)::

    CVMATCH_MODELS_DIR=bench/out/models python -m bench.data.ship_model --model recommend-esco@v1 \\
        --name recommend-esco-int8 --recipe recipes/recommend-bi-encoder.yaml --description "..." \\
        --data esco_v1.2/ESCO_en/occupations_en.csv "ESCO: free reuse" "ESCO, ..."
"""

import argparse
import hashlib
import json
from pathlib import Path

from cvmatch.encoders.shipped import WEIGHTS_DIR, DataSource, HeldOutFigure
from cvmatch.settings import get_settings
from cvmatch.training.ship import ShipRequest, add_figure, set_defaults, ship_model


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def main() -> None:
    """Export a model, or add a figure / defaults to an exported one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--name", required=True, help="shipped name, e.g. recommend-esco-int8")
    parser.add_argument("--model", help="trained model to export, name@vN")
    parser.add_argument("--recipe", type=Path)
    parser.add_argument("--description", default="")
    parser.add_argument("--data", nargs=3, action="append", default=[],
                        metavar=("PATH", "LICENCE", "ATTRIBUTION"))  # fmt: skip
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--figure", action="append", default=[], help="HeldOutFigure as JSON")
    parser.add_argument("--default-for", nargs="*", help="methods that use it by default")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    args = parser.parse_args()
    folder = args.out / args.name
    if args.model:
        data = tuple(
            DataSource(
                source=f"../shared/data/{path}",
                sha256=_sha256(args.data_dir / path),
                licence=lic,
                attribution=attr,
            )
            for path, lic, attr in args.data
        )
        request = ShipRequest(args.model, args.name, args.recipe, args.description, data)
        manifest = ship_model(request, get_settings().trained_models_dir, args.out)
        print(f"{folder}: cosine to float32 {manifest.cosine_to_fp32}, sha256 {manifest.sha256}")
    for figure in args.figure:
        add_figure(folder, HeldOutFigure.model_validate(json.loads(figure)))
    if args.default_for is not None:
        set_defaults(folder, args.default_for)


if __name__ == "__main__":
    main()
