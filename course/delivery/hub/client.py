"""Talk to a workshop hub as its users do: the REST API, and kernels and widgets over websockets.

- :class:`HubClient`: the hub's REST API with the workshop admin service's token.
- :class:`KernelSession`: one learner's kernel through their server's websocket: run code, keep
  the widgets the kernel opens, and send the comm messages a slider, a choice or a button sends
  from the browser (measuring the round trip until the kernel is idle again).

Every wait here is bounded in time.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.delivery.hub.setup import WorkshopSettings


class HubClient:
    """Talk to the workshop hub's REST API with a token (the admin service's, by default)."""

    def __init__(self, settings: WorkshopSettings, token: str | None = None):
        import requests

        self.settings = settings
        self.token = token or settings.admin_token()
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {self.token}"

    def api(self, method: str, path: str, **kwargs):
        """A request to ``/hub/api<path>``; returns the response (never raises on status)."""
        return self.session.request(
            method, f"{self.settings.url}/hub/api{path}", timeout=60, **kwargs
        )

    def server(self, user: str, method: str, path: str, token: str, **kwargs):
        """A request to ``user``'s own server (``/user/<user><path>``) with ``token``."""
        import requests

        return requests.request(
            method,
            f"{self.settings.url}/user/{user}{path}",
            timeout=kwargs.pop("timeout", 120),
            headers={"Authorization": f"token {token}"},
            allow_redirects=False,
            **kwargs,
        )

    def create_users(self, names: list[str], admin: bool = False) -> None:
        """Create the hub users among ``names`` that do not exist yet."""
        existing = {u["name"] for u in self.api("GET", "/users").json()}
        new = [n for n in names if n not in existing]
        if new:
            resp = self.api("POST", "/users", json={"usernames": new, "admin": admin})
            resp.raise_for_status()

    def start_server(self, name: str) -> float:
        """Ask the hub to start ``name``'s server; return the time it took to be ready (s)."""
        start = time.monotonic()
        resp = self.api("POST", f"/users/{name}/server")
        if resp.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"could not start {name}'s server: {resp.status_code} {resp.text}")
        self.wait_ready(name)
        return time.monotonic() - start

    def server_model(self, name: str) -> dict | None:
        """The hub's model of ``name``'s default server, or None when it is not running."""
        model = self.api("GET", f"/users/{name}").json()
        return (model.get("servers") or {}).get("")

    def wait_ready(self, name: str, timeout: float = 240) -> None:
        """Wait (bounded) until ``name``'s server is ready; raise if it stops or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not model.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting; see the hub log")
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready within {timeout:.0f} s")

    def stop_server(self, name: str) -> None:
        """Ask the hub to stop ``name``'s server (returns at once)."""
        self.api("DELETE", f"/users/{name}/server")

    def user_token(self, name: str, scopes: list[str] | None = None) -> str:
        """A new API token for ``name`` (the user's own permissions unless ``scopes`` given)."""
        body: dict[str, Any] = {"expires_in": 7200, "note": "workshop test"}
        if scopes is not None:
            body["scopes"] = scopes
        resp = self.api("POST", f"/users/{name}/tokens", json=body)
        resp.raise_for_status()
        return resp.json()["token"]


# -- a learner's kernel over the websocket ------------------------------------------------------
class KernelError(RuntimeError):
    """The kernel answered with an error, or did not answer in time."""


class KernelSession:
    """One kernel of ``user``'s server, driven through ``/api/kernels/<id>/channels``.

    Parameters
    ----------
    settings
        The workshop (its URL).
    user, token
        Whose server, and a token with access to it.
    kernel_id
        A running kernel of that server.
    """

    def __init__(self, settings: WorkshopSettings, user: str, token: str, kernel_id: str):
        import websocket

        self.session_id = uuid.uuid4().hex
        url = settings.url.replace("http://", "ws://", 1)
        self.ws = websocket.create_connection(
            f"{url}/user/{user}/api/kernels/{kernel_id}/channels?session_id={self.session_id}",
            header=[f"Authorization: token {token}"],
            timeout=60,
        )
        self.user = user
        self.widgets: dict[str, dict] = {}  # comm id -> the widget's latest state

    def close(self) -> None:
        """Close the websocket (the kernel keeps running)."""
        self.ws.close()

    def _send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": self.user,
                        "session": self.session_id,
                        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def _note_widget(self, msg: dict) -> None:
        content = msg.get("content", {})
        if msg["msg_type"] == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif msg["msg_type"] == "comm_msg" and content.get("comm_id") in self.widgets:
            data = content.get("data", {})
            if data.get("method") == "update":
                self.widgets[content["comm_id"]].update(data.get("state", {}))
        elif msg["msg_type"] == "comm_close":
            self.widgets.pop(content.get("comm_id"), None)

    def _wait_idle(self, msg_id: str, timeout: float, want_reply: bool) -> tuple[list[dict], dict]:
        """Messages answering ``msg_id`` until the kernel is idle (and replied); bounded."""
        deadline = time.monotonic() + timeout
        got: list[dict] = []
        reply: dict = {}
        idle = False
        while time.monotonic() < deadline and not (idle and (reply or not want_reply)):
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except Exception as exc:  # websocket timeout or closed
                raise KernelError(f"{self.user}: no answer from the kernel: {exc}") from exc
            self._note_widget(msg)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            elif msg["channel"] == "shell":
                reply = msg["content"]
        if not (idle and (reply or not want_reply)):
            raise KernelError(f"{self.user}: the kernel did not finish within {timeout:.0f} s")
        return got, reply

    def execute(self, code: str, timeout: float = 120) -> list[dict]:
        """Run ``code``; the iopub messages it caused; :class:`KernelError` on an error."""
        msg_id = self._send(
            "shell",
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        got, reply = self._wait_idle(msg_id, timeout, want_reply=True)
        if reply.get("status") != "ok":
            raise KernelError(
                f"{self.user}: {reply.get('ename')}: {reply.get('evalue')} in {code[:80]!r}"
            )
        return got

    def value(self, expression: str, timeout: float = 60) -> Any:
        """The JSON value of ``expression`` evaluated in the kernel."""
        got = self.execute(f"import json as _j; print(_j.dumps({expression}))", timeout)
        text = "".join(
            m["content"]["text"]
            for m in got
            if m["msg_type"] == "stream" and m["content"].get("name") == "stdout"
        )
        return json.loads(text)

    def comm(self, comm_id: str, data: dict, timeout: float = 60) -> tuple[float, int]:
        """Send a widget message as the browser does; (round trip in s, messages it caused)."""
        start = time.monotonic()
        msg_id = self._send("shell", "comm_msg", {"comm_id": comm_id, "data": data})
        got, _ = self._wait_idle(msg_id, timeout, want_reply=False)
        return time.monotonic() - start, sum(m["msg_type"] != "status" for m in got)

    def set_state(self, comm_id: str, **state: Any) -> tuple[float, int]:
        """Change a control's value (a slider moved, an option chosen)."""
        self.widgets.get(comm_id, {}).update(state)
        return self.comm(comm_id, {"method": "update", "state": state, "buffer_paths": []})

    def click(self, comm_id: str) -> tuple[float, int]:
        """Press a button."""
        return self.comm(comm_id, {"method": "custom", "content": {"event": "click"}})

    # -- finding widgets -------------------------------------------------------------------
    def find(self, model: str, **match: Any) -> list[str]:
        """Comm ids of widgets of ``model`` (e.g. ``"FloatSliderModel"``) matching ``match``."""
        return [
            cid
            for cid, st in self.widgets.items()
            if st.get("_model_name") == model and all(st.get(k) == v for k, v in match.items())
        ]

    def descendants(self, comm_id: str) -> list[str]:
        """Every widget inside the box ``comm_id`` (depth first, bounded by the widget count)."""
        out: list[str] = []
        todo = [comm_id]
        while todo and len(out) <= len(self.widgets):
            cid = todo.pop(0)
            for child in self.widgets.get(cid, {}).get("children", []):
                ref = str(child).removeprefix("IPY_MODEL_")
                if ref in self.widgets and ref not in out:
                    out.append(ref)
                    todo.append(ref)
        return out

    def self_checks(self) -> list[str]:
        """Comm ids of the self-check boxes (CSS class ``bc-check``) shown so far."""
        return [
            cid
            for cid, st in self.widgets.items()
            if "bc-check" in st.get("_dom_classes", []) and st.get("children")
        ]

    def _choices(self, comm_id: str) -> list[tuple[str, str]]:
        """(value to send, label) of a choice control: the course's own or ipywidgets' radios."""
        st = self.widgets.get(comm_id, {})
        if st.get("_model_name") == "RadioButtonsModel":
            return [(str(i), label) for i, label in enumerate(st.get("_options_labels", []))]
        options = st.get("options")
        if isinstance(options, list) and all(isinstance(o, list) and len(o) == 2 for o in options):
            return [(str(k), str(label)) for k, label in options]
        return []

    def _choose(self, comm_id: str, value: str) -> tuple[float, int]:
        if self.widgets[comm_id].get("_model_name") == "RadioButtonsModel":
            return self.set_state(comm_id, index=int(value))
        return self.set_state(comm_id, value=value)

    def answer_self_check(
        self, box: str, option_text: str, confidence: str | None
    ) -> tuple[float, int] | None:
        """Choose the option labelled ``option_text`` in a single-choice self-check, press Check.

        Returns the Check button's round trip, or None when the box is not a self-check
        offering that option.
        """
        from course.questions.marking import CONFIDENCE_LEVELS

        inside = self.descendants(box)
        choice = sure = check = None
        for c in inside:
            labels = [label for _, label in self._choices(c)]
            if tuple(labels) == CONFIDENCE_LEVELS:
                sure = c
            elif option_text in labels:
                choice = c
            elif (
                self.widgets[c].get("_model_name") == "ButtonModel"
                and self.widgets[c].get("description") == "Check"
            ):
                check = c
        if choice is None or check is None:
            return None
        value = next(v for v, label in self._choices(choice) if label == option_text)
        self._choose(choice, value)
        if confidence is not None and sure is not None:
            sure_value = next(v for v, label in self._choices(sure) if label == confidence)
            self._choose(sure, sure_value)
        return self.click(check)

    def sliders(self) -> list[str]:
        """Comm ids of the enabled sliders (ipywidgets' or the course's own)."""
        return [
            cid
            for cid, st in self.widgets.items()
            if not st.get("disabled")
            and isinstance(st.get("value"), int | float)
            and isinstance(st.get("min"), int | float)
            and isinstance(st.get("max"), int | float)
            and st.get("max") > st.get("min")
        ]


def open_notebook(
    client: HubClient, user: str, token: str, path: str
) -> tuple[KernelSession, list[str]]:
    """Open ``path`` as JupyterLab does (a session starts its kernel); kernel and code cells."""
    model = client.server(user, "GET", f"/api/contents/{path}", token)
    model.raise_for_status()
    cells = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in model.json()["content"]["cells"]
        if c["cell_type"] == "code"
    ]
    resp = client.server(
        user,
        "POST",
        "/api/sessions",
        token,
        json={
            "path": path,
            "name": path.rsplit("/", 1)[-1],
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
    )
    resp.raise_for_status()
    kernel_id = resp.json()["kernel"]["id"]
    return KernelSession(client.settings, user, token, kernel_id), cells
