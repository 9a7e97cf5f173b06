"""The example files the ingest tests read."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CVS = ROOT / "examples" / "cvs"
EXAMPLE_JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"
