"""Facts about this computer and its processes: who we are, and whether a process lives.

The lock file (:mod:`okr_studio.lock`) and the clean-up of temporary files
(:mod:`okr_studio.tempfiles`) use them to tell a copy of the app that is still
running from one that crashed.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path


def user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return ""


def boot_id() -> str:
    """An id that changes every time this computer starts (Linux), else ''."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_started(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), else ''."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22; the command name (field 2) may hold spaces, so count after ')'.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this number runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by another user
    except OSError:
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def this_host() -> str:
    if hasattr(os, "uname"):  # the same name, without loading the socket module
        return os.uname().nodename
    import socket

    return socket.gethostname()
