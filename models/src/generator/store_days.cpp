// Store days: a scan shows one demo offer, or holds the member out of it
// (common/holdout.h, the kiosk's own function); the weeks after: purchases at
// the member's historic visit rate and basket size, the planted effect on
// treated members' window. Each customer draws from its own stream, apart
// from the history's, so the history files stay byte-identical.
#include "store_days.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "smartstore/common/civil_date.h"

namespace smartstore::models::gen {
namespace {

constexpr std::int64_t kDiscountKrw = 2000;  // what a redeemed demo coupon takes off
constexpr double kRedeemChance = 0.35;       // of treated members who buy in the window
constexpr double kRepeatScanChance = 0.3;    // a second scan on a later store day
constexpr double kBasketSigma = 0.6;         // log-normal spread of a basket around the member's mean

const char* segment_of(Archetype a) {
  switch (a) {
    case Archetype::star:
      return "star";
    case Archetype::butterfly:
      return "butterfly";
    case Archetype::chicken_rib:
      return "chicken_rib";
    case Archetype::one_off:
      return "one_off";
    case Archetype::regular:
      return "regular";
  }
  return "regular";
}

double standard_normal(Rng& rng) {
  const double u1 = rng.uniform() + 0x1.0p-54, u2 = rng.uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace

Result<std::unique_ptr<StoreDaysSimulation>> StoreDaysSimulation::open(const CampaignWeeks& options,
                                                                       const std::filesystem::path& dir,
                                                                       std::uint64_t seed, std::int64_t end,
                                                                       const Catalog& catalog) {
  if (options.store_days < 1 || options.window_days < 1 || options.scan_share < 0 || options.scan_share > 1 ||
      options.control_bp > kBasisPointsWhole)
    return fail(ErrorKind::invalid_input,
                "store days and window must be >= 1, the scan share in [0, 1], the control share <= 10000 bp",
                "models");
  auto holdout =
      HoldoutAssigner::create(options.holdout_key.empty() ? demo_holdout_key() : options.holdout_key);
  if (!holdout) return holdout.error();
  std::unique_ptr<StoreDaysSimulation> sim(
      new StoreDaysSimulation(options, dir, seed, end, catalog, std::move(*holdout)));
  if (!sim->exposures_out_.ok() || !sim->purchases_out_.ok())
    return fail(ErrorKind::storage_io, "cannot create the campaign files in " + dir.string(), "models");
  return sim;
}

StoreDaysSimulation::StoreDaysSimulation(const CampaignWeeks& options, const std::filesystem::path& dir,
                                         std::uint64_t seed, std::int64_t end, const Catalog& catalog,
                                         HoldoutAssigner holdout)
    : options_(options),
      seed_(seed),
      end_(end),
      catalog_(catalog),
      offers_(demo_campaign_offers()),
      holdout_(std::move(holdout)),
      keyer_(options.deployment_key.empty() ? demo_deployment_key() : options.deployment_key),
      exposures_out_(dir / "exposures.csv"),
      purchases_out_(dir / "campaign_purchases.csv") {
  for (const auto& p : options.planted) {
    effect_[p.offer] = p.effect;
    if (std::find(offers_.begin(), offers_.end(), p.offer) == offers_.end()) offers_.push_back(p.offer);
  }
  exposures_out_.text("member_key,campaign_id,offer_id,event,de_dt,segment,discount_krw,redeemed\n");
  purchases_out_.text("cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n");
}

void StoreDaysSimulation::write_exposure(const std::string& key, const std::string& offer, std::int64_t day,
                                         bool held_out, const char* segment, bool redeemed) {
  const auto c = civil_from_days(static_cast<DayNumber>(day));
  exposures_out_.text(key).text(",demo-").text(offer).ch(',').text(offer).ch(',');
  exposures_out_.text(held_out ? "held_out" : "coupon_issued").ch(',');
  exposures_out_.num(c.year).padded(c.month, 2).padded(c.day, 2).ch(',').text(segment).ch(',');
  exposures_out_.num(redeemed ? kDiscountKrw : 0).ch(',').num(redeemed ? 1 : 0).ch('\n');
  ++exposures_;
}

void StoreDaysSimulation::write_line(const std::string& cust, std::int64_t index, int k, std::int64_t day,
                                     std::int64_t amount, int store, int product) {
  const auto c = civil_from_days(static_cast<DayNumber>(day));
  // Receipts 9·10^12 + ...: apart from the history's index·1000 + n.
  purchases_out_.text(cust).ch(',').num(9000000000000LL + index * 100 + k).text(",1,A01,");
  purchases_out_.ch('S').padded(store + 1, 3).ch(',').ch('P').padded(product, 5).ch(',');
  purchases_out_.num(c.year).padded(c.month, 2).padded(c.day, 2).text(",12,").num(amount).text(",1\n");
  ++purchases_;
}

void StoreDaysSimulation::add(std::int64_t index, const CustomerDraw& d) {
  if (d.lines.empty() || d.per_visit.empty() || d.win.last < end_ - 365) return;
  std::uint64_t stream = seed_ * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(index) + 0x5eed5eedULL;
  Rng rng(splitmix64(stream));
  if (!rng.chance(options_.scan_share)) return;
  double total = 0;
  for (const Line& l : d.lines) total += static_cast<double>(l.amount);
  const double visits = static_cast<double>(d.per_visit.size());
  const double span = static_cast<double>(std::max<std::int64_t>(30, d.win.last - d.win.first + 1));
  const double rate = std::min(0.5, visits / span), basket = total / visits;
  const std::string& offer = offers_[rng.below(offers_.size())];
  const std::string key = keyer_.key(demo_card_number(index));
  const auto group = holdout_.group(key, "demo-" + offer, options_.control_bp);
  const bool held_out = group && *group == HoldoutGroup::control;
  const std::int64_t first = end_ + 1 + rng.between(0, options_.store_days - 1);
  const auto it = effect_.find(offer);
  const double lift = held_out || it == effect_.end() ? 1.0 : 1.0 + it->second;
  const std::string cust = demo_customer_id(index);
  bool bought_in_window = false;
  int k = 0;
  for (std::int64_t day = end_ + 1; day <= end_ + options_.store_days + options_.window_days - 1; ++day) {
    if (day != first && !rng.chance(rate)) continue;  // a scan comes with a basket
    const bool in_window = day >= first && day < first + options_.window_days;
    bought_in_window = bought_in_window || in_window;
    const double amount =
        basket * std::exp(kBasketSigma * standard_normal(rng) - kBasketSigma * kBasketSigma / 2);
    const auto product = static_cast<int>(rng.below(catalog_.products.size()));
    write_line(cust, index, k++, day,
               std::max<std::int64_t>(10, std::llround(amount * (in_window ? lift : 1.0))), d.who.home_store,
               product);
  }
  const bool redeemed = !held_out && bought_in_window && rng.chance(kRedeemChance);
  write_exposure(key, offer, first, held_out, segment_of(d.who.archetype), redeemed);
  if (first < end_ + options_.store_days && rng.chance(kRepeatScanChance))
    write_exposure(key, offer, rng.between(first + 1, end_ + options_.store_days), held_out,
                   segment_of(d.who.archetype), false);
}

Status StoreDaysSimulation::close() {
  bool closed = exposures_out_.close();
  closed = purchases_out_.close() && closed;
  if (!closed)
    return fail(ErrorKind::storage_io, "cannot write exposures.csv or campaign_purchases.csv", "models");
  return ok();
}

}  // namespace smartstore::models::gen

namespace smartstore::models {

std::vector<std::string> demo_campaign_offers() {
  return {"star_thank_you", "meticulous_bundle", "easygoing_multi_buy", "segment_at_risk"};
}

std::vector<unsigned char> demo_deployment_key() {
  return std::vector<unsigned char>(32, 0x5a);
}
std::vector<unsigned char> demo_holdout_key() {
  return derive_holdout_key(demo_deployment_key());
}

Result<std::vector<PlantedUplift>> parse_planted_uplift(std::string_view text) {
  std::vector<PlantedUplift> planted;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto eq = part.find('=');
    PlantedUplift p;
    if (eq != std::string_view::npos) p.offer = std::string(part.substr(0, eq));
    const std::string number = eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1));
    char* stop = nullptr;
    p.effect = number.empty() ? 0 : std::strtod(number.c_str(), &stop);
    if (p.offer.empty() || number.empty() || stop != number.c_str() + number.size() || !(p.effect > -1) ||
        p.effect > 10)
      return fail(ErrorKind::invalid_input,
                  "--plant-uplift: '" + std::string(part) + "' is not OFFER=EFFECT with EFFECT in (-1, 10]",
                  "models");
    planted.push_back(std::move(p));
  }
  if (planted.empty())
    return fail(ErrorKind::invalid_input, "--plant-uplift: no OFFER=EFFECT given", "models");
  return planted;
}

}  // namespace smartstore::models
