// A part's snapshot records carry each customer's place in the whole
// batch's order, so the merge can lay every store's records out as the
// in-memory batch does: the same chunks, byte for byte.
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../predictive/batch_predictions.h"
#include "batch_run.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::models::batch {
namespace {

std::string part_chunk_name(std::uint32_t part, std::uint32_t chunk) {
  char name[48];
  std::snprintf(name, sizeof name, "%u-%06u.part", part, chunk);
  return name;
}

std::filesystem::path part_meta(const std::filesystem::path& out_dir, std::uint32_t part) {
  return part_file(out_dir, part, ".json");
}

std::filesystem::path part_campaigns(const std::filesystem::path& out_dir, std::uint32_t part) {
  return part_file(out_dir, part, ".dips.json");
}

// What a part counted, in the order count_fields() lists it, space-separated.
std::filesystem::path part_counts(const std::filesystem::path& out_dir, std::uint32_t part) {
  return part_file(out_dir, part, ".counts");
}

// The counts a part writes and the merge adds up: customers, purchases and
// skipped rows, then what the part's store events did.
template <class Counts>  // BatchResult, const or not
auto count_fields(Counts& r) {
  auto& e = r.store_events;
  return std::array{&r.customers,        &r.purchases,       &r.skipped_rows, &e.rows,
                    &e.members,          &e.unknown_members, &e.sold_counted, &e.sold_on_till,
                    &e.items_unresolved, &e.erased};
}

// The store's records of one part, chunk file after chunk file, read a block
// at a time: the merge holds a block and a record per part, not a chunk per
// part (a small budget makes many parts), and keeps no file open between
// blocks (nor hundreds of descriptors).
class PartReader {
 public:
  PartReader(std::filesystem::path dir, std::uint32_t part) : dir_(std::move(dir)), part_(part) {}
  // The next record (key and profile line), false at the end.
  Result<bool> next() {
    bytes_.erase(0, at_);
    at_ = 0;
    std::size_t end;
    while ((end = bytes_.find('\n')) == std::string::npos) {
      const auto got = fill();
      if (!got) return got.error();
      if (!*got) return false;
    }
    const auto tab = bytes_.find('\t');
    if (tab != 16) return malformed();
    key = std::string_view(bytes_).substr(0, 16);
    line = std::string_view(bytes_).substr(tab + 1, end - tab);  // with its '\n'
    at_ = end + 1;
    return true;
  }
  std::string_view key, line;

 private:
  static constexpr std::size_t kBlock = 64 << 10;
  Error malformed() const {
    return Error(ErrorKind::invalid_input,
                 (dir_ / part_chunk_name(part_, chunk_)).string() + ": expected key<TAB>profile lines",
                 "models");
  }
  // Appends the next block of this chunk, or moves to the next chunk; false
  // when the part has no more chunks.
  Result<bool> fill() {
    for (;;) {
      std::ifstream in(dir_ / part_chunk_name(part_, chunk_), std::ios::binary);
      if (!in) {
        if (!bytes_.empty()) return malformed();  // a last line without its '\n'
        return false;
      }
      in.seekg(static_cast<std::streamoff>(offset_));
      const std::size_t had = bytes_.size();
      bytes_.resize(had + kBlock);
      in.read(bytes_.data() + had, static_cast<std::streamsize>(kBlock));
      const auto got = static_cast<std::size_t>(in.gcount());
      bytes_.resize(had + got);
      if (got > 0) {
        offset_ += got;
        return true;
      }
      if (!bytes_.empty()) return malformed();
      ++chunk_;
      offset_ = 0;
    }
  }
  std::filesystem::path dir_;
  std::uint32_t part_, chunk_ = 0;
  std::uint64_t offset_ = 0;
  std::string bytes_;
  std::size_t at_ = 0;
};

// One store's parts merged by order key into snapshot chunks.
Result<std::vector<SnapshotChunkInfo>> merge_store(const std::filesystem::path& parts_dir,
                                                   const std::filesystem::path& out, std::uint32_t count) {
  std::vector<PartReader> readers;
  readers.reserve(count);  // their key and line view their own buffers
  std::vector<bool> live;
  for (std::uint32_t p = 0; p < count; ++p) {
    readers.emplace_back(parts_dir, p);
    auto more = readers.back().next();
    if (!more) return more.error();
    live.push_back(*more);
  }
  std::filesystem::create_directories(out);
  std::vector<SnapshotChunkInfo> chunks;
  std::string bytes;
  std::uint64_t records = 0;
  for (;;) {
    std::size_t best = count;
    for (std::size_t p = 0; p < count; ++p)
      if (live[p] && (best == count || readers[p].key < readers[best].key)) best = p;
    const bool done = best == count;
    if (!done) bytes.append(readers[best].line), ++records;
    if (records == kDefaultChunkRecords || (done && (records > 0 || chunks.empty()))) {
      chunks.push_back(write_snapshot_chunk(out, static_cast<std::uint32_t>(chunks.size()), bytes, records));
      bytes.clear();
      records = 0;
    }
    if (done) return chunks;
    auto more = readers[best].next();
    if (!more) return more.error();
    live[best] = *more;
  }
}

}  // namespace

std::int64_t next_version(const std::filesystem::path& dir, std::int64_t wanted) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return wanted;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto m = decode_manifest(text);
  // Rebuilding the same as-of date must still move forward for the kiosk.
  return m.has_value() && m->version >= wanted ? m->version + 1 : wanted;
}

Result<std::vector<std::uint64_t>> order_keys(const BatchOptions& o, const Facts& facts,
                                              const PartTarget& part) {
  const auto bought = first_source_lines(o.inputs.purchases, part.purchase_lines,
                                         key_column(o.inputs.purchase_options, "cust"));
  if (!bought) return bought.error();
  const auto listed = first_source_lines(o.inputs.customers, part.customer_lines,
                                         key_column(o.inputs.customer_options, "cust"));
  if (!listed) return listed.error();
  std::vector<std::uint64_t> keys(facts.n);
  for (std::size_t i = 0; i < facts.n; ++i) {
    const std::string cust(facts.cust[i]);
    if (auto b = bought->find(cust); b != bought->end()) {
      keys[i] = b->second;
    } else if (auto c = listed->find(cust); c != listed->end()) {
      keys[i] = kCustomerFileOrder + c->second;
    } else {
      return fail(ErrorKind::internal,
                  "part " + std::to_string(part.index) + ": no source line for a customer", "models");
    }
  }
  return keys;
}

void clear_part(const std::filesystem::path& out_dir, std::uint32_t part) {
  std::error_code ec;
  const std::string prefix = std::to_string(part) + "-";
  for (const auto& store : std::filesystem::directory_iterator(out_dir / "parts", ec)) {
    std::vector<std::filesystem::path> old;
    for (const auto& f : std::filesystem::directory_iterator(store.path(), ec))
      if (f.path().filename().string().rfind(prefix, 0) == 0) old.push_back(f.path());
    for (const auto& f : old) std::filesystem::remove(f, ec);
  }
}

Status write_part_chunk(const std::filesystem::path& out_dir, const PartTarget& part,
                        const std::string& store, std::uint32_t chunk, std::string_view profiles,
                        const std::vector<std::uint64_t>& keys) {
  std::string bytes;
  bytes.reserve(profiles.size() + keys.size() * 17);
  std::size_t at = 0;
  char key[24];
  for (const std::uint64_t k : keys) {
    const auto end = profiles.find('\n', at);
    std::snprintf(key, sizeof key, "%016llx\t", static_cast<unsigned long long>(k));
    bytes.append(key).append(profiles.substr(at, end + 1 - at));
    at = end + 1;
  }
  return write_private_file(out_dir / "parts" / store / part_chunk_name(part.index, chunk), bytes);
}

Status write_part_meta(const std::filesystem::path& out_dir, const PartTarget& part, std::int64_t version,
                       const PreferenceModel& model, const BatchResult& counts) {
  SnapshotManifest m;
  m.store_id = "part " + std::to_string(part.index) + "/" + std::to_string(part.count);
  m.version = version;
  m.preference_model = model;
  m.checksum = manifest_checksum(m.chunks);
  std::string numbers;
  for (const std::uint64_t* n : count_fields(counts)) numbers += std::to_string(*n) + " ";
  auto counted = write_private_file(part_counts(out_dir, part.index), numbers);
  if (!counted) return counted;
  return write_private_file(part_meta(out_dir, part.index), encode_manifest(m));
}

Status write_part_campaigns(const std::filesystem::path& out_dir, const PartTarget& part, const Facts& facts,
                            const Scores& scores, const ProfilePredictions& predictions,
                            const std::vector<std::string>& member_keys) {
  ReportData dips;
  dips.as_of = format_date(facts.as_of);
  add_outlook_to_report(dips, predictions, facts, scores, member_keys);
  return write_private_file(part_campaigns(out_dir, part.index), dip_campaigns_json(dips));
}

namespace {

// The parts' dip campaigns as one: the campaigns of part 0 (every part has
// the same), each budget the sum of the parts'.
Result<std::filesystem::path> merge_campaigns(const std::filesystem::path& out_dir, std::uint32_t count) {
  nlohmann::json merged;
  for (std::uint32_t p = 0; p < count; ++p) {
    const auto file = part_campaigns(out_dir, p);
    std::ifstream in(file);
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (!in || doc.is_discarded() || !doc.contains("campaigns") || !doc["campaigns"].is_array() ||
        (p > 0 && doc["campaigns"].size() != merged["campaigns"].size()))
      return fail(ErrorKind::invalid_input, file.string() + ": not the dip campaigns of a part of this run",
                  "models");
    if (p == 0) {
      merged = std::move(doc);
      continue;
    }
    for (std::size_t c = 0; c < doc["campaigns"].size(); ++c)
      merged["campaigns"][c]["budget"] = merged["campaigns"][c]["budget"].get<std::int64_t>() +
                                         doc["campaigns"][c]["budget"].get<std::int64_t>();
  }
  const auto path = out_dir / "dip_campaigns.json";
  if (auto written = write_private_file(path, merged.dump(2) + "\n"); !written) return written.error();
  return path;
}

}  // namespace

}  // namespace smartstore::models::batch

namespace smartstore::models {

Result<BatchResult> merge_batch_parts(const std::filesystem::path& out_dir, std::uint32_t count) {
  BatchResult result;
  PreferenceModel model;
  std::int64_t wanted = 0;
  for (std::uint32_t p = 0; p < count; ++p) {
    std::ifstream in(batch::part_meta(out_dir, p));
    if (!in)
      return fail(ErrorKind::not_found,
                  "part " + std::to_string(p) + " of " + std::to_string(count) + " is missing (" +
                      batch::part_meta(out_dir, p).string() + ")",
                  "models");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto m = decode_manifest(text);
    if (!m) return m.error();
    if (m->store_id != "part " + std::to_string(p) + "/" + std::to_string(count))
      return fail(ErrorKind::invalid_input,
                  batch::part_meta(out_dir, p).string() + " is " + m->store_id + ", not part " +
                      std::to_string(p) + "/" + std::to_string(count),
                  "models");
    if (p == 0) model = m->preference_model, wanted = m->version;
    std::ifstream counts(batch::part_counts(out_dir, p));
    for (std::uint64_t* total : batch::count_fields(result)) {
      std::uint64_t n = 0;
      if (!(counts >> n))
        return fail(ErrorKind::invalid_input, batch::part_counts(out_dir, p).string() + ": unreadable",
                    "models");
      *total += n;
    }
  }
  // A store is one some part wrote (every part writes a first, perhaps
  // empty, chunk for each of its stores): not a directory an older run left.
  std::vector<std::string> stores;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir / "parts")) {
    if (!entry.is_directory()) continue;
    for (std::uint32_t p = 0; p < count; ++p)
      if (std::filesystem::exists(entry.path() / batch::part_chunk_name(p, 0))) {
        stores.push_back(entry.path().filename().string());
        break;
      }
  }
  std::sort(stores.begin(), stores.end());
  auto dips = batch::merge_campaigns(out_dir, count);
  if (!dips) return dips.error();
  auto report = batch::read_part_reports(out_dir, count);
  if (!report) return report.error();
  result.dip_campaigns = std::move(*dips);
  result.version = wanted;
  for (const auto& store : stores)
    result.version = std::max(result.version, batch::next_version(out_dir / "snapshots" / store, wanted));
  for (const auto& store : stores) try {
      const auto dir = out_dir / "snapshots" / store;
      auto chunks = batch::merge_store(out_dir / "parts" / store, dir, count);
      if (!chunks) return chunks.error();
      const auto m = write_snapshot_manifest(dir, store, result.version, std::move(*chunks), model);
      result.snapshots.push_back({store, m.record_count, m.checksum, dir});
      std::error_code ec;  // each store's parts go as soon as its snapshot is written: disk for the next
      std::filesystem::remove_all(out_dir / "parts" / store, ec);
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage_io, "writing the snapshot of " + store + ": " + e.what(), "models");
    }
  if (auto written = batch::write_merged_report(out_dir, std::move(*report), result); !written)
    return written.error();
  std::error_code ec;
  std::filesystem::remove_all(out_dir / "parts", ec);
  return result;
}

}  // namespace smartstore::models
