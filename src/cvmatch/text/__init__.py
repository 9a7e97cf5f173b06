"""Text foundations shared by the pipeline's stages: scripts and word segmentation per language."""
