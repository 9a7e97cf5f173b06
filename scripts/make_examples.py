"""Generate the fictional example CVs and job ads in ``examples/`` (and check they are current).

Usage::

    python scripts/make_examples.py                 # (re)write examples/
    python scripts/make_examples.py --out /tmp/ex   # write elsewhere
    python scripts/make_examples.py --check         # exit 1 if examples/ differs from the source

The texts live in ``example_content.py`` and the format writers in ``doc_writers.py``. Output is
reproducible, so regenerating an unchanged source leaves the committed files byte-identical.
``--check`` compares text files byte for byte and PDF/DOCX files by their extracted text.
"""

import argparse
import csv
import io
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pypdfium2
from doc_writers import (
    parse_sections,
    write_docx,
    write_html,
    write_markdown,
    write_pdf,
    write_text,
)
from example_content import CVS, JOBS, Example

REPO_ROOT = Path(__file__).resolve().parents[1]
_GRADES = {"match": 3, "partial": 2, "near_miss": 1, "unrelated": 0}
_LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish"}
_TEXT_SUFFIXES = {".txt", ".md", ".html", ".csv"}


def write_example(example: Example, folder: Path) -> Path:
    """Write one example with the writer its file extension calls for; return its path."""
    path = folder / example.filename
    title, body = example.title_lines, parse_sections(example.markup)
    match path.suffix:
        case ".pdf":
            write_pdf(
                path,
                title,
                body,
                two_column=example.two_column,
                right_column_first=example.two_column,
            )
        case ".docx":
            write_docx(path, title, body)
        case ".html":
            write_html(path, title, body, lang=example.language)
        case ".md":
            write_markdown(path, title, body)
        case ".txt":
            write_text(path, title, body, encoding=example.encoding)
        case _:
            raise ValueError(f"{example.filename}: use .pdf, .docx, .html, .md or .txt")
    return path


def generate(out: Path) -> list[Path]:
    """Write every job, CV, the README and ``ground_truth.csv`` under ``out``; drop stale files."""
    written: list[Path] = []
    for sub, examples in (("jobs", JOBS), ("cvs", CVS)):
        folder = out / sub
        folder.mkdir(parents=True, exist_ok=True)
        expected = {example.filename for example in examples}
        for stale in (f for f in folder.iterdir() if f.is_file() and f.name not in expected):
            print(f"removing stale {stale}")
            stale.unlink()
        written += [write_example(example, folder) for example in examples]
    (out / "README.md").write_text(render_readme(), encoding="utf-8")
    (out / "ground_truth.csv").write_text(render_ground_truth(), encoding="utf-8")
    return [*written, out / "README.md", out / "ground_truth.csv"]


def job_key(job: Example) -> str:
    """The :class:`Labels` field that holds a CV's label for ``job``."""
    return Path(job.filename).stem.replace("-", "_")


def render_ground_truth() -> str:
    """One ``cv,job,label,grade`` row per CV and job (grade 3 match … 0 unrelated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["cv", "job", "label", "grade"])
    for cv in CVS:
        for job in JOBS:
            label = getattr(cv.labels, job_key(job))
            writer.writerow([cv.filename, job.filename, label, _GRADES[label]])
    return buffer.getvalue()


def _format(example: Example) -> str:
    name = Path(example.filename).suffix.lstrip(".").upper()
    name = {"MD": "Markdown"}.get(name, name)
    if example.two_column:
        return f"{name}, two columns"
    return f"{name} ({example.encoding})" if example.encoding != "utf-8" else name


def _cv_row(cv: Example) -> str:
    labels = " | ".join(getattr(cv.labels, job_key(job)).replace("_", " ") for job in JOBS)
    language = _LANGUAGES[cv.language]
    return f"| `{cv.filename}` | {language} | {_format(cv)} | {cv.about} | {labels} |"


def render_readme() -> str:
    """The examples README: what each file is and the ground truth for each CV and job."""
    jobs = [
        f"| `{j.filename}` | {_LANGUAGES[j.language]} | {_format(j)} | {j.about} |" for j in JOBS
    ]
    job_columns = " | ".join(f"`{Path(j.filename).stem}`" for j in JOBS)
    formats = sorted({_format(cv).split(",")[0].split(" ")[0] for cv in CVS})
    return _README.format(
        jobs="\n".join(jobs),
        job_columns=job_columns,
        job_rule="|".join("---" for _ in JOBS),
        cvs="\n".join(_cv_row(cv) for cv in CVS),
        n_cvs=len(CVS),
        n_jobs=len(JOBS),
        formats=", ".join(formats),
        languages=", ".join(sorted({_LANGUAGES[cv.language] for cv in CVS})),
    )


_README = """# Example CVs and job ads

{n_cvs} CVs ({formats}; {languages}) and {n_jobs} job ads to try cvmatch on and to test it with.

**Everything here is fictional.** The people, companies, schools and phone numbers were made up
for this project; e-mail addresses use the reserved `example.org` domain and UK phone numbers the
ranges kept for drama. All files are generated by `scripts/make_examples.py` from the texts in
`scripts/example_content.py`: edit the texts there, never the files here, then run

    python scripts/make_examples.py           # rewrite examples/ (reproducible bytes)
    python scripts/make_examples.py --check   # exit 1 if examples/ is out of date

## Jobs (`jobs/`)

| file | language | format | what |
|---|---|---|---|
{jobs}

## CVs (`cvs/`) and the ground truth

The last three columns are what a human recruiter would say about each CV for each job:
**match** (meets the requirements), **partial** (relevant, misses important requirements),
**near miss** (looks related, shares vocabulary, but lacks the core of the job) and
**unrelated**. The same labels are in `ground_truth.csv` (`cv,job,label,grade`, grade 3 = match,
2 = partial, 1 = near miss, 0 = unrelated) for evaluation scripts.

| file | language | format | what | {job_columns} |
|---|---|---|---|{job_rule}|
{cvs}

## Traps on purpose

- `cvs/ethan-walsh-cassandra-dba.pdf` has two columns: contact, skills, languages and education
  on the left, summary and experience on the right. Its content stream writes the **right column
  first**, so a reader that follows stream order (pypdfium2's `get_text_range`, pypdf) puts the
  experience before the contact details; a layout-aware reader should read the left column first.
- `cvs/sophie-marchand-comptable-fr.txt` is encoded in **cp1252** (Windows-1252), not UTF-8: its
  accents, `œ` and `€` come out wrong unless the encoding is detected. Every other text file is
  UTF-8.
- `cvs/maya-okafor-frontend-engineer.docx` keeps its skills in a **table**, which a reader must
  not skip. She is the near miss for the Cassandra job: a database (MySQL) and some back-end
  work, but no Cassandra or NoSQL.
- The CVs in French, German and Spanish match or miss jobs written in English: Claire Dubois
  (French) and Jonas Weber (German) match the Cassandra job, Lucía Fernández (Spanish) matches
  the ICU job, and Sophie Marchand (French accountant) matches nothing.
- The HTML CVs are plain pages with no hidden text.
"""


def extracted_text(path: Path) -> str:
    """Text of a generated file as a reader would see it (PDF and DOCX are extracted)."""
    if path.suffix == ".pdf":
        pdf = pypdfium2.PdfDocument(path)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_bytes().decode("latin-1")  # byte-exact comparison, whatever the encoding


def check(out: Path) -> list[str]:
    """List how ``out`` differs from a fresh generation (missing, extra or changed files)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.relative_to(tmp) for p in generate(Path(tmp))}
        actual = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
        problems = [f"missing: {out / rel}" for rel in sorted(fresh - actual)]
        problems += [f"unexpected: {out / rel}" for rel in sorted(actual - fresh)]
        for rel in sorted(fresh & actual):
            if extracted_text(Path(tmp) / rel) != extracted_text(out / rel):
                problems.append(f"out of date: {out / rel}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, then generate or check; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "examples", help="output folder")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out)
        for problem in problems:
            print(problem)
        if problems:
            print("run `python scripts/make_examples.py` to regenerate examples/")
        return 1 if problems else 0
    paths = generate(args.out)
    print(f"wrote {len(paths)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
