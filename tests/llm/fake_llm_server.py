"""A small OpenAI-compatible chat-completions server for the LLM tests (run as a subprocess).

``python fake_llm_server.py`` binds 127.0.0.1 on a free port and prints it on its first line.
The requested *model name* picks the behaviour, so one server serves every test:

* ``det``: a deterministic reviewer — a requirement is met when a word of it (3+ letters)
  appears on a CV line (that line is cited), fit = 100 · met / requirements. It is gullible on
  purpose: a CV line saying "ignore previous instructions" gets fit 100;
* ``malformed``: text that is not JSON; ``wrong-ids``: cites a line id that was never sent;
* ``wrong-once``: wrong ids first, a correct answer on the retry;
* ``slow``: answers after 3 s; ``429`` / ``500``: that HTTP status;
* ``cost``: like ``det`` with ``usage.cost`` reported;
* synth requests (``cvmatch synth pairs --llm``): four texts; ``synth-bad`` keeps the removed
  skill in the near miss.

``GET /stats`` returns ``{"requests": n, "bodies": [...]}`` (every chat request received).
"""

import contextlib
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_LOCK = threading.Lock()
_BODIES: list[dict[str, Any]] = []


def _review(payload: dict[str, Any], model: str) -> dict[str, Any]:
    lines = payload["cv"]["lines"]
    gullible = any("ignore previous instructions" in line["text"].lower() for line in lines)
    verdicts = []
    for req in payload["job"]["requirements"]:
        words = set(re.findall(r"[a-z]{3,}", req["text"].lower()))
        hits = [ln["id"] for ln in lines if words & set(re.findall(r"[a-z]+", ln["text"].lower()))]
        met = bool(hits) or gullible
        cited = hits[:1] or ([lines[0]["id"]] if met and lines else [])
        verdicts.append({"id": req["id"], "verdict": "met" if met else "missing", "lines": cited})
    if model == "wrong-ids" and verdicts:
        verdicts[0] = {"id": verdicts[0]["id"], "verdict": "met", "lines": ["L999"]}
    met_count = sum(v["verdict"] == "met" for v in verdicts)
    fit = 100 if gullible else round(100 * met_count / max(1, len(verdicts)))
    return {
        "candidate_id": payload["candidate_id"],
        "fit": fit,
        "requirements": verdicts,
        "summary": f"Meets {met_count} of {len(verdicts)} requirements. Reviewed by the fake.",
    }


def _synth(payload: dict[str, Any], model: str) -> dict[str, str]:
    """Four texts; ``synth-bad`` leaves the removed skill in the near miss (to be refused)."""
    skills = payload["required_skills"] + payload["nice_to_have"]
    kept = [s for s in skills if s != payload["removed_skill"] or model == "synth-bad"]
    title = payload["title"]
    return {
        "job": f"LLM ad for a {title}. Needs {payload['years']} years and " + ", ".join(skills),
        "cv_match": f"LLM CV, {title}, {payload['years'] + 2} years. Skills: " + ", ".join(skills),
        "cv_missing_skill": f"LLM CV, {title}. Skills: " + ", ".join(kept),
        "cv_missing_years": f"LLM CV, trainee {title}, 6 months. Skills: " + ", ".join(skills),
    }


def _answer(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    model = body["model"]
    if model in {"429", "500"}:
        return int(model), {"error": {"message": f"fake {model}", "type": "server_error"}}
    if model == "slow":
        time.sleep(3)
    messages = body["messages"]
    payload = json.loads(messages[1]["content"])
    behaviour = model
    if model == "wrong-once":
        behaviour = "det" if len(messages) > 2 else "wrong-ids"
    if behaviour == "malformed":
        content = "Sure! The candidate looks great {fit: ninety"
    elif "removed_skill" in payload:  # cvmatch synth pairs --llm
        content = json.dumps(_synth(payload, behaviour))
    else:
        content = json.dumps(_review(payload, behaviour))
    usage: dict[str, Any] = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    if model == "cost":
        usage["cost"] = 0.0015
    return 200, {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": usage,
    }


class Handler(BaseHTTPRequestHandler):
    """``POST /v1/chat/completions`` and ``GET /stats``."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        """Counters."""
        with _LOCK:
            data = {"requests": len(_BODIES), "bodies": list(_BODIES)}
        self._send(200, data)

    def do_POST(self) -> None:
        """One chat completion."""
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        with _LOCK:
            _BODIES.append(body)
        status, data = _answer(body)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(status, data)  # the client may have given up (timeout test)

    def _send(self, status: int, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


def main() -> None:
    """Serve on a free loopback port, printed first."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sys.stdout.write(f"{server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
