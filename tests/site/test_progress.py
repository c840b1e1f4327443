"""The build's progress bar: shown to a person at a terminal, never in pipes or CI."""

from __future__ import annotations

import io
import re

from rehab_directory.support.progress import progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_pipe_or_ci_does_not(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    assert wanted(terminal) and not wanted(io.StringIO())
    with progress("Checking listings", 10, terminal) as advance:
        advance(4)
        advance(6)
    assert "Checking listings" in terminal.getvalue()
    pipe = io.StringIO()
    with progress("Checking listings", 10, pipe) as advance:
        advance(10)
    assert pipe.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    assert not wanted(terminal)


def test_no_color_is_respected(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    shown = {}
    for no_color in (False, True):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        terminal = Terminal()
        with progress("Checking listings", 3, terminal) as advance:
            advance(3)
        shown[no_color] = terminal.getvalue()
    colour = re.compile(r"\x1b\[(3\d|38;)")  # a foreground colour (cursor moves are fine)
    assert colour.search(shown[False]) and not colour.search(shown[True])
    assert "Checking listings" in shown[True]
