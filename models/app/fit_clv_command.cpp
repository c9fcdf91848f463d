#include "fit_clv_command.h"

#include <charconv>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "smartstore/models/bgnbd.h"
#include "smartstore/models/gamma_gamma.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/rfm.h"

namespace smartstore::models::cli {

std::string fit_clv_usage() {
  return "fit-clv --transactions FILE --customer-col C --date-col D --amount-col A --calibration-end "
         "YYYY-MM-DD "
         "[--period day|week] [--unit-multiplier N] [--round-cents] [--skip-bad-rows]";
}

namespace {

struct FitClvArgs {
  std::map<std::string, std::string> opt{{"--period", "day"}, {"--unit-multiplier", "1"}};
  bool skip_bad_rows = false;
  GammaGammaOptions gg_options;
  RfmtOptions rfmt;
};

// The command line into `a`; false after printing what is wrong.
bool parse_fit_clv_flags(const std::vector<std::string>& args, FitClvArgs& a) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--skip-bad-rows") {
      a.skip_bad_rows = true;
    } else if (flag == "--round-cents") {
      // Gamma-Gamma on mean spends rounded half up to cents, as lifetimes'
      // CDNOW data file holds them (its published fit was made on those).
      a.gg_options.round_monetary_to_cents = true;
    } else if (flag == "--transactions" || flag == "--customer-col" || flag == "--date-col" ||
               flag == "--amount-col" || flag == "--calibration-end" || flag == "--period" ||
               flag == "--unit-multiplier") {
      if (i + 1 >= args.size()) {
        std::cerr << "fit-clv: " << flag << " needs a value\nusage: smartstore-models " << fit_clv_usage()
                  << "\n";
        return false;
      }
      a.opt[flag] = args[++i];
    } else {
      std::cerr << "fit-clv: unknown option " << flag << "\nusage: smartstore-models " << fit_clv_usage()
                << "\n";
      return false;
    }
  }
  for (const char* required :
       {"--transactions", "--customer-col", "--date-col", "--amount-col", "--calibration-end"}) {
    if (!a.opt.count(required)) {
      std::cerr << "fit-clv: " << required << " is required\nusage: smartstore-models " << fit_clv_usage()
                << "\n";
      return false;
    }
  }
  return true;
}

// --calibration-end, --period and --unit-multiplier into a.rfmt.
bool parse_rfmt(FitClvArgs& a) {
  auto& opt = a.opt;
  const auto end = parse_date(opt["--calibration-end"]);
  if (!end) {
    std::cerr << "fit-clv: --calibration-end: expected a date YYYY-MM-DD, found \""
              << opt["--calibration-end"] << "\"\n";
    return false;
  }
  a.rfmt.calibration_end = *end;
  if (opt["--period"] == "week") {
    a.rfmt.period = Period::week;
  } else if (opt["--period"] != "day") {
    std::cerr << "fit-clv: --period: expected day or week, found \"" << opt["--period"] << "\"\n";
    return false;
  }
  const std::string& mult = opt["--unit-multiplier"];
  auto [ptr, ec] = std::from_chars(mult.data(), mult.data() + mult.size(), a.rfmt.unit_multiplier);
  if (ec != std::errc() || ptr != mult.data() + mult.size() || !(a.rfmt.unit_multiplier > 0)) {
    std::cerr << "fit-clv: --unit-multiplier: expected a positive number, found \"" << mult << "\"\n";
    return false;
  }
  return true;
}

// The repeat buyers Gamma-Gamma looks at, for the report of a failed fit.
std::size_t repeat_buyers(const std::vector<RfmtRow>& summary, const GammaGammaOptions& o) {
  std::size_t n = 0;
  for (const RfmtRow& r : summary) {
    const double m = o.round_monetary_to_cents ? round_half_up_to_cents(r.monetary) : r.monetary;
    if (r.frequency > 0 && m > 0) ++n;
  }
  return n;
}

nlohmann::ordered_json gamma_gamma_json(const std::vector<RfmtRow>& summary,
                                        const GammaGammaOptions& options) {
  const auto gg = fit_gamma_gamma(summary, options);
  if (!gg) return {{"error", gg.error().message()}, {"sample_size", repeat_buyers(summary, options)}};
  return {{"p", gg->params.p},
          {"q", gg->params.q},
          {"v", gg->params.v},
          {"log_likelihood", gg->log_likelihood},
          {"sample_size", gg->sample_size},
          {"monetary_rounded_to_cents", options.round_monetary_to_cents},
          {"converged", gg->converged}};
}

}  // namespace

int run_fit_clv(const std::vector<std::string>& args) {
  FitClvArgs a;
  if (!parse_fit_clv_flags(args, a) || !parse_rfmt(a)) return 2;
  auto& opt = a.opt;
  const auto file =
      read_transactions(opt["--transactions"],
                        {opt["--customer-col"], opt["--date-col"], opt["--amount-col"]}, a.skip_bad_rows);
  if (!file.ok()) {
    std::cerr << "fit-clv: " << file.report.error->message() << "\n";
    return 1;
  }
  const auto summary = rfmt_summary(file.data.rows, a.rfmt);
  const auto bg = fit_bgnbd(summary);
  if (!bg) {
    std::cerr << "fit-clv: BG/NBD: " << bg.error().message() << "\n";
    return 1;
  }

  nlohmann::ordered_json out;
  out["transactions"] = file.data.rows.size();
  out["skipped_rows"] = file.report.skipped;
  out["customers"] = summary.size();
  out["period"] = opt["--period"];
  out["unit_multiplier"] = a.rfmt.unit_multiplier;
  out["calibration_end"] = format_date(a.rfmt.calibration_end);
  out["bgnbd"] = {{"r", bg->params.r},
                  {"alpha", bg->params.alpha},
                  {"a", bg->params.a},
                  {"b", bg->params.b},
                  {"log_likelihood", bg->log_likelihood},
                  {"sample_size", bg->sample_size},
                  {"converged", bg->converged}};
  out["gamma_gamma"] = gamma_gamma_json(summary, a.gg_options);
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace smartstore::models::cli
