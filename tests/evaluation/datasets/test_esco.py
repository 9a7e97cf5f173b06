import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.esco import label_corpus, load_occupations, one_text_corpus

URI = "http://data.europa.eu/esco/occupation/"


def test_one_text_joins_label_alt_labels_and_description(fake_data_dir):
    corpus = one_text_corpus(load_occupations(fake_data_dir))
    assert corpus == {
        URI + "a": "data engineer. big data engineer, data pipeline engineer. Builds pipelines.",
        URI + "b": "nurse. Cares for patients.",
        URI + "c": "chef. cook, chef. Cooks.",
    }


def test_label_corpus_has_one_document_per_distinct_label(fake_data_dir):
    corpus, groups = label_corpus(load_occupations(fake_data_dir))
    assert corpus == {
        URI + "a#0": "data engineer",
        URI + "a#1": "big data engineer",
        URI + "a#2": "data pipeline engineer",
        URI + "b#0": "nurse",
        URI + "c#0": "chef",
        URI + "c#1": "cook",
    }
    assert groups[URI + "a#2"] == URI + "a"
    assert set(groups) == set(corpus)


def test_missing_file_or_column_is_a_clear_error(tmp_path, fake_data_dir):
    with pytest.raises(InvalidInputError, match="benchmark file not found"):
        load_occupations(tmp_path / "nowhere")
    path = fake_data_dir / "esco_v1.2" / "ESCO_en" / "occupations_en.csv"
    path.write_text("conceptUri,preferredLabel\nx,y\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="missing columns"):
        load_occupations(fake_data_dir)


@pytest.mark.shared_data
def test_real_esco_has_3039_occupations(shared_data_dir):
    occupations = load_occupations(shared_data_dir)
    assert len(occupations) == 3039
    assert len({o.uri for o in occupations}) == 3039
    assert all(o.preferred_label and o.description for o in occupations)
