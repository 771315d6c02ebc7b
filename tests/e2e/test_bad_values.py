"""Bad values for every flag of every command: rpccli must answer each one
with a documented exit code and, when it fails locally (1) or on the
command line (2), with exactly one line `rpccli: error: ...` on stderr (a
usage error adds where to read more) --
never a crash, never a hang (DESIGN.md: errors are "on stderr, one line,
naming the ... flag at fault"; "No crash and no hang").

The table is every command (list, describe, call, call --batch, bench,
health, serve, completion) times every flag of it that takes a value, as
src/cli/cli_flags.cc and src/cli/cli_flag_groups.cc declare them, times a list of
values that have broken command-line tools before: empty, zero, negative,
too big for any integer, overflowing a double, nan, inf, words, non-ASCII
text and bytes, and paths that are not ordinary readable files. Some
values are fine for some flags (--max-time 0 is "no limit"), so success is
allowed; what is held is how rpccli ends."""

import concurrent.futures
import os
import re
import resource
import select
import shlex
import signal
import subprocess
import tempfile
import unittest

from harness import (DEMO_PROTO, NO_PROXIES, RPCCLI, SharedDemoServerTest,
                     make_certificates, rpccli)

USAGE_HINT = "Run 'rpccli --help' for usage.\n"
# A run that takes longer is a hang: every value here is either refused at
# once or used against a server on 127.0.0.1 that answers at once.
RUN_SECONDS = 20

# rpccli processes at once: most of a run's time is spent waiting on the
# loopback or on start-up, so a few more than the machine's cores.
PARALLEL_RUNS = 6

# A flag given a file it reads whole must stop at its documented limit
# (256 MiB for a protoset, 16 MiB for PEM and -H @FILE files), not read
# /dev/zero until the machine runs out of memory. The limit on each run's
# heap turns such a read into a failed allocation (SIGABRT) instead of
# an out-of-memory machine, while leaving room for the documented limits.
HEAP_LIMIT_BYTES = 1 << 30

# What a run may exit with besides 0, 1 and 2 (DESIGN.md, "Exit codes"): a
# failed RPC is 64 + its gRPC status code; health adds its own statuses.
GRPC_STATUS_EXITS = range(64, 81)
HEALTH_STATUS_EXITS = (3, 4, 5)  # NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN

# The flags that take a value, by group, as cli_flag_groups.cc declares
# them (flags without a value cannot be given a bad one). -p, -I, -H and
# -c are the short names of --proto, --import-path, --header and
# --concurrency.
SCHEMA_FLAGS = ["--protoset", "--protoset-out", "--proto", "--import-path"]
CONNECTION_FLAGS = ["--cacert", "--cert", "--key", "--authority",
                    "--servername", "--user-agent", "--keepalive-time",
                    "--max-msg-sz", "--proxy", "--protocol",
                    "--connect-timeout"]
HEADER_FLAGS = ["--header", "--rpc-header", "--reflect-header"]
CALL_FLAGS = (SCHEMA_FLAGS + CONNECTION_FLAGS + HEADER_FLAGS
              + ["--format", "--format-error", "--max-time", "--compress"])
BENCH_FLAGS = ["--concurrency", "--requests", "--duration", "--rps",
               "--rps-schedule", "--concurrency-schedule", "--connections",
               "--warmup", "--start-at", "--report", "--fail-if"]

# Per command, as cli_flags.cc puts the groups together: list and describe
# have no --rpc-header (they make no call), health no schema flags.
FLAGS = {
    "list": SCHEMA_FLAGS + CONNECTION_FLAGS + ["--header", "--reflect-header"],
    "describe": (SCHEMA_FLAGS + CONNECTION_FLAGS
                 + ["--header", "--reflect-header"]),
    "call": CALL_FLAGS + ["--concurrency", "--max-responses"],
    "call --batch": CALL_FLAGS + ["--concurrency", "--max-responses"],
    "bench": CALL_FLAGS + BENCH_FLAGS,
    "health": CONNECTION_FLAGS + HEADER_FLAGS + ["--max-time"],
    "serve": SCHEMA_FLAGS + ["--listen", "--stubs", "--record", "--from",
                             "--seed", "--cert", "--key", "--cacert"],
    "completion": [],
}

# serve, given a value it takes, listens until it is stopped: a run that
# says "listening on" gets SIGTERM, and must then exit 0.
LISTENING = b"listening on "

# TLS flags cannot go with --plaintext (a usage error that would hide what
# the value does); they reach the plaintext demo server over TLS instead,
# which fails at once.
TLS_FLAGS = ["--cacert", "--cert", "--key", "--servername"]

# Commands that make calls, with a METHOD and a request.
CALLING = ["call", "call --batch", "bench"]

RAW_BYTE = os.fsdecode(b"\xff")  # passed to the process as the byte 0xff


class BadValuesTest(SharedDemoServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        holder = tempfile.TemporaryDirectory(prefix="rpccli-bad-values-")
        cls.addClassCleanup(holder.cleanup)
        cls.scratch = holder.name
        cls.certificates = make_certificates(cls.scratch)
        cls.paths = cls.make_paths(os.path.join(cls.scratch, "paths"))
        # Set in this process for the rpccli processes it starts, which
        # inherit it; this process itself needs far less. AddressSanitizer
        # maps terabytes of shadow memory, which the limit would refuse:
        # under it, reads without an end are left to its own checks.
        if "ASAN_OPTIONS" in os.environ:
            return
        cls.heap_limit = resource.getrlimit(resource.RLIMIT_DATA)
        resource.setrlimit(resource.RLIMIT_DATA,
                           (HEAP_LIMIT_BYTES, cls.heap_limit[1]))
        cls.addClassCleanup(resource.setrlimit, resource.RLIMIT_DATA,
                            cls.heap_limit)

    @classmethod
    def make_paths(cls, directory):
        """The files each case needs, and the paths that are bad values."""
        os.makedirs(directory)
        paths = {"directory": os.path.join(directory, "a-directory")}
        os.mkdir(paths["directory"])
        # Its target is in a directory that does not exist, so that a flag
        # that writes (--protoset-out) cannot make it point somewhere.
        paths["dangling symlink"] = os.path.join(directory, "dangling")
        os.symlink(os.path.join(directory, "missing", "target"),
                   paths["dangling symlink"])
        paths["nonexistent path"] = os.path.join(directory, "missing",
                                                 "file")
        paths["unreadable file"] = os.path.join(directory, "unreadable")
        with open(paths["unreadable file"], "w") as f:
            f.write("x-note: secret\n")
        os.chmod(paths["unreadable file"], 0)

        def write(name, data):
            path = os.path.join(directory, name)
            with open(path, "wb") as f:
                f.write(data)
            return path

        paths["batch requests"] = write("batch.ndjson",
                                        b'{"name": "a"}\n{"name": "b"}\n')
        paths["non-ASCII header file"] = write("non-ascii.headers",
                                               "x-note: é\n".encode())
        paths["raw byte header file"] = write("raw-byte.headers",
                                              b"x-note: \xff\n")
        paths["malformed header file"] = write("malformed.headers",
                                               b"Authorization Bearer X\n")
        return paths

    def bad_values(self):
        """(label, value) for any flag that takes a value."""
        values = [
            ("empty", ""),
            ("0", "0"),
            ("-1", "-1"),
            ("huge", "99999999999999999999"),
            ("1e400", "1e400"),
            ("nan", "nan"),
            ("inf", "inf"),
            ("text", "abc"),
            ("non-ASCII", "é"),
            ("raw byte 0xff", RAW_BYTE),
            ("a directory", self.paths["directory"]),
            ("/dev/zero", "/dev/zero"),
            ("a dangling symlink", self.paths["dangling symlink"]),
            ("a nonexistent path", self.paths["nonexistent path"]),
        ]
        # Permissions do not stop root, who would read the file all the
        # same: the value would test nothing.
        if os.geteuid() != 0:
            values.append(("an unreadable file",
                           self.paths["unreadable file"]))
        return values

    def path_values(self):
        """The bad values that are paths, for @FILE."""
        return [(label, value) for label, value in self.bad_values()
                if value.startswith("/") or label == "empty"]

    def header_values(self, flag):
        """Headers that are not 'name: value' in ASCII; for -H, @FILE too."""
        values = [
            ("non-ASCII header value", "x-note: é"),
            ("raw byte header value", "x-note: " + RAW_BYTE),
            ("non-ASCII header name", "é: x"),
            ("malformed header", "Authorization Bearer X"),
            ("-bin header not base64", "x-note-bin: *not base64*"),
        ]
        if flag == "--header":
            values += [
                ("@FILE non-ASCII header value",
                 "@" + self.paths["non-ASCII header file"]),
                ("@FILE raw byte header value",
                 "@" + self.paths["raw byte header file"]),
                ("@FILE malformed header",
                 "@" + self.paths["malformed header file"]),
            ]
            values += [("@" + label, "@" + path)
                       for label, path in self.path_values()]
        return values

    def command_line(self, command, flag=None, value=None, **positionals):
        """rpccli's arguments for `command` with `flag` given `value`, and
        everything else right: the demo server, a method it has, a request
        it takes. `positionals` replaces one of target, method, request
        or name (list's SERVICE, describe's SYMBOL, health's SERVICE)."""
        if command == "completion":
            return ["completion", positionals.get("shell", value)]
        if command == "serve":
            return self.serve_command_line(flag, value)
        words = command.split()
        if flag not in TLS_FLAGS:
            words.append("--plaintext")
        # Nothing here should wait for a connection, but if something
        # does, the run should say so well within RUN_SECONDS.
        if flag != "--connect-timeout":
            words += ["--connect-timeout", "2"]
        # --cert and --key need each other: the other one is good, so
        # that the error is about the bad one.
        if flag == "--cert":
            words += ["--key", self.certificates["client.key"]]
        if flag == "--key":
            words += ["--cert", self.certificates["client.pem"]]
        # Calls take the schema from the .proto file, so that they reach
        # the call quickly, except where the flag under test gives the
        # schema or is sent with reflection requests; list and describe
        # use reflection, which is what they are about. --protoset-out
        # and -I need a file to write or to look for.
        if flag in ["--protoset-out", "--import-path"] or (
                command in CALLING
                and flag not in SCHEMA_FLAGS + HEADER_FLAGS):
            words += ["--proto", DEMO_PROTO]
        if command == "bench":
            # A few calls, except where -n is what is being tried: then a
            # time limit ends a value that asks for many.
            words += (["--duration", "2"] if flag == "--requests"
                      else ["--requests", "3"])
        if flag is not None:
            words += [flag, value]
        words.append(positionals.get("target", self.target))
        if command in CALLING:
            words.append(positionals.get("method", "demo.Demo/Greet"))
            default_request = ("@" + self.paths["batch requests"]
                               if command == "call --batch"
                               else '{"name": "x"}')
            words.append(positionals.get("request", default_request))
        elif command == "describe":
            words.append(positionals.get("name", "demo.Demo"))
        elif "name" in positionals:
            words.append(positionals["name"])
        return words

    def serve_command_line(self, flag, value):
        """serve with `flag` given `value`, on a port the system picks, the
        demo's schema, and TLS files that go with a bad one."""
        words = ["serve"]
        if flag != "--listen":
            words += ["--listen", "127.0.0.1:0"]
        if flag not in SCHEMA_FLAGS or flag in ["--protoset-out",
                                                 "--import-path"]:
            words += ["--proto", DEMO_PROTO]
        if flag in ["--key", "--cacert"]:
            words += ["--cert", self.certificates["server.pem"]]
        if flag in ["--cert", "--cacert"]:
            words += ["--key", self.certificates["server.key"]]
        return words + [flag, value]

    @staticmethod
    def run_serve(argv, directory):
        """serve until it says it listens (then SIGTERM) or ends."""
        environment = {name: value for name, value in os.environ.items()
                       if name not in NO_PROXIES}
        process = subprocess.Popen([RPCCLI, *argv], cwd=directory,
                                   env=environment, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        ready, _, _ = select.select([process.stderr], [], [], RUN_SECONDS)
        first = process.stderr.readline() if ready else b""
        if first.startswith(LISTENING):
            process.send_signal(signal.SIGTERM)
        try:
            stdout, rest = process.communicate(timeout=RUN_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
        stderr = b"" if first.startswith(LISTENING) else first + rest
        return subprocess.CompletedProcess(argv, process.returncode, stdout,
                                           stderr)

    def run_all(self, cases):
        """Runs each case's command line, several at a time, each in an
        empty directory of its own (a relative value such as --protoset-out
        0 writes there, and must not be read by another case); returns
        (case, outcome) in order, where outcome is a CompletedProcess or
        None for a run that did not finish."""
        def run(case):
            directory = tempfile.mkdtemp(dir=self.scratch, prefix="run-")
            if case["command"] == "serve":
                return self.run_serve(case["argv"], directory)
            try:
                return rpccli(*case["argv"], cwd=directory, env=NO_PROXIES,
                              timeout=RUN_SECONDS)
            except subprocess.TimeoutExpired:
                return None

        with concurrent.futures.ThreadPoolExecutor(PARALLEL_RUNS) as pool:
            outcomes = list(pool.map(run, cases))
        return list(zip(cases, outcomes))

    def check(self, case, result):
        """How the run ended: in time, of its own accord, with a documented
        exit code, and a failure with one line `rpccli: error: `."""
        shown = "rpccli " + shlex.join(case["argv"]).replace(
            self.scratch + "/", "")
        if result is None:
            self.fail("%s: still running after %d s" % (shown, RUN_SECONDS))
        code = result.returncode
        stderr = result.stderr.decode("utf-8", "backslashreplace")
        said = "stderr: %r" % stderr[:300]
        if code < 0:
            self.fail("%s: killed by %s; %s"
                      % (shown, signal.Signals(-code).name, said))
        # No signal is sent, so 128 + N can only be a crash the process
        # reported itself, or a signal it raised on itself.
        if 128 <= code <= 159:
            name = (signal.Signals(code - 128).name
                    if code - 128 in signal.valid_signals() else "?")
            self.fail("%s: exit %d (128 + %s); %s" % (shown, code, name, said))
        documented = [0, 1, 2, *GRPC_STATUS_EXITS]
        if case["command"] == "health":
            documented += HEALTH_STATUS_EXITS
        if code not in documented:
            self.fail("%s: undocumented exit %d; %s" % (shown, code, said))
        if case.get("usage_error") and code != 2:
            self.fail("%s: exit %d, not the usage error 2; %s"
                      % (shown, code, said))
        # A failed RPC prints its status (Code, Message, Details) and
        # health its status word: those are more than an error line.
        if code == 0 or code in GRPC_STATUS_EXITS:
            return
        if case["command"] == "health" and code in HEALTH_STATUS_EXITS:
            return
        if not stderr.startswith("rpccli: error: "):
            self.fail("%s: exit %d without an error line; %s"
                      % (shown, code, said))
        # A usage error ends with where to read more, which is no error.
        if code == 2 and stderr.endswith(USAGE_HINT):
            stderr = stderr[:-len(USAGE_HINT)]
        lines = stderr.count("\n")
        if lines != 1 or not stderr.endswith("\n"):
            self.fail("%s: exit %d with %d lines on stderr, not one; %s"
                      % (shown, code, lines, said))

    def check_all(self, cases):
        for case, result in self.run_all(cases):
            with self.subTest(command=case["command"], what=case["what"],
                              value=case["label"]):
                self.check(case, result)

    def test_every_flag_with_every_bad_value(self):
        cases = []
        for command, flags in FLAGS.items():
            for flag in flags:
                values = self.bad_values()
                if flag in HEADER_FLAGS:
                    values += self.header_values(flag)
                for label, value in values:
                    cases.append({
                        "command": command, "what": flag, "label": label,
                        "argv": self.command_line(command, flag, value),
                        # An empty value would read as the flag not given
                        # (--authority '' sending the target's host): no
                        # flag takes one.
                        "usage_error": label == "empty"})
        self.check_all(cases)

    def test_bad_positional_arguments(self):
        # TARGET: empty, and not a host; a unix: socket path that is no
        # socket. METHOD and the names: empty and non-ASCII. The request:
        # what is not JSON, and @FILE of paths that are no request file.
        targets = [("empty", ""), ("non-ASCII", "é"),
                   ("raw byte 0xff", RAW_BYTE)]
        targets += [("unix:" + label, "unix:" + path)
                    for label, path in self.path_values() if path]
        names = [("empty", ""), ("non-ASCII", "é"),
                 ("raw byte 0xff", RAW_BYTE)]
        requests = names + [("@" + label, "@" + path)
                            for label, path in self.path_values()]
        cases = []

        def add(command, what, values):
            for label, value in values:
                cases.append({
                    "command": command, "what": what, "label": label,
                    "argv": self.command_line(command, **{what: value})})

        for command in ["list", "describe", "call", "call --batch", "bench",
                        "health"]:
            add(command, "target", targets)
        for command in CALLING:
            add(command, "method", names + [("a slash", "/")])
            add(command, "request", requests)
        for command in ["list", "describe", "health"]:
            add(command, "name", names)
        add("completion", "shell", self.bad_values())
        self.check_all(cases)

    def test_the_table_has_every_flag_that_takes_a_value(self):
        # A flag added to the command line without a row here would never
        # be given a bad value: --help lists each with its TYPE.
        option = re.compile(r"^  (?:-\w,)?(--[a-z0-9-]+) (?! )")
        for command in ["list", "describe", "call", "bench", "health",
                        "serve"]:
            result = rpccli(command, "--help", timeout=RUN_SECONDS)
            listed = [match.group(1) for match in map(
                option.match, result.stdout.decode().splitlines()) if match]
            with self.subTest(command=command):
                self.assertEqual(sorted(listed), sorted(FLAGS[command]))


if __name__ == "__main__":
    unittest.main()
