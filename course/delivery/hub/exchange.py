"""The course's nbgrader exchange on the workshop hub: owned by the trainer, checked on collect.

nbgrader's folder exchange trusts the file system: whoever creates the course's folder owns the
course, and ``collect`` takes the newest ``<learner>+<quiz>+<time>+<random>`` entry in
``inbound/`` whoever wrote it. :func:`ensure_exchange` creates every folder, owned by the
trainer with the modes below, before any learner logs in; :class:`OwnerCheckedCollect` (set as
nbgrader's ``ExchangeFactory.collect``) skips, and names, any submission not written entirely by
the learner it claims to be from.
"""

from __future__ import annotations

import os
import pwd
import time
from pathlib import Path
from typing import TYPE_CHECKING

from nbgrader.exchange.default.collect import ExchangeCollect

from course.delivery.hub.users import COURSE_ID, ensure_system_user

if TYPE_CHECKING:
    from course.delivery.hub.setup import WorkshopSettings

#: the course's exchange folders: (path under exchange/<course>, mode), owned by the trainer.
#: inbound: learners may add a submission (w, x) but not list (no r); sticky, so nobody but
#: its owner and the trainer can rename or delete an entry. nbgrader never changes the mode of
#: a folder that exists, and checks only that the trainer owns it.
EXCHANGE_FOLDERS = (("", 0o755), ("outbound", 0o755), ("inbound", 0o3733), ("feedback", 0o711))


def ensure_exchange(settings: WorkshopSettings) -> list[Path]:
    """Create the exchange and the course's folders, owned by the first trainer, before any login.

    The exchange root is root's, sticky and writable by all (nbgrader checks it is writable), so
    a learner can never remove or rename the course's folder. A course folder that someone else
    created (a learner before the set-up) is moved aside and recreated; returns what was moved.
    """
    owner = ensure_system_user(settings.trainers[0])
    settings.exchange.mkdir(parents=True, exist_ok=True)
    os.chown(settings.exchange, 0, 0)
    settings.exchange.chmod(0o1777)
    course = settings.exchange / COURSE_ID
    moved = []
    for sub, mode in EXCHANGE_FOLDERS:
        path = course / sub if sub else course
        if path.is_symlink() or (path.exists() and path.lstat().st_uid != owner.pw_uid):
            stamp = f"{sub or 'course'}-{time.time_ns()}"
            aside = settings.exchange / f".not-the-trainers-{COURSE_ID}-{stamp}"
            os.rename(path, aside)
            os.chown(aside, 0, 0)
            aside.chmod(0o700)
            moved.append(aside)
            print(f"warning: {path} was not created by the trainer; moved aside to {aside}")
        path.mkdir(exist_ok=True)
        os.chown(path, owner.pw_uid, owner.pw_gid)
        path.chmod(mode)
    return moved


def written_by(path: Path, username: str) -> bool:
    """Whether the submission folder ``path`` and everything in it belong to ``username``."""
    try:
        uid = pwd.getpwnam(username).pw_uid
    except KeyError:
        return False
    if path.is_symlink() or path.lstat().st_uid != uid:
        return False
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            entry = Path(dirpath) / name
            if entry.is_symlink() or entry.lstat().st_uid != uid:
                return False
    return True


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, taking for each learner their newest submission that they wrote.

    A submission named for one learner but created (or changed) by another account is skipped
    and named in a warning, so nobody can replace another learner's work in ``inbound/``.
    """

    def init_src(self) -> None:
        """Keep, per learner, their newest submission written by their own account."""
        super().init_src()
        inbound = Path(self.inbound_path)
        trusted = []
        for record in self.src_records:
            username = record["username"]
            candidates = self._sort_by_timestamp(
                [
                    self._path_to_record(str(p))
                    for p in inbound.glob(f"{username}+{self.coursedir.assignment_id}+*")
                ]
            )
            for candidate in candidates:
                if written_by(inbound / candidate["filename"], username):
                    trusted.append(candidate)
                    break
                self.log.warning(
                    "Skipped %s: it is named for %s but was not written (entirely) by that "
                    "account, so it may be someone else's. Look at it before deleting it.",
                    candidate["filename"],
                    username,
                )
        self.src_records = trusted
