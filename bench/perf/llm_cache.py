"""The LLM step's own cost against the loopback test server: cold (requests) vs cached rerun.

No real LLM is reachable here, so this measures only cvmatch's side: building prompts, the
``openai`` client's round trips to ``tests/llm/fake_llm_server.py`` on 127.0.0.1 (which answers
at once), validation and the on-disk cache — never answer quality. The example CVs are ranked
for one job with the default engine; the LLM step then re-reads the top K (all 16) ``--repeat``
times cold (a fresh cache folder each time) and warm (the cache of the last cold run). A warm
run must send no request and give the same reviews; the bench fails otherwise.
Run: python -m bench.perf.llm_cache [--repeat 3]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from bench.common import OUT, ROOT, load_average, write_json
from cvmatch.engine import Engine, LlmOutcome, LlmStep
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Ranking

SERVER = ROOT / "tests" / "llm" / "fake_llm_server.py"
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"


def _requests(base: str) -> int:
    return int(httpx.get(f"{base}/stats").json()["requests"])


def _run(
    step: LlmStep, ranking: Ranking, job: Document, docs: Sequence[Document]
) -> tuple[float, LlmOutcome]:
    started = time.perf_counter()
    outcome = step.rerank(ranking, job, {d.id: d for d in docs})
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    proc = subprocess.Popen([sys.executable, str(SERVER)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None  # noqa: S101 - bench
    base = f"http://127.0.0.1:{int(proc.stdout.readline())}"
    try:
        engine = Engine(Settings())
        job = engine.parse(JOB, DocumentKind.JOB)
        docs = engine.parse_many(sorted((ROOT / "examples" / "cvs").iterdir())).documents
        ranking = engine.rank(job, docs)
        cold, warm, requests = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(args.repeat):
                values = {"llm_base_url": f"{base}/v1", "llm_model": "det", "llm_top_k": 16}
                step = LlmStep(Settings(cache_dir=Path(tmp) / str(n), **values))
                before = _requests(base)
                seconds, first = _run(step, ranking, job, docs)
                requests.append(_requests(base) - before)
                cold.append(seconds)
            before = _requests(base)
            for _ in range(args.repeat):
                seconds, again = _run(step, ranking, job, docs)
                warm.append(seconds)
                if again.reviews != first.reviews:
                    raise SystemExit("a cached rerun gave different reviews")
            if _requests(base) != before:
                raise SystemExit("a cached rerun sent requests")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    result = {
        "candidates": len(first.reviews),
        "cold_requests": requests,
        "cold_seconds": cold,
        "warm_seconds": warm,
        "warm_requests": 0,
        "cold_median_ms_per_candidate": 1000 * statistics.median(cold) / len(first.reviews),
        "warm_median_ms_per_candidate": 1000 * statistics.median(warm) / len(first.reviews),
        "tokens_reported": [first.stats.prompt_tokens, first.stats.completion_tokens],
        "load_average": load_average(),
    }
    write_json(OUT / "llm_cache.json", result)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
