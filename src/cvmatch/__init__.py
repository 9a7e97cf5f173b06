"""cvmatch: match CVs and job descriptions, explain every score, run offline.

The public Python API is :class:`cvmatch.engine.Engine`; results are the typed objects of
:mod:`cvmatch.types` and failures the exceptions of :mod:`cvmatch.errors`.
"""

__version__ = "0.1.0"
