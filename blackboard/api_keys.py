"""The embedding server's bearer key, made safe to send: surrounding whitespace (the newline a
secret file ends with) is dropped, and a key an HTTP header cannot carry is refused up front
with a message that never contains it (otherwise the HTTP library's own error would quote it).
"""

from __future__ import annotations

from pydantic import SecretStr

HEADER_SAFE = frozenset(chr(code) for code in range(0x21, 0x7F))


def header_safe_key(key: SecretStr | None) -> SecretStr | None:
    """``key`` stripped; ``None`` when empty; ``ValueError`` (key not shown) when unsendable."""
    if key is None:
        return None
    value = key.get_secret_value().strip()
    if not value:
        return None
    if not set(value) <= HEADER_SAFE:
        raise ValueError(
            "GA_EMBEDDER_API_KEY holds characters an HTTP header cannot carry (spaces, control "
            "or non-ASCII characters); set it to the key alone"
        )
    return SecretStr(value)
