#include "schema/symbol.h"

#include <gtest/gtest.h>

#include "schema/proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

TEST(SplitMethodName, SplitsAtTheLastSlashElseTheLastDot) {
  MethodName slash = SplitMethodName("pkg.sub.Service/Method");
  EXPECT_EQ(slash.service, "pkg.sub.Service");
  EXPECT_EQ(slash.method, "Method");
  MethodName dot = SplitMethodName("pkg.Service.Method");
  EXPECT_EQ(dot.service, "pkg.Service");
  EXPECT_EQ(dot.method, "Method");
  MethodName bare = SplitMethodName("Method");
  EXPECT_EQ(bare.service, "");
  EXPECT_EQ(bare.method, "Method");
  EXPECT_EQ(SplitMethodName(".pkg.S/M").service, "pkg.S");
}

// Two packages whose services share a method name, and two services with
// the same simple name, to exercise suffixes and ambiguity.
class ResolveTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("shop.proto", R"(
      syntax = "proto3";
      package shop.v1;
      message Req {}
      service Orders { rpc Get(Req) returns (Req); rpc List(Req) returns (Req); }
      service Items { rpc Get(Req) returns (Req); rpc Search(Req) returns (Req); }
    )");
    dir_.Write("admin.proto", R"(
      syntax = "proto3";
      package admin;
      message Req {}
      service Orders { rpc Purge(Req) returns (Req); }
    )");
    SchemaOptions options;
    options.import_paths = {dir_.path()};
    options.proto_files = {"shop.proto", "admin.proto"};
    std::string err;
    ASSERT_TRUE(files_.Load(options, &err)) << err;
    for (const pb::FileDescriptor* file : files_.files()) {
      for (int i = 0; i < file->service_count(); ++i) {
        services_.push_back(file->service(i));
      }
    }
  }

  std::string Resolve(const std::string& name) {
    std::string err;
    const pb::MethodDescriptor* method = ResolveMethod(services_, name, &err);
    return method != nullptr ? method->full_name() : "error: " + err;
  }

  TempDir dir_;
  ProtoFiles files_;
  std::vector<const pb::ServiceDescriptor*> services_;
};

TEST_F(ResolveTest, AcceptsFullNamesInBothSpellings) {
  EXPECT_EQ(Resolve("shop.v1.Orders/Get"), "shop.v1.Orders.Get");
  EXPECT_EQ(Resolve("shop.v1.Orders.Get"), "shop.v1.Orders.Get");
  // As gRPC writes it on the wire, in logs and in grpcurl's output.
  EXPECT_EQ(Resolve("/shop.v1.Items/Get"), "shop.v1.Items.Get");
}

TEST_F(ResolveTest, AcceptsUniqueSuffixes) {
  EXPECT_EQ(Resolve("Search"), "shop.v1.Items.Search");
  EXPECT_EQ(Resolve("Items/Get"), "shop.v1.Items.Get");
  EXPECT_EQ(Resolve("v1.Orders/Get"), "shop.v1.Orders.Get");
  EXPECT_EQ(Resolve("Purge"), "admin.Orders.Purge");
}

TEST_F(ResolveTest, SuffixesMatchWholeComponentsOnly) {
  EXPECT_EQ(
      Resolve("tems/Get"),
      "error: unknown method \"tems/Get\"; did you mean shop.v1.Items/Get?");
}

TEST_F(ResolveTest, AnAmbiguousSuffixListsTheCandidates) {
  EXPECT_EQ(Resolve("Get"),
            "error: ambiguous method \"Get\"; it could be shop.v1.Items/Get "
            "or shop.v1.Orders/Get");
  EXPECT_EQ(Resolve("Orders/Get"), "shop.v1.Orders.Get");
}

TEST_F(ResolveTest, SaysWhichKindOfMissAFailureIs) {
  std::string err;
  NameMiss miss = NameMiss::kNone;
  EXPECT_EQ(ResolveMethod(services_, "Get", &err, &miss), nullptr);
  EXPECT_EQ(miss, NameMiss::kAmbiguous);
  EXPECT_EQ(ResolveMethod(services_, "Nothing", &err, &miss), nullptr);
  EXPECT_EQ(miss, NameMiss::kUnknown);
  EXPECT_EQ(ResolveMethod(services_, "shop.v1.Orders/Gte", &err, &miss),
            nullptr);
  EXPECT_EQ(miss, NameMiss::kNearMiss);
  EXPECT_NE(ResolveMethod(services_, "shop.v1.Orders/Get", &err, &miss),
            nullptr);
  EXPECT_EQ(miss, NameMiss::kNone);
}

// A service or message named where a method belongs is said to be one,
// even when a method's name is near enough to suggest.
TEST(Resolve, SaysAServiceIsOneThoughAMethodIsNearItsName) {
  TempDir dir;
  dir.Write("route.proto", R"(
    syntax = "proto3";
    package routeguide;
    message Feature {}
    service RouteGuide { rpc RouteChat(Feature) returns (Feature); }
  )");
  ProtoFiles files;
  SchemaOptions options;
  options.import_paths = {dir.path()};
  options.proto_files = {"route.proto"};
  std::string err;
  ASSERT_TRUE(files.Load(options, &err)) << err;
  std::vector<const pb::ServiceDescriptor*> services = {
      files.files()[0]->service(0)};
  NameMiss miss = NameMiss::kNone;
  EXPECT_EQ(ResolveMethod(services, "routeguide.RouteGuide", &err, &miss),
            nullptr);
  EXPECT_EQ(err,
            "routeguide.RouteGuide is a service; call one of its methods: "
            "routeguide.RouteGuide/RouteChat");
  EXPECT_EQ(miss, NameMiss::kUnknown);
  EXPECT_EQ(ResolveMethod(services, "routeguide.Feature", &err, &miss), nullptr);
  EXPECT_EQ(err.rfind("routeguide.Feature is a message, not a method", 0), 0u)
      << err;
}

TEST_F(ResolveTest, ANearMissSuggestsTheClosestName) {
  EXPECT_EQ(
      Resolve("Serch"),
      "error: unknown method \"Serch\"; did you mean shop.v1.Items/Search?");
  EXPECT_EQ(Resolve("Items/Serch"),
            "error: unknown method \"Items/Serch\"; did you mean "
            "shop.v1.Items/Search?");
}

TEST_F(ResolveTest, AServiceWhereAMethodBelongsListsItsMethods) {
  const char kItems[] =
      "error: shop.v1.Items is a service; call one of its methods: "
      "shop.v1.Items/Get, shop.v1.Items/Search";
  EXPECT_EQ(Resolve("shop.v1.Items"), kItems);
  EXPECT_EQ(Resolve("Items"), kItems);
  EXPECT_EQ(Resolve("shop.v1/Items"), kItems);
  // Orders names two services: no guess.
  EXPECT_EQ(Resolve("Orders"), "error: unknown method \"Orders\"");
  EXPECT_EQ(Resolve("admin.Orders"),
            "error: admin.Orders is a service; call one of its methods: "
            "admin.Orders/Purge");
}

TEST_F(ResolveTest, AMessageWhereAMethodBelongsNamesTheMethodsTakingIt) {
  EXPECT_EQ(Resolve("shop.v1.Req"),
            "error: shop.v1.Req is a message, not a method; the methods that "
            "take it: shop.v1.Orders/Get, shop.v1.Orders/List, "
            "shop.v1.Items/Get, shop.v1.Items/Search");
  EXPECT_EQ(Resolve("/admin.Req"),
            "error: admin.Req is a message, not a method; the methods that "
            "take it: admin.Orders/Purge");
}

TEST_F(ResolveTest, AFarMissSuggestsNothing) {
  EXPECT_EQ(Resolve("Frobnicate"), "error: unknown method \"Frobnicate\"");
}

TEST_F(ResolveTest, ResolvesServicesByNameOrSuffix) {
  std::vector<std::string> names;
  for (const pb::ServiceDescriptor* service : services_) {
    names.push_back(service->full_name());
  }
  std::string err;
  EXPECT_EQ(ResolveServiceName(names, "Items", &err), "shop.v1.Items") << err;
  EXPECT_EQ(ResolveServiceName(names, "Orders", &err), "");
  EXPECT_EQ(err,
            "ambiguous service \"Orders\"; it could be admin.Orders or "
            "shop.v1.Orders");
  EXPECT_EQ(ResolveServiceName(names, "admin.Orders", &err), "admin.Orders");
}

TEST_F(ResolveTest, WirePathIsSlashSeparated) {
  std::string err;
  const pb::MethodDescriptor* method = ResolveMethod(services_, "Search", &err);
  ASSERT_NE(method, nullptr);
  EXPECT_EQ(WirePath(*method), "/shop.v1.Items/Search");
}

}  // namespace
}  // namespace rpccli
