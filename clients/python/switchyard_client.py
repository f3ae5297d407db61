"""A Switchyard client in Python, written from the protocol document alone
(docs/asyncapi.json, docs/protocol-reference.md, docs/protocol.md).

Needs python-socketio 5 with websocket-client, and requests (Debian:
``apt-get install python3-socketio python3-websocket python3-requests``).

Example::

    client = SwitchyardClient("http://127.0.0.1:3000")
    chat = client.connect("/chat")
    chat.on("chat.message", print)
    chat.request("room.join", {"room": "lobby", "displayName": "py"})
    chat.request("message.send", {"room": "lobby", "body": "hello"})
"""

import threading
import urllib.parse

import requests
import socketio


class SwitchyardError(Exception):
    """An ack's ``{ok: false, error}``: ``code`` is one of the protocol's error codes."""

    def __init__(self, code, message, retry_after_ms=None, issues=()):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retry_after_ms = retry_after_ms
        self.issues = list(issues)


class SwitchyardClient:
    """One client of an interface server: one reply channel, kept across
    reconnects, shared by its namespace connections; ``cookie`` is a user's
    session cookie (``sy_session=…``), or None for an anonymous visitor."""

    def __init__(self, url, cookie=None, timeout=10.0):
        self.url = url.rstrip("/")
        self.cookie = cookie
        self.timeout = timeout
        self.reply_token = None
        self.reply_channel = None

    def connect(self, namespace="/"):
        """Opens a namespace; returns once the server assigned the reply channel."""
        connection = Connection(self, namespace)
        connection.open()
        return connection

    def upload_csv(self, data, name="data.csv"):
        """``POST /api/jobs/bigdata``: a CSV (bytes) for the bigdata.process
        channel; progress and the outcome arrive on the reply channel. A
        non-browser client sends no Origin and no cookie, and names its reply
        channel with ``x-reply-token``. Returns the job id."""
        response = requests.post(
            f"{self.url}/api/jobs/bigdata?name={urllib.parse.quote(name)}",
            data=data,
            headers={"x-reply-token": self.reply_token, "content-type": "text/csv"},
            timeout=self.timeout,
        )
        return _json_or_raise(response)["jobId"]

    def download_result(self, job_id):
        """``GET /api/jobs/{jobId}/result``: a result too large for a message."""
        response = requests.get(
            f"{self.url}/api/jobs/{urllib.parse.quote(job_id)}/result",
            headers={"x-reply-token": self.reply_token},
            timeout=self.timeout,
        )
        return _json_or_raise(response)


class Connection:
    """A connection to one namespace. Group events go to ``on`` handlers;
    reply-channel messages (``reply.message``) are numbered per namespace,
    replayed after a reconnect from ``last_seq``, and delivered to ``on``
    handlers once each, in order, with ``replayed`` telling which came in
    the replay before ``reply.assigned``."""

    def __init__(self, client, namespace):
        self.client = client
        self.namespace = namespace
        self.last_seq = 0
        self.epoch = ""
        self.handlers = {}
        self.replayed = []
        self._assigned = threading.Event()
        self._replaying = True
        self._socket = None

    def on(self, event, handler):
        """Calls ``handler(payload)`` for every ``event`` (group or reply channel)."""
        self.handlers.setdefault(event, []).append(handler)

    def open(self):
        self._assigned.clear()
        self._replaying = True
        self._socket = socketio.Client(reconnection=False)
        namespace = self.namespace
        self._socket.on("reply.assigned", self._on_assigned, namespace=namespace)
        self._socket.on("reply.reset", self._on_reset, namespace=namespace)
        self._socket.on("reply.message", self._on_reply, namespace=namespace)
        self._socket.on("*", self._on_event, namespace=namespace)
        auth = {}
        if self.client.reply_token:
            auth = {"reply": self.client.reply_token, "lastSeq": self.last_seq, "epoch": self.epoch}
        headers = {"Cookie": self.client.cookie} if self.client.cookie else {}
        self._socket.connect(
            self.client.url,
            namespaces=[namespace],
            transports=["websocket"],
            auth=auth,
            headers=headers,
            wait_timeout=self.client.timeout,
        )
        if not self._assigned.wait(self.client.timeout):
            raise TimeoutError(f"no reply.assigned on {namespace}")

    def close(self):
        if self._socket is not None:
            self._socket.disconnect()

    def reconnect(self):
        """Closes and opens again with the reply token and ``last_seq``: what
        was sent to the reply channel meanwhile is replayed first."""
        self.close()
        self.replayed = []
        self.open()

    def request(self, event, payload=None):
        """Sends a client event and returns its ack's ``data``; raises SwitchyardError on ``{ok: false}``."""
        ack = self._socket.call(event, payload if payload is not None else {}, namespace=self.namespace, timeout=self.client.timeout)
        if not ack.get("ok"):
            error = ack.get("error", {})
            raise SwitchyardError(error.get("code"), error.get("message"), error.get("retryAfterMs"), error.get("issues", ()))
        return ack.get("data")

    def _on_assigned(self, data):
        self.client.reply_token = data["token"]
        self.client.reply_channel = data["replyChannel"]
        if data.get("epoch"):
            self.epoch = data["epoch"]
        self._replaying = False
        self._assigned.set()

    def _on_reset(self, data):
        self.epoch = data["epoch"]
        self.last_seq = 0

    def _on_reply(self, message):
        epoch = message.get("epoch")
        if epoch and epoch != self.epoch:
            self.epoch = epoch
            self.last_seq = 0
        if message["seq"] <= self.last_seq:
            return
        self.last_seq = message["seq"]
        if self._replaying:
            self.replayed.append(message)
        self._dispatch(message["event"], message["payload"])

    def _on_event(self, event, data=None):
        self._dispatch(event, data)

    def _dispatch(self, event, payload):
        for handler in self.handlers.get(event, []):
            handler(payload)


def _json_or_raise(response):
    body = response.json()
    if response.status_code >= 400:
        error = body.get("error", {})
        raise SwitchyardError(error.get("code"), error.get("message"), error.get("retryAfterMs"), error.get("issues", ()))
    return body
