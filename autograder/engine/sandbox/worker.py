"""The untrusted side: import the submission, run case drivers, send plain arrays to the grader.

Run as `python -I -S worker.py RESULT_FD SUBMISSION_DIR [SITE_PACKAGES]` from a folder holding this file and
runcase.py, wire.py, compare.py and the homework's drivers.py with their data. Reads
{"jobs": [{"id", "driver", "args"[, "trace"]}, ...], "modules": [student module names], "answer_key": module name}
as JSON on stdin. Nothing here decides a score: the grader re-validates every array it receives. A job
with "trace" (recording the reference only) also reports the submitted functions it ran.
"""
import json
import os
import sys

ANSWER_KEY_JOB = "__answer_key__"


def traced(run, submission_dir):
    """(run()'s result, sorted 'file.py:Qualified.name' of every function of a submitted file that ran)."""
    seen = set()

    def note(frame, event, arg):
        code = frame.f_code
        if event == "call" and os.path.dirname(code.co_filename) == submission_dir:
            seen.add(f"{os.path.basename(code.co_filename)}:{code.co_qualname}")

    sys.setprofile(note)
    try:
        result = run()
    finally:
        sys.setprofile(None)
    return result, sorted(seen)


def main():
    result_fd, submission_dir = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    out = os.fdopen(result_fd, "wb", buffering=0)
    sys.path[:0] = [os.path.dirname(os.path.abspath(__file__))]
    sys.path += sys.argv[3:4]            # numpy's folder: the worker starts without site (-S), so no .pth runs
    sys.path.append(submission_dir)      # last: a submitted file can never shadow numpy or the stdlib
    import compare
    import runcase
    import wire

    def send(header, arrays=None):
        out.write(wire.encode(header, arrays))

    request = json.loads(sys.stdin.read())
    runcase.STUDENT_MODULES = tuple(request["modules"])     # this homework's submitted modules
    sub = runcase.Submission(submission_dir)
    send({"event": "ready", "import_errors": sub.load_all()})
    for job in request["jobs"]:
        send({"event": "start", "id": job["id"]})
        done = {"event": "done", "id": job["id"]}
        if job["driver"] == ANSWER_KEY_JOB:      # recording only: the reference's written answers
            import importlib
            key = importlib.import_module(request["answer_key"]).answer_key()
            status, message, arrays = "ok", "", {k: compare.plain_array(v, k) for k, v in key.items()}
        elif job.get("trace"):                   # recording only: which submitted functions the case runs
            (status, message, arrays), done["calls"] = traced(lambda: runcase.run(job, sub), sub.dir)
        else:
            status, message, arrays = runcase.run(job, sub)
        send({**done, "status": status, "message": message}, arrays)
    send({"event": "finished"})
    os._exit(0)   # skip atexit handlers and non-daemon threads the submission may have left


if __name__ == "__main__":
    main()
