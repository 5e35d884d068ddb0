"""Inference: the recommender, its label mapping and its runtimes.

Runs on numpy alone for our n-gram model. Nothing here imports torch, transformers,
accelerate or ``core.training`` at module level; checkpoints that need torch are handed to
``core.torch_model`` lazily (import-linter and a subprocess test enforce this).
"""
