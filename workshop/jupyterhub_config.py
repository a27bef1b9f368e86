"""JupyterHub configuration for a Bone Secondaries workshop on one machine.

Started by ``bonecourse workshop up`` (which sets the BONECOURSE_WORKSHOP_* variables); see the
README's "Running a workshop on JupyterHub". Learners sign up and a trainer approves them
(NativeAuthenticator, no outside service); each learner is a separate system user; quizzes go
through nbgrader's exchange folder. Two hub services run beside it: ``idle-culler``
(jupyterhub-idle-culler stops servers left idle) and ``room`` (the trainers' live view,
``course.delivery.hub.liveview``). Workshop times and limits come from BONECOURSE_WORKSHOP_*
variables
(see ``docs/workshop.md``).
"""

import os
import pwd
import sys
from pathlib import Path

import nativeauthenticator

from course.delivery.hub.setup import COURSE_ID, WorkshopSettings, prepare_user, proxy_command
from course.paths import course_root

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

# -- a day-long workshop: idle kernels and servers are stopped, progress files stay ------------
env = os.environ
KERNEL_IDLE = int(env.get("BONECOURSE_WORKSHOP_KERNEL_IDLE", "1200"))  # s: a kernel left alone
SERVER_IDLE = int(env.get("BONECOURSE_WORKSHOP_SERVER_IDLE", "2700"))  # s: a tab left all day
CULL_EVERY = int(env.get("BONECOURSE_WORKSHOP_CULL_EVERY", "120"))
ACTIVITY_EVERY = int(env.get("BONECOURSE_WORKSHOP_ACTIVITY_EVERY", "60"))
SERVER_PORTS = int(env.get("BONECOURSE_WORKSHOP_SERVER_PORTS", "20000"))  # + uid % 10000
c.JupyterHub.last_activity_interval = ACTIVITY_EVERY

# -- services: the workshop's admin (used by `bonecourse workshop` and the tests), the idle
#    culler, and the trainers' live view of the room -----------------------------------------
c.JupyterHub.services = [
    {"name": "workshop-admin", "api_token": env["BONECOURSE_WORKSHOP_ADMIN_TOKEN"]},
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={SERVER_IDLE}",
            f"--cull-every={CULL_EVERY}",
            "--remove-named-servers=false",
        ],
    },
    {
        "name": "room",
        "url": f"http://127.0.0.1:{settings.port + 3}",
        "command": [sys.executable, "-m", "course.delivery.hub.liveview"],
        "environment": {
            "BONECOURSE_WORKSHOP_TRAINERS": ",".join(settings.trainers),
            "BONECOURSE_ROOT": str(course_root()),  # the trainer's checkout: the whole bank
            "PATH": env.get("PATH", "/usr/bin:/bin"),
        },
        "oauth_no_confirm": True,
        "display": True,
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "workshop-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["workshop-admin"],
    },
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    # the live view may only list user names; it reads answers from the learners' files
    {"name": "room", "scopes": ["list:users", "read:users:name"], "services": ["room"]},
    # only trainers may open it (learners' tokens and logins get 403)
    {
        "name": "room-viewers",
        "scopes": ["access:services!service=room"],
        "users": list(settings.trainers),
    },
]

# -- each learner's server: their own system user, the course's runtime environment -----------
c.JupyterHub.spawner_class = "course.delivery.hub.limits.LimitedLocalProcessSpawner"
c.Spawner.mem_limit = env.get("BONECOURSE_WORKSHOP_MEM_LIMIT", "1G")  # server and its kernels
c.Spawner.cmd = [str(settings.venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/bone-secondaries/00_start_here.ipynb"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL"]
c.Spawner.args = [
    "--ServerApp.terminals_enabled=True",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE}",
    f"--MappingKernelManager.cull_interval={max(10, min(300, KERNEL_IDLE // 4))}",
    "--MappingKernelManager.cull_connected=True",  # a forgotten tab keeps its connection open
    # kernels talk over Unix sockets in the learner's private runtime folder: no TCP ports, so
    # thirty kernels starting at once cannot collide on a port (seen: "Address already in use")
    "--KernelManager.transport=ipc",
]


def _prepare(spawner):
    """Create the learner's system user and home content; give their server its settings."""
    env = prepare_user(spawner.user.name, settings)
    spawner.environment.update(env)
    spawner.environment["PATH"] = f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"
    spawner.environment["NBGRADER_COURSE_ID"] = COURSE_ID
    spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(ACTIVITY_EVERY)
    # a fixed port per learner, below Linux's ephemeral range (32768-60999): a random port
    # could be taken by another process before the server binds it (seen with 30 at once)
    spawner.port = SERVER_PORTS + pwd.getpwnam(spawner.user.name).pw_uid % 10000


c.Spawner.pre_spawn_hook = _prepare
c.JupyterHub.log_level = os.environ.get("BONECOURSE_WORKSHOP_LOG_LEVEL", "INFO")
sys.stdout.flush()
