"""Language rules shared by every method: which encoder compares texts in which languages."""

from cvmatch.languages.routing import ENGLISH, route_encoder

__all__ = ["ENGLISH", "route_encoder"]
