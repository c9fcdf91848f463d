#include "smartstore/models/customer_partition.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "../generator/rng.h"

namespace smartstore::models {
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

std::uint32_t shard_of_key(std::uint64_t key, std::uint32_t count) {
  if (count <= 1) return 0;
  // floor(key * count / 2^64), in 64-bit halves (exact for a 32-bit count).
  const std::uint64_t low = ((key & 0xffffffffULL) * count) >> 32;
  return static_cast<std::uint32_t>(((key >> 32) * count + low) >> 32);
}

std::uint32_t shard_of_customer(std::string_view cust, std::uint32_t count) {
  return shard_of_key(customer_order_key(cust), count);
}

bool key_in_fit_sample(std::uint64_t key, double rate) {
  if (rate >= 1.0) return true;
  // The top 53 bits of a second mix, as a fraction in [0, 1).
  std::uint64_t state = key ^ 0x5bd1e9955bd1e995ULL;
  const std::uint64_t h = gen::splitmix64(state);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < rate;
}

bool in_fit_sample(std::string_view cust, double rate) {
  return key_in_fit_sample(customer_order_key(cust), rate);
}

bool keeps_shard(const SplitPlan& plan, std::uint32_t shard) {
  return plan.keep_parts && (!plan.only || *plan.only == shard);
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
