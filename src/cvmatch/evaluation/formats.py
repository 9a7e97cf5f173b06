"""Read and write the benchmark file formats: ``id<TAB>text`` TSV, TREC qrels and pairs JSONL.

Readers are strict: a malformed row raises :class:`~cvmatch.errors.InvalidInputError` naming the
file and the 1-based line number, and nothing is silently dropped (blank lines are errors too; only
the final newline is optional). Writers refuse values the format cannot hold (a tab inside a TSV
text, whitespace inside a qrels id) instead of writing a file that would not read back.

Formats:

* TSV (``Q.tsv``, ``C.tsv``): a header line with two tab-separated column names, then one
  ``id<TAB>text`` row per item. Ids are unique, text is non-empty.
* TREC qrels: ``qid 0 docid relevance`` separated by any whitespace; relevance is an integer
  (> 0 relevant, <= 0 judged non-relevant). A (qid, docid) pair appears once.
* Pairs JSONL: one object per line, ``{"job": str, "cv": str, "label": number, "group": str|int}``
  (``group`` optional; an integer group is stored as its string form). Other keys are ignored
  with one warning per file.
"""

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from cvmatch.errors import InvalidInputError

logger = logging.getLogger(__name__)

_QRELS_FIELDS = 4
_PAIR_KEYS = ("job", "cv", "label", "group")


@dataclass(frozen=True)
class Pair:
    """One labelled (job, CV) text pair.

    Attributes:
        job: Text of the job side.
        cv: Text of the CV side.
        label: 0/1, or a graded relevance (binarise with a threshold when scoring).
        group: Pairs sharing a group are compared with each other (pairwise accuracy).
    """

    job: str
    cv: str
    label: float
    group: str | None = None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` without the line ending; ``utf-8-sig`` drops a BOM."""
    try:
        with path.open(encoding="utf-8-sig", newline=None) as handle:
            for number, line in enumerate(handle, start=1):
                yield number, line.rstrip("\n")
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: file not found; check the path") from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{path}: not UTF-8 text ({error}); re-save it as UTF-8") from None


def read_tsv(path: Path) -> dict[str, str]:
    """Read an ``id<TAB>text`` file with a header line into ``{id: text}`` (file order kept).

    Whitespace around an id or a text is stripped.

    Raises:
        InvalidInputError: Missing header, a row without exactly two fields, an empty id or
            text, or a duplicate id (the message gives the line number).
    """
    rows: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    header_seen = False
    for number, line in _lines(path):
        fields = line.split("\t")
        if len(fields) != 2:  # noqa: PLR2004 - id and text
            raise InvalidInputError(
                f"{path}:{number}: expected 'id<TAB>text' (2 fields), found {len(fields)}"
            )
        if not header_seen:
            header_seen = True
            continue
        key, text = fields[0].strip(), fields[1].strip()
        if not key or not text:
            raise InvalidInputError(f"{path}:{number}: empty id or text; fill it or delete the row")
        if key in rows:
            raise InvalidInputError(
                f"{path}:{number}: duplicate id {key!r} (first on line {first_seen[key]})"
            )
        rows[key] = text
        first_seen[key] = number
    if not header_seen:
        raise InvalidInputError(f"{path}: empty file; expected a header line 'id<TAB>text'")
    return rows


def write_tsv(
    path: Path, rows: Mapping[str, str], header: tuple[str, str] = ("id", "text")
) -> None:
    """Write ``{id: text}`` as a TSV with ``header``; tabs or newlines in a value raise."""
    lines = ["\t".join(header)]
    for key, text in rows.items():
        for value in (key, text):
            if not value.strip() or any(char in value for char in "\t\r\n"):
                raise InvalidInputError(
                    f"cannot write {value!r} to {path}: TSV values must be non-empty and hold "
                    "no tab or newline; replace them with spaces first"
                )
        lines.append(f"{key}\t{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Read TREC qrels (``qid 0 docid relevance``) into ``{qid: {docid: relevance}}``.

    Raises:
        InvalidInputError: A line without 4 fields, a non-integer relevance or a repeated
            (qid, docid) pair (the message gives the line number).
    """
    qrels: dict[str, dict[str, int]] = {}
    for number, line in _lines(path):
        fields = line.split()
        if len(fields) != _QRELS_FIELDS:
            raise InvalidInputError(
                f"{path}:{number}: expected 'qid 0 docid relevance' (4 fields), found {len(fields)}"
            )
        qid, _, docid, raw = fields
        try:
            relevance = int(raw)
        except ValueError:
            raise InvalidInputError(
                f"{path}:{number}: relevance {raw!r} is not an integer"
            ) from None
        judged = qrels.setdefault(qid, {})
        if docid in judged:
            raise InvalidInputError(f"{path}:{number}: ({qid}, {docid}) is judged twice")
        judged[docid] = relevance
    return qrels


def write_qrels(path: Path, qrels: Mapping[str, Mapping[str, int]]) -> None:
    """Write ``{qid: {docid: relevance}}`` as TREC qrels; ids containing whitespace raise."""
    lines = []
    for qid, judged in qrels.items():
        for docid, relevance in judged.items():
            for value in (qid, docid):
                if not value or any(char.isspace() for char in value):
                    raise InvalidInputError(
                        f"cannot write id {value!r} to {path}: qrels ids must be non-empty "
                        "without whitespace"
                    )
            lines.append(f"{qid} 0 {docid} {int(relevance)}")
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _pair_from_json(record: object, where: str) -> Pair:
    """Validate one decoded JSONL record and build a :class:`Pair` (other keys are ignored)."""
    if not isinstance(record, dict):
        raise InvalidInputError(f"{where}: expected a JSON object, found {type(record).__name__}")
    job, cv, label, group = (record.get(key) for key in ("job", "cv", "label", "group"))
    if not isinstance(job, str) or not isinstance(cv, str) or not job.strip() or not cv.strip():
        raise InvalidInputError(f"{where}: 'job' and 'cv' must be non-empty strings")
    if isinstance(label, bool) or not isinstance(label, int | float):
        raise InvalidInputError(
            f"{where}: 'label' must be a number (0/1 or a grade), got {label!r}"
        )
    if group is not None and (isinstance(group, bool) or not isinstance(group, str | int)):
        raise InvalidInputError(f"{where}: 'group' must be a string or an integer, got {group!r}")
    return Pair(job=job, cv=cv, label=label, group=None if group is None else str(group))


def read_pairs(path: Path) -> list[Pair]:
    """Read a pairs JSONL file (one JSON object per line) in file order.

    Keys other than ``job``, ``cv``, ``label`` and ``group`` (metadata columns of real files)
    are ignored, with one warning for the whole file naming them.

    Raises:
        InvalidInputError: Invalid JSON, a missing or mistyped field or a blank line (the
            message gives the line number).
    """
    pairs = []
    unknown: set[str] = set()
    for number, line in _lines(path):
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInputError(f"{where}: invalid JSON ({error.msg})") from None
        pairs.append(_pair_from_json(record, where))
        unknown |= set(record) - set(_PAIR_KEYS)
    if unknown:
        logger.warning(
            "%s: ignored unknown keys %s (known: %s)", path, sorted(unknown), ", ".join(_PAIR_KEYS)
        )
    return pairs


def write_pairs(path: Path, pairs: Iterable[Pair]) -> None:
    """Write pairs as JSONL (UTF-8, non-ASCII kept); ``group`` is omitted when ``None``."""
    with path.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            record: dict[str, object] = {"job": pair.job, "cv": pair.cv, "label": pair.label}
            if pair.group is not None:
                record["group"] = pair.group
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
