"""Answers on disk, keyed by (model, prompt version, job hash, CV hash).

A rerun with the same inputs reads the stored answer and sends no request, so its output is
byte-identical. Only validated answers are stored (a failed call is retried next run). One JSON
file per key under ``<cache_dir>/llm/``, written atomically.
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path

from cvmatch.llm.client import Completion
from cvmatch.llm.schema import Answer


def cache_key(model: str, prompt_version: str, job_hash: str, cv_hash: str) -> str:
    """The hex key of one answer."""
    text = json.dumps([model, prompt_version, job_hash, cv_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AnswerCache:
    """Validated answers with the usage of the request that produced them."""

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self._folder = folder
        self._enabled = enabled

    def get(self, key: str) -> tuple[Answer, Completion, bool] | None:
        """The stored answer of ``key``, its usage and whether it took a retry, or None.

        None also when the file is unreadable (it is then asked for again).
        """
        path = self._path(key)
        if not self._enabled or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            answer = Answer.model_validate(data["answer"])
            usage = data["usage"]
            retried = bool(data.get("retried", False))
        except (OSError, ValueError, KeyError):
            return None
        completion = Completion(
            text="",
            prompt_tokens=int(usage["prompt_tokens"]),
            completion_tokens=int(usage["completion_tokens"]),
            cost=usage["cost"],
            seconds=0.0,
        )
        return answer, completion, retried

    def put(self, key: str, answer: Answer, completion: Completion, retried: bool = False) -> None:
        """Store ``answer`` (atomically: a crash never leaves half a file)."""
        if not self._enabled:
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        usage = {
            "prompt_tokens": completion.prompt_tokens,
            "completion_tokens": completion.completion_tokens,
            "cost": completion.cost,
        }
        data = {"answer": answer.model_dump(mode="json"), "usage": usage, "retried": retried}
        handle, tmp = tempfile.mkstemp(dir=self._folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        Path(tmp).replace(self._path(key))

    def _path(self, key: str) -> Path:
        return self._folder / f"{key}.json"
