"""Ingest: files and text → :class:`cvmatch.types.Document` (readers, sections, language, safety)."""
