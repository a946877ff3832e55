"""``RDD.pipe``: stream a partition through an external command, one element per line."""
from __future__ import annotations

import shlex
import subprocess
import threading
from typing import Dict, Iterable, Iterator


def pipe_partition(it: Iterable, command: str, env: Dict[str, str], check_code: bool) -> Iterator[str]:
    # As PySpark: the command sees only ``env`` (not the executor's environment; without PATH
    # the program is looked up in os.defpath), and each element is written as str(element)
    # with trailing newlines removed, one per line.
    proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=dict(env))

    def feed():
        try:
            for obj in it:
                s = str(obj).rstrip("\n") + "\n"
                proc.stdin.write(s.encode("utf-8"))
        except BrokenPipeError:
            pass
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
    t = threading.Thread(target=feed, daemon=True)
    t.start()
    for line in proc.stdout:
        yield line.rstrip(b"\n").decode("utf-8")
    t.join()
    code = proc.wait()
    if check_code and code:
        from ..errors import PySparkRuntimeError
        raise PySparkRuntimeError(f"Pipe function `{command}' exited with error code {code}.",
                                  "PIPE_FUNCTION_EXITED",
                                  {"func_name": command, "error_code": str(code)})
