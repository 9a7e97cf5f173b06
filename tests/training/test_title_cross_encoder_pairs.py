"""The title cross-encoder's pairs: train occupations only, the fixed mix, real negatives."""

from collections.abc import Sequence

from cvmatch.training.language_data import OccupationLabels, occupation_split
from cvmatch.training.title_cross_encoder_pairs import PairMix, title_pairs


def _uris(split: str, count: int) -> list[str]:
    """The first ``count`` URIs ``occ/<i>`` whose hash puts them in ``split``."""
    found = []
    i = 0
    while len(found) < count:
        uri = f"http://example.org/occ/{i}"
        if occupation_split(uri) == split:
            found.append(uri)
        i += 1
    return found


def _occupations() -> dict[str, OccupationLabels]:
    """Five train occupations with 3 labels each, plus one validation and one test occupation."""
    occ: dict[str, OccupationLabels] = {}
    for n, uri in enumerate(_uris("train", 5)):
        occ[uri] = OccupationLabels(uri, "en", f"job{n} a", (f"job{n} b", f"job{n} c"))
    for split in ("validation", "test"):
        uri = _uris(split, 1)[0]
        occ[uri] = OccupationLabels(uri, "en", f"{split} x", (f"{split} y", "job0 a"))
    return occ


def _all_others(texts: Sequence[str], k: int) -> list[list[int]]:
    """A fake first stage: every other text, in list order (so every label is 'near')."""
    return [[j for j in range(len(texts)) if j != i][:k] for i in range(len(texts))]


def test_pairs_never_read_validation_or_test_occupations() -> None:
    occ = _occupations()
    pairs = title_pairs(occ, _all_others, PairMix(positives=4, hard=3, random=1, pool=20))
    held_out = {u for u in occ if occupation_split(u) != "train"}
    held_texts = {t for u in held_out for t in occ[u].labels} - {"job0 a"}
    assert pairs
    assert all(p.group not in held_out for p in pairs)
    assert not any({p.query, p.document} & held_texts for p in pairs)


def test_the_mix_is_one_positive_three_hard_one_random() -> None:
    pairs = title_pairs(_occupations(), _all_others, PairMix(positives=2, hard=3, random=1))
    positives = [p for p in pairs if p.label == 1.0]
    assert len(positives) == 5 * 2  # 5 train occupations, 2 of their 3 label pairs each
    origins = [p.origin for p in pairs]
    assert origins.count("hard") == 3 * len(positives)
    assert origins.count("random") == len(positives)


def test_positives_share_an_occupation_and_negatives_never_do() -> None:
    occ = _occupations()
    pairs = title_pairs(occ, _all_others)
    owner = {t: u for u, o in occ.items() if occupation_split(u) == "train" for t in o.labels}
    for pair in pairs:
        same = owner[pair.query] == owner[pair.document]
        assert same == (pair.label == 1.0), pair
        assert pair.group == owner[pair.query]


def test_hard_negatives_come_from_the_first_stage_pool_only() -> None:
    def nearest_two(texts: Sequence[str], k: int) -> list[list[int]]:
        del k
        return [[(i + 1) % len(texts), (i + 2) % len(texts)] for i in range(len(texts))]

    occ = _occupations()
    pairs = title_pairs(occ, nearest_two, PairMix(hard=3, random=0))
    labels = sorted({t for u, o in occ.items() if occupation_split(u) == "train" for t in o.labels})
    for pair in (p for p in pairs if p.origin == "hard"):
        i = labels.index(pair.query)
        assert pair.document in {labels[(i + 1) % len(labels)], labels[(i + 2) % len(labels)]}


def test_the_pairs_are_deterministic() -> None:
    assert title_pairs(_occupations(), _all_others) == title_pairs(_occupations(), _all_others)
