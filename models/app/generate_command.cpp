#include "generate_command.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "smartstore/models/generator.h"

namespace smartstore::models::cli {
namespace {

template <typename T>
bool parse_number(const std::string& text, T& out) {
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

}  // namespace

std::optional<std::map<std::string, std::string>> parse_flags(const std::vector<std::string>& args,
                                                              const std::vector<std::string>& known,
                                                              const std::vector<std::string>& switches) {
  std::map<std::string, std::string> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (std::find(switches.begin(), switches.end(), a) != switches.end()) {
      flags[a] = "1";
      continue;
    }
    if (std::find(known.begin(), known.end(), a) == known.end()) {
      std::fprintf(stderr, "unknown option '%s'\n", a.c_str());
      return std::nullopt;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "option '%s' needs a value\n", a.c_str());
      return std::nullopt;
    }
    flags[a] = args[++i];
  }
  return flags;
}

std::string generate_usage() {
  return "generate --customers N --days D --seed S --out DIR [--stores N] [--end-date YYYY-MM-DD] "
         "[--purchases N] [--no-sessions] [--new-members N]\n"
         "        [--plant-uplift OFFER=EFFECT,...] [--control-share F] [--store-days N] [--window-days N]";
}

namespace {

// --plant-uplift and its companions: the store days and the weeks after them.
bool parse_campaign_weeks(std::map<std::string, std::string>& f, CampaignWeeks& c) {
  if (!f.count("--plant-uplift")) {
    if (f.count("--control-share") || f.count("--store-days") || f.count("--window-days")) {
      std::fprintf(stderr, "--control-share, --store-days and --window-days need --plant-uplift\n");
      return false;
    }
    return true;
  }
  auto planted = parse_planted_uplift(f["--plant-uplift"]);
  if (!planted) {
    std::fprintf(stderr, "generate: %s\n", planted.error().message().c_str());
    return false;
  }
  c.simulate = true;
  c.planted = std::move(*planted);
  double share = 0.10;
  if ((f.count("--control-share") &&
       (!parse_number(f["--control-share"], share) || share < 0 || share > 1)) ||
      (f.count("--store-days") && !parse_number(f["--store-days"], c.store_days)) ||
      (f.count("--window-days") && !parse_number(f["--window-days"], c.window_days))) {
    std::fprintf(
        stderr, "--control-share takes a fraction in [0, 1]; --store-days and --window-days whole numbers\n");
    return false;
  }
  c.control_bp = static_cast<std::uint32_t>(share * 10000 + 0.5);
  return true;
}

}  // namespace

int run_generate(const std::vector<std::string>& args) {
  auto flags =
      parse_flags(args,
                  {"--customers", "--days", "--seed", "--out", "--stores", "--end-date", "--purchases",
                   "--plant-uplift", "--control-share", "--store-days", "--window-days", "--new-members"},
                  {"--no-sessions"});
  if (!flags) return 2;
  GeneratorOptions options;
  auto& f = *flags;
  if (!f.count("--out")) {
    std::fprintf(stderr, "usage: smartstore-models %s\n", generate_usage().c_str());
    return 2;
  }
  if ((f.count("--customers") && !parse_number(f["--customers"], options.customers)) ||
      (f.count("--days") && !parse_number(f["--days"], options.days)) ||
      (f.count("--seed") && !parse_number(f["--seed"], options.seed)) ||
      (f.count("--stores") && !parse_number(f["--stores"], options.stores)) ||
      (f.count("--purchases") && !parse_number(f["--purchases"], options.purchases)) ||
      (f.count("--new-members") && !parse_number(f["--new-members"], options.new_members))) {
    std::fprintf(stderr,
                 "--customers, --days, --seed, --stores, --purchases and --new-members take whole numbers\n");
    return 2;
  }
  if (f.count("--end-date")) options.end_date = f["--end-date"];
  options.write_sessions = !f.count("--no-sessions");
  if (!parse_campaign_weeks(f, options.campaigns)) return 2;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = generate_demo_data(options, f["--out"]);
  if (!r) {
    std::fprintf(stderr, "generate: %s\n", r.error().message().c_str());
    return 1;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "{\"out\":\"%s\",\"customers\":%lld,\"purchases\":%lld,\"sessions\":%lld,\"products\":%lld,"
      "\"stores\":%d,\"exposures\":%lld,\"campaign_purchases\":%lld,\"seconds\":%.2f}\n",
      f["--out"].c_str(), static_cast<long long>(r->customers), static_cast<long long>(r->purchases),
      static_cast<long long>(r->sessions), static_cast<long long>(r->products), r->stores,
      static_cast<long long>(r->exposures), static_cast<long long>(r->campaign_purchases), secs);
  return 0;
}

}  // namespace smartstore::models::cli
