// The store-events CSV. Ten million rows are a gigabyte, so the file is read
// in parts on parallel threads (each a whole number of lines) and the parts
// are merged in file order: the result is the one a front-to-back read gives.
#include <algorithm>
#include <cstring>
#include <deque>
#include <string_view>
#include <unordered_set>

#include "../csv/csv_scanner.h"
#include "../csv/interner.h"
#include "../csv/table_reader.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/store_events.h"

namespace smartstore::models {
namespace {

using csv::BoundColumns;
using csv::field;
using csv::FieldProblem;
using csv::trim;

enum Column { kType, kMember, kDay, kCoupon, kProduct, kCategory, kQuantity, kValue, kText, kColumns };
constexpr const char* kColumnNames[kColumns] = {
    "type", "member_key", "day", "coupon_id", "product_code", "category", "quantity", "value", "text"};

// A coupon issue or timed deliberation of a part after the first, applied
// when the parts merge after those of the parts before it: the file's first
// issue of a coupon wins, and the minutes add up in file order (the same
// double a single read gives).
struct LaterIssue {
  std::string coupon;
  DayNumber day;
  std::uint32_t title, member;
};
struct LaterMinutes {
  std::uint32_t member;
  double minutes;
};

// A row a part could not take: its line counted from the part's start.
struct PartProblem {
  std::size_t line, column;
  std::string expected, found;
  bool open_quote;  // the part ended inside a quoted field
};

// One part's rows, members numbered in the order the part names them. Not
// movable: the interners point into `out`.
struct Part {
  explicit Part(bool is_first) : first(is_first) {}
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;

  const bool first;
  StoreEvents out;
  std::vector<PackedMemberKey> keys;                         // per member, in a later part (for the merge)
  std::vector<std::uint32_t> item_member;                    // beside out.items, in file order
  csv::Interner codes{out.codes}, texts{out.texts};          // 0 is "", the names' first
  std::unordered_map<std::string, std::uint32_t> issued_to;  // coupon id -> its member
  std::unordered_set<std::string> redeemed;                  // coupon ids
  std::vector<LaterIssue> later_issues;
  std::vector<LaterMinutes> later_minutes;
  std::optional<PartProblem> problem;
  // A note's rows come together: the member of the last row, checked and
  // looked up once; likewise its day.
  std::string last_key, last_day_text;
  std::uint32_t last = 0;
  DayNumber last_day = 0;

  // The last row's member key (validated), empty before the first.
  [[nodiscard]] bool same_member(std::string_view key) const { return !last_key.empty() && key == last_key; }
  std::uint32_t member(std::string_view key) {
    if (same_member(key)) return last;
    last_key = key;
    return last = add_member(pack_member_key(key));
  }
  std::uint32_t add_member(const PackedMemberKey& key) {
    const auto [it, added] = out.index.emplace(key, static_cast<std::uint32_t>(out.members.size()));
    if (added) {
      out.members.emplace_back();
      if (!first) keys.push_back(key);
    }
    return it->second;
  }
  std::optional<DayNumber> day(std::string_view text) {
    if (text == last_day_text && !text.empty()) return last_day;
    const auto parsed = parse_date(text);
    if (parsed) last_day_text = text, last_day = *parsed;
    return parsed;
  }
  void issue(std::string_view coupon, DayNumber on, std::uint32_t title, std::uint32_t m) {
    if (!first) {
      later_issues.push_back({std::string(coupon), on, title, m});
      return;
    }
    if (!issued_to.emplace(coupon, m).second) return;  // issued once
    MemberEvents& e = out.members[m];
    ++e.coupons_issued;
    if (!e.last_coupon_day || on >= *e.last_coupon_day) {
      e.last_coupon_day = on;
      e.last_coupon = title;
    }
  }
  void deliberation(std::uint32_t m, double minutes) {
    ++out.members[m].deliberation_notes;
    if (first)
      out.members[m].deliberation_total_min += minutes;
    else
      later_minutes.push_back({m, minutes});
  }
};

std::optional<FieldProblem> noted_item(const std::vector<std::string_view>& f, const BoundColumns& c,
                                       DayNumber day, NotedKind kind, std::uint32_t member, Part& r) {
  const std::string_view product = trim(field(f, c, kProduct)), category = trim(field(f, c, kCategory));
  if (product.empty() && category.empty())
    return FieldProblem{kProduct, "a product code or a category", field(f, c, kProduct)};
  NotedItem item{1, day, r.codes.id(product), r.codes.id(category), kind};
  if (!field(f, c, kQuantity).empty() &&
      (!csv::parse_int(field(f, c, kQuantity), item.quantity) || item.quantity < 1))
    return FieldProblem{kQuantity, "a quantity >= 1", field(f, c, kQuantity)};
  r.out.items.push_back(item);
  r.item_member.push_back(member);
  return std::nullopt;
}

std::optional<FieldProblem> event_row(const std::vector<std::string_view>& f, const BoundColumns& c,
                                      Part& r) {
  const std::string_view type = trim(field(f, c, kType));
  const std::string_view key = trim(field(f, c, kMember));
  const bool redemption = type == "coupon_redeemed";
  if (!r.same_member(key) && !is_member_key(key) && !(redemption && key.empty()))
    return FieldProblem{kMember, "64 lower-case hex characters", key};
  const auto day = r.day(trim(field(f, c, kDay)));
  if (!day) return FieldProblem{kDay, "a date YYYY-MM-DD", field(f, c, kDay)};
  const std::string_view coupon = trim(field(f, c, kCoupon));
  if (redemption) {
    if (coupon.empty()) return FieldProblem{kCoupon, "a coupon id", coupon};
    r.redeemed.emplace(coupon);
    return std::nullopt;
  }
  const std::uint32_t member = r.member(key);
  if (type == "sold") return noted_item(f, c, *day, NotedKind::sold, member, r);
  if (type == "shown") return noted_item(f, c, *day, NotedKind::shown, member, r);
  if (type == "considered") return noted_item(f, c, *day, NotedKind::considered, member, r);
  if (type == "deliberation") {
    double minutes = 0;
    if (!csv::parse_double(field(f, c, kValue), minutes) || minutes < 0)
      return FieldProblem{kValue, "minutes >= 0", field(f, c, kValue)};
    r.deliberation(member, minutes);
    return std::nullopt;
  }
  MemberEvents& m = r.out.members[member];
  if (type == "survey") {
    if (const auto fav = trim(field(f, c, kCategory)); !fav.empty()) m.survey_favourite = r.texts.id(fav);
    if (const auto channel = trim(field(f, c, kText)); !channel.empty())
      m.preferred_channel = r.texts.id(channel);
    return std::nullopt;
  }
  if (type == "coupon_issued") {
    if (coupon.empty()) return FieldProblem{kCoupon, "a coupon id", coupon};
    const auto title = trim(field(f, c, kText));
    r.issue(coupon, *day, r.texts.id(title.empty() ? trim(field(f, c, kProduct)) : title), member);
    return std::nullopt;
  }
  return FieldProblem{
      kType, "sold, shown, considered, deliberation, survey, coupon_issued or coupon_redeemed", type};
}

std::string truncated(std::string_view s) {
  constexpr std::size_t kMax = 60;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

// The records of `text` (whole lines of the file) into `r`, up to the first
// row it cannot take; the first part's first record is the header, skipped.
void read_part(std::string_view text, const BoundColumns& bound, Part& r) {
  csv::CsvScanner scanner(text);
  std::vector<std::string_view> fields;
  if (r.first && scanner.next(fields) && scanner.malformed())
    r.problem = PartProblem{scanner.line(), kType, "a closing quote", "", true};
  while (!r.problem && scanner.next(fields)) {
    std::optional<FieldProblem> problem;
    if (scanner.malformed()) {
      problem = FieldProblem{kType, "a closing quote", fields.back()};
    } else {
      for (std::size_t c = 0; c < kColumns && !problem; ++c)
        if (static_cast<std::size_t>(bound.index[c]) >= fields.size())
          problem = FieldProblem{c, "at least " + std::to_string(bound.index[c] + 1) + " fields", {}};
      if (!problem) problem = event_row(fields, bound, r);
    }
    if (!problem) {
      ++r.out.rows;
      continue;
    }
    r.problem = PartProblem{scanner.line(), problem->column, problem->expected, truncated(problem->found),
                            scanner.malformed()};
  }
}

// Where the parts start: line starts about equally far apart, none inside
// the header line. A cut inside a quoted field shows as the part before it
// ending in an open quote; the caller then reads the file as one part.
std::vector<std::size_t> part_starts(std::string_view text, const EventsReadOptions& options) {
  std::size_t header_end = 0;
  while (header_end < text.size() && (text[header_end] == '\n' || text[header_end] == '\r')) ++header_end;
  header_end = text.find('\n', header_end);
  const std::size_t wanted = std::min<std::size_t>(
      worker_count(options.threads), text.size() / std::max<std::size_t>(options.min_part_bytes, 1));
  std::vector<std::size_t> starts{0};
  for (std::size_t k = 1; k < wanted && header_end != std::string_view::npos; ++k) {
    const std::size_t cut = text.find('\n', std::max(text.size() * k / wanted, header_end));
    if (cut == std::string_view::npos || cut + 1 >= text.size()) break;
    if (cut + 1 > starts.back()) starts.push_back(cut + 1);
  }
  starts.push_back(text.size());
  return starts;
}

// Appends a later part to the first, in file order.
void merge(Part& into, const Part& from) {
  std::vector<std::uint32_t> code(from.out.codes.size()), text(from.out.texts.size()),
      member(from.out.members.size());
  for (std::size_t i = 0; i < code.size(); ++i) code[i] = into.codes.id(from.out.codes[i]);
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = into.texts.id(from.out.texts[i]);
  for (std::size_t m = 0; m < member.size(); ++m) {
    member[m] = into.add_member(from.keys[m]);
    const MemberEvents& e = from.out.members[m];
    MemberEvents& to = into.out.members[member[m]];
    to.deliberation_notes += e.deliberation_notes;
    if (e.survey_favourite != 0) to.survey_favourite = text[e.survey_favourite];
    if (e.preferred_channel != 0) to.preferred_channel = text[e.preferred_channel];
  }
  for (const LaterMinutes& t : from.later_minutes)
    into.out.members[member[t.member]].deliberation_total_min += t.minutes;
  for (const LaterIssue& i : from.later_issues) into.issue(i.coupon, i.day, text[i.title], member[i.member]);
  into.redeemed.insert(from.redeemed.begin(), from.redeemed.end());
  for (std::size_t i = 0; i < from.out.items.size(); ++i) {
    NotedItem item = from.out.items[i];
    item.product = code[item.product];
    item.category = code[item.category];
    into.out.items.push_back(item);
    into.item_member.push_back(member[from.item_member[i]]);
  }
  into.out.rows += from.out.rows;
}

// Redemptions joined to their issues; items grouped by member (a counting
// sort: stable, so each member's items stay in file order).
StoreEvents finish(Part& r) {
  for (const auto& coupon : r.redeemed) {
    auto it = r.issued_to.find(coupon);
    if (it == r.issued_to.end())
      ++r.out.redemptions_unmatched;
    else
      ++r.out.members[it->second].coupons_redeemed;
  }
  auto& start = r.out.item_start;
  start.assign(r.out.members.size() + 1, 0);
  for (std::uint32_t m : r.item_member) ++start[m + 1];
  for (std::size_t m = 0; m < r.out.members.size(); ++m) start[m + 1] += start[m];
  std::vector<NotedItem> grouped(r.out.items.size());
  std::vector<std::uint32_t> at(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < r.out.items.size(); ++i) grouped[at[r.item_member[i]]++] = r.out.items[i];
  r.out.items = std::move(grouped);
  return std::move(r.out);
}

// The header's columns, or what is wrong with it (line 1, as every CSV reader here says).
Result<BoundColumns> bind_header(std::string_view text, const std::string& path) {
  csv::CsvScanner scanner(text);
  std::vector<std::string_view> fields;
  if (!scanner.next(fields)) return csv_error(path, 1, "", "a header line", "an empty file");
  BoundColumns bound;
  for (const char* name : kColumnNames) {
    int index = -1;
    for (std::size_t i = 0; i < fields.size() && index < 0; ++i)
      if (trim(fields[i]) == name) index = static_cast<int>(i);
    if (index < 0)
      return csv_error(path, 1, name, std::string("a header column named ") + name, "no such column");
    bound.index.push_back(index);
    bound.header_name.emplace_back(name);
  }
  return bound;
}

}  // namespace

Result<StoreEvents> read_store_events(const std::filesystem::path& file, const EventsReadOptions& options) {
  if (!std::filesystem::exists(file))
    return fail(ErrorKind::not_found, file.string() + ": no such store-events file", "models");
  const std::string path = file.string();
  csv::MappedFile mapped;
  if (std::string err = mapped.open(path); !err.empty())
    return fail(ErrorKind::invalid_input, csv_error(path, 0, "", "a readable CSV file", err).message(),
                "models");
  const std::string_view text = mapped.text();
  const auto bound = bind_header(text, path);
  if (!bound) return fail(ErrorKind::invalid_input, bound.error().message(), "models");
  std::vector<std::size_t> starts = part_starts(text, options);
  for (;;) {
    std::deque<Part> parts;
    for (std::size_t k = 0; k + 1 < starts.size(); ++k) parts.emplace_back(k == 0);
    run_workers(static_cast<unsigned>(parts.size()), [&](unsigned k) {
      read_part(text.substr(starts[k], starts[k + 1] - starts[k]), *bound, parts[k]);
    });
    std::size_t k = 0;
    while (k < parts.size() && !parts[k].problem) ++k;
    if (k + 1 < parts.size() && parts[k].problem->open_quote) {  // cut inside a quoted field
      starts = {0, text.size()};
      continue;
    }
    if (k < parts.size()) {
      const PartProblem& p = *parts[k].problem;
      const auto before = static_cast<std::size_t>(
          std::count(text.begin(), text.begin() + static_cast<long>(starts[k]), '\n'));
      return fail(ErrorKind::invalid_input,
                  csv_error(path, before + p.line, kColumnNames[p.column], p.expected, p.found).message(),
                  "models");
    }
    for (std::size_t later = 1; later < parts.size(); ++later) merge(parts[0], parts[later]);
    return finish(parts[0]);
  }
}

}  // namespace smartstore::models
