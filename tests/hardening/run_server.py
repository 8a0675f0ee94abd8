"""Forks `pipeline.run` children from one warm process, so a test can kill -9 many runs
quickly (a cold `dclit run` spends ~10 s loading models before its first document).

    python run_server.py CORPUS STORE      then lines "WORKERS DELAY" on stdin:
    fork a run with WORKERS workers, SIGKILL its whole process group after DELAY seconds,
    print {"killed": bool} (false when the run finished first).
"""
import json
import os
import signal
import sys
import time
from pathlib import Path


def main() -> None:
    corpus, db = Path(sys.argv[1]), Path(sys.argv[2])
    from dclit import pipeline
    from dclit.extract import extract_document
    from dclit.stages import run_tag, warm

    warm()
    run_tag(extract_document(sorted(corpus.glob("*.md"))[0]))  # spaCy loaded before forking
    print("ready", flush=True)
    for line in sys.stdin:
        workers, delay = line.split()
        pid = os.fork()
        if pid == 0:
            os.setsid()  # the run and its pebble workers in one process group
            code = 3
            try:
                from dclit.store import open_store

                with open_store(db) as st:
                    pipeline.run(corpus, st, pipeline.RunOptions(workers=int(workers)))
                code = 0
            finally:
                os._exit(code)
        time.sleep(float(delay))
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"killed": os.WIFSIGNALED(status), "exit": os.WEXITSTATUS(status)
                          if os.WIFEXITED(status) else None}), flush=True)


if __name__ == "__main__":
    main()
