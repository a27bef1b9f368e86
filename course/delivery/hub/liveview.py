"""The trainer's live view of the room: a JupyterHub service only trainers can open.

During a class the hub runs this as a managed service (``/services/room/``). Its page shows, for
the module the group is on, how many learners have answered each self-check, the spread of the
options they chose first (with the misconception each wrong option signals), and who answered a
red-flag item wrongly while sure of themselves: anonymous by default (``?names=1`` shows user
names), refreshed every few seconds.

Built on the hub's machinery: the hub starts it with a token that may only list user names;
JupyterHub's OAuth lets in only users granted ``access:services!service=room`` (the trainers);
learners get 403. Learners' answers stay in their own progress files, in homes only they can
open: the service (run by the hub as root) copies each file to a private folder and reads the
copy, so a learner's file is never locked, changed or made readable to anyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pwd
import secrets
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from course.delivery.hub.users import PROGRESS
from course.learner.store import Attempt, ProgressStore
from course.palette import GREYS
from course.questions.bank import Bank

SERVICE_NAME = "room"
CONFIDENT = ("sure", "fairly sure")  # a wrong answer given with these is "confidently wrong"
REFRESH_SECONDS = 10


def read_attempts(progress: Path) -> list[Attempt]:
    """Every attempt in a learner's progress file, read from a private copy (none if no file)."""
    if not progress.exists():
        return []
    with tempfile.TemporaryDirectory(prefix="bonecourse-room-") as tmp:
        copy = Path(tmp) / "progress.sqlite"
        shutil.copy2(progress, copy)
        wal = Path(str(progress) + "-wal")
        if wal.exists():  # answers not yet checkpointed into the main file
            shutil.copy2(wal, Path(str(copy) + "-wal"))
        return ProgressStore(copy).attempts()


def pseudonym(name: str, key: bytes) -> str:
    """A stable label for a learner that does not reveal their name."""
    return "learner " + hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:5]


def current_module(attempts: dict[str, list[Attempt]]) -> str | None:
    """The module of the most recent answer in the room."""
    latest = max((a for rows in attempts.values() for a in rows), key=lambda a: a.ts, default=None)
    return latest.module if latest else None


def room_summary(
    bank: Bank,
    module: str,
    attempts: dict[str, list[Attempt]],
    label: Any = None,
) -> dict:
    """What the room answered in ``module``: per self-check, counts, spread and confident errors.

    Parameters
    ----------
    bank
        The course's bank (the practice items are the self-checks).
    module
        Module id, e.g. ``"01_bone_biology"``.
    attempts
        Each learner's attempts (learner name -> attempts, oldest first).
    label
        A function from learner name to what the page shows (default: the name).

    Returns
    -------
    dict
        ``{"module", "learners", "items": [{"id", "stem", "red_flag", "answered", "options":
        [{"key", "text", "count", "correct", "misconception"}], "confidently_wrong": [...]}]}``;
        the spread counts each learner's first answer (what they thought before feedback).
    """
    label = label or (lambda n: n)
    items = []
    for item in bank.select(module=module, use="practice"):
        first: dict[str, Attempt] = {}
        for learner, rows in attempts.items():
            for a in rows:
                if a.item_id == item.id and learner not in first:
                    first[learner] = a
        chosen: Counter[str] = Counter()
        for a in first.values():
            keys = a.answer if isinstance(a.answer, list) else [a.answer]
            chosen.update(str(k) for k in keys if k is not None)
        answer = set(item.answer) if isinstance(item.answer, list | tuple) else {item.answer}
        options = [
            {
                "key": o.key,
                "text": o.text,
                "count": chosen.get(o.key, 0),
                "correct": o.key in answer,
                "misconception": o.misconception,
            }
            for o in item.options
        ]
        wrong_sure = [
            {"learner": label(n), "answer": a.answer, "confidence": a.confidence}
            for n, a in sorted(first.items())
            if item.red_flag and a.correct is False and a.confidence in CONFIDENT
        ]
        items.append(
            {
                "id": item.id,
                "stem": item.stem,
                "red_flag": item.red_flag,
                "answered": len(first),
                "right_first_time": sum(a.correct is True for a in first.values()),
                "options": options,
                "confidently_wrong": wrong_sure,
            }
        )
    return {"module": module, "learners": len(attempts), "items": items}


def render(summary: dict, modules: list[str], names: bool) -> str:
    """The page a trainer sees (plain HTML that refreshes itself; ``templates/room.html``)."""
    from course.widgets.kit import render as render_template

    return render_template(
        "room.html",
        summary=summary,
        modules=modules,
        names=names,
        refresh=REFRESH_SECONDS,
        border=GREYS["grey"],
    )


class Room:
    """Reads the room: the learners (from the hub) and their answers (from their files)."""

    def __init__(self, api_url: str, token: str, trainers: set[str]):
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.trainers = trainers
        self.key = secrets.token_bytes(16)
        self._cache: tuple[float, dict[str, list[Attempt]]] = (0.0, {})

    def learners(self) -> list[str]:
        """User names of the learners (every hub user but the trainers)."""
        import requests

        resp = requests.get(
            f"{self.api_url}/users",
            headers={"Authorization": f"token {self.token}"},
            timeout=30,
        )
        resp.raise_for_status()
        return sorted(u["name"] for u in resp.json() if u["name"] not in self.trainers)

    def attempts(self) -> dict[str, list[Attempt]]:
        """Each learner's attempts (read at most every 2 s)."""
        if time.monotonic() - self._cache[0] < 2:
            return self._cache[1]
        out: dict[str, list[Attempt]] = {}
        for name in self.learners():
            try:
                home = Path(pwd.getpwnam(name).pw_dir)
            except KeyError:  # signed up, no server started yet
                continue
            out[name] = read_attempts(home / PROGRESS)
        self._cache = (time.monotonic(), out)
        return out


def make_app(room: Room, prefix: str):  # pragma: no cover - exercised by the hub test
    """The tornado application (HubOAuth: only users with access to this service get in)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    from course.questions.bank import default_bank

    class Page(HubOAuthenticated, web.RequestHandler):
        def summary(self) -> tuple[dict, list[str], bool]:
            attempts = room.attempts()
            names = self.get_argument("names", "0") == "1"
            module = self.get_argument("module", None) or current_module(attempts) or ""
            label = (lambda n: n) if names else (lambda n: pseudonym(n, room.key))
            bank = default_bank()
            modules = sorted({i.module for i in bank.select(use="practice")})
            return room_summary(bank, module, attempts, label), modules, names

        @web.authenticated
        def get(self, kind: str = "") -> None:
            summary, modules, names = self.summary()
            self.set_header("Cache-Control", "no-store")
            if kind == "api/summary":
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps(summary))
            else:
                self.finish(render(summary, modules, names))

    return web.Application(
        [
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
            (url_path_join(prefix, r"(api/summary)?"), Page),
        ],
        cookie_secret=secrets.token_bytes(32),
    )


def main() -> None:  # pragma: no cover - run by the hub as a managed service
    """Serve the room on the address the hub gave this service."""
    from urllib.parse import urlparse

    from tornado.ioloop import IOLoop

    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    room = Room(
        os.environ["JUPYTERHUB_API_URL"],
        os.environ["JUPYTERHUB_API_TOKEN"],
        set(filter(None, os.environ.get("BONECOURSE_WORKSHOP_TRAINERS", "").split(","))),
    )
    app = make_app(room, os.environ["JUPYTERHUB_SERVICE_PREFIX"])
    app.listen(url.port, url.hostname)
    IOLoop.current().start()


if __name__ == "__main__":
    main()
