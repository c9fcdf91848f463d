// The report of a sharded batch. Each part writes its sums (report_sums.h)
// and what the fit pass gave it (fits, forecasts, rules, the identical in
// every part); the merge adds the sums up and writes report.html and
// summary.json as the in-memory batch would. The dip audiences' listed
// member keys carry each member's place in the whole batch's order, so the
// merge lists the same first ones.
#include <algorithm>
#include <fstream>

#include "../predictive/batch_predictions.h"
#include "batch_output.h"
#include "batch_run.h"
#include "report_sums.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/uplift_inputs.h"

namespace smartstore::models::batch {
namespace {

using nlohmann::json;

// What a sharded run's report cannot say as the in-memory batch does, in the
// report itself: with --skip-bad-rows, which rows were skipped.
constexpr const char* kSkippedNote = "sharded run: skipped rows not as in memory";

std::filesystem::path part_report(const std::filesystem::path& out_dir, std::uint32_t part) {
  return part_file(out_dir, part, ".report.json");
}

json forecasts_json(const ReportData& d) {
  auto j = json::array();
  for (const auto& f : d.forecasts)
    j.push_back({{"category", f.category},
                 {"first_day", f.first_day},
                 {"actual", f.actual},
                 {"forecast", f.forecast},
                 {"dip_days", f.dip_days},
                 {"dip_index", f.dip_index},
                 {"reference", f.reference},
                 {"drop", f.drop}});
  return j;
}

std::vector<ForecastSeries> forecasts_from(const json& j) {
  std::vector<ForecastSeries> v;
  for (const auto& f : j) {
    ForecastSeries s;
    f.at("category").get_to(s.category);
    f.at("first_day").get_to(s.first_day);
    f.at("actual").get_to(s.actual);
    f.at("forecast").get_to(s.forecast);
    f.at("dip_days").get_to(s.dip_days);
    f.at("dip_index").get_to(s.dip_index);
    f.at("reference").get_to(s.reference);
    f.at("drop").get_to(s.drop);
    v.push_back(std::move(s));
  }
  return v;
}

json days_json(const ReportData& d) {
  auto j = json::array();
  for (const auto& f : d.forecast_days)
    j.push_back({f.date, f.holiday, f.weather, f.mean_c, f.humidity_pct, f.precipitation_mm, f.discomfort});
  return j;
}

std::vector<ForecastDay> days_from(const json& j) {
  std::vector<ForecastDay> v;
  for (const auto& f : j)
    v.push_back({f.at(0).get<std::string>(), f.at(1).get<std::string>(), f.at(2).get<bool>(),
                 f.at(3).get<double>(), f.at(4).get<double>(), f.at(5).get<double>(), f.at(6).get<double>()});
  return v;
}

// Each audience with its listed members' places in the snapshot order
// (customer_order_key of the member's customer).
json audiences_json(const ReportData& d, const Facts& facts, const std::vector<std::string>& keys) {
  std::unordered_map<std::string_view, std::uint64_t> place;
  for (const auto& a : d.dip_audiences)
    for (const auto& k : a.member_keys) place.emplace(k, 0);
  for (std::size_t c = 0; c < keys.size() && c < facts.n && !place.empty(); ++c)
    if (auto it = place.find(keys[c]); it != place.end()) it->second = customer_order_key(facts.cust[c]);
  auto j = json::array();
  for (const auto& a : d.dip_audiences) {
    auto listed = json::array();
    for (const auto& k : a.member_keys) listed.push_back({place[k], k});
    j.push_back({{"category", a.category},
                 {"dip_days", a.dip_days},
                 {"customers", a.customers},
                 {"per_store", a.per_store},
                 {"listed", listed}});
  }
  return j;
}

// Adds a part's audiences: counts summed, stores in the order first met,
// the members listed first in the whole batch's order.
void add_audiences(const json& part, ReportData& d,
                   std::vector<std::vector<std::pair<std::uint64_t, std::string>>>& listed) {
  const bool first = d.dip_audiences.empty() && listed.empty();
  for (std::size_t i = 0; i < part.size(); ++i) {
    const auto& a = part.at(i);
    if (first) {
      DipAudience fresh;
      a.at("category").get_to(fresh.category);
      a.at("dip_days").get_to(fresh.dip_days);
      d.dip_audiences.push_back(std::move(fresh));
      listed.emplace_back();
    }
    auto& into = d.dip_audiences.at(i);
    into.customers += a.at("customers").get<std::int64_t>();
    for (const auto& entry : a.at("per_store").get<std::vector<std::pair<std::string, std::int64_t>>>()) {
      auto it = std::find_if(into.per_store.begin(), into.per_store.end(),
                             [&](const auto& s) { return s.first == entry.first; });
      if (it == into.per_store.end())
        into.per_store.push_back(entry);
      else
        it->second += entry.second;
    }
    for (const auto& l : a.at("listed"))
      listed[i].emplace_back(l.at(0).get<std::uint64_t>(), l.at(1).get<std::string>());
  }
}

}  // namespace

Status write_part_report(const std::filesystem::path& out_dir, const PartTarget& part,
                         const PartReportInputs& in) {
  ReportData d = make_report_data(in.tables, in.facts, in.scores, BatchResult{});
  add_outlook_to_report(d, in.predictions, in.facts, in.scores, in.keys);
  add_forecast_days_to_report(d, in.conditions, in.facts.as_of);
  const json j = {{"sums", sums_to_json(report_sums(in.tables, in.facts, in.scores))},
                  {"fits", fit_summary(in.scores, in.options)},
                  {"as_of", d.as_of},
                  {"chosen_k", d.chosen_k},
                  {"silhouettes", d.silhouettes},
                  {"parameters", d.parameters},
                  {"forecasts", forecasts_json(d)},
                  {"forecast_days", days_json(d)},
                  {"audiences", audiences_json(d, in.facts, in.keys)},
                  {"stores", in.facts.stores},
                  {"prediction_notes", d.prediction_notes},
                  {"skipped_rows", d.skipped_rows},
                  {"skipped_total", d.skipped_total},
                  {"skip_bad_rows", in.options.skip_bad_rows}};
  if (auto written = write_private_file(part_report(out_dir, part.index), j.dump()); !written) return written;
  return write_part_campaigns(out_dir, part, in.facts, in.scores, in.predictions, in.keys);
}

// The parts' reports as one report and the summary's fit fields.
Result<MergedReport> read_part_reports(const std::filesystem::path& out_dir, std::uint32_t count) {
  MergedReport merged;
  ReportData& d = merged.report;
  json& fits = merged.fits;
  ReportSums sums;
  bool skipping = false;
  std::vector<std::vector<std::pair<std::uint64_t, std::string>>> listed;
  std::vector<std::string> stores;  // part 0's, which every part shares
  for (std::uint32_t p = 0; p < count; ++p) {
    const auto file = part_report(out_dir, p);
    std::ifstream in(file);
    const auto j = json::parse(in, nullptr, false);
    if (!in || j.is_discarded())
      return fail(ErrorKind::invalid_input, file.string() + ": not the report of a part of this run",
                  "models");
    try {
      auto part = sums_from_json(j.at("sums"));
      if (p == 0) {
        sums = std::move(part);
        fits = j.at("fits");
        j.at("as_of").get_to(d.as_of);
        j.at("chosen_k").get_to(d.chosen_k);
        j.at("silhouettes").get_to(d.silhouettes);
        j.at("parameters").get_to(d.parameters);
        d.forecasts = forecasts_from(j.at("forecasts"));
        d.forecast_days = days_from(j.at("forecast_days"));
        j.at("prediction_notes").get_to(d.prediction_notes);
        skipping = j.value("skip_bad_rows", false);
        j.at("stores").get_to(stores);
      } else if (auto added = add_sums(sums, part); !added) {
        return fail(ErrorKind::invalid_input, file.string() + ": " + added.error().message(), "models");
      }
      add_audiences(j.at("audiences"), d, listed);
      for (const auto& r : j.at("skipped_rows")) d.skipped_rows.push_back(r.get<std::string>());
      d.skipped_total += j.at("skipped_total").get<std::int64_t>();
    } catch (const json::exception& e) {
      return fail(ErrorKind::invalid_input, file.string() + ": " + e.what(), "models");
    }
  }
  finish_sums(sums, d);
  if (skipping) {
    const std::string why =
        "the split drops a row without a customer id uncounted; the rows listed name a part's split file and "
        "line, not the input's";
    d.parameters.emplace_back(kSkippedNote, why);
    fits["not_as_in_memory"]["skipped_rows"] = why;
  }
  for (auto& [name, value] : d.parameters)
    if (name == kPlacedRow) value = std::to_string(sums.classifier_placed);
  if (fits.contains("segment_classifier"))
    fits["segment_classifier"]["placed_members"] = sums.classifier_placed;
  auto place_of = [&](const std::string& store) {
    return std::find(stores.begin(), stores.end(), store) - stores.begin();
  };
  for (std::size_t a = 0; a < listed.size(); ++a) {
    // Stores as the in-memory batch lists them (its store order), not as first met.
    std::stable_sort(d.dip_audiences[a].per_store.begin(), d.dip_audiences[a].per_store.end(),
                     [&](const auto& x, const auto& y) { return place_of(x.first) < place_of(y.first); });
    std::sort(listed[a].begin(), listed[a].end());
    for (std::size_t i = 0; i < listed[a].size() && i < kListedKeys; ++i)
      d.dip_audiences[a].member_keys.push_back(listed[a][i].second);
  }
  return merged;
}

Status write_merged_report(const std::filesystem::path& out_dir, MergedReport merged, BatchResult& result) {
  ReportData& d = merged.report;
  auto uplift = take_staged_uplift_section(out_dir);  // the merge's own, over the whole inputs
  if (!uplift) return uplift.error();
  d.uplift_section = std::move(*uplift);
  d.version = result.version;
  for (const auto& snap : result.snapshots)
    d.store_records.emplace_back(snap.store, static_cast<std::int64_t>(snap.records));
  result.report_html = out_dir / "report.html";
  result.summary_json = out_dir / "summary.json";
  if (auto written = write_private_file(result.report_html, render_html_report(d)); !written) return written;
  return write_private_file(result.summary_json, summary_json(d, std::move(merged.fits), result, {}));
}

}  // namespace smartstore::models::batch
