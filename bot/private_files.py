"""Files under var/ (database, logs, secrets, Rasa's endpoints file, reports) are the owner's only:
files 0600, folders 0700, whoever creates them."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def keep_new_files_private() -> None:
    """Every file and folder this process (and the processes it starts) creates is the owner's only."""
    os.umask(PRIVATE_UMASK)


def make_private(directory: Path) -> None:
    """Creates `directory` if needed and takes group and other access from it and all it holds
    (a file keeps its owner's bits: 0644 becomes 0600, a program's 0755 becomes 0700)."""
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    directory.chmod(PRIVATE_DIR_MODE)
    for root, folders, files in os.walk(directory):
        for name in folders:
            _owner_only(Path(root) / name, PRIVATE_DIR_MODE)
        for name in files:
            _owner_only(Path(root) / name, PRIVATE_FILE_MODE)


def _owner_only(path: Path, at_least: int) -> None:
    mode = path.lstat().st_mode
    if not stat.S_ISLNK(mode):  # a link's own mode means nothing; its target is reached on its own
        wanted = (stat.S_IMODE(mode) & 0o700) | at_least
        if wanted != stat.S_IMODE(mode):
            path.chmod(wanted)


def open_private(path: Path, mode: str = "ab") -> BinaryIO:
    """Opens `path` for writing (appending by default), creating it 0600 if it is new."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    os.chmod(path, PRIVATE_FILE_MODE)
    return os.fdopen(descriptor, mode)


def write_private_text(path: Path, text: str) -> None:
    """Writes `text` to `path`, which is 0600 from the moment it exists."""
    with open_private(path, "wb") as file:
        file.write(text.encode("utf-8"))
