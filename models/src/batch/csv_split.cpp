// split_csv (customer_partition.h): the file is read in large blocks cut at
// line ends; each block's rows are routed by `threads` workers, each taking
// a contiguous slice into buffers of its own, and the buffers are appended
// to the spill files in block and slice order, so every file gets the bytes
// a row-by-row pass would write, whatever the thread count or block size.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <unordered_set>

#include "../csv/csv_scanner.h"
#include "../csv/table_reader.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/parallel.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/customer_partition.h"

namespace smartstore::models {
namespace {

// The index of `name` among the comma-separated fields of `header`
// (trimmed as the readers trim them, with `trimmed`).
std::optional<std::size_t> column_index(std::string_view header, std::string_view name,
                                        bool trimmed = false) {
  std::size_t index = 0;
  for (std::size_t begin = 0;; ++index) {
    const std::size_t end = std::min(header.find(',', begin), header.size());
    const auto here = header.substr(begin, end - begin);
    if ((trimmed ? csv::trim(here) : here) == name) return index;
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

struct Columns {
  std::size_t key = 0;
  std::optional<std::size_t> date, values;
};

// What one worker takes from its slice of a block.
struct Routed {
  std::vector<std::string> rows;      // per shard
  std::vector<std::uint64_t> counts;  // rows per shard, over the whole file
  std::string sample;                 // the fit sample's rows
  std::uint64_t lines = 0;            // of the slice
  std::optional<std::uint64_t> bad;   // slice line of the first row without the key
  std::optional<std::int32_t> latest_day;
  std::unordered_set<std::string> values;
  std::string last_value;
};

// The values column's field, trimmed; a quoted row through the RFC 4180 scanner.
void note_value(std::string_view line, std::size_t index, Routed& r) {
  std::string_view value;
  std::vector<std::string_view> fields;
  std::optional<csv::CsvScanner> scanner;
  if (line.find('"') != std::string_view::npos) {
    scanner.emplace(line);
    if (scanner->next(fields) && index < fields.size()) value = fields[index];
  } else {
    value = field(line, index).value_or(std::string_view{});
  }
  value = csv::trim(value);
  if (value.empty() || value == r.last_value) return;
  r.last_value.assign(value);
  r.values.insert(r.last_value);
}

void route(std::string_view slice, const Columns& c, const SplitPlan& plan, Routed& r) {
  for (std::size_t begin = 0; begin < slice.size(); ++r.lines) {
    const std::size_t end = std::min(slice.find('\n', begin), slice.size());
    std::string_view line = slice.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (c.values) note_value(line, *c.values, r);
    const auto cust = field(line, c.key);
    if (!cust && plan.skip_bad_rows) continue;
    if (!cust) {
      r.bad = r.lines;
      return;
    }
    if (c.date)
      if (const auto d = field(line, *c.date))
        if (const auto day = parse_date(*d); day && (!r.latest_day || *day > *r.latest_day))
          r.latest_day = *day;
    const std::uint64_t key = customer_order_key(*cust);
    if (plan.sample_rate > 0 && key_in_fit_sample(key, plan.sample_rate))
      r.sample.append(line).push_back('\n');
    const std::uint32_t s = shard_of_key(key, plan.count);
    if (!keeps_shard(plan, s)) continue;
    r.rows[s].append(line).push_back('\n');
    ++r.counts[s];
  }
}

// The split's open files: per kept shard its rows, and the sample.
struct Outputs {
  std::vector<std::optional<PrivateFile>> rows;
  std::optional<PrivateFile> sample;
};

Status open_outputs(const std::filesystem::path& csv, const std::string& header, const SplitPlan& plan,
                    const std::filesystem::path& dir, SplitFile& out, Outputs& files) {
  const std::string stem = csv.stem().string();
  auto open = [&](std::optional<PrivateFile>& f, const std::filesystem::path& path,
                  std::string_view first) -> Status {
    auto created = PrivateFile::create(path);
    if (!created) return created.error();
    f.emplace(std::move(*created));
    return first.empty() ? ok() : f->write(first);
  };
  out.parts.assign(plan.count, {});
  out.rows.assign(plan.count, 0);
  files.rows.resize(plan.count);
  for (std::uint32_t s = 0; s < plan.count; ++s) {
    if (!keeps_shard(plan, s)) continue;
    out.parts[s] = dir / (stem + "." + std::to_string(s) + ".csv");
    if (auto opened = open(files.rows[s], out.parts[s], header + "\n"); !opened) return opened;
  }
  if (plan.sample_rate <= 0) return ok();
  out.sample = dir / (stem + ".sample.csv");
  return open(files.sample, out.sample, header + "\n");
}

// Appends the block's routed rows: output k (the shards' rows, then the
// sample) is written by worker k mod W, each worker's piece in slice order.
Status write_block(std::vector<Routed>& routed, Outputs& files, unsigned workers) {
  const std::size_t count = files.rows.size();
  std::vector<Status> status(workers, ok());
  run_workers(workers, [&](unsigned w) {
    for (std::size_t k = w; k <= count && status[w]; k += workers) {
      auto& file = k < count ? files.rows[k] : files.sample;
      if (!file) continue;
      for (std::size_t v = 0; v < routed.size() && status[w]; ++v) {
        std::string& piece = k < count ? routed[v].rows[k] : routed[v].sample;
        if (!piece.empty()) status[w] = file->write(piece);
        piece.clear();
      }
    }
  });
  for (auto& s : status)
    if (!s) return s;
  return ok();
}

// Reads up to `want` more bytes of `in` onto the end of `buf`.
void read_more(std::ifstream& in, std::string& buf, std::size_t want) {
  const std::size_t had = buf.size();
  buf.resize(had + want);
  in.read(buf.data() + had, static_cast<std::streamsize>(want));
  buf.resize(had + static_cast<std::size_t>(in.gcount()));
}

Result<Columns> bind_columns(const std::filesystem::path& csv, std::string_view header,
                             std::string_view key_column, const SplitPlan& plan) {
  auto missing = [&](std::string_view name) {
    return fail(ErrorKind::invalid_input, csv.string() + ":1: no column '" + std::string(name) + "'",
                "models");
  };
  Columns c;
  if (const auto key = column_index(header, key_column))
    c.key = *key;
  else
    return missing(key_column);
  if (!plan.date_column.empty()) c.date = column_index(header, plan.date_column);
  if (!plan.values_column.empty()) {
    c.values = column_index(header, plan.values_column, true);
    if (!c.values) return missing(plan.values_column);
  }
  return c;
}

// Where each worker's slice of `text` (whole lines) begins; starts.back() is its end.
void slice_starts(std::string_view text, std::vector<std::size_t>& starts) {
  const std::size_t workers = starts.size() - 1;
  starts[0] = 0;
  starts[workers] = text.size();
  for (std::size_t w = 1; w < workers; ++w) {
    const std::size_t from = std::max(starts[w - 1], text.size() * w / workers);
    const auto at = from == 0 ? 0 : text.find('\n', from - 1);
    starts[w] = at == std::string_view::npos ? text.size() : (from == 0 ? 0 : at + 1);
  }
}

// The workers' counts, dates and values summed into `out`; the files closed.
Status finish(const std::vector<Routed>& routed, SplitFile& out, Outputs& files) {
  for (const auto& r : routed) {
    for (std::size_t s = 0; s < out.rows.size(); ++s) out.rows[s] += r.counts[s];
    if (r.latest_day && (!out.latest_day || *r.latest_day > *out.latest_day)) out.latest_day = r.latest_day;
    out.values.insert(out.values.end(), r.values.begin(), r.values.end());
  }
  std::sort(out.values.begin(), out.values.end());
  out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
  for (auto& file : files.rows)
    if (file)
      if (auto closed = file->close(); !closed) return closed;
  if (files.sample) return files.sample->close();
  return ok();
}

}  // namespace

Result<SplitFile> split_csv(const std::filesystem::path& csv, std::string_view key_column,
                            const SplitPlan& plan, const std::filesystem::path& dir,
                            std::size_t buffer_bytes) {
  if (plan.count == 0) return fail(ErrorKind::invalid_input, "split_csv: need at least one shard", "models");
  std::ifstream in(csv, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, csv.string() + ": cannot open", "models");
  // A block and its routed copy are what the split holds.
  const std::size_t block = std::max<std::size_t>(std::size_t{64} << 10, buffer_bytes / 2);
  std::string buf;
  std::size_t nl = std::string::npos;
  while (nl == std::string::npos && in) {
    read_more(in, buf, block);
    nl = buf.find('\n');
  }
  if (buf.empty()) return fail(ErrorKind::invalid_input, csv.string() + ":1: empty file", "models");
  std::string header = buf.substr(0, std::min(nl, buf.size()));
  buf.erase(0, nl == std::string::npos ? buf.size() : nl + 1);
  if (!header.empty() && header.back() == '\r') header.pop_back();
  const auto c = bind_columns(csv, header, key_column, plan);
  if (!c) return c.error();
  SplitFile out;
  Outputs files;
  if (auto opened = open_outputs(csv, header, plan, dir, out, files); !opened) return opened.error();
  const unsigned workers = worker_count(plan.threads);
  std::vector<Routed> routed(workers);
  for (auto& r : routed) {
    r.rows.resize(plan.count);
    r.counts.assign(plan.count, 0);
  }
  std::vector<std::size_t> starts(workers + 1);
  for (std::uint64_t line = 2;;) {
    if (buf.size() < block && in) read_more(in, buf, block - buf.size());
    // The block ends at its last line end; the rest starts the next one.
    std::size_t cut = buf.size();
    if (in) {
      const auto last = buf.rfind('\n');
      if (last == std::string::npos) {  // a line longer than a block
        read_more(in, buf, block);
        continue;
      }
      cut = last + 1;
    }
    const std::string_view text(buf.data(), cut);
    slice_starts(text, starts);
    run_workers(workers, [&](unsigned w) {
      routed[w].lines = 0;
      route(text.substr(starts[w], starts[w + 1] - starts[w]), *c, plan, routed[w]);
    });
    for (unsigned w = 0; w < workers; ++w) {
      if (routed[w].bad)
        return fail(ErrorKind::invalid_input,
                    csv.string() + ":" + std::to_string(line + *routed[w].bad) + ": no " +
                        std::string(key_column) + " field",
                    "models");
      line += routed[w].lines;
    }
    if (auto written = write_block(routed, files, workers); !written) return written.error();
    buf.erase(0, cut);
    if (!in && buf.empty()) break;
  }
  if (auto closed = finish(routed, out, files); !closed) return closed.error();
  return out;
}

}  // namespace smartstore::models
