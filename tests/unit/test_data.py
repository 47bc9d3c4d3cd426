"""Tests of dlmath.data.load_mnist: every branch, on small files the tests make themselves."""

from __future__ import annotations

import hashlib
import io
import os
import urllib.error
import zipfile
from pathlib import Path

import numpy as np
import pytest

from dlmath import data
from dlmath.data import MnistError, MnistFileError, MnistNotFoundError, load_mnist

SHAPES = {"x_train": (6, 28, 28), "y_train": (6,), "x_test": (4, 28, 28), "y_test": (4,)}


def _arrays(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        k: rng.integers(0, 256 if k.startswith("x") else 10, size=s, dtype=np.uint8)
        for k, s in SHAPES.items()
    }


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture
def small_mnist(monkeypatch, tmp_path):
    """Make the loader expect a small, known data set; return (arrays, file bytes, file sha256)."""
    arrays = _arrays()
    expected = {k: (a.shape, hashlib.sha256(a.tobytes()).hexdigest()) for k, a in arrays.items()}
    monkeypatch.setattr(data, "EXPECTED_ARRAYS", expected)
    blob = _npz_bytes(arrays)
    digest = hashlib.sha256(blob).hexdigest()
    monkeypatch.setattr(data, "MNIST_FILE_SHA256", digest)
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return arrays, blob, digest


class FakeOpener:
    """Stands in for urlopen: serves bytes, or fails, and counts calls."""

    def __init__(self, payload: bytes | None = None, error: Exception | None = None, cut: int | None = None):
        self.payload, self.error, self.cut, self.calls = payload, error, cut, []

    def __call__(self, url: str):
        self.calls.append(url)
        if self.error is not None:
            raise self.error
        return _Response(self.payload or b"", self.cut)


class _Response(io.BytesIO):
    def __init__(self, payload: bytes, cut: int | None):
        super().__init__(payload)
        self.cut = cut

    def read(self, size: int = -1) -> bytes:
        if self.cut is not None and self.tell() >= self.cut:
            raise ConnectionResetError("connection dropped half way")
        if self.cut is not None:
            size = min(size, self.cut - self.tell())
        return super().read(size)


def _assert_same(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    for key, value in zip(SHAPES, (x_train, y_train, x_test, y_test), strict=True):
        np.testing.assert_array_equal(value, arrays[key])
        assert value.dtype == np.uint8


def _no_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "mnist.npz") if folder.exists() else []


def test_path_argument_is_used_first(small_mnist, tmp_path, monkeypatch):
    arrays, blob, _ = small_mnist
    mine = tmp_path / "mine.npz"
    mine.write_bytes(blob)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "elsewhere.npz"))
    opener = FakeOpener(error=AssertionError("must not download"))
    _assert_same(load_mnist(mine, opener=opener), arrays)
    assert opener.calls == []


def test_environment_variable_comes_next(small_mnist, tmp_path, monkeypatch):
    arrays, blob, _ = small_mnist
    named = tmp_path / "named.npz"
    named.write_bytes(blob)
    monkeypatch.setenv(data.ENV_VAR, str(named))
    _assert_same(load_mnist(opener=FakeOpener(error=AssertionError("no download"))), arrays)


def test_keras_cache_is_used_before_downloading(small_mnist):
    arrays, blob, _ = small_mnist
    cache = data.default_cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(blob)
    opener = FakeOpener(error=AssertionError("must not download"))
    _assert_same(load_mnist(opener=opener), arrays)
    assert opener.calls == []


def test_keras_cache_defaults_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.default_cache_path() == tmp_path / ".keras" / "datasets" / "mnist.npz"


def test_downloads_into_cache_when_nothing_is_found(small_mnist):
    arrays, blob, _ = small_mnist
    opener = FakeOpener(blob)
    _assert_same(load_mnist(opener=opener), arrays)
    assert opener.calls == [data.MNIST_URL]
    cache = data.default_cache_path()
    assert cache.read_bytes() == blob
    assert _no_leftovers(cache.parent) == []


def test_no_network_and_no_file_says_what_to_do(small_mnist):
    opener = FakeOpener(error=urllib.error.URLError("no route to host"))
    with pytest.raises(MnistNotFoundError) as info:
        load_mnist(opener=opener)
    message = str(info.value)
    assert data.ENV_VAR in message and data.MNIST_URL in message and "no route to host" in message
    assert not data.default_cache_path().exists()
    assert _no_leftovers(data.default_cache_path().parent) == []


def test_interrupted_download_leaves_nothing(small_mnist):
    _, blob, _ = small_mnist
    with pytest.raises(MnistNotFoundError, match="connection dropped"):
        load_mnist(opener=FakeOpener(blob, cut=len(blob) // 2))
    assert not data.default_cache_path().exists()
    assert _no_leftovers(data.default_cache_path().parent) == []


def test_download_with_wrong_checksum_is_discarded(small_mnist):
    arrays, blob, _ = small_mnist
    tampered = _npz_bytes(_arrays(seed=1))
    with pytest.raises(MnistNotFoundError, match="SHA-256"):
        load_mnist(opener=FakeOpener(tampered))
    assert not data.default_cache_path().exists()
    assert _no_leftovers(data.default_cache_path().parent) == []


def test_garbage_in_cache_is_replaced_by_a_verified_download(small_mnist):
    arrays, blob, _ = small_mnist
    cache = data.default_cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"this is not a zip file")
    _assert_same(load_mnist(opener=FakeOpener(blob)), arrays)
    assert cache.read_bytes() == blob


def test_garbage_in_cache_and_no_network_is_a_clear_error(small_mnist):
    cache = data.default_cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"garbage")
    with pytest.raises(MnistFileError) as info:
        load_mnist(opener=FakeOpener(error=urllib.error.URLError("offline")))
    assert str(cache) in str(info.value) and "offline" in str(info.value)
    assert cache.read_bytes() == b"garbage"  # nothing was half-replaced


def test_read_only_cache_folder_is_a_clear_error(small_mnist):
    if os.geteuid() == 0:
        folder = data.default_cache_path().parent
        folder.parent.mkdir(parents=True)
        folder.write_text("a file where the cache folder should be")
    else:
        folder = data.default_cache_path().parent
        folder.mkdir(parents=True)
        folder.chmod(0o500)
    with pytest.raises(MnistNotFoundError, match="cannot write"):
        load_mnist(opener=FakeOpener(small_mnist[1]))


def test_explicit_missing_path_is_never_skipped(small_mnist, tmp_path):
    with pytest.raises(MnistNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "nope.npz", opener=FakeOpener(error=AssertionError("no download")))


def test_a_folder_or_a_number_instead_of_a_file_says_so(small_mnist, tmp_path, monkeypatch):
    no_download = FakeOpener(error=AssertionError("no download"))
    with pytest.raises(MnistNotFoundError, match="is a folder: give the file itself"):
        load_mnist(tmp_path, opener=no_download)
    with pytest.raises(TypeError, match="path must be a str or a pathlib.Path.*got int"):
        load_mnist(123, opener=no_download)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(MnistNotFoundError, match=f"{data.ENV_VAR} is set to .*, which is a folder"):
        load_mnist(opener=no_download)


def test_environment_variable_to_missing_file(small_mnist, tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "gone.npz"))
    with pytest.raises(MnistNotFoundError, match=data.ENV_VAR):
        load_mnist(opener=FakeOpener(error=AssertionError("no download")))


def _write(tmp_path: Path, name: str, payload: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(payload)
    return path


def test_not_a_zip(small_mnist, tmp_path):
    with pytest.raises(MnistFileError, match="could not be read"):
        load_mnist(_write(tmp_path, "bad.npz", b"hello"))


def test_truncated_file(small_mnist, tmp_path):
    _, blob, _ = small_mnist
    with pytest.raises(MnistFileError, match=r"truncated\.npz"):
        load_mnist(_write(tmp_path, "truncated.npz", blob[: len(blob) * 2 // 3]))


def test_missing_keys(small_mnist, tmp_path):
    arrays, _, _ = small_mnist
    del arrays["y_test"]
    with pytest.raises(MnistFileError, match=r"lacks the arrays \['y_test'\]"):
        load_mnist(_write(tmp_path, "keys.npz", _npz_bytes(arrays)))


@pytest.mark.parametrize(
    ("key", "bad", "pattern"),
    [
        ("x_train", np.zeros((6, 28, 27), np.uint8), r"shape \(6, 28, 27\)"),
        ("x_test", np.zeros((4, 28, 28), np.float32), "dtype float32"),
        ("y_train", np.full(6, 10, np.uint8), "labels 'y_train' go up to 10"),
        ("y_test", np.array([1, 2, 3, 5], np.uint8), "SHA-256 of array 'y_test'"),
    ],
)
def test_wrong_content(small_mnist, tmp_path, key, bad, pattern):
    arrays, _, _ = small_mnist
    arrays[key] = bad
    with pytest.raises(MnistFileError, match=pattern):
        load_mnist(_write(tmp_path, "wrong.npz", _npz_bytes(arrays)))


def test_pickled_object_arrays_are_refused(small_mnist, tmp_path):
    arrays, _, _ = small_mnist
    arrays["x_train"] = np.array([object()], dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # stores a pickle inside the .npy
    with pytest.raises(MnistFileError, match="could not be read"):
        load_mnist(_write(tmp_path, "pickle.npz", buffer.getvalue()))


def test_errors_share_a_base_class_and_builtin_types():
    assert issubclass(MnistFileError, MnistError) and issubclass(MnistFileError, ValueError)
    assert issubclass(MnistNotFoundError, MnistError) and issubclass(MnistNotFoundError, FileNotFoundError)


def test_plain_http_is_refused(tmp_path):
    with pytest.raises(ValueError, match="non-HTTPS"):
        data.download_mnist(tmp_path / "m.npz", url="http://example.invalid/mnist.npz")


def test_default_opener_verifies_certificates(monkeypatch):
    seen = {}

    def fake_urlopen(url, context, timeout):
        seen.update(url=url, context=context)
        raise urllib.error.URLError("stopped before the network")

    monkeypatch.setattr(data.urllib.request, "urlopen", fake_urlopen)
    with pytest.raises(urllib.error.URLError):
        data._verified_opener(data.MNIST_URL)
    import ssl

    assert seen["context"].verify_mode == ssl.CERT_REQUIRED and seen["context"].check_hostname


def test_zip_written_by_hand_is_read_like_numpy_savez(small_mnist, tmp_path):
    """Our shared copy was re-zipped by other software: any valid zip of .npy members must load."""
    arrays, _, _ = small_mnist
    path = tmp_path / "handmade.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, value in arrays.items():
            member = io.BytesIO()
            np.save(member, value)
            archive.writestr(f"{key}.npy", member.getvalue())
    _assert_same(load_mnist(path), arrays)


real_file = os.environ.get(data.ENV_VAR)


@pytest.mark.skipif(not real_file, reason=f"set {data.ENV_VAR} to the real mnist.npz to run this test")
def test_real_mnist_file():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train[:3].tolist() == [5, 0, 4] and y_test[-3:].tolist() == [4, 5, 6]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert round(float((x_train / 255).mean()), 5) == 0.13066


def test_full_disk_during_download_leaves_nothing(small_mnist, monkeypatch):
    import errno

    _, blob, _ = small_mnist
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        def __init__(self, handle):
            self.inner = real_fdopen(handle, "wb")
            self.written = 0

        def write(self, chunk):
            if self.written + len(chunk) > len(blob) // 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(chunk)
            return self.inner.write(chunk)

        def close(self):
            self.inner.close()
            super().close()

    monkeypatch.setattr(data.os, "fdopen", lambda handle, mode: FullDisk(handle))
    monkeypatch.setattr(data, "_chunks", lambda response, size=1 << 20: iter(lambda: response.read(64), b""))
    with pytest.raises(MnistNotFoundError, match="No space left on device"):
        load_mnist(opener=FakeOpener(blob))
    assert not data.default_cache_path().exists()
    assert _no_leftovers(data.default_cache_path().parent) == []


def test_two_concurrent_first_loads_both_get_the_right_data(small_mnist):
    """Two loaders racing to fill an empty cache: each downloads to its own temporary file and
    renames it into place atomically, so both return verified data and no partial file is left."""
    import threading

    arrays, blob, _ = small_mnist
    gate = threading.Barrier(2)

    class SlowResponse(_Response):
        def read(self, size: int = -1) -> bytes:
            if self.tell() == 0:
                gate.wait(timeout=10)  # both downloads are in flight at once
            return super().read(min(size, 97) if size > 0 else 97)

    def opener(url):
        return SlowResponse(blob, None)

    results, errors = [], []

    def load():
        try:
            results.append(load_mnist(opener=opener))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(results) == 2
    for loaded in results:
        _assert_same(loaded, arrays)
    assert data.default_cache_path().read_bytes() == blob
    assert _no_leftovers(data.default_cache_path().parent) == []
