"""The GitHub workflows: valid, doing their job, and hardened (pinned actions, least privilege per job,
time limits, no token left in a checkout). Parsed as YAML, never grepped."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cluster_news.core.cache import CACHE_FOLDER
from test_pictures import write_pictures

from conftest import REPO, build_site

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._/-]+)?@[0-9a-f]{40}")
RELEASE_COMMENT = re.compile(r"\s#\s*v\d+\.\d+\.\d+\s*$")
CHECKOUT = "actions/checkout@"


def load(path: Path) -> dict:
    """The workflow with every value as a string (YAML 1.1 would read the key `on` as true)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def uses_lines(path: Path) -> list[tuple[str, str]]:
    """(value, source line) of every `uses:` in the workflow, found through the YAML node tree."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []

    def walk(node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "uses" and isinstance(value, yaml.ScalarNode):
                    found.append((value.value, lines[value.start_mark.line]))
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    return found


def jobs() -> list[tuple[str, str, dict]]:
    return [(path.name, name, job) for path in FILES for name, job in load(path)["jobs"].items()]


def test_workflows_match_githubs_schema():
    assert [path.name for path in FILES] == ["checks.yml", "deploy.yml"]
    result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", *map(str, FILES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment(path):
    used = uses_lines(path)
    assert used
    for value, line in used:
        assert PINNED.fullmatch(value), f"{path.name}: {value} is not pinned to a full commit SHA"
        assert RELEASE_COMMENT.search(line), f"{path.name}: {line.strip()!r} does not name its release (# vX.Y.Z)"


def test_every_job_has_a_time_limit():
    for workflow, name, job in jobs():
        assert 0 < int(job.get("timeout-minutes", 0)) <= 30, f"{workflow}: {name}"


def test_permissions_are_least_privilege_per_job():
    for path in FILES:
        assert load(path)["permissions"] == {}, f"{path.name}: nothing by default"
    granted = {(workflow, name): job.get("permissions") for workflow, name, job in jobs()}
    assert granted == {
        ("checks.yml", "test"): {"contents": "read"},
        ("deploy.yml", "build"): {"contents": "read", "pages": "read"},  # configure-pages reads the address
        ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    }


def test_no_checkout_keeps_the_token():
    checkouts = [(workflow, step) for workflow, _, job in jobs() for step in job.get("steps", [])
                 if step.get("uses", "").startswith(CHECKOUT)]
    assert len(checkouts) == 2
    for workflow, step in checkouts:
        assert step["with"]["persist-credentials"] == "false", workflow


def test_no_workflow_runs_pull_request_code_with_the_repositorys_privileges():
    for path in FILES:
        assert not {"pull_request_target", "workflow_run"} & set(load(path)["on"]), path.name


def test_deploy_workflow_checks_builds_and_deploys_daily():
    workflow = load(WORKFLOWS / "deploy.yml")
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"], "daily"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"] + deploy["steps"]]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert runs.index("make check") < runs.index("make build")
    makefile = (REPO / "Makefile").read_text()
    assert "cluster-news check" in makefile and "mkdocs build --strict" in makefile


def test_pull_requests_run_checks_and_tests_without_deploying():
    workflow = load(WORKFLOWS / "checks.yml")
    assert "pull_request" in workflow["on"]
    assert list(workflow["jobs"]) == ["test"]
    steps = workflow["jobs"]["test"]["steps"]
    assert [step["run"] for step in steps if "run" in step][-2:] == ["make check", "bash .ci/run"]
    assert [step["uses"].split("@")[0] for step in steps if "uses" in step] == ["actions/checkout"]


def test_dependabot_keeps_every_pin_current():
    """What docs/security.md says it does: the pinned actions, requirements.txt and every npm lockfile."""
    path = REPO / ".github" / "dependabot.yml"
    result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.dependabot", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    watched = {(update["package-ecosystem"], update["directory"]) for update in load(path)["updates"]}
    lockfiles = sorted(lock.parent.relative_to(REPO).as_posix() for lock in REPO.glob("*/**/package-lock.json")
                       if "node_modules" not in lock.parts)
    assert {"admin", "tests"} <= set(lockfiles)  # the glob finds them
    assert (REPO / "requirements.txt").is_file()
    assert watched == {("github-actions", "/"), ("pip", "/")} | {("npm", f"/{folder}") for folder in lockfiles}


def _cache_steps() -> list[dict]:
    steps = load(WORKFLOWS / "deploy.yml")["jobs"]["build"]["steps"]
    return [step for step in steps if step.get("uses", "").startswith("actions/cache@")]


def test_deploy_restores_exactly_the_caches_the_build_keeps(tmp_path_factory, tmp_path):
    """Every file a build and `check` keep in the cache folder is in one of the deploy's caches, and each
    cache holds some of them (a site with pictures, built, then checked in a copy: the shared build stays
    as it is)."""
    project = tmp_path / "project"
    shutil.copytree(build_site(tmp_path_factory, "pictures", write_pictures).root, project, symlinks=True)
    result = subprocess.run([str(Path(sys.executable).parent / "cluster-news"), "check"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = sorted(path.relative_to(project).as_posix() for path in (project / CACHE_FOLDER).rglob("*")
                  if path.is_file())
    paths = [step["with"]["path"] for step in _cache_steps()]
    assert len(paths) == 2 and kept

    def cached_by(path: str) -> list[str]:
        return [pattern for pattern in paths if fnmatch.fnmatch(path, pattern) or path.startswith(pattern + "/")]
    assert [path for path in kept if len(cached_by(path)) != 1] == []
    assert all(any(pattern in cached_by(path) for path in kept) for pattern in paths)
    # check reads mkdocs.yml as the build does: it renders as the build does, and finds the build's renderings
    assert len([path for path in kept if fnmatch.fnmatch(path, f"{CACHE_FOLDER.as_posix()}/bodies-*.json")]) == 1


def test_deploy_caches_are_keyed_on_what_makes_their_content():
    """A cache made by other code is never restored: each key, and each restore key, starts with a hash of
    the code and pinned packages that make what it holds; what the restore keys leave out (which pictures
    and texts there are) cannot make a kept entry wrong, since entries are found by their picture's bytes,
    or their file and text (core/pictures.py, core/body_cache.py)."""
    steps = {step["with"]["path"].rsplit("/", 1)[-1]: step["with"] for step in _cache_steps()}
    makers = {"pictures": ["requirements.txt", "plugins/cluster_news/core/pictures.py"],
              "*.json": ["requirements.txt", "pyproject.toml", "mkdocs.yml", "plugins/**/*.py"]}
    assert set(steps) == set(makers)
    for name, cache in steps.items():
        code = "hashFiles(" + ", ".join(f"'{path}'" for path in makers[name]) + ")"
        restore = cache["restore-keys"]
        assert code in restore and "github.sha" not in cache["key"], name
        assert cache["key"].startswith(restore) and cache["key"] != restore, name
        assert cache["key"][len(restore):].startswith("${{ hashFiles('content/"), name
    assert "steps.python.outputs.python-version" in steps["*.json"]["key"]
