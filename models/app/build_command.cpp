#include "build_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

#include "generate_command.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/sharded_batch.h"

namespace smartstore::models::cli {

std::string build_usage() {
  return "build --customers F --purchases F --products F [--sessions F] [--members F] [--store-zones F]\n"
         "        [--weather KMA_ASOS_DAILY.csv] [--holidays date,name.csv]\n"
         "        [--survey member_key,favourite_category.csv]\n"
         "        [--exposures F [--campaign-purchases F,...]]\n"
         "        [--events store-events.csv] [--erased erased-members.txt] [--withdrawn withdrawn.txt]\n"
         "        [--stores N | --store S001,...] [--shard purchase|zone|both] [--deployment-key FILE]\n"
         "        [--as-of YYYY-MM-DD] [--version N] [--columns lpoint|mi] [--learn-weights] [--threads N]\n"
         "        [--skip-bad-rows] [--memory-budget SIZE | --part i/N] [--fit-customers N] --out DIR";
}

std::string merge_usage() {
  return "merge --parts N --out DIR   (joins the snapshot parts of build --part i/N)\n"
         "        [--exposures F --purchases F [--campaign-purchases F,...] [--members F]\n"
         "         [--deployment-key FILE] [--erased F] [--threads N]]   (the uplift report, made here)";
}

namespace {

using Flags = std::map<std::string, std::string>;

// The input files and their column layout; false after printing what is wrong.
bool parse_inputs(Flags& f, BatchOptions& o) {
  o.inputs.customers = f["--customers"];
  o.inputs.purchases = f["--purchases"];
  o.inputs.products = f["--products"];
  o.inputs.sessions = f.count("--sessions") ? f["--sessions"] : "";
  o.inputs.members = f.count("--members") ? f["--members"] : "";
  o.inputs.store_zones = f.count("--store-zones") ? f["--store-zones"] : "";
  o.inputs.weather = f.count("--weather") ? f["--weather"] : "";
  o.inputs.holidays = f.count("--holidays") ? f["--holidays"] : "";
  o.inputs.survey = f.count("--survey") ? f["--survey"] : "";
  o.inputs.exposures = f.count("--exposures") ? f["--exposures"] : "";
  o.inputs.events = f.count("--events") ? f["--events"] : "";
  o.inputs.erased = f.count("--erased") ? f["--erased"] : "";
  o.inputs.withdrawn = f.count("--withdrawn") ? f["--withdrawn"] : "";
  if (f.count("--campaign-purchases")) {
    std::stringstream list(f["--campaign-purchases"]);
    for (std::string file; std::getline(list, file, ',');)
      if (!file.empty()) o.inputs.campaign_purchases.push_back(file);
  }
  o.out_dir = f["--out"];
  o.skip_bad_rows = f.count("--skip-bad-rows") > 0;
  o.learn_segment_weights = f.count("--learn-weights") > 0;
  if (f.count("--columns") && f["--columns"] == "mi") {
    // The marketing-insights files of report 001 (lpoint_csv.h documents the mapping).
    o.inputs.purchase_options = mi_sales_purchase_options();
    o.inputs.product_options = mi_sales_product_options();
    o.inputs.customer_options = mi_customer_options();
  } else if (f.count("--columns") && f["--columns"] != "lpoint") {
    std::fprintf(stderr, "--columns is lpoint or mi\n");
    return false;
  }
  return true;
}

// --stores, --store and --shard.
bool parse_stores(Flags& f, BatchOptions& o) {
  if (f.count("--stores")) {
    const int n = std::atoi(f["--stores"].c_str());
    if (n < 1 || n > 999) {
      std::fprintf(stderr, "--stores takes 1..999\n");
      return false;
    }
    for (int i = 1; i <= n; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "S%03d", i);
      o.stores.emplace_back(id);
    }
  }
  if (f.count("--store")) {
    std::stringstream list(f["--store"]);
    for (std::string id; std::getline(list, id, ',');)
      if (!id.empty()) o.stores.push_back(id);
  }
  if (f.count("--shard")) {
    const auto& s = f["--shard"];
    o.shard_rule.bought_there = s == "purchase" || s == "both";
    o.shard_rule.lives_in_zone = s == "zone" || s == "both";
    if (!o.shard_rule.bought_there && !o.shard_rule.lives_in_zone) {
      std::fprintf(stderr, "--shard is purchase, zone or both\n");
      return false;
    }
  }
  return true;
}

// --as-of, --version, --threads and the deployment key.
bool parse_run(Flags& f, BatchOptions& o) {
  if (f.count("--as-of")) {
    o.as_of = parse_date(f["--as-of"]);
    if (!o.as_of) {
      std::fprintf(stderr, "--as-of: '%s' is not a date YYYY-MM-DD\n", f["--as-of"].c_str());
      return false;
    }
  }
  if (f.count("--version")) o.version = std::atoll(f["--version"].c_str());
  if (f.count("--threads")) o.threads = static_cast<unsigned>(std::max(1, std::atoi(f["--threads"].c_str())));
  if (f.count("--deployment-key")) {
    auto key = read_deployment_key(f["--deployment-key"]);
    if (!key) {
      std::fprintf(stderr, "build: %s\n", key.error().message().c_str());
      return false;
    }
    o.deployment_key = std::move(*key);
  } else {
    // Demo only: a fixed, published key. Real deployments pass their own.
    std::fprintf(stderr, "build: no --deployment-key: using the public demo key (not for real members)\n");
    o.deployment_key.assign(32, 0x5a);
  }
  return true;
}

// "4G", "64M", "512K" (binary units, an optional "iB" or "B") or bytes.
std::optional<std::uint64_t> parse_size(const std::string& text) {
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str()) return std::nullopt;
  std::string unit(end);
  for (const char* suffix : {"iB", "B"})
    if (unit.size() > 1 && unit.ends_with(suffix)) unit.resize(unit.size() - std::strlen(suffix));
  const int shift = unit.empty() ? 0 : unit == "K" ? 10 : unit == "M" ? 20 : unit == "G" ? 30 : -1;
  if (shift < 0 || n == 0) return std::nullopt;
  return static_cast<std::uint64_t>(n) << shift;
}

// How the run is split: --part, --memory-budget, --fit-customers.
struct Split {
  std::optional<ShardSpec> part;
  std::uint64_t budget = kDefaultMemoryBudget;
};

bool parse_split(Flags& f, BatchOptions& o, Split& split) {
  if (f.count("--part") && f.count("--memory-budget")) {
    std::fprintf(stderr, "--part and --memory-budget exclude each other (a part is one process's share)\n");
    return false;
  }
  if (f.count("--part")) {
    auto spec = parse_shard_spec(f["--part"]);
    if (!spec) {
      std::fprintf(stderr, "build: %s\n", spec.error().message().c_str());
      return false;
    }
    split.part = *spec;
  }
  if (f.count("--memory-budget")) {
    const auto size = parse_size(f["--memory-budget"]);
    if (!size) {
      std::fprintf(stderr, "--memory-budget: '%s' is not a size (e.g. 4G, 512M)\n",
                   f["--memory-budget"].c_str());
      return false;
    }
    split.budget = *size;
  }
  if (f.count("--fit-customers")) {
    const long long n = std::atoll(f["--fit-customers"].c_str());
    if (n < 1) {
      std::fprintf(stderr, "--fit-customers takes a positive count\n");
      return false;
    }
    o.fit_customers = static_cast<std::size_t>(n);
  }
  return true;
}

void print_result(const BatchResult& r) {
  std::printf("version %lld: %llu customers, %llu purchases, %llu skipped rows in %.1f s\n",
              static_cast<long long>(r.version), static_cast<unsigned long long>(r.customers),
              static_cast<unsigned long long>(r.purchases), static_cast<unsigned long long>(r.skipped_rows),
              r.seconds);
  for (const auto& s : r.snapshots)
    std::printf("  snapshot %s: %llu profiles in %s\n", s.store.c_str(),
                static_cast<unsigned long long>(s.records), s.dir.c_str());
  if (!r.report_html.empty())
    std::printf("report: %s\nsummary: %s\ndip campaigns: %s\n", r.report_html.c_str(), r.summary_json.c_str(),
                r.dip_campaigns.c_str());
}

void print_store_events(const BatchOptions& o, const StoreEventsOutcome& e) {
  if (!o.inputs.events.empty())
    std::printf(
        "store events: %llu rows on %llu members (%llu not among the customers); %llu noted sales "
        "counted, %llu already on the till, %llu items of unknown category\n",
        static_cast<unsigned long long>(e.rows), static_cast<unsigned long long>(e.members),
        static_cast<unsigned long long>(e.unknown_members), static_cast<unsigned long long>(e.sold_counted),
        static_cast<unsigned long long>(e.sold_on_till), static_cast<unsigned long long>(e.items_unresolved));
  if (!o.inputs.erased.empty())
    std::printf("erased: %llu customers left out\n", static_cast<unsigned long long>(e.erased));
  if (!o.inputs.withdrawn.empty())
    std::printf("consent withdrawn: the listed members' profiles say consent false\n");
}

}  // namespace

int run_build(const std::vector<std::string>& args) {
  auto flags = parse_flags(args, {"--customers",      "--purchases",    "--products",  "--sessions",
                                  "--members",        "--store-zones",  "--weather",   "--holidays",
                                  "--survey",         "--stores",       "--store",     "--shard",
                                  "--deployment-key", "--as-of",        "--version",   "--columns",
                                  "--threads",        "--out",          "--exposures", "--campaign-purchases",
                                  "--events",         "--erased",       "--withdrawn", "--part",
                                  "--memory-budget",  "--fit-customers"},
                           {"--skip-bad-rows", "--learn-weights"});
  if (!flags) return 2;
  auto& f = *flags;
  for (const char* required : {"--customers", "--purchases", "--products", "--out"})
    if (!f.count(required)) {
      std::fprintf(stderr, "missing %s\nusage: smartstore-models %s\n", required, build_usage().c_str());
      return 2;
    }
  BatchOptions o;
  Split split;
  if (!parse_inputs(f, o) || !parse_stores(f, o) || !parse_run(f, o) || !parse_split(f, o, split)) return 2;
  if (isatty(STDERR_FILENO)) {
    o.progress = [](const std::string& stage, double x) {
      std::fprintf(stderr, "\r[%3.0f%%] %-40s", x * 100.0, stage.c_str());
      if (x >= 1.0) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    };
  }
  const auto r = split.part ? run_batch_part(o, *split.part) : run_budget_batch(o, split.budget);
  if (!r) {
    std::fprintf(stderr, "\nbuild: %s\n", r.error().message().c_str());
    return 1;
  }
  if (split.part) {
    std::printf(
        "part %u/%u: %llu customers, %llu purchases; merge with: smartstore-models merge --parts %u --out "
        "%s\n",
        split.part->index, split.part->count, static_cast<unsigned long long>(r->customers),
        static_cast<unsigned long long>(r->purchases), split.part->count, o.out_dir.c_str());
    return 0;
  }
  print_result(*r);
  print_store_events(o, r->store_events);
  return 0;
}

int run_merge(const std::vector<std::string>& args) {
  auto flags = parse_flags(args,
                           {"--parts", "--out", "--exposures", "--purchases", "--campaign-purchases",
                            "--members", "--deployment-key", "--erased", "--threads"},
                           {});
  if (!flags) return 2;
  auto& f = *flags;
  const long long parts = f.count("--parts") ? std::atoll(f["--parts"].c_str()) : 0;
  if (parts < 1 || parts > 65536 || !f.count("--out") ||
      (f.count("--exposures") && !f.count("--purchases"))) {
    std::fprintf(stderr, "usage: smartstore-models %s\n", merge_usage().c_str());
    return 2;
  }
  // The uplift report needs every customer: the parts cannot make it, the merge does.
  BatchOptions o;
  if (!parse_inputs(f, o) || (f.count("--exposures") && !parse_run(f, o))) return 2;
  const auto r = merge_batch_parts_with_uplift(o, static_cast<std::uint32_t>(parts));
  if (!r) {
    std::fprintf(stderr, "merge: %s\n", r.error().message().c_str());
    return 1;
  }
  print_result(*r);
  if (!o.inputs.exposures.empty()) std::printf("uplift: %s\n", (o.out_dir / "uplift.json").c_str());
  return 0;
}

}  // namespace smartstore::models::cli
