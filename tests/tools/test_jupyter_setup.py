from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tools import jupyter_setup


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
