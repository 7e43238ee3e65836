"""pyproject.toml and environment.yml describe the same environment."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Conda-only entries: pip itself, the CPU build of PyTorch that the Makefile installs first, and the
# C compiler that builds the matcher core (pip finds one on the system; conda users get it here).
CONDA_ONLY = {"pip", "pytorch-cpu", "c-compiler"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].strip().lower()


def _bound(req: str) -> str:
    m = re.search(r">=\s*([\w.]+)", req)
    return m.group(1) if m else ""


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): _bound(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted.update({_name(r): _bound(r) for r in extra})
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.update({_name(r): _bound(r) for r in dep["pip"] if not r.startswith("-e")})
            assert any(r.startswith("-e") for r in dep["pip"]), "the pip section installs this project"
        elif not dep.startswith("python") and _name(dep) not in CONDA_ONLY:
            conda[_name(dep)] = _bound(dep)
    declared = {**conda, **pip}
    assert set(declared) == set(wanted), (set(wanted) - set(declared), set(declared) - set(wanted))
    for name, bound in wanted.items():
        assert declared[name] == bound, f"{name}: pyproject >={bound}, environment.yml >={declared[name]}"


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"]) + [r for e in project["optional-dependencies"].values() for r in e]
    assert all(_bound(r) for r in reqs), [r for r in reqs if not _bound(r)]
