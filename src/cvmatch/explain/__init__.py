"""Human-readable evidence for a score: which CV lines support it, which job terms are missing."""
