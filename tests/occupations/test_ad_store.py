"""Importing labelled job ads: the CSV reader and the JSONL store under the cache dir."""

from pathlib import Path

import pytest

from cvmatch.errors import RecommendError
from cvmatch.occupations.ad_store import ADS_FILE, load_ads, read_ads_csv, save_ads
from cvmatch.types import LocalisedText, OccupationEntry

BAKER = OccupationEntry("o/baker", "7512.1", "7512", (LocalisedText("en", "baker"),))
NURSE = OccupationEntry("o/nurse", "2221.1", "2221", (LocalisedText("en", "nurse"),))
ENTRIES = [BAKER, NURSE]


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "ads.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_ads_are_read_by_uri_or_code_from_text_or_title_and_description(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "occupation,title,description,text\n"
        "o/baker,Baker,Bake bread,\n"  # title. description
        "2221.1,,,Night nurse wanted\n"  # code; text wins
        "o/nurse,Ward nurse,,\n"  # title only
        "7512.1,,,\n",  # no text at all: dropped without a word
    )
    ads, skipped = read_ads_csv(path, ENTRIES)
    assert ads == [
        ("o/baker", "Baker. Bake bread"),
        ("o/nurse", "Night nurse wanted"),
        ("o/nurse", "Ward nurse"),
    ]
    assert skipped == []


@pytest.mark.parametrize("column", ["esco_code", "conceptUri", "uri"])
def test_other_label_columns_are_accepted(tmp_path: Path, column: str) -> None:
    path = _csv(tmp_path, f"\ufeff{column},text\n7512.1,Baker\n")  # a BOM is read past
    assert read_ads_csv(path, ENTRIES) == ([("o/baker", "Baker")], [])


def test_an_unknown_occupation_names_its_line_or_is_skipped(tmp_path: Path) -> None:
    path = _csv(tmp_path, "occupation,text\no/baker,Baker\n9999.9,Pilot\no/nurse,Nurse\n")
    with pytest.raises(RecommendError, match=r"ads\.csv:3: '9999\.9' is no known occupation"):
        read_ads_csv(path, ENTRIES)
    ads, skipped = read_ads_csv(path, ENTRIES, skip_unknown=True)
    assert ads == [("o/baker", "Baker"), ("o/nurse", "Nurse")]
    assert skipped == [3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text\nBaker\n", "needs a text"),  # no label column
        ("occupation,salary\no/baker,1\n", "needs a text"),  # no text column
    ],
)
def test_missing_columns_are_refused(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(RecommendError, match=message):
        read_ads_csv(_csv(tmp_path, content), ENTRIES)


def test_unreadable_files_are_a_recommend_error(tmp_path: Path) -> None:
    with pytest.raises(RecommendError, match="cannot read"):
        read_ads_csv(tmp_path / "missing.csv", ENTRIES)
    latin = _csv(tmp_path, "occupation,text\no/baker,Bäcker\n", encoding="latin-1")
    with pytest.raises(RecommendError, match="cannot read"):
        read_ads_csv(latin, ENTRIES)


def test_saved_ads_round_trip_in_order_without_duplicates(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert load_ads(cache) == []
    assert save_ads(cache, [("o/baker", "Bäcker gesucht"), ("o/nurse", "Nurse")]) == 2
    assert save_ads(cache, [("o/nurse", "Nurse"), ("o/baker", "Baker")]) == 3  # one repeat
    assert load_ads(cache) == [
        ("o/baker", "Bäcker gesucht"),
        ("o/nurse", "Nurse"),
        ("o/baker", "Baker"),
    ]
    lines = (cache / ADS_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"uri": "o/baker", "text": "Bäcker gesucht"}'  # readable, not \\u-escaped
    assert len(lines) == 3
