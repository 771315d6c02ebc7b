#include "transport/proxy.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace rpccli {
namespace {

// Chooses with `environment` as the only variables set.
struct Chosen {
  bool ok;
  ProxyChoice choice;
  std::string err;
};
Chosen Choose(const std::string& target, const std::string& flag,
              const std::map<std::string, std::string>& environment) {
  Chosen chosen;
  chosen.ok = ChooseProxy(
      target, flag,
      [&environment](const char* name) -> const char* {
        auto found = environment.find(name);
        return found == environment.end() ? nullptr : found->second.c_str();
      },
      &chosen.choice, &chosen.err);
  return chosen;
}

TEST(ChooseProxy, NoneSetMeansDirect) {
  Chosen chosen = Choose("example.com:443", "", {});
  EXPECT_TRUE(chosen.ok);
  EXPECT_EQ(chosen.choice.url, "");
}

TEST(ChooseProxy, TheFlagThenGrpcProxyThenHttpsProxyThenHttpProxy) {
  std::map<std::string, std::string> all = {{"grpc_proxy", "http://g:1"},
                                            {"https_proxy", "http://s:2"},
                                            {"http_proxy", "http://h:3"}};
  Chosen chosen = Choose("example.com:443", "http://f:4", all);
  EXPECT_EQ(chosen.choice.url, "http://f:4");
  EXPECT_EQ(chosen.choice.source, "--proxy");
  chosen = Choose("example.com:443", "", all);
  EXPECT_EQ(chosen.choice.url, "http://g:1");
  EXPECT_EQ(chosen.choice.source, "grpc_proxy");
  all.erase("grpc_proxy");
  EXPECT_EQ(Choose("example.com:443", "", all).choice.source, "https_proxy");
  all.erase("https_proxy");
  EXPECT_EQ(Choose("example.com:443", "", all).choice.source, "http_proxy");
}

TEST(ChooseProxy, AnEmptyVariableMeansNoProxyAndStopsTheSearch) {
  Chosen chosen = Choose("example.com:443", "",
                         {{"grpc_proxy", ""}, {"https_proxy", "http://s:2"}});
  EXPECT_TRUE(chosen.ok);
  EXPECT_EQ(chosen.choice.url, "");
}

TEST(ChooseProxy, AUrlWithoutSchemeIsHttpAndAPathIsDropped) {
  EXPECT_EQ(Choose("a:1", "proxy.corp:3128", {}).choice.url,
            "http://proxy.corp:3128");
  EXPECT_EQ(Choose("a:1", "HTTP://proxy.corp:3128/", {}).choice.url,
            "http://proxy.corp:3128");
}

TEST(ChooseProxy, OtherSchemesAndEmptyHostsAreRefusedNamingTheSource) {
  Chosen chosen = Choose("a:1", "", {{"https_proxy", "socks5://p:1080"}});
  EXPECT_FALSE(chosen.ok);
  EXPECT_EQ(chosen.err,
            "https_proxy: socks5://p:1080 is not an HTTP proxy; gRPC goes "
            "through HTTP CONNECT proxies only (http://HOST:PORT)");
  chosen = Choose("a:1", "http://", {});
  EXPECT_FALSE(chosen.ok);
  EXPECT_EQ(chosen.err.rfind("--proxy: http:// is not a proxy URL", 0), 0u)
      << chosen.err;
  EXPECT_FALSE(Choose("a:1", "http://user@", {}).ok);
}

TEST(ChooseProxy, WhatGrpcWouldIgnoreIsRefusedWithoutThePassword) {
  // gRPC parses the proxy's URL itself, and on a failure connects
  // directly: the proxy asked for would be bypassed without a word.
  struct Case {
    const char* value;
    const char* err;
  } cases[] = {
      {"http://u:p@x@127.0.0.1:1",
       "--proxy: http://***@127.0.0.1:1: the user or password holds '@' (or "
       "%40), which gRPC cannot send to a proxy: it splits the proxy's URL at "
       "each '@'"},
      {"http://u:p%40x@127.0.0.1:1",
       "--proxy: http://***@127.0.0.1:1: the user or password holds '@' (or "
       "%40), which gRPC cannot send to a proxy: it splits the proxy's URL at "
       "each '@'"},
      {"http://u:hunter2/x@127.0.0.1:1",
       "--proxy: http://***@127.0.0.1:1: the user or password holds '/', '?' "
       "or '#', which end a URL's host part; write them %2F, %3F and %23"},
      {"http://u:p#x@127.0.0.1:1",
       "--proxy: http://***@127.0.0.1:1: the user or password holds '/', '?' "
       "or '#', which end a URL's host part; write them %2F, %3F and %23"},
      {"socks5://u:hunter2@127.0.0.1:1080",
       "--proxy: socks5://***@127.0.0.1:1080 is not an HTTP proxy; gRPC goes "
       "through HTTP CONNECT proxies only (http://HOST:PORT)"},
      {"http://user:SECRET PW@127.0.0.1:1",
       "--proxy: http://***@127.0.0.1:1 is not a proxy URL (http://HOST:PORT, "
       "with USER:PASSWORD@ before the host if the proxy wants them)"},
      {"http://p:99999",
       "--proxy: http://p:99999 is not a proxy URL (http://HOST:PORT, with "
       "USER:PASSWORD@ before the host if the proxy wants them)"},
      {"http://p:abc",
       "--proxy: http://p:abc is not a proxy URL (http://HOST:PORT, with "
       "USER:PASSWORD@ before the host if the proxy wants them)"},
  };
  for (const Case& c : cases) {
    Chosen chosen = Choose("a:1", c.value, {});
    EXPECT_FALSE(chosen.ok) << c.value;
    EXPECT_EQ(chosen.err, c.err);
  }
  for (const char* fine : {"http://u:p%2Fx@127.0.0.1:1", "http://[::1]:3128",
                           "http://proxy", "http://u:p@proxy:8080/path"}) {
    EXPECT_TRUE(Choose("a:1", fine, {}).ok) << fine;
  }
}

TEST(ChooseProxy, NoProxyExemptsHostsAndTheDomainsTheyEndWith) {
  std::map<std::string, std::string> environment = {
      {"https_proxy", "http://p:1"},
      {"no_proxy", " localhost , .internal,10.0.0.7 ,"}};
  EXPECT_EQ(Choose("localhost:50051", "", environment).choice.url, "");
  EXPECT_EQ(Choose("api.Internal:443", "", environment).choice.url, "");
  EXPECT_EQ(Choose("10.0.0.7:443", "", environment).choice.url, "");
  EXPECT_EQ(Choose("example.com:443", "", environment).choice.url,
            "http://p:1");
  // --proxy is exempted alike, as curl does.
  EXPECT_EQ(Choose("localhost:1", "http://f:2", environment).choice.url, "");
}

TEST(ChooseProxy, NoGrpcProxyWinsOverNoProxyEvenWhenEmpty) {
  std::map<std::string, std::string> environment = {
      {"https_proxy", "http://p:1"},
      {"no_grpc_proxy", ""},
      {"no_proxy", "example.com"}};
  EXPECT_EQ(Choose("example.com:443", "", environment).choice.url,
            "http://p:1");
  environment["no_grpc_proxy"] = "example.com";
  EXPECT_EQ(Choose("example.com:443", "", environment).choice.url, "");
}

TEST(ChooseProxy, FindsTheHostInEveryFormOfTarget) {
  std::map<std::string, std::string> environment = {
      {"https_proxy", "http://p:1"}, {"no_proxy", "svc.local,::1"}};
  for (const char* target : {"svc.local:1", "svc.local", "dns:///svc.local:1",
                             "dns://8.8.8.8/svc.local:1", "dns:svc.local:1",
                             "[::1]:50051", "ipv6:[::1]:50051"}) {
    EXPECT_EQ(Choose(target, "", environment).choice.url, "") << target;
  }
  EXPECT_EQ(Choose("other.local:1", "", environment).choice.url, "http://p:1");
}

TEST(ChooseProxy, UnixSocketsAreReachedDirectly) {
  std::map<std::string, std::string> environment = {
      {"https_proxy", "http://p:1"}};
  EXPECT_EQ(Choose("unix:/tmp/s", "", environment).choice.url, "");
  EXPECT_EQ(Choose("unix-abstract:s", "", environment).choice.url, "");
}

TEST(ProxyChoice, DescribeLeavesOutThePassword) {
  ProxyChoice choice{"http://user:secret@p:3128", "https_proxy"};
  EXPECT_EQ(choice.Describe(), "http://user@p:3128 (from https_proxy)");
  choice = {"http://p:3128", "--proxy"};
  EXPECT_EQ(choice.Describe(), "http://p:3128 (from --proxy)");
}

TEST(ProxyChoice, AFailedConnectionNamesTheProxyAndWhy) {
  ProxyChoice choice{"http://user:secret@p:3128", "grpc_proxy"};
  EXPECT_EQ(choice.CannotConnect(TunnelRefused(407)),
            "cannot connect through the proxy http://user@p:3128 (from "
            "grpc_proxy): the proxy refused the tunnel with HTTP 407");
}

}  // namespace
}  // namespace rpccli
