#pragma once
// Internal to DownlinkApplier::apply_snapshot: the received snapshot lines, each
// validated with models::decode_profile and then kept exactly as received —
// HQ's snapshot encoder wrote them, so the line is already the profile body
// ProfileCache::find decodes; re-encoding it would only cost time. The rows come
// back sorted by member key so the staging table's key index is filled in
// order (appends to its rightmost leaf instead of random page splits).
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "smartstore/models/snapshot_format.h"

namespace smartstore::edge::store::detail {

struct SnapshotRow {
  std::array<char, 64> key{};  // copied: the decoded key may differ from the raw bytes (JSON escapes)
  std::string_view line;       // into the caller's chunk bytes
};

struct SnapshotRows {
  std::vector<SnapshotRow> rows;  // sorted by key, no duplicates
  std::string error;              // names the chunk, line and field; empty when valid
};

namespace rows_impl {

inline bool key_less(const SnapshotRow& a, const SnapshotRow& b) {
  return std::memcmp(a.key.data(), b.key.data(), a.key.size()) < 0;
}

// The same line splitting as models::decode_chunk (empty lines are not records).
inline std::string validate_chunk(std::size_t index, std::string_view bytes, std::uint64_t expected,
                                  std::vector<SnapshotRow>& out) {
  const std::string where = "chunk " + std::to_string(index) + ": ";
  out.reserve(expected);
  std::size_t line_no = 0;
  while (!bytes.empty()) {
    const auto nl = bytes.find('\n');
    const std::string_view line = bytes.substr(0, nl);
    bytes = nl == std::string_view::npos ? std::string_view{} : bytes.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (out.size() == expected) return where + "record count differs from the manifest (more lines)";
    auto p = models::decode_profile(line);
    if (!p) return where + "line " + std::to_string(line_no) + ": " + p.error().message();
    // decode_profile already insists on 64 lower-case hex; the row layout depends on it.
    if (p->member_key.size() != 64)
      return where + "line " + std::to_string(line_no) + ": member_key is not a key";
    SnapshotRow row;
    std::memcpy(row.key.data(), p->member_key.data(), row.key.size());
    row.line = line;
    out.push_back(row);
  }
  if (out.size() != expected) return where + "record count differs from the manifest";
  return {};
}

}  // namespace rows_impl

// Pure CPU, no database: callers run it without holding the store's lock.
// Chunks are validated on up to `threads` threads, which stop at the first
// error; the error reported is the lowest-numbered chunk found bad.
inline SnapshotRows validate_snapshot_rows(const models::SnapshotManifest& manifest,
                                           const std::vector<std::string>& chunks, unsigned threads) {
  SnapshotRows out;
  const std::size_t n = chunks.size();
  std::vector<std::vector<SnapshotRow>> per_chunk(n);
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (std::size_t i = next++; i < n && !failed.load(std::memory_order_relaxed); i = next++) {
      try {
        errors[i] = rows_impl::validate_chunk(i, chunks[i], manifest.chunks[i].records, per_chunk[i]);
      } catch (const std::exception& e) {  // out of memory: an error value, not a terminate on a worker
        errors[i] = "chunk " + std::to_string(i) + ": " + e.what();
      }
      if (!errors[i].empty()) failed = true;
    }
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (!e.empty()) {
      out.error = e;
      return out;
    }
  }
  std::size_t total = 0;
  for (const auto& c : per_chunk) total += c.size();
  out.rows.reserve(total);
  for (auto& c : per_chunk) {
    out.rows.insert(out.rows.end(), c.begin(), c.end());
    std::vector<SnapshotRow>().swap(c);
  }
  std::sort(out.rows.begin(), out.rows.end(), rows_impl::key_less);
  const auto dup = std::adjacent_find(out.rows.begin(), out.rows.end(), [](const auto& a, const auto& b) {
    return std::memcmp(a.key.data(), b.key.data(), a.key.size()) == 0;
  });
  if (dup != out.rows.end()) {
    out.error = "chunks: duplicate member keys (" + std::string(dup->key.data(), 16) + "...)";
    out.rows.clear();
  }
  return out;
}

}  // namespace smartstore::edge::store::detail
