"""Proxies: calls through an HTTP CONNECT proxy of the tests' own, named by
gRPC's environment variables or --proxy, plaintext and TLS; no_proxy and
no_grpc_proxy going around it; and a proxy that refuses or is down named
in a one-line error."""

import json
import tempfile
import unittest

from harness import (NO_PROXIES, ConnectProxy, DemoServer, SharedDemoServerTest,
                     closed_port, make_certificates, rpccli)


def greet(target, *flags, env=None):
    return rpccli("call", *flags, target, "demo.Demo/Greet",
                  '{"name": "proxy"}', env=dict(NO_PROXIES, **(env or {})))


class PlaintextTest(SharedDemoServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proxy = ConnectProxy().__enter__()
        cls.refusing = ConnectProxy("--refuse").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.refusing.__exit__(None, None, None)
        cls.proxy.__exit__(None, None, None)
        super().tearDownClass()

    def tunnels(self, proxy):
        return [line for line in proxy.log() if line.startswith("CONNECT ")]

    def assertThroughProxy(self, result, before):
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["message"], "Hello, proxy!")
        self.assertEqual(self.tunnels(self.proxy)[before:],
                         ["CONNECT " + self.target])

    def test_each_variable_gRPC_reads_names_the_proxy(self):
        for variable in ["grpc_proxy", "https_proxy", "http_proxy"]:
            before = len(self.tunnels(self.proxy))
            result = greet(self.target, "--plaintext",
                           env={variable: self.proxy.url()})
            self.assertThroughProxy(result, before)

    def test_reflection_goes_through_it_too(self):
        before = len(self.tunnels(self.proxy))
        result = rpccli("list", "--plaintext", self.target,
                        env=dict(NO_PROXIES, https_proxy=self.proxy.url()))
        self.assertEqual((result.returncode, result.stdout),
                         (0, b"demo.Demo\ngrpc.health.v1.Health\n"),
                         result.stderr)
        self.assertEqual(self.tunnels(self.proxy)[before:],
                         ["CONNECT " + self.target])

    def test_the_flag_wins_over_the_environment(self):
        before = len(self.tunnels(self.proxy))
        result = greet(self.target, "--plaintext", "--proxy",
                       self.proxy.url(),
                       env={"grpc_proxy": self.refusing.url()})
        self.assertThroughProxy(result, before)

    def test_a_url_without_scheme_is_http(self):
        before = len(self.tunnels(self.proxy))
        result = greet(self.target, "--plaintext",
                       env={"https_proxy": self.proxy.target})
        self.assertThroughProxy(result, before)

    def test_no_proxy_and_no_grpc_proxy_go_around_it(self):
        before = len(self.tunnels(self.refusing))
        for exemption in [{"no_proxy": "example.com, 127.0.0.1"},
                          {"no_grpc_proxy": "0.0.1"}]:
            result = greet(self.target, "--plaintext",
                           env=dict(exemption,
                                    https_proxy=self.refusing.url()))
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.tunnels(self.refusing)), before)

    def test_a_refusing_proxy_is_named_with_its_answer(self):
        result = greet(self.target, "--plaintext", env={
            "https_proxy": "http://user:secret@" + self.refusing.target})
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: %s: cannot connect through the proxy "
            "http://user@%s (from https_proxy): the proxy refused the tunnel "
            "with HTTP 403\n" % (self.target, self.refusing.target))
        # The credentials went to the proxy, base64 of user:secret.
        self.assertEqual(
            self.tunnels(self.refusing)[-1],
            "CONNECT %s Proxy-Authorization: Basic dXNlcjpzZWNyZXQ="
            % self.target)

    def test_a_proxy_that_is_down_is_named(self):
        proxy = "http://127.0.0.1:%d" % closed_port()
        result = greet(self.target, "--plaintext", "--proxy", proxy)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: %s: cannot connect through the proxy %s (from "
            "--proxy): Connection refused\n" % (self.target, proxy))

    def test_a_proxy_that_is_not_http_is_refused(self):
        result = greet(self.target, "--plaintext",
                       env={"https_proxy": "socks5://127.0.0.1:1080"})
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: https_proxy: socks5://127.0.0.1:1080 is not an "
            "HTTP proxy; gRPC goes through HTTP CONNECT proxies only "
            "(http://HOST:PORT)\n")
        result = greet(self.target, "--plaintext", "--proxy", "https://p:1")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"rpccli: error: --proxy: https://p:1 is not an HTTP "
                      b"proxy", result.stderr)

    def test_bench_goes_through_it(self):
        before = len(self.tunnels(self.proxy))
        result = rpccli("bench", "--plaintext", "--proxy", self.proxy.url(),
                        "--connections", "2", "-n", "20", "--report", "json",
                        self.target, "demo.Demo/Greet", "{}", env=NO_PROXIES)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["ok"], 20)
        # A tunnel per connection (the schema's is the first of the two).
        self.assertEqual(self.tunnels(self.proxy)[before:],
                         ["CONNECT " + self.target] * 2)


class TlsTest(unittest.TestCase):
    def test_tls_goes_through_the_tunnel(self):
        with tempfile.TemporaryDirectory(prefix="rpccli-proxy-") as scratch:
            certs = make_certificates(scratch)
            with DemoServer("--tls-cert", certs["server.pem"], "--tls-key",
                            certs["server.key"]) as server, \
                    ConnectProxy() as proxy:
                result = greet(server.target, "--cacert", certs["ca.pem"],
                               "--servername", "rpccli.test",
                               env={"https_proxy": proxy.url()})
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(json.loads(result.stdout)["message"],
                                 "Hello, proxy!")
                self.assertEqual(proxy.log(), ["CONNECT " + server.target])


if __name__ == "__main__":
    unittest.main()
