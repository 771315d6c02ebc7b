#include "transport/hashed_roots.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace rpccli {
namespace {

TEST(HashedRoots, ADirectoryIsHashedWhenARootIsNamedByItsHash) {
  TempDir dir;
  dir.Write("README", "not a root\n");
  dir.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  EXPECT_FALSE(IsHashedDirectory(dir.path()));
  dir.Write("1a2b3c4e.0", "-----BEGIN CERTIFICATE-----\n");
  EXPECT_TRUE(IsHashedDirectory(dir.path()));
  EXPECT_FALSE(IsHashedDirectory(dir.path() + "/missing"));
  // A root that does not read stands in for none.
  EXPECT_EQ(OneRootOf(dir.path()), "");
}

TEST(HashedRoots, OneRootOfTheSystemsStoreReadsAsPem) {
  if (!IsHashedDirectory("/etc/ssl/certs")) GTEST_SKIP();
  std::string root = OneRootOf("/etc/ssl/certs");
  EXPECT_EQ(root.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u) << root;
}

}  // namespace
}  // namespace rpccli
