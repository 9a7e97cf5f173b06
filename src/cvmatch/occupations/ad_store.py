"""Labelled job ads the user imports to move occupation centroids (CareerBERT's job centroids).

Input CSV (header line): a ``text`` column, or ``title`` and/or ``description`` (joined with
``". "``); and an ``occupation`` column holding an ESCO URI or an ESCO code (``esco_code`` and
``conceptUri`` are accepted too). Ads are kept in ``<cache dir>/occupation-ads.jsonl`` (one
``{"uri", "text"}`` object per line, duplicates dropped), independent of the encoder; each index
embeds them for its own model.
"""

import csv
import json
from pathlib import Path

from cvmatch.errors import RecommendError
from cvmatch.types import OccupationEntry

ADS_FILE = "occupation-ads.jsonl"
_LABEL_COLUMNS = ("occupation", "esco_code", "conceptUri", "uri")


def _text(row: dict[str, str]) -> str:
    if (row.get("text") or "").strip():
        return row["text"].strip()
    parts = ((row.get("title") or "").strip(), (row.get("description") or "").strip())
    return ". ".join(p for p in parts if p)


def read_ads_csv(
    path: Path, entries: list[OccupationEntry], skip_unknown: bool = False
) -> tuple[list[tuple[str, str]], list[int]]:
    """``(occupation URI, text)`` of every ad of ``path``, and the lines skipped.

    ``skip_unknown`` skips (and lists) lines whose label names no occupation of the taxonomy,
    e.g. codes of another ESCO version; without it such a line is an error.

    Raises:
        RecommendError: Unreadable file, no label/text column, or (without ``skip_unknown``) a
            label that names no occupation (the message gives the line).
    """
    by_code = {e.code: e.uri for e in entries if e.code}
    uris = {e.uri for e in entries}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            column = next((c for c in _LABEL_COLUMNS if c in fields), None)
            if column is None or not {"text", "title", "description"} & set(fields):
                raise RecommendError(
                    f"{path}: needs a text (or title/description) column and an occupation "
                    f"column ({', '.join(_LABEL_COLUMNS)})"
                )
            ads, skipped = [], []
            for line, row in enumerate(reader, start=2):
                label = (row.get(column) or "").strip()
                uri = label if label in uris else by_code.get(label)
                if uri is None and skip_unknown:
                    skipped.append(line)
                elif uri is None:
                    raise RecommendError(
                        f"{path}:{line}: {label!r} is no known occupation "
                        "(--skip-unknown skips such lines)"
                    )
                elif text := _text(row):
                    ads.append((uri, text))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RecommendError(f"cannot read {path}: {error}") from None
    return ads, skipped


def load_ads(cache_dir: Path) -> list[tuple[str, str]]:
    """The imported ads, in import order (empty when none)."""
    path = cache_dir / ADS_FILE
    if not path.is_file():
        return []
    ads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            ads.append((str(item["uri"]), str(item["text"])))
    return ads


def save_ads(cache_dir: Path, ads: list[tuple[str, str]]) -> int:
    """Add ``ads`` to the stored ones (duplicates dropped); return how many are stored."""
    known = load_ads(cache_dir)
    merged = list(dict.fromkeys(known + ads))
    cache_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"uri": u, "text": t}, ensure_ascii=False) for u, t in merged]
    (cache_dir / ADS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(merged)
