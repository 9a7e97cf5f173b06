"""Vector indexes built once and cached on disk (the occupation index of the recommender)."""
