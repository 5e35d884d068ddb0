"""Training and measuring: configuration, trainer, tokenizer, datasets, evaluation, benchmark.

The trainer needs the ``[train]`` extra; evaluation and dataset checks run on numpy."""
