// smartstore-hq nightly: check -> export -> batch -> publish, each step done
// once per input (work/nightly-state.json says what was built and sent).
#include "smartstore/sync/nightly.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hq/file_bytes.h"
#include "hq/nightly_steps.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/batch_campaigns.h"
#include "smartstore/sync/consent.h"
#include "smartstore/sync/exposure_export.h"
#include "smartstore/sync/store_events_export.h"

namespace smartstore::sync {
namespace {

namespace fs = std::filesystem;
constexpr const char* kOrigin = "hq nightly";

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), kOrigin);
}

Status check_options(const NightlyOptions& o) {
  if (o.db.empty()) return invalid("--db: missing");
  if (!parse_date(o.day)) return invalid("--day: expected YYYY-MM-DD, found '" + o.day + "'");
  if (o.stores.empty()) return invalid("--store: name at least one store");
  for (const char* f : {"customers.csv", "purchases.csv", "products.csv"})
    if (!fs::exists(o.exports / f)) return invalid("--exports: no " + (o.exports / f).string());
  if (o.work.empty()) return invalid("--work: missing");
  return ok();
}

// The day-close check: which of our stores closed the day, and what HQ still lacks.
Status check_day(const NightlyOptions& o, NightlyReport& r) {
  auto day = build_report(o.db, o.day);
  if (!day) return day.error();
  r.day = std::move(*day);
  for (const auto& id : o.stores) {
    auto it = std::find_if(r.day.stores.begin(), r.day.stores.end(),
                           [&](const StoreDayReport& s) { return s.store_id == id; });
    if (it == r.day.stores.end() || !it->day_closed) r.not_closed.push_back(id);
    if (it != r.day.stores.end()) r.gaps += it->gaps;
  }
  return ok();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// store-events and the erasure list, then the batch unless its inputs are
// those it was last built from.
Status build(const NightlyOptions& o, NightlyReport& r, detail::NightlyState& state,
             const fs::path& state_file) {
  const fs::path events = r.run_dir / "events.csv", erased = r.run_dir / "erased.txt",
                 withdrawn = r.run_dir / "withdrawn.txt", exposures = r.run_dir / "exposures.csv";
  if (auto exported = export_store_events(o.db, events); !exported) return exported.error();
  auto listed = export_erasures(o.db, erased);
  if (!listed) return listed.error();
  r.erased_members = *listed;
  auto withdrawals = export_consent_withdrawals(o.db, withdrawn);
  if (!withdrawals) return withdrawals.error();
  r.consent_withdrawn = *withdrawals;
  // The kiosks' coupon issues and hold-outs: with any, the batch's report
  // says whether the coupons paid (the uplift section and uplift.json).
  auto exposed = export_exposures(o.db, exposures);
  if (!exposed) return exposed.error();
  r.exposures = exposed->issued + exposed->held_out;
  // The exports beyond the three tables, each passed to the batch when present.
  const std::vector<std::pair<const char*, const char*>> optional = {{"members.csv", "--members"},
                                                                     {"sessions.csv", "--sessions"},
                                                                     {"stores.csv", "--store-zones"},
                                                                     {"weather.csv", "--weather"},
                                                                     {"survey.csv", "--survey"}};
  std::vector<fs::path> inputs;
  for (const char* f : {"customers.csv", "purchases.csv", "products.csv"}) inputs.push_back(o.exports / f);
  for (const auto& [f, flag] : optional) inputs.push_back(o.exports / f);
  inputs.insert(inputs.end(), {events, erased, withdrawn, exposures, o.deployment_key});
  auto fp = detail::fingerprint(inputs);
  if (!fp) return fp.error();
  const std::string wanted =
      *fp + " " + joined(o.stores) + (o.memory_budget.empty() ? "" : " budget " + o.memory_budget);
  const fs::path out = r.run_dir / "batch";
  if (state.inputs_by_day[o.day] == wanted && fs::exists(out / "snapshots")) return ok();
  std::vector<std::string> args = {"build",
                                   "--customers",
                                   (o.exports / "customers.csv").string(),
                                   "--purchases",
                                   (o.exports / "purchases.csv").string(),
                                   "--products",
                                   (o.exports / "products.csv").string(),
                                   "--store",
                                   joined(o.stores),
                                   "--events",
                                   events.string(),
                                   "--erased",
                                   erased.string(),
                                   "--withdrawn",
                                   withdrawn.string(),
                                   "--out",
                                   out.string()};
  for (const auto& [f, flag] : optional)
    if (fs::exists(o.exports / f)) args.insert(args.end(), {flag, (o.exports / f).string()});
  if (r.exposures > 0) args.insert(args.end(), {"--exposures", exposures.string()});
  // A night whose till data did not move (the same as-of day) but whose store
  // events did must still reach the kiosks, which apply newer versions only:
  // the version is the closed day's, and above any version already sent.
  const CivilDate d = civil_from_days(*parse_date(o.day));
  std::int64_t version =
      ((std::int64_t{d.year} * 100 + std::int64_t{d.month}) * 100 + std::int64_t{d.day}) * 10000 + 2359;
  for (const auto& [store, sent] : state.sent_version) version = std::max(version, sent + 1);
  args.insert(args.end(), {"--version", std::to_string(version)});
  if (!o.deployment_key.empty()) args.insert(args.end(), {"--deployment-key", o.deployment_key.string()});
  if (!o.memory_budget.empty()) args.insert(args.end(), {"--memory-budget", o.memory_budget});
  if (auto s = detail::run_program(o.models_program, args); !s) return s;
  r.rebuilt = true;
  state.inputs_by_day[o.day] = wanted;
  return detail::save_nightly_state(state_file, state);
}

Status publish_snapshots(const NightlyOptions& o, NightlyReport& r, detail::NightlyState& state,
                         const fs::path& state_file) {
  for (const auto& id : o.stores) {
    const fs::path dir = r.run_dir / "batch" / "snapshots" / id;
    auto m = models::verify_snapshot_dir(dir);
    if (!m) return m.error();
    if (state.sent_version.count(id) && state.sent_version[id] >= m->version) {
      ++r.snapshots_already_sent;
      continue;
    }
    if (o.broker.uri.empty()) continue;
    // A delta against what the store acknowledged when smaller (HQ's store keeps what it diffs against).
    auto sent = publish_store_snapshot(o.broker, id, dir, {o.db, false, o.signing_key_file});
    if (!sent) return sent.error();
    r.published.emplace_back(id, m->version);
    if (sent->kind == SnapshotPublication::Kind::delta) r.deltas.push_back(id);
    state.sent_version[id] = m->version;
    if (auto saved = detail::save_nightly_state(state_file, state); !saved) return saved;
  }
  return ok();
}

// One document to every store unless the same went to the same stores last time.
Result<bool> publish_once(const NightlyOptions& o, const std::string& type, const std::string& body,
                          std::string& sent_sha, std::vector<std::string>& sent_to) {
  const std::string sha = models::sha256_hex(body);
  if (o.broker.uri.empty() || (sha == sent_sha && sent_to == o.stores)) return false;
  std::vector<StoreDocument> docs;
  for (const auto& id : o.stores) docs.push_back({id, body});
  if (auto sent = publish_documents(o.broker, type, docs, o.signing_key_file); !sent) return sent.error();
  sent_sha = sha;
  sent_to = o.stores;
  return true;
}

Status publish_documents_of_day(const NightlyOptions& o, NightlyReport& r, detail::NightlyState& state,
                                const fs::path& state_file) {
  if (!o.catalog.empty()) {
    auto text = detail::read_file_bytes(o.catalog);
    auto doc = nlohmann::json::parse(text ? *text : std::string(), nullptr, false);
    if (!text || doc.is_discarded())
      return invalid("--catalog: " + o.catalog.string() + " is not readable JSON");
    auto sent = publish_once(o, "catalog", nlohmann::json{{"catalog", doc}}.dump(), state.catalog_sent,
                             state.catalog_stores);
    if (!sent) return sent.error();
    r.catalog_sent = *sent;
  }
  if (o.campaigns_from_batch) {
    auto body = campaigns_from_batch({r.run_dir / "batch", {}, o.day, 0, -1});
    if (!body) return body.error();
    auto sent = publish_once(o, "campaigns", *body, state.campaigns_sent, state.campaign_stores);
    if (!sent) return sent.error();
    r.campaigns_sent = *sent;
  }
  return detail::save_nightly_state(state_file, state);
}

// <work>/snapshots -> <day>/batch/snapshots, swapped in one rename: ingest's
// --snapshots answers chunk requests from the snapshots just built.
Status point_current(const NightlyOptions& o) {
  const fs::path link = o.work / "snapshots", next = o.work / "snapshots.next";
  std::error_code ec;
  fs::remove(next, ec);
  fs::create_directory_symlink(fs::path(o.day) / "batch" / "snapshots", next, ec);
  if (!ec) fs::rename(next, link, ec);
  if (ec)
    return fail(ErrorKind::storage_io,
                "cannot point " + link.string() + " at the new snapshots: " + ec.message(), kOrigin);
  return ok();
}

}  // namespace

Result<NightlyReport> run_nightly(const NightlyOptions& o) {
  if (auto checked = check_options(o); !checked) return checked.error();
  NightlyReport r;
  r.run_dir = o.work / o.day;
  std::error_code ec;
  fs::create_directories(r.run_dir, ec);
  if (ec)
    return fail(ErrorKind::storage_io, "cannot create " + r.run_dir.string() + ": " + ec.message(), kOrigin);
  const fs::path state_file = o.work / "nightly-state.json";
  auto state = detail::load_nightly_state(state_file);
  if (!state) return state.error();
  if (auto s = check_day(o, r); !s) return s.error();
  if (auto s = build(o, r, *state, state_file); !s) return s.error();
  if (auto s = point_current(o); !s) return s.error();
  if (auto s = publish_snapshots(o, r, *state, state_file); !s) return s.error();
  auto erasures = send_unconfirmed_erasures({o.db, o.broker, o.signing_key_file});
  if (!erasures) return erasures.error();
  r.erasures = *erasures;
  if (auto s = publish_documents_of_day(o, r, *state, state_file); !s) return s.error();
  return r;
}

std::string nightly_summary(const NightlyReport& r) {
  std::ostringstream out;
  out << "nightly " << r.day.day << " in " << r.run_dir.string() << "\n";
  out << "  day-close: "
      << (r.not_closed.empty() ? "every store closed" : "not closed: " + joined(r.not_closed)) << "; "
      << r.gaps << " events still missing at HQ"
      << (r.not_closed.empty() ? "" : " (their events count in the next night's batch)") << "\n";
  out << "  erasure list: " << r.erased_members << " members left out of the batch; "
      << r.erasures.members_sent << " erasures sent again to " << r.erasures.stores_sent
      << " stores that had not confirmed\n";
  out << "  consent withdrawn: " << r.consent_withdrawn << " members, consent false in their profiles\n";
  out << "  coupon exposures: " << r.exposures
      << (r.exposures > 0 ? " issued or held out, the report's uplift section made from them\n"
                          : " (no campaign coupons yet: no uplift section)\n");
  out << "  batch: " << (r.rebuilt ? "built" : "inputs unchanged, not rebuilt") << "\n";
  out << "  snapshots: " << r.published.size() << " sent";
  for (const auto& [store, version] : r.published)
    out << " " << store << "@" << version
        << (std::find(r.deltas.begin(), r.deltas.end(), store) != r.deltas.end() ? " (delta)" : "");
  out << ", " << r.snapshots_already_sent << " already sent\n";
  out << "  catalog: " << (r.catalog_sent ? "sent" : "unchanged or none")
      << "; campaigns: " << (r.campaigns_sent ? "sent" : "unchanged") << "\n";
  return out.str();
}

}  // namespace smartstore::sync
