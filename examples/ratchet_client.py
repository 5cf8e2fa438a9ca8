"""A client for `ratchet serve` (JSON-RPC 2.0, one message per line), Python standard library only.

    with RatchetClient.spawn(["--requirements", "requirements.toml"]) as ratchet:  # or RatchetClient.connect(path)
        print(ratchet.call("check", {"command": ["git", "push"]})["decision"])
"""
import itertools
import json
import socket
import subprocess


class RatchetError(Exception):
    """A JSON-RPC error: code, message and data as the service sent them."""

    def __init__(self, error):
        super().__init__(f"{error['message']} (code {error['code']})")
        self.code, self.data = error["code"], error.get("data")


class RatchetClient:
    def __init__(self, reader, writer, closer):
        self._reader, self._writer, self._closer = reader, writer, closer
        self._ids = itertools.count(1)

    @classmethod
    def spawn(cls, args, command=("ratchet",)):
        """Starts `ratchet serve ARGS...` and talks to it on stdin/stdout."""
        proc = subprocess.Popen([*command, "serve", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return cls(proc.stdout, proc.stdin, lambda: (proc.stdin.close(), proc.wait()))

    @classmethod
    def connect(cls, path):
        """Connects to `ratchet serve --socket PATH`."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(path)
        return cls(sock.makefile("rb"), sock.makefile("wb"), sock.close)

    def call(self, method, params=None):
        """Sends one request and returns its result, or raises RatchetError."""
        request = {"jsonrpc": "2.0", "id": next(self._ids), "method": method}
        if params is not None:
            request["params"] = params
        self._writer.write(json.dumps(request).encode() + b"\n")
        self._writer.flush()
        while True:  # one request at a time: the next reply with our id is ours
            line = self._reader.readline()
            if not line:
                raise ConnectionError("ratchet serve closed the connection")
            reply = json.loads(line)
            if isinstance(reply, dict) and reply.get("id") == request["id"]:
                if "error" in reply:
                    raise RatchetError(reply["error"])
                return reply["result"]

    def close(self):
        self._closer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
