#pragma once
// From exposures (coupon issues and hold-outs the kiosks journal) and the
// purchases that follow to uplift per campaign, offer and segment. Each
// member counts once per campaign, from its first exposure; spend is summed
// over a window after that day and over a pre-period before it.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/uplift.h"

namespace smartstore::models {

inline constexpr std::uint32_t kNoMember = std::numeric_limits<std::uint32_t>::max();

// One issue (held_out false) or hold-out (true) at a kiosk.
struct Exposure {
  std::uint32_t member = 0;    // the caller's member index
  std::uint32_t campaign = 0;  // into UpliftInput::campaigns
  std::uint32_t offer = 0;     // into offers: the offer issued or withheld
  std::uint32_t segment = 0;   // into segments: the member's segment when exposed
  Day day = 0;
  bool held_out = false;
  bool redeemed = false;          // the issued coupon was redeemed
  std::int64_t discount_krw = 0;  // what its redemption cost the chain
};

struct UpliftInput {
  std::vector<std::string> campaigns, offers, segments;
  std::vector<Exposure> exposures;
  std::size_t members = 0;  // every Exposure::member is below this
};

struct UpliftWindow {
  int days = 14;       // spend counted on the exposure day and the days-1 after it
  int pre_days = 365;  // the pre-period: the pre_days before the exposure day (docs/uplift.md: why a year)
  // The last day with purchase data; first exposures whose window runs past
  // it are left out (counted as censored). Empty: the last purchase day.
  std::optional<Day> data_end;
};

// One row of the report; "*" in offer or segment means all of them.
struct UpliftCell {
  std::string campaign, offer, segment;
  std::int64_t treated = 0, control = 0;   // first exposures in each group
  std::optional<UpliftEstimate> estimate;  // empty: too few members (why in `note`)
  std::string note;
};

struct UpliftReport {
  UpliftWindow window;
  Day data_end = 0;
  std::int64_t exposures = 0;        // events read
  std::int64_t first_exposures = 0;  // (member, campaign) pairs counted
  std::int64_t censored = 0;         // first exposures whose window is not over yet
  // By campaign, offer, segment; "*" rows first. A row that would repeat its
  // parent (a campaign's only offer, an offer's only segment) is left out.
  std::vector<UpliftCell> cells;
};

// purchases: rows whose customer maps through member_of_customer (indexed by
// PurchaseTable customer id) to a member index, or to kNoMember to ignore.
// invalid_input when a window is not positive or an exposure names a member,
// campaign, offer or segment out of range.
[[nodiscard]] Result<UpliftReport> build_uplift_report(const UpliftInput& input,
                                                       std::span<const Purchase> purchases,
                                                       std::span<const std::uint32_t> member_of_customer,
                                                       const UpliftWindow& window);

// build_uplift_report in its three steps, for purchases that come in blocks
// (a file streamed, never held whole): the exposures, then each block in
// turn, then the cells. The sums are whole numbers, so the report does not
// depend on how the purchases are cut into blocks: it is build_uplift_report's
// to the last bit. `input` must outlive the pass. Its memory grows with the
// exposures and with member_of_customer, not with the purchases.
class UpliftPass {
 public:
  [[nodiscard]] static Result<UpliftPass> start(const UpliftInput& input,
                                                std::span<const std::uint32_t> member_of_customer,
                                                const UpliftWindow& window);
  UpliftPass(UpliftPass&&) noexcept;
  UpliftPass& operator=(UpliftPass&&) noexcept;
  ~UpliftPass();
  // Rows whose customer maps through member_of_customer, as build_uplift_report's.
  void add(std::span<const Purchase> purchases);
  // The last day of every purchase added (Day's lowest when none).
  // The report; data_end empty: the last day of the rows added. Once.
  [[nodiscard]] UpliftReport finish(std::optional<Day> data_end);

 private:
  struct State;
  explicit UpliftPass(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace smartstore::models
