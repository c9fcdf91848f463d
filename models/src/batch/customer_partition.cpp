#include "smartstore/models/customer_partition.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>

#include "../generator/rng.h"
#include "smartstore/common/private_file.h"

namespace smartstore::models {
namespace {

// The index of `name` among the comma-separated fields of `header`.
std::optional<std::size_t> column_index(std::string_view header, std::string_view name) {
  std::size_t index = 0;
  for (std::size_t begin = 0;; ++index) {
    const std::size_t end = std::min(header.find(',', begin), header.size());
    if (header.substr(begin, end - begin) == name) return index;
    if (end == header.size()) return std::nullopt;
    begin = end + 1;
  }
}

// Field `index` of a CSV row (the L.Point files quote nothing).
std::optional<std::string_view> field(std::string_view row, std::size_t index) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < index; ++i) {
    const std::size_t comma = row.find(',', begin);
    if (comma == std::string_view::npos) return std::nullopt;
    begin = comma + 1;
  }
  return row.substr(begin, std::min(row.find(',', begin), row.size()) - begin);
}

}  // namespace

Result<ShardSpec> parse_shard_spec(std::string_view text) {
  const auto slash = text.find('/');
  ShardSpec spec;
  auto number = [](std::string_view s, std::uint32_t& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), spec.index) ||
      !number(text.substr(slash + 1), spec.count))
    return fail(ErrorKind::invalid_input, "--shard: expected i/N (e.g. 0/8), got '" + std::string(text) + "'",
                "models");
  if (spec.count == 0 || spec.index >= spec.count)
    return fail(ErrorKind::invalid_input,
                "--shard " + std::string(text) + ": need N >= 1 and 0 <= i < N (shards count from 0)",
                "models");
  return spec;
}

std::uint32_t shard_of_customer(std::string_view cust, std::uint32_t count) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : cust) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  h = gen::splitmix64(h);  // spreads FNV's low bits, which the modulo keeps
  return count <= 1 ? 0 : static_cast<std::uint32_t>(h % count);
}

std::uint32_t shards_for_budget(std::uint64_t input_bytes, std::uint64_t memory_budget) {
  if (memory_budget <= kBatchFixedBytes) memory_budget = kBatchFixedBytes + 1;
  const double per_shard = static_cast<double>(memory_budget - kBatchFixedBytes);
  const double needed = static_cast<double>(input_bytes) * kBatchBytesPerInputByte / per_shard;
  // A budget below the fixed part cannot be met by more shards: cap the count
  // (and keep the conversion in range) instead of asking for billions of files.
  constexpr double most_shards = 65536;
  return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::ceil(std::min(needed, most_shards))));
}

Result<PartitionedFile> partition_csv(const std::filesystem::path& csv, std::string_view key_column,
                                      std::uint32_t count, const std::filesystem::path& dir,
                                      std::size_t buffer_bytes) {
  if (count == 0) return fail(ErrorKind::invalid_input, "partition_csv: need at least one shard", "models");
  std::ifstream in(csv, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, csv.string() + ": cannot open", "models");
  std::string line;
  if (!std::getline(in, line))
    return fail(ErrorKind::invalid_input, csv.string() + ":1: empty file", "models");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto key = column_index(line, key_column);
  if (!key)
    return fail(ErrorKind::invalid_input, csv.string() + ":1: no column '" + std::string(key_column) + "'",
                "models");
  PartitionedFile out;
  std::vector<PrivateFile> files;
  std::vector<std::string> buffers(count, line + "\n");
  out.rows.assign(count, 0);
  for (std::uint32_t s = 0; s < count; ++s) {
    out.parts.push_back(dir / (csv.stem().string() + "." + std::to_string(s) + ".csv"));
    auto file = PrivateFile::create(out.parts.back());
    if (!file) return file.error();
    files.push_back(std::move(*file));
  }
  const std::size_t flush_at = std::max<std::size_t>(4096, buffer_bytes / count);
  for (std::uint64_t n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cust = field(line, *key);
    if (!cust)
      return fail(ErrorKind::invalid_input,
                  csv.string() + ":" + std::to_string(n) + ": no " + std::string(key_column) + " field",
                  "models");
    const std::uint32_t s = shard_of_customer(*cust, count);
    buffers[s].append(line).push_back('\n');
    ++out.rows[s];
    if (buffers[s].size() >= flush_at) {
      if (auto written = files[s].write(buffers[s]); !written) return written.error();
      buffers[s].clear();
    }
  }
  for (std::uint32_t s = 0; s < count; ++s) {
    if (auto written = files[s].write(buffers[s]); !written) return written.error();
    if (auto closed = files[s].close(); !closed) return closed.error();
  }
  return out;
}

}  // namespace smartstore::models
