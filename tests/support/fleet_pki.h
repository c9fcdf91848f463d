#pragma once
// Certificates for a fleet of N stores. firmware-config/provision.sh makes the
// CA, the broker's and HQ's certificates, HQ's Ed25519 pair and the first
// store's certificate; it runs four openssl processes per store (a third of a
// second each on this machine, six minutes for 1,000 stores), so the other
// stores' certificates are issued here, in-process, from the same CA with the
// fields provision.sh gives a single-kiosk store: a P-256 key (PKCS#8 PEM,
// 0600), subject CN = store id, extendedKeyUsage clientAuth, SHA-256, 825 days.
// Header-only: used by tests/scenarios/fleet_50_test.cpp and bench/fleet_bench.cpp.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "smartstore/common/parallel.h"
#include "smartstore/common/private_file.h"
#include "support/test_paths.h"

namespace smartstore::testing::fleet {

namespace pki_detail {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

inline File open_file(const std::filesystem::path& p, const char* mode) {
  File f(std::fopen(p.c_str(), mode));
  if (!f) throw std::runtime_error("fleet pki: cannot open " + p.string());
  return f;
}

inline void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("fleet pki: " + what + " failed");
}

// PEM written by `pem` into a memory BIO, then into a new 0600 file, as
// provision.sh leaves every file it makes.
template <class Pem>
void write_private(const std::filesystem::path& file, Pem pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> mem(BIO_new(BIO_s_mem()), BIO_free);
  check(mem && pem(mem.get()) == 1, "PEM for " + file.string());
  char* data = nullptr;
  const long n = BIO_get_mem_data(mem.get(), &data);
  auto out = PrivateFile::create(file);
  check(out.has_value() && out->write(std::string_view(data, static_cast<std::size_t>(n))).has_value() &&
            out->close().has_value(),
        "writing " + file.string());
}

}  // namespace pki_detail

// One client certificate for `store` under pki/ca.{crt,key}: pki/<store>.{crt,key}.
inline void issue_store_certificate(const std::filesystem::path& pki, const std::string& store) {
  using namespace pki_detail;
  std::unique_ptr<X509, decltype(&X509_free)> ca(
      PEM_read_X509(open_file(pki / "ca.crt", "r").get(), nullptr, nullptr, nullptr), X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ca_key(
      PEM_read_PrivateKey(open_file(pki / "ca.key", "r").get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  check(ca && ca_key, "reading the CA");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  check(key && cert, "P-256 key");
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial) == 1, "serial");
  serial[0] &= 0x7f;  // a positive INTEGER
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_bin2bn(serial, sizeof serial, nullptr), BN_free);
  check(
      X509_set_version(cert.get(), 2) == 1 && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())),
      "serial number");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(store.c_str()),
                             -1, -1, 0);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get())) == 1 &&
            X509_set_pubkey(cert.get(), key.get()) == 1,
        "certificate fields");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca.get(), cert.get(), nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> eku(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_ext_key_usage, "clientAuth"), X509_EXTENSION_free);
  check(eku && X509_add_ext(cert.get(), eku.get(), -1) == 1, "extendedKeyUsage");
  check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "signing");
  write_private(pki / (store + ".key"), [&](BIO* out) {
    return PEM_write_bio_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  write_private(pki / (store + ".crt"), [&](BIO* out) { return PEM_write_bio_X509(out, cert.get()); });
}

// provision.sh for the CA, broker, hq and the first store, then the other
// stores' certificates on `workers` threads. Throws when anything fails.
inline void provision_fleet(const std::filesystem::path& pki, const std::vector<std::string>& stores,
                            unsigned workers = 2) {
  std::filesystem::create_directories(pki.parent_path());
  std::string cmd = "sh " + (source_dir() / "firmware-config" / "provision.sh").string() + " " +
                    pki.string() + " " + stores.at(0) + " >" +
                    (pki.parent_path() / "provision.log").string() + " 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("fleet: provision.sh failed: " + cmd);
  parallel_for(workers, stores.size() - 1, [&](unsigned, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) issue_store_certificate(pki, stores[i + 1]);
  });
}

}  // namespace smartstore::testing::fleet
