"""A real workshop on loopback: JupyterHub, a trainer, ten learners, nbgrader's exchange.

The hub runs as root (it creates one system user per learner). The test starts it with
``course.delivery.hub.setup.up`` and checks, in order: the course's exchange folders exist, owned
by the
trainer, before anyone logs in; every server runs as its own system user under a memory limit;
a quiz is released, and learners answer it by its controls (the comm messages a click sends)
or by typing letters, submit through their own server's nbgrader API, and the trainer's
collect and the course's sandboxed grader give every grade right; from a learner's account
(kernel and terminal) no key, source, gradebook or other learner's work can be read, and the
exchange cannot be written, listed or forged into; then the hub and every server stop and the
port is free to bind again.
"""

from __future__ import annotations

import json
import pwd
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bc_hub import accepts, as_user, bindable, remove_user, start_hub

from course.delivery.hub.client import open_notebook
from course.delivery.hub.exchange import EXCHANGE_FOLDERS
from course.delivery.hub.limits import user_cgroup
from course.delivery.hub.setup import (
    COURSE_ID,
    LEARNER_FOLDER,
    TRAINER_FOLDER,
    HubClient,
    WorkshopSettings,
    down,
)
from course.paths import course_root
from course.questions.bank import trainer_bank

pytestmark = [pytest.mark.hub, pytest.mark.slow]

TRAINER = "bctrainer"
LEARNERS = [f"bclearner{n:02d}" for n in range(1, 11)]
QUIZ = "quiz_00_start_here"


@pytest.fixture(scope="module")
def hub(hub_runtime):
    settings = start_hub(hub_runtime, TRAINER, LEARNERS)
    try:
        yield settings
    finally:
        down(settings)
        for name in [TRAINER, *LEARNERS]:
            remove_user(name)


def test_exchange_is_the_trainers_before_anyone_logs_in(hub):
    """Set-up made the course's exchange folders, owned by the trainer, before any learner."""
    for name in LEARNERS:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)  # nobody has logged in yet
    trainer = pwd.getpwnam(TRAINER)
    root = hub.exchange.stat()
    assert (root.st_uid, oct(root.st_mode & 0o7777)) == (0, "0o1777")
    for sub, mode in EXCHANGE_FOLDERS:
        st = (hub.exchange / COURSE_ID / sub).stat()
        assert st.st_uid == trainer.pw_uid, f"{sub or 'the course folder'} is the trainer's"
        assert oct(st.st_mode & 0o7777) == oct(mode), sub


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


def _answers(right: bool) -> dict[str, object]:
    """Each auto-graded question's answer as option keys (or a number as text)."""
    out: dict[str, object] = {}
    for item in trainer_bank().select(module="00_start_here", use="assessment"):
        if item.type == "single":
            out[item.id] = (
                item.answer if right else next(o.key for o in item.options if o.key != item.answer)
            )
        elif item.type == "multiple":
            out[item.id] = sorted(item.answer) if right else [item.options[0].key]
        elif item.type == "numeric":
            out[item.id] = f"{item.answer:.2f}" if right else "9.99"
        elif item.type == "text":
            out[item.id] = "The course is general teaching; I follow local policy and ask."
    return out


def _letters(order: list[str], value: object) -> str:
    """What a learner types for ``value``: the letters shown before the options (A, B, ...)."""
    keys = value if isinstance(value, list) else [value]
    return ", ".join(chr(ord("A") + order.index(k)) for k in keys)


def _answer_by_controls(kernel, questions: dict, answers: dict[str, object]) -> int:
    """Set each question's control as a click or typing in the box does (comm messages)."""
    done = 0
    for item_id, value in answers.items():
        n = questions[item_id]["n"]
        control = next(
            (
                cid
                for cid, st in kernel.widgets.items()
                if str(st.get("label", "")).startswith((f"Question {n}.", f"Question {n}:"))
            ),
            None,
        )
        assert control is not None, f"question {n} shows a control"
        kernel.set_state(control, value=value)
        done += 1
    return done


def _type_answers(nb: dict, questions: dict, orders: dict, answers: dict[str, object]) -> int:
    """Type each auto-graded answer into its answer cell (``answer_N = "B"``), as allowed."""
    filled = 0
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        item_id = grade_id.removesuffix("-answer")
        if cell["cell_type"] != "code" or not grade_id.endswith("-answer"):
            continue
        if item_id not in answers or questions[item_id]["type"] == "text":
            continue
        value = answers[item_id]
        kind = questions[item_id]["type"]
        typed = _letters(orders[item_id], value) if kind in ("single", "multiple") else value
        source = "".join(cell["source"])
        new = re.sub(
            r'(answer_\d+) = ""', lambda m, t=typed: f'{m.group(1)} = "{t}"', source, count=1
        )
        cell["source"] = new
        filled += new != source
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


@pytest.fixture(scope="module")
def released(cohort, hub) -> Path:
    """The trainer generated and released the quiz (as the trainer); their course folder."""
    course_dir = Path(pwd.getpwnam(TRAINER).pw_dir) / TRAINER_FOLDER
    assert (course_dir / "source" / QUIZ).is_dir(), "the trainer's course directory has the quiz"
    for step in (
        ["nbgrader", "generate_assignment", QUIZ, "--force"],
        ["nbgrader", "release_assignment", QUIZ, "--force"],
    ):
        done = as_user(TRAINER, hub, *step, cwd=course_dir)
        assert done.returncode == 0, done.stdout + done.stderr
    return course_dir


def _outputs(messages: list[dict], shown: dict[str, dict]) -> list[dict]:
    """The notebook outputs JupyterLab keeps for these iopub messages (display ids updated)."""
    outputs: list[dict] = []
    for msg in messages:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            outputs.append(
                {"output_type": "stream", "name": content["name"], "text": content["text"]}
            )
        elif kind in ("display_data", "execute_result"):
            out = {"output_type": kind, "data": content["data"], "metadata": content["metadata"]}
            if kind == "execute_result":
                out["execution_count"] = content.get("execution_count")
            outputs.append(out)
            display_id = content.get("transient", {}).get("display_id")
            if display_id:
                shown[display_id] = out
        elif kind == "update_display_data":
            out = shown.get(content.get("transient", {}).get("display_id"))
            if out is not None:
                out["data"], out["metadata"] = content["data"], content["metadata"]
    return outputs


def _type_run_and_save(client, learner: str, token: str, kernel, typed_nb: dict) -> None:
    """Run every cell of ``typed_nb`` (answers typed in) and save it with its outputs."""
    shown: dict[str, dict] = {}
    for cell in typed_nb["cells"]:
        if cell["cell_type"] == "code":
            got = kernel.execute("".join(cell["source"]), timeout=180)
            cell["outputs"] = _outputs(got, shown)
    path = f"/api/contents/{QUIZ}/{QUIZ}.ipynb"
    saved = client.server(
        learner,
        "PUT",
        path,
        token,
        json={"type": "notebook", "format": "json", "content": typed_nb},
    )
    assert saved.status_code == 200, saved.text


def _evidence(course_dir: Path, learner: str) -> str:
    """What was submitted (typed lines, saved answers), for a failure message."""
    folder = course_dir / "submitted" / learner / QUIZ
    nb = json.loads((folder / f"{QUIZ}.ipynb").read_text())
    typed = [
        line
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("answer_")
    ]
    saved = folder / f"{QUIZ}.answers.json"
    return f"typed: {typed}; answers file: {saved.read_text()[:1500] if saved.exists() else None}"


def test_quiz_round_trip_through_the_exchange(cohort, hub, released):
    """Learners answer by the controls (saved answers) or by typing; grades come back right."""
    client, tokens, _ = cohort
    course_dir = released
    right, wrong = _answers(True), _answers(False)
    expected, routes = {}, {}
    for n, learner in enumerate(LEARNERS):
        token = tokens[learner]
        listing = client.server(learner, "GET", f"/assignments?course_id={COURSE_ID}", token)
        assert listing.status_code == 200, listing.text
        released_quiz = [a for a in listing.json()["value"] if a["assignment_id"] == QUIZ]
        assert released_quiz and released_quiz[0]["status"] == "released"
        fetched = client.server(
            learner,
            "POST",
            "/assignments/fetch",
            token,
            json={"assignment_id": QUIZ, "course_id": COURSE_ID},
        )
        assert fetched.status_code == 200, fetched.text
        answers = right if n % 2 == 0 else wrong
        by_controls = n % 4 in (0, 1)
        kernel, cells = open_notebook(client, learner, token, f"{QUIZ}/{QUIZ}.ipynb")
        try:
            for code in cells:  # Run All, as the quiz asks
                kernel.execute(code, timeout=180)
            questions = kernel.value(
                "{k: {'n': v['n'], 'type': v['type']} for k, v in QUESTIONS.items()}"
            )
            assert set(answers) <= set(questions)
            if by_controls:  # click the options, type the number, as in the browser
                assert _answer_by_controls(kernel, questions, answers) == len(answers)
            else:  # type answer_N = "B" in each answer cell, run the cells, save the notebook
                orders = kernel.value("{i: quiz.order(i) for i in QUESTIONS}")
                path = f"/api/contents/{QUIZ}/{QUIZ}.ipynb"
                nb = client.server(learner, "GET", path, token).json()["content"]
                assert _type_answers(nb, questions, orders, answers) >= 3
                _type_run_and_save(client, learner, token, kernel, nb)
        finally:
            kernel.close()
        submitted = client.server(
            learner,
            "POST",
            "/assignments/submit",
            token,
            json={"assignment_id": QUIZ, "course_id": COURSE_ID},
        )
        assert submitted.status_code == 200, submitted.text
        assert submitted.json().get("success", True), submitted.text
        expected[learner] = n % 2 == 0
        routes[learner] = "controls" if by_controls else "typed"
    # collected through the exchange, graded by the course's grader (each notebook sandboxed,
    # marks from the saved and typed answers), as the trainer
    for step in (
        ["nbgrader", "collect", QUIZ],
        ["bonecourse", "quiz", "autograde", QUIZ, "--course", str(course_dir), "--no-progress"],
    ):
        done = as_user(TRAINER, hub, *step, cwd=course_dir)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(QUIZ)}
    max_auto = sum(
        i.points
        for i in trainer_bank().select(module="00_start_here", use="assessment")
        if i.type != "text"
    )
    assert set(scores) == set(LEARNERS), "every learner's grade is recorded"
    for learner, was_right in expected.items():
        evidence = (learner, routes[learner], _evidence(course_dir, learner), done.stdout[-2000:])
        if was_right:
            assert scores[learner] == pytest.approx(max_auto), evidence
        else:
            assert scores[learner] < max_auto, evidence
    assert set(routes.values()) == {"controls", "typed"}


def test_a_learner_cannot_create_replace_or_read_submissions(cohort, hub, released):
    """From a learner's account: the course's exchange folders are the trainer's."""
    attacker, victim = LEARNERS[0], LEARNERS[1]
    course = hub.exchange / COURSE_ID
    for learner in (attacker, victim):
        if not list((course / "inbound").glob(f"{learner}+{QUIZ}+*")):
            as_user(learner, hub, "nbgrader", "fetch_assignment", QUIZ)
            done = as_user(learner, hub, "nbgrader", "submit", QUIZ)
            assert done.returncode == 0, done.stdout + done.stderr
    for cmd in (
        ["mkdir", str(course / "outbound" / "fake_quiz")],
        ["touch", str(course / "outbound" / QUIZ / "extra.ipynb")],
        ["cp", "/etc/hostname", str(course / "outbound" / QUIZ / f"{QUIZ}.ipynb")],
        ["mv", str(course), str(hub.exchange / "moved")],
        ["rm", "-rf", str(course / "outbound")],
        ["ls", str(course / "inbound")],
        ["ls", str(course / "feedback")],
    ):
        done = as_user(attacker, hub, *cmd)
        assert done.returncode != 0, f"a learner could run {cmd}"
    assert (course / "outbound" / QUIZ / f"{QUIZ}.ipynb").stat().st_uid == pwd.getpwnam(
        TRAINER
    ).pw_uid
    inbound = course / "inbound"
    real = sorted(inbound.glob(f"{victim}+{QUIZ}+*"))
    assert real
    # even knowing the name, the victim's submission cannot be moved or deleted (sticky inbound)
    assert as_user(attacker, hub, "mv", str(real[0]), str(inbound / "x")).returncode != 0
    assert real[0].exists()
    # a newer submission forged in the victim's name is skipped by collect, and the trainer told
    forged = inbound / f"{victim}+{QUIZ}+2099-01-01 00:00:00.000000 UTC+forged"
    made = as_user(
        attacker,
        hub,
        "bash",
        "-c",
        f'mkdir "{forged}" && cp ~/{QUIZ}/{QUIZ}.ipynb "{forged}/" && '
        f'echo "2099-01-01 00:00:00.000000 UTC" > "{forged}/timestamp.txt"',
    )
    assert made.returncode == 0, made.stderr
    course_dir = released
    done = as_user(
        TRAINER, hub, "nbgrader", "collect", QUIZ, "--student", victim, "--update", cwd=course_dir
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "forged" in done.stdout + done.stderr and "Skipped" in done.stdout + done.stderr
    kept = course_dir / "submitted" / victim / QUIZ / "timestamp.txt"
    assert "2099" not in kept.read_text(), "the forged submission was not collected"


def test_keys_are_out_of_learners_reach(cohort, hub, released):
    """A learner's kernel and terminal read no key: bank, sources, gradebook, others' work."""
    client, tokens, _ = cohort
    learner, other = LEARNERS[2], LEARNERS[3]
    trainer_home = Path(pwd.getpwnam(TRAINER).pw_dir)
    course_dir = trainer_home / TRAINER_FOLDER
    st = course_dir.stat()
    assert st.st_uid == pwd.getpwnam(TRAINER).pw_uid and oct(st.st_mode & 0o777) == "0o700"
    assert (course_dir / "gradebook.db").exists(), "the quiz round trip made a gradebook"
    secret_files = [
        *sorted((course_root() / "quizzes").rglob("*.yml"))[:2],
        *sorted((course_root() / "quizzes" / "source").rglob("*.ipynb"))[:2],
        course_root() / ".git" / "config",
        *sorted((course_dir / "bank").glob("*.yml"))[:2],
        *sorted((course_dir / "source").rglob("*.ipynb"))[:2],
        course_dir / "gradebook.db",
        Path(pwd.getpwnam(other).pw_dir) / LEARNER_FOLDER / "00_start_here.ipynb",
    ]
    assert all(p.exists() for p in secret_files) and len(secret_files) >= 8
    # a terminal
    for path in secret_files:
        done = as_user(learner, hub, "cat", str(path))
        assert done.returncode != 0 and "Permission denied" in done.stderr, path
    # the kernel, directly and through a subprocess
    kernel, _ = open_notebook(
        client, learner, tokens[learner], f"{LEARNER_FOLDER}/00_start_here.ipynb"
    )
    try:
        paths = json.dumps([str(p) for p in secret_files])
        code = (
            "import subprocess\n"
            "def _try(p):\n"
            "    try:\n"
            "        open(p, 'rb').read(1)\n"
            "        return 'read'\n"
            "    except PermissionError:\n"
            "        return 'denied'\n"
            f"_paths = {paths}"
        )
        kernel.execute(code)
        assert set(kernel.value("[_try(p) for p in _paths]")) == {"denied"}
        assert kernel.value(
            "[subprocess.run(['cat', p], capture_output=True).returncode for p in _paths]"
        ) == [1] * len(secret_files)
        kernel.execute(
            "import course.questions.bank\n"
            "try:\n"
            "    _bank = course.questions.bank.trainer_bank()\n"
            "    _found = [i.id for i in _bank.select(use='assessment')]\n"
            "except Exception as exc:\n"
            "    _found = []\n"
        )
        assert kernel.value("_found") == []
        assert kernel.value("__import__('course.paths').paths.course_root().as_posix()") == str(
            hub.course_copy
        )
    finally:
        kernel.close()
    # nothing a learner can read holds an assessment item's id, key or source
    assessment = [i.id for i in trainer_bank().select(use="assessment")]
    assert assessment
    for path in hub.course_copy.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".yaml", ".ipynb", ".py", ".json", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [i for i in assessment if i in text]
            assert not found, f"{path} (readable by learners) names assessment items {found}"


def test_each_learner_has_a_memory_limit(cohort, hub):
    group = user_cgroup(LEARNERS[0])
    if group is None:
        pytest.skip("no writable memory cgroup here: the local spawner's limit is advisory")
    for name in LEARNERS:
        group = user_cgroup(name)
        limit_file = group / (
            "memory.limit_in_bytes" if (group / "memory.limit_in_bytes").exists() else "memory.max"
        )
        assert int(limit_file.read_text()) == 2**30, name
        in_group = set((group / "cgroup.procs").read_text().split())
        server = subprocess.run(
            ["pgrep", "-u", name, "-f", "jupyterhub-singleuser"], capture_output=True, text=True
        ).stdout.split()
        assert server and set(server) <= in_group, f"{name}'s server runs under its limit"


def test_learners_are_kept_apart(cohort, hub):
    client, tokens, _ = cohort
    a, b = LEARNERS[0], LEARNERS[1]
    # another learner's server, files and the trainer's formgrader are out of reach
    assert client.server(b, "GET", "/api/contents", tokens[a]).status_code in (302, 403, 404)
    assert client.server(TRAINER, "GET", "/formgrader", tokens[a]).status_code in (302, 403, 404)
    assert client.server(a, "GET", "/formgrader", tokens[a]).status_code == 404
    formgrader = client.server(TRAINER, "GET", "/formgrader", tokens[TRAINER])
    assert formgrader.status_code == 200 or "/formgrader/" in formgrader.headers["Location"]
    peek = as_user(a, hub, "cat", f"/home/{b}/{LEARNER_FOLDER}/00_start_here.ipynb")
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    inbound = hub.exchange / COURSE_ID / "inbound"
    if inbound.exists():
        listing = as_user(a, hub, "ls", str(inbound))
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
        remove_user(learner)


def test_down_stops_the_hub_and_every_server(hub, cohort):
    assert accepts(hub.port) and accepts(hub.port + 2), "the hub listens before down"
    down(hub)
    for name in [TRAINER, *LEARNERS]:
        left = subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout
        assert not left.strip(), f"{name} still has processes: {left}"
    assert not hub.pid_file.exists()
    # what matters: nothing answers any more (proxy, proxy API, hub, live view), and the hub
    # could start again on its port (it binds with SO_REUSEADDR, so TIME_WAIT does not block)
    for port in range(hub.port, hub.port + 4):
        assert not accepts(port), f"something still accepts connections on {port}"
    assert bindable(hub.port)
