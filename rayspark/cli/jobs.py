"""Talking to a Ray cluster's Jobs API (``rayspark submit --address``, ``status``, ``logs``,
``stop``, ``list``), with Ray's token authentication made understandable.

Ray 2.60 clusters require a token by default. The Jobs API client (``JobSubmissionClient``)
sends it only when this process is in token mode (``RAY_AUTH_MODE=token``). ``ray start``
switches itself to token mode whenever a token is available; the launcher does the same, so a
user who has the cluster's token in ``RAY_AUTH_TOKEN``, in the file ``RAY_AUTH_TOKEN_PATH``, or
in ``~/.ray/auth_token`` needs nothing else. Against a cluster that requires a token, the
dashboard answers 401 (no token sent) or 403 (wrong token) at once; both become one clear
message saying what to do (see ``connect``), never a hang. Every request made here is bounded
by a timeout.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import Any, Optional

from .common import CliError

DEFAULT_ADDRESS = "http://127.0.0.1:8265"
TERMINAL = ("SUCCEEDED", "FAILED", "STOPPED")
CONNECT_TIMEOUT = 15.0


def default_address() -> str:
    for var in ("RAY_API_SERVER_ADDRESS", "RAY_ADDRESS"):
        v = os.environ.get(var, "")
        if v.startswith(("http://", "https://")):
            return v
    return DEFAULT_ADDRESS


def normalize_address(address: str) -> str:
    address = address.strip().rstrip("/")
    if "://" not in address:
        address = "http://" + address
    return address


def _token_available() -> bool:
    if os.environ.get("RAY_AUTH_TOKEN"):
        return True
    path = os.environ.get("RAY_AUTH_TOKEN_PATH")
    if path:
        return os.path.isfile(os.path.expanduser(path))
    return os.path.isfile(os.path.join(os.path.expanduser("~"), ".ray", "auth_token"))


def enable_token_auth_if_available() -> None:
    """Send the token when there is one, as ``ray start`` does (``RAY_AUTH_MODE`` unset and a
    token available means token mode); an explicit ``RAY_AUTH_MODE`` is respected."""
    if "RAY_AUTH_MODE" in os.environ or not _token_available():
        return
    os.environ["RAY_AUTH_MODE"] = "token"
    try:                        # Ray caches its config; refresh it if Ray is already loaded
        from ray._raylet import Config
        Config.initialize("")
    except Exception:
        pass


TOKEN_HELP = (
    "Get the token on the head node with `ray get-auth-token`, then either export it here as "
    "RAY_AUTH_TOKEN=<token>, or save it to ~/.ray/auth_token (or any file named by "
    "RAY_AUTH_TOKEN_PATH). See docs/deploying-on-ray.md#tokens.")


def explain_auth_error(address: str, e: BaseException) -> CliError:
    text = str(e)
    if "Forbidden" in text or "invalid or incorrect" in text:
        msg = (f"the Ray cluster at {address} rejected the authentication token (it is not this "
               f"cluster's token). {TOKEN_HELP}")
    else:
        mode = os.environ.get("RAY_AUTH_MODE", "")
        path = os.environ.get("RAY_AUTH_TOKEN_PATH")
        if mode.lower() == "disabled":
            hint = " RAY_AUTH_MODE is 'disabled' here: unset it or set it to 'token'."
        elif path and not os.path.isfile(os.path.expanduser(path)):
            hint = f" RAY_AUTH_TOKEN_PATH names {path}, which does not exist."
        else:
            hint = ""
        msg = (f"the Ray cluster at {address} requires an authentication token and none was "
               f"found.{hint} {TOKEN_HELP}")
    return CliError(msg)


def _is_auth_error(e: BaseException) -> bool:
    return type(e).__name__ == "AuthenticationError"


def connect(address: str):
    """A ``JobSubmissionClient`` for ``address``, or a ``CliError`` that says what to do."""
    address = normalize_address(address)
    enable_token_auth_if_available()
    import logging
    import requests
    from ray.job_submission import JobSubmissionClient
    for name in ("ray", "ray.dashboard.modules.dashboard_sdk",    # no "Uploading package
                 "ray.dashboard.modules.job.sdk"):                # ..." or "WebSocket closed"
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        from ray._private.authentication.http_token_authentication import \
            get_auth_headers_if_auth_enabled
        headers = get_auth_headers_if_auth_enabled({})
    except Exception as e:
        if _is_auth_error(e):
            raise explain_auth_error(address, e) from None
        headers = {}
    # A bounded probe first: Ray's client makes its first request without a timeout.
    try:
        r = requests.get(address + "/api/version", headers=headers, timeout=CONNECT_TIMEOUT)
    except requests.exceptions.RequestException as e:
        raise CliError(
            f"cannot reach the Ray dashboard at {address} ({type(e).__name__}). Is the cluster "
            "running with its dashboard (`ray start --head --include-dashboard=true`, port 8265 "
            "by default) and is the address right?") from None
    if r.status_code == 401:
        raise explain_auth_error(address, RuntimeError("Unauthorized: " + r.text))
    if r.status_code == 403:
        raise explain_auth_error(address, RuntimeError("Forbidden: " + r.text))
    try:
        return JobSubmissionClient(address)
    except Exception as e:
        if _is_auth_error(e):
            raise explain_auth_error(address, e) from None
        if isinstance(e, ConnectionError):
            raise CliError(f"cannot reach the Ray dashboard at {address}: {e}") from None
        raise CliError(f"the Jobs API at {address} failed: {e}") from e


def _call(address: str, fn, *args):
    try:
        return fn(*args)
    except Exception as e:
        if _is_auth_error(e):
            raise explain_auth_error(address, e) from None
        text = str(e)
        if "does not exist" in text or "404" in text:
            raise CliError(f"no job {args[0] if args else ''} on the cluster at {address}") from None
        raise CliError(f"the Jobs API at {address} failed: {text}") from e


def short_message(message: Optional[str]) -> str:
    """A job's status message without the copy of its log that Ray appends on failure (the log
    was already shown)."""
    text = (message or "").split("\n", 1)[0].strip()
    cut = text.find(", last available logs")
    return (text[:cut] if cut >= 0 else text).rstrip(":").strip()


def status_name(status: Any) -> str:
    return getattr(status, "value", str(status))


def wait_for_terminal(client, job_id: str, address: str, timeout: Optional[float] = None) -> Any:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        info = _call(address, client.get_job_info, job_id)
        if status_name(info.status) in TERMINAL:
            return info
        if deadline is not None and time.monotonic() > deadline:
            return info
        time.sleep(0.5)


def stream_logs(client, job_id: str, out=None) -> None:
    """Copy the job's log to ``out`` as the driver writes it, until the job ends (through a
    websocket; by polling when aiohttp - part of ``ray[default]`` - is not installed)."""
    out = out or sys.stdout
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        _poll_logs(client, job_id, out)
        return

    async def tail() -> None:
        async for chunk in client.tail_job_logs(job_id):
            out.write(chunk)
            out.flush()
    try:
        asyncio.run(tail())
    except Exception as e:      # connection dropped: the caller polls the status instead
        if _is_auth_error(e):
            raise
        print(f"rayspark: log stream ended early ({e}); waiting for the job to finish",
              file=sys.stderr, flush=True)


def _poll_logs(client, job_id: str, out, period: float = 1.0) -> None:
    shown = 0
    while True:
        info = client.get_job_info(job_id)
        text = client.get_job_logs(job_id)
        if len(text) > shown:
            out.write(text[shown:])
            out.flush()
            shown = len(text)
        if status_name(info.status) in TERMINAL:
            return
        time.sleep(period)


# ------------------------------------------------------------------ commands ---------------
def _add_address(p: argparse.ArgumentParser) -> None:
    p.add_argument("--address", metavar="URL", default=None,
                   help="the cluster's dashboard, e.g. http://head:8265 (default: "
                        "RAY_API_SERVER_ADDRESS, RAY_ADDRESS if it is http(s), or "
                        f"{DEFAULT_ADDRESS})")


def add_parsers(sub) -> None:
    p = sub.add_parser("status", help="status of a submitted job")
    p.add_argument("job_id", metavar="JOB_ID")
    _add_address(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("logs", help="the driver log of a submitted job")
    p.add_argument("job_id", metavar="JOB_ID")
    p.add_argument("-f", "--follow", action="store_true", help="follow the log until the job ends")
    _add_address(p)
    p.set_defaults(func=cmd_logs)

    p = sub.add_parser("stop", help="stop a submitted job")
    p.add_argument("job_id", metavar="JOB_ID")
    p.add_argument("--no-wait", action="store_true", help="do not wait for the job to stop")
    _add_address(p)
    p.set_defaults(func=cmd_stop)

    p = sub.add_parser("list", help="jobs submitted to the cluster")
    _add_address(p)
    p.set_defaults(func=cmd_list)


def _address(args) -> str:
    return normalize_address(args.address or default_address())


def cmd_status(args) -> int:
    address = _address(args)
    client = connect(address)
    info = _call(address, client.get_job_info, args.job_id)
    name = status_name(info.status)
    print(name)
    if info.message:
        print(short_message(info.message))
    if getattr(info, "entrypoint", None):
        print(f"entrypoint: {info.entrypoint}")
    return 0


def cmd_logs(args) -> int:
    address = _address(args)
    client = connect(address)
    if args.follow:
        _call(address, client.get_job_info, args.job_id)     # a clear error for unknown jobs
        stream_logs(client, args.job_id)
    else:
        sys.stdout.write(_call(address, client.get_job_logs, args.job_id))
        sys.stdout.flush()
    return 0


def cmd_stop(args) -> int:
    address = _address(args)
    client = connect(address)
    info = _call(address, client.get_job_info, args.job_id)
    if status_name(info.status) in TERMINAL:
        print(f"job {args.job_id} already ended: {status_name(info.status)}")
        return 0
    _call(address, client.stop_job, args.job_id)
    if args.no_wait:
        print(f"stop requested for job {args.job_id}")
        return 0
    info = wait_for_terminal(client, args.job_id, address, timeout=60)
    print(f"job {args.job_id}: {status_name(info.status)}")
    return 0 if status_name(info.status) in TERMINAL else 1


def cmd_list(args) -> int:
    address = _address(args)
    client = connect(address)
    jobs = _call(address, client.list_jobs)
    jobs = sorted(jobs, key=lambda j: j.start_time or 0)
    print("JOB_ID\tSTATUS\tAPP\tENTRYPOINT")
    for j in jobs:
        name = (j.metadata or {}).get("rayspark.app.name", "")
        print(f"{j.submission_id or j.job_id}\t{status_name(j.status)}\t{name}\t{j.entrypoint}")
    return 0
