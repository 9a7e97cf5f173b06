"""Skills and occupations with labels per language (ESCO, packaged lists, custom aliases)."""
