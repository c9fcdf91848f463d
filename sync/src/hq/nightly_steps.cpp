// The nightly's programs, fingerprints and state file.
#include "hq/nightly_steps.h"

#include <spawn.h>
#include <sys/wait.h>

#include <openssl/evp.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hq/file_bytes.h"
#include "smartstore/common/private_file.h"

extern char** environ;

namespace smartstore::sync::detail {
namespace {

constexpr const char* kOrigin = "hq nightly";

}  // namespace

Status run_program(const std::filesystem::path& program, const std::vector<std::string>& args) {
  std::vector<std::string> argv_text{program.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (spawned != 0)
    return fail(ErrorKind::unavailable, "cannot run " + program.string() + ": " + std::strerror(spawned),
                kOrigin);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return fail(ErrorKind::internal, "waitpid failed for " + program.string(), kOrigin);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ok();
  const std::string how = WIFEXITED(status) ? "exited with " + std::to_string(WEXITSTATUS(status))
                                            : "was killed by signal " + std::to_string(WTERMSIG(status));
  return fail(ErrorKind::unavailable,
              program.filename().string() + " " + (args.empty() ? "" : args[0]) + " " + how, kOrigin);
}

Result<std::string> fingerprint(const std::vector<std::filesystem::path>& files) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    return fail(ErrorKind::internal, "sha256 unavailable", kOrigin);
  std::vector<char> buf(1 << 20);
  for (const auto& f : files) {
    const std::string name = f.filename().string() + "\n";
    EVP_DigestUpdate(ctx.get(), name.data(), name.size());
    std::ifstream in(f, std::ios::binary);
    if (!in) continue;
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return fail(ErrorKind::storage_io, "cannot read " + f.string(), kOrigin);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) hex += {"0123456789abcdef"[md[i] >> 4], "0123456789abcdef"[md[i] & 15]};
  return hex;
}

Result<NightlyState> load_nightly_state(const std::filesystem::path& file) {
  NightlyState s;
  if (!std::filesystem::exists(file)) return s;  // the first run
  auto text = read_file_bytes(file);
  if (!text) return text.error();
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorKind::invalid_input, file.string() + ": not a JSON object (delete it to start afresh)",
                kOrigin);
  try {
    s.inputs_by_day = j.value("inputs_by_day", decltype(s.inputs_by_day){});
    s.sent_version = j.value("sent_version", decltype(s.sent_version){});
    s.catalog_sent = j.value("catalog_sent", "");
    s.campaigns_sent = j.value("campaigns_sent", "");
    s.catalog_stores = j.value("catalog_stores", decltype(s.catalog_stores){});
    s.campaign_stores = j.value("campaign_stores", decltype(s.campaign_stores){});
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::invalid_input, file.string() + ": " + e.what(), kOrigin);
  }
  return s;
}

Status save_nightly_state(const std::filesystem::path& file, const NightlyState& s) {
  nlohmann::json j = {{"inputs_by_day", s.inputs_by_day},   {"sent_version", s.sent_version},
                      {"catalog_sent", s.catalog_sent},     {"campaigns_sent", s.campaigns_sent},
                      {"catalog_stores", s.catalog_stores}, {"campaign_stores", s.campaign_stores}};
  return replace_private_file(file, j.dump(2) + "\n", true);
}

}  // namespace smartstore::sync::detail
