"""A wheel built from the repository carries its templates, static files, migrations and data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, nsc_library, sys
from importlib.resources import files
from pathlib import Path
from nsc_library import create_app
site = Path(sys.argv[1]).resolve()
assert Path(nsc_library.__file__).resolve().is_relative_to(site), nsc_library.__file__
app = create_app({"INSTANCE_PATH": sys.argv[2], "SECRET_KEY": "x", "TESTING": True})
assert Path(app.template_folder).resolve().is_relative_to(site), app.template_folder
runner = app.test_cli_runner()
assert runner.invoke(args=["init-db"]).exit_code == 0
assert runner.invoke(args=["seed-demo"]).exit_code == 0
client = app.test_client()
page = client.get("/practices")
demo = json.loads(files("nsc_library.data").joinpath("demo-practices.json").read_text("utf-8"))
assert page.status_code == 200 and f"{len(demo)} practices" in page.get_data(as_text=True)
css = client.get("/static/style.css")
assert css.status_code == 200 and b"--accent" in css.data
outside = [n for n, m in sys.modules.items() if n.startswith("nsc_library")
           and getattr(m, "__file__", None) and not Path(m.__file__).resolve().is_relative_to(site)]
assert not outside, outside
print("wheel ok")
"""


@pytest.mark.slow
def test_installed_wheel_renders_pages(tmp_path: Path) -> None:
    dist, site, source = tmp_path / "dist", tmp_path / "site", tmp_path / "source"
    # A copy of the sources, so that no build/ folder left in the checkout can fill gaps.
    # No compiled catalogues either: the build must compile them from the .po files.
    junk = shutil.ignore_patterns(
        ".*", "build", "dist", "instance", "*.egg-info", "__pycache__", "*.mo"
    )
    shutil.copytree(ROOT, source, ignore=junk)
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    subprocess.run([*build, str(source)], check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("nsc_library-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert not (site / "templates").exists()  # only inside the package, not beside it
    catalogues = site / "nsc_library" / "translations"
    for language in ("da", "sv", "nb", "fi", "is"):
        assert (catalogues / language / "LC_MESSAGES" / "messages.mo").is_file(), language
    # -S skips .pth files, so the checkout's editable install cannot stand in for the wheel.
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{sysconfig.get_paths()['purelib']}"}
    result = subprocess.run(
        [sys.executable, "-S", "-c", CHECK, str(site), str(tmp_path / "instance")],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "wheel ok" in result.stdout
