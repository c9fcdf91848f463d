// uplift_report_json and uplift_report_table.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "smartstore/models/uplift_output.h"

namespace smartstore::models {
namespace {

nlohmann::json interval_json(const Interval& i) {
  return {{"estimate", i.estimate}, {"low", i.low}, {"high", i.high}};
}

nlohmann::json group_json(const UpliftGroup& g) {
  return {{"members", g.members},
          {"redeemed", g.redeemed},
          {"redemption_rate", g.redemption_rate},
          {"mean_spend_krw", g.mean_spend_krw},
          {"sd_spend_krw", g.sd_spend_krw},
          {"mean_pre_spend_krw", g.mean_pre_spend_krw}};
}

nlohmann::json cell_json(const UpliftCell& c) {
  nlohmann::json j = {{"campaign", c.campaign},
                      {"offer", c.offer},
                      {"segment", c.segment},
                      {"treated_members", c.treated},
                      {"control_members", c.control}};
  if (!c.estimate) {
    j["note"] = c.note;
    return j;
  }
  const UpliftEstimate& e = *c.estimate;
  j["treated"] = group_json(e.treated);
  j["control"] = group_json(e.control);
  j["uplift_krw"] = interval_json(e.cuped.absolute);
  j["uplift_relative"] = interval_json(e.cuped.relative);
  j["degrees_of_freedom"] = e.cuped.degrees_of_freedom;
  j["significant"] = e.cuped.absolute.excludes_zero();
  j["raw"] = {{"uplift_krw", interval_json(e.raw.absolute)},
              {"uplift_relative", interval_json(e.raw.relative)},
              {"degrees_of_freedom", e.raw.degrees_of_freedom}};
  j["cuped_theta"] = e.theta;
  j["pre_period_smd"] = e.pre_period_smd;
  j["balanced"] = std::abs(e.pre_period_smd) <= 0.1;
  j["incremental_revenue_krw"] = interval_json(e.incremental_revenue_krw);
  j["discount_cost_krw"] = e.discount_cost_krw;
  j["return_on_discount"] = interval_json(e.return_on_discount);
  return j;
}

}  // namespace

std::string uplift_report_json(const UpliftReport& r) {
  nlohmann::json j = {{"window_days", r.window.days},
                      {"pre_days", r.window.pre_days},
                      {"data_end", format_date(r.data_end)},
                      {"exposures", r.exposures},
                      {"first_exposures", r.first_exposures},
                      {"censored", r.censored},
                      {"interval", "95% Welch t, CUPED-adjusted (raw beside it)"}};
  j["cells"] = nlohmann::json::array();
  for (const auto& c : r.cells) j["cells"].push_back(cell_json(c));
  return j.dump(2) + "\n";
}

std::string uplift_report_table(const UpliftReport& r) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "uplift: %lld first exposures (%lld events, %lld still in their window), %d-day window, "
                "%d-day pre-period, data to %s\n",
                static_cast<long long>(r.first_exposures), static_cast<long long>(r.exposures),
                static_cast<long long>(r.censored), r.window.days, r.window.pre_days,
                format_date(r.data_end).c_str());
  out += line;
  std::snprintf(line, sizeof line, "%-28s %-22s %-12s %7s %6s %6s %10s %10s %24s %9s\n", "campaign", "offer",
                "segment", "treated", "held", "redeem", "mean t", "mean c", "uplift (95% CI)", "return");
  out += line;
  for (const auto& c : r.cells) {
    if (!c.estimate) {
      std::snprintf(line, sizeof line, "%-28s %-22s %-12s %7lld %6lld  too few members to compare\n",
                    c.campaign.c_str(), c.offer.c_str(), c.segment.c_str(), static_cast<long long>(c.treated),
                    static_cast<long long>(c.control));
      out += line;
      continue;
    }
    const UpliftEstimate& e = *c.estimate;
    const Interval& rel = e.cuped.relative;
    std::snprintf(line, sizeof line,
                  "%-28s %-22s %-12s %7lld %6lld %5.1f%% %10.0f %10.0f %+6.1f%% [%+6.1f, %+6.1f]%s %8.2f\n",
                  c.campaign.c_str(), c.offer.c_str(), c.segment.c_str(), static_cast<long long>(c.treated),
                  static_cast<long long>(c.control), e.treated.redemption_rate * 100,
                  e.treated.mean_spend_krw, e.control.mean_spend_krw, rel.estimate * 100, rel.low * 100,
                  rel.high * 100, rel.excludes_zero() ? "*" : " ", e.return_on_discount.estimate);
    out += line;
  }
  out +=
      "uplift: relative, CUPED-adjusted; * = the interval excludes 0; return = incremental revenue per KRW "
      "of discount\n";
  return out;
}

}  // namespace smartstore::models
