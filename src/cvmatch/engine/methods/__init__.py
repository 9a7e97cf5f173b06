"""Evaluation methods (``cvmatch eval -m …``): a registry of method families.

A method string is ``FAMILY`` or ``FAMILY:ARGUMENT`` (``titles:A+B``, ``recommend:MODEL``);
each family parses its own argument. Any other string names an encoder (a registry name, a
trained ``name@vN``, a model folder or a hub id). See :mod:`cvmatch.engine.methods.registry`.
"""
