"""The torch side of the model: our n-gram model as a transformers class, and the backend
that runs MyGOChat-style checkpoints. Needs the ``[train]`` extra (torch, transformers)."""
