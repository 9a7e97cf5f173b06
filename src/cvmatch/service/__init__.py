"""The recruiter HTTP service: a FastAPI app (JSON API under ``/api``, web page at ``/``).

Build it with :func:`cvmatch.service.app.create_app`; ``cvmatch serve`` runs it with uvicorn.
"""
