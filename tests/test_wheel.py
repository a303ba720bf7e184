"""A wheel built from the repository carries its templates, static files, migrations and data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import nsc_library, sys
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
assert page.status_code == 200 and "published practices" in page.get_data(as_text=True)
css = client.get("/static/style.css")
assert css.status_code == 200 and b"--accent" in css.data
print("wheel ok")
"""


@pytest.mark.slow
def test_installed_wheel_renders_pages(tmp_path: Path) -> None:
    dist, site = tmp_path / "dist", tmp_path / "site"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    subprocess.run([*build, str(ROOT)], check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("nsc_library-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert not (site / "templates").exists()  # only inside the package, not beside it
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(site), str(tmp_path / "instance")],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "wheel ok" in result.stdout
