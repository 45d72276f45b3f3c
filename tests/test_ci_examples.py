"""The README's CI examples work as written (issue 17): the GitHub Actions workflow's `run:`
steps, and the pre-commit hook run through `pre-commit` itself on a temporary repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _yaml_block(heading: str) -> Any:
    yaml = pytest.importorskip("yaml")
    section = README.split(heading, 1)[1]
    block = re.search(r"```yaml\n(.*?)\n```", section, re.DOTALL)
    assert block is not None, heading
    return yaml.safe_load(block.group(1))


def _fact_repository(where: Path) -> Path:
    """A newsroom's repository: fact files and the article text they quote."""
    shutil.copytree(ROOT / "facts", where / "facts")
    return where


def _venv_on_this_one(where: Path) -> Path:
    """A fresh virtualenv that sees this environment's packages (rdflib, pyshacl, ...) but
    not factcheck itself, so the workflow's install step is what provides the command."""
    venv.EnvBuilder(with_pip=True).create(where)
    site = subprocess.run(
        [where / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "_outer.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return where / "bin"


def test_package_name_is_not_the_unrelated_pypi_factcheck() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "factcheck-kg"
    assert project["scripts"] == {"factcheck": "factcheck.cli:main"}


def test_github_actions_example_installs_factcheck_kg() -> None:
    workflow = _yaml_block("#### In GitHub Actions")
    runs = [step["run"] for step in workflow["jobs"]["validate"]["steps"] if "run" in step]
    assert runs[0].startswith("pip install ")
    assert "factcheck-kg" in runs[0]
    assert "pip install factcheck\n" not in runs[0] + "\n"


def test_github_actions_example_runs_as_written(tmp_path: Path) -> None:
    workflow = _yaml_block("#### In GitHub Actions")
    repository = _fact_repository(tmp_path / "repo")
    bin_dir = _venv_on_this_one(tmp_path / "venv")
    env = {
        **os.environ,
        **{key: str(value) for key, value in workflow.get("env", {}).items()},
        # the install step, pointed at this checkout (its dependencies are found already installed)
        "FACTCHECK_SOURCE": ROOT.as_uri(),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("VIRTUAL_ENV", None)
    steps = [step["run"] for step in workflow["jobs"]["validate"]["steps"] if "run" in step]
    assert len(steps) == 2
    for step in steps:
        result = subprocess.run(
            ["bash", "-e", "-c", step],
            cwd=repository,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"
    assert shutil.which("factcheck", path=str(bin_dir)) is not None


def _git(repository: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repository,
        check=True,
        capture_output=True,
    )


def test_precommit_hook_catches_an_edited_article_text(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    repository = _fact_repository(tmp_path / "repo")
    (repository / ".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n    hooks: []\n")
    _git(repository, "init", "-q")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "facts")
    article = repository / "facts" / "xiaomi-su7-100k-article.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("100,000", "90,000"), encoding="utf-8"
    )
    _git(repository, "add", "facts/xiaomi-su7-100k-article.txt")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        # the hook's own virtualenv gets factcheck from this checkout and, to keep the test
        # offline and quick, its dependencies from this environment
        "PYTHONPATH": sysconfig.get_path("purelib"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    # try-repo runs the hooks this checkout declares in .pre-commit-hooks.yaml, as a user's
    # `repo:` entry would, including uncommitted changes.
    result = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "factcheck-validate", "--verbose"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert "(no files to check)" not in output
    assert result.returncode == 1, output
    assert "factcheck validate" in output
    assert "quote" in output.lower()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True, check=True
    ).stdout
    assert ".factcheck-cache" not in status
