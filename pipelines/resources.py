"""Dagster resources: secrets through EnvVar, local folders for work and releases."""

from pathlib import Path

import dagster as dg

from pipelines.home import release_store_dir, work_dir
from releases.store import ReleaseStore


class PseudonymKey(dg.ConfigurableResource):
    """The HMAC secret for keyed pseudonyms; read from the environment, never logged."""

    secret: str

    def key_bytes(self) -> bytes:
        """The secret as bytes, refusing short keys that make pseudonyms guessable."""
        if len(self.secret.encode()) < 16:
            raise ValueError("the pseudonym key must be at least 16 bytes")
        return self.secret.encode()


class Workspace(dg.ConfigurableResource):
    """Folder for intermediate stage outputs (per dataset, partition and stage)."""

    root: str

    def stage_dir(self, dataset: str, partition: str, stage: str) -> Path:
        """Folder of one stage's outputs for one partition."""
        return Path(self.root) / dataset / partition / stage


class ReleaseStoreResource(dg.ConfigurableResource):
    """The release store the release assets publish into."""

    root: str

    def store(self) -> ReleaseStore:
        """A ReleaseStore over the configured root."""
        return ReleaseStore(self.root)


def default_resources() -> dict[str, dg.ConfigurableResource]:
    """Resources of the embedded default: local folders, key from BOHAI_PSEUDONYM_KEY."""
    return {
        "pseudonym_key": PseudonymKey(secret=dg.EnvVar("BOHAI_PSEUDONYM_KEY")),
        "workspace": Workspace(root=str(work_dir())),
        "release_store": ReleaseStoreResource(root=str(release_store_dir())),
    }
