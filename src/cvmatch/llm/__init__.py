"""The optional LLM layer (issue 21), never required and never the sole judge.

It re-reads the top candidates through any OpenAI-compatible endpoint, validates the answer,
caches it and fuses it with the calibrated score; and it generates synthetic training pairs
(``cvmatch synth pairs``).

Nothing here is needed offline: with no ``CVMATCH_LLM_BASE_URL`` the engine never imports a
client and every output stays as it was. See docs/llm.md.
"""
