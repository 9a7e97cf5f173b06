import pytest

from cvmatch.encoders.chunking import chunk_text, fit_chunks, word_count
from cvmatch.errors import InvalidInputError


def test_lines_are_packed_up_to_max_words() -> None:
    text = "one two\nthree four five\nsix\nseven eight nine ten"
    assert chunk_text(text, max_words=6) == [
        "one two\nthree four five\nsix",
        "seven eight nine ten",
    ]


def test_blank_lines_are_dropped_and_inner_spacing_kept() -> None:
    assert chunk_text("\n\n  a  b \n\n c\n", max_words=10) == ["a  b\nc"]


def test_long_line_is_windowed_with_overlap() -> None:
    words = [f"w{i}" for i in range(10)]
    chunks = chunk_text(" ".join(words), max_words=4, overlap_words=1)
    # windows start every 4 - 1 = 3 words: 0-3, 3-6, 6-9 (the last reaches the end)
    assert chunks == ["w0 w1 w2 w3", "w3 w4 w5 w6", "w6 w7 w8 w9"]


def test_long_line_flushes_pending_lines_first() -> None:
    chunks = chunk_text("head\n" + " ".join("abcdef"), max_words=4)
    assert chunks == ["head", "a b c d", "e f"]


def test_no_word_is_lost_without_overlap() -> None:
    text = "\n".join(" ".join(f"l{i}w{j}" for j in range(i % 7 + 1)) for i in range(50))
    chunks = chunk_text(text, max_words=9)
    assert all(word_count(c) <= 9 for c in chunks)
    assert " ".join(chunks).split() == text.split()


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_text_without_words_gives_one_empty_chunk(text: str) -> None:
    assert chunk_text(text, max_words=5) == [""]


def test_short_lines_pack_whole_and_overlap_only_windows_long_lines() -> None:
    # 40 lines of 3 words, at most 13 words a chunk: 4 lines (12 words) each, 10 chunks
    text = "lorem ipsum dolor\n" * 40
    chunk = "\n".join(["lorem ipsum dolor"] * 4)
    assert chunk_text(text, 13, 2) == [chunk] * 10
    assert chunk_text(text, 13, 0) == [chunk] * 10  # no line is long: overlap changes nothing


@pytest.mark.parametrize(("max_words", "overlap"), [(0, 0), (5, 5), (5, -1)])
def test_bad_arguments_raise(max_words: int, overlap: int) -> None:
    with pytest.raises(InvalidInputError, match="must be"):
        chunk_text("a b c", max_words, overlap)


def test_fit_chunks_splits_until_under_token_limit() -> None:
    # 3 tokens per word: "a b c d e f" has 18 tokens > 7, so it is cut to 7*6//18 = 2 words
    chunks = fit_chunks(["a b c d e f"], lambda t: 3 * word_count(t), max_tokens=7)
    assert chunks == ["a b", "c d", "e f"]


def test_fit_chunks_keeps_fitting_chunks_and_single_words() -> None:
    chunks = fit_chunks(["ok fits", "hugeword"], lambda t: 100 if t == "hugeword" else 2, 10)
    assert chunks == ["ok fits", "hugeword"]
