"""Download one image over HTTP without ever leaving a bad or partial file behind.

Qt-free. The network is where faults happen, so every step is bounded: connect and read
timeouts, a deadline per attempt, a size cap, a few retries with backoff for transient
faults only (timeouts, dropped connections, 5xx), and a cool-down for a host that cannot
be reached at all, so a dead host ends a whole batch within seconds rather than minutes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from mygo_desktop import __version__
from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.images.files import InvalidImageError, check_image, temp_file_beside

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
_CHUNK = 64 * 1024
_INCOMPLETE = re.compile(r"IncompleteRead\((\d+) bytes read, (\d+) more expected")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


class DownloadError(MygoError):
    """An image could not be downloaded; the message says why in one line."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class DownloadPolicy:
    """Limits for one download; tests shrink them, the defaults suit a home connection."""

    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    attempt_deadline: float = 30.0  # a slow trickle of bytes must not run forever
    max_bytes: int = MAX_BYTES
    attempts: int = 3
    connect_attempts: int = 2  # a host that never answers costs at most two connect timeouts
    backoff: float = 0.5  # seconds before the 2nd attempt, doubled after that
    max_backoff: float = 2.0
    max_parallel: int = 4
    max_redirects: int = 5
    host_cooldown: float = 60.0  # how long an unreachable host is skipped


class Downloader:
    """Fetches image URLs into a folder; thread-safe, at most ``max_parallel`` at a time."""

    def __init__(self, policy: DownloadPolicy | None = None):
        self.policy = policy or DownloadPolicy()
        self.user_agent = f"mygo-desktop/{__version__}"
        self._slots = threading.BoundedSemaphore(self.policy.max_parallel)
        self._dead_hosts: dict[str, tuple[float, str]] = {}
        self._dead_lock = threading.Lock()
        self._cancelled = threading.Event()
        self._active: set[requests.Response] = set()
        self._in_flight = 0
        self._settled = threading.Condition(self._dead_lock)

    def cancel(self, wait: float = 0.0) -> bool:
        """Stop: no new attempt starts, and bodies being read are cut off.

        ``wait`` seconds at most for the fetches in progress to end (and remove their temporary
        files), so a process that exits right after leaves none behind; True when all ended.
        """
        self._cancelled.set()
        with self._dead_lock:
            active = list(self._active)
        for response in active:
            _cut_connection(response)
        with self._settled:
            return self._settled.wait_for(lambda: self._in_flight == 0, timeout=wait)

    def fetch(self, url: str, dest: Path) -> Path:
        """Download ``url`` and store it as ``dest`` with the extension of its real format.

        Returns the written path. Raises DownloadError; ``dest``'s folder then holds no
        temporary file and any earlier file at the returned path is untouched.
        """
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # e.g. "http://[::1": one bad catalog entry, not a crash
            raise DownloadError(f"malformed image URL {url!r} ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DownloadError(f"not a web address: {url!r}")
        host = parts.netloc
        self._check_host(host)
        with self._slots, self._counted():
            self._check_host(host)  # another thread may have found it dead while we waited
            return self._fetch_with_retries(url, dest, host)

    @contextlib.contextmanager
    def _counted(self) -> Iterator[None]:
        with self._settled:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._settled:
                self._in_flight -= 1
                self._settled.notify_all()

    def _check_host(self, host: str) -> None:
        with self._dead_lock:
            entry = self._dead_hosts.get(host)
            if entry is None:
                return
            until, reason = entry
            if time.monotonic() >= until:
                del self._dead_hosts[host]
                return
        raise DownloadError(f"{host} unreachable, not retried for now ({reason})", transient=True)

    def _fetch_with_retries(self, url: str, dest: Path, host: str) -> Path:
        policy = self.policy
        for attempt in range(1, policy.attempts + 1):
            if self._cancelled.is_set():
                raise DownloadError("cancelled")
            try:
                return self._fetch_once(url, dest)
            except _Unreachable as exc:
                error = DownloadError(str(exc), transient=True)
                if attempt >= min(policy.connect_attempts, policy.attempts):
                    with self._dead_lock:
                        self._dead_hosts[host] = (time.monotonic() + policy.host_cooldown, str(exc))
                    break
            except _TooSlow as exc:
                # A host this slow will not finish the next sticker either: skip it for the run.
                with self._dead_lock:
                    self._dead_hosts[host] = (time.monotonic() + policy.host_cooldown, str(exc))
                error = exc
                break
            except DownloadError as exc:
                error = exc
            if not error.transient or attempt == policy.attempts:
                break
            delay = min(policy.backoff * 2 ** (attempt - 1), policy.max_backoff)
            logger.info("download %s failed (%s), retrying in %.1f s", url, error, delay)
            self._cancelled.wait(delay)
        raise error

    def _fetch_once(self, url: str, dest: Path) -> Path:
        policy = self.policy
        timeout = (policy.connect_timeout, policy.read_timeout)
        headers = {"User-Agent": self.user_agent, "Accept": "image/*"}
        with requests.Session() as session:
            session.max_redirects = policy.max_redirects
            try:
                response = session.get(url, headers=headers, timeout=timeout, stream=True)
            except requests.ReadTimeout:
                # No answer at all: a hanging host is skipped for the rest of the run like a refusing one.
                raise _Unreachable("no answer: timed out waiting for the server") from None
            except requests.ConnectTimeout:
                raise _Unreachable("cannot connect: timed out") from None
            except requests.ConnectionError as exc:  # refused, unknown host, no network
                raise _Unreachable(f"cannot connect: {_os_reason(exc)}") from None
            except requests.TooManyRedirects:
                raise DownloadError("too many redirects") from None
            except requests.RequestException as exc:
                raise DownloadError(f"request failed: {_short(exc)}") from None
            with self._dead_lock:
                self._active.add(response)
            try:
                path = self._save(response, dest, policy)
            finally:
                with self._dead_lock:
                    self._active.discard(response)
        logger.debug("downloaded %s to %s", url, path)
        return path

    def _save(self, response: requests.Response, dest: Path, policy: DownloadPolicy) -> Path:
        if self._cancelled.is_set():
            raise DownloadError("cancelled")
        with response:
            _check_response(response, policy.max_bytes)
            with temp_file_beside(dest) as temp:
                _stream_to(response, temp, policy)
                try:
                    suffix = check_image(temp)
                except InvalidImageError as exc:
                    raise DownloadError(str(exc)) from None
                path = dest.with_suffix(suffix)
                os.replace(temp, path)
        return path


class _Unreachable(Exception):
    """No connection to the host at all (as opposed to a bad answer from it)."""


class _TooSlow(DownloadError):
    """The host sends, but too slowly to finish within an attempt's deadline."""


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _os_reason(exc: BaseException) -> str:
    """The operating system's words ("Connection refused") from requests' nested message."""
    match = _ERRNO.search(str(exc))
    return match.group(1).strip() if match else _short(exc)


def _check_response(response: requests.Response, max_bytes: int) -> None:
    status = response.status_code
    if status >= 500:
        raise DownloadError(f"server error HTTP {status}", transient=True)
    if status != 200:
        raise DownloadError(f"HTTP {status}")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if not content_type.startswith("image/"):
        raise DownloadError(f"not an image (content type {content_type or 'missing'})")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise DownloadError(f"too large ({int(declared)} bytes, limit {max_bytes})")


def _cut_connection(response: requests.Response) -> None:
    """Shut the response's socket, waking a read that is blocked on a trickling server."""
    # urllib3 response -> http.client response -> buffered reader -> SocketIO -> socket. Shutting
    # the socket down (not closing it) is what wakes a blocked read safely from another thread.
    sock = response.raw
    for name in ("_fp", "fp", "raw", "_sock"):
        sock = getattr(sock, name, None)
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _stream_to(response: requests.Response, temp: Path, policy: DownloadPolicy) -> None:
    deadline = time.monotonic() + policy.attempt_deadline
    # Bytes that trickle in never trip the read timeout: a watchdog ends the whole attempt.
    watchdog = threading.Timer(policy.attempt_deadline, _cut_connection, args=(response,))
    watchdog.daemon = True
    watchdog.start()
    try:
        _read_body(response, temp, policy, deadline)
    except DownloadError:
        if time.monotonic() >= deadline:
            raise _TooSlow(f"too slow (over {policy.attempt_deadline:.0f} s)") from None
        raise
    finally:
        watchdog.cancel()


def _read_body(response: requests.Response, temp: Path, policy: DownloadPolicy, deadline: float) -> None:
    received = 0
    try:
        with temp.open("wb") as out:
            for chunk in response.iter_content(_CHUNK):
                received += len(chunk)
                if received > policy.max_bytes:
                    raise DownloadError(f"too large (over {policy.max_bytes} bytes)")
                if time.monotonic() > deadline:
                    raise _TooSlow(f"too slow (over {policy.attempt_deadline:.0f} s)")
                out.write(chunk)
    except requests.ConnectionError as exc:  # requests reports a read timeout mid-body this way
        raise DownloadError(f"connection lost after {received} bytes: {_short(exc)}", transient=True) from None
    except requests.RequestException as exc:  # e.g. fewer bytes than Content-Length
        match = _INCOMPLETE.search(str(exc))
        if match:
            got, more = int(match.group(1)), int(match.group(2))
            detail = f"{got} of {got + more} bytes"  # urllib3 counts the whole body
        else:
            detail = f"after {received} bytes: {_short(exc)}"
        raise DownloadError(f"incomplete download ({detail})", transient=True) from None
    declared = response.headers.get("Content-Length")
    plain = declared is not None and declared.isdigit() and response.headers.get("Content-Encoding") is None
    if plain and received != int(declared or 0):
        raise DownloadError(f"incomplete download ({received} of {declared} bytes)", transient=True)
