"""Training: configs, pairs and grouped splits, trainers, tracking and the trained-model registry.

``cvmatch train bi-encoder --config FILE.yaml`` calls :func:`cvmatch.training.runner.train`.
See ``docs/training.md``. Importing this package loads no model.
"""
