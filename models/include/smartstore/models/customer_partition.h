#pragma once
// The out-of-core batch's first pass: a streaming split of an L.Point CSV
// (purchases, customers, sessions: any file with a cust column) into one
// spill file per shard by a hash of the customer id, so a shard's rows can be
// read back alone and its customers scored in memory bounded by the shard.
// Every file of a run is split with the same rule, so a customer's rows of
// all files land in the same shard number. The spill files hold raw ids:
// they are created 0600 (common/private_file.h) in a directory the caller
// owns and removes after the run.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models {

// One shard of N, written "i/N" on the command line (build --part; 0 <= i < N).
struct ShardSpec {
  std::uint32_t index = 0, count = 1;
};
// Fails (invalid_input) naming what is wrong with `text`.
[[nodiscard]] Result<ShardSpec> parse_shard_spec(std::string_view text);

// A customer's place in every snapshot: splitmix64 of the FNV-1a hash of
// the raw id (ties, which are rare, by the id itself), fixed across
// platforms and runs. Stable from one night to the next, whatever the input
// files' order.
[[nodiscard]] std::uint64_t customer_order_key(std::string_view cust);
// The shard of a raw customer id among `count`: the order keys cut into
// `count` equal ranges, so shard i's customers all come before shard i+1's
// in a snapshot and the shards' records join by concatenation.
[[nodiscard]] std::uint32_t shard_of_customer(std::string_view cust, std::uint32_t count);
// The same from the customer's order key (a split hashes each row's id once).
[[nodiscard]] std::uint32_t shard_of_key(std::uint64_t key, std::uint32_t count);
// Whether a customer is in the batch's fit sample, which holds about `rate`
// of the customers (1: all). Drawn by a second hash of the id, so every shard
// holds its share of the sample and any process draws the same sample.
[[nodiscard]] bool in_fit_sample(std::string_view cust, double rate);
[[nodiscard]] bool key_in_fit_sample(std::uint64_t key, double rate);

// Shards needed so that one shard's in-memory batch fits `memory_budget`
// bytes: a fixed part for the global fits and buffers (256 MiB, or a quarter
// of a smaller budget) plus the memory per input byte. That rate falls as
// parts grow, because the per-customer vectors and hash tables carry less
// slack and the rule mining's pair counts are shared by more customers: the
// 1M-customer demo set peaks at 2,409 MiB for about 710 MB of CSV (3.6 bytes
// of memory per input byte), parts of 10k-20k customers at about 6. Below a
// share of 128 MiB per part the small parts' rate is used, from 1 GiB up the
// large ones', between them a rate interpolated on the share's logarithm.
// At least 1, at most 65,536.
inline constexpr double kBatchBytesPerInputByte = 3.6;
inline constexpr double kSmallPartBytesPerInputByte = 6.0;
inline constexpr std::uint64_t kBatchFixedBytes = 256ULL << 20;
[[nodiscard]] std::uint32_t shards_for_budget(std::uint64_t input_bytes, std::uint64_t memory_budget);

struct PartitionedFile {
  std::vector<std::filesystem::path> parts;  // one per shard: <dir>/<stem>.<i>.csv, header first
  std::vector<std::uint64_t> rows;           // data rows per shard
};

// What one streaming pass over a CSV (header naming the key column) writes:
// the rows of some or all of `count` shards, the fit sample's rows, the
// latest date of a date column, and the distinct values of a column.
struct SplitPlan {
  std::uint32_t count = 1;
  std::optional<std::uint32_t> only;  // keep only this shard's rows (one job of an array)
  bool keep_parts = true;             // false: write the fit sample only
  double sample_rate = 0;             // > 0: <dir>/<stem>.sample.csv gets the fit sample's rows
  std::string date_column;            // non-empty: its latest date (YYYYMMDD or YYYY-MM-DD)
  std::string values_column;          // non-empty: its distinct non-empty values, trimmed, of every row
  bool skip_bad_rows = false;         // a row without the key field is dropped instead of failing
  unsigned threads = 1;               // workers routing each block's rows
};
// Whether a split by `plan` writes shard `shard`'s rows.
[[nodiscard]] bool keeps_shard(const SplitPlan& plan, std::uint32_t shard);
struct SplitFile {
  std::vector<std::filesystem::path> parts;  // per shard; empty for shards not kept
  std::vector<std::uint64_t> rows;           // data rows per shard
  std::filesystem::path sample;
  std::optional<std::int32_t> latest_day;  // day number of the latest date
  std::vector<std::string> values;         // values_column's, sorted
};
// Streams `csv` into the spill files under `dir` in one pass, holding about
// `buffer_bytes` of it in memory (a block of the file and its rows routed).
// Each file gets the rows in file order, CR of a CRLF line end and blank
// lines dropped, whatever the thread count. Fails with not_found for a
// missing file, invalid_input naming the file and line for a missing column
// or a row too short to have the key, storage_io when a spill file cannot be
// written.
[[nodiscard]] Result<SplitFile> split_csv(const std::filesystem::path& csv, std::string_view key_column,
                                          const SplitPlan& plan, const std::filesystem::path& dir,
                                          std::size_t buffer_bytes = 64ULL << 20);

[[nodiscard]] Result<PartitionedFile> partition_csv(const std::filesystem::path& csv,
                                                    std::string_view key_column, std::uint32_t count,
                                                    const std::filesystem::path& dir,
                                                    std::size_t buffer_bytes = 64ULL << 20);

}  // namespace smartstore::models
