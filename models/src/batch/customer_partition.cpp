#include "smartstore/models/customer_partition.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>

#include "../generator/rng.h"
#include "smartstore/common/civil_date.h"
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
    return fail(ErrorKind::invalid_input, "--part: expected i/N (e.g. 0/8), got '" + std::string(text) + "'",
                "models");
  if (spec.count == 0 || spec.index >= spec.count)
    return fail(ErrorKind::invalid_input,
                "--part " + std::string(text) + ": need N >= 1 and 0 <= i < N (shards count from 0)",
                "models");
  return spec;
}

std::uint64_t customer_order_key(std::string_view cust) {
  std::uint64_t h = gen::fnv1a64(cust);
  return gen::splitmix64(h);  // spreads FNV's bits over the whole range
}

namespace {

// One output file filled through a buffer.
struct Spill {
  std::optional<PrivateFile> file;
  std::string buffer;
  Status flush() {
    if (!file || buffer.empty()) return ok();
    auto written = file->write(buffer);
    buffer.clear();
    return written;
  }
  Status open(const std::filesystem::path& path, std::string_view first) {
    auto created = PrivateFile::create(path);
    if (!created) return created.error();
    file.emplace(std::move(*created));
    buffer.assign(first);
    return ok();
  }
  Status close() {
    if (!file) return ok();
    if (auto flushed = flush(); !flushed) return flushed;
    return file->close();
  }
};

void append_u64(std::string& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
}

// The split's open files: per kept shard its rows (and their lines), and the sample.
struct SplitOutputs {
  std::vector<Spill> rows, lines;
  Spill sample;
};

Status open_outputs(const std::filesystem::path& csv, const std::string& header, const SplitPlan& plan,
                    const std::filesystem::path& dir, SplitFile& out, SplitOutputs& spills) {
  const std::string stem = csv.stem().string();
  out.parts.assign(plan.count, {});
  out.lines.assign(plan.count, {});
  out.rows.assign(plan.count, 0);
  spills.rows.resize(plan.count);
  spills.lines.resize(plan.count);
  for (std::uint32_t s = 0; s < plan.count; ++s) {
    if (!plan.keep_parts || (plan.only && *plan.only != s)) continue;
    out.parts[s] = dir / (stem + "." + std::to_string(s) + ".csv");
    if (auto opened = spills.rows[s].open(out.parts[s], header + "\n"); !opened) return opened;
    if (!plan.line_numbers) continue;
    out.lines[s] = dir / (stem + "." + std::to_string(s) + ".lines");
    if (auto opened = spills.lines[s].open(out.lines[s], {}); !opened) return opened;
  }
  if (plan.sample_rate <= 0) return ok();
  out.sample = dir / (stem + ".sample.csv");
  return spills.sample.open(out.sample, header + "\n");
}

}  // namespace

std::uint32_t shard_of_customer(std::string_view cust, std::uint32_t count) {
  if (count <= 1) return 0;
  // floor(key * count / 2^64), in 64-bit halves (exact for a 32-bit count).
  const std::uint64_t key = customer_order_key(cust);
  const std::uint64_t low = ((key & 0xffffffffULL) * count) >> 32;
  return static_cast<std::uint32_t>(((key >> 32) * count + low) >> 32);
}

bool in_fit_sample(std::string_view cust, double rate) {
  if (rate >= 1.0) return true;
  // The top 53 bits of a second mix, as a fraction in [0, 1).
  std::uint64_t state = customer_order_key(cust) ^ 0x5bd1e9955bd1e995ULL;
  const std::uint64_t h = gen::splitmix64(state);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < rate;
}

std::uint32_t shards_for_budget(std::uint64_t input_bytes, std::uint64_t memory_budget) {
  const std::uint64_t fixed = std::min(kBatchFixedBytes, memory_budget / 4);
  const double per_shard = static_cast<double>(std::max<std::uint64_t>(memory_budget - fixed, 1));
  // 0 at a share of 128 MiB or less, 1 at 1 GiB or more.
  const double large = std::clamp(std::log2(per_shard / static_cast<double>(128ULL << 20)) / 3.0, 0.0, 1.0);
  const double rate =
      kSmallPartBytesPerInputByte + (kBatchBytesPerInputByte - kSmallPartBytesPerInputByte) * large;
  const double needed = static_cast<double>(input_bytes) * rate / per_shard;
  // Keep the conversion in range instead of asking for billions of files.
  constexpr double most_shards = 65536;
  return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::ceil(std::min(needed, most_shards))));
}

Result<SplitFile> split_csv(const std::filesystem::path& csv, std::string_view key_column,
                            const SplitPlan& plan, const std::filesystem::path& dir,
                            std::size_t buffer_bytes) {
  if (plan.count == 0) return fail(ErrorKind::invalid_input, "split_csv: need at least one shard", "models");
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
  const auto date = plan.date_column.empty() ? std::nullopt : column_index(line, plan.date_column);
  SplitFile out;
  SplitOutputs spills;
  if (auto opened = open_outputs(csv, line, plan, dir, out, spills); !opened) return opened.error();
  const std::size_t kept = plan.only ? 1 : plan.count;
  const std::size_t flush_at = std::max<std::size_t>(4096, buffer_bytes / (kept + 1));
  for (std::uint64_t n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cust = field(line, *key);
    if (!cust && plan.skip_bad_rows) continue;
    if (!cust)
      return fail(ErrorKind::invalid_input,
                  csv.string() + ":" + std::to_string(n) + ": no " + std::string(key_column) + " field",
                  "models");
    if (date)
      if (const auto d = field(line, *date))
        if (const auto day = parse_date(*d); day && (!out.latest_day || *day > *out.latest_day))
          out.latest_day = *day;
    if (plan.sample_rate > 0 && in_fit_sample(*cust, plan.sample_rate)) {
      spills.sample.buffer.append(line).push_back('\n');
      ++out.sample_rows;
      if (spills.sample.buffer.size() >= flush_at)
        if (auto flushed = spills.sample.flush(); !flushed) return flushed.error();
    }
    const std::uint32_t s = shard_of_customer(*cust, plan.count);
    if (!plan.keep_parts || (plan.only && *plan.only != s)) continue;
    spills.rows[s].buffer.append(line).push_back('\n');
    ++out.rows[s];
    if (plan.line_numbers) append_u64(spills.lines[s].buffer, n);
    if (spills.rows[s].buffer.size() >= flush_at) {
      if (auto flushed = spills.rows[s].flush(); !flushed) return flushed.error();
      if (auto flushed = spills.lines[s].flush(); !flushed) return flushed.error();
    }
  }
  for (auto* group : {&spills.rows, &spills.lines})
    for (auto& spill : *group)
      if (auto closed = spill.close(); !closed) return closed.error();
  if (auto closed = spills.sample.close(); !closed) return closed.error();
  return out;
}

Result<std::unordered_map<std::string, std::uint64_t>> first_source_lines(const std::filesystem::path& csv,
                                                                          const std::filesystem::path& lines,
                                                                          std::string_view key_column) {
  std::ifstream in(csv, std::ios::binary), at(lines, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, csv.string() + ": cannot open", "models");
  if (!at) return fail(ErrorKind::not_found, lines.string() + ": cannot open", "models");
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto key = column_index(line, key_column);
  if (!key)
    return fail(ErrorKind::invalid_input, csv.string() + ":1: no column '" + std::string(key_column) + "'",
                "models");
  std::unordered_map<std::string, std::uint64_t> first;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    unsigned char b[8];
    if (!at.read(reinterpret_cast<char*>(b), 8))
      return fail(ErrorKind::invalid_input, lines.string() + ": fewer lines than " + csv.string(), "models");
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | b[i];
    if (const auto cust = field(line, *key)) first.emplace(std::string(*cust), n);
  }
  return first;
}

Result<PartitionedFile> partition_csv(const std::filesystem::path& csv, std::string_view key_column,
                                      std::uint32_t count, const std::filesystem::path& dir,
                                      std::size_t buffer_bytes) {
  if (count == 0) return fail(ErrorKind::invalid_input, "partition_csv: need at least one shard", "models");
  SplitPlan plan;
  plan.count = count;
  auto split = split_csv(csv, key_column, plan, dir, buffer_bytes);
  if (!split) return split.error();
  return PartitionedFile{std::move(split->parts), std::move(split->rows)};
}

}  // namespace smartstore::models
