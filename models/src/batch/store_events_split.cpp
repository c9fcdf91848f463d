#include "store_events_split.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "../csv/csv_scanner.h"
#include "../csv/table_reader.h"
#include "../generator/rng.h"
#include "batch_run.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models::batch {
namespace {

std::uint64_t route_hash(std::string_view s) {
  return gen::fnv1a64(s);
}

// The comma-separated fields of one record: split directly when it quotes
// nothing (the stores' rows mostly), else through the RFC 4180 scanner.
void record_fields(std::string_view record, std::vector<std::string_view>& fields) {
  fields.clear();
  if (record.find('"') != std::string_view::npos) {
    csv::CsvScanner scanner(record);
    thread_local std::vector<std::string> copies;  // the scanner's views die with it
    if (!scanner.next(fields)) return;
    copies.assign(fields.begin(), fields.end());
    for (std::size_t i = 0; i < fields.size(); ++i) fields[i] = copies[i];
    return;
  }
  while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.remove_suffix(1);
  for (std::size_t begin = 0;;) {
    const std::size_t comma = record.find(',', begin);
    fields.push_back(
        record.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin));
    if (comma == std::string_view::npos) return;
    begin = comma + 1;
  }
}

// Calls `on_record` with every record of `file` (its raw bytes, line end
// included; a quoted field may hold line ends), reading a block at a time.
template <class OnRecord>
Status for_each_record(const std::filesystem::path& file, OnRecord&& on_record) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, file.string() + ": cannot open", "models");
  constexpr std::size_t kBlock = std::size_t{4} << 20;
  std::string buf;
  std::size_t scanned = 0, start = 0;
  bool quoted = false;
  for (;;) {
    const std::size_t had = buf.size();
    buf.resize(had + kBlock);
    in.read(buf.data() + had, static_cast<std::streamsize>(kBlock));
    buf.resize(had + static_cast<std::size_t>(in.gcount()));
    for (std::size_t i = scanned; i < buf.size(); ++i) {
      if (buf[i] == '"') quoted = !quoted;
      if (buf[i] != '\n' || quoted) continue;
      if (auto s = on_record(std::string_view(buf).substr(start, i + 1 - start)); !s) return s;
      start = i + 1;
    }
    buf.erase(0, start);
    scanned = buf.size();
    start = 0;
    if (!in) break;
  }
  if (!buf.empty()) return on_record(std::string_view(buf));
  return ok();
}

bool blank(std::string_view record) {
  return record.find_first_not_of("\r\n") == std::string_view::npos;
}

// Sorted destinations of `hash` in `routes` (sorted), appended to `out`.
void destinations_of(const MemberRoutes& routes, std::uint64_t hash, std::vector<std::uint32_t>& out) {
  auto it = std::lower_bound(routes.begin(), routes.end(), std::pair<std::uint64_t, std::uint32_t>{hash, 0});
  for (; it != routes.end() && it->first == hash; ++it) out.push_back(it->second);
}

// The header's index of each column the split routes by.
struct RouteColumns {
  std::size_t type = 0, member = 0, coupon = 0;
};

Result<RouteColumns> route_columns(const std::filesystem::path& file, std::string_view header) {
  if (header.size() >= 3 && header.substr(0, 3) == "\xEF\xBB\xBF") header.remove_prefix(3);
  std::vector<std::string_view> fields;
  record_fields(header, fields);
  RouteColumns c;
  for (const auto& wanted : {std::pair<std::string_view, std::size_t*>{"type", &c.type},
                             {"member_key", &c.member},
                             {"coupon_id", &c.coupon}}) {
    const auto at =
        std::find_if(fields.begin(), fields.end(), [&](auto f) { return csv::trim(f) == wanted.first; });
    if (at == fields.end())
      return fail(ErrorKind::invalid_input,
                  file.string() + ":1: no column '" + std::string(wanted.first) + "'", "models");
    *wanted.second = static_cast<std::size_t>(at - fields.begin());
  }
  return c;
}

std::string_view column(const std::vector<std::string_view>& fields, std::size_t index) {
  return index < fields.size() ? csv::trim(fields[index]) : std::string_view{};
}

}  // namespace

Status add_column_values(const std::string& csv, const std::string& column,
                         std::unordered_set<std::string>& values) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, csv + ": cannot open", "models");
  std::string line;
  std::getline(in, line);
  std::vector<std::string_view> fields;
  record_fields(line, fields);
  const auto at = std::find_if(fields.begin(), fields.end(), [&](auto f) { return csv::trim(f) == column; });
  if (at == fields.end())
    return fail(ErrorKind::invalid_input, csv + ":1: no column '" + column + "'", "models");
  const auto index = static_cast<std::size_t>(at - fields.begin());
  while (std::getline(in, line)) {
    record_fields(line, fields);
    if (index < fields.size())
      if (const auto value = csv::trim(fields[index]); !value.empty()) values.emplace(value);
  }
  return ok();
}

Status add_member_routes(const BatchOptions& o, const MemberFiles& files, std::uint32_t destination,
                         MemberRoutes& routes) {
  std::unordered_set<std::string> custs;  // raw ids, in memory only
  if (auto read = add_column_values(files.purchases, key_column(o.inputs.purchase_options, "cust"), custs);
      !read)
    return read;
  if (auto read = add_column_values(files.customers, key_column(o.inputs.customer_options, "cust"), custs);
      !read)
    return read;
  std::unordered_map<std::string, std::string> card_of;
  if (!files.members.empty())
    if (auto read = read_members(files.members, card_of); !read) return read;
  const std::vector<std::string_view> order(custs.begin(), custs.end());
  for (const auto& key : member_keys(order, card_of, o)) routes.emplace_back(route_hash(key), destination);
  return ok();
}

Result<EventsSplit> split_store_events(const std::filesystem::path& events, const MemberRoutes& routes,
                                       std::uint32_t destinations, bool keep_unrouted,
                                       const std::filesystem::path& dir) {
  std::optional<RouteColumns> cols;
  std::vector<std::string_view> fields;
  std::vector<std::uint32_t> to;
  // First pass: where each coupon's issues go, for its redemptions.
  MemberRoutes coupons;
  auto issues = for_each_record(events, [&](std::string_view record) -> Status {
    if (!cols) {
      auto bound = route_columns(events, record);
      if (!bound) return bound.error();
      cols = *bound;
      return ok();
    }
    record_fields(record, fields);
    if (column(fields, cols->type) != "coupon_issued") return ok();
    to.clear();
    destinations_of(routes, route_hash(column(fields, cols->member)), to);
    for (const auto d : to) coupons.emplace_back(route_hash(column(fields, cols->coupon)), d);
    return ok();
  });
  if (!issues) return issues.error();
  if (!cols) return fail(ErrorKind::invalid_input, events.string() + ":1: empty file", "models");
  std::sort(coupons.begin(), coupons.end());
  coupons.erase(std::unique(coupons.begin(), coupons.end()), coupons.end());

  EventsSplit out;
  const std::uint32_t files = destinations + (keep_unrouted ? 1 : 0);
  std::vector<bool> used(files, false);
  if (keep_unrouted) used[destinations] = true;
  for (const auto& r : routes)
    if (r.second < destinations) used[r.second] = true;
  out.files.assign(files, {});
  std::vector<std::optional<PrivateFile>> sinks(files);
  std::vector<std::string> pending(files);  // each file's rows not yet written
  auto write = [&](std::uint32_t d) {
    auto written = sinks[d]->write(pending[d]);
    pending[d].clear();
    return written;
  };
  bool header = true;
  auto split = for_each_record(events, [&](std::string_view record) -> Status {
    if (header) {
      header = false;
      for (std::uint32_t d = 0; d < files; ++d) {
        if (!used[d]) continue;
        out.files[d] = dir / ("store-events." + std::to_string(d) + ".csv");
        auto created = PrivateFile::create(out.files[d]);
        if (!created) return created.error();
        sinks[d].emplace(std::move(*created));
        pending[d].assign(record);
      }
      return ok();
    }
    if (blank(record)) return ok();
    ++out.rows;
    record_fields(record, fields);
    to.clear();
    if (column(fields, cols->type) == "coupon_redeemed")
      destinations_of(coupons, route_hash(column(fields, cols->coupon)), to);
    else
      destinations_of(routes, route_hash(column(fields, cols->member)), to);
    if (to.empty() && keep_unrouted) to.push_back(destinations);
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
    for (const auto d : to) {
      pending[d].append(record);
      if (record.back() != '\n') pending[d].push_back('\n');
      if (pending[d].size() >= (std::size_t{1} << 20))
        if (auto written = write(d); !written) return written;
    }
    return ok();
  });
  if (!split) return split.error();
  for (std::uint32_t d = 0; d < files; ++d) {
    if (!sinks[d]) continue;
    if (auto written = write(d); !written) return written.error();
    if (auto closed = sinks[d]->close(); !closed) return closed.error();
  }
  return out;
}

}  // namespace smartstore::models::batch
