"""`rasa shell` in a real pseudo-terminal: a staff member fills the profile by typing (what `make shell` runs).

Needs the action server of the running test setup; the shell starts its own Rasa server on another port.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHELL_PORT = os.environ.get("DIGITALLOTSE_SHELL_PORT", "5006")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    def __init__(self, command):
        self.master, slave = pty.openpty()
        # a wide terminal, so that no answer is wrapped in the middle of a checked phrase
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            env={**os.environ, "TERM": "xterm", "COLUMNS": "200", "LINES": "50"},
        )
        os.close(slave)
        self.screen = ""

    def read_until(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        start = len(self.screen)
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.screen += ANSI.sub("", os.read(self.master, 65536).decode("utf-8", "replace"))
                except OSError:
                    break
                if re.search(pattern, self.screen[start:]):
                    return self.screen[start:]
        raise AssertionError(f"{pattern!r} did not appear within {timeout}s; last output:\n{self.screen[-2000:]}")

    def type(self, text):
        os.write(self.master, (text + "\r").encode("utf-8"))

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.master)


@pytest.fixture
def shell(base_url):
    terminal = Terminal(
        [
            str(ROOT / ".venv" / "bin" / "rasa"),
            "shell",
            "--model",
            "models/digitallotse.tar.gz",
            "--endpoints",
            "endpoints.yml",
            "--port",
            SHELL_PORT,
        ]
    )
    yield terminal
    terminal.close()


def test_staff_ask_and_refine_in_rasa_shell(shell):
    shell.read_until(r"Your input ->", timeout=240)
    shell.type("Wir sind eine Stadt in NRW mit 40.000 Einwohnern und suchen Förderung für Mobilität")
    shell.read_until(r"Nordrhein-Westfalen[\s\S]*Quelle:", timeout=60)
    shell.read_until(r"Your input ->|Type out your own message", timeout=60)
    # buttons are shown as a selection: choose free text, then ask a follow-up about the list
    if "Type out your own message" in shell.screen[-400:]:
        shell.type("")
    shell.type("und die Förderquote?")
    shell.read_until(r"Förderquote/Höhe", timeout=60)
