#include "transport/tls_files.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <string>

#include "temp_dir.h"

namespace rpccli {
namespace {

// A new EC key in PEM, and a self-signed certificate of it.
struct Pair {
  std::string key;
  std::string cert;
};

Pair MakePair() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("t"), -1,
                             -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  auto pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<size_t>(size));
    BIO_free(bio);
    return text;
  };
  Pair pair{pem([&](BIO* bio) {
              PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr,
                                       nullptr);
            }),
            pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert); })};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pair;
}

class TlsFilesTest : public testing::Test {
 protected:
  std::string Check(const std::string& cacert, const std::string& cert,
                    const std::string& key) {
    ConnectionOptions connection;
    connection.cacert = cacert;
    connection.cert = cert;
    connection.key = key;
    std::string err;
    TlsFiles files;
    return ReadTlsFiles(connection, &files, &err) ? "" : err;
  }

  TempDir dir_;
  Pair one_ = MakePair();
  Pair other_ = MakePair();
};

TEST_F(TlsFilesTest, GoodFilesPass) {
  std::string cert = dir_.Write("c.pem", one_.cert);
  std::string key = dir_.Write("k.pem", one_.key);
  EXPECT_EQ(Check(cert, cert, key), "");
  EXPECT_EQ(Check("", "", ""), "");
}

TEST_F(TlsFilesTest, EachFileIsReadOnceEvenFromAPipe) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], one_.cert.data(), one_.cert.size()),
            static_cast<ssize_t>(one_.cert.size()));
  close(fds[1]);
  ConnectionOptions connection;
  connection.cacert = "/dev/fd/" + std::to_string(fds[0]);  // as <(...) is
  for (int time = 1; time <= 2; ++time) {
    TlsFiles files;
    std::string err;
    ASSERT_TRUE(ReadTlsFiles(connection, &files, &err)) << time << ": " << err;
    EXPECT_EQ(files.ca, one_.cert) << time;
  }
  close(fds[0]);
}

TEST_F(TlsFilesTest, EachBadFileIsNamedWithWhy) {
  std::string cert = dir_.Write("c.pem", one_.cert);
  std::string key = dir_.Write("k.pem", one_.key);
  std::string other_key = dir_.Write("other.pem", other_.key);
  std::string empty = dir_.Write("empty.pem", "");
  std::string text = dir_.Write("notes.txt", "not a certificate\n");
  EXPECT_EQ(Check(empty, "", ""), empty + " (--cacert): is empty");
  EXPECT_EQ(Check(text, "", ""),
            text +
                " (--cacert): holds no PEM certificate (-----BEGIN "
                "CERTIFICATE-----)");
  // A key where the CA's certificates belong.
  EXPECT_EQ(Check(key, "", ""),
            key +
                " (--cacert): holds no PEM certificate (-----BEGIN "
                "CERTIFICATE-----)");
  EXPECT_EQ(Check("", text, key),
            text +
                " (--cert): holds no PEM certificate (-----BEGIN "
                "CERTIFICATE-----)");
  EXPECT_EQ(Check("", cert, cert),
            cert +
                " (--key): holds no PEM private key (-----BEGIN PRIVATE "
                "KEY-----), or one protected by a passphrase");
  EXPECT_EQ(
      Check("", cert, other_key),
      other_key + " (--key): is not the private key of " + cert + " (--cert)");
  EXPECT_EQ(Check(dir_.path(), "", ""),
            dir_.path() + " (--cacert): is a directory, not a file");
}

}  // namespace
}  // namespace rpccli
