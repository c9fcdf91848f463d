#include "snapshot_rows.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <new>
#include <span>

#include "smartstore/common/parallel.h"

namespace smartstore::edge::store::detail {
namespace {

// decode_profile insists on 64 lower-case hex digits, whose numeric order is their text order.
std::uint64_t prefix_of(std::string_view key) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 16 && i < key.size(); ++i) {
    const char c = key[i];
    v = v << 4 | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return v;
}

// Where the decoded key is spelled verbatim, as HQ's encoder writes it, so
// pass 2 can take it without decoding the line again.
std::uint32_t verbatim_key_at(std::string_view line, std::string_view key) {
  constexpr std::string_view tag = "\"key\":\"";
  auto at = line.find(tag);
  if (at == std::string_view::npos) return kKeyNotVerbatim;
  at += tag.size();
  if (line.size() < at + 65 || line.substr(at, 64) != key || line[at + 64] != '"') return kKeyNotVerbatim;
  return static_cast<std::uint32_t>(at);
}

// The same line splitting as models::decode_chunk (empty lines are not
// records). Fills out[0, expected).
std::string index_chunk(std::size_t index, std::string_view bytes, std::uint64_t expected, RowRef* out) {
  const std::string where = "chunk " + std::to_string(index) + ": ";
  if (bytes.size() >= kKeyNotVerbatim) return where + "larger than 4 GiB";
  std::uint64_t n = 0;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto nl = bytes.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    const std::string_view line = bytes.substr(pos, end - pos);
    const std::size_t offset = pos;
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (n == expected) return where + "record count differs from the manifest (more lines)";
    auto p = models::decode_profile(line);
    if (!p) return where + "line " + std::to_string(line_no) + ": " + p.error().message();
    // decode_profile already insists on 64 lower-case hex; the index depends on it.
    if (p->member_key.size() != 64)
      return where + "line " + std::to_string(line_no) + ": member_key is not a key";
    out[n++] = RowRef{prefix_of(p->member_key), static_cast<std::uint32_t>(index),
                      static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(line.size()),
                      verbatim_key_at(line, p->member_key)};
  }
  if (n != expected) return where + "record count differs from the manifest";
  return {};
}

Status index_chunks(const models::SnapshotManifest& manifest, sync::SnapshotChunks& chunks, unsigned threads,
                    const std::vector<std::uint64_t>& first_row, std::vector<RowRef>& refs) {
  const std::size_t n = manifest.chunks.size();
  std::vector<Status> results(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  run_workers(
      std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max<std::size_t>(n, 1))), [&](unsigned) {
        for (std::size_t i = next++; i < n && !failed.load(std::memory_order_relaxed); i = next++) {
          try {
            auto bytes = chunks.read(i);
            if (!bytes) {
              results[i] = bytes.error();
            } else if (auto why =
                           index_chunk(i, *bytes, manifest.chunks[i].records, refs.data() + first_row[i]);
                       !why.empty()) {
              results[i] = fail(ErrorKind::invalid_input, std::move(why), "downlink");
            }
          } catch (const std::exception& e) {  // out of memory: an error value, not a terminate on a worker
            results[i] =
                fail(ErrorKind::internal, "chunk " + std::to_string(i) + ": " + e.what(), "downlink");
          }
          if (!results[i]) failed = true;
        }
      });
  // The lowest-numbered chunk found bad, whichever thread found it first.
  for (auto& r : results)
    if (!r) return r;
  return ok();
}

// Keys sharing their first 16 digits (about one pair in 10^8 among 1M keys)
// are compared whole.
Status refuse_duplicates(sync::SnapshotChunks& chunks, const std::vector<RowRef>& refs) {
  std::string line, decoded;
  auto key_of = [&](const RowRef& ref) -> Result<std::string> {
    line.resize(ref.length);
    if (Status read = chunks.read_at(ref.chunk, ref.offset, line); !read) return read.error();
    auto key = row_key(ref, line, decoded);
    if (!key) return key.error();
    return std::string(*key);
  };
  for (std::size_t i = 0; i < refs.size();) {
    std::size_t j = i + 1;
    while (j < refs.size() && refs[j].key_prefix == refs[i].key_prefix) ++j;
    std::vector<std::string> keys;
    for (std::size_t k = i; j - i > 1 && k < j; ++k) {
      auto key = key_of(refs[k]);
      if (!key) return key.error();
      keys.push_back(std::move(*key));
    }
    std::sort(keys.begin(), keys.end());
    if (auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end())
      return fail(ErrorKind::invalid_input, "chunks: duplicate member keys (" + dup->substr(0, 16) + "...)",
                  "downlink");
    i = j;
  }
  return ok();
}

}  // namespace

Result<std::vector<RowRef>> index_snapshot_rows(const models::SnapshotManifest& manifest,
                                                sync::SnapshotChunks& chunks, unsigned threads) {
  const std::size_t n = manifest.chunks.size();
  if (chunks.size() != n)
    return fail(ErrorKind::invalid_input, "chunks: count differs from the manifest", "downlink");
  std::vector<std::uint64_t> first_row(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) first_row[i + 1] = first_row[i] + manifest.chunks[i].records;
  std::vector<RowRef> refs;
  try {
    refs.resize(first_row[n]);
  } catch (const std::exception&) {  // bad_alloc, length_error: a manifest claiming absurd counts
    return fail(
        ErrorKind::invalid_input,
        "manifest.chunks: " + std::to_string(first_row[n]) + " records are more than this kiosk can index",
        "downlink");
  }
  if (Status indexed = index_chunks(manifest, chunks, threads, first_row, refs); !indexed)
    return indexed.error();
  std::sort(refs.begin(), refs.end(), [](const RowRef& a, const RowRef& b) {
    if (a.key_prefix != b.key_prefix) return a.key_prefix < b.key_prefix;
    return a.chunk != b.chunk ? a.chunk < b.chunk : a.offset < b.offset;
  });
  if (Status unique = refuse_duplicates(chunks, refs); !unique) return unique.error();
  return refs;
}

Result<std::string_view> row_key(const RowRef& ref, std::string_view line, std::string& decoded) {
  std::string_view key;
  if (ref.key_at != kKeyNotVerbatim) {
    if (static_cast<std::size_t>(ref.key_at) + 64 <= line.size()) key = line.substr(ref.key_at, 64);
  } else if (auto p = models::decode_profile(line)) {
    decoded = std::move(p->member_key);
    key = decoded;
  }
  if (key.size() != 64 || prefix_of(key) != ref.key_prefix)
    return fail(ErrorKind::storage_io,
                "chunk " + std::to_string(ref.chunk) + ": the line at byte " + std::to_string(ref.offset) +
                    " changed on disk during the apply",
                "downlink");
  return key;
}

Status SortedRows::next_batch(std::size_t max_rows, std::size_t max_bytes) {
  batch_.clear();
  std::size_t end = next_, total = 0;
  while (end < refs_.size() && end - next_ < max_rows &&
         (total == 0 || total + refs_[end].length <= max_bytes))
    total += refs_[end++].length;
  bytes_.resize(total);  // capacity kept: one allocation for the whole apply
  keys_.resize((end - next_) * 64);
  std::string decoded;
  std::size_t at = 0;
  for (std::size_t i = next_; i < end; ++i) {
    const RowRef& ref = refs_[i];
    std::span<char> into(bytes_.data() + at, ref.length);
    if (Status read = chunks_.read_at(ref.chunk, ref.offset, into); !read) return read;
    const std::string_view line(into.data(), into.size());
    auto key = row_key(ref, line, decoded);
    if (!key) return key.error();
    std::string_view stable = *key;
    if (ref.key_at == kKeyNotVerbatim) {  // `decoded` is reused: keep a copy for the batch
      char* slot = keys_.data() + (i - next_) * 64;
      std::copy(key->begin(), key->end(), slot);
      stable = std::string_view(slot, 64);
    }
    batch_.push_back(Row{stable, line});
    at += ref.length;
  }
  next_ = end;
  return ok();
}

}  // namespace smartstore::edge::store::detail
