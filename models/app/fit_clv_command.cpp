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
  return "fit-clv --transactions FILE --customer-col C --date-col D --amount-col A --calibration-end YYYY-MM-DD "
         "[--period day|week] [--unit-multiplier N] [--round-cents] [--skip-bad-rows]";
}

int run_fit_clv(const std::vector<std::string>& args) {
  std::map<std::string, std::string> opt{{"--period", "day"}, {"--unit-multiplier", "1"}};
  bool skip_bad_rows = false;
  GammaGammaOptions gg_options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--skip-bad-rows") {
      skip_bad_rows = true;
    } else if (a == "--round-cents") {
      // Gamma-Gamma on mean spends rounded half up to cents, as lifetimes'
      // CDNOW data file holds them (its published fit was made on those).
      gg_options.round_monetary_to_cents = true;
    } else if (a == "--transactions" || a == "--customer-col" || a == "--date-col" || a == "--amount-col" ||
               a == "--calibration-end" || a == "--period" || a == "--unit-multiplier") {
      if (i + 1 >= args.size()) {
        std::cerr << "fit-clv: " << a << " needs a value\nusage: smartstore-models " << fit_clv_usage() << "\n";
        return 2;
      }
      opt[a] = args[++i];
    } else {
      std::cerr << "fit-clv: unknown option " << a << "\nusage: smartstore-models " << fit_clv_usage() << "\n";
      return 2;
    }
  }
  for (const char* required : {"--transactions", "--customer-col", "--date-col", "--amount-col", "--calibration-end"}) {
    if (!opt.count(required)) {
      std::cerr << "fit-clv: " << required << " is required\nusage: smartstore-models " << fit_clv_usage() << "\n";
      return 2;
    }
  }
  RfmtOptions rfmt;
  const auto end = parse_date(opt["--calibration-end"]);
  if (!end) {
    std::cerr << "fit-clv: --calibration-end: expected a date YYYY-MM-DD, found \"" << opt["--calibration-end"] << "\"\n";
    return 2;
  }
  rfmt.calibration_end = *end;
  if (opt["--period"] == "week") {
    rfmt.period = Period::week;
  } else if (opt["--period"] != "day") {
    std::cerr << "fit-clv: --period: expected day or week, found \"" << opt["--period"] << "\"\n";
    return 2;
  }
  const std::string& mult = opt["--unit-multiplier"];
  auto [ptr, ec] = std::from_chars(mult.data(), mult.data() + mult.size(), rfmt.unit_multiplier);
  if (ec != std::errc() || ptr != mult.data() + mult.size() || !(rfmt.unit_multiplier > 0)) {
    std::cerr << "fit-clv: --unit-multiplier: expected a positive number, found \"" << mult << "\"\n";
    return 2;
  }

  const auto file = read_transactions(opt["--transactions"],
                                      {opt["--customer-col"], opt["--date-col"], opt["--amount-col"]}, skip_bad_rows);
  if (!file.ok()) {
    std::cerr << "fit-clv: " << file.report.error->message() << "\n";
    return 1;
  }
  const auto summary = rfmt_summary(file.data.rows, rfmt);
  const BgNbdFit bg = fit_bgnbd(summary);
  if (!bg.ok()) {
    std::cerr << "fit-clv: BG/NBD: " << bg.error << "\n";
    return 1;
  }
  const GammaGammaFit gg = fit_gamma_gamma(summary, gg_options);

  nlohmann::ordered_json out;
  out["transactions"] = file.data.rows.size();
  out["skipped_rows"] = file.report.skipped;
  out["customers"] = summary.size();
  out["period"] = opt["--period"];
  out["unit_multiplier"] = rfmt.unit_multiplier;
  out["calibration_end"] = format_date(rfmt.calibration_end);
  out["bgnbd"] = {{"r", bg.params.r},
                  {"alpha", bg.params.alpha},
                  {"a", bg.params.a},
                  {"b", bg.params.b},
                  {"log_likelihood", bg.log_likelihood},
                  {"sample_size", bg.sample_size},
                  {"converged", bg.converged}};
  if (gg.ok()) {
    out["gamma_gamma"] = {{"p", gg.params.p},
                          {"q", gg.params.q},
                          {"v", gg.params.v},
                          {"log_likelihood", gg.log_likelihood},
                          {"sample_size", gg.sample_size},
                          {"monetary_rounded_to_cents", gg_options.round_monetary_to_cents},
                          {"converged", gg.converged}};
  } else {
    out["gamma_gamma"] = {{"error", gg.error}, {"sample_size", gg.sample_size}};
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace smartstore::models::cli
