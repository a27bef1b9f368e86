"""A real workshop on loopback: JupyterHub, a trainer, ten learners, nbgrader's exchange.

The hub runs as root (it creates one system user per learner). The test starts it with
``course.workshop.up``, spawns every server, releases a quiz to the exchange, has each learner
fetch, answer and submit it through their own server's nbgrader API, collects and autogrades as
the trainer, and checks every grade; then checks that learners are kept apart and that the hub
and every server stop.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from course.bank import default_bank
from course.workshop import (
    COURSE_ID,
    LEARNER_FOLDER,
    TRAINER_FOLDER,
    HubClient,
    WorkshopSettings,
    down,
    up,
)

pytestmark = [pytest.mark.hub, pytest.mark.slow]

TRAINER = "bctrainer"
LEARNERS = [f"bclearner{n:02d}" for n in range(1, 11)]
QUIZ = "quiz_00_start_here"


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "the workshop hub creates system users, so it must run as root"
    if not shutil.which("npm"):
        return "npm is needed for configurable-http-proxy"
    if not shutil.which("useradd"):
        return "useradd is needed to create learners' system users"
    if not Path("/usr/bin/python3").exists() and not os.environ.get("BONECOURSE_WORKSHOP_PYTHON"):
        return "a system Python (/usr/bin/python3) is needed for learners' servers"
    return None


def _free_port() -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 60000 and all(_port_free(port + k) for k in range(3)):
            return port
    raise RuntimeError("no free port")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _remove_user(name: str) -> None:
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


def _as_user(name: str, settings: WorkshopSettings, *cmd: str, cwd: Path | None = None):
    entry = pwd.getpwnam(name)
    env = {
        "HOME": entry.pw_dir,
        "USER": name,
        "PATH": f"{settings.venv / 'bin'}:/usr/bin:/bin",
        "BONECOURSE_ROOT": str(settings.course_copy),
    }
    return subprocess.run(
        ["runuser", "-u", name, "--", "env", *[f"{k}={v}" for k, v in env.items()], *cmd],
        cwd=cwd or entry.pw_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def hub():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the workshop test must run in CI: {reason}")
        pytest.skip(reason)
    for name in [TRAINER, *LEARNERS]:
        _remove_user(name)
    runtime = Path(tempfile.mkdtemp(prefix="bonecourse-workshop-"))
    runtime.chmod(0o755)
    settings = WorkshopSettings(
        runtime=runtime,
        state=runtime / "state",
        ip="127.0.0.1",
        port=_free_port(),
        trainers=(TRAINER,),
    )
    os.environ["BONECOURSE_WORKSHOP_RUNTIME"] = str(runtime)
    up(settings)
    try:
        yield settings
    finally:
        down(settings)
        for name in [TRAINER, *LEARNERS]:
            _remove_user(name)
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(scope="module")
def cohort(hub):
    """Every server started at once; a token per user."""
    client = HubClient(hub)
    client.create_users([TRAINER], admin=True)
    client.create_users(LEARNERS)
    with ThreadPoolExecutor(max_workers=len(LEARNERS) + 1) as pool:
        spawn_times = dict(
            zip(
                [TRAINER, *LEARNERS],
                pool.map(client.start_server, [TRAINER, *LEARNERS]),
                strict=True,
            )
        )
    tokens = {name: client.user_token(name) for name in [TRAINER, *LEARNERS]}
    return client, tokens, spawn_times


def _answers(right: bool) -> dict[str, str]:
    """What a learner types for each auto-graded question of the quiz."""
    out = {}
    for item in default_bank().select(module="00_start_here", use="assessment"):
        if item.type == "single":
            out[item.id] = (
                item.answer if right else next(o.key for o in item.options if o.key != item.answer)
            )
        elif item.type == "multiple":
            out[item.id] = ", ".join(item.answer) if right else item.options[0].key
        elif item.type == "numeric":
            out[item.id] = f"{item.answer:.2f}" if right else "9.99"
        elif item.type == "text":
            out[item.id] = "The course is general teaching; I follow local policy and ask."
    return out


def _fill(nb: dict, answers: dict[str, str]) -> int:
    filled = 0
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        item_id = grade_id.removesuffix("-answer")
        if cell["cell_type"] == "code" and grade_id.endswith("-answer") and item_id in answers:
            source = "".join(cell["source"])
            typed = answers[item_id]
            new = re.sub(
                r'(answer_\d+) = ""', lambda m, t=typed: f'{m.group(1)} = "{t}"', source, count=1
            )
            cell["source"] = new
            filled += new != source
        elif (
            cell["cell_type"] == "markdown" and grade_id.endswith("-answer") and item_id in answers
        ):
            cell["source"] = answers[item_id]
            filled += 1
    return filled


def test_every_server_runs_as_its_own_system_user(cohort, hub):
    client, tokens, spawn_times = cohort
    assert len(spawn_times) == len(LEARNERS) + 1
    for name in [TRAINER, *LEARNERS]:
        entry = pwd.getpwnam(name)
        home = Path(entry.pw_dir)
        assert (home / LEARNER_FOLDER / "00_start_here.ipynb").exists(), "notebooks copied"
        assert oct(home.stat().st_mode & 0o777) == "0o700"
        procs = subprocess.run(
            ["pgrep", "-u", name, "-f", "jupyterhub-singleuser"], capture_output=True, text=True
        ).stdout.split()
        assert procs, f"{name}'s server runs as {name}"
    contents = client.server(
        LEARNERS[0], "GET", "/api/contents/bone-secondaries", tokens[LEARNERS[0]]
    )
    assert contents.status_code == 200
    names = {c["name"] for c in contents.json()["content"]}
    assert "00_start_here.ipynb" in names


def test_quiz_round_trip_through_the_exchange(cohort, hub):
    client, tokens, _ = cohort
    course_dir = Path(pwd.getpwnam(TRAINER).pw_dir) / TRAINER_FOLDER
    assert (course_dir / "source" / QUIZ).is_dir(), "the trainer's course directory has the quiz"
    for step in (
        ["nbgrader", "generate_assignment", QUIZ, "--force"],
        ["nbgrader", "release_assignment", QUIZ, "--force"],
    ):
        done = _as_user(TRAINER, hub, *step, cwd=course_dir)
        assert done.returncode == 0, done.stdout + done.stderr
    right, wrong = _answers(True), _answers(False)
    expected = {}
    for n, learner in enumerate(LEARNERS):
        token = tokens[learner]
        listing = client.server(learner, "GET", f"/assignments?course_id={COURSE_ID}", token)
        assert listing.status_code == 200, listing.text
        released = [a for a in listing.json()["value"] if a["assignment_id"] == QUIZ]
        assert released and released[0]["status"] == "released"
        fetched = client.server(
            learner,
            "POST",
            "/assignments/fetch",
            token,
            json={"assignment_id": QUIZ, "course_id": COURSE_ID},
        )
        assert fetched.status_code == 200, fetched.text
        path = f"/api/contents/{QUIZ}/{QUIZ}.ipynb"
        model = client.server(learner, "GET", path, token).json()
        nb = model["content"]
        answers = right if n % 2 == 0 else wrong
        assert _fill(nb, answers) >= 3
        saved = client.server(
            learner, "PUT", path, token, json={"type": "notebook", "format": "json", "content": nb}
        )
        assert saved.status_code == 200, saved.text
        submitted = client.server(
            learner,
            "POST",
            "/assignments/submit",
            token,
            json={"assignment_id": QUIZ, "course_id": COURSE_ID},
        )
        assert (
            submitted.status_code == 200
            and "success" not in submitted.json()
            or submitted.json().get("success", True)
        ), submitted.text
        expected[learner] = n % 2 == 0
    for step in (["nbgrader", "collect", QUIZ], ["nbgrader", "autograde", QUIZ]):
        done = _as_user(TRAINER, hub, *step, cwd=course_dir)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(QUIZ)}
        max_auto = sum(
            i.points
            for i in default_bank().select(module="00_start_here", use="assessment")
            if i.type != "text"
        )
    assert set(scores) == set(LEARNERS), "every learner's grade is recorded"
    for learner, was_right in expected.items():
        if was_right:
            assert scores[learner] == pytest.approx(max_auto), learner
        else:
            assert scores[learner] < max_auto, learner


def test_learners_are_kept_apart(cohort, hub):
    client, tokens, _ = cohort
    a, b = LEARNERS[0], LEARNERS[1]
    # another learner's server, files and the trainer's formgrader are out of reach
    assert client.server(b, "GET", "/api/contents", tokens[a]).status_code in (302, 403, 404)
    assert client.server(TRAINER, "GET", "/formgrader", tokens[a]).status_code in (302, 403, 404)
    assert client.server(a, "GET", "/formgrader", tokens[a]).status_code == 404
    formgrader = client.server(TRAINER, "GET", "/formgrader", tokens[TRAINER])
    assert formgrader.status_code == 200 or "/formgrader/" in formgrader.headers["Location"]
    peek = _as_user(a, hub, "cat", f"/home/{b}/{LEARNER_FOLDER}/00_start_here.ipynb")
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    inbound = hub.exchange / COURSE_ID / "inbound"
    if inbound.exists():
        listing = _as_user(a, hub, "ls", str(inbound))
        assert listing.returncode != 0, "learners cannot list others' submissions"
    # the hub's API is the trainer's, not the learners'
    learner_api = HubClient(hub, token=tokens[a])
    assert learner_api.api("GET", "/users").status_code == 403
    assert learner_api.api("GET", f"/users/{b}").status_code in (403, 404)
    assert learner_api.api("POST", f"/users/{b}/server").status_code in (403, 404)
    # without logging in, nothing is served
    import requests

    assert requests.get(f"{hub.url}/hub/api/users", timeout=30).status_code == 403
    anonymous = requests.get(f"{hub.url}/user/{a}/lab", timeout=30)
    assert "/hub/login" in anonymous.url, "an anonymous visitor ends at the login page"
    assert "bone-secondaries" not in anonymous.text


def _browser_session(hub: WorkshopSettings, page: str):
    """A session that has loaded ``page`` (for its _xsrf cookie), and that cookie's value."""
    import requests

    session = requests.Session()
    resp = session.get(f"{hub.url}{page}", timeout=30)
    xsrf = session.cookies.get("_xsrf")
    if not xsrf:
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', resp.text).group(1)
    return session, xsrf


def _sign_up(hub: WorkshopSettings, name: str, password: str) -> None:
    session, xsrf = _browser_session(hub, "/hub/signup")
    session.post(
        f"{hub.url}/hub/signup",
        timeout=30,
        data={
            "username": name,
            "signup_password": password,
            "signup_password_confirmation": password,
            "_xsrf": xsrf,
        },
    )


def _log_in(hub: WorkshopSettings, name: str, password: str):
    session, xsrf = _browser_session(hub, "/hub/login")
    resp = session.post(
        f"{hub.url}/hub/login",
        timeout=30,
        allow_redirects=False,
        data={"username": name, "password": password, "_xsrf": xsrf},
    )
    return session, resp


def test_sign_up_needs_a_trainers_approval(hub):
    learner, learner_pw = "bclearner11", "Osteoclast-Remodel-2026"
    trainer_pw = "Trainer-Approves-2026"
    try:
        _sign_up(hub, TRAINER, trainer_pw)  # a trainer (hub admin) is approved on sign-up
        trainer, resp = _log_in(hub, TRAINER, trainer_pw)
        assert resp.status_code == 302 and "/hub/login" not in resp.headers["Location"]
        _sign_up(hub, learner, learner_pw)
        _, resp = _log_in(hub, learner, learner_pw)
        assert resp.status_code != 302, "an unapproved sign-up cannot log in"
        pending = trainer.get(f"{hub.url}/hub/authorize", timeout=30)
        assert pending.status_code == 200 and learner in pending.text
        approve = trainer.get(f"{hub.url}/hub/authorize/{learner}", timeout=30)
        assert approve.status_code == 200
        _, resp = _log_in(hub, learner, learner_pw)
        assert resp.status_code == 302 and "/hub/login" not in resp.headers["Location"]
        # a learner cannot approve anyone
        learner_session, _ = _log_in(hub, learner, learner_pw)
        assert learner_session.get(f"{hub.url}/hub/authorize", timeout=30).status_code == 403
    finally:
        _remove_user(learner)


def test_down_stops_the_hub_and_every_server(hub, cohort):
    down(hub)
    for name in [TRAINER, *LEARNERS]:
        left = subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout
        assert not left.strip(), f"{name} still has processes: {left}"
    assert not hub.pid_file.exists()
    assert _port_free(hub.port)
