// exposures.csv and the purchase files into build_uplift_report.
#include "smartstore/models/uplift_inputs.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "../csv/csv_scanner.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models {
namespace {

constexpr const char* kColumns[] = {"member_key", "campaign_id", "offer_id",     "event",
                                    "de_dt",      "segment",     "discount_krw", "redeemed"};
constexpr std::size_t kColumnCount = std::size(kColumns);

// Interns names in order of first appearance.
struct Names {
  std::vector<std::string>* list;
  std::unordered_map<std::string, std::uint32_t> index;
  std::uint32_t of(const std::string& name) {
    auto [it, added] = index.try_emplace(name, static_cast<std::uint32_t>(list->size()));
    if (added) list->push_back(name);
    return it->second;
  }
};

Failure bad_cell(const std::string& path, std::size_t line, const char* column, const std::string& expected,
                 const std::string& found) {
  return fail(ErrorKind::invalid_input,
              path + ":" + std::to_string(line) + ": column " + column + ": expected " + expected +
                  ", found '" + found.substr(0, 40) + "'",
              "models");
}

Result<std::vector<std::size_t>> header_positions(const std::string& path,
                                                  const std::vector<std::string_view>& names) {
  std::vector<std::size_t> at(kColumnCount, names.size());
  for (std::size_t c = 0; c < kColumnCount; ++c)
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == kColumns[c]) at[c] = i;
  for (std::size_t c = 0; c < kColumnCount; ++c)
    if (at[c] == names.size())
      return fail(ErrorKind::invalid_input, path + ":1: no column " + kColumns[c], "models");
  return at;
}

// The customers of one purchase table as member indices (kNoMember for
// those never exposed), keying each cust once across tables.
void map_customers(const PurchaseTable& table, const UpliftFiles& files,
                   const std::unordered_map<std::string, std::string>& card_of,
                   const std::unordered_map<std::string, std::uint32_t>& member_of_key,
                   std::vector<std::uint32_t>& member_of_customer) {
  const auto& names = table.customers.names;
  member_of_customer.assign(names.size(), kNoMember);
  const MemberKeyer keyer(files.deployment_key);
  parallel_for(files.threads, names.size(), [&](unsigned, std::size_t begin, std::size_t end) {
    MemberKeyer own = keyer;
    for (std::size_t i = begin; i < end; ++i) {
      const auto card = card_of.find(names[i]);
      const auto key = own.key(card != card_of.end() ? card->second : names[i]);
      const auto m = member_of_key.find(key);
      if (m != member_of_key.end()) member_of_customer[i] = m->second;
    }
  });
}

}  // namespace

Result<ExposureFile> read_exposures(const std::string& path, const std::unordered_set<std::string>* erased) {
  csv::MappedFile mapped;
  if (const auto opened = mapped.open(path); !opened.empty())
    return fail(ErrorKind::not_found, path + ": " + opened, "models");
  csv::CsvScanner scanner(mapped.text());
  std::vector<std::string_view> cells;
  if (!scanner.next(cells)) return fail(ErrorKind::invalid_input, path + ": empty, no header", "models");
  const auto at = header_positions(path, cells);
  if (!at) return at.error();
  ExposureFile file;
  Names members{&file.member_keys, {}}, campaigns{&file.input.campaigns, {}}, offers{&file.input.offers, {}},
      segments{&file.input.segments, {}};
  while (scanner.next(cells)) {
    const std::size_t n = scanner.line();
    if (scanner.malformed())
      return fail(ErrorKind::invalid_input, path + ":" + std::to_string(n) + ": unterminated quote",
                  "models");
    const auto cell = [&](std::size_t c) {
      return (*at)[c] < cells.size() ? std::string(cells[(*at)[c]]) : std::string();
    };
    Exposure e;
    if (cell(0).empty()) return bad_cell(path, n, kColumns[0], "a member key", cell(0));
    if (cell(3) != "coupon_issued" && cell(3) != "held_out")
      return bad_cell(path, n, kColumns[3], "coupon_issued or held_out", cell(3));
    const auto day = parse_date(cell(4));
    if (!day) return bad_cell(path, n, kColumns[4], "a date YYYYMMDD", cell(4));
    const std::string discount = cell(6);
    char* stop = nullptr;
    e.discount_krw = std::strtoll(discount.c_str(), &stop, 10);
    if (discount.empty() || *stop != '\0' || e.discount_krw < 0)
      return bad_cell(path, n, kColumns[6], "a whole KRW amount >= 0", discount);
    if (cell(7) != "0" && cell(7) != "1") return bad_cell(path, n, kColumns[7], "0 or 1", cell(7));
    if (erased != nullptr && erased->count(cell(0)) > 0) continue;
    e.member = members.of(cell(0));
    e.campaign = campaigns.of(cell(1));
    e.offer = offers.of(cell(2));
    e.segment = segments.of(cell(5));
    e.day = *day;
    e.held_out = cell(3) == "held_out";
    e.redeemed = cell(7) == "1";
    file.input.exposures.push_back(e);
  }
  if (scanner.malformed())
    return fail(ErrorKind::invalid_input,
                path + ":" + std::to_string(scanner.line()) + ": unterminated quote", "models");
  file.input.members = file.member_keys.size();
  return file;
}

Result<UpliftReport> uplift_report_from_files(const UpliftFiles& files, const UpliftWindow& window) {
  auto exposures = read_exposures(files.exposures, files.erased);
  if (!exposures) return exposures.error();
  std::unordered_map<std::string, std::string> card_of;
  if (!files.members.empty())
    if (auto read = read_members(files.members, card_of); !read) return read.error();
  std::unordered_map<std::string, std::uint32_t> member_of_key;
  for (std::size_t m = 0; m < exposures->member_keys.size(); ++m)
    member_of_key.emplace(exposures->member_keys[m], static_cast<std::uint32_t>(m));
  // Each file is reduced to (member, day, amount) rows of exposed members
  // before the next is read: only those feed the report.
  std::vector<Purchase> rows;
  std::vector<std::uint32_t> member_of_customer;
  // The data end is the last day of any purchase, exposed member or not.
  Day last = std::numeric_limits<Day>::min();
  for (const auto& path : files.purchases) {
    auto table = read_purchases(path);
    if (!table.ok()) return fail(*table.report.error);
    map_customers(table.data, files, card_of, member_of_key, member_of_customer);
    for (Purchase p : table.data.rows) {
      last = std::max(last, p.day);
      const std::uint32_t m = member_of_customer[p.customer];
      if (m == kNoMember) continue;
      p.customer = m;
      rows.push_back(p);
    }
  }
  // Rows now carry member indices: the identity maps them.
  std::vector<std::uint32_t> identity(exposures->input.members);
  for (std::uint32_t m = 0; m < identity.size(); ++m) identity[m] = m;
  UpliftWindow w = window;
  if (!w.data_end && last != std::numeric_limits<Day>::min()) w.data_end = last;
  return build_uplift_report(exposures->input, rows, identity, w);
}

}  // namespace smartstore::models
