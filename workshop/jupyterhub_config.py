"""JupyterHub configuration for a Bone Secondaries workshop on one machine.

Started by ``bonecourse workshop up`` (which sets the BONECOURSE_WORKSHOP_* variables); see the
README's "Running a workshop on JupyterHub". Learners sign up and a trainer approves them
(NativeAuthenticator, no outside service); each learner is a separate system user; quizzes go
through nbgrader's exchange folder.
"""

import os
import sys
from pathlib import Path

import nativeauthenticator

from course.workshop import COURSE_ID, WorkshopSettings, prepare_user, proxy_command

c = get_config()  # noqa: F821
settings = WorkshopSettings.from_env()

# -- network: the hub listens where the trainer says (loopback unless told otherwise) ----------
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.port + 2
c.ConfigurableHTTPProxy.command = [str(proxy_command())]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.port + 1}"

# -- state ---------------------------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server
c.JupyterHub.cleanup_proxy = True

# -- who may log in: sign-up, approved by a trainer -----------------------------------------------
c.JupyterHub.authenticator_class = "native"
c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
c.NativeAuthenticator.open_signup = False  # a trainer approves each sign-up at /hub/authorize
c.NativeAuthenticator.minimum_password_length = 8
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 10
c.NativeAuthenticator.seconds_before_next_try = 60
c.Authenticator.admin_users = set(settings.trainers)
c.Authenticator.allow_all = True  # every approved user; unapproved sign-ups cannot log in

# -- the workshop's own admin service (used by `bonecourse workshop` and the tests) -----------
c.JupyterHub.services = [
    {"name": "workshop-admin", "api_token": os.environ["BONECOURSE_WORKSHOP_ADMIN_TOKEN"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "workshop-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["workshop-admin"],
    },
]

# -- each learner's server: their own system user, the course's runtime environment -----------
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(settings.venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/bone-secondaries/00_start_here.ipynb"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL"]
c.Spawner.args = ["--ServerApp.terminals_enabled=True"]


def _prepare(spawner):
    """Create the learner's system user and home content; give their server its settings."""
    env = prepare_user(spawner.user.name, settings)
    spawner.environment.update(env)
    spawner.environment["PATH"] = f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"
    spawner.environment["NBGRADER_COURSE_ID"] = COURSE_ID


c.Spawner.pre_spawn_hook = _prepare
c.JupyterHub.log_level = os.environ.get("BONECOURSE_WORKSHOP_LOG_LEVEL", "INFO")
sys.stdout.flush()
