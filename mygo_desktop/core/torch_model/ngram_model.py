"""A fastText-style classifier over hashed character n-grams, as a transformers model.

Without a pretrained Chinese encoder, a bag of character n-grams beats a small BERT trained
from scratch on our data by a wide margin, and costs microseconds per query. Writing it as a
transformers model means one loader serves it, MyGOChat's BERT checkpoint and any fine-tuned
encoder, and it saves and loads with ``save_pretrained`` / ``from_pretrained`` (safetensors).

The n-gram ids are hashed from the character ids inside ``forward``, so the tokenizer stays a
plain character tokenizer. The hash constants live in ``core.model.ngram_spec``; the numpy runtime
(``core/model/numpy_backend.py``) uses the same ones and a test keeps the two in step.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    PretrainedConfig,
    PreTrainedModel,
)
from transformers.modeling_outputs import SequenceClassifierOutput

from mygo_desktop.core.model.ngram_spec import HASH_MODULUS, HASH_PRIMES, MODEL_TYPE


class NgramConfig(PretrainedConfig):
    model_type = MODEL_TYPE

    def __init__(
        self,
        vocab_size: int = 24_000,
        hidden_size: int = 64,
        ngram_orders: tuple[int, ...] | list[int] = (1, 2, 3),
        num_buckets: int = 1 << 18,
        classifier_dropout: float = 0.0,
        pooling: str = "idf",
        ngram_dropout: float = 0.0,
        sparse_embeddings: bool = True,
        num_members: int = 1,
        max_position_embeddings: int = 256,
        pad_token_id: int = 0,
        **kwargs,
    ):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.ngram_orders = list(ngram_orders)
        self.num_buckets = num_buckets
        self.classifier_dropout = classifier_dropout
        # "idf": a TF-IDF-like weighted sum, L2-normalised (rare n-grams count more); "mean": plain average.
        self.pooling = pooling
        # Training only: drop this share of a text's n-grams, so no single n-gram is relied on.
        self.ngram_dropout = ngram_dropout
        # Sparse gradients train fast (a step touches only its batch's n-grams); dense ones
        # let AdamW's weight decay regularise the whole table.
        self.sparse_embeddings = sparse_embeddings
        # An ensemble of independently trained members in one model: each has its own slice
        # of the n-gram table and its own classifier; their probabilities are averaged.
        self.num_members = num_members
        # The tokenizer truncates to this many characters.
        self.max_position_embeddings = max_position_embeddings
        super().__init__(pad_token_id=pad_token_id, **kwargs)


def ngram_bucket_ids(
    input_ids: torch.Tensor, attention_mask: torch.Tensor, orders: list[int], num_buckets: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (bucket ids, validity mask) of every n-gram of the given orders, concatenated.

    An n-gram is valid when all its characters are real (not padding).
    """
    ids = input_ids.long()
    mask = attention_mask.bool()
    buckets, valid = [], []
    for order in orders:
        if ids.shape[1] < order:
            continue
        length = ids.shape[1] - order + 1
        code = torch.full_like(ids[:, :length], order)
        ok = torch.ones_like(mask[:, :length])
        for offset in range(order):
            code = code * HASH_PRIMES[offset % len(HASH_PRIMES)] + ids[:, offset : offset + length]
            code = code % HASH_MODULUS
            ok = ok & mask[:, offset : offset + length]
        buckets.append(code % num_buckets)
        valid.append(ok)
    if not buckets:
        empty = ids.new_zeros((ids.shape[0], 0))
        return empty, empty.bool()
    return torch.cat(buckets, dim=1), torch.cat(valid, dim=1)


class NgramPreTrainedModel(PreTrainedModel):
    config_class = NgramConfig
    base_model_prefix = "ngram"

    def _init_weights(self, module: nn.Module) -> None:
        # Zero n-gram vectors: an n-gram never seen in training adds nothing but dilution.
        if isinstance(module, (nn.EmbeddingBag, nn.Embedding)):
            nn.init.zeros_(module.weight)
        elif isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)


class NgramForSequenceClassification(NgramPreTrainedModel):
    def __init__(self, config: NgramConfig):
        super().__init__(config)
        self.num_labels = config.num_labels
        members = config.num_members
        self.embeddings = nn.Embedding(
            members * config.num_buckets, config.hidden_size, sparse=config.sparse_embeddings
        )
        # Per-bucket inverse document frequency, set by the trainer from the training texts.
        self.register_buffer("ngram_weights", torch.ones(config.num_buckets), persistent=True)
        self.dropout = nn.Dropout(config.classifier_dropout)
        # Member m's classifier is rows m*L .. (m+1)*L of one linear layer.
        self.classifier = nn.Linear(config.hidden_size, members * config.num_labels)
        self.post_init()

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Pooled n-gram vectors, shape (batch, members, hidden)."""
        buckets, valid = ngram_bucket_ids(input_ids, attention_mask, self.config.ngram_orders, self.config.num_buckets)
        members = self.config.num_members
        valid = valid.unsqueeze(1).expand(-1, members, -1)
        if self.training and self.config.ngram_dropout > 0:
            valid = valid & (torch.rand(valid.shape, device=valid.device) >= self.config.ngram_dropout)
        weights = valid.float()
        if self.config.pooling == "idf":
            weights = weights * self.ngram_weights[buckets].unsqueeze(1)
            norm = weights.pow(2).sum(dim=-1, keepdim=True).sqrt().clamp(min=1e-6)
        else:
            norm = weights.sum(dim=-1, keepdim=True).clamp(min=1)
        offsets = torch.arange(members, device=buckets.device).view(1, members, 1) * self.config.num_buckets
        vectors = self.embeddings(buckets.unsqueeze(1) + offsets) * weights.unsqueeze(-1)
        return vectors.sum(dim=2) / norm

    def member_logits(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Each member's logits, shape (batch, members, labels); training gives each its own loss."""
        if attention_mask is None:
            attention_mask = (input_ids != self.config.pad_token_id).long()
        pooled = self.dropout(self.pooled(input_ids, attention_mask))
        members, labels = self.config.num_members, self.config.num_labels
        weight = self.classifier.weight.view(members, labels, -1)
        bias = self.classifier.bias.view(members, labels)
        return torch.einsum("bmh,mlh->bml", pooled, weight) + bias

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        return_dict: bool | None = None,
        **kwargs,
    ):
        per_member = self.member_logits(input_ids, attention_mask)
        if self.config.num_members == 1:
            logits = per_member[:, 0]
        else:
            # The ensemble's output: log of the members' mean probability (softmax gives that mean).
            log_probs = torch.log_softmax(per_member, dim=-1)
            logits = torch.logsumexp(log_probs, dim=1) - math.log(self.config.num_members)
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits, labels)
        return SequenceClassifierOutput(loss=loss, logits=logits)


AutoConfig.register(MODEL_TYPE, NgramConfig, exist_ok=True)
AutoModelForSequenceClassification.register(NgramConfig, NgramForSequenceClassification, exist_ok=True)
