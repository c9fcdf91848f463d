// A part's records of a store are a stretch of that store's snapshot (parts
// are ranges of the snapshot order, snapshot_writer.h), so the merge lays
// the parts' runs end to end and the chunks come out as the in-memory
// batch's, byte for byte; chunks a part could write in place it did.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "../predictive/batch_predictions.h"
#include "batch_run.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/parallel.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::models::batch {
namespace {

std::string piece_name(std::uint32_t part, std::uint32_t piece) {
  char name[48];
  std::snprintf(name, sizeof name, "%u-%06u.part", part, piece);
  return name;
}

std::string runs_name(std::uint32_t part) {
  return std::to_string(part) + "-runs.txt";
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

// A store's snapshot chunks filled in order: records from the parts'
// pieces, and the chunks the parts wrote in place taken as they are, where
// they must fall (on a chunk boundary, at their index).
class ChunkSink {
 public:
  explicit ChunkSink(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // `lines`: whole profile lines, each ending in '\n' (read_piece checked).
  void add(std::string_view lines) {
    for (std::size_t at = 0; at < lines.size();) {
      const std::size_t stop = lines.find('\n', at) + 1;
      bytes_.append(lines.substr(at, stop - at));
      at = stop;
      if (++records_ == kDefaultChunkRecords) flush();
    }
  }
  bool take(const SnapshotChunkInfo& chunk) {
    if (records_ > 0 || chunk.index != chunks_.size()) return false;
    chunks_.push_back(chunk);
    return true;
  }
  std::vector<SnapshotChunkInfo> finish() {
    if (records_ > 0 || chunks_.empty()) flush();
    return std::move(chunks_);
  }

 private:
  void flush() {
    chunks_.push_back(
        write_snapshot_chunk(dir_, static_cast<std::uint32_t>(chunks_.size()), bytes_, records_));
    bytes_.clear();
    records_ = 0;
  }
  std::filesystem::path dir_;
  std::string bytes_;
  std::uint64_t records_ = 0;
  std::vector<SnapshotChunkInfo> chunks_;
};

Result<std::vector<PartRun>> read_part_runs(const std::filesystem::path& store_dir, std::uint32_t part) {
  std::vector<PartRun> runs;
  std::ifstream in(store_dir / runs_name(part));
  if (!in) return runs;  // the part had none of this store's customers
  std::string kind;
  while (in >> kind) {
    PartRun r;
    r.chunk = kind == "chunk";
    if ((kind != "chunk" && kind != "piece") || !(in >> r.info.index >> r.info.records) ||
        (r.chunk && !(in >> r.info.sha256)))
      return fail(ErrorKind::invalid_input, (store_dir / runs_name(part)).string() + ": unreadable",
                  "models");
    runs.push_back(std::move(r));
  }
  return runs;
}

Result<std::string> read_piece(const std::filesystem::path& file, std::uint64_t records) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in || static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n')) != records ||
      (!bytes.empty() && bytes.back() != '\n'))
    return fail(ErrorKind::invalid_input,
                file.string() + ": not " + std::to_string(records) + " profile lines", "models");
  return bytes;
}

// One store's runs of every part, in part order, as its snapshot's chunks.
Result<std::vector<SnapshotChunkInfo>> merge_store(const std::filesystem::path& parts_dir,
                                                   const std::filesystem::path& out, std::uint32_t count) {
  std::filesystem::create_directories(out);
  ChunkSink sink(out);
  for (std::uint32_t p = 0; p < count; ++p) {
    auto runs = read_part_runs(parts_dir, p);
    if (!runs) return runs.error();
    for (const auto& r : *runs) {
      if (r.chunk) {
        if (!sink.take(r.info))
          return fail(ErrorKind::invalid_input,
                      (parts_dir / runs_name(p)).string() + ": chunk " + std::to_string(r.info.index) +
                          " is not where the parts before it end",
                      "models");
        continue;
      }
      auto bytes = read_piece(parts_dir / piece_name(p, r.info.index), r.info.records);
      if (!bytes) return bytes.error();
      sink.add(*bytes);
    }
  }
  return sink.finish();
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

Status write_part_piece(const std::filesystem::path& out_dir, const PartTarget& part,
                        const std::string& store, std::uint32_t piece, std::string_view profiles) {
  return write_private_file(out_dir / "parts" / store / piece_name(part.index, piece), profiles);
}

Status write_part_runs(const std::filesystem::path& out_dir, const PartTarget& part, const std::string& store,
                       const std::vector<PartRun>& runs) {
  std::string text;
  for (const auto& r : runs) {
    text += r.chunk ? "chunk " : "piece ";
    text += std::to_string(r.info.index) + " " + std::to_string(r.info.records);
    text += r.chunk ? " " + r.info.sha256 + "\n" : "\n";
  }
  return write_private_file(out_dir / "parts" / store / runs_name(part.index), text);
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

struct PartsMeta {
  PreferenceModel model;
  std::int64_t wanted = 0;
};

// Every part's manifest and counts (the counts added into `result`).
Result<PartsMeta> read_part_metas(const std::filesystem::path& out_dir, std::uint32_t count,
                                  BatchResult& result) {
  PartsMeta meta;
  for (std::uint32_t p = 0; p < count; ++p) {
    std::ifstream in(part_meta(out_dir, p));
    if (!in)
      return fail(ErrorKind::not_found,
                  "part " + std::to_string(p) + " of " + std::to_string(count) + " is missing (" +
                      part_meta(out_dir, p).string() + ")",
                  "models");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto m = decode_manifest(text);
    if (!m) return m.error();
    if (m->store_id != "part " + std::to_string(p) + "/" + std::to_string(count))
      return fail(ErrorKind::invalid_input,
                  part_meta(out_dir, p).string() + " is " + m->store_id + ", not part " + std::to_string(p) +
                      "/" + std::to_string(count),
                  "models");
    if (p == 0) meta.model = m->preference_model, meta.wanted = m->version;
    std::ifstream counts(part_counts(out_dir, p));
    for (std::uint64_t* total : count_fields(result)) {
      std::uint64_t n = 0;
      if (!(counts >> n))
        return fail(ErrorKind::invalid_input, part_counts(out_dir, p).string() + ": unreadable", "models");
      *total += n;
    }
  }
  return meta;
}

// A store is one some part listed a run for (every part lists one, perhaps
// empty, for each of its stores): not a directory an older run left.
std::vector<std::string> part_stores(const std::filesystem::path& out_dir, std::uint32_t count) {
  std::vector<std::string> stores;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir / "parts")) {
    if (!entry.is_directory()) continue;
    for (std::uint32_t p = 0; p < count; ++p)
      if (std::filesystem::exists(entry.path() / runs_name(p))) {
        stores.push_back(entry.path().filename().string());
        break;
      }
  }
  std::sort(stores.begin(), stores.end());
  return stores;
}

// Each store's snapshot is one pass over its parts' runs; the stores go to
// `threads` workers, a store at a time.
Result<std::vector<StoreSnapshotInfo>> merge_stores(const std::filesystem::path& out_dir,
                                                    const std::vector<std::string>& stores,
                                                    std::uint32_t count, std::int64_t version,
                                                    const PreferenceModel& model, unsigned threads) {
  std::vector<StoreSnapshotInfo> snapshots(stores.size());
  std::vector<std::optional<Error>> failed(stores.size());
  std::atomic<std::size_t> next{0};
  run_workers(threads, [&](unsigned) {
    for (std::size_t s; (s = next++) < stores.size();) try {
        const auto dir = out_dir / "snapshots" / stores[s];
        auto chunks = merge_store(out_dir / "parts" / stores[s], dir, count);
        if (!chunks) {
          failed[s] = chunks.error();
          continue;
        }
        const auto m = write_snapshot_manifest(dir, stores[s], version, std::move(*chunks), model);
        snapshots[s] = {stores[s], m.record_count, m.checksum, dir};
        std::error_code ec;  // each store's parts go as soon as its snapshot is written: disk for the next
        std::filesystem::remove_all(out_dir / "parts" / stores[s], ec);
      } catch (const std::exception& e) {
        failed[s] =
            Error(ErrorKind::storage_io, "writing the snapshot of " + stores[s] + ": " + e.what(), "models");
      }
  });
  for (auto& f : failed)
    if (f) return *f;
  return snapshots;
}

}  // namespace

}  // namespace smartstore::models::batch

namespace smartstore::models {

Result<BatchResult> merge_batch_parts(const std::filesystem::path& out_dir, std::uint32_t count,
                                      unsigned threads) {
  BatchResult result;
  const auto meta = batch::read_part_metas(out_dir, count, result);
  if (!meta) return meta.error();
  const auto stores = batch::part_stores(out_dir, count);
  auto dips = batch::merge_campaigns(out_dir, count);
  if (!dips) return dips.error();
  auto report = batch::read_part_reports(out_dir, count);
  if (!report) return report.error();
  result.dip_campaigns = std::move(*dips);
  result.version = meta->wanted;
  for (const auto& store : stores)
    result.version =
        std::max(result.version, batch::next_version(out_dir / "snapshots" / store, meta->wanted));
  auto snapshots = batch::merge_stores(out_dir, stores, count, result.version, meta->model, threads);
  if (!snapshots) return snapshots.error();
  result.snapshots = std::move(*snapshots);
  if (auto written = batch::write_merged_report(out_dir, std::move(*report), result); !written)
    return written.error();
  std::error_code ec;
  std::filesystem::remove_all(out_dir / "parts", ec);
  return result;
}

}  // namespace smartstore::models
