#include "agent/snapshot_stage.h"

#include <algorithm>
#include <functional>

#include "agent/snapshot_stage_chunks.h"
#include "smartstore/common/private_file.h"

namespace smartstore::sync::detail {
namespace fs = std::filesystem;

namespace {

// Written to a temporary and renamed (common/private_file.h): a killed process
// leaves either the whole file or none. Chunk files skip the fsync: after a
// power cut a torn chunk fails its hash when taken (nothing is trusted from
// disk across a restart) and is re-requested; only the manifest, which names
// the hashes, is synced.
void write_file_atomic(const fs::path& file, const std::string& bytes, bool sync) {
  if (Status written = replace_private_file(file, bytes, sync); !written)
    throw std::runtime_error(written.error().message());
}

}  // namespace

SnapshotStage::SnapshotStage(fs::path dir, std::uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace);
}

fs::path SnapshotStage::version_dir(std::int64_t v) const {
  std::string name = "v";  // not "v" + to_string(v): g++ 12 -O2 -Wrestrict false positive
  name += std::to_string(v);
  return dir_ / name;
}

std::optional<models::SnapshotManifest> SnapshotStage::manifest_of(std::int64_t v) {
  if (auto it = manifests_.find(v); it != manifests_.end()) return it->second;
  auto text = read_staged_file(version_dir(v) / "manifest.json");
  if (!text) return std::nullopt;
  auto m = models::decode_manifest(*text);
  if (!m) return std::nullopt;
  manifests_[v] = *m;
  return *std::move(m);
}

void SnapshotStage::put_manifest(const models::SnapshotManifest& m, const std::string& text) {
  std::lock_guard lock(mu_);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    auto name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == 'v') {
      std::int64_t v = std::strtoll(name.c_str() + 1, nullptr, 10);
      if (v < m.version && pinned_.count(v) == 0) {  // a pinned one goes when its apply ends
        fs::remove_all(entry.path());
        manifests_.erase(v);
        progress_.erase(v);
        unanswered_.erase(v);
        arrived_.erase(v);
        verified_.erase(v);
      }
    }
  }
  if (pinned_.count(m.version) != 0) return;  // being applied: its files stay as verified
  fs::create_directories(version_dir(m.version));
  write_file_atomic(version_dir(m.version) / "manifest.json", text, true);
  manifests_[m.version] = m;
  verified_.erase(m.version);  // a manifest sent again may name other hashes: check every chunk when taken
  progress_[m.version] = arrived_[m.version] = std::chrono::steady_clock::now();
  unanswered_.erase(m.version);
}

Status SnapshotStage::put_chunk(std::int64_t version, std::uint32_t index, const std::string& sha256,
                                const std::string& data) {
  auto refused = [index](ErrorKind kind, const std::string& why) {
    return fail(kind, "chunk " + std::to_string(index) + ": " + why, "snapshot");
  };
  std::string actual = models::sha256_hex(data);
  if (actual != sha256) return refused(ErrorKind::invalid_input, "sha256 does not match its envelope");
  std::lock_guard lock(mu_);
  auto m = manifest_of(version);
  if (!m) return refused(ErrorKind::conflict, "no manifest announced v" + std::to_string(version));
  if (index >= m->chunks.size()) return refused(ErrorKind::conflict, "beyond the manifest's chunk count");
  if (m->chunks[index].sha256 != actual)
    return refused(ErrorKind::invalid_input, "sha256 does not match the manifest");
  if (pinned_.count(version) != 0) return ok();  // a redelivery of a chunk being applied
  auto file = version_dir(version) / models::chunk_file_name(index);
  std::error_code ec;
  if (verified_[version].count(index) != 0 && fs::is_regular_file(file, ec)) {
    progress_[version] = arrived_[version] = std::chrono::steady_clock::now();
    unanswered_.erase(version);
    return ok();  // a copy of a chunk staged and checked already
  }
  std::uint64_t replaced = fs::is_regular_file(file, ec) ? fs::file_size(file, ec) : 0;
  std::uint64_t staged = staged_bytes();
  if (staged - std::min(staged, replaced) + data.size() > max_bytes_)
    return refused(ErrorKind::storage_full,
                   "staging would exceed its budget of " + std::to_string(max_bytes_) + " bytes");
  fs::create_directories(version_dir(version));
  write_file_atomic(file, data, false);
  verified_[version].insert(index);
  progress_[version] = arrived_[version] = std::chrono::steady_clock::now();
  unanswered_.erase(version);
  return ok();
}

std::uint64_t SnapshotStage::staged_bytes() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  return total;
}

std::vector<std::uint32_t> SnapshotStage::missing(std::int64_t version) {
  std::lock_guard lock(mu_);
  std::vector<std::uint32_t> out;
  auto m = manifest_of(version);
  if (!m) return out;
  for (const auto& c : m->chunks)
    if (!fs::exists(version_dir(version) / models::chunk_file_name(c.index))) out.push_back(c.index);
  return out;
}

std::optional<SnapshotStage::Complete> SnapshotStage::take_if_complete(std::int64_t version) {
  std::lock_guard lock(mu_);
  auto m = manifest_of(version);
  if (!m) return std::nullopt;
  for (const auto& c : m->chunks)
    if (!fs::exists(version_dir(version) / models::chunk_file_name(c.index))) return std::nullopt;
  bool all_good = true;
  auto& verified = verified_[version];
  for (const auto& c : m->chunks) {
    if (verified.count(c.index) != 0) continue;
    // A chunk staged before its manifest arrived, or before a restart, is
    // checked only now; one at a time, so memory holds one chunk.
    auto file = version_dir(version) / models::chunk_file_name(c.index);
    auto bytes = read_staged_file(file);
    if (!bytes || models::sha256_hex(*bytes) != c.sha256) {
      fs::remove(file);
      all_good = false;
      continue;
    }
    verified.insert(c.index);
  }
  if (!all_good) return std::nullopt;
  pinned_.insert(version);
  return Complete{*m, std::make_unique<StagedChunks>(*this, version, version_dir(version), m->chunks.size())};
}

void SnapshotStage::unpin(std::int64_t version) {
  std::lock_guard lock(mu_);
  pinned_.erase(version);
}

void SnapshotStage::remove(std::int64_t version) {
  std::lock_guard lock(mu_);
  // Open descriptors of a Complete still reading it stay valid.
  fs::remove_all(version_dir(version));
  manifests_.erase(version);
  progress_.erase(version);
  unanswered_.erase(version);
  arrived_.erase(version);
  verified_.erase(version);
}

std::vector<std::int64_t> SnapshotStage::staged_versions() {
  std::lock_guard lock(mu_);
  std::vector<std::int64_t> out;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    auto name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == 'v' && fs::exists(entry.path() / "manifest.json"))
      out.push_back(std::strtoll(name.c_str() + 1, nullptr, 10));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::chrono::steady_clock::time_point SnapshotStage::last_progress(std::int64_t version) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = progress_.try_emplace(version, std::chrono::steady_clock::now());
  return it->second;
}

std::optional<std::chrono::steady_clock::time_point> SnapshotStage::last_arrival(std::int64_t version) {
  std::lock_guard lock(mu_);
  auto it = arrived_.find(version);
  if (it == arrived_.end()) return std::nullopt;
  return it->second;
}

void SnapshotStage::requested(std::int64_t version) {
  std::lock_guard lock(mu_);
  progress_[version] = std::chrono::steady_clock::now();
  ++unanswered_[version];
}

unsigned SnapshotStage::unanswered(std::int64_t version) {
  std::lock_guard lock(mu_);
  auto it = unanswered_.find(version);
  return it == unanswered_.end() ? 0 : it->second;
}

std::chrono::milliseconds chunk_request_wait(std::chrono::milliseconds base, unsigned unanswered,
                                             std::string_view store_id) {
  const auto wait = base * (std::int64_t{1} << std::min(unanswered, 6U));
  const auto quarter = std::max<std::int64_t>(1, wait.count() / 4);
  return wait + std::chrono::milliseconds(static_cast<std::int64_t>(std::hash<std::string_view>{}(store_id) %
                                                                    static_cast<std::size_t>(quarter)));
}

}  // namespace smartstore::sync::detail
