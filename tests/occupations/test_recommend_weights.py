"""The recommender's default mix depends on the encoder: tuned for the fine-tuned model or not."""

from cvmatch.occupations.setup import TRAINED_NAME, default_weights
from cvmatch.occupations.signals import OFF_THE_SHELF_WEIGHTS, TRAINED_WEIGHTS


def test_trained_model_ids_get_the_trained_mix_and_others_the_off_the_shelf_one() -> None:
    assert default_weights(f"{TRAINED_NAME}@v3:0123abcd") is TRAINED_WEIGHTS
    assert default_weights("minilm-int8@8199be6f699a") is OFF_THE_SHELF_WEIGHTS
    assert default_weights(f"{TRAINED_NAME}-other@v1:ff") is OFF_THE_SHELF_WEIGHTS


def test_both_default_mixes_weight_at_least_one_ingredient() -> None:
    for weights in (TRAINED_WEIGHTS, OFF_THE_SHELF_WEIGHTS):
        assert weights.items()
        assert 0.0 <= weights.isco < 1.0
