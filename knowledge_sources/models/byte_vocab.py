"""A byte-exact vocabulary for outlines-core, so constrained choices may contain any Unicode.

outlines builds its index from each token's *decoded string*; for byte-level tokenizers
(GPT-2 style, used by SmolLM2, Llama 3, Qwen) a token holding half of a UTF-8 character
decodes to "\ufffd", so an option such as "café" or "🐛 bug" cannot be spelled and the index
fails. Here every token is mapped to its exact bytes instead:

- byte-level BPE: through the inverse of GPT-2's byte-to-unicode table;
- SentencePiece with byte fallback: ``<0xNN>`` is that byte and "▁" is a space.

Other tokenizers return None and the caller keeps outlines' own vocabulary.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from outlines_core import Vocabulary  # type: ignore[import-untyped]

_BYTE_TOKEN = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")
_SPIECE_SPACE = "\u2581"


@cache
def unicode_to_byte() -> dict[str, int]:
    """The inverse of GPT-2's ``bytes_to_unicode`` table."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("\u00a1"), ord("\u00ac") + 1),
        *range(ord("\u00ae"), ord("\u00ff") + 1),
    ]
    chars = list(printable)
    shifted = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + shifted)
            shifted += 1
    return {chr(c): b for b, c in zip(printable, chars, strict=True)}


def decoder_types(tokenizer: Any) -> set[str]:
    """Names of the decoder steps of a fast tokenizer (empty when it has none)."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        return set()
    decoder = json.loads(backend.to_str()).get("decoder") or {}
    found: set[str] = set()
    stack = [decoder]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("type"), str):
                found.add(node["type"])
            stack.extend(node.get("decoders") or [])
    return found


def byte_vocabulary(tokenizer: Any) -> Vocabulary | None:
    """An outlines-core ``Vocabulary`` of exact token bytes, or None for unknown schemes."""
    vocab: dict[str, int] = tokenizer.get_vocab()
    eos_id = tokenizer.eos_token_id
    if eos_id is None:
        return None
    special = set(getattr(tokenizer, "all_special_ids", []) or [])
    kinds = decoder_types(tokenizer)
    if "ByteLevel" in kinds:
        table = unicode_to_byte()

        def to_bytes(token: str) -> bytes | None:
            if any(ch not in table for ch in token):
                return None
            return bytes(table[ch] for ch in token)

    elif "ByteFallback" in kinds or "<0x00>" in vocab:

        def to_bytes(token: str) -> bytes | None:
            match = _BYTE_TOKEN.match(token)
            if match:
                return bytes([int(match.group(1), 16)])
            return token.replace(_SPIECE_SPACE, " ").encode()

    else:
        return None
    mapping: dict[bytes, list[int]] = {}
    for token, token_id in vocab.items():
        if token_id in special or token_id == eos_id:
            continue
        raw = to_bytes(token)
        if raw:
            mapping.setdefault(raw, []).append(token_id)
    return Vocabulary(eos_id, mapping)
