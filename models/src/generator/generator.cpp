// Writes the demo data set. Customers are generated independently from a
// per-customer PRNG stream (seed, index), so output does not depend on
// thread scheduling and a customer's rows are the same for any N above it.
#include "smartstore/models/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <system_error>
#include <vector>

#include "csv_out.h"
#include "customer_draw.h"
#include "demo_catalog.h"
#include "demo_weather.h"
#include "new_members.h"
#include "product_catalog.h"
#include "purchase_scale.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/private_file.h"
#include "store_days.h"

namespace smartstore::models {
namespace {

using gen::Catalog;
using gen::CsvOut;
using gen::CustomerDraw;
using gen::Line;
using gen::PurchaseScale;
using gen::Session;

constexpr std::int64_t kLpayTrialAmount = 100;

void write_date(CsvOut& out, std::int64_t day) {
  const auto c = civil_from_days(static_cast<DayNumber>(day));
  out.num(c.year).padded(c.month, 2).padded(c.day, 2);
}

struct Files {
  CsvOut customers, purchases, sessions, members;
  explicit Files(const std::filesystem::path& dir)
      : customers(dir / "customers.csv"),
        purchases(dir / "purchases.csv"),
        sessions(dir / "sessions.csv"),
        members(dir / "members.csv") {}
};

struct Counts {
  std::int64_t purchases = 0;
  std::int64_t sessions = 0;
};

// Writes one customer. `want` >= 0 asks for that many purchase lines (see
// fit_line_count); < 0 writes the drawn ones.
void write_customer(Files& f, Counts& counts, std::int64_t index, CustomerDraw& d, const Catalog& catalog,
                    std::int64_t want) {
  const gen::DemoCustomer& who = d.who;
  const std::string cust = demo_customer_id(index);
  f.customers.text(cust).ch(',').text(who.female ? "여성" : "남성").ch(',').num(who.age_band).text("대,");
  f.customers.text(gen::demo_zones()[static_cast<std::size_t>(who.zone)]).ch('\n');
  f.members.text(demo_card_number(index)).ch(',').text(cust).ch('\n');
  if (d.trial_hour >= 0) {
    f.purchases.text(cust).ch(',').num(index * 1000 + 1).text(",2,LPAY,,").text("P99999").ch(',');
    write_date(f.purchases, d.win.first);
    f.purchases.ch(',').num(d.trial_hour).ch(',').num(kLpayTrialAmount).text(",1\n");
    ++counts.purchases;
  }
  if (want >= 0)
    gen::fit_line_count(d.rng, who, catalog, d.lines, d.per_visit,
                        std::max<std::int64_t>(want - (d.trial_hour >= 0 ? 1 : 0), 0));
  for (const Line& l : d.lines) {
    f.purchases.text(cust)
        .ch(',')
        .num(l.receipt)
        .ch(',')
        .num(l.online ? 2 : 1)
        .ch(',')
        .text(l.dept ? "A01" : "A02")
        .ch(',');
    if (!l.online) f.purchases.ch('S').padded(l.store + 1, 3);
    f.purchases.ch(',').ch('P').padded(l.product, 5).ch(',');
    write_date(f.purchases, l.day);
    f.purchases.ch(',').num(l.hour).ch(',').num(l.amount).ch(',').num(l.qty).ch('\n');
  }
  counts.purchases += static_cast<std::int64_t>(d.lines.size());
  for (const Session& x : d.sessions) {
    f.sessions.text(cust).ch(',').num(x.id).ch(',');
    write_date(f.sessions, x.day);
    f.sessions.ch(',').num(x.pages).ch(',').num(x.secs).ch(',').num(x.searches).ch('\n');
  }
  counts.sessions += static_cast<std::int64_t>(d.sessions.size());
}

bool write_products(const std::filesystem::path& file, const Catalog& catalog) {
  CsvOut out(file);
  const auto cats = gen::demo_categories();
  out.text("pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\n");
  for (std::size_t i = 0; i < catalog.products.size(); ++i) {
    const auto& p = catalog.products[i];
    const auto& c = cats[static_cast<std::size_t>(p.category)];
    const auto mid = c.mids[static_cast<std::size_t>(p.mid)];
    out.ch('P').padded(static_cast<std::int64_t>(i), 5).ch(',').text(mid).ch(' ').num(p.price).text("원,");
    out.text(mid).ch(',').text(c.name).ch('\n');
  }
  out.text("P99999,엘페이 100원 딜 응모권,모바일상품권,상품권\n");
  return out.close();
}

Status check_options(const GeneratorOptions& options) {
  auto bad = [](std::string message) -> Status {
    return fail(ErrorKind::invalid_input, std::move(message), "models");
  };
  if (options.customers < 1 || options.customers >= 1000000000)
    return bad("--customers must be between 1 and 999999999");
  if (options.days < 1 || options.days > 3650) return bad("--days must be between 1 and 3650");
  if (options.stores < 1 || options.stores > 999) return bad("--stores must be between 1 and 999");
  if (options.purchases < 0 || options.purchases > 1000000000000LL)
    return bad("--purchases must be between 0 (as drawn) and 10^12");
  return ok();
}

// stores.csv: stores go to the most populated zones first. Returns the store
// of each zone (-1 without one).
Result<std::vector<int>> write_stores(const std::filesystem::path& out_dir, int store_count) {
  const auto zones = gen::demo_zones();
  const auto weights = gen::demo_zone_weights();
  std::vector<int> zone_order(zones.size());
  for (std::size_t i = 0; i < zone_order.size(); ++i) zone_order[i] = static_cast<int>(i);
  std::stable_sort(zone_order.begin(), zone_order.end(), [&](int a, int b) {
    return weights[static_cast<std::size_t>(a)] > weights[static_cast<std::size_t>(b)];
  });
  std::vector<int> zone_stores(zones.size(), -1);
  CsvOut stores(out_dir / "stores.csv");
  stores.text("br_c,zon_hlv\n");
  for (int s = 0; s < store_count; ++s) {
    const int z = zone_order[static_cast<std::size_t>(s) % zone_order.size()];
    if (zone_stores[static_cast<std::size_t>(z)] < 0) zone_stores[static_cast<std::size_t>(z)] = s;
    stores.ch('S').padded(s + 1, 3).ch(',').text(zones[static_cast<std::size_t>(z)]).ch('\n');
  }
  if (!stores.close()) return fail(ErrorKind::storage_io, "cannot write stores.csv", "models");
  return zone_stores;
}

// With a target, a first pass counts the drawn lines (and the floor of one
// per visit); each customer then brings the total to its point on
// PurchaseScale's map, so the last one lands on the target exactly.
template <class Draw>
Result<PurchaseScale> plan_scale(const GeneratorOptions& options, const Draw& draw) {
  if (options.purchases <= 0) return PurchaseScale{};
  std::int64_t drawn = 0, floor = 0;
  for (std::int64_t i = 0; i < options.customers; ++i) {
    const CustomerDraw d = draw(i);
    drawn += d.line_count();
    floor += d.line_floor();
  }
  PurchaseScale scale(options.purchases, drawn, floor);
  if (!scale.reachable())
    return fail(ErrorKind::invalid_input,
                "--purchases " + std::to_string(options.purchases) + " cannot be met: the drawn " +
                    std::to_string(floor) + " visits need a line each",
                "models");
  return scale;
}

// customers.csv, purchases.csv, sessions.csv and members.csv, customer by
// customer.
Result<Counts> write_customers(const std::filesystem::path& out_dir, const GeneratorOptions& options,
                               const Catalog& catalog, const std::vector<int>& zone_stores,
                               std::int64_t start, std::int64_t end, gen::StoreDaysSimulation* store_days) {
  Files files(out_dir);
  files.customers.text("cust,ma_fem_dv,ages,zon_hlv\n");
  files.purchases.text("cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n");
  files.sessions.text("cust,sess_id,sess_dt,tot_pag_view_ct,tot_sess_hr_v,search_cnt\n");
  files.members.text("card_no,cust\n");
  Counts counts;
  const auto draw = [&](std::int64_t i) {
    return gen::draw_customer_purchases(i, options.seed, catalog, zone_stores, options.stores, start, end,
                                        options.write_sessions);
  };
  const auto scale = plan_scale(options, draw);
  if (!scale) return scale.error();
  std::int64_t drawn_so_far = 0, floor_so_far = 0;
  for (std::int64_t i = 0; i < options.customers; ++i) {
    CustomerDraw d = draw(i);
    drawn_so_far += d.line_count();
    floor_so_far += d.line_floor();
    const std::int64_t want =
        scale->active() ? scale->lines_up_to(drawn_so_far, floor_so_far) - counts.purchases : -1;
    write_customer(files, counts, i, d, catalog, want);
    if (store_days != nullptr) store_days->add(i, d);
  }
  // Every file is closed even when an earlier close failed.
  bool closed = files.customers.close();
  closed = files.purchases.close() && closed;
  closed = files.sessions.close() && closed;
  closed = files.members.close() && closed;
  if (!closed)
    return fail(ErrorKind::storage_io, "cannot write the CSV files in " + out_dir.string(), "models");
  return counts;
}

}  // namespace

std::string demo_customer_id(std::int64_t index) {
  // A bijection on 0..10^9-1 (3^18 is coprime to 10^9): ids look scattered like
  // the real data's while staying unique.
  const auto v = (static_cast<std::uint64_t>(index) * 387420489ULL + 271828182ULL) % 1000000000ULL;
  std::string s = "M000000000";
  auto digits = std::to_string(v);
  s.replace(s.size() - digits.size(), digits.size(), digits);
  return s;
}

std::string demo_card_number(std::int64_t index) {
  const auto v =
      (static_cast<std::uint64_t>(index) * 31381059609ULL + 14142135623ULL) % 100000000000ULL;  // 3^22
  std::string body = "871000000000000";
  auto digits = std::to_string(v);
  body.replace(body.size() - digits.size(), digits.size(), digits);
  return body + luhn_digit(body);
}

Result<GeneratedCounts> generate_demo_data(const GeneratorOptions& options,
                                           const std::filesystem::path& out_dir) {
  if (auto checked = check_options(options); !checked) return checked.error();
  const auto end = parse_date(options.end_date);
  if (!end)
    return fail(ErrorKind::invalid_input,
                "end date '" + options.end_date + "' is not a valid YYYY-MM-DD date", "models");
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec)
    return fail(ErrorKind::storage_io, "cannot create " + out_dir.string() + ": " + ec.message(), "models");
  const std::int64_t start = *end - options.days + 1;
  const Catalog catalog = gen::build_catalog(options.seed);

  const auto zone_stores = write_stores(out_dir, options.stores);
  if (!write_products(out_dir / "products.csv", catalog))
    return fail(ErrorKind::storage_io, "cannot write products.csv", "models");
  if (!gen::write_catalog_json(out_dir / "catalog.json", catalog))
    return fail(ErrorKind::storage_io, "cannot write catalog.json", "models");
  if (!zone_stores) return zone_stores.error();
  std::unique_ptr<gen::StoreDaysSimulation> store_days;
  if (options.campaigns.simulate) {
    auto opened = gen::StoreDaysSimulation::open(options.campaigns, out_dir, options.seed, *end, catalog);
    if (!opened) return opened.error();
    store_days = std::move(*opened);
  }
  const auto counts = write_customers(out_dir, options, catalog, *zone_stores, start, *end, store_days.get());
  if (store_days) {
    if (auto closed = store_days->close(); !closed) return closed.error();
  }
  if (!counts) return counts.error();
  if (!options.write_sessions) std::filesystem::remove(out_dir / "sessions.csv", ec);
  if (options.new_members > 0) {
    if (auto added = gen::append_new_members(out_dir, options.customers, options.new_members, options.seed,
                                             *zone_stores, options.stores);
        !added)
      return added.error();
  }
  // The weather of the history and, standing in for KMA's forecast, of the
  // four weeks the batch's demand outlook looks ahead.
  if (auto written = write_private_file(
          out_dir / "weather.csv", asos_daily_csv(gen::demo_weather_days(start, *end + 28), "108", "서울"));
      !written)
    return written.error();
  if (options.purchases > 0 && counts->purchases != options.purchases)  // a bug in the scale if ever seen
    return fail(ErrorKind::internal,
                "--purchases " + std::to_string(options.purchases) +
                    " missed: " + std::to_string(counts->purchases) + " lines written",
                "models");
  GeneratedCounts result;
  result.customers = options.customers;
  result.purchases = counts->purchases;
  result.sessions = counts->sessions;
  result.products = static_cast<std::int64_t>(catalog.products.size()) + 1;
  result.stores = options.stores;
  if (store_days) {
    result.exposures = store_days->exposures();
    result.campaign_purchases = store_days->purchases();
  }
  return result;
}

}  // namespace smartstore::models
