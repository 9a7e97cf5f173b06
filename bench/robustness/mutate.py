"""Seeded mutations of the example files: byte flips, truncation, splices and XML-part edits.

:func:`cases` yields :class:`Case` objects lazily (a case builds its bytes when asked), mixing
mutations of every example under ``examples/`` with the crafted attacks of
:mod:`bench.robustness.crafted` at a few scales. The same ``seed`` gives the same inputs.
"""

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.robustness import crafted

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CRAFTED_SCALES = (0.001, 0.01, 0.1, 0.5, 1.0)
"""Scales each crafted attack is built at (1.0: full size, up to the 20 MiB file limit)."""


@dataclass(frozen=True)
class Case:
    """One fuzz input: ``build()`` returns its bytes; ``ext`` names the file's extension."""

    name: str
    ext: str
    build: Callable[[], bytes]


def seed_files(root: Path = EXAMPLES) -> list[Path]:
    """The example CVs and jobs, sorted, as mutation seeds."""
    return sorted(
        p for p in root.glob("*/*") if p.suffix in (".pdf", ".docx", ".html", ".md", ".txt")
    )


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """Overwrite 1-64 random bytes with random values."""
    out = bytearray(data or b"\x00")
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file at a random point (a file of one byte stays whole)."""
    return data[: rng.randrange(1, len(data))] if len(data) > 1 else data


def splice(data: bytes, rng: random.Random) -> bytes:
    """Duplicate, delete or repeat a random slice."""
    if not data:
        return b"\x00"
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 4096))
    piece = data[start:end]
    choice = rng.randrange(3)
    if choice == 0:
        return data[:start] + data[end:]
    if choice == 1:
        return data[:end] + piece + data[end:]
    return data[:start] + piece * rng.randint(2, 200) + data[end:]


_TAG = re.compile(rb"<[^<>]{1,200}>")
_TOKENS = (
    b"<",
    b">",
    b"</w:p>",
    b"<w:p>",
    b'xmlns:w="urn:x"',
    b"<!ENTITY a 'a'>",
    b"&a;",
    b"\x00",
    b'"',
    b"<![CDATA[",
    b"<w:vanish/>",
    b"<w:tbl>",
    b"<table><tr><td>",
    b"<b>",
    b"<div style='display:none'>",
)


def mutate_markup(xml: bytes, rng: random.Random) -> bytes:
    """Edit markup: drop, duplicate or swap tags, insert hostile tokens, strip namespaces."""
    tags = list(_TAG.finditer(xml))
    choice = rng.randrange(5)
    if not tags or choice == 0:
        position = rng.randrange(len(xml) + 1)
        return xml[:position] + rng.choice(_TOKENS) + xml[position:]
    tag = rng.choice(tags)
    if choice == 1:
        return xml[: tag.start()] + xml[tag.end() :]
    if choice == 2:
        return xml[: tag.end()] + tag.group(0) * rng.randint(1, 50) + xml[tag.end() :]
    if choice == 3:
        other = rng.choice(tags)
        return xml[: tag.start()] + other.group(0) + xml[tag.end() :]
    return re.sub(rb'\sxmlns(:\w+)?="[^"]*"', b"", xml, count=rng.randint(1, 5))


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part (or the package layout) and re-zip; flip bytes if it is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, OSError, zlib.error):
        return flip_bytes(data, rng)  # an earlier mutation broke the zip
    names = [n for n in members if n.endswith((".xml", ".rels"))]
    if not names:
        return flip_bytes(data, rng)
    choice = rng.randrange(6)
    name = rng.choice(names)
    if choice == 0:
        del members[name]
    elif choice == 1:
        members[name] = flip_bytes(members[name], rng)
    else:
        members[name] = mutate_markup(members[name], rng)
    return crafted.rezip(members)


def mutate(data: bytes, ext: str, rng: random.Random) -> bytes:
    """Apply one or two random mutations suited to the format."""
    operators: list[Callable[[bytes, random.Random], bytes]] = [flip_bytes, truncate, splice]
    if ext == "docx":
        operators += [mutate_docx] * 4
    elif ext in ("html", "md"):
        operators += [mutate_markup] * 2
    out = data
    for _ in range(rng.randint(1, 2)):
        out = rng.choice(operators)(out, rng) or out[:1]
    return out


def _mutated(seed: Path, rng_seed: int) -> Callable[[], bytes]:
    def build() -> bytes:
        return mutate(seed.read_bytes(), seed.suffix.lstrip("."), random.Random(rng_seed))  # noqa: S311 - fuzzing

    return build


def _crafted(builder: crafted.Builder, docx: Path, scale: float) -> Callable[[], bytes]:
    return lambda: builder(docx, scale)[1]


def crafted_cases(scales: tuple[float, ...] = CRAFTED_SCALES) -> list[Case]:
    """Every crafted attack at every scale."""
    docx = EXAMPLES / "cvs" / "maya-okafor-frontend-engineer.docx"
    out: list[Case] = []
    for name, builder in crafted.BUILDERS.items():
        ext = name.split("_")[0]
        ext = {"text": "md" if "markdown" in name else "txt"}.get(ext, ext)
        out.extend(Case(f"{name}@{s}", ext, _crafted(builder, docx, s)) for s in scales)
    return out


def cases(count: int, seed: int = 0, scales: tuple[float, ...] = CRAFTED_SCALES) -> Iterator[Case]:
    """``count`` inputs: the crafted attacks first, then seeded mutations of the examples."""
    fixed = crafted_cases(scales)
    yield from fixed[:count]
    seeds = seed_files()
    rng = random.Random(seed)  # noqa: S311 - fuzzing, not cryptography
    for index in range(max(0, count - len(fixed))):
        path = seeds[index % len(seeds)]
        ext = path.suffix.lstrip(".")
        yield Case(f"{path.name}#{index}", ext, _mutated(path, rng.randrange(2**32)))
