#include "store_events_split.h"

#include <algorithm>
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

// Calls on_record(raw, fields) with every record of `file`, header first,
// blank lines skipped: `raw` is the record's bytes as they stand (line end
// included), `fields` its fields as the batch's readers take them.
template <class OnRecord>
Status for_each_record(const std::filesystem::path& file, OnRecord&& on_record) {
  csv::MappedFile mapped;
  if (const auto err = mapped.open(file.string()); !err.empty())
    return fail(ErrorKind::not_found, file.string() + ": " + err, "models");
  csv::CsvScanner scanner(mapped.text());
  std::vector<std::string_view> fields;
  while (scanner.next(fields))
    if (auto s = on_record(scanner.record(), fields); !s) return s;
  return ok();
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

Result<RouteColumns> route_columns(const std::filesystem::path& file,
                                   const std::vector<std::string_view>& fields) {
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
  std::optional<std::size_t> index;
  auto read =
      for_each_record(csv, [&](std::string_view, const std::vector<std::string_view>& fields) -> Status {
        if (!index) {
          const auto at =
              std::find_if(fields.begin(), fields.end(), [&](auto f) { return csv::trim(f) == column; });
          if (at == fields.end())
            return fail(ErrorKind::invalid_input, csv + ":1: no column '" + column + "'", "models");
          index = static_cast<std::size_t>(at - fields.begin());
          return ok();
        }
        if (*index < fields.size())
          if (const auto value = csv::trim(fields[*index]); !value.empty()) values.emplace(value);
        return ok();
      });
  if (!read) return read;
  if (!index) return fail(ErrorKind::invalid_input, csv + ":1: no column '" + column + "'", "models");
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
  std::vector<std::uint32_t> to;
  // First pass: where each coupon's issues go, for its redemptions.
  MemberRoutes coupons;
  auto issues = for_each_record(events, [&](std::string_view, const auto& fields) -> Status {
    if (!cols) {
      auto bound = route_columns(events, fields);
      if (!bound) return bound.error();
      cols = *bound;
      return ok();
    }
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
  auto split = for_each_record(events, [&](std::string_view record, const auto& fields) -> Status {
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
    ++out.rows;
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
