"""Signing the platform's commits with a key given by path (``GA_GITEA_SIGNING_KEY``).

``ssh``: git signs through ``ssh-keygen -Y sign`` (``gpg.format=ssh``,
``user.signingkey=<path>``) with a private copy of the key file (mode 0600 in a temporary folder
of our own, removed after the commit), since ssh refuses a key others may read and a key
mounted from a Kubernetes Secret is group-readable. ``openpgp``: the key file (an armored or
binary secret key without passphrase) is imported into a throw-away GnuPG home for the one
commit, and git signs with its fingerprint. Either way the settings reach git as
``GIT_CONFIG_*`` pairs, never a config file; a commit that cannot be signed fails, it is never
made unsigned.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings


@dataclass(frozen=True)
class Signing:
    """What a signed commit needs: git config pairs and extra environment (``GNUPGHOME``)."""

    config: tuple[tuple[str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)


class SigningError(GiteaError):
    """The signing key is missing or unusable (the message names the setting and the fix)."""


@contextlib.contextmanager
def signing(settings: GiteaSettings) -> Iterator[Signing]:
    """The signing configuration for one commit (nothing when no key is set)."""
    key = settings.signing_key
    if key is None:
        yield Signing()
        return
    if not key.is_file():
        raise SigningError(
            f"GA_GITEA_SIGNING_KEY names {key}, which is not a readable file; "
            "give the path of the private key the commits are signed with"
        )
    if settings.signing_format == "ssh":
        with tempfile.TemporaryDirectory(prefix="ga-ssh-key-") as private:
            copy = Path(private) / "signing_key"
            copy.touch(mode=0o600)
            copy.write_bytes(key.read_bytes())
            yield Signing(_signed("ssh", str(copy)))
        return
    with tempfile.TemporaryDirectory(prefix="ga-gnupg-") as home:
        try:
            fingerprint = _import_gpg_key(key, Path(home))
            yield Signing(_signed("openpgp", fingerprint), {"GNUPGHOME": home})
        finally:  # the agent gpg started for this home goes with it
            subprocess.run(
                ["gpgconf", "--homedir", home, "--kill", "gpg-agent"],
                capture_output=True,
                timeout=30,
                check=False,
            )


def _signed(fmt: str, key: str) -> tuple[tuple[str, str], ...]:
    return (("gpg.format", fmt), ("user.signingkey", key), ("commit.gpgsign", "true"))


def _import_gpg_key(key: Path, home: Path) -> str:
    """Import ``key`` into ``home``; the fingerprint of its secret key."""
    base = ["gpg", "--batch", "--homedir", str(home)]
    try:
        subprocess.run([*base, "--import", str(key)], check=True, capture_output=True, timeout=30)
        listing = subprocess.run(
            [*base, "--with-colons", "--list-secret-keys"],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise SigningError(
            f"GA_GITEA_SIGNING_KEY {key} could not be imported by gpg ({type(exc).__name__}); "
            "give an OpenPGP secret key without passphrase, or set GA_GITEA_SIGNING_FORMAT=ssh"
        ) from None
    fingerprints = [line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")]
    if not fingerprints:
        raise SigningError(
            f"GA_GITEA_SIGNING_KEY {key} holds no OpenPGP secret key; export one with "
            "'gpg --export-secret-keys --armor KEYID'"
        )
    return fingerprints[0]
