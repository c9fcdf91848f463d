// exposures.csv and the purchase files into build_uplift_report.
#include "smartstore/models/uplift_inputs.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>

#include "purchase_lines.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models {
namespace {

constexpr const char* kColumns[] = {"member_key", "campaign_id", "offer_id",     "event",
                                    "de_dt",      "segment",     "discount_krw", "redeemed"};
constexpr std::size_t kColumnCount = std::size(kColumns);
// The files are read in blocks of this (purchase_lines.h), never mapped whole.
constexpr std::size_t kBlockBytes = std::size_t{16} << 20;

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

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Each cust of the purchase files as the member index of its member key
// (kNoMember for one never exposed): a cust with a card in members.csv is
// keyed by its card, else by itself, as the batch keys its snapshots. Each
// cust is keyed once: members.csv's cards up front, on `threads`, the others
// when first met. Grows with members.csv's rows and the custs without a card.
class CustomerMembers {
 public:
  CustomerMembers(const UpliftFiles& files, std::unordered_map<std::string, std::uint32_t> member_of_key)
      : files_(files), member_of_key_(std::move(member_of_key)), keyer_(files.deployment_key) {}

  Status add_cards() {
    if (files_.members.empty()) return ok();
    std::unordered_map<std::string, std::string> card_of;
    if (auto read = read_members(files_.members, card_of); !read) return read;
    std::vector<const std::string*> cards;
    cards.reserve(card_of.size());
    for (const auto& entry : card_of) cards.push_back(&entry.second);
    std::vector<std::uint32_t> member(cards.size(), kNoMember);
    parallel_for(files_.threads, cards.size(), [&](unsigned, std::size_t begin, std::size_t end) {
      MemberKeyer own = keyer_;
      for (std::size_t i = begin; i < end; ++i) member[i] = member_of(own.key(*cards[i]));
    });
    cards = {};
    member_of_cust_.reserve(card_of.size());
    for (std::size_t i = 0; !card_of.empty(); ++i) {  // each card freed as its cust moves over
      auto node = card_of.extract(card_of.begin());
      member_of_cust_.emplace(std::move(node.key()), member[i]);
    }
    return ok();
  }

  std::uint32_t of(std::string_view cust) {
    if (const auto it = member_of_cust_.find(cust); it != member_of_cust_.end()) return it->second;
    const std::uint32_t m = member_of(keyer_.key(cust));
    member_of_cust_.emplace(std::string(cust), m);
    return m;
  }

 private:
  std::uint32_t member_of(const std::string& key) const {
    const auto it = member_of_key_.find(key);
    return it == member_of_key_.end() ? kNoMember : it->second;
  }

  const UpliftFiles& files_;
  std::unordered_map<std::string, std::uint32_t> member_of_key_;
  MemberKeyer keyer_;
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> member_of_cust_;
};

// The interned names of an exposures file.
struct ExposureNames {
  Names members, campaigns, offers, segments;
};

// One row of exposures.csv into `file` (left out when its member is erased).
Status add_exposure(const std::string& path, std::size_t n, const std::vector<std::string_view>& cells,
                    const std::vector<std::size_t>& at, const std::unordered_set<std::string>* erased,
                    ExposureNames& names, ExposureFile& file) {
  const auto cell = [&](std::size_t c) {
    return at[c] < cells.size() ? std::string(cells[at[c]]) : std::string();
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
  if (erased != nullptr && erased->count(cell(0)) > 0) return ok();
  e.member = names.members.of(cell(0));
  e.campaign = names.campaigns.of(cell(1));
  e.offer = names.offers.of(cell(2));
  e.segment = names.segments.of(cell(5));
  e.day = *day;
  e.held_out = cell(3) == "held_out";
  e.redeemed = cell(7) == "1";
  file.input.exposures.push_back(e);
  return ok();
}

// Streams one purchase file into the pass, a block of exposed members' rows
// at a time (their customer the member index); `last` is the last day of any
// row.
Status add_purchases(const std::string& path, CustomerMembers& members, UpliftPass& pass, Day& last) {
  constexpr std::size_t kRows = std::size_t{1} << 16;
  std::vector<Purchase> block;
  block.reserve(kRows);
  auto streamed = stream_purchase_lines(path, kBlockBytes, [&](const PurchaseLine& line) {
    last = std::max(last, line.day);
    Purchase p;
    p.customer = members.of(line.cust);
    if (p.customer == kNoMember) return;
    p.day = line.day;
    p.amount_krw = line.amount_krw;
    block.push_back(p);
    if (block.size() == kRows) {
      pass.add(block);
      block.clear();
    }
  });
  if (!streamed) return streamed;
  pass.add(block);
  return ok();
}

}  // namespace

Result<ExposureFile> read_exposures(const std::string& path, const std::unordered_set<std::string>* erased) {
  ExposureFile file;
  ExposureNames names{{&file.member_keys, {}},
                      {&file.input.campaigns, {}},
                      {&file.input.offers, {}},
                      {&file.input.segments, {}}};
  std::optional<std::vector<std::size_t>> at;  // once the header is read
  auto streamed = stream_csv_records(path, kBlockBytes, [&](const auto& cells, std::size_t n) -> Status {
    if (at) return add_exposure(path, n, cells, *at, erased, names, file);
    auto bound = header_positions(path, cells);
    if (!bound) return bound.error();
    at = std::move(*bound);
    return ok();
  });
  if (!streamed) return streamed.error();
  if (!at) return fail(ErrorKind::invalid_input, path + ": empty, no header", "models");
  file.input.members = file.member_keys.size();
  return file;
}

Result<UpliftReport> uplift_report_from_files(const UpliftFiles& files, const UpliftWindow& window) {
  auto exposures = read_exposures(files.exposures, files.erased);
  if (!exposures) return exposures.error();
  std::unordered_map<std::string, std::uint32_t> member_of_key;
  for (std::size_t m = 0; m < exposures->member_keys.size(); ++m)
    member_of_key.emplace(std::move(exposures->member_keys[m]), static_cast<std::uint32_t>(m));
  exposures->member_keys = {};
  CustomerMembers members(files, std::move(member_of_key));
  if (auto added = members.add_cards(); !added) return added.error();
  // Rows carry member indices: the identity maps them.
  std::vector<std::uint32_t> identity(exposures->input.members);
  for (std::uint32_t m = 0; m < identity.size(); ++m) identity[m] = m;
  auto pass = UpliftPass::start(exposures->input, identity, window);
  if (!pass) return pass.error();
  // The data end is the last day of any purchase, exposed member or not.
  Day last = std::numeric_limits<Day>::min();
  for (const auto& path : files.purchases)
    if (auto added = add_purchases(path, members, *pass, last); !added) return added.error();
  std::optional<Day> data_end = window.data_end;
  if (!data_end && last != std::numeric_limits<Day>::min()) data_end = last;
  return pass->finish(data_end);
}

}  // namespace smartstore::models
