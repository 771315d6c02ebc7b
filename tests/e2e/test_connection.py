"""Connections: TLS with certificates made at test time, mutual TLS, unix
sockets, and the limits --max-time and --max-msg-sz."""

import json
import os
import socket
import ssl
import subprocess
import tempfile
import threading
import unittest

from harness import (DEMO_PROTO, SOURCE_DIR, DemoServer, H2EchoServer,
                     NxdomainDns, SharedDemoServerTest, SharedServerTest,
                     make_certificates, rpccli, timed)


def setUpModule():
    global SCRATCH, CERTS
    SCRATCH = tempfile.TemporaryDirectory(prefix="rpccli-tls-")
    CERTS = make_certificates(SCRATCH.name)


def tearDownModule():
    SCRATCH.cleanup()


def without_trust_variables(**variables):
    """rpccli's `env` for `variables` alone of SSL_CERT_FILE and
    SSL_CERT_DIR: a machine may set them."""
    return dict({"SSL_CERT_FILE": None, "SSL_CERT_DIR": None}, **variables)


def greet(target, *flags):
    return rpccli("call", "-p", DEMO_PROTO, *flags, target, "Greet",
                  '{"name": "tls"}')


class TlsTest(SharedServerTest):
    @classmethod
    def start_server(cls):
        return DemoServer("--tls-cert", CERTS["server.pem"],
                          "--tls-key", CERTS["server.key"])

    def assertRefused(self, result, reason):
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), "rpccli: error: %s: cannot "
                         "connect: %s\n" % (self.server.target, reason))

    def test_a_trusted_ca_and_the_right_name(self):
        result = greet(self.server.target, "--cacert", CERTS["ca.pem"],
                       "--servername", "rpccli.test")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["message"], "Hello, tls!")

    def test_a_hashed_directory_is_read_by_hash_and_checks_names(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(CERTS["ca.pem"]) as ca, \
                    open(os.path.join(directory, "test-ca.pem"), "w") as copy:
                copy.write(ca.read())
            subprocess.run(["openssl", "rehash", directory], check=True,
                           timeout=60, capture_output=True)
            hashed = without_trust_variables(SSL_CERT_DIR=directory)
            good = rpccli("call", "-p", DEMO_PROTO, "--servername",
                          "rpccli.test", self.server.target, "Greet",
                          '{"name": "h"}', env=hashed)
            self.assertEqual(good.returncode, 0, good.stderr)
            self.assertEqual(json.loads(good.stdout)["message"], "Hello, h!")
            self.assertRefused(
                rpccli("call", "-p", DEMO_PROTO, self.server.target, "Greet",
                       "{}", env=hashed),
                "Peer name 127.0.0.1 is not in peer certificate; its "
                "certificate is for rpccli.test: pass one of them with "
                "--servername")

    def test_the_trust_store_variables_of_openssl_curl_and_go(self):
        # SSL_CERT_FILE, then SSL_CERT_DIR, stand for the system's store.
        with tempfile.TemporaryDirectory() as directory:
            with open(CERTS["ca.pem"]) as ca, \
                    open(os.path.join(directory, "test-ca.pem"), "w") as copy:
                copy.write(ca.read())
            for variable, value in [("SSL_CERT_FILE", CERTS["ca.pem"]),
                                    ("SSL_CERT_DIR", directory)]:
                with self.subTest(variable=variable):
                    result = rpccli(
                        "call", "-p", DEMO_PROTO, "--servername",
                        "rpccli.test", self.server.target, "Greet",
                        '{"name": "tls"}', env=without_trust_variables(
                            **{variable: value}))
                    self.assertEqual(result.returncode, 0, result.stderr)
        missing = rpccli("call", "-p", DEMO_PROTO, self.server.target,
                         "Greet", "{}", env=without_trust_variables(
                             SSL_CERT_FILE="/nonexistent.pem"))
        self.assertEqual((missing.returncode, missing.stdout), (1, b""))
        self.assertTrue(missing.stderr.decode().startswith(
            "rpccli: error: the trust store /nonexistent.pem (SSL_CERT_FILE): "
            "cannot open"), missing.stderr)

    def test_a_ca_file_from_a_pipe(self):
        # As `--cacert <(...)` gives it: a pipe can be read only once, and
        # both the check of the file and gRPC's credentials need it.
        with open(CERTS["ca.pem"], "rb") as ca:
            result = rpccli("call", "-p", DEMO_PROTO, "--cacert", "/dev/stdin",
                            "--servername", "rpccli.test", self.server.target,
                            "Greet", '{"name": "pipe"}', input=ca.read())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["message"], "Hello, pipe!")

    def test_an_untrusted_certificate_is_refused(self):
        # The system's store: looked up by hash where it can be (hashed
        # roots say the reason themselves), else read whole.
        system = rpccli("call", "-p", DEMO_PROTO, "--servername",
                        "rpccli.test", self.server.target, "Greet", "{}",
                        env=without_trust_variables())
        self.assertEqual((system.returncode, system.stdout), (1, b""))
        self.assertRegex(
            system.stderr.decode(),
            r"^rpccli: error: \S+: cannot connect: the server's certificate "
            r"is not trusted: unable to get local issuer certificate \("
            r"(certificate verify failed|error:0A000086:SSL routines::"
            r"certificate verify failed)\); pass its CA with --cacert, or "
            r"skip the check with --insecure\n$")
        self.assertRefused(
            greet(self.server.target, "--cacert", CERTS["other-ca.pem"],
                  "--servername", "rpccli.test"),
            "the server's certificate is not trusted: unable to get local "
            "issuer certificate (error:0A000086:SSL routines::certificate "
            "verify failed); pass its CA with --cacert, or skip the check "
            "with --insecure")

    def test_a_name_mismatch_names_what_the_certificate_is_for(self):
        self.assertRefused(
            greet(self.server.target, "--cacert", CERTS["ca.pem"]),
            "Peer name 127.0.0.1 is not in peer certificate; its certificate "
            "is for rpccli.test: pass one of them with --servername")

    def test_plaintext_to_a_tls_server_is_recognised_at_once(self):
        result, seconds = timed(greet, self.server.target, "--plaintext",
                                "--connect-timeout", "30")
        self.assertRefused(result,
                           "the server speaks TLS; remove --plaintext (or http://)")
        self.assertLess(seconds, 5)

    def test_authority_is_the_name_checked_and_sent(self):
        result = greet(self.server.target, "--cacert", CERTS["ca.pem"],
                       "--authority", "rpccli.test")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_insecure_takes_any_certificate(self):
        result = greet(self.server.target, "--insecure")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_https_means_tls(self):
        result = greet("https://" + self.server.target, "--insecure")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_contradicting_flags_are_usage_errors(self):
        cases = {
            ("--cert", CERTS["client.pem"]): "rpccli: error: --cert needs --key",
            ("--key", CERTS["client.key"]): "rpccli: error: --key needs --cert",
            ("--plaintext", "--cacert", CERTS["ca.pem"]):
                "rpccli: error: --plaintext and --cacert cannot go together: "
                "--cacert is for TLS",
        }
        for flags, error in cases.items():
            result = greet(self.server.target, *flags)
            self.assertEqual(result.returncode, 2, flags)
            self.assertEqual(result.stderr.decode().splitlines()[0], error)
        # gRPC went plaintext to an https:// TARGET without a word.
        result = greet("https://" + self.server.target, "--plaintext")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "rpccli: error: --plaintext and an https:// TARGET "
                         "cannot go together: https:// is TLS (http:// is "
                         "plaintext)")

    def test_a_missing_ca_file_is_named(self):
        result = greet(self.server.target, "--cacert", "/nonexistent/ca.pem")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: /nonexistent/ca.pem (--cacert): cannot "
                         "open: No such file or directory\n")

    def test_bad_pem_files_are_named_before_connecting(self):
        # gRPC takes each of these and fails the connection with no reason.
        cases = [
            (["--cacert", CERTS["ca.key"]],
             "%s (--cacert): holds no PEM certificate (-----BEGIN "
             "CERTIFICATE-----)" % CERTS["ca.key"]),
            (["--cacert", CERTS["ca.pem"], "--cert", CERTS["client.pem"],
              "--key", CERTS["server.key"]],
             "%s (--key): is not the private key of %s (--cert)"
             % (CERTS["server.key"], CERTS["client.pem"])),
        ]
        for flags, error in cases:
            with self.subTest(flags=flags):
                result = greet(self.server.target, *flags)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: " + error + "\n")


class ExpiredTlsTest(SharedServerTest):
    @classmethod
    def start_server(cls):
        return DemoServer("--tls-cert", CERTS["expired.pem"],
                          "--tls-key", CERTS["server.key"])

    def test_an_expired_certificate_is_named_as_such(self):
        result = greet(self.server.target, "--cacert", CERTS["ca.pem"],
                       "--servername", "rpccli.test")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: %s: cannot connect: the server's "
                         "certificate has expired (error:0A000086:SSL "
                         "routines::certificate verify failed); renew it on "
                         "the server, or skip the check with --insecure\n"
                         % self.server.target)
        insecure = greet(self.server.target, "--insecure")
        self.assertEqual(insecure.returncode, 0, insecure.stderr)


class MutualTlsTest(SharedServerTest):
    @classmethod
    def start_server(cls):
        cls.socket = os.path.join(SCRATCH.name, "demo.sock")
        return DemoServer("--tls-cert", CERTS["server.pem"],
                          "--tls-key", CERTS["server.key"],
                          "--client-ca", CERTS["ca.pem"], "--unix", cls.socket)

    def test_a_client_certificate_is_accepted(self):
        result = greet(self.server.target, "--cacert", CERTS["ca.pem"],
                       "--servername", "rpccli.test", "--cert",
                       CERTS["client.pem"], "--key", CERTS["client.key"])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_no_client_certificate_is_refused_with_the_reason(self):
        result = greet(self.server.target, "--cacert", CERTS["ca.pem"],
                       "--servername", "rpccli.test")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: %s: cannot connect: the server wants a "
                         "client certificate; pass --cert and --key\n"
                         % self.server.target)

    def test_a_unix_socket_in_both_spellings(self):
        for target in ["unix:" + self.socket, "unix://" + self.socket]:
            result = greet(target, "--cacert", CERTS["ca.pem"], "--servername",
                           "rpccli.test", "--cert", CERTS["client.pem"],
                           "--key", CERTS["client.key"])
            self.assertEqual(result.returncode, 0, target + ": " + result.stderr.decode())


class LimitTest(SharedDemoServerTest):
    def call(self, *args, env=None):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                      self.server.target, *args, env=env)

    def test_max_time_ends_a_slow_call_with_68(self):
        result, seconds = timed(self.call, "Countdown", "--compact",
                                "--max-time", "0.5",
                                '{"start": 100, "interval": "0.1s"}')
        self.assertEqual(result.returncode, 64 + 4)
        self.assertEqual(result.stderr.decode(),
                         "ERROR:\n  Code: DeadlineExceeded\n  Message: Deadline Exceeded\n")
        # The ticks that came in time were printed.
        self.assertGreaterEqual(len(result.stdout.decode().splitlines()), 2)
        self.assertLess(seconds, 5)

    def test_max_time_0_is_no_limit(self):
        result = self.call("Countdown", "--compact", "--max-time", "0",
                           '{"start": 2, "interval": "0.3s"}')
        self.assertEqual((result.returncode, result.stderr), (0, b""))
        self.assertEqual(result.stdout.decode(),
                         '{"remaining":2}\n{"remaining":1}\n')

    def test_a_response_over_max_msg_sz_names_the_flag(self):
        blob = "A" * 4000  # 3000 bytes once decoded
        result = self.call("Echo", "--max-msg-sz", "1000", '{"blob": "%s"}' % blob)
        self.assertEqual(result.returncode, 64 + 8)
        self.assertEqual(result.stdout, b"")
        lines = result.stderr.decode().splitlines()
        self.assertEqual(lines[:2], ["ERROR:", "  Code: ResourceExhausted"])
        self.assertEqual(lines[-1], "rpccli: error: a response is larger than "
                         "the 1000-byte limit; raise it with --max-msg-sz")
        fits = self.call("Echo", "--max-msg-sz", "10000", '{"blob": "%s"}' % blob)
        self.assertEqual(fits.returncode, 0, fits.stderr)

    def test_headers_past_the_servers_limit_are_named_not_the_message(self):
        big = "x-big: " + "a" * 100000  # past the server's 8 KiB
        result = self.call("Echo", "-H", big, "{}")
        self.assertEqual(result.returncode, 64 + 8)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(lines[:2], ["ERROR:", "  Code: ResourceExhausted"])
        self.assertEqual(lines[-1], "rpccli: error: headers were past a size "
                         "limit: the request's at the server (gRPC servers "
                         "take 8 KiB by default; send fewer or smaller -H "
                         "headers), or the response's at rpccli (1 MiB)")
        # By reflection: not "the answer is too large; raise --max-msg-sz".
        listed = rpccli("list", "--plaintext", "-H", big, self.server.target)
        self.assertEqual(listed.returncode, 1)
        self.assertRegex(listed.stderr.decode(),
                         r"^rpccli: error: .*server reflection failed: "
                         r"headers were past a size limit \(.*\): the "
                         r"request's at the server .* or the response's at "
                         r"rpccli \(1 MiB\)\n$")

    def test_keepalive_time_sends_pings_during_a_quiet_call(self):
        # gRPC's own trace is the only place a client's pings show; rpccli
        # keeps gRPC's logs when its debugging variables are set.
        trace = {"GRPC_TRACE": "http_keepalive", "GRPC_VERBOSITY": "DEBUG"}
        slow = '{"start": 2, "interval": "1.5s"}'
        result = self.call("Countdown", "--keepalive-time", "0.5", slow, env=trace)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Start keepalive ping", result.stderr.decode())
        without = self.call("Countdown", slow, env=trace)
        self.assertEqual(without.returncode, 0, without.stderr)
        self.assertNotIn("Start keepalive ping", without.stderr.decode())


class PathProxy(DemoServer):
    """path_proxy.js: a reverse proxy in front of `upstream` that routes
    by the path prefix `prefix` (and answers 404 to other paths)."""

    def __init__(self, prefix, upstream):
        super().__init__(prefix, str(upstream.port))

    def command(self):
        return ["node", os.path.join(SOURCE_DIR, "tests", "e2e",
                                     "path_proxy.js"), *self.flags]


class PathPrefixTest(unittest.TestCase):
    """A server behind https://host/prefix: the URL's path goes before
    every method's, reflection's and health's too."""

    def test_a_url_path_is_the_prefix_of_every_method(self):
        with DemoServer() as demo, PathProxy("/api/grpc", demo) as proxy:
            target = "http://%s/api/grpc/" % proxy.target
            listed = rpccli("list", target)
            self.assertEqual(listed.returncode, 0, listed.stderr)
            self.assertEqual(listed.stdout.decode(),
                             "demo.Demo\ngrpc.health.v1.Health\n")
            called = rpccli("call", target, "demo.Demo/Greet",
                            '{"name": "p"}')
            self.assertEqual(called.returncode, 0, called.stderr)
            self.assertEqual(json.loads(called.stdout)["message"],
                             "Hello, p!")
            health = rpccli("health", target)
            self.assertEqual((health.returncode, health.stdout),
                             (0, b"SERVING\n"), health.stderr)
            bench = rpccli("bench", "-p", DEMO_PROTO, "-n", "20", target,
                           "demo.Demo/Greet", '{"name": "p"}')
            self.assertEqual(bench.returncode, 0, bench.stderr)
            self.assertIn(b"20 OK", bench.stdout)
            paths = {line for line in proxy.log() if line.startswith("path ")}
            self.assertIn("path /api/grpc/demo.Demo/Greet", paths)
            self.assertIn("path /api/grpc/grpc.health.v1.Health/Check", paths)
            self.assertEqual({path for path in paths
                              if not path.startswith("path /api/grpc/")},
                             set())

    def test_a_url_with_a_query_is_refused(self):
        result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                        "http://127.0.0.1:1/api?x=1", "demo.Demo/Greet", "{}")
        self.assertEqual((result.returncode, result.stdout), (2, b""))
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "rpccli: error: TARGET http://127.0.0.1:1/api?x=1: a "
                         "URL TARGET takes a path prefix, not a query or "
                         "fragment (?x=1)")


class SilentTlsServer(DemoServer):
    """silent_tls_server.py: closes on a TLS hello without a word, and
    speaks HTTP/2 in plaintext, as etcd's port does."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(
            SOURCE_DIR, "tests", "e2e", "silent_tls_server.py")]


class ForgottenPlaintextTest(unittest.TestCase):
    def test_a_server_that_closes_on_tls_but_speaks_http2_gets_the_hint(self):
        with SilentTlsServer() as server:
            result = rpccli("call", "-p", DEMO_PROTO, "--connect-timeout", "5",
                            server.target, "demo.Demo/Greet", "{}")
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertTrue(result.stderr.decode().endswith(
            " at the TLS handshake; the server speaks HTTP/2 without TLS: add "
            "--plaintext (or http://)\n"), result.stderr)


class Http1OnlyTlsTest(unittest.TestCase):
    def test_a_tls_server_that_does_not_choose_http2_is_named(self):
        # TLS is made, but ALPN picks http/1.1: gRPC says only "missing
        # selected ALPN property".
        with tempfile.TemporaryDirectory() as scratch:
            certificates = make_certificates(scratch)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificates["server.pem"],
                                    certificates["server.key"])
            context.set_alpn_protocols(["http/1.1"])
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            self.addCleanup(listener.close)

            def serve():
                while True:
                    try:
                        connection, _ = listener.accept()
                    except OSError:
                        return  # closed: the test is over
                    try:
                        with context.wrap_socket(connection,
                                                 server_side=True) as tls:
                            tls.recv(65536)
                    except (OSError, ssl.SSLError):
                        pass

            threading.Thread(target=serve, daemon=True).start()
            target = "127.0.0.1:%d" % listener.getsockname()[1]
            result = rpccli("call", "-p", DEMO_PROTO, "--cacert",
                            certificates["ca.pem"], "--servername",
                            "rpccli.test", "--connect-timeout", "5", target,
                            "demo.Demo/Greet", "{}", timeout=30)
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: %s: cannot connect: the server did not agree to "
            "HTTP/2 in the TLS handshake (missing selected ALPN property.), "
            "which gRPC needs: it speaks HTTP/1.1 only? (Connect and gRPC-Web "
            "can: --protocol connect or grpcweb)\n" % target)


class AuthorityTest(unittest.TestCase):
    def test_authority_is_what_the_server_sees(self):
        with H2EchoServer() as server:
            for flags, expected in [((), server.target),
                                    (("--authority", "api.example.com"),
                                     "api.example.com")]:
                before = len(server.log())
                result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                                *flags, server.target, "demo.Demo/Echo", "{}")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIsNotNone(server.wait_for_log("call "))
                self.assertIn("authority " + expected, server.log()[before:])


class NameResolutionTest(unittest.TestCase):
    def test_a_name_that_does_not_resolve_says_so_at_once(self):
        # The name is asked of a DNS server of the test's own, which knows
        # none: the machine's resolver, and the network, play no part.
        with NxdomainDns() as dns:
            target = "dns://%s/no-such-host.invalid:50051" % dns.target
            result, seconds = timed(rpccli, "call", "--plaintext", "-p",
                                    DEMO_PROTO, target, "Greet", "{}")
            self.assertTrue(dns.wait_for_log("question"), "DNS was not asked")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: %s: cannot connect: the host name "
                         "does not resolve (Domain name not found)\n" % target)
        # Told, not timed out: the connect timeout is 10 s.
        self.assertLess(seconds, 8)


if __name__ == "__main__":
    unittest.main()
