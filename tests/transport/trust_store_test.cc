#include "transport/trust_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "temp_dir.h"
#include "transport/hashed_roots.h"

namespace rpccli {
namespace {

constexpr char kCertificate[] =
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

EnvironmentLookup Environment(std::map<std::string, std::string> variables) {
  return [variables](const char* name) -> const char* {
    auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

TEST(TrustStore, TheVariablesComeFirstAsInOpenSslCurlAndGo) {
  TrustStore file = FindTrustStore(
      Environment({{"SSL_CERT_FILE", "/x/ca.pem"}, {"SSL_CERT_DIR", "/d"}}));
  EXPECT_EQ(file.file, "/x/ca.pem");
  EXPECT_EQ(file.directory, "");
  EXPECT_EQ(file.Said(), "/x/ca.pem (SSL_CERT_FILE)");
  TrustStore directory =
      FindTrustStore(Environment({{"SSL_CERT_DIR", "/d1:/d2"}}));
  EXPECT_EQ(directory.directory, "/d1");
  EXPECT_EQ(directory.Said(), "/d1 (SSL_CERT_DIR)");
  // Set but empty is not set.
  TrustStore system = FindTrustStore(Environment({{"SSL_CERT_FILE", ""}}));
  EXPECT_EQ(system.named_by, "");
  // Where the system keeps its roots by hash (Debian), they come first.
  if (IsHashedDirectory("/etc/ssl/certs")) {
    EXPECT_EQ(system.directory, "/etc/ssl/certs");
    EXPECT_TRUE(system.hashed);
  }
}

TEST(TrustStore, ADirectoryIsReadOnceAFileWhateverLinksNameIt) {
  TempDir dir;
  dir.Write("a.pem", kCertificate);
  dir.Write("b.crt", kCertificate);
  dir.Write("README", "not a certificate\n");
  std::filesystem::create_symlink(dir.path() + "/a.pem",
                                  dir.path() + "/1a2b3c4d.0");
  TrustStore store;
  store.directory = dir.path();
  std::string pem, err;
  ASSERT_TRUE(ReadTrustStore(store, &pem, &err)) << err;
  EXPECT_EQ(pem, std::string(kCertificate) + kCertificate);
}

TEST(TrustStore, AStoreThatCannotBeReadOrHoldsNothingIsSaid) {
  TempDir dir;
  TrustStore missing;
  missing.file = dir.path() + "/missing.pem";
  missing.named_by = "SSL_CERT_FILE";
  std::string pem, err;
  EXPECT_FALSE(ReadTrustStore(missing, &pem, &err));
  EXPECT_EQ(err.rfind("the trust store " + dir.path() +
                          "/missing.pem (SSL_CERT_FILE): ",
                      0),
            0u)
      << err;
  TrustStore empty;
  empty.directory = dir.path();
  empty.named_by = "SSL_CERT_DIR";
  EXPECT_FALSE(ReadTrustStore(empty, &pem, &err));
  EXPECT_EQ(err, "the trust store " + dir.path() +
                     " (SSL_CERT_DIR) holds no certificate");
  TrustStore none;
  EXPECT_TRUE(ReadTrustStore(none, &pem, &err));
  EXPECT_EQ(pem, "");
}

}  // namespace
}  // namespace rpccli
