"""`make run`'s last step: the web server and the job worker together; Ctrl-C stops both.

    .venv/bin/python tools/run.py [--host 127.0.0.1] [--port 5000]

Each runs in a session of its own, so the terminal's Ctrl-C reaches this script alone, which
then stops them both with SIGTERM, gives them GRACE seconds, and kills whatever is left in their
process groups (a print's worker pool too): nothing keeps running after it returns. When one of
the two stops by itself, the other is stopped as well and the exit status is the stopped one's.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time

GRACE = 10  # seconds each gets to stop before it is killed


def commands(host: str, port: int) -> dict[str, list[str]]:
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    return {
        "web": [*flask, "run", "--host", host, "--port", str(port)],
        "worker": [*flask, "worker"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)

    stop = []  # the signal that asked to stop, once one has

    def ask_to_stop(signum, frame):
        stop.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, ask_to_stop)

    running: dict[str, subprocess.Popen] = {}
    status = 0
    try:
        for name, command in commands(args.host, args.port).items():
            # An argument list, never a shell string.
            running[name] = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        while not stop:
            ended = [(name, p.returncode) for name, p in running.items() if p.poll() is not None]
            if ended:
                name, status = ended[0]
                print(f"run.py: {name} stopped (exit {status}); stopping the rest", file=sys.stderr)
                status = status or 1
                break
            time.sleep(0.2)
    finally:
        stop_all(running.values())
    return status


def stop_all(processes) -> None:
    processes = list(processes)
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        # Whatever is left in its group: the process itself if it did not stop in time, and any
        # child it left behind.
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    # ProcessLookupError: the group is empty, nothing left to stop.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)  # its session's group: its pid (start_new_session)


if __name__ == "__main__":
    sys.exit(main())
