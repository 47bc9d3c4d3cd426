from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary

from tools import jupyter_setup
from tools.learner_copy import write_learner_copies


def test_kernel_config_is_written_once(tmp_path):
    path = jupyter_setup.write_kernel_config(tmp_path)
    jupyter_setup.write_kernel_config(tmp_path)
    assert path == tmp_path / "etc" / "ipython" / "ipython_kernel_config.py"
    assert path.read_text().count("capture_fd_output = False") == 1


def test_kernel_config_keeps_existing_settings(tmp_path):
    path = tmp_path / "etc" / "ipython" / "ipython_kernel_config.py"
    path.parent.mkdir(parents=True)
    path.write_text("c.Foo.bar = 1")
    jupyter_setup.write_kernel_config(tmp_path)
    assert path.read_text() == "c.Foo.bar = 1\n" + jupyter_setup.KERNEL_SETTING


def test_lab_overrides_merge(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"other": {"x": 1}}))
    jupyter_setup.write_lab_overrides(tmp_path)
    settings = json.loads(path.read_text())
    assert settings["other"] == {"x": 1}
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    assert settings["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }


def test_lab_settings_are_valid_for_this_jupyterlab():
    """Each setting names a plugin and a property that JupyterLab's own schemas define, with a value
    of the schema's type (a misspelt name would be ignored without a word)."""
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        pytest.skip(f"no JupyterLab schemas in {schemas}")
    for plugin, settings in jupyter_setup.LAB_SETTINGS.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        for key, value in settings.items():
            spec = schema["properties"][key]
            allowed = [choice["const"] for choice in spec.get("oneOf", []) if "const" in choice]
            if allowed:
                assert value in allowed, (plugin, key, value)
            else:
                expected = {"boolean": bool, "object": dict, "string": str}[spec["type"]]
                assert isinstance(value, expected), (plugin, key, value)


def test_bad_overrides_file_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        jupyter_setup.write_lab_overrides(tmp_path)
    assert path.read_text() == "{not json"


QUIZ_HTML = '<div class="dlmath-quiz" data-quiz="2.9.1">...<script>/* answers back */</script></div>'


def _chapter(path: Path) -> None:
    """A chapter with a self-check question's output and another output (stored, as executed)."""
    question = nbformat.v4.new_code_cell('self_check("2.9.1")', execution_count=1)
    question.outputs = [nbformat.v4.new_output("display_data", data={"text/html": QUIZ_HTML})]
    other = nbformat.v4.new_code_cell("x = 2\nx", execution_count=2)
    other.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=2)]
    nbformat.write(nbformat.v4.new_notebook(cells=[question, other]), path)


@pytest.fixture
def notary(tmp_path, monkeypatch):
    """A notary with its database and secret in a temporary JUPYTER_DATA_DIR, as make lab's."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    return NotebookNotary()


def _trusted(notary: NotebookNotary, path: Path) -> bool:
    return notary.check_signature(nbformat.read(path, as_version=4))


def test_trust_book_signs_the_chapters_and_untouched_learner_copies(tmp_path, monkeypatch, notary):
    (tmp_path / "notebooks").mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        _chapter(tmp_path / "notebooks" / name)
    write_learner_copies(tmp_path / "notebooks", tmp_path / "learner")
    edited = tmp_path / "learner" / "02_b.ipynb"
    edited.write_text(edited.read_text().replace("x = ", "y = "))  # the learner's, outside JupyterLab
    stranger = tmp_path / "learner" / "downloaded.ipynb"
    _chapter(stranger)
    stranger.write_text(stranger.read_text().replace("x = ", "z = "))
    assert not any(_trusted(notary, path) for path in tmp_path.glob("*/*.ipynb"))

    monkeypatch.chdir(tmp_path)
    jupyter_setup.main(["--trust-book"])

    trusted = sorted(
        path.relative_to(tmp_path).as_posix() for path in tmp_path.glob("*/*.ipynb") if _trusted(notary, path)
    )
    assert trusted == ["learner/01_a.ipynb", "notebooks/01_a.ipynb", "notebooks/02_b.ipynb"]
    # The learner's copy keeps the question's output (it asks and answers with no kernel), not the other.
    copy = nbformat.read(tmp_path / "learner" / "01_a.ipynb", as_version=4)
    assert copy.cells[1].outputs == []
    assert copy.cells[0].outputs[0].data["text/html"] == QUIZ_HTML
    assert copy.cells[0].execution_count is None


def test_a_changed_notebook_needs_signing_again(tmp_path, notary):
    """Executing a chapter changes it: what make lab signed before is untrusted until signed anew."""
    path = tmp_path / "chapter.ipynb"
    _chapter(path)
    assert jupyter_setup.trust_notebooks([path]) == [path]
    assert _trusted(notary, path)
    path.write_text(path.read_text().replace("/* answers back */", "/* re-executed */"))
    assert not _trusted(notary, path)
    jupyter_setup.trust_notebooks([path])
    assert _trusted(notary, path)


def test_make_lab_signs_before_jupyterlab_starts():
    """`make -n lab` (commands printed, none run) signs the book's notebooks, then starts JupyterLab."""
    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make on PATH")
    result = subprocess.run(
        [make, "-n", "lab", "PORT=8765"], cwd=root, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    sign = next(i for i, line in enumerate(lines) if "tools/jupyter_setup.py --trust-book" in line)
    start = next(i for i, line in enumerate(lines) if "jupyter lab " in line)
    assert sign < start
