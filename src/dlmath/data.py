"""Loading MNIST safely: from a file you name, the Keras cache, or a download.

``load_mnist`` returns exactly what ``keras.datasets.mnist.load_data()``
returns, but it never unpickles, never disables certificate checks, works
offline when it is told where the file is, and checks every array against a
known SHA-256 so that it cannot hand back wrong data.

>>> (x_train, y_train), (x_test, y_test) = load_mnist()   # doctest: +SKIP
>>> x_train.shape, x_train.dtype   # doctest: +SKIP
((60000, 28, 28), dtype('uint8'))
"""

from __future__ import annotations

import hashlib
import os
import ssl
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from dlmath._files import atomic_file

# One way in for a reader: load_mnist, and the errors it raises. The steps it
# takes (find_mnist, read_mnist, download_mnist) stay importable for tests.
__all__ = [
    "ENV_VAR",
    "MnistError",
    "MnistFileError",
    "MnistNotFoundError",
    "load_mnist",
]

#: Environment variable that names an ``mnist.npz`` to use (checked after the
#: ``path`` argument).
ENV_VAR = "DLMATH_MNIST_PATH"
#: Where Keras downloads MNIST from, and the SHA-256 of that exact file.
MNIST_URL = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
)
MNIST_FILE_SHA256 = (
    "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
)

#: What each array must be. The hashes are of the raw array bytes, so they
#: hold for any file that stores the same arrays (Keras's download and a
#: re-zipped copy alike).
EXPECTED_ARRAYS: dict[str, tuple[tuple[int, ...], str]] = {
    "x_train": (
        (60000, 28, 28),
        "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    ),
    "y_train": (
        (60000,),
        "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    ),
    "x_test": (
        (10000, 28, 28),
        "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    ),
    "y_test": (
        (10000,),
        "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
    ),
}

_FIX_HINT = (
    f"Set {ENV_VAR} to the path of a good mnist.npz, or download {MNIST_URL} "
    "(SHA-256 {sha}) and pass its path to load_mnist(path=...)."
).format(sha=MNIST_FILE_SHA256)

MnistArrays = tuple[
    tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]
]
#: Opens a URL and returns a binary file-like response, as
#: ``urllib.request.urlopen`` does.
Opener = Callable[[str], BinaryIO]


class MnistError(Exception):
    """Base class for every MNIST loading problem."""


class MnistFileError(MnistError, ValueError):
    """A file was found but is not a valid MNIST ``.npz``."""


class MnistNotFoundError(MnistError, FileNotFoundError):
    """No MNIST file could be found, and none could be downloaded."""


def default_cache_path() -> Path:
    """Where Keras caches MNIST: ``$KERAS_HOME/datasets/mnist.npz``.

    Without ``KERAS_HOME``: ``~/.keras/datasets/mnist.npz``.
    """
    keras_home = os.environ.get("KERAS_HOME")
    base = Path(keras_home) if keras_home else Path.home() / ".keras"
    return base / "datasets" / "mnist.npz"


def _sha256_of_array(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).data).hexdigest()


def read_mnist(
    path: str | os.PathLike[str], *, verify: bool = True
) -> MnistArrays:
    """Read and check an MNIST ``.npz`` file, without unpickling anything.

    Raises :class:`MnistFileError` naming the file and what is wrong with it
    (not a zip, truncated, missing keys, wrong shapes, dtypes, labels or
    checksums).
    """
    path = Path(path)
    if not path.is_file():
        raise MnistNotFoundError(
            f"MNIST file {path} does not exist or is not a file. {_FIX_HINT}"
        )
    arrays: dict[str, np.ndarray] = {}
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = sorted(set(EXPECTED_ARRAYS) - set(npz.files))
            if missing:
                raise MnistFileError(
                    f"MNIST file {path} lacks the arrays {missing} (it has "
                    f"{sorted(npz.files)}). {_FIX_HINT}"
                )
            for key in EXPECTED_ARRAYS:
                arrays[key] = npz[key]
    except MnistError:
        raise
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        ValueError,
        KeyError,
    ) as exc:
        # np.load raises ValueError for object arrays (pickles) and for files
        # that are not .npy/.npz.
        raise MnistFileError(
            f"MNIST file {path} could not be read as an .npz archive "
            f"({type(exc).__name__}: {exc}); "
            f"it may be truncated or not an MNIST file. {_FIX_HINT}"
        ) from exc

    for key, (shape, digest) in EXPECTED_ARRAYS.items():
        array = arrays[key]
        if array.shape != shape or array.dtype != np.uint8:
            raise MnistFileError(
                f"MNIST file {path}: array {key!r} has shape {array.shape} "
                f"and dtype {array.dtype}, "
                f"expected shape {shape} and dtype uint8. {_FIX_HINT}"
            )
        if key.startswith("y") and array.max(initial=0) > 9:
            raise MnistFileError(
                f"MNIST file {path}: labels {key!r} go up to "
                f"{int(array.max())}, expected 0..9. {_FIX_HINT}"
            )
        if verify and _sha256_of_array(array) != digest:
            raise MnistFileError(
                f"MNIST file {path}: the SHA-256 of array {key!r} does not "
                "match the published MNIST "
                "data, so the file is damaged or holds other data. "
                f"{_FIX_HINT}"
            )
    return (arrays["x_train"], arrays["y_train"]), (
        arrays["x_test"],
        arrays["y_test"],
    )


def _verified_opener(url: str) -> BinaryIO:
    context = (
        ssl.create_default_context()
    )  # verifies certificates and host names
    return urllib.request.urlopen(url, context=context, timeout=60)  # noqa: S310 (https only)


def _chunks(response: BinaryIO, size: int = 1 << 20) -> Iterator[bytes]:
    while chunk := response.read(size):
        yield chunk


def download_mnist(
    dest: str | os.PathLike[str],
    *,
    url: str | None = None,
    sha256: str | None = None,
    opener: Opener | None = None,
) -> Path:
    """Download ``url`` to ``dest`` over verified TLS and check its SHA-256.

    The bytes go to a temporary file next to ``dest``; only a complete file
    whose hash matches is renamed to ``dest``, so an interrupted or corrupted
    download never leaves a partial file behind. ``url`` and ``sha256``
    default to Keras's MNIST file; ``opener`` replaces the network in tests.
    """
    url = url or MNIST_URL
    sha256 = sha256 or MNIST_FILE_SHA256
    if not url.startswith("https://"):
        raise ValueError(
            f"refusing to download MNIST over a non-HTTPS URL: {url!r}"
        )
    dest = Path(dest)
    opened = False
    try:
        with atomic_file(dest) as out:
            opened = True
            with (opener or _verified_opener)(url) as response:
                digest = hashlib.sha256()
                for chunk in _chunks(response):
                    digest.update(chunk)
                    out.write(chunk)
            if (
                digest.hexdigest() != sha256
            ):  # raised inside the block: the partial file is removed
                raise MnistFileError(
                    f"the file downloaded from {url} has SHA-256 "
                    f"{digest.hexdigest()}, expected {sha256}; "
                    f"it was discarded. {_FIX_HINT}"
                )
    except (urllib.error.URLError, OSError) as exc:
        if not opened:
            raise MnistNotFoundError(
                f"cannot write the MNIST download into {dest.parent} "
                f"({exc}). {_FIX_HINT}"
            ) from exc
        raise MnistNotFoundError(
            f"downloading {url} to {dest} failed ({exc}). {_FIX_HINT}"
        ) from exc
    return dest


def _given_file(path: Path, named: str, missing: str) -> Path:
    """``path`` if it is a file; else an error that says what it is."""
    if path.is_dir():
        raise MnistNotFoundError(
            f"{named} is a folder: give the file itself, for example its "
            "mnist.npz"
        )
    if not path.is_file():
        raise MnistNotFoundError(missing)
    return path


def find_mnist(
    path: str | os.PathLike[str] | None = None,
    *,
    opener: Opener | None = None,
) -> Path:
    """The path of an MNIST file, downloaded into the Keras cache if needed.

    Order: the ``path`` argument, the ``DLMATH_MNIST_PATH`` variable, the
    Keras cache, a download. A path given explicitly (argument or variable)
    must exist: it is never silently skipped.
    """
    if path is not None:
        if not isinstance(path, str | os.PathLike):
            raise TypeError(
                "path must be a str or a pathlib.Path naming an mnist.npz, "
                f"got {type(path).__name__}"
            )
        return _given_file(
            Path(path),
            f"{path} (the path argument)",
            f"MNIST file {path} (the path argument) does not exist. "
            f"{_FIX_HINT}",
        )
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return _given_file(
            Path(from_env),
            f"{ENV_VAR} is set to {from_env}, which",
            f"{ENV_VAR} is set to {from_env}, but no file is there. "
            "Point it at an mnist.npz, or unset it to use the Keras cache "
            f"at {default_cache_path()}.",
        )
    cached = default_cache_path()
    if cached.is_file():
        return cached
    try:
        return download_mnist(cached, opener=opener)
    except MnistError as exc:
        raise MnistNotFoundError(
            f"MNIST was not found: no path was given, {ENV_VAR} is not "
            f"set, the Keras cache {cached} "
            f"is empty, and the download failed: {exc}"
        ) from exc


def load_mnist(
    path: str | os.PathLike[str] | None = None,
    *,
    opener: Opener | None = None,
) -> MnistArrays:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    The same arrays as ``keras.datasets.mnist.load_data()``.

    Images are uint8 arrays of shape (n, 28, 28); labels uint8 of shape (n,),
    values 0..9. See :func:`find_mnist` for where the file comes from. A
    damaged file in the Keras cache is replaced by a fresh verified download
    when the network allows.

    >>> (x_train, y_train), (x_test, y_test) = load_mnist("mnist.npz")
    ... # doctest: +SKIP
    """
    found = find_mnist(path, opener=opener)
    explicit = path is not None or bool(os.environ.get(ENV_VAR))
    try:
        return read_mnist(found)
    except MnistFileError as exc:
        if explicit:
            raise
        try:
            download_mnist(found, opener=opener)
        except MnistError as download_exc:
            raise MnistFileError(
                f"{exc} A fresh download to replace it failed too: "
                f"{download_exc}"
            ) from download_exc
        return read_mnist(found)
